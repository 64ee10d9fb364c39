"""The typer application and the options every command shares."""

from __future__ import annotations

import json
import sys
from typing import Annotated, Any

import typer
from rich.console import Console

from onrecord.store import DEFAULT_DB, Store, StoreError, open_store

app = typer.Typer(
    name="onrecord",
    help="A sourced record of who said what, built from news articles.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

console = Console()
err = Console(stderr=True, soft_wrap=True)  # one message, one line, whatever the terminal width

DbOption = Annotated[
    str,
    typer.Option(
        "--db",
        envvar="ONRECORD_DB",
        help="Store: a SQLite file path, or a postgresql:// URL for a shared PostgreSQL store.",
        show_default=True,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for scripts instead of tables.")]
DEFAULT_DB_PATH = DEFAULT_DB


def store_or_exit(db: str, *, readonly: bool = False) -> Store:
    try:
        return open_store(db, readonly=readonly)
    except StoreError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from exc


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")
