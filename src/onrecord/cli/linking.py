"""`statements`, `who`, `stories`, `entities`: the record across articles."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from onrecord.cli.app import DEFAULT_DB_PATH, DbOption, JsonOption, app, console, err, print_json, store_or_exit
from onrecord.config import Config
from onrecord.query import linking as q


def _day(value: str | None, option: str) -> str | None:
    from datetime import date

    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        err.print(f"[red]error:[/red] {option} {escape(value)!s}: not a date (use YYYY-MM-DD)")
        raise typer.Exit(2) from None


def _speaker_ids(store, name: str) -> list[str]:
    ids = q.find_speakers(store, name, tuple(Config.load().kb_paths))
    if not ids:
        err.print(f"[yellow]no speaker in the store matches[/yellow] {escape(name)}")
    return ids


def _print_statement(s: dict, *, show_speaker: bool = True) -> None:
    day = s["said_on"] or (f"published {s['day']}" if s["day"] else "date unknown")
    speaker = s["speaker"]["name"] or "unattributed"
    head = f"[bold]{escape(day)}[/bold]"
    if show_speaker:
        head += f"  {escape(speaker)}"
    console.print(f"{head}  [dim]{escape(s['id'])}[/dim]")
    console.print(f"  “{escape(s['text'])}”")
    for r in s["reports"]:
        mark = "primary" if r["primary"] else ("copy" if r["copy_of"] else "report")
        outlet = r["outlet"] or "unknown outlet"
        when = r["published"] or "undated"
        line = f"    [dim]{mark}[/dim] {escape(outlet)}, {escape(when)}"
        if r["url"]:
            line += f"  {escape(r['url'])}"
        if not r["primary"] and r["text"] != s["text"]:
            line += f"\n      [italic]“{escape(r['text'])}”[/italic]"
        console.print(line)


@app.command("statements")
def statements_command(
    speaker: Annotated[str | None, typer.Option("--speaker", help="A name, alias or entity id.")] = None,
    since: Annotated[
        str | None, typer.Option("--since", help="Said (or first reported) on or after YYYY-MM-DD.")
    ] = None,
    until: Annotated[
        str | None, typer.Option("--until", help="Said (or first reported) on or before YYYY-MM-DD.")
    ] = None,
    story: Annotated[str | None, typer.Option("--story", help="Only statements of this story id.")] = None,
    db: DbOption = DEFAULT_DB_PATH,
    as_json: JsonOption = False,
) -> None:
    """Statements: one utterance however many outlets carried it, with every report, primary first."""
    since, until = _day(since, "--since"), _day(until, "--until")
    store = store_or_exit(db, readonly=True)
    ids = _speaker_ids(store, speaker) if speaker else None
    rows = q.statements(store, speaker_ids=ids, since=since, until=until, story=story)
    if as_json:
        print_json(rows)
        return
    if not rows:
        console.print("no statements")
        return
    for s in rows:
        _print_statement(s)


@app.command()
def who(
    name: Annotated[str, typer.Argument(help="A speaker's name, alias or entity id.")],
    db: DbOption = DEFAULT_DB_PATH,
    as_json: JsonOption = False,
) -> None:
    """A speaker's statements as a timeline, with the roles they held."""
    store = store_or_exit(db, readonly=True)
    ids = _speaker_ids(store, name)
    people = [p for p in (q.who(store, i) for i in ids) if p]
    if as_json:
        print_json(people)
        return
    if not people:
        raise typer.Exit(1)
    for p in people:
        where = f", {p['country']}" if p["country"] else ""
        console.print(
            f"[bold]{escape(p['name'])}[/bold] ({escape(p['kind'])}{escape(where)}) [dim]{escape(p['id'])}[/dim]"
        )
        for r in p["roles"]:
            span = f"{r['start'] or '?'} – {r['end'] or 'now'}"
            org = f", {r['organisation']}" if r["organisation"] else ""
            console.print(f"  {escape(r['title'])}{escape(org)} ({escape(span)})")
        if not p["statements"]:
            console.print("  no statements")
        for s in p["statements"]:
            _print_statement(s, show_speaker=False)


@app.command("stories")
def stories_command(db: DbOption = DEFAULT_DB_PATH, as_json: JsonOption = False) -> None:
    """Stories: the articles about one news event."""
    store = store_or_exit(db, readonly=True)
    rows = q.stories(store)
    if as_json:
        print_json(rows)
        return
    table = Table("id", "dates", "articles", "statements", "title")
    for s in rows:
        dates = s["start"] or ""
        if s["end"] and s["end"] != s["start"]:
            dates += f" – {s['end']}"
        table.add_row(escape(s["id"]), escape(dates), str(s["n_articles"]), str(s["n_statements"]), escape(s["title"]))
    console.print(table)


@app.command("entities")
def entities_command(
    kind: Annotated[str | None, typer.Option("--kind", help="person, organisation, government or place.")] = None,
    db: DbOption = DEFAULT_DB_PATH,
    as_json: JsonOption = False,
) -> None:
    """Speakers resolved to entities, with how many quotes and statements each has."""
    if kind and kind not in {"person", "organisation", "government", "place"}:
        err.print(f"[red]error:[/red] --kind {escape(kind)}: use person, organisation, government or place")
        raise typer.Exit(2)
    store = store_or_exit(db, readonly=True)
    rows = q.entities(store, kind)
    if as_json:
        print_json(rows)
        return
    table = Table("id", "name", "kind", "country", "source", "quotes", "statements")
    for e in rows:
        table.add_row(
            escape(e["id"]),
            escape(e["name"]),
            e["kind"],
            escape(e["country"] or ""),
            e["source"],
            str(e["quotes"]),
            str(e["statements"]),
        )
    console.print(table)


@app.command("relink")
def relink_command(db: DbOption = DEFAULT_DB_PATH) -> None:
    """Recompute every link over the whole store: copies, speakers, statements, stories.

    `add` relinks only what its new articles can change; this recomputes everything, after a
    change to the knowledge base or the configuration, say.
    """
    import time

    from onrecord.link import relink

    store = store_or_exit(db)
    try:
        started = time.perf_counter()
        with console.status("relinking every article ..."):
            relink(store, Config.load())
        counts = store.counts()
    finally:
        store.close()
    console.print(
        f"relinked {counts.get('articles', 0)} articles in {time.perf_counter() - started:.1f} s: "
        f"{counts.get('statements', 0)} statements, {counts.get('entities', 0)} speakers as entities, "
        f"{counts.get('stories', 0)} stories"
    )
