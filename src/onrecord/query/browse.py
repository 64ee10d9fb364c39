"""Paginated, filtered reads of the store for the HTTP API and the web pages.

Every function takes an open sqlite3 connection (read-only is enough) and returns plain
dicts, so the same reads serve JSON and HTML. Every query is parameterised; the only
text built into SQL is chosen from fixed fragments in this module. Filters are pushed
onto indexed columns (entity_id/said_on, outlet, published, story_id) and pages are
bounded, so no request walks the whole store.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

MAX_LIMIT = 500
DEFAULT_LIMIT = 50
# Bounds on the work one search does, whatever the word (see `search`).
COUNT_CAP = 20_000
FILTERED_COUNT_CAP = 5_000  # with filters each match is joined to its article to be counted
RANK_LIMIT = 10_000
FACET_SAMPLE = 2_000
TIMELINE_MAX = 2_000
CO_SPEAKER_ARTICLES = 1_000
CO_SPEAKER_STATEMENTS = 300
CONTEXT_CHARS = 320  # text shown on each side of a quote in a report


class BadQuery(ValueError):
    """A filter or search string the store cannot answer; the message names the parameter."""


@dataclass(slots=True)
class Filters:
    speaker: str | None = None  # entity id, or the speaker's name as written where unresolved
    outlet: str | None = None
    story: str | None = None
    since: str | None = None  # ISO date, inclusive
    until: str | None = None  # ISO date, inclusive
    kind: str | None = None
    limit: int = DEFAULT_LIMIT
    offset: int = 0

    def as_params(self) -> dict[str, Any]:
        """Non-empty filters, for building links to the next page or a narrower facet."""
        names = ("speaker", "outlet", "story", "since", "until", "kind")
        return {n: getattr(self, n) for n in names if getattr(self, n)}


@dataclass(slots=True)
class Page:
    items: list[dict]
    total: int
    limit: int
    offset: int
    facets: dict[str, list[dict]] = field(default_factory=dict)
    total_is_lower_bound: bool = False
    sort: str | None = None  # search only: "relevance", or "latest" when too many match to rank
    facets_sampled: bool = False  # search only: facets count the first FACET_SAMPLE matches

    @property
    def next_offset(self) -> int | None:
        nxt = self.offset + self.limit
        return nxt if nxt < self.total else None

    @property
    def prev_offset(self) -> int | None:
        return max(0, self.offset - self.limit) if self.offset > 0 else None


def until_bound(until: str) -> str:
    """`until` is inclusive: '2025-03' and '2025-03-31' both take every date in it."""
    return until + "\uffff"


def sql(*parts: str) -> str:
    """Join SQL fragments. Every fragment is a constant of this module; values always go in params."""
    return "".join(parts)


# -- search -----------------------------------------------------------------------------

_WORD = re.compile(r"\w+", re.UNICODE)


def fts_query(q: str) -> str:
    """Turn what a person typed into an FTS5 query of quoted terms (all must match).

    FTS5 has its own syntax (AND, NEAR, column filters, quotes); passing user text through
    would let a stray quote or operator raise an error, so every word becomes a quoted
    term and the last one a prefix, which is what a search box is expected to do.
    """
    words = _WORD.findall(q)
    if not words:
        raise BadQuery("q: the search needs at least one word (letters or digits)")
    words = words[:32]
    terms = ['"' + w.replace('"', '""') + '"' for w in words]
    terms[-1] += "*"
    return " ".join(terms)


def _speaker_clause(db: sqlite3.Connection, speaker: str, alias: str = "q") -> tuple[str, list]:
    """An entity id selects its resolved quotes; any other value, quotes whose speaker reads so."""
    if db.execute("SELECT 1 FROM entities WHERE id = ?", (speaker,)).fetchone():
        return f"{alias}.entity_id = ?", [speaker]
    return f"{alias}.speaker = ?", [speaker]


def _quote_where(db: sqlite3.Connection, f: Filters) -> tuple[list[str], list]:
    where, params = [], []
    if f.speaker:
        clause, p = _speaker_clause(db, f.speaker)
        where.append(clause)
        params += p
    if f.outlet:
        where.append("a.outlet = ?")
        params.append(f.outlet)
    if f.story:
        # Two indexed lookups (the article's story, the statement's story) instead of an OR that scans.
        where.append(
            "q.rowid IN (SELECT q2.rowid FROM articles a2 JOIN quotes q2 ON q2.article_id = a2.id"
            " WHERE a2.story_id = ? UNION SELECT q3.rowid FROM statements s3"
            " JOIN quotes q3 ON q3.statement_id = s3.id WHERE s3.story_id = ?)"
        )
        params += [f.story, f.story]
    if f.kind:
        where.append("q.kind = ?")
        params.append(f.kind)
    if f.since:
        where.append("coalesce(q.said_on, a.published) >= ?")
        params.append(f.since)
    if f.until:
        where.append("coalesce(q.said_on, a.published) <= ?")
        params.append(until_bound(f.until))
    return where, params


_QUOTE_COLUMNS = (
    "q.id, q.article_id, q.start, q.end, q.text, q.kind, q.cue, q.speaker, q.speaker_text, q.entity_id,"
    " q.confidence, q.said_on, q.said_on_how, q.statement_id,"
    " a.outlet, a.published, a.url, a.title, a.story_id AS article_story_id, e.name AS entity_name"
)


def _quote_item(r: sqlite3.Row) -> dict:
    return {
        "id": r["id"],
        "text": r["text"],
        "kind": r["kind"],
        "cue": r["cue"],
        "speaker": {"id": r["entity_id"], "name": r["entity_name"] or r["speaker"], "as_written": r["speaker_text"]},
        "said_on": r["said_on"],
        "said_on_how": r["said_on_how"],
        "confidence": r["confidence"],
        "statement_id": r["statement_id"],
        "article": {
            "id": r["article_id"],
            "outlet": r["outlet"],
            "published": r["published"],
            "url": r["url"],
            "title": r["title"],
            "story_id": r["article_story_id"],
        },
        "span": [r["start"], r["end"]],
    }


def search(db: sqlite3.Connection, q: str, f: Filters) -> Page:
    """Quotes whose words (or speaker) match `q`, best first, with facet counts.

    Work per request is bounded whatever the word: the total is counted up to COUNT_CAP, or
    FILTERED_COUNT_CAP when filters make every counted match a join (counting every match of a
    common word costs more than the page itself at a million quotes),
    facets are counted over the first FACET_SAMPLE matches (exact below that), and
    relevance ranking (bm25 over every match) is used when the count is exact and at most
    RANK_LIMIT; otherwise
    the page is the latest added matches, and the response says so.
    """
    match = fts_query(q)
    where, params = _quote_where(db, f)
    base = sql(
        " FROM quotes_fts JOIN quotes q ON q.rowid = quotes_fts.rowid",
        " JOIN articles a ON a.id = q.article_id LEFT JOIN entities e ON e.id = q.entity_id",
        " WHERE quotes_fts MATCH ?",
        "".join(" AND " + w for w in where),
    )
    cap = FILTERED_COUNT_CAP if where else COUNT_CAP
    if where:
        counted = sql("SELECT count(*) FROM (SELECT 1", base, " LIMIT ?)")
        count_params = [match, *params, cap + 1]
    else:
        counted = "SELECT count(*) FROM (SELECT 1 FROM quotes_fts WHERE quotes_fts MATCH ? LIMIT ?)"
        count_params = [match, cap + 1]
    total = db.execute(counted, count_params).fetchone()[0]
    capped = total > cap
    total = min(total, cap)
    sort = "relevance" if not capped and total <= RANK_LIMIT else "latest"
    # quotes_fts.rowid (not q.rowid): the full-text index yields it in order, so LIMIT stops early.
    order = " ORDER BY quotes_fts.rank" if sort == "relevance" else " ORDER BY quotes_fts.rowid DESC"
    page_ids = [
        r[0]
        for r in db.execute(
            sql("SELECT q.rowid", base, order, " LIMIT ? OFFSET ?"), [match, *params, f.limit, f.offset]
        )
    ]
    items = []
    if page_ids:
        marks = ",".join("?" * len(page_ids))
        found = db.execute(
            sql(
                "SELECT q.rowid AS rid, ",
                _QUOTE_COLUMNS,
                " FROM quotes q JOIN articles a ON a.id = q.article_id LEFT JOIN entities e ON e.id = q.entity_id",
                f" WHERE q.rowid IN ({marks})",
            ),
            page_ids,
        ).fetchall()
        by_rowid = {r["rid"]: _quote_item(r) for r in found}
        items = [by_rowid[i] for i in page_ids if i in by_rowid]

    speakers: Counter = Counter()
    names: dict[str, str] = {}
    outlets: Counter = Counter()
    kinds: Counter = Counter()
    years: Counter = Counter()
    sample = db.execute(
        sql(
            "SELECT coalesce(q.entity_id, q.speaker) AS sp, coalesce(e.name, q.speaker) AS sp_name,",
            " a.outlet, q.kind, substr(coalesce(q.said_on, a.published), 1, 4) AS year",
            base,
            " LIMIT ?",
        ),
        [match, *params, FACET_SAMPLE],
    ).fetchall()
    for r in sample:
        if r["sp"]:
            speakers[r["sp"]] += 1
            names[r["sp"]] = r["sp_name"]
        if r["outlet"]:
            outlets[r["outlet"]] += 1
        kinds[r["kind"]] += 1
        if r["year"]:
            years[r["year"]] += 1
    facets = {
        "speaker": [{"value": k, "label": names.get(k) or k, "count": n} for k, n in speakers.most_common(15)],
        "outlet": [{"value": k, "label": k, "count": n} for k, n in outlets.most_common(15)],
        "kind": [{"value": k, "label": k, "count": n} for k, n in kinds.most_common()],
        "year": [{"value": k, "label": k, "count": n} for k, n in sorted(years.items(), reverse=True)],
    }
    return Page(
        items,
        total,
        f.limit,
        f.offset,
        facets,
        total_is_lower_bound=capped,
        sort=sort,
        facets_sampled=len(sample) >= FACET_SAMPLE and total > FACET_SAMPLE,
    )


# -- quotes -----------------------------------------------------------------------------


def quotes(db: sqlite3.Connection, f: Filters) -> Page:
    where, params = _quote_where(db, f)
    sql_where = (" WHERE " + " AND ".join(where)) if where else ""
    joins = " FROM quotes q JOIN articles a ON a.id = q.article_id LEFT JOIN entities e ON e.id = q.entity_id"
    # Count through the article only when a filter reads it: the plain count walks one index.
    count_from = (
        " FROM quotes q JOIN articles a ON a.id = q.article_id"
        if (f.outlet or f.since or f.until)
        else " FROM quotes q"
    )
    total = db.execute(sql("SELECT count(*)", count_from, sql_where), params).fetchone()[0]
    # With a speaker the (entity_id, said_on) index gives the order; otherwise newest stored first.
    order = " ORDER BY q.said_on DESC, q.id" if f.speaker else " ORDER BY q.rowid DESC"
    rows = db.execute(
        f"SELECT {_QUOTE_COLUMNS}" + joins + sql_where + order + " LIMIT ? OFFSET ?",  # noqa: S608
        [*params, f.limit, f.offset],
    ).fetchall()
    return Page([_quote_item(r) for r in rows], total, f.limit, f.offset)


def quote(db: sqlite3.Connection, quote_id: str) -> dict | None:
    r = db.execute(
        f"SELECT {_QUOTE_COLUMNS} FROM quotes q JOIN articles a ON a.id = q.article_id"  # noqa: S608
        " LEFT JOIN entities e ON e.id = q.entity_id WHERE q.id = ?",
        (quote_id,),
    ).fetchone()
    return _quote_item(r) if r else None


# -- statements -------------------------------------------------------------------------

_STATEMENT_COLUMNS = (
    "s.id, s.speaker_entity_id, s.said_on, s.canonical_text, s.canonical_quote_id, s.first_quote_id,"
    " s.n_reports, s.story_id, e.name AS speaker_name, st.title AS story_title, cq.kind AS kind"
)
_STATEMENT_JOINS = (
    " FROM statements s LEFT JOIN entities e ON e.id = s.speaker_entity_id"
    " LEFT JOIN stories st ON st.id = s.story_id LEFT JOIN quotes cq ON cq.id = s.canonical_quote_id"
)


def _statement_item(r: sqlite3.Row) -> dict:
    return {
        "id": r["id"],
        "text": r["canonical_text"],
        "kind": r["kind"],
        "speaker": {"id": r["speaker_entity_id"], "name": r["speaker_name"]},
        "said_on": r["said_on"],
        "story": {"id": r["story_id"], "title": r["story_title"]} if r["story_id"] else None,
        "n_reports": r["n_reports"],
        "canonical_quote_id": r["canonical_quote_id"],
        "first_quote_id": r["first_quote_id"],
    }


def _statement_where(db: sqlite3.Connection, f: Filters) -> tuple[list[str], list]:
    where, params = [], []
    if f.speaker:
        if db.execute("SELECT 1 FROM entities WHERE id = ?", (f.speaker,)).fetchone():
            where.append("s.speaker_entity_id = ?")
            params.append(f.speaker)
        else:
            where.append(
                "s.speaker_entity_id IS NULL AND s.canonical_quote_id IN (SELECT id FROM quotes WHERE speaker = ?)"
            )
            params.append(f.speaker)
    if f.outlet:
        where.append(
            "s.id IN (SELECT q.statement_id FROM articles a JOIN quotes q ON q.article_id = a.id WHERE a.outlet = ?)"
        )
        params.append(f.outlet)
    if f.story:
        where.append("s.story_id = ?")
        params.append(f.story)
    if f.kind:
        where.append("cq.kind = ?")
        params.append(f.kind)
    if f.since:
        where.append("s.said_on >= ?")
        params.append(f.since)
    if f.until:
        where.append("s.said_on <= ?")
        params.append(until_bound(f.until))
    return where, params


def statements(db: sqlite3.Connection, f: Filters) -> Page:
    where, params = _statement_where(db, f)
    sql_where = (" WHERE " + " AND ".join(where)) if where else ""
    count_from = (
        " FROM statements s LEFT JOIN quotes cq ON cq.id = s.canonical_quote_id" if f.kind else " FROM statements s"
    )
    total = db.execute(sql("SELECT count(*)", count_from, sql_where), params).fetchone()[0]
    order = " ORDER BY s.said_on DESC, s.id" if f.speaker else " ORDER BY s.rowid DESC"
    rows = db.execute(
        f"SELECT {_STATEMENT_COLUMNS}" + _STATEMENT_JOINS + sql_where + order + " LIMIT ? OFFSET ?",  # noqa: S608
        [*params, f.limit, f.offset],
    ).fetchall()
    return Page([_statement_item(r) for r in rows], total, f.limit, f.offset)


def statement(db: sqlite3.Connection, statement_id: str) -> dict | None:
    """One statement and every report of it, the primary (canonical) report first, then by date."""
    r = db.execute(
        f"SELECT {_STATEMENT_COLUMNS}" + _STATEMENT_JOINS + " WHERE s.id = ?",  # noqa: S608
        (statement_id,),
    ).fetchone()
    if r is None:
        return None
    item = _statement_item(r)
    rows = db.execute(
        f"SELECT {_QUOTE_COLUMNS}, a.text AS article_text, a.paragraphs"  # noqa: S608
        " FROM quotes q JOIN articles a ON a.id = q.article_id LEFT JOIN entities e ON e.id = q.entity_id"
        " WHERE q.statement_id = ?",
        (statement_id,),
    ).fetchall()
    reports = []
    for row in rows:
        rep = _quote_item(row)
        rep["primary"] = row["id"] == item["canonical_quote_id"]
        rep["first"] = row["id"] == item["first_quote_id"]
        rep["context"] = paragraph_context(
            row["article_text"], _paragraphs(row["paragraphs"]), row["start"], row["end"]
        )
        reports.append(rep)
    reports.sort(key=lambda x: (not x["primary"], not x["first"], x["article"]["published"] or "9999", x["id"]))
    item["reports"] = reports
    return item


# -- entities ---------------------------------------------------------------------------


def entities(db: sqlite3.Connection, f: Filters, name: str | None = None) -> Page:
    where, params = [], []
    if f.kind:
        where.append("e.kind = ?")
        params.append(f.kind)
    if name:
        where.append("e.name LIKE ? ESCAPE '\\'")
        params.append(_like_prefix(name))
    if f.speaker:
        where.append("e.id = ?")
        params.append(f.speaker)
    if f.outlet or f.story or f.since or f.until:
        sub_where, sub_params = _quote_where(db, Filters(outlet=f.outlet, story=f.story, since=f.since, until=f.until))
        where.append(
            sql(
                "e.id IN (SELECT q.entity_id FROM quotes q JOIN articles a ON a.id = q.article_id WHERE ",
                " AND ".join(sub_where),
                ")",
            )
        )
        params += sub_params
    sql_where = (" WHERE " + " AND ".join(where)) if where else ""
    total = db.execute(sql("SELECT count(*) FROM entities e", sql_where), params).fetchone()[0]
    rows = db.execute(
        sql(
            "SELECT e.id, e.name, e.kind, e.country, e.source FROM entities e",
            sql_where,
            " ORDER BY e.name, e.id LIMIT ? OFFSET ?",
        ),
        [*params, f.limit, f.offset],
    ).fetchall()
    items = [dict(r) for r in rows]
    return Page(items, total, f.limit, f.offset)


def _like_prefix(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def entity(db: sqlite3.Connection, entity_id: str, *, points: int = TIMELINE_MAX) -> dict | None:
    """A speaker: names, roles over time, counts, timeline of statements and who they are quoted with."""
    r = db.execute("SELECT id, name, kind, country, source FROM entities WHERE id = ?", (entity_id,)).fetchone()
    if r is None:
        return None
    item = dict(r)
    item["aliases"] = [
        a[0] for a in db.execute("SELECT alias FROM entity_aliases WHERE entity_id = ? ORDER BY alias", (entity_id,))
    ]
    item["roles"] = [
        {k: x[k] for k in x.keys() if k != "entity_id"}
        for x in db.execute(
            "SELECT * FROM entity_roles WHERE entity_id = ? ORDER BY coalesce(start, ''), title",
            (entity_id,),
        )
    ]
    item["n_quotes"] = db.execute("SELECT count(*) FROM quotes WHERE entity_id = ?", (entity_id,)).fetchone()[0]
    item["n_statements"] = db.execute(
        "SELECT count(*) FROM statements WHERE speaker_entity_id = ?", (entity_id,)
    ).fetchone()[0]
    item["timeline"] = timeline(db, entity_id, points)
    item["quoted_with"] = quoted_with(db, entity_id)
    return item


def timeline(db: sqlite3.Connection, entity_id: str, points: int = TIMELINE_MAX) -> list[dict]:
    """One point per statement (or per unlinked quote), dated, with its story for colour; the latest `points`."""
    rows = db.execute(
        "SELECT s.id, s.said_on, s.canonical_text, s.n_reports, s.story_id, st.title AS story_title"
        " FROM statements s LEFT JOIN stories st ON st.id = s.story_id"
        " WHERE s.speaker_entity_id = ? AND s.said_on IS NOT NULL ORDER BY s.said_on DESC LIMIT ?",
        (entity_id, points),
    ).fetchall()
    limit = points
    points = [
        {
            "statement_id": r["id"],
            "quote_id": None,
            "said_on": r["said_on"],
            "text": r["canonical_text"],
            "n_reports": r["n_reports"],
            "story_id": r["story_id"],
            "story_title": r["story_title"],
        }
        for r in rows
    ]
    if len(points) < limit:
        loose = db.execute(
            "SELECT q.id, coalesce(q.said_on, a.published) AS day, q.text, a.story_id, st.title AS story_title"
            " FROM quotes q JOIN articles a ON a.id = q.article_id LEFT JOIN stories st ON st.id = a.story_id"
            " WHERE q.entity_id = ? AND q.statement_id IS NULL AND coalesce(q.said_on, a.published) IS NOT NULL"
            " ORDER BY q.said_on DESC LIMIT ?",
            (entity_id, limit - len(points)),
        ).fetchall()
        points += [
            {
                "statement_id": None,
                "quote_id": r["id"],
                "said_on": r["day"],
                "text": r["text"],
                "n_reports": 1,
                "story_id": r["story_id"],
                "story_title": r["story_title"],
            }
            for r in loose
        ]
    points.sort(key=lambda p: p["said_on"])
    return points


def quoted_with(db: sqlite3.Connection, entity_id: str, limit: int = 20) -> list[dict]:
    """Other speakers quoted in the same articles, and in the same stories, most shared first.

    For a prolific speaker only their latest CO_SPEAKER_ARTICLES articles (and the stories of
    their latest CO_SPEAKER_STATEMENTS statements) are read, which
    keeps the page fast and favours who they are quoted with now.
    """
    in_articles = db.execute(
        "SELECT q2.entity_id AS id, e.name, count(DISTINCT q2.article_id) AS n"
        " FROM (SELECT DISTINCT article_id FROM"
        "  (SELECT article_id FROM quotes WHERE entity_id = ? ORDER BY said_on DESC LIMIT ?)) mine"
        " JOIN quotes q2 ON q2.article_id = mine.article_id JOIN entities e ON e.id = q2.entity_id"
        " WHERE q2.entity_id != ? GROUP BY q2.entity_id ORDER BY n DESC, e.name LIMIT ?",
        (entity_id, CO_SPEAKER_ARTICLES, entity_id, limit),
    ).fetchall()
    in_stories = db.execute(
        "SELECT s2.speaker_entity_id AS id, e.name, count(DISTINCT s2.story_id) AS n"
        " FROM (SELECT DISTINCT story_id FROM (SELECT story_id FROM statements"
        "  WHERE speaker_entity_id = ? AND story_id IS NOT NULL ORDER BY said_on DESC LIMIT ?)) mine"
        " JOIN statements s2 ON s2.story_id = mine.story_id JOIN entities e ON e.id = s2.speaker_entity_id"
        " WHERE s2.speaker_entity_id != ? GROUP BY s2.speaker_entity_id ORDER BY n DESC, e.name LIMIT ?",
        (entity_id, CO_SPEAKER_STATEMENTS, entity_id, limit),
    ).fetchall()
    merged: dict[str, dict] = {}
    for r in in_articles:
        merged[r["id"]] = {"id": r["id"], "name": r["name"], "articles": r["n"], "stories": 0}
    for r in in_stories:
        merged.setdefault(r["id"], {"id": r["id"], "name": r["name"], "articles": 0, "stories": 0})["stories"] = r["n"]
    return sorted(merged.values(), key=lambda x: (-(x["articles"] + x["stories"]), x["name"]))[:limit]


# -- stories ----------------------------------------------------------------------------


def stories(db: sqlite3.Connection, f: Filters) -> Page:
    where, params = [], []
    if f.since:
        where.append("coalesce(st.end, st.start) >= ?")
        params.append(f.since)
    if f.until:
        where.append("st.start <= ?")
        params.append(until_bound(f.until))
    if f.story:
        where.append("st.id = ?")
        params.append(f.story)
    if f.speaker:
        where.append("st.id IN (SELECT story_id FROM statements WHERE speaker_entity_id = ?)")
        params.append(f.speaker)
    if f.outlet:
        where.append("st.id IN (SELECT story_id FROM articles WHERE outlet = ?)")
        params.append(f.outlet)
    sql_where = (" WHERE " + " AND ".join(where)) if where else ""
    total = db.execute(sql("SELECT count(*) FROM stories st", sql_where), params).fetchone()[0]
    rows = db.execute(
        sql(
            "SELECT st.id, st.title, st.start, st.end,"
            " (SELECT count(*) FROM articles a WHERE a.story_id = st.id) AS n_articles,"
            " (SELECT count(*) FROM statements s WHERE s.story_id = st.id) AS n_statements FROM stories st",
            sql_where,
            " ORDER BY coalesce(st.end, st.start) DESC, st.id LIMIT ? OFFSET ?",
        ),
        [*params, f.limit, f.offset],
    ).fetchall()
    return Page([dict(r) for r in rows], total, f.limit, f.offset)


def story(db: sqlite3.Connection, story_id: str, limit: int = 200) -> dict | None:
    r = db.execute("SELECT id, title, start, end FROM stories WHERE id = ?", (story_id,)).fetchone()
    if r is None:
        return None
    item = dict(r)
    item["statements"] = statements(db, Filters(story=story_id, limit=limit)).items
    item["statements"].sort(key=lambda s: (s["said_on"] or "", s["id"]))
    item["articles"] = [
        dict(x)
        for x in db.execute(
            "SELECT id, outlet, title, published, url FROM articles WHERE story_id = ? ORDER BY published, id LIMIT ?",
            (story_id, limit),
        )
    ]
    item["n_articles"] = db.execute("SELECT count(*) FROM articles WHERE story_id = ?", (story_id,)).fetchone()[0]
    item["n_statements"] = db.execute("SELECT count(*) FROM statements WHERE story_id = ?", (story_id,)).fetchone()[0]
    return item


# -- articles ---------------------------------------------------------------------------

_ARTICLE_COLUMNS = (
    "a.id, a.document_id, a.url, a.outlet, a.title, a.published, a.published_how, a.byline, a.language,"
    " a.dateline_text, a.story_id, a.duplicate_of, a.syndication_group"
)


def articles(db: sqlite3.Connection, f: Filters) -> Page:
    where, params = [], []
    if f.outlet:
        where.append("a.outlet = ?")
        params.append(f.outlet)
    if f.story:
        where.append("a.story_id = ?")
        params.append(f.story)
    if f.since:
        where.append("a.published >= ?")
        params.append(f.since)
    if f.until:
        where.append("a.published <= ?")
        params.append(until_bound(f.until))
    if f.speaker or f.kind:
        sub, sub_params = [], []
        if f.speaker:
            clause, p = _speaker_clause(db, f.speaker)
            sub.append(clause)
            sub_params += p
        if f.kind:
            sub.append("q.kind = ?")
            sub_params.append(f.kind)
        where.append(sql("a.id IN (SELECT q.article_id FROM quotes q WHERE ", " AND ".join(sub), ")"))
        params += sub_params
    sql_where = (" WHERE " + " AND ".join(where)) if where else ""
    total = db.execute(sql("SELECT count(*) FROM articles a", sql_where), params).fetchone()[0]
    rows = db.execute(
        sql(
            "SELECT ",
            _ARTICLE_COLUMNS,
            " FROM articles a",
            sql_where,
            " ORDER BY a.published DESC, a.id LIMIT ? OFFSET ?",
        ),
        [*params, f.limit, f.offset],
    ).fetchall()
    return Page([dict(r) for r in rows], total, f.limit, f.offset)


def article(db: sqlite3.Connection, article_id: str) -> dict | None:
    """An article with its text cut into paragraphs, each with its quotes marked, and removed junk."""
    r = db.execute(
        f"SELECT {_ARTICLE_COLUMNS}, a.text, a.paragraphs FROM articles a WHERE a.id = ?",  # noqa: S608
        (article_id,),
    ).fetchone()
    if r is None:
        return None
    item = {k: r[k] for k in r.keys() if k not in ("paragraphs",)}
    qrows = db.execute(
        f"SELECT {_QUOTE_COLUMNS} FROM quotes q JOIN articles a ON a.id = q.article_id"  # noqa: S608
        " LEFT JOIN entities e ON e.id = q.entity_id WHERE q.article_id = ? ORDER BY q.start",
        (article_id,),
    ).fetchall()
    item["quotes"] = [_quote_item(q) for q in qrows]
    spans = [(q["span"][0], q["span"][1], q["id"]) for q in item["quotes"]]
    paragraphs = _paragraphs(r["paragraphs"]) or split_paragraphs(r["text"])
    item["paragraphs"] = [segments(r["text"], s, e, spans) for s, e in paragraphs]
    item["removed"] = [
        dict(x)
        for x in db.execute(
            "SELECT start, end, text, reason FROM removed_spans WHERE article_id = ? ORDER BY start", (article_id,)
        )
    ]
    item["sources"] = [
        x[0]
        for x in db.execute(
            "SELECT uri FROM document_sources WHERE document_id = ? ORDER BY first_seen, uri", (r["document_id"],)
        )
    ]
    return item


def raw_document(db: sqlite3.Connection, document_id: str) -> tuple[bytes, str] | None:
    r = db.execute("SELECT raw, media_type FROM documents WHERE id = ?", (document_id,)).fetchone()
    return (bytes(r["raw"]), r["media_type"]) if r else None


def overview(db: sqlite3.Connection) -> dict[str, int]:
    names = ("articles", "quotes", "statements", "entities", "stories")
    return {n: db.execute(f"SELECT count(*) FROM {n}").fetchone()[0] for n in names}  # noqa: S608 (fixed names)


def facet_values(db: sqlite3.Connection, column: str, limit: int = 200) -> list[str]:
    """Distinct outlets for a select box; read through the outlet index."""
    if column != "outlet":
        raise BadQuery(f"no facet named {column}")
    return [
        r[0]
        for r in db.execute(
            "SELECT DISTINCT outlet FROM articles WHERE outlet IS NOT NULL ORDER BY outlet LIMIT ?", (limit,)
        )
    ]


# -- text with marks --------------------------------------------------------------------


def _paragraphs(raw: str | None) -> list[tuple[int, int]]:
    try:
        data = json.loads(raw or "[]")
        return [(int(p[0]), int(p[1])) for p in data if len(p) == 2]
    except (ValueError, TypeError):
        return []


def split_paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraph offsets from blank lines (or single newlines) where the cleaner gave none."""
    out = []
    for m in re.finditer(r"[^\n]+(?:\n(?!\s*\n)[^\n]+)*", text):
        if m.group().strip():
            out.append((m.start(), m.end()))
    return out or [(0, len(text))]


def segments(text: str, start: int, end: int, spans: list[tuple[int, int, str]]) -> list[dict]:
    """Cut text[start:end] into plain and marked pieces at the span offsets.

    Pieces stay plain strings; the template escapes each one, so no markup ever comes
    from the text. Overlapping spans are clipped so every character is shown once.
    """
    n = len(text)
    start, end = max(0, min(start, n)), max(0, min(end, n))
    pieces: list[dict] = []
    pos = start
    for s, e, sid in sorted(spans):
        s, e = max(s, pos), min(e, end)
        if e <= s:
            continue
        if s > pos:
            pieces.append({"text": text[pos:s], "mark": None})
        pieces.append({"text": text[s:e], "mark": sid})
        pos = e
    if pos < end:
        pieces.append({"text": text[pos:end], "mark": None})
    return pieces


def paragraph_context(
    text: str, paragraphs: list[tuple[int, int]], start: int, end: int, around: int = CONTEXT_CHARS
) -> list[dict]:
    """The paragraph(s) around one quote, with that quote marked.

    A paragraph longer than the quote plus `around` characters on each side (a page whose
    paragraphs were lost) is cut at sentence ends near those bounds, with an ellipsis.
    """
    paragraphs = paragraphs or split_paragraphs(text)
    lo, hi = start, end
    for ps, pe in paragraphs:
        if ps <= start < pe or (ps < end <= pe):
            lo, hi = min(lo, ps), max(hi, pe)
    cut_lo = cut_hi = False
    if start - lo > around:
        window = text[start - around : start]
        m = list(re.finditer(r"[.!?][\"'”’)]?\s+", window))
        lo = start - around + (m[0].end() if m else 0)
        cut_lo = True
    if hi - end > around:
        window = text[end : end + around]
        m = list(re.finditer(r"[.!?][\"'”’)]?(?=\s)", window))
        hi = end + (m[-1].end() if m else around)
        cut_hi = True
    pieces = segments(text, lo, hi, [(start, end, "quote")])
    if cut_lo:
        pieces.insert(0, {"text": "… ", "mark": None})
    if cut_hi:
        pieces.append({"text": " …", "mark": None})
    return pieces
