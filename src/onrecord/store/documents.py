"""Reads and writes of documents, articles, removed spans and failures."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from onrecord.records import Article, DateEvidence, Dateline, Document, Failure, RemovedSpan

if TYPE_CHECKING:
    import sqlite3


def _now() -> str:
    from onrecord.store.sqlite import utcnow

    return utcnow()


class DocumentsMixin:
    db: sqlite3.Connection

    # -- documents --------------------------------------------------------------------

    def has_document(self, document_id: str) -> bool:
        return self.db.execute("SELECT 1 FROM documents WHERE id = ?", (document_id,)).fetchone() is not None

    def put_document(self, doc: Document) -> bool:
        """Store raw bytes once; remember every URI they came from. True if the bytes are new."""
        cur = self.db.execute(
            "INSERT OR IGNORE INTO documents (id, uri, retrieved_at, media_type, size, raw, hints)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (doc.id, doc.uri, doc.retrieved_at, doc.media_type, len(doc.raw), doc.raw, json.dumps(doc.hints)),
        )
        self.db.execute(
            "INSERT OR IGNORE INTO document_sources (document_id, uri, first_seen) VALUES (?, ?, ?)",
            (doc.id, doc.uri, doc.retrieved_at),
        )
        return cur.rowcount == 1

    def get_document(self, document_id: str) -> Document | None:
        row = self.db.execute("SELECT * FROM documents WHERE id = ?", (document_id,)).fetchone()
        if row is None:
            return None
        return Document(
            row["id"], row["uri"], row["retrieved_at"], row["media_type"], row["raw"], json.loads(row["hints"])
        )

    def document_sources(self, document_id: str) -> list[str]:
        rows = self.db.execute(
            "SELECT uri FROM document_sources WHERE document_id = ? ORDER BY first_seen, uri", (document_id,)
        )
        return [r[0] for r in rows]

    # -- articles ---------------------------------------------------------------------

    def put_article(self, a: Article) -> None:
        """Insert or replace an article and its removed spans (re-cleaning replaces)."""
        self.db.execute(
            "INSERT INTO articles (id, document_id, url, outlet, title, published, published_how,"
            " dateline_place, dateline_agency, dateline_text, dateline_date, byline, language, text, paragraphs,"
            " duplicate_of, story_id, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
            " ON CONFLICT(id) DO UPDATE SET url=excluded.url, outlet=excluded.outlet, title=excluded.title,"
            " published=excluded.published, published_how=excluded.published_how,"
            " dateline_place=excluded.dateline_place, dateline_agency=excluded.dateline_agency,"
            " dateline_text=excluded.dateline_text, dateline_date=excluded.dateline_date, byline=excluded.byline, language=excluded.language,"
            " text=excluded.text, paragraphs=excluded.paragraphs",
            (
                a.id,
                a.document_id,
                a.url,
                a.outlet,
                a.title,
                a.published.value if a.published else None,
                a.published.how if a.published else None,
                a.dateline.place if a.dateline else None,
                a.dateline.agency if a.dateline else None,
                a.dateline.text if a.dateline else None,
                a.dateline.date_text if a.dateline else None,
                a.byline,
                a.language,
                a.text,
                json.dumps(a.paragraphs),
                a.duplicate_of,
                a.story_id,
                _now(),
            ),
        )
        self.db.execute("DELETE FROM removed_spans WHERE article_id = ?", (a.id,))
        self.db.executemany(
            "INSERT INTO removed_spans (article_id, start, end, text, reason) VALUES (?, ?, ?, ?, ?)",
            [(a.id, r.start, r.end, r.text, r.reason) for r in a.removed],
        )

    def has_article(self, article_id: str) -> bool:
        return self.db.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is not None

    def get_article(self, article_id: str) -> Article | None:
        row = self.db.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            return None
        removed = [
            RemovedSpan(r["start"], r["end"], r["text"], r["reason"])
            for r in self.db.execute("SELECT * FROM removed_spans WHERE article_id = ? ORDER BY start", (article_id,))
        ]
        return article_from_row(row, removed)

    def iter_articles(self, *, batch: int = 500, paragraphs: bool = True):
        """All articles in id order, streamed in batches (memory stays flat). Without
        `paragraphs`, their paragraph offsets are left empty (linking never reads them)."""
        last = ""
        while True:
            rows = self.db.execute("SELECT * FROM articles WHERE id > ? ORDER BY id LIMIT ?", (last, batch)).fetchall()
            if not rows:
                return
            for row in rows:
                yield article_from_row(row, [], paragraphs=paragraphs)
            last = rows[-1]["id"]

    # -- failures ---------------------------------------------------------------------

    def record_failure(self, f: Failure) -> None:
        self.db.execute(
            "INSERT INTO failures (uri, document_id, stage, reason, detail, created_at) VALUES (?, ?, ?, ?, ?, ?)"
            " ON CONFLICT(uri, stage) DO UPDATE SET document_id=excluded.document_id, reason=excluded.reason,"
            " detail=excluded.detail, created_at=excluded.created_at",
            (f.uri, f.document_id, f.stage, f.reason, f.detail, _now()),
        )

    def clear_failures(self, uri: str) -> None:
        self.db.execute("DELETE FROM failures WHERE uri = ?", (uri,))

    def failures(self) -> list[Failure]:
        rows = self.db.execute("SELECT * FROM failures ORDER BY created_at, id")
        return [Failure(r["uri"], r["stage"], r["reason"], r["detail"], r["document_id"]) for r in rows]


def article_from_row(row: sqlite3.Row, removed: list[RemovedSpan], paragraphs: bool = True) -> Article:
    published = DateEvidence(row["published"], row["published_how"] or "") if row["published"] else None
    dateline = None
    if row["dateline_text"]:
        date_text = row["dateline_date"] if "dateline_date" in row.keys() else None
        dateline = Dateline(row["dateline_place"], row["dateline_agency"], date_text, row["dateline_text"])
    return Article(
        id=row["id"],
        document_id=row["document_id"],
        text=row["text"],
        url=row["url"],
        outlet=row["outlet"],
        title=row["title"],
        published=published,
        dateline=dateline,
        byline=row["byline"],
        language=row["language"],
        paragraphs=[tuple(p) for p in json.loads(row["paragraphs"])] if paragraphs else [],
        removed=removed,
        duplicate_of=row["duplicate_of"],
        story_id=row["story_id"],
    )
