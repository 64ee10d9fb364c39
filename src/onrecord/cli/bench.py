"""`bench`: how fast a pipeline stage runs on a deterministic synthetic corpus."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape

from onrecord.cli.app import JsonOption, app, console, err, print_json

STAGES = ("clean",)


@app.command()
def bench(
    stage: Annotated[str, typer.Option("--stage", help=f"Stage to time: {', '.join(STAGES)}.")] = "clean",
    articles: Annotated[int, typer.Option("--articles", "-n", min=1, help="Articles in the synthetic corpus.")] = 1000,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Worker processes.")] = 1,
    seed_dir: Annotated[
        str, typer.Option("--from", help="Seed corpus the synthetic articles are recombined from.")
    ] = "samples/corpus",
    seed: Annotated[int, typer.Option("--seed", help="Random seed: the same seed gives the same corpus.")] = 0,
    as_json: JsonOption = False,
) -> None:
    """Time one stage on a synthetic corpus built from a seed corpus; report throughput and peak memory."""
    if stage not in STAGES:
        err.print(f"[red]error:[/red] unknown stage {escape(stage)!r}; known: {', '.join(STAGES)}")
        raise typer.Exit(2)
    from onrecord.bench.clean import run

    try:
        result = run(articles=articles, jobs=jobs, seed_dir=seed_dir, seed=seed)
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
