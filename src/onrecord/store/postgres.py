"""The PostgreSQL store: a shared team store with the same tables, behaviour and search as SQLite.

Open it with a URL: `open_store("postgresql://user@host/db")` (or `--db`, or ONRECORD_DB).
The mixins and every reader of `store.db` write SQLite SQL; here `store.db` is a connection
that translates each statement (see dialect.py) and returns rows that read like sqlite3.Row
(by index and by name), so one query layer serves both backends. Writers take one lock for
the length of their transaction, as SQLite's BEGIN IMMEDIATE does, so concurrent `add` and
`relink` runs from several machines never interleave their writes; readers never wait.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from importlib import resources

import psycopg
from psycopg.adapt import Loader
from psycopg.pq import TransactionStatus

from onrecord.store.dialect import WRITER_LOCK_KEY, Dialect, Schema, Translation
from onrecord.store.documents import DocumentsMixin
from onrecord.store.handle import StoreHandle
from onrecord.store.linking import LinkingMixin
from onrecord.store.quotes import QuotesMixin
from onrecord.store.sqlite import StoreError, utcnow

URL_SCHEMES = ("postgresql://", "postgres://")
_MIGRATION_LOCK_KEY = WRITER_LOCK_KEY + 1


def is_postgres_url(db: object) -> bool:
    return isinstance(db, str) and db.lower().startswith(URL_SCHEMES)


def redact(url: str) -> str:
    """The URL without its password, for messages."""
    return re.sub(r"(://[^:/@]*):[^@/]*@", r"\1:***@", url)


def _migrations() -> list[tuple[str, str]]:
    folder = resources.files("onrecord.store") / "migrations_pg"
    found = [(p.name, p.read_text(encoding="utf-8")) for p in folder.iterdir() if p.name.endswith(".sql")]
    return sorted(found)


class Row(tuple):
    """A result row read by position or by (case-insensitive) column name, like sqlite3.Row."""

    _names: tuple[str, ...] = ()
    _index: dict[str, int] = {}

    def __getitem__(self, key):
        if isinstance(key, str):
            try:
                key = self._index[key.lower()]
            except KeyError:
                raise IndexError(f"No item with that key: {key!r}") from None
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self._names)


class _NumberLoader(Loader):
    """numeric (sum, avg of integers) reads as SQLite gives it: an int when whole, else a float."""

    def load(self, data) -> int | float:
        text = bytes(data).decode()
        try:
            return int(text)
        except ValueError:
            return float(text)


class _TruthLoader(Loader):
    """A comparison in a select list reads as SQLite's 1 or 0, not True or False."""

    def load(self, data) -> int:
        return 1 if bytes(data) == b"t" else 0


def _row_factory(hidden: frozenset[str]):
    def factory(cursor):
        names = [d.name for d in cursor.description or ()]
        keep = [i for i, n in enumerate(names) if n not in hidden]
        kept = tuple(names[i] for i in keep)
        index: dict[str, int] = {}
        for i, n in enumerate(kept):
            index.setdefault(n.lower(), i)
        cls = type("Row", (Row,), {"_names": kept, "_index": index})
        if len(keep) == len(names):
            return lambda values: cls(values)
        return lambda values: cls(values[i] for i in keep)

    return factory


class Cursor:
    """The part of sqlite3.Cursor the project uses."""

    def __init__(self, cur: psycopg.Cursor | None, hidden: frozenset[str] = frozenset()):
        self._cur = cur
        self._hidden = hidden

    @property
    def rowcount(self) -> int:
        return self._cur.rowcount if self._cur is not None else -1

    @property
    def description(self):
        if self._cur is None or self._cur.description is None:
            return None
        return [d for d in self._cur.description if d.name not in self._hidden]

    lastrowid = None

    def _has_rows(self) -> bool:
        return self._cur is not None and self._cur.description is not None

    def fetchone(self):
        return self._cur.fetchone() if self._has_rows() else None

    def fetchall(self) -> list:
        return self._cur.fetchall() if self._has_rows() else []

    def fetchmany(self, size: int = 1) -> list:
        return self._cur.fetchmany(size) if self._has_rows() else []

    def __iter__(self) -> Iterator:
        return iter(self.fetchall())

    def close(self) -> None:
        if self._cur is not None:
            self._cur.close()


class Connection:
    """A psycopg connection that speaks the project's SQLite dialect (autocommit outside transactions)."""

    def __init__(self, conn: psycopg.Connection, dialect: Dialect):
        self.raw = conn
        self.dialect = dialect

    @property
    def in_transaction(self) -> bool:
        return self.raw.info.transaction_status != TransactionStatus.IDLE

    def _run(self, t: Translation, params) -> Cursor:
        if t.sql is None:
            return Cursor(None)
        cur = self.raw.cursor(row_factory=_row_factory(t.hidden))
        if t.begin_write:
            cur.execute("BEGIN")
            cur.execute("SELECT pg_advisory_xact_lock(%s)", (WRITER_LOCK_KEY,))
            return Cursor(None)
        bound = t.bind(params)
        cur.execute(t.sql, bound if t.plan else None)
        return Cursor(cur, t.hidden)

    def execute(self, sql: str, params: Sequence | Mapping | None = ()) -> Cursor:
        return self._run(self.dialect.translate(sql), params)

    def executemany(self, sql: str, seq_of_params) -> Cursor:
        t = self.dialect.translate(sql)
        rows = [t.bind(p) for p in seq_of_params]
        if t.sql is None or not rows:
            return Cursor(None)
        cur = self.raw.cursor()
        cur.executemany(t.sql, rows)
        return Cursor(cur)

    def commit(self) -> None:
        if self.in_transaction:
            self.raw.execute("COMMIT")

    def rollback(self) -> None:
        if self.in_transaction:
            self.raw.execute("ROLLBACK")

    def close(self) -> None:
        self.raw.close()


class PostgresStore(StoreHandle, DocumentsMixin, QuotesMixin, LinkingMixin):
    """A handle on one PostgreSQL store. Not shared between threads; open one per process."""

    def __init__(self, url: str, *, readonly: bool = False):
        self.url = url
        self.path = redact(url)
        self.readonly = readonly
        try:
            conn = psycopg.connect(url, autocommit=True, application_name="onrecord")
        except psycopg.Error as exc:
            raise StoreError(f"cannot open store {self.path}: {str(exc).strip()}") from exc
        try:
            encoding = conn.execute("SHOW server_encoding").fetchone()[0]
            if encoding.upper() not in ("UTF8", "UTF-8"):
                raise StoreError(f"cannot open store {self.path}: the database must be UTF8, not {encoding}")
            if not readonly:
                self._migrate(conn)
            if readonly:
                conn.execute("SET default_transaction_read_only = on")
            conn.adapters.register_loader("numeric", _NumberLoader)
            conn.adapters.register_loader("bool", _TruthLoader)
            self.db = Connection(conn, Dialect(_schema(conn)))
        except psycopg.Error as exc:
            conn.close()
            raise StoreError(f"cannot open store {self.path}: {str(exc).strip()}") from exc
        except BaseException:
            conn.close()
            raise

    # -- schema -----------------------------------------------------------------------

    @staticmethod
    def _migrate(conn: psycopg.Connection) -> list[str]:
        """Apply every migration not yet applied, each in its own transaction; one process at a time."""
        applied = []
        conn.execute("SELECT pg_advisory_lock(%s)", (_MIGRATION_LOCK_KEY,))
        try:
            conn.execute(
                'CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT COLLATE "C" PRIMARY KEY,'
                " applied_at TEXT NOT NULL)"
            )
            done = {r[0] for r in conn.execute("SELECT name FROM schema_migrations")}
            for name, sql in _migrations():
                if name in done:
                    continue
                with conn.transaction():
                    conn.execute(sql)
                    conn.execute("INSERT INTO schema_migrations VALUES (%s, %s)", (name, utcnow()))
                applied.append(name)
        finally:
            conn.execute("SELECT pg_advisory_unlock(%s)", (_MIGRATION_LOCK_KEY,))
        return applied

    def migrate(self) -> list[str]:
        applied = self._migrate(self.db.raw)
        self.db.dialect = Dialect(_schema(self.db.raw))
        return applied

    @property
    def schema_version(self) -> int:
        return int(self.scalar("SELECT count(*) FROM schema_migrations"))

    # -- transactions -----------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        if self.db.in_transaction:  # nested: the outer one commits
            yield self.db
            return
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.rollback()
            raise
        else:
            self.db.commit()


def _schema(conn: psycopg.Connection) -> Schema:
    columns: dict[str, list[str]] = {}
    for table, column in conn.execute(
        "SELECT table_name, column_name FROM information_schema.columns"
        " WHERE table_schema = current_schema() AND column_name <> 'rowid' AND is_generated = 'NEVER'"
        " ORDER BY table_name, ordinal_position"
    ):
        columns.setdefault(table, []).append(column)
    keys: dict[str, list[str]] = {}
    for table, column in conn.execute(
        "SELECT tc.table_name, kcu.column_name FROM information_schema.table_constraints tc"
        " JOIN information_schema.key_column_usage kcu ON kcu.constraint_name = tc.constraint_name"
        " AND kcu.table_schema = tc.table_schema AND kcu.table_name = tc.table_name"
        " WHERE tc.constraint_type = 'PRIMARY KEY' AND tc.table_schema = current_schema()"
        " ORDER BY tc.table_name, kcu.ordinal_position"
    ):
        keys.setdefault(table, []).append(column)
    return Schema({t: tuple(c) for t, c in columns.items()}, {t: tuple(c) for t, c in keys.items()})
