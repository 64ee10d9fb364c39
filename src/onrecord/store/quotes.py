"""Reads and writes of quotes."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from onrecord.records import DateEvidence, Mention, Quote

if TYPE_CHECKING:
    import sqlite3


class QuotesMixin:
    db: sqlite3.Connection

    def put_quotes(self, article_id: str, quotes: list[Quote]) -> None:
        """Replace all quotes of one article (re-running attribution replaces, never duplicates)."""
        self.db.execute("DELETE FROM quotes WHERE article_id = ?", (article_id,))
        self.db.executemany(
            "INSERT INTO quotes (id, article_id, start, end, text, kind, cue, speaker_text, speaker_start,"
            " speaker_end, speaker, speaker_kind, entity_id, confidence, said_on, said_on_how, statement_id)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [quote_row(q) for q in quotes],
        )

    def quotes_of_article(self, article_id: str) -> list[Quote]:
        rows = self.db.execute("SELECT * FROM quotes WHERE article_id = ? ORDER BY start", (article_id,))
        return [quote_from_row(r) for r in rows]


def quote_row(q: Quote) -> tuple:
    m = q.speaker_mention
    return (
        q.id,
        q.article_id,
        q.start,
        q.end,
        q.text,
        q.kind,
        q.cue,
        m.text if m else None,
        m.start if m else None,
        m.end if m else None,
        q.speaker,
        q.speaker_kind,
        q.entity_id,
        q.confidence,
        q.said_on.value if q.said_on else None,
        q.said_on.how if q.said_on else None,
        q.statement_id,
    )


def quote_from_row(r: sqlite3.Row, statement: bool = True) -> Quote:
    """A quote from its row. The values many quotes repeat (their article, speaker, kind, cue,
    day) are interned: a relink holds every quote of a window, and needs one string per value,
    not one per row. Without `statement`, its statement id is left out: a relink, which
    assigns it afresh, would hold one unshared string per quote for nothing."""
    mention = Mention(_shared(r["speaker_text"]), r["speaker_start"], r["speaker_end"]) if r["speaker_text"] else None
    said_on = DateEvidence(_shared(r["said_on"]), _shared(r["said_on_how"] or "")) if r["said_on"] else None
    return Quote(
        article_id=_shared(r["article_id"]),
        start=r["start"],
        end=r["end"],
        text=r["text"],
        kind=_shared(r["kind"]),
        cue=_shared(r["cue"]),
        speaker_mention=mention,
        speaker=_shared(r["speaker"]),
        speaker_kind=_shared(r["speaker_kind"]),
        entity_id=_shared(r["entity_id"]),
        confidence=r["confidence"],
        said_on=said_on,
        statement_id=r["statement_id"] if statement else None,
    )


def _shared(value: str | None) -> str | None:
    return sys.intern(value) if value is not None else None
