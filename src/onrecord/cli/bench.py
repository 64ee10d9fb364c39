"""`bench`: how fast the pipeline runs, end to end or one stage, on a deterministic synthetic corpus."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from onrecord.cli.app import JsonOption, app, console, err, print_json

STAGES = ("all", "clean")


@app.command()
def bench(
    stage: Annotated[
        str, typer.Option("--stage", help=f"What to time: {', '.join(STAGES)} (all = the whole pipeline).")
    ] = "all",
    articles: Annotated[int, typer.Option("--articles", "-n", min=1, help="Articles in the synthetic corpus.")] = 1000,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=0, help="Worker processes (0 = every core).")] = 0,
    seed_dir: Annotated[
        str, typer.Option("--from", help="Seed corpus the synthetic articles are recombined from.")
    ] = "samples/corpus",
    seed: Annotated[int, typer.Option("--seed", help="Random seed: the same seed gives the same corpus.")] = 0,
    corpus: Annotated[
        str | None, typer.Option("--corpus", help="Take this folder of articles instead of a synthetic corpus.")
    ] = None,
    peer: Annotated[
        str | None, typer.Option("--peer", help="Also time a peer system on the same cleaned texts: textacy.")
    ] = None,
    keep: Annotated[str | None, typer.Option("--keep", help="Keep the built store at this (new) path.")] = None,
    gold: Annotated[
        list[str] | None,
        typer.Option("--gold", help="Gold files to score the same build on (default: the shared gold, if present)."),
    ] = None,
    no_eval: Annotated[bool, typer.Option("--no-eval", help="Skip the accuracy figures.")] = False,
    queries: Annotated[
        bool, typer.Option("--queries", help="Time search, timeline and statement page on a store of --quotes quotes.")
    ] = False,
    quotes: Annotated[int, typer.Option("--quotes", min=1, help="Quotes in the synthetic store for --queries.")] = (
        1_000_000
    ),
    query_db: Annotated[
        str | None, typer.Option("--query-db", help="Build (or reuse) the --queries store at this path.")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Run the real pipeline over a synthetic corpus into a fresh store; report speed, memory, size and accuracy."""
    if stage not in STAGES:
        err.print(f"[red]error:[/red] unknown stage {escape(stage)!r}; known: {', '.join(STAGES)}")
        raise typer.Exit(2)
    say = None if as_json else err.print
    if queries:
        from onrecord.bench.queries import run_at_scale as run_queries

        result = run_queries(quotes=quotes, requests=200, db=query_db, progress=say)
        if as_json:
            print_json(result)
        else:
            _print_queries(result)
        return
    if stage == "clean":
        _clean(articles, jobs or (os.cpu_count() or 1), seed_dir, seed, as_json)
        return
    from onrecord.bench.e2e import default_gold, run

    gold_paths = [] if no_eval else (gold if gold is not None else [str(p) for p in default_gold()])
    try:
        result = run(
            articles=articles,
            jobs=jobs,
            seed=seed,
            seed_dir=seed_dir,
            corpus=corpus,
            keep=keep,
            peer=peer,
            gold=gold_paths,
            progress=say,
        )
    except (FileNotFoundError, FileExistsError, ValueError, RuntimeError) as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(2) from exc
    if as_json:
        print_json(result)
        return
    _print_e2e(result)


def _print_e2e(r: dict) -> None:
    where = r["corpus"]["folder"] or f"synthetic, seed {r['corpus']['seed']}, from {r['corpus']['seed_dir']}"
    table = Table(title=f"onrecord bench: {r['articles']} articles ({escape(where)}), {r['jobs']} worker process(es)")
    table.add_column("measure")
    table.add_column("value", justify="right")
    rows = [
        ("wall time", f"{r['wall_seconds']:.1f} s"),
        ("articles/s", f"{r['articles_per_s']:.2f}"),
        ("articles/s per core", f"{r['articles_per_s_per_core']:.2f}"),
        ("tokens/s per core", f"{r['tokens_per_s_per_core']:,.0f}"),
        ("quotes stored", f"{r['quotes']:,}"),
        ("failed documents", str(r["failed"])),
    ]
    for stage, seconds in r["stages_seconds"].items():
        rows.append((f"  {stage} (s)", f"{seconds:.2f}"))
    mem = r["memory_mb"]
    rows += [
        ("peak RSS, driver", f"{mem['driver_peak']:.0f} MB"),
        ("peak RSS, one worker", f"{mem['worker_peak']:.0f} MB"),
        ("peak RSS, process tree (upper bound)", f"{mem['process_tree_peak_upper_bound']:.0f} MB"),
        (
            "peak memory, process tree sampled (PSS / RSS)",
            f"{mem['process_tree_peak_pss']:.0f} / {mem['process_tree_peak_rss']:.0f} MB",
        ),
        (
            "store on disk",
            f"{r['store']['bytes'] / 1e6:.1f} MB ({r['store']['bytes_per_1k_articles'] / 1e6:.1f} MB/1k)",
        ),
    ]
    if "peer" in r:
        p = r["peer"]
        rows += [
            (f"{p['name']} articles/s per core", f"{p['articles_per_s_per_core']:.2f}"),
            (f"{p['name']} tokens/s per core", f"{p['tokens_per_s_per_core']:,.0f}"),
            (f"onrecord / {p['name']} per core", f"{p['onrecord_over_peer_per_core']}"),
        ]
    if "eval" in r:
        e = r["eval"]
        rows.append(("scored on", escape(", ".join(e["gold"]))))
        for key in ("quote_f1", "speaker_accuracy", "end_to_end_f1", "link_f1", "said_on_accuracy"):
            rows.append((key.replace("_", " "), "—" if e[key] is None else f"{e[key]:.3f}"))
    for k, v in rows:
        table.add_row(k, v)
    console.print(table)


def _print_queries(result: dict) -> None:
    s = result["store"]
    table = Table(
        title=f"query latency: {s['quotes']:,} quotes, {s['statements']:,} statements "
        f"(store built in {result['build_seconds']:.0f} s)"
    )
    for col in ("request", "n", "p50 ms", "p95 ms", "max ms"):
        table.add_column(col, justify="right" if col != "request" else "left")
    for name, m in result["latency_ms"].items():
        table.add_row(name, str(m["n"]), f"{m['p50']:.1f}", f"{m['p95']:.1f}", f"{m['max']:.1f}")
    console.print(table)


def _clean(articles: int, jobs: int, seed_dir: str, seed: int, as_json: bool) -> None:
    from onrecord.bench.clean import run

    try:
        result = run(articles=articles, jobs=jobs, seed_dir=Path(seed_dir), seed=seed)
    except (FileNotFoundError, ValueError) as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(2) from exc
    if as_json:
        print_json(result.as_dict())
        return
    console.print(
        f"clean: {result.articles} articles ({result.html_documents} HTML) in {result.seconds:.2f} s on {result.jobs} "
        f"process(es): {result.articles_per_s:.1f} articles/s, {result.tokens_per_s:,.0f} tokens/s, "
        f"peak RSS {result.peak_rss_mb:.0f} MB; {result.cleaned} cleaned, {result.failed} failed"
    )
    console.print(f"corpus: seed {result.seed}, recombined from {escape(result.seed_dir)}", highlight=False)
