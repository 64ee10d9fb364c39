"""Where records live. SQLite by default; PostgreSQL for a shared store (a postgresql:// URL).

See docs/schema.md for the tables; both backends hold the same ones.
"""

from __future__ import annotations

import os
from pathlib import Path

from onrecord.store.sqlite import Store, StoreError

DEFAULT_DB = "onrecord.db"


def default_db() -> str:
    return os.environ.get("ONRECORD_DB") or DEFAULT_DB


def is_postgres_url(db: object) -> bool:
    """True for a postgresql:// (or postgres://) URL: the store lives on a PostgreSQL server."""
    return isinstance(db, str) and db.lower().startswith(("postgresql://", "postgres://"))


def open_store(db: str | Path | None = None, *, readonly: bool = False) -> Store:
    """Open (and migrate) a store: a postgresql:// URL opens PostgreSQL, anything else an SQLite file."""
    target = db or default_db()
    if is_postgres_url(target):
        from onrecord.store.postgres import PostgresStore

        return PostgresStore(str(target), readonly=readonly)  # type: ignore[return-value]
    return Store(target, readonly=readonly)


__all__ = ["Store", "StoreError", "open_store", "default_db", "is_postgres_url"]
