"""`add`, `articles`, `show`, `failures`: getting sources in and looking at what came out."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from onrecord.cli.app import DEFAULT_DB_PATH, DbOption, JsonOption, app, console, err, print_json, store_or_exit
from onrecord.config import Config


@app.command()
def add(
    paths: Annotated[list[str], typer.Argument(help="Files and directories (recursively).")],
    db: DbOption = DEFAULT_DB_PATH,
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="Worker processes (0 = every core).")] = 0,
    as_json: JsonOption = False,
) -> None:
    """Add sources to the store: each becomes an article or a recorded failure."""
    from onrecord.pipeline import add as add_sources

    config = Config.load(jobs=jobs)
    store = store_or_exit(db)
    with Progress(
        TextColumn("[bold]adding"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=as_json,
    ) as progress:
        task = progress.add_task("add", total=None)
        report = add_sources(paths, store, config, on_progress=lambda n: progress.advance(task, n))
    if as_json:
        print_json(
            {
                "seen": report.seen,
                "new_articles": report.new_articles,
                "unchanged": report.unchanged,
                "quotes": report.quotes,
                "failed": [{"uri": f.uri, "reason": f.reason, "detail": f.detail} for f in report.failed],
                "db": store.path,
            }
        )
    else:
        console.print(
            f"{report.seen} document(s): {report.new_articles} new article(s), "
            f"{report.unchanged} already stored, {len(report.failed)} failed; {report.quotes} quote(s)"
        )
        for f in report.failed:
            err.print(f"[red]failed[/red] {f.uri}: {f.reason}" + (f" ({f.detail})" if f.detail else ""))
        console.print(f"store: {store.path}")
    raise typer.Exit(0 if report.ok else 1)


@app.command()
def articles(db: DbOption = DEFAULT_DB_PATH, as_json: JsonOption = False) -> None:
    """List the stored articles."""
    store = store_or_exit(db)
    rows = [
        {"id": a.id, "published": a.published.value if a.published else None, "outlet": a.outlet, "title": a.title}
        for a in store.iter_articles()
    ]
    if as_json:
        print_json(rows)
        return
    table = Table("id", "published", "outlet", "title")
    for r in rows:
        table.add_row(r["id"], r["published"] or "", r["outlet"] or "", r["title"] or "")
    console.print(table)
