"""`serve`, `export`, `bench-queries`: looking at the record from a browser, a script or a table."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape

from onrecord.cli.app import DEFAULT_DB_PATH, DbOption, JsonOption, app, console, err, print_json, store_or_exit
from onrecord.config import Config


@app.command()
def serve(
    db: DbOption = DEFAULT_DB_PATH,
    host: Annotated[str, typer.Option(help="Address to listen on; 127.0.0.1 keeps it to this machine.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
    config_path: Annotated[str | None, typer.Option("--config", help="TOML settings file.")] = None,
) -> None:
    """Serve the web pages and the JSON API (/api, described at /openapi.json and /docs)."""
    import uvicorn

    from onrecord.store import StoreError
    from onrecord.web import create_app

    try:
        config = Config.load(config_path)
    except (FileNotFoundError, ValueError) as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(2) from exc
    try:
        web = create_app(db, config)
    except StoreError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(2) from exc
    writes = "writes need the bearer token" if config.api_token else "read-only (no API token configured)"
    err.print(f"serving {escape(str(db))} on http://{host}:{port}/ — {writes}")
    uvicorn.run(web, host=host, port=port, log_level="warning")


@app.command("export")
def export_cmd(
    what: Annotated[str, typer.Option("--what", help="quotes | statements | articles | entities")] = "quotes",
    fmt: Annotated[str, typer.Option("--format", help="parquet | csv | jsonl")] = "csv",
    since: Annotated[str | None, typer.Option(help="First day, inclusive (YYYY-MM-DD).")] = None,
    until: Annotated[str | None, typer.Option(help="Last day, inclusive (YYYY-MM-DD).")] = None,
    out: Annotated[str | None, typer.Option("--out", help="File to write; '-' for stdout (csv, jsonl).")] = None,
    db: DbOption = DEFAULT_DB_PATH,
    as_json: JsonOption = False,
) -> None:
    """Export one row per record, with stable column names (see docs/schema.md)."""
    from onrecord.export import ExportError, export
    from onrecord.query.browse import BadQuery
    from onrecord.web.params import check_date

    try:
        since = check_date("--since", since)
        until = check_date("--until", until)
    except BadQuery as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(2) from exc
    if out is None:
        out = f"{what}.{fmt}"
    store = store_or_exit(db, readonly=True)
    try:
        report = export(store.db, what, fmt, out, since=since, until=until)
    except ExportError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(2) from exc
    finally:
        store.close()
    summary = {"what": report.what, "format": report.format, "rows": report.rows, "out": report.out}
    if as_json and report.out != "-":
        print_json(summary)
    else:
        err.print(f"{report.rows} {escape(report.what)} row(s) written to {escape(report.out)}")


@app.command("bench-queries")
def bench_queries(
    quotes: Annotated[int, typer.Option("--quotes", help="Size of the synthetic store, in quotes.")] = 100_000,
    requests: Annotated[int, typer.Option("--requests", help="Requests measured per kind of query.")] = 200,
    db: Annotated[str | None, typer.Option("--db", help="Keep the synthetic store here (default: a temp dir).")] = None,
    seed: Annotated[int, typer.Option(help="Random seed for the synthetic store.")] = 7,
    as_json: JsonOption = False,
) -> None:
    """Measure search, speaker timeline and statement page latency on a synthetic store of N quotes."""
    from onrecord.bench.queries import run

    result = run(quotes=quotes, requests=requests, db=db, seed=seed, progress=None if as_json else err.print)
    if as_json:
        print_json(result)
        return
    console.print(
        f"store: {result['store']['quotes']} quotes, {result['store']['articles']} articles, "
        f"{result['store']['statements']} statements, {result['store']['entities']} speakers "
        f"(built in {result['build_seconds']:.1f} s)"
    )
    for name, m in result["latency_ms"].items():
        console.print(f"{name:<16} p50 {m['p50']:7.1f} ms   p95 {m['p95']:7.1f} ms   ({m['n']} requests)")
    console.print(f"search p95: {result['latency_ms']['search']['p95']:.1f} ms")
