"""The SQLite store: one file, WAL, versioned schema, one transaction per batch.

The schema (migrations/*.sql) is the stable interface; this module only opens,
migrates and offers small typed helpers. Area-specific reads and writes live in the
mixins beside it (documents, quotes, linking) so that no module holds more than one idea.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

from onrecord.store.documents import DocumentsMixin
from onrecord.store.handle import StoreHandle
from onrecord.store.linking import LinkingMixin
from onrecord.store.quotes import QuotesMixin


class StoreError(Exception):
    """The store cannot be opened or written; the message says why in plain words."""


def utcnow() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _migrations() -> list[tuple[str, str]]:
    folder = resources.files("onrecord.store") / "migrations"
    found = [(p.name, p.read_text(encoding="utf-8")) for p in folder.iterdir() if p.name.endswith(".sql")]
    return sorted(found)


class Store(StoreHandle, DocumentsMixin, QuotesMixin, LinkingMixin):
    """A handle on one store. Not shared between threads; open one per process."""

    def __init__(self, path: str | Path, *, readonly: bool = False):
        self.path = str(path)
        self.readonly = readonly
        try:
            if readonly:
                uri = f"file:{Path(self.path).resolve()}?mode=ro"
                self.db = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
            else:
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
                self.db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            self.db.row_factory = sqlite3.Row
            self.db.execute("PRAGMA foreign_keys = ON")
            self.db.execute("PRAGMA busy_timeout = 30000")
            if not readonly:
                self.db.execute("PRAGMA journal_mode = WAL")
                self.db.execute("PRAGMA synchronous = NORMAL")
                self.migrate()
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open store {self.path}: {explain(exc)}") from exc

    # -- schema -----------------------------------------------------------------------

    def migrate(self) -> list[str]:
        """Apply every migration not yet applied, each in its own transaction."""
        self.db.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
        )
        done = {r[0] for r in self.db.execute("SELECT name FROM schema_migrations")}
        applied = []
        for name, sql in _migrations():
            if name in done:
                continue
            with self.transaction():
                # executescript would commit our transaction; run statement by statement instead.
                for statement in _split_sql(sql):
                    self.db.execute(statement)
                self.db.execute("INSERT INTO schema_migrations VALUES (?, ?)", (name, utcnow()))
            applied.append(name)
        return applied

    @property
    def schema_version(self) -> int:
        row = self.db.execute("SELECT count(*) FROM schema_migrations").fetchone()
        return int(row[0])

    # -- transactions -----------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        if self.db.in_transaction:  # nested: the outer one commits
            yield self.db
            return
        try:
            self.db.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise StoreError(f"cannot write to store {self.path}: {explain(exc)}") from exc
        try:
            yield self.db
            self.db.execute("COMMIT")
        except sqlite3.OperationalError as exc:
            # Full disk, read-only file, lost permissions: nothing of this batch is kept,
            # everything committed before it is intact.
            self._rollback()
            raise StoreError(f"cannot write to store {self.path}: {explain(exc)}; this batch was not written") from exc
        except BaseException:
            self._rollback()
            raise

    def _rollback(self) -> None:
        if self.db.in_transaction:  # SQLite may already have rolled back (e.g. on a full disk)
            self.db.execute("ROLLBACK")


def explain(exc: sqlite3.Error) -> str:
    """SQLite's error in the words a user acts on."""
    message = str(exc).lower()
    if "disk is full" in message or "database or disk is full" in message:
        return "the disk is full (or the store reached its size limit)"
    if "readonly" in message or "read-only" in message:
        return "the store is read-only (file or folder permissions, or a read-only disk)"
    if "unable to open" in message or "permission" in message or "access" in message:
        return "permission denied, or the folder does not exist"
    if "locked" in message or "busy" in message:
        return "another process holds the store; try again"
    if "disk i/o" in message:
        return "the disk reported an input/output error"
    if "not a database" in message or "malformed" in message:
        return "the file is not an onrecord store, or it is damaged"
    return str(exc)


def _split_sql(sql: str) -> list[str]:
    """Split a migration into statements, keeping trigger bodies (BEGIN ... END;) whole."""
    statements, current = [], []
    for line in sql.splitlines():
        if line.strip().startswith("--") and not current:
            continue
        current.append(line)
        chunk = "\n".join(current).strip()
        if chunk.endswith(";") and sqlite3.complete_statement(chunk):
            statements.append(chunk)
            current = []
    tail = "\n".join(current).strip()
    if tail:
        statements.append(tail)
    return statements
