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
        """Every quote, as a relink reads them: without their statements, which it assigns afresh."""
        from onrecord.store.quotes import quote_from_row

        return [quote_from_row(r, statement=False) for r in self.db.execute("SELECT * FROM quotes ORDER BY id")]

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

    def embedded_keys(self, keys: list[str]) -> set[str]:
        """Which of these keys have a vector in the store (without reading the vectors)."""
        out: set[str] = set()
        for i in range(0, len(keys), 500):
            chunk = keys[i : i + 500]
            marks = ",".join("?" * len(chunk))
            rows = self.db.execute(f"SELECT key FROM text_embeddings WHERE key IN ({marks})", chunk)  # noqa: S608
            out.update(r[0] for r in rows)
        return out

    def put_embeddings(self, items: list[tuple[str, bytes]]) -> None:
        self.db.executemany("INSERT OR IGNORE INTO text_embeddings (key, vector) VALUES (?, ?)", items)

    # -- what a scoped relink reads (link.scope) ------------------------------------------

    def article_ids_between(self, first: str, last: str) -> set[str]:
        """Articles published, or quoting words said, on days first..last (ISO dates)."""
        end = last + "~"  # after any time of day written behind the date
        rows = self.db.execute(
            "SELECT id FROM articles WHERE published >= ? AND published <= ?"
            " UNION SELECT article_id FROM quotes WHERE said_on >= ? AND said_on <= ?",
            (first, end, first, end),
        )
        return {r[0] for r in rows}

    def article_count(self) -> int:
        return int(self.scalar("SELECT count(*) FROM articles"))

    def undated_article_ids(self) -> set[str]:
        return {r[0] for r in self.db.execute("SELECT id FROM articles WHERE published IS NULL")}

    def article_days(self, article_ids: list[str]) -> dict[str, str | None]:
        """Each article's day: its published date, else the earliest day its quotes were said."""
        out: dict[str, str | None] = {}
        for chunk in _chunks(article_ids):
            marks = ",".join("?" * len(chunk))
            sql = (
                "SELECT a.id, a.published, (SELECT min(q.said_on) FROM quotes q WHERE q.article_id = a.id)"  # noqa: S608 (placeholders only)
                " FROM articles a WHERE a.id IN (" + marks + ")"
            )
            rows = self.db.execute(sql, chunk)
            for r in rows:
                day = r[1] or r[2]
                out[r[0]] = day[:10] if day else None
        return out

    def speaker_names_in(self, article_ids: list[str]) -> set[str]:
        """The speaker names written in these articles' quotes."""
        out: set[str] = set()
        for chunk in _chunks(article_ids):
            marks = ",".join("?" * len(chunk))
            sql = f"SELECT DISTINCT speaker FROM quotes WHERE article_id IN ({marks}) AND speaker IS NOT NULL"  # noqa: S608
            out.update(r[0] for r in self.db.execute(sql, chunk))
        return out

    def speaker_names(self):
        """Every speaker name written in a quote, once each (streamed from the speaker index)."""
        for row in self.db.execute("SELECT DISTINCT speaker FROM quotes WHERE speaker IS NOT NULL"):
            yield row[0]

    def article_ids_quoting_speakers_named(self, names: set[str]) -> set[str]:
        """Articles quoting someone under one of these names, or the entity a name was resolved to."""
        out: set[str] = set()
        for names_chunk in _chunks(sorted(names)):
            nmarks = ",".join("?" * len(names_chunk))
            rows = self.db.execute(
                f"SELECT DISTINCT article_id FROM quotes WHERE speaker IN ({nmarks})"  # noqa: S608
                " UNION SELECT DISTINCT q.article_id FROM quotes q WHERE q.entity_id IN"
                f" (SELECT DISTINCT entity_id FROM quotes WHERE speaker IN ({nmarks}) AND entity_id IS NOT NULL)",
                [*names_chunk, *names_chunk],
            )
            out.update(r[0] for r in rows)
        return out

    def article_ids_linked_to(self, article_ids: set[str]) -> set[str]:
        """Articles sharing a syndication group, a story or a statement with any of these."""
        out: set[str] = set()
        for chunk in _chunks(sorted(article_ids)):
            marks = ",".join("?" * len(chunk))
            # only placeholders are joined into the text
            sql = (
                "SELECT id FROM articles WHERE syndication_group IN"  # noqa: S608
                " (SELECT syndication_group FROM articles WHERE id IN ("
                + marks
                + ") AND syndication_group IS NOT NULL)"
                " UNION SELECT id FROM articles WHERE story_id IN"
                " (SELECT story_id FROM articles WHERE id IN (" + marks + ") AND story_id IS NOT NULL)"
                " UNION SELECT article_id FROM quotes WHERE statement_id IN"
                " (SELECT statement_id FROM quotes WHERE article_id IN (" + marks + ") AND statement_id IS NOT NULL)"
            )
            rows = self.db.execute(sql, [*chunk, *chunk, *chunk])
            out.update(r[0] for r in rows)
        return out

    def quote_texts(self, article_ids: set[str] | None = None):
        """(article id, quote text, unattributed) for the quotes of these articles (None: all),
        streamed. Unattributed: no speaker written, or none resolved by an earlier relink."""
        sql = "SELECT article_id, text, speaker IS NULL OR (entity_id IS NULL AND statement_id IS NOT NULL) FROM quotes"
        if article_ids is None:
            for row in self.db.execute(sql):
                yield row[0], row[1], bool(row[2])
            return
        for chunk in _chunks(sorted(article_ids)):
            marks = ",".join("?" * len(chunk))
            for row in self.db.execute(sql + f" WHERE article_id IN ({marks})", chunk):  # noqa: S608
                yield row[0], row[1], bool(row[2])

    def articles_in(self, article_ids: set[str]):
        """These articles as linking reads them, streamed in id order: without their removed
        spans or paragraph offsets (nothing after cleaning reads them, and a large window
        would hold a tuple per paragraph)."""
        from onrecord.store.documents import article_from_row

        for chunk in _chunks(sorted(article_ids)):
            marks = ",".join("?" * len(chunk))
            for row in self.db.execute(f"SELECT * FROM articles WHERE id IN ({marks}) ORDER BY id", chunk):  # noqa: S608
                yield article_from_row(row, [], paragraphs=False)

    def quotes_in(self, article_ids: set[str]) -> list[Quote]:
        """The quotes of these articles, as a relink reads them (see `all_quotes`)."""
        from onrecord.store.quotes import quote_from_row

        out: list[Quote] = []
        for chunk in _chunks(sorted(article_ids)):
            marks = ",".join("?" * len(chunk))
            out += [
                quote_from_row(r, statement=False)
                for r in self.db.execute(f"SELECT * FROM quotes WHERE article_id IN ({marks})", chunk)  # noqa: S608
            ]
        out.sort(key=lambda q: q.id)
        return out

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
        scope: set[str] | None = None,
    ) -> None:
        """Replace the cross-article records of the articles in `scope` (None: of every article).

        A scope is closed (link.scope): every article sharing a group, story or statement with
        one in it is in it, so the records replaced are exactly the ones recomputed. Rows whose
        values do not change are not touched."""
        db = self.db
        if scope is None:
            rows = db.execute("SELECT id, duplicate_of, syndication_group, story_id FROM articles").fetchall()
        else:
            rows = []
            for chunk in _chunks(sorted(scope)):
                marks = ",".join("?" * len(chunk))
                rows += db.execute(
                    f"SELECT id, duplicate_of, syndication_group, story_id FROM articles WHERE id IN ({marks})",  # noqa: S608
                    chunk,
                ).fetchall()
        current = {r[0]: (r[1], r[2], r[3]) for r in rows}
        # copies
        if scope is None:
            db.execute("DELETE FROM syndication_groups")
        else:
            old_groups = sorted({old[1] for old in current.values() if old[1]})
            db.executemany("DELETE FROM syndication_groups WHERE id = ?", [(g,) for g in old_groups])
        db.executemany(
            "INSERT INTO syndication_groups (id, primary_id, why) VALUES (?, ?, ?)"
            " ON CONFLICT(id) DO UPDATE SET primary_id=excluded.primary_id, why=excluded.why",
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
        if scope is None:
            old = {r[0]: (r[1], r[2]) for r in db.execute("SELECT id, entity_id, statement_id FROM quotes")}
            db.execute("DELETE FROM statements")
        else:
            old = {}
            for chunk in _chunks(sorted(scope)):
                marks = ",".join("?" * len(chunk))
                sql = f"SELECT id, entity_id, statement_id FROM quotes WHERE article_id IN ({marks})"  # noqa: S608
                old.update({r[0]: (r[1], r[2]) for r in db.execute(sql, chunk)})
            old_statements = sorted({v[1] for v in old.values() if v[1]})
            db.executemany("DELETE FROM statements WHERE id = ?", [(i,) for i in old_statements])
        db.executemany(
            "UPDATE quotes SET entity_id = ?, statement_id = ? WHERE id = ?",
            [(q.entity_id, q.statement_id, q.id) for q in quotes if old.get(q.id) != (q.entity_id, q.statement_id)],
        )
        wanted = {e.id for e in entities}
        if scope is None:
            maybe_stale = [r[0] for r in db.execute("SELECT id FROM entities")]
        else:
            maybe_stale = sorted({v[0] for v in old.values() if v[0]})
        stale = [
            entity_id
            for entity_id in maybe_stale
            if entity_id not in wanted
            and db.execute("SELECT 1 FROM quotes WHERE entity_id = ? LIMIT 1", (entity_id,)).fetchone() is None
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
        if scope is None:
            db.execute("DELETE FROM stories")
        else:
            old_stories = sorted({v[2] for v in current.values() if v[2]})
            db.executemany("DELETE FROM stories WHERE id = ?", [(i,) for i in old_stories])
        db.executemany(
            "INSERT INTO stories (id, title, start, end) VALUES (?, ?, ?, ?)"
            " ON CONFLICT(id) DO UPDATE SET title=excluded.title, start=excluded.start, end=excluded.end",
            [(s.id, s.title, s.start, s.end) for s in stories],
        )


def _chunks(items: list, size: int = 400):
    """Lists short enough for one IN (...) of bound parameters."""
    for i in range(0, len(items), size):
        yield items[i : i + size]
