"""Reading the cross-article record: statements with every report, a speaker's timeline, stories, entities."""

from __future__ import annotations

from typing import Any

from onrecord.resolve.names import fold_name
from onrecord.store import Store


def find_speakers(store: Store, name: str, kb_paths: tuple[str, ...] = ()) -> list[str]:
    """Entity ids a name can mean in this store: aliases, then the knowledge base, then a name match."""
    key = fold_name(name)
    found = store.entity_ids_by_alias(key) if key else []
    if found:
        return found
    from onrecord.resolve import resolve_name

    try:
        kb_id = resolve_name(name, kb_paths=kb_paths)
    except ValueError:
        kb_id = None
    if kb_id and store.scalar("SELECT 1 FROM entities WHERE id = ?", (kb_id,)):
        return [kb_id]
    pattern = "%" + name.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    rows = store.db.execute(
        "SELECT id FROM entities WHERE name LIKE ? ESCAPE '\\' OR id = ? ORDER BY id", (pattern, name.strip())
    )
    return [r[0] for r in rows]


def statements(
    store: Store,
    *,
    speaker_ids: list[str] | None = None,
    since: str | None = None,
    until: str | None = None,
    story: str | None = None,
    limit: int | None = None,
) -> list[dict[str, Any]]:
    """Statements with speaker, day and every report (primary first), in the order they were said."""
    where, params = [], []
    if speaker_ids is not None:
        if not speaker_ids:
            return []
        where.append(f"s.speaker_entity_id IN ({','.join('?' * len(speaker_ids))})")
        params += speaker_ids
    day = "COALESCE(s.said_on, (SELECT min(a.published) FROM quotes q JOIN articles a ON a.id = q.article_id"
    day += " WHERE q.statement_id = s.id))"
    if since:
        where.append(f"{day} >= ?")
        params.append(since)
    if until:
        where.append(f"{day} <= ?")
        params.append(until)
    if story:
        where.append("s.story_id = ?")
        params.append(story)
    # Only fixed fragments are joined here; every value is a parameter.
    sql = f"SELECT s.*, {day} AS day, e.name AS speaker_name FROM statements s"  # noqa: S608
    sql += " LEFT JOIN entities e ON e.id = s.speaker_entity_id"
    sql += (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY day IS NULL, day, s.id"
    if limit:
        sql += " LIMIT ?"
        params.append(int(limit))
    out = []
    for row in store.db.execute(sql, params).fetchall():
        out.append(
            {
                "id": row["id"],
                "speaker": {"id": row["speaker_entity_id"], "name": row["speaker_name"]},
                "said_on": row["said_on"],
                "day": row["day"],
                "text": row["canonical_text"],
                "story": row["story_id"],
                "first_quote": row["first_quote_id"],
                "reports": reports(store, row["id"], row["canonical_quote_id"]),
            }
        )
    return out


def reports(store: Store, statement_id: str, canonical_quote_id: str | None = None) -> list[dict[str, Any]]:
    rows = store.db.execute(
        "SELECT q.id, q.text, q.kind, q.speaker, q.said_on, q.said_on_how, a.id AS article_id, a.outlet,"
        " a.published, a.url, a.title, a.duplicate_of FROM quotes q JOIN articles a ON a.id = q.article_id"
        " WHERE q.statement_id = ?"
        " ORDER BY q.id = ? DESC, a.duplicate_of IS NOT NULL, a.published IS NULL, a.published, a.id, q.start",
        (statement_id, canonical_quote_id or ""),
    ).fetchall()
    out = []
    for r in rows:
        out.append(
            {
                "quote_id": r["id"],
                "text": r["text"],
                "kind": r["kind"],
                "speaker_as_written": r["speaker"],
                "said_on": r["said_on"],
                "said_on_how": r["said_on_how"],
                "article": r["article_id"],
                "outlet": r["outlet"],
                "published": r["published"],
                "url": r["url"],
                "title": r["title"],
                "copy_of": r["duplicate_of"],
                "primary": r["id"] == canonical_quote_id,
            }
        )
    return out


def who(store: Store, entity_id: str) -> dict[str, Any] | None:
    """A speaker: who they are, their roles, and their statements as a timeline."""
    entity = store.get_entity(entity_id)
    if entity is None:
        return None
    return {
        "id": entity.id,
        "name": entity.name,
        "kind": entity.kind,
        "country": entity.country,
        "source": entity.source,
        "aliases": entity.aliases,
        "roles": [
            {"title": r.title, "organisation": r.organisation, "start": r.start, "end": r.end, "function": r.function}
            for r in entity.roles
        ],
        "statements": statements(store, speaker_ids=[entity_id]),
    }


def stories(store: Store) -> list[dict[str, Any]]:
    rows = store.db.execute(
        "SELECT st.id, st.title, st.start, st.end,"
        " (SELECT count(*) FROM articles a WHERE a.story_id = st.id) AS articles,"
        " (SELECT count(*) FROM statements s WHERE s.story_id = st.id) AS statements"
        " FROM stories st ORDER BY st.start IS NULL, st.start, st.id"
    ).fetchall()
    out = []
    for r in rows:
        members = store.db.execute(
            "SELECT id, outlet, published, title, url, duplicate_of FROM articles WHERE story_id = ?"
            " ORDER BY published IS NULL, published, id",
            (r["id"],),
        ).fetchall()
        out.append(
            {
                "id": r["id"],
                "title": r["title"],
                "start": r["start"],
                "end": r["end"],
                "n_articles": r["articles"],
                "n_statements": r["statements"],
                "articles": [dict(m) for m in members],
            }
        )
    return out


def entities(store: Store, kind: str | None = None) -> list[dict[str, Any]]:
    sql = (
        "SELECT e.id, e.name, e.kind, e.country, e.source,"
        " (SELECT count(*) FROM quotes q WHERE q.entity_id = e.id) AS quotes,"
        " (SELECT count(*) FROM statements s WHERE s.speaker_entity_id = e.id) AS statements FROM entities e"
    )
    params: list[str] = []
    if kind:
        sql += " WHERE e.kind = ?"
        params.append(kind)
    sql += " ORDER BY quotes DESC, e.name, e.id"
    return [dict(r) for r in store.db.execute(sql, params).fetchall()]


def syndication_groups(store: Store) -> list[dict[str, Any]]:
    rows = store.db.execute("SELECT id, primary_id, why FROM syndication_groups ORDER BY id").fetchall()
    out = []
    for r in rows:
        members = [
            m[0] for m in store.db.execute("SELECT id FROM articles WHERE syndication_group = ? ORDER BY id", (r[0],))
        ]
        out.append({"id": r["id"], "primary": r["primary_id"], "why": r["why"], "articles": members})
    return out
