"""`quotes`, `search`, `eval`: reading the record, and measuring it against gold files."""

from __future__ import annotations

from contextlib import nullcontext
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from onrecord.cli.app import DEFAULT_DB_PATH, DbOption, JsonOption, app, console, err, print_json, store_or_exit

KindOption = Annotated[str | None, typer.Option("--kind", help="direct, partial or indirect.")]
SpeakerOption = Annotated[
    str | None,
    typer.Option("--speaker", help="Part of the speaker's name (as resolved or as written), or an entity id."),
]
LimitOption = Annotated[int, typer.Option("--limit", "-n", min=1, help="At most this many quotes.")]


@app.command()
def quotes(
    speaker: SpeakerOption = None,
    article: Annotated[str | None, typer.Option("--article", help="An article id (or its first characters).")] = None,
    kind: KindOption = None,
    limit: LimitOption = 50,
    db: DbOption = DEFAULT_DB_PATH,
    as_json: JsonOption = False,
) -> None:
    """List quotes with their speaker, kind, article, outlet and date."""
    from onrecord.query.quotes import KINDS, list_quotes

    if kind is not None and kind not in KINDS:
        err.print(f"[red]error:[/red] --kind must be one of {', '.join(KINDS)}, not {escape(repr(kind))}")
        raise typer.Exit(2)
    store = store_or_exit(db, readonly=True)
    hits = list_quotes(store.db, speaker=speaker, article=article, kind=kind, limit=limit)
    if as_json:
        print_json([h.to_dict() for h in hits])
        return
    table = Table("speaker", "kind", "quote", "outlet", "published", "article", show_lines=True)
    for h in hits:
        table.add_row(
            escape(h.speaker or h.speaker_text or "—"),
            h.kind,
            escape(h.text),
            escape(h.outlet or ""),
            h.published or "",
            h.article_id,
        )
    console.print(table)
    if not hits:
        err.print("no quotes match")


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="Words to find in quotes; quoted words stay together as a phrase.")],
    speaker: SpeakerOption = None,
    kind: KindOption = None,
    limit: LimitOption = 20,
    fts: Annotated[
        bool, typer.Option("--fts", help="Read QUERY as SQLite FTS5 syntax (AND, OR, NEAR, prefix*).")
    ] = False,
    db: DbOption = DEFAULT_DB_PATH,
    as_json: JsonOption = False,
) -> None:
    """Full-text search over quotes (and speakers' names), best matches first."""
    from onrecord.query.quotes import KINDS, SearchError, search_quotes

    if kind is not None and kind not in KINDS:
        err.print(f"[red]error:[/red] --kind must be one of {', '.join(KINDS)}, not {escape(repr(kind))}")
        raise typer.Exit(2)
    store = store_or_exit(db, readonly=True)
    try:
        hits = search_quotes(store.db, query, speaker=speaker, kind=kind, limit=limit, fts_syntax=fts)
    except SearchError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(2) from exc
    if as_json:
        print_json([h.to_dict() for h in hits])
        return
    table = Table("speaker", "quote", "outlet", "published", "article", show_lines=True)
    for h in hits:
        table.add_row(
            escape(h.speaker or h.speaker_text or "—"),
            _highlighted(h.snippet or "", h.highlights),
            escape(h.outlet or ""),
            h.published or "",
            h.article_id,
        )
    console.print(table)
    if not hits:
        err.print("no quotes match")


def _highlighted(text: str, spans: list[tuple[int, int]]) -> str:
    out, at = [], 0
    for start, end in spans:
        out.append(escape(text[at:start]))
        out.append("[bold yellow]" + escape(text[start:end]) + "[/bold yellow]")
        at = end
    out.append(escape(text[at:]))
    return "".join(out)


@app.command("eval")
def eval_command(
    gold: Annotated[list[Path], typer.Argument(help="Gold files (JSON Lines, the project's gold format).")],
    as_json: JsonOption = False,
    write_predictions: Annotated[
        Path | None, typer.Option("--write-predictions", help="Write onrecord's predictions here (JSONL).")
    ] = None,
    peer: Annotated[list[str] | None, typer.Option("--peer", help="Also score a peer system: textacy.")] = None,
    misses: Annotated[
        bool, typer.Option("--misses/--no-misses", help="List misses, false alarms and wrong speakers, by article.")
    ] = True,
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="Worker processes for the pipeline.")] = 1,
    keep_store: Annotated[
        Path | None,
        typer.Option(
            "--keep-store", help="Keep the evaluation store in this directory (as eval.db) instead of a temporary one."
        ),
    ] = None,
) -> None:
    """Run the pipeline over gold articles in a temporary store and score quotes, speakers, dates and links."""
    from onrecord.config import Config
    from onrecord.evaluate import GoldError, evaluate
    from onrecord.evaluate.peer import PEERS, PeerUnavailable
    from onrecord.evaluate.report import as_json as report_json
    from onrecord.evaluate.report import figures_table, print_misses
    from onrecord.evaluate.run import predictions_jsonl

    peers = tuple(peer or ())
    for name in peers:
        if name not in PEERS:
            err.print(f"[red]error:[/red] unknown peer {escape(repr(name))}; known peers: {', '.join(PEERS)}")
            raise typer.Exit(2)
    try:
        config = Config.load(jobs=jobs)
        with err.status("running the pipeline over the gold articles") if not as_json else nullcontext():
            run = evaluate(gold, config, peers=peers, keep_store=keep_store)
    except (GoldError, PeerUnavailable, OSError, ValueError) as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(2) from exc
    systems = {"onrecord": run.scores} | {name: scores for name, (_, scores) in run.peers.items()}
    if write_predictions is not None:
        try:
            write_predictions.write_text(predictions_jsonl(run.cases), encoding="utf-8")
        except OSError as exc:
            err.print(f"[red]error:[/red] cannot write predictions to {escape(str(write_predictions))}: {exc.strerror}")
            raise typer.Exit(2) from exc
    if as_json:
        print_json({"gold": [str(p) for p in gold], "systems": report_json(systems)})
        return
    console.print(figures_table(systems, title="onrecord eval: " + ", ".join(p.name for p in gold)))
    if misses:
        print_misses(console, run.scores)
    if write_predictions is not None:
        err.print(f"predictions written to {escape(str(write_predictions))}")
    if keep_store is not None:
        err.print(f"store kept: {escape(str(keep_store / 'eval.db'))}")
