"""`add`, `articles`, `show`, `failures`: getting sources in and looking at what came out."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from onrecord.cli.app import DEFAULT_DB_PATH, DbOption, JsonOption, app, console, err, print_json, store_or_exit
from onrecord.config import Config
from onrecord.store import StoreError


@app.command()
def add(
    paths: Annotated[
        list[str],
        typer.Argument(help="Files and directories (recursively), URLs, RSS/Atom feeds, OPML lists, WARC files."),
    ],
    db: DbOption = DEFAULT_DB_PATH,
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="Worker processes (0 = every core).")] = 0,
    ray: Annotated[
        str | None,
        typer.Option("--ray", help="Run the per-document stages on Ray: 'local' or a cluster address."),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Add sources to the store: each becomes an article or a recorded failure."""
    from onrecord.pipeline import add as add_sources

    config = Config.load(jobs=jobs)
    store = store_or_exit(db)
    runner = None
    if ray:
        from onrecord.distributed import RayRunner, RayUnavailable

        try:
            runner = RayRunner(ray, jobs=jobs)
        except RayUnavailable as exc:
            err.print(f"[red]error:[/red] {escape(str(exc))}")
            raise typer.Exit(2) from exc
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
        try:
            report = add_sources(paths, store, config, runner=runner, on_progress=lambda n: progress.advance(task, n))
        except StoreError as exc:
            err.print(f"[red]error:[/red] {escape(str(exc))}")
            raise typer.Exit(2) from exc
        finally:
            if runner is not None:
                runner.close()
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
        if report.seen and report.unchanged == report.seen:
            console.print("nothing changed: every document was already in the store")
        for f in report.failed:
            detail = f" ({f.detail})" if f.detail else ""
            err.print(f"[red]failed[/red] {escape(f.uri)}: {escape(f.reason)}{escape(detail)}")
        console.print(f"store: {escape(str(store.path))}")
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
        table.add_row(r["id"], r["published"] or "", escape(r["outlet"] or ""), escape(r["title"] or ""))
    console.print(table)
    console.print(f"{len(rows)} article(s)")


@app.command()
def show(
    article_id: Annotated[str, typer.Argument(metavar="ID", help="An article id, or a unique prefix of one.")],
    db: DbOption = DEFAULT_DB_PATH,
    as_json: JsonOption = False,
) -> None:
    """One article: clean text, metadata with its evidence, sources, and what was removed and why."""
    store = store_or_exit(db)
    matches = [
        row[0]
        for row in store.db.execute(
            "SELECT id FROM articles WHERE substr(id, 1, ?) = ? ORDER BY id LIMIT 11", (len(article_id), article_id)
        )
    ]
    if not matches:
        err.print(f"[red]error:[/red] no article with id {escape(article_id)!r}")
        raise typer.Exit(1)
    if len(matches) > 1:
        err.print(f"[red]error:[/red] {escape(article_id)!r} is the start of several ids: {', '.join(matches[:10])}")
        raise typer.Exit(1)
    article = store.get_article(matches[0])
    assert article is not None
    sources = store.document_sources(article.document_id)
    if as_json:
        data = asdict(article)
        data["sources"] = sources
        print_json(data)
        return
    console.print(f"[bold]{escape(article.title or '(no title)')}[/bold]")
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="dim")
    facts.add_column(overflow="fold")
    facts.add_row("id", article.id)
    facts.add_row("document", article.document_id)
    facts.add_row("outlet", escape(article.outlet or "-"))
    published = article.published
    facts.add_row("published", escape(f"{published.value}  ({published.how})" if published else "-"))
    dateline = article.dateline
    if dateline:
        parts = [
            f"place={dateline.place}" if dateline.place else "",
            f"agency={dateline.agency}" if dateline.agency else "",
            f"date={dateline.date_text}" if dateline.date_text else "",
        ]
        facts.add_row("dateline", escape(f"{dateline.text}  " + " ".join(p for p in parts if p)))
    else:
        facts.add_row("dateline", "-")
    facts.add_row("byline", escape(article.byline or "-"))
    facts.add_row("language", escape(article.language or "-"))
    facts.add_row("url", escape(article.url or "-"))
    for i, uri in enumerate(sources):
        facts.add_row("sources" if i == 0 else "", escape(uri))
    facts.add_row("paragraphs", str(len(article.paragraphs)))
    console.print(facts)
    console.rule("text")
    console.print(escape(article.text), highlight=False)
    console.rule(f"removed ({len(article.removed)})")
    for span in article.removed:
        snippet = " ".join(span.text.split())
        if len(snippet) > 100:
            snippet = snippet[:97] + "..."
        console.print(
            f"[dim]{span.start}-{span.end}[/dim] [yellow]{escape(span.reason)}[/yellow]: {escape(snippet)}",
            highlight=False,
        )


@app.command()
def failures(db: DbOption = DEFAULT_DB_PATH, as_json: JsonOption = False) -> None:
    """Sources that did not become articles, and why."""
    store = store_or_exit(db)
    rows = store.failures()
    if as_json:
        print_json([asdict(f) for f in rows])
        return
    table = Table()
    table.add_column("source", overflow="fold")  # a path cut short names no file
    for name in ("stage", "reason", "detail"):
        table.add_column(name)
    for f in rows:
        table.add_row(escape(f.uri), f.stage, escape(f.reason), escape(f.detail))
    console.print(table)
    console.print(f"{len(rows)} failure(s)")
