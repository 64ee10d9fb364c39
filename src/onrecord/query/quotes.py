"""Listing quotes and full-text search over them, for the command line and the web.

Functions take an open `sqlite3.Connection` (a `Store.db`; read-only is enough) and
return plain dataclasses. Every value from a user is a bound parameter; search text is
turned into a quoted FTS5 query unless the caller asks for FTS5 syntax explicitly, so
no search string can raise or reach the query language by accident.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import asdict, dataclass, field

KINDS = ("direct", "partial", "indirect")
MAX_LIMIT = 1000
# Snippet highlight markers: control characters, which clean article text never holds.
_OPEN, _CLOSE = "\x02", "\x03"
_WORD = re.compile(r"[^\W_]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class SearchError(ValueError):
    """A search the index cannot run; the message says why in plain words."""


@dataclass(slots=True)
class QuoteHit:
    id: str
    article_id: str
    text: str
    kind: str
    speaker: str | None
    speaker_text: str | None
    entity_id: str | None
    cue: str | None
    said_on: str | None
    statement_id: str | None
    start: int
    end: int
    outlet: str | None
    published: str | None
    url: str | None
    title: str | None
    snippet: str | None = None  # search only: a window of the quote around the matched words
    highlights: list[tuple[int, int]] = field(default_factory=list)  # [start, end) of matched words in snippet
    rank: float | None = None  # search only: bm25, lower is better

    def to_dict(self) -> dict:
        data = asdict(self)
        data["highlights"] = [list(h) for h in self.highlights]
        return data


_COLUMNS = (
    "q.id, q.article_id, q.text, q.kind, q.speaker, q.speaker_text, q.entity_id, q.cue, q.said_on,"
    " q.statement_id, q.start, q.end, a.outlet, a.published, a.url, a.title"
)


def _like(value: str) -> str:
    return "%" + value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _filters(speaker: str | None, article: str | None, kind: str | None) -> tuple[list[str], list[object]]:
    where: list[str] = []
    params: list[object] = []
    if speaker:
        where.append(
            "(q.speaker LIKE ? ESCAPE '\\' OR q.speaker_text LIKE ? ESCAPE '\\' OR q.entity_id = ?"
            " OR q.entity_id IN (SELECT id FROM entities WHERE name LIKE ? ESCAPE '\\')"
            " OR q.entity_id IN (SELECT entity_id FROM entity_aliases WHERE alias LIKE ? ESCAPE '\\'))"
        )
        params += [_like(speaker), _like(speaker), speaker, _like(speaker), _like(speaker)]
    if article:
        prefix = article.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        where.append("q.article_id LIKE ? ESCAPE '\\'")
        params.append(prefix)
    if kind:
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
        where.append("q.kind = ?")
        params.append(kind)
    return where, params


def _limit(limit: int) -> int:
    return max(1, min(int(limit), MAX_LIMIT))


def _hit(row: sqlite3.Row) -> QuoteHit:
    return QuoteHit(*(row[i] for i in range(16)))


def list_quotes(
    db: sqlite3.Connection,
    *,
    speaker: str | None = None,
    article: str | None = None,
    kind: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> list[QuoteHit]:
    """Quotes, newest articles first, in reading order within an article.

    `speaker` matches part of the name (as resolved or as written) or an entity id;
    `article` is an article id or a prefix of one.
    """
    where, params = _filters(speaker, article, kind)
    sql = (
        f"SELECT {_COLUMNS} FROM quotes q JOIN articles a ON a.id = q.article_id"  # noqa: S608 (fixed fragments)
        + (" WHERE " + " AND ".join(where) if where else "")
        + " ORDER BY a.published IS NULL, a.published DESC, q.article_id, q.start LIMIT ? OFFSET ?"
    )
    rows = db.execute(sql, (*params, _limit(limit), max(0, int(offset)))).fetchall()
    return [_hit(r) for r in rows]


def fts_query(text: str) -> str | None:
    """A safe FTS5 query for what a person typed: every word a quoted term, all required.

    Words in double quotes stay together as a phrase; a trailing `*` asks for a prefix.
    Punctuation-only pieces are dropped. None when nothing searchable is left.
    """
    parts: list[str] = []
    text = _CONTROL.sub(" ", text or "")  # FTS5 strings end at NUL; other control characters index as nothing
    for phrase, loose in re.findall(r'"([^"]*)"|([^\s"]+)', text):
        star = bool(loose) and loose.endswith("*")
        words = phrase or loose.rstrip("*")
        if not _WORD.search(words):
            continue  # nothing the tokenizer would index
        parts.append('"' + words.replace('"', '""') + '"' + ("*" if star else ""))
    return " ".join(parts) if parts else None


def search_quotes(
    db: sqlite3.Connection,
    query: str,
    *,
    speaker: str | None = None,
    kind: str | None = None,
    limit: int = 20,
    fts_syntax: bool = False,
    snippet_words: int = 24,
) -> list[QuoteHit]:
    """Quotes whose words (or speaker's name) match, best first, each with a highlighted snippet.

    With `fts_syntax` the query is passed to FTS5 as written (AND, OR, NEAR, column
    filters); a malformed one raises SearchError instead of an SQLite error.
    """
    match = query.strip() if fts_syntax else fts_query(query)
    if not match:
        return []
    where, params = _filters(speaker, None, kind)
    sql = (
        f"SELECT {_COLUMNS}, snippet(quotes_fts, 0, ?, ?, '…', ?) AS snip, bm25(quotes_fts) AS score"  # noqa: S608
        " FROM quotes_fts JOIN quotes q ON q.rowid = quotes_fts.rowid JOIN articles a ON a.id = q.article_id"
        " WHERE quotes_fts MATCH ?"
        + "".join(" AND " + w for w in where)
        + " ORDER BY score, q.article_id, q.start LIMIT ?"
    )
    words = max(1, min(int(snippet_words), 64))
    try:
        rows = db.execute(sql, (_OPEN, _CLOSE, words, match, *params, _limit(limit))).fetchall()
    except sqlite3.OperationalError as exc:
        if fts_syntax:
            raise SearchError(f"the search {query!r} is not valid FTS5 syntax ({exc})") from exc
        raise
    hits = []
    for row in rows:
        hit = _hit(row)
        hit.snippet, hit.highlights = _unmark(row["snip"] or "")
        if not hit.highlights:  # the match was in the speaker's name: show the quote's start
            hit.snippet = _opening(hit.text, words)
        hit.rank = row["score"]
        hits.append(hit)
    return hits


def _unmark(marked: str) -> tuple[str, list[tuple[int, int]]]:
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    length, opened = 0, None
    for piece in re.split(f"([{_OPEN}{_CLOSE}])", marked):
        if piece == _OPEN:
            opened = length
        elif piece == _CLOSE:
            if opened is not None:
                spans.append((opened, length))
            opened = None
        else:
            out.append(piece)
            length += len(piece)
    return "".join(out), spans


def _opening(text: str, words: int) -> str:
    tokens = text.split()
    return " ".join(tokens[:words]) + ("…" if len(tokens) > words else "")
