"""Flat exports of the record: one row per quote, statement, article or entity.

Rows are read from SQLite in batches and written as they come, so memory stays flat on
any store size. Column names are stable (they are documented in docs/schema.md); dates
are ISO strings, and there are no nested values, so pandas, R or a spreadsheet read the
files without post-processing.
"""

from __future__ import annotations

import csv
import json
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from onrecord.query.browse import until_bound

WHATS = ("quotes", "statements", "articles", "entities")
FORMATS = ("parquet", "csv", "jsonl")
BATCH = 5000

# name -> (column, arrow type); arrow types: "string", "int64", "float64"
COLUMNS: dict[str, list[tuple[str, str]]] = {
    "quotes": [
        ("quote_id", "string"),
        ("text", "string"),
        ("kind", "string"),
        ("speaker_id", "string"),
        ("speaker_name", "string"),
        ("said_on", "string"),
        ("statement_id", "string"),
        ("article_id", "string"),
        ("article_url", "string"),
        ("outlet", "string"),
        ("published", "string"),
        ("confidence", "float64"),
        ("cue", "string"),
    ],
    "statements": [
        ("statement_id", "string"),
        ("text", "string"),
        ("kind", "string"),
        ("speaker_id", "string"),
        ("speaker_name", "string"),
        ("said_on", "string"),
        ("story_id", "string"),
        ("story_title", "string"),
        ("n_reports", "int64"),
        ("canonical_quote_id", "string"),
        ("first_quote_id", "string"),
        ("first_outlet", "string"),
        ("first_published", "string"),
        ("first_url", "string"),
    ],
    "articles": [
        ("article_id", "string"),
        ("document_id", "string"),
        ("url", "string"),
        ("outlet", "string"),
        ("title", "string"),
        ("published", "string"),
        ("byline", "string"),
        ("language", "string"),
        ("dateline_place", "string"),
        ("dateline_agency", "string"),
        ("story_id", "string"),
        ("duplicate_of", "string"),
        ("syndication_group", "string"),
        ("n_quotes", "int64"),
        ("text", "string"),
    ],
    "entities": [
        ("entity_id", "string"),
        ("name", "string"),
        ("kind", "string"),
        ("country", "string"),
        ("source", "string"),
        ("aliases", "string"),
        ("roles", "string"),
        ("n_quotes", "int64"),
        ("n_statements", "int64"),
        ("first_said_on", "string"),
        ("last_said_on", "string"),
    ],
}

# Each query's select list is in the order of COLUMNS; {where} takes the date filter.
_SQL = {
    "quotes": (
        "SELECT q.id, q.text, q.kind, q.entity_id, coalesce(e.name, q.speaker), q.said_on, q.statement_id,"
        " q.article_id, a.url, a.outlet, a.published, q.confidence, q.cue"
        " FROM quotes q JOIN articles a ON a.id = q.article_id LEFT JOIN entities e ON e.id = q.entity_id"
        " {where} ORDER BY q.rowid",
        "coalesce(q.said_on, a.published)",
    ),
    "statements": (
        "SELECT s.id, s.canonical_text, cq.kind, s.speaker_entity_id, e.name, s.said_on, s.story_id, st.title,"
        " s.n_reports, s.canonical_quote_id, s.first_quote_id, fa.outlet, fa.published, fa.url"
        " FROM statements s LEFT JOIN entities e ON e.id = s.speaker_entity_id"
        " LEFT JOIN stories st ON st.id = s.story_id LEFT JOIN quotes cq ON cq.id = s.canonical_quote_id"
        " LEFT JOIN quotes fq ON fq.id = s.first_quote_id LEFT JOIN articles fa ON fa.id = fq.article_id"
        " {where} ORDER BY s.rowid",
        "s.said_on",
    ),
    "articles": (
        "SELECT a.id, a.document_id, a.url, a.outlet, a.title, a.published, a.byline, a.language,"
        " a.dateline_place, a.dateline_agency, a.story_id, a.duplicate_of, a.syndication_group,"
        " (SELECT count(*) FROM quotes q WHERE q.article_id = a.id), a.text"
        " FROM articles a {where} ORDER BY a.rowid",
        "a.published",
    ),
    "entities": (
        "SELECT e.id, e.name, e.kind, e.country, e.source,"
        " (SELECT group_concat(alias, ' | ') FROM (SELECT alias FROM entity_aliases WHERE entity_id = e.id"
        "  ORDER BY alias)),"
        " (SELECT group_concat(r, ' | ') FROM (SELECT title || coalesce(', ' || organisation, '')"
        "  || ' (' || coalesce(start, '?') || ' – ' || coalesce(end, 'now') || ')' AS r"
        "  FROM entity_roles WHERE entity_id = e.id ORDER BY coalesce(start, ''))),"
        " (SELECT count(*) FROM quotes q WHERE q.entity_id = e.id),"
        " (SELECT count(*) FROM statements s WHERE s.speaker_entity_id = e.id),"
        " (SELECT min(said_on) FROM quotes q WHERE q.entity_id = e.id),"
        " (SELECT max(said_on) FROM quotes q WHERE q.entity_id = e.id)"
        " FROM entities e {where} ORDER BY e.rowid",
        None,
    ),
}


@dataclass(slots=True)
class ExportReport:
    what: str
    format: str
    rows: int
    out: str


class ExportError(ValueError):
    """The export cannot be made as asked; the message says which option and why."""


def iter_rows(db: sqlite3.Connection, what: str, since: str | None = None, until: str | None = None) -> Iterator[list]:
    """Batches of rows (lists of tuples in COLUMNS order) for one kind of record."""
    if what not in _SQL:
        raise ExportError(f"--what: expected one of {', '.join(WHATS)}, got {what!r}")
    sql, date_column = _SQL[what]
    where, params = [], []
    if date_column is None and (since or until):
        # An entity has no date of its own: keep those quoted within the range.
        sub, sub_params = [], []
        if since:
            sub.append("coalesce(q.said_on, a.published) >= ?")
            sub_params.append(since)
        if until:
            sub.append("coalesce(q.said_on, a.published) <= ?")
            sub_params.append(until_bound(until))
        where.append(
            "e.id IN (SELECT q.entity_id FROM quotes q JOIN articles a ON a.id = q.article_id WHERE "  # noqa: S608
            + " AND ".join(sub)  # fixed fragments only; the dates are parameters
            + ")"
        )
        params += sub_params
    else:
        if since:
            where.append(f"{date_column} >= ?")
            params.append(since)
        if until:
            where.append(f"{date_column} <= ?")
            params.append(until_bound(until))
    cur = db.execute(sql.format(where=("WHERE " + " AND ".join(where)) if where else ""), params)
    while batch := cur.fetchmany(BATCH):
        yield [tuple(r) for r in batch]


@contextmanager
def _open_text(out: str | None) -> Iterator[IO[str]]:
    if out is None or out == "-":
        yield sys.stdout
        return
    with open(out, "w", encoding="utf-8", newline="") as fh:
        yield fh


def export(
    db: sqlite3.Connection,
    what: str,
    fmt: str,
    out: str | Path | None = None,
    *,
    since: str | None = None,
    until: str | None = None,
) -> ExportReport:
    """Write every record of `what` (within the dates) to `out` in `fmt`; '-' or None is stdout for text formats."""
    if what not in WHATS:
        raise ExportError(f"--what: expected one of {', '.join(WHATS)}, got {what!r}")
    if fmt not in FORMATS:
        raise ExportError(f"--format: expected one of {', '.join(FORMATS)}, got {fmt!r}")
    out = str(out) if out is not None else None
    if out and out != "-":
        Path(out).parent.mkdir(parents=True, exist_ok=True)
    names = [c for c, _ in COLUMNS[what]]
    rows = iter_rows(db, what, since, until)
    if fmt == "parquet":
        if out is None or out == "-":
            raise ExportError("--out: parquet is binary; give a file path")
        n = _write_parquet(rows, what, out)
    elif fmt == "csv":
        with _open_text(out) as fh:
            writer = csv.writer(fh, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
            writer.writerow(names)
            n = 0
            for batch in rows:
                writer.writerows(batch)
                n += len(batch)
    else:
        with _open_text(out) as fh:
            n = 0
            for batch in rows:
                fh.writelines(json.dumps(dict(zip(names, r, strict=True)), ensure_ascii=False) + "\n" for r in batch)
                n += len(batch)
    return ExportReport(what, fmt, n, out or "-")


def _write_parquet(batches: Iterator[list], what: str, out: str) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    types = {"string": pa.string(), "int64": pa.int64(), "float64": pa.float64()}
    schema = pa.schema([(name, types[t]) for name, t in COLUMNS[what]])
    n = 0
    with pq.ParquetWriter(out, schema, compression="zstd") as writer:
        for batch in batches:
            columns = list(zip(*batch, strict=True))
            arrays = [pa.array(col, type=f.type) for col, f in zip(columns, schema, strict=True)]
            writer.write_table(pa.Table.from_arrays(arrays, schema=schema))
            n += len(batch)
        if n == 0:
            writer.write_table(schema.empty_table())
    return n
