"""`quotes`, `search`, `eval`: reading the record, and measuring it against gold files."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from onrecord.cli.app import JsonOption, app, console, err, print_json


@app.command("eval")
def eval_command(
    gold: Annotated[list[Path], typer.Argument(help="Gold files (JSON Lines, the project's gold format).")],
    as_json: JsonOption = False,
    write_predictions: Annotated[
        Path | None, typer.Option("--write-predictions", help="Write onrecord's predictions here (JSONL).")
    ] = None,
    peer: Annotated[list[str] | None, typer.Option("--peer", help="Also score a peer system: textacy.")] = None,
    misses: Annotated[bool, typer.Option("--misses/--no-misses", help="List misses and false alarms.")] = True,
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="Worker processes for the pipeline.")] = 1,
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
            err.print(f"[red]error:[/red] unknown peer {name!r}; known peers: {', '.join(PEERS)}")
            raise typer.Exit(2)
    try:
        config = Config.load(jobs=jobs)
        with console.status("running the pipeline over the gold articles", spinner="dots") if not as_json else _null():
            run = evaluate(gold, config, peers=peers)
    except (GoldError, PeerUnavailable, FileNotFoundError, ValueError) as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from exc
    systems = {"onrecord": run.scores} | {name: scores for name, (_, scores) in run.peers.items()}
    if write_predictions is not None:
        write_predictions.write_text(predictions_jsonl(run.cases), encoding="utf-8")
    if as_json:
        print_json({"gold": [str(p) for p in gold], "systems": report_json(systems)})
        return
    console.print(figures_table(systems, title="onrecord eval: " + ", ".join(p.name for p in gold)))
    if misses:
        print_misses(console, run.scores)
    if write_predictions is not None:
        err.print(f"predictions written to {write_predictions}")


class _null:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False
