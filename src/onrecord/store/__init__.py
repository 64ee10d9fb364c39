"""Where records live. SQLite by default; see docs/schema.md for the tables."""

from __future__ import annotations

import os
from pathlib import Path

from onrecord.store.sqlite import Store, StoreError

DEFAULT_DB = "onrecord.db"


def default_db() -> str:
    return os.environ.get("ONRECORD_DB") or DEFAULT_DB


def open_store(db: str | Path | None = None, *, readonly: bool = False) -> Store:
    return Store(db or default_db(), readonly=readonly)


__all__ = ["Store", "StoreError", "open_store", "default_db"]
