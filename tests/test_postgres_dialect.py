"""SQLite SQL → PostgreSQL: each rule of the translation, and FTS5 queries → tsquery (no server needed)."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from onrecord.store.dialect import (
    FTS_WORD_CLASS,
    Dialect,
    FtsSyntaxError,
    Schema,
    TranslationError,
    fts5_terms,
    fts5_to_tsquery,
)

SCHEMA = Schema(
    columns={"feed_state": ("feed_url", "title"), "stories": ("id", "title", "start", "end")},
    primary_keys={"feed_state": ("feed_url",), "stories": ("id",)},
)
STORE = Path(__file__).resolve().parents[1] / "src" / "onrecord" / "store"


def sql(text: str) -> str:
    t = Dialect(SCHEMA).translate(text)
    assert t.sql is not None
    return t.sql


def test_every_sqlite_migration_has_a_postgresql_counterpart():
    sqlite_names = sorted(p.name for p in (STORE / "migrations").glob("*.sql"))
    pg_names = sorted(p.name for p in (STORE / "migrations_pg").glob("*.sql"))
    assert sqlite_names, "no SQLite migrations found"
    assert pg_names == sqlite_names


def test_the_index_and_the_query_split_words_alike():
    migration = (STORE / "migrations_pg" / "0001_initial.sql").read_text(encoding="utf-8")
    # the class is written with \uXXXX escapes in SQL; the Python constant holds the characters
    escaped = "".join(
        c if ord(c) < 128 else (f"\\u{ord(c):04X}" if ord(c) <= 0xFFFF else f"\\U{ord(c):08X}") for c in FTS_WORD_CLASS
    )
    assert migration.count(escaped) == 4


def test_placeholders_become_driver_parameters_outside_strings():
    t = Dialect().translate("SELECT '?', \"a?\" FROM t WHERE x = ? AND y = '50%' AND z = ?2 -- ?\n")
    assert t.sql == "SELECT '?', \"a?\" FROM t WHERE x = %s AND y = '50%%' AND z = %s"
    assert t.plan == ((0, "value"), (1, "value"))
    assert t.bind(["a", "b"]) == ["a", "b"]
    named = Dialect().translate("SELECT * FROM t WHERE a = :who OR b = :who")
    assert named.bind({"who": "x"}) == ["x", "x"]


def test_a_literal_percent_stays_single_without_parameters():
    assert sql("SELECT '100%' FROM t") == "SELECT '100%' FROM t"


def test_nul_characters_become_replacement_characters():
    assert Dialect().translate("SELECT ?").bind(["a\x00b"]) == ["a\ufffdb"]


def test_missing_parameter_is_an_error():
    with pytest.raises(sqlite3.ProgrammingError):
        Dialect().translate("SELECT ?, ?").bind(["only one"])


def test_insert_or_ignore_and_replace():
    assert sql("INSERT OR IGNORE INTO t (a, b) VALUES (?, ?)").endswith("ON CONFLICT DO NOTHING")
    replaced = sql("INSERT OR REPLACE INTO feed_state (feed_url, title) VALUES (?, ?)")
    assert replaced.startswith("INSERT INTO feed_state")
    assert replaced.endswith('ON CONFLICT ("feed_url") DO UPDATE SET "title" = excluded."title"')
    assert sql("REPLACE INTO feed_state VALUES (?, ?)").startswith('INSERT INTO feed_state("feed_url", "title")')
    with pytest.raises(TranslationError, match="primary key"):
        sql("INSERT OR REPLACE INTO unknown (a) VALUES (?)")


def test_upsert_passes_through():
    text = sql("INSERT INTO t (id, a) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET a=excluded.a")
    assert "ON CONFLICT(id) DO UPDATE SET a = excluded.a" in text


def test_transactions_and_pragmas():
    d = Dialect()
    assert d.translate("BEGIN IMMEDIATE").begin_write
    assert d.translate("BEGIN IMMEDIATE").sql == "BEGIN"
    assert not d.translate("BEGIN").begin_write
    assert d.translate("END TRANSACTION").sql == "COMMIT"
    assert d.translate("PRAGMA journal_mode = WAL").sql is None


def test_reserved_end_is_quoted_but_case_end_is_kept():
    text = sql("SELECT start, end, CASE WHEN end IS NULL THEN 1 ELSE end END AS open FROM stories ORDER BY end")
    assert text.startswith('SELECT start, "end", CASE WHEN "end" IS NULL THEN 1 ELSE "end" END AS open')
    assert text.endswith('ORDER BY "end" NULLS FIRST')
    assert 'INSERT INTO removed_spans(start, "end")' in sql("INSERT INTO removed_spans (start, end) VALUES (?, ?)")


def test_functions_and_operators():
    assert sql("SELECT ifnull(a, 'x') FROM t") == "SELECT coalesce(a, 'x') FROM t"
    assert sql("SELECT instr(a, 'x') FROM t") == "SELECT strpos(a, 'x') FROM t"
    assert sql("SELECT max(a, b), min(a) FROM t") == "SELECT greatest(a, b), min(a) FROM t"
    assert sql("SELECT group_concat(a, ' | ') FROM t") == "SELECT string_agg((a) ::text, ' | ') FROM t"
    assert sql("SELECT group_concat(DISTINCT a) FROM t") == "SELECT string_agg(DISTINCT(a) ::text, ',') FROM t"
    assert sql("SELECT a FROM t WHERE a == 1") == "SELECT a FROM t WHERE a = 1"
    assert sql("SELECT a FROM t WHERE a LIKE ? ESCAPE '\\'").endswith("a ILIKE %s ESCAPE '\\'")
    assert sql("SELECT a FROM t WHERE a NOT LIKE 'x%'") == "SELECT a FROM t WHERE a NOT ILIKE 'x%' ESCAPE ''"
    assert sql("SELECT a FROM t WHERE a LIKE ? AND b = 1").endswith("a ILIKE %s ESCAPE '' AND b = 1")
    assert sql("SELECT a FROM t WHERE a IS ? AND b IS NOT ? AND c IS NOT NULL") == (
        "SELECT a FROM t WHERE a IS NOT DISTINCT FROM %s AND b IS DISTINCT FROM %s AND c IS NOT NULL"
    )
    assert "::jsonb #>> '{\"id\"}'" in sql("SELECT json_extract(hints, '$.id') FROM documents")
    assert "round((a) ::numeric, (2) ::integer) ::double precision" in sql("SELECT round(a, 2) FROM t")
    assert sql("SELECT x'00ff'") == "SELECT '\\x00ff'::bytea"
    assert sql("SELECT [a], `b` FROM t") == 'SELECT "a", "b" FROM t'
    with pytest.raises(TranslationError, match="GLOB"):
        sql("SELECT a FROM t WHERE a GLOB 'x*'")
    with pytest.raises(TranslationError, match="literal path"):
        sql("SELECT json_extract(hints, ?) FROM documents")


def test_order_by_keeps_sqlites_null_order():
    assert sql("SELECT a FROM t ORDER BY a, b DESC, c ASC") == (
        "SELECT a FROM t ORDER BY a NULLS FIRST, b DESC NULLS LAST, c ASC NULLS FIRST"
    )
    assert sql("SELECT a FROM t ORDER BY a NULLS LAST") == "SELECT a FROM t ORDER BY a NULLS LAST"


def test_alias_inside_an_order_by_expression_is_expanded():
    text = sql("SELECT coalesce(a, b) AS day FROM t ORDER BY day IS NULL, day")
    assert text.endswith("ORDER BY(coalesce(a, b)) IS NULL NULLS FIRST, day NULLS FIRST")


def test_group_by_gains_bare_columns():
    text = sql(
        "SELECT q.entity_id AS id, e.name, count(*) AS n FROM q JOIN e ON e.id = q.entity_id GROUP BY q.entity_id ORDER BY n DESC, e.name"
    )
    assert "GROUP BY q.entity_id, e.name ORDER BY n DESC NULLS LAST" in text


def test_subqueries_in_from_get_a_name():
    text = sql("SELECT count(*) FROM (SELECT 1 FROM t LIMIT ?)")
    assert re.search(r"FROM\(SELECT 1 FROM t LIMIT %s\) AS _sub\d+$", text)
    assert sql("SELECT x FROM (SELECT 1 AS x) named").endswith(") named")


def test_rowid_is_hidden_unless_asked_for():
    d = Dialect()
    assert d.translate("SELECT * FROM quotes").hidden == {"rowid", "fts"}
    assert d.translate("SELECT q.rowid FROM quotes q").hidden == {"fts"}
    where_only = d.translate("SELECT * FROM quotes q WHERE q.rowid IN (SELECT rowid FROM x) ORDER BY rowid")
    assert where_only.hidden == {"rowid", "fts"}


def test_fts5_match_rank_and_snippet():
    d = Dialect()
    t = d.translate(
        "SELECT snippet(quotes_fts, 0, ?, ?, '…', ?) AS snip, bm25(quotes_fts) AS score FROM quotes_fts"
        " WHERE quotes_fts MATCH ? ORDER BY quotes_fts.rank"
    )
    assert "quotes_fts.fts @@" in t.sql and "onrecord_snippet(quotes_fts.text" in t.sql
    assert t.sql.count("-ts_rank(quotes_fts.fts") == 2
    values = t.bind(["<", ">", 10, '"islands" ours*'])
    assert values[0] == ["islands", "ours*"]  # terms for the snippet
    assert values[-1] == "(('islands') & ('ours':*))"
    bare = d.translate("SELECT rowid, bm25(quotes_fts) AS rank FROM quotes_fts WHERE quotes_fts MATCH ? ORDER BY rank")
    assert "AS rank FROM" in bare.sql and "ORDER BY(-ts_rank(quotes_fts.fts," in bare.sql
    assert bare.plan == ((0, "tsquery"),) * 3
    assert d.translate("INSERT INTO quotes_fts(quotes_fts) VALUES ('rebuild')").sql is None
    with pytest.raises(TranslationError, match="MATCH"):
        d.translate("SELECT bm25(quotes_fts) FROM quotes_fts")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ('"islands"', "('islands')"),
        ('"non-negotiable"', "(('non':A <-> 'negotiable':A) | ('non':B <-> 'negotiable':B))"),
        ("isl*", "('isl':*)"),
        ("islands OR treaty", "(('islands') | ('treaty'))"),
        ("a AND b NOT c", "(('a') & (('b') & !(('c'))))"),
        ("text:islands", "('islands':A)"),
        ("speaker : brenner*", "('brenner':*B)"),
        ("- text : brenner", "('brenner':B)"),
        ("{text speaker}: x", "('x':AB)"),
        ("NEAR(a b, 5)", "(('a') & ('b'))"),
        ('"a" + "b"', "(('a':A <-> 'b':A) | ('a':B <-> 'b':B))"),
        ('"-"', ""),
        ("Café", "('Café')"),
    ],
)
def test_fts5_queries_become_tsquery(query, expected):
    assert fts5_to_tsquery(query) == expected


@pytest.mark.parametrize("query", ["NEAR(", "islands OR", "AND", "(a", '"open', "a)", "nosuch:word", "", "a $ b"])
def test_malformed_fts5_queries_raise(query):
    with pytest.raises(FtsSyntaxError):
        fts5_to_tsquery(query)


def test_fts5_terms_for_highlighting():
    assert fts5_terms('text:"non-negotiable" OR step* NOT x') == ["non", "negotiable", "step*", "x"]
    assert fts5_terms('"unclosed') == []


def test_several_statements_are_refused():
    with pytest.raises(TranslationError, match="one statement"):
        sql("SELECT 1; DROP TABLE t")
    assert sql("SELECT 1;") == "SELECT 1"
