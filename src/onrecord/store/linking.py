"""Reads and writes of the cross-article records: entities, statements, groups, stories."""

from __future__ import annotations

from typing import TYPE_CHECKING

from onrecord.records import Entity, Quote, Role, Statement, Story, SyndicationGroup

if TYPE_CHECKING:
    import sqlite3


class LinkingMixin:
    db: sqlite3.Connection

    # -- reads ------------------------------------------------------------------------

    def all_quotes(self) -> list[Quote]:
        from onrecord.store.quotes import quote_from_row

        return [quote_from_row(r) for r in self.db.execute("SELECT * FROM quotes ORDER BY id")]

    def get_entity(self, entity_id: str) -> Entity | None:
        row = self.db.execute("SELECT * FROM entities WHERE id = ?", (entity_id,)).fetchone()
        if row is None:
            return None
        aliases = [r[0] for r in self.db.execute("SELECT alias FROM entity_aliases WHERE entity_id = ?", (entity_id,))]
        roles = [
            Role(r["title"], r["organisation"], r["start"], r["end"], r["function"])
            for r in self.db.execute(
                "SELECT * FROM entity_roles WHERE entity_id = ? ORDER BY start, title", (entity_id,)
            )
        ]
        return Entity(row["id"], row["name"], row["kind"], row["country"], sorted(aliases), roles, row["source"])

    def entity_ids_by_alias(self, alias_key: str) -> list[str]:
        rows = self.db.execute(
            "SELECT DISTINCT entity_id FROM entity_aliases WHERE alias_key = ? ORDER BY entity_id", (alias_key,)
        )
        return [r[0] for r in rows]

    def embeddings(self, keys: list[str]) -> dict[str, bytes]:
        out: dict[str, bytes] = {}
        for i in range(0, len(keys), 500):
            chunk = keys[i : i + 500]
            marks = ",".join("?" * len(chunk))
            rows = self.db.execute(f"SELECT key, vector FROM text_embeddings WHERE key IN ({marks})", chunk)  # noqa: S608
            out.update({r[0]: r[1] for r in rows})
        return out

    def put_embeddings(self, items: list[tuple[str, bytes]]) -> None:
        self.db.executemany("INSERT OR IGNORE INTO text_embeddings (key, vector) VALUES (?, ?)", items)

    # -- the whole linking result, written at once ----------------------------------------

    def put_links(
        self,
        *,
        groups: list[SyndicationGroup],
        duplicate_of: dict[str, str],
        group_of: dict[str, str],
        entities: list[Entity],
        alias_key,
        quotes: list[Quote],
        statements: list[Statement],
        stories: list[Story],
        story_of: dict[str, str],
    ) -> None:
        """Replace every cross-article record; rows whose values do not change are not touched."""
        db = self.db
        # copies
        current = {
            r[0]: (r[1], r[2], r[3])
            for r in db.execute("SELECT id, duplicate_of, syndication_group, story_id FROM articles")
        }
        db.execute("DELETE FROM syndication_groups")
        db.executemany(
            "INSERT INTO syndication_groups (id, primary_id, why) VALUES (?, ?, ?)",
            [(g.id, g.primary_id, g.why) for g in groups],
        )
        changed = [
            (duplicate_of.get(a), group_of.get(a), story_of.get(a), a)
            for a, old in current.items()
            if old != (duplicate_of.get(a), group_of.get(a), story_of.get(a))
        ]
        db.executemany(
            "UPDATE articles SET duplicate_of = ?, syndication_group = ?, story_id = ? WHERE id = ?", changed
        )
        # entities (upserted: quotes refer to them)
        for e in entities:
            db.execute(
                "INSERT INTO entities (id, name, kind, country, source) VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT(id) DO UPDATE SET name=excluded.name, kind=excluded.kind, country=excluded.country,"
                " source=excluded.source",
                (e.id, e.name, e.kind, e.country, e.source),
            )
            db.execute("DELETE FROM entity_aliases WHERE entity_id = ?", (e.id,))
            db.executemany(
                "INSERT OR IGNORE INTO entity_aliases (entity_id, alias, alias_key) VALUES (?, ?, ?)",
                [(e.id, a, alias_key(a)) for a in dict.fromkeys([e.name, *e.aliases])],
            )
            db.execute("DELETE FROM entity_roles WHERE entity_id = ?", (e.id,))
            db.executemany(
                "INSERT INTO entity_roles (entity_id, title, organisation, start, end, function) VALUES (?,?,?,?,?,?)",
                [(e.id, r.title, r.organisation, r.start, r.end, r.function) for r in e.roles],
            )
        # statements and the quotes' links
        db.execute("DELETE FROM statements")
        old = {r[0]: (r[1], r[2]) for r in db.execute("SELECT id, entity_id, statement_id FROM quotes")}
        db.executemany(
            "UPDATE quotes SET entity_id = ?, statement_id = ? WHERE id = ?",
            [(q.entity_id, q.statement_id, q.id) for q in quotes if old.get(q.id) != (q.entity_id, q.statement_id)],
        )
        wanted = {e.id for e in entities}
        stale = [
            r[0]
            for r in db.execute("SELECT id FROM entities")
            if r[0] not in wanted
            and db.execute("SELECT 1 FROM quotes WHERE entity_id = ? LIMIT 1", (r[0],)).fetchone() is None
        ]
        db.executemany("DELETE FROM entities WHERE id = ?", [(i,) for i in stale])
        story_of_statement = {}
        quote_article = {q.id: q.article_id for q in quotes}
        for s in statements:
            first_article = quote_article.get(s.first_quote_id)
            story_of_statement[s.id] = story_of.get(first_article) if first_article else None
        db.executemany(
            "INSERT INTO statements (id, speaker_entity_id, said_on, canonical_text, canonical_quote_id,"
            " first_quote_id, n_reports, story_id) VALUES (?,?,?,?,?,?,?,?)",
            [
                (
                    s.id,
                    s.speaker_entity_id,
                    s.said_on,
                    s.canonical_text,
                    s.canonical_quote_id,
                    s.first_quote_id,
                    len(s.quote_ids),
                    story_of_statement.get(s.id),
                )
                for s in statements
            ],
        )
        # stories
        db.execute("DELETE FROM stories")
        db.executemany(
            "INSERT INTO stories (id, title, start, end) VALUES (?, ?, ?, ?)",
            [(s.id, s.title, s.start, s.end) for s in stories],
        )
