"""`watch`: keep a store current from feeds and OPML lists of feeds."""

from __future__ import annotations

import signal
from typing import Annotated

import typer
from rich.markup import escape

from onrecord.cli.app import DEFAULT_DB_PATH, DbOption, JsonOption, app, console, err, print_json, store_or_exit
from onrecord.config import Config


@app.command()
def watch(
    sources: Annotated[list[str], typer.Argument(help="Feed URLs, feed files, or OPML lists of feeds (file or URL).")],
    every: Annotated[str, typer.Option("--every", help="Time between rounds: 30s, 10m, 1h.")] = "10m",
    once: Annotated[bool, typer.Option("--once", help="Run one round and stop.")] = False,
    db: DbOption = DEFAULT_DB_PATH,
    as_json: JsonOption = False,
) -> None:
    """Fetch each feed on an interval and add the items not seen before. Ctrl-C stops."""
    from onrecord.watch import RoundReport, parse_interval
    from onrecord.watch import watch as run_watch

    try:
        every_s = parse_interval(every)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--every") from exc
    config = Config.load()
    store = store_or_exit(db)
    rounds = 0
    failed_any = False

    def show(report: RoundReport) -> None:
        nonlocal rounds, failed_any
        rounds += 1
        summary = report.as_dict()
        failed_any = failed_any or bool(summary["failed"])
        if as_json:
            print_json({"round": rounds, **summary})
            return
        console.print(
            f"round {rounds}: {summary['feeds']} feed(s), {summary['not_modified']} not modified, "
            f"{summary['new_items']} new item(s): {summary['new_articles']} new article(s), "
            f"{summary['unchanged']} already stored, {len(summary['failed'])} failed; {summary['quotes']} quote(s)"
        )
        for f in report.added.failed:
            detail = f" ({escape(f.detail)})" if f.detail else ""
            err.print(f"[red]failed[/red] {escape(f.uri)}: {escape(f.reason)}{detail}")

    previous = signal.signal(signal.SIGTERM, _stop_on_sigterm)
    try:
        run_watch(sources, store, config, every_s=every_s, once=once, on_round=show)
    except KeyboardInterrupt:
        if not as_json:
            err.print(f"stopped after {rounds} round(s); store: {escape(store.path)}")
        raise typer.Exit(0) from None
    finally:
        signal.signal(signal.SIGTERM, previous)
        store.close()
    if not as_json:
        console.print(f"store: {escape(store.path)}")
    raise typer.Exit(1 if once and failed_any else 0)


def _stop_on_sigterm(_signum, _frame) -> None:
    raise KeyboardInterrupt
