"""The records that pass between stages.

Every stage is a plain function from records to records; these dataclasses are the
whole contract between them. Nothing here does I/O.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Literal

QuoteKind = Literal["direct", "partial", "indirect"]
EntityKind = Literal["person", "organisation", "government", "place"]


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(slots=True)
class Document:
    """Raw bytes as they arrived, addressed by their sha256."""

    id: str
    uri: str
    retrieved_at: str  # ISO 8601 UTC
    media_type: str  # "text/plain", "text/html", "application/json" (one JSONL line), ...
    raw: bytes
    # Fields a structured source (JSONL, feed, WARC header) already gave us; the cleaner
    # prefers them to what it would guess from the text.
    hints: dict[str, str | None] = field(default_factory=dict)

    @classmethod
    def from_bytes(
        cls,
        raw: bytes,
        uri: str,
        media_type: str,
        retrieved_at: str,
        hints: dict[str, str | None] | None = None,
    ) -> Document:
        return cls(sha256_hex(raw), uri, retrieved_at, media_type, raw, dict(hints or {}))


@dataclass(slots=True)
class Failure:
    """Why a source did not become an article. Stored, shown by `onrecord failures`."""

    uri: str
    stage: str  # "ingest", "clean", "analyse", ...
    reason: str  # short, plainly worded, stable: "empty", "binary", "too large", ...
    detail: str = ""
    document_id: str | None = None


@dataclass(slots=True)
class RemovedSpan:
    """Text the cleaner removed, kept for audit. Offsets are into the extracted text."""

    start: int
    end: int
    text: str
    reason: str  # "error page", "disclaimer", "repeated paragraph", ...


@dataclass(slots=True)
class DateEvidence:
    value: str  # ISO date "YYYY-MM-DD"
    how: str  # the words it came from, or the method: 'text "Tue, 01/15/2019 - 10:27"'


@dataclass(slots=True)
class Dateline:
    place: str | None = None
    agency: str | None = None
    date_text: str | None = None  # "January 14", "Jan. 16" as written
    text: str = ""  # the whole dateline as written


@dataclass(slots=True)
class Article:
    id: str
    document_id: str
    text: str  # clean text; every quote span points into this
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    published: DateEvidence | None = None
    dateline: Dateline | None = None
    byline: str | None = None
    language: str | None = None
    paragraphs: list[tuple[int, int]] = field(default_factory=list)  # offsets into text
    removed: list[RemovedSpan] = field(default_factory=list)
    duplicate_of: str | None = None
    story_id: str | None = None


@dataclass(slots=True)
class Mention:
    text: str
    start: int
    end: int


@dataclass(slots=True)
class Quote:
    article_id: str
    start: int  # span of the quoted words in Article.text, quote marks excluded
    end: int
    text: str
    kind: QuoteKind
    cue: str | None = None  # the cue verb or phrase: "said", "according to"
    speaker_mention: Mention | None = None  # the words naming the speaker where attributed
    speaker: str | None = None  # canonical name within the article ("Sergei Lavrov")
    speaker_kind: EntityKind | None = None
    entity_id: str | None = None  # set by resolve
    confidence: float = 0.0
    said_on: DateEvidence | None = None
    statement_id: str | None = None

    @property
    def id(self) -> str:
        return f"{self.article_id}:{self.start}:{self.end}"

    @staticmethod
    def article_of(quote_id: str) -> str:
        """The article a quote id belongs to (the id ends in the quote's two offsets)."""
        return quote_id.rsplit(":", 2)[0]


@dataclass(slots=True)
class Role:
    title: str  # as the office names itself: "Minister of Foreign Affairs"
    organisation: str | None = None  # "Russia", "United Nations"
    start: str | None = None  # ISO date (or YYYY-MM / YYYY where only that is known)
    end: str | None = None  # None = still in office
    function: str | None = None  # comparable across countries: "foreign_minister", "head_of_state", ...


@dataclass(slots=True)
class Entity:
    id: str
    name: str
    kind: EntityKind
    country: str | None = None
    aliases: list[str] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    source: str = "corpus"  # "kb" (shipped), "user" (user's file), "corpus" (found in articles)


@dataclass(slots=True)
class Statement:
    id: str
    speaker_entity_id: str | None
    said_on: str | None
    canonical_text: str
    canonical_quote_id: str
    first_quote_id: str
    quote_ids: list[str] = field(default_factory=list)
    story_id: str | None = None


@dataclass(slots=True)
class SyndicationGroup:
    id: str
    article_ids: list[str]
    primary_id: str
    why: str  # the evidence for the primary choice, in words


@dataclass(slots=True)
class Story:
    id: str
    title: str
    start: str | None
    end: str | None
    article_ids: list[str] = field(default_factory=list)
