"""The PostgreSQL store behaves as the SQLite store does, on a real server started for the tests.

Every behaviour test runs on both backends (the `db` fixture); the pipeline test builds the same
corpus into both and compares what they hold and what every reader of the store returns.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from onrecord.cli import app
from onrecord.config import Config
from onrecord.pipeline import add
from onrecord.query import browse
from onrecord.query import linking as linking_query
from onrecord.query.quotes import SearchError, list_quotes, search_quotes
from onrecord.records import Article, DateEvidence, Document, Failure, Mention, Quote, RemovedSpan
from onrecord.store import open_store
from pg_server import start_cluster

REPO = Path(__file__).resolve().parents[1]
_names = itertools.count()


@pytest.fixture(scope="session")
def pg_cluster():
    # No skip: a missing server is an error that names the install step (scripts/system-deps.sh).
    cluster = start_cluster()
    yield cluster
    cluster.stop()


@pytest.fixture()
def pg_url(pg_cluster):
    return pg_cluster.create_database(f"onrecord_{next(_names)}")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db(request, tmp_path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "store.db")
    return request.getfixturevalue("pg_url")


def _doc(text: str, uri: str) -> Document:
    return Document.from_bytes(text.encode(), uri, "text/plain", "2030-02-04T00:00:00+00:00")


# -- the store's own reads and writes ----------------------------------------------------------


def test_documents_are_content_addressed_and_idempotent(db):
    raw = b"\x00\xffbinary \xe2\x80\x9cbytes\xe2\x80\x9d"
    doc = Document.from_bytes(raw, "https://a.example/1", "application/octet-stream", "2030-01-01T00:00:00+00:00")
    again = Document.from_bytes(raw, "https://b.example/copy", "application/octet-stream", "2030-01-02T00:00:00+00:00")
    with open_store(db) as store:
        with store.transaction():
            assert store.put_document(doc) is True
            assert store.put_document(doc) is False
            assert store.put_document(again) is False
        assert store.has_document(doc.id) and not store.has_document("nope")
        got = store.get_document(doc.id)
        assert got is not None and got.raw == raw and got.uri == "https://a.example/1"
        assert store.document_sources(doc.id) == ["https://a.example/1", "https://b.example/copy"]
        assert store.counts()["documents"] == 1
        assert store.schema_version == len(list((REPO / "src/onrecord/store/migrations").glob("*.sql")))


def test_articles_with_removed_spans_round_trip_and_replace(db):
    text = "Headline\n\nBody of the piece, with a 100% figure and a 'quote'.\n\nAdvertisement"
    doc = _doc(text, "a.txt")
    article = Article(
        "art-1",
        doc.id,
        text,
        url="https://news.example/a",
        outlet="Ledger",
        title="Headline",
        published=DateEvidence("2030-02-01", "meta"),
        byline="Ana Vos",
        language="en",
        paragraphs=[(0, 8), (10, 62)],
        removed=[RemovedSpan(64, 77, "Advertisement", "boilerplate"), RemovedSpan(0, 0, "", "empty")],
    )
    with open_store(db) as store:
        with store.transaction():
            store.put_document(doc)
            store.put_article(article)
        got = store.get_article("art-1")
        assert got is not None
        assert (got.text, got.outlet, got.published, got.paragraphs) == (
            text,
            "Ledger",
            DateEvidence("2030-02-01", "meta"),
            [(0, 8), (10, 62)],
        )
        assert [(r.start, r.end, r.reason) for r in got.removed] == [(0, 0, "empty"), (64, 77, "boilerplate")]
        article.removed = [RemovedSpan(1, 2, "x", "noise")]
        article.title = "New title"
        with store.transaction():
            store.put_article(article)
        got = store.get_article("art-1")
        assert got.title == "New title" and [r.reason for r in got.removed] == ["noise"]
        assert [a.id for a in store.iter_articles(batch=1)] == ["art-1"]


def test_failures_are_upserted_per_uri_and_stage(db):
    with open_store(db) as store:
        with store.transaction():
            store.record_failure(Failure("bad.html", "clean", "no text", "first"))
            store.record_failure(Failure("bad.html", "clean", "still no text", "second"))
            store.record_failure(Failure("bad.html", "fetch", "timeout"))
        got = sorted((f.stage, f.reason, f.detail) for f in store.failures())
        assert got == [("clean", "still no text", "second"), ("fetch", "timeout", "")]
        store.clear_failures("bad.html")
        assert store.failures() == []


def test_quotes_are_replaced_per_article(db):
    text = '"We stay," Ana Vos said. "We go," she added.'
    doc = _doc(text, "q.txt")
    first = [Quote("art", 1, 8, "We stay", "direct", "said", Mention("Ana Vos", 11, 18), "Ana Vos", "person")]
    second = [
        Quote("art", 1, 8, "We stay", "direct", "said", None, "Ana Vos", "person", confidence=0.9),
        Quote("art", 26, 31, "We go", "direct", "added", None, "Ana Vos", "person"),
    ]
    with open_store(db) as store:
        with store.transaction():
            store.put_document(doc)
            store.put_article(Article("art", doc.id, text))
            store.put_quotes("art", first)
        assert [q.speaker_mention for q in store.quotes_of_article("art")] == [Mention("Ana Vos", 11, 18)]
        with store.transaction():
            store.put_quotes("art", second)
        got = store.quotes_of_article("art")
        assert [(q.text, q.confidence) for q in got] == [("We stay", 0.9), ("We go", 0.0)]
        assert store.counts()["quotes"] == 2
        assert [h.text for h in search_quotes(store.db, "go")] == ["We go"]  # the index follows replacements


def test_like_matches_as_sqlite_does(db):
    with open_store(db) as store:
        with store.transaction():
            for i, name in enumerate(["Ana\\Vos", "ANA VOS", "Åsa Öberg", "åsa öberg"]):
                store.db.execute("INSERT INTO entities (id, name, kind) VALUES (?, ?, 'person')", (f"e{i}", name))

        def ids(pattern: str) -> list[str]:
            rows = store.db.execute("SELECT id FROM entities WHERE name LIKE ? ORDER BY id", (pattern,))
            return [r[0] for r in rows]

        assert ids("ana%") == ["e0", "e1"]  # ASCII letters ignore case
        assert ids("%\\V%") == ["e0"]  # a backslash is a plain character without ESCAPE
        assert ids("åsa%") == ["e3"]  # other letters keep their case, as in SQLite
        assert ids("_sa%") == ["e2", "e3"]


def test_a_failed_transaction_leaves_nothing(db):
    with open_store(db) as store:
        with pytest.raises(RuntimeError), store.transaction():
            store.put_document(_doc("lost", "lost.txt"))
            raise RuntimeError("stop")
        assert store.counts()["documents"] == 0


# -- search through the query layer --------------------------------------------------------------

TEXTS = {
    "a": (
        "Valdoria's position is non-negotiable, Foreign Minister Ilse Marquardt said. "
        '"The islands are ours (and always were)," she said. "Café talks are over."',
        "Northern Ledger",
        "2030-02-01",
    ),
    "b": (
        'Prime Minister Tomas Brenner said the treaty talks would resume, calling them "a step forward". '
        "He said officials would meet 'soon'. 100% sure, he said.",
        "Coastal Times",
        "2030-02-03",
    ),
}
QUOTES = {
    "a": [
        ("Valdoria's position is non-negotiable", "indirect", "Ilse Marquardt"),
        ("The islands are ours (and always were),", "direct", "Ilse Marquardt"),
        ("Café talks are over.", "direct", "Ilse Marquardt"),
    ],
    "b": [
        ("the treaty talks would resume", "indirect", "Tomas Brenner"),
        ("a step forward", "partial", "Tomas Brenner"),
        ("100% sure", "direct", None),
    ],
}


def _fill(db: str) -> dict[str, str]:
    ids = {}
    with open_store(db) as store, store.transaction():
        for label, (text, outlet, published) in TEXTS.items():
            doc = _doc(text, f"{label}.txt")
            store.put_document(doc)
            article = Article(
                doc.id[:16], doc.id, text, outlet=outlet, published=DateEvidence(published, "test"), title=label
            )
            store.put_article(article)
            ids[label] = article.id
            quotes = []
            for fragment, kind, speaker in QUOTES[label]:
                start = text.index(fragment)
                mention = Mention(speaker, 0, len(speaker)) if speaker else None
                quotes.append(
                    Quote(article.id, start, start + len(fragment), fragment, kind, "said", mention, speaker, "person")
                )
            store.put_quotes(article.id, quotes)
    return ids


@pytest.fixture()
def filled(db):
    ids = _fill(db)
    store = open_store(db, readonly=True)
    yield store, ids
    store.close()


def _texts(hits) -> list[str]:
    return [h.text for h in hits]


def test_search_finds_words_phrases_prefixes_and_speakers(filled):
    store, ids = filled
    hits = search_quotes(store.db, "non-negotiable")
    assert _texts(hits) == ["Valdoria's position is non-negotiable"]
    assert hits[0].article_id == ids["a"] and hits[0].outlet == "Northern Ledger"
    assert [hits[0].snippet[s:e].lower() for s, e in hits[0].highlights] == ["non-negotiable"]
    assert _texts(search_quotes(store.db, "isl*")) == ["The islands are ours (and always were),"]
    assert _texts(search_quotes(store.db, '"step forward"')) == ["a step forward"]
    assert search_quotes(store.db, '"forward step"') == []
    assert set(_texts(search_quotes(store.db, "Brenner"))) == {"the treaty talks would resume", "a step forward"}
    assert _texts(search_quotes(store.db, "step", speaker="Brenner")) == ["a step forward"]
    assert search_quotes(store.db, "step", speaker="Marquardt") == []
    assert _texts(search_quotes(store.db, "cafe")) == ["Café talks are over."]  # accents folded as unicode61 does
    assert _texts(search_quotes(store.db, "CAFÉ")) == ["Café talks are over."]
    assert _texts(search_quotes(store.db, "100")) == ["100% sure"]
    talks = search_quotes(store.db, "talks")
    assert set(_texts(talks)) == {"Café talks are over.", "the treaty talks would resume"}
    assert all(h.rank is not None and h.rank < 0 for h in talks)  # bm25-like: lower is better
    assert talks[0].text == "Café talks are over."  # the shorter quote ranks first, as bm25 ranks it


def test_fts_syntax_on_request(filled):
    store, _ = filled
    assert len(search_quotes(store.db, "islands OR treaty", fts_syntax=True)) == 2
    assert search_quotes(store.db, "islands OR treaty") == []
    assert _texts(search_quotes(store.db, "speaker:brenner NOT step", fts_syntax=True)) == [
        "the treaty talks would resume"
    ]
    assert search_quotes(store.db, "text:brenner", fts_syntax=True) == []
    with pytest.raises(SearchError, match="not valid FTS5"):
        search_quotes(store.db, "NEAR(", fts_syntax=True)


HOSTILE = [
    '"', '""', "'", "-", "*", "non-", "NEAR(", "NEAR(islands ours", "islands OR", "AND", "(and always were)",
    "'; DROP TABLE quotes; --", "text:islands", "^islands", "islands + ours", "{speaker}", "\\", "\x00", "",
    "   ", "ö ü ß", "Valdoria's", "%", "_", "$1", "%s", "%(x)s", "?", ":name", "a:*", "a <-> b", "!x", "a & b | c",
]  # fmt: skip


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_searches_never_raise_and_never_write(filled, query):
    store, _ = filled
    assert isinstance(search_quotes(store.db, query), list)
    assert isinstance(list_quotes(store.db, speaker=query), list)
    assert store.counts()["quotes"] == 6


def test_hostile_searches_still_find_the_right_rows(filled):
    store, _ = filled
    islands = ["The islands are ours (and always were),"]
    assert _texts(search_quotes(store.db, "(and always were)")) == islands
    assert _texts(search_quotes(store.db, "NEAR(islands ours")) == []
    assert _texts(search_quotes(store.db, 'islands "ours')) == islands
    assert _texts(search_quotes(store.db, "Valdoria's")) == ["Valdoria's position is non-negotiable"]
    assert search_quotes(store.db, "'; DROP TABLE quotes; --") == []
    assert _texts(search_quotes(store.db, "a <-> b & forward")) == []  # tsquery operators are plain text here
    assert list_quotes(store.db, speaker="%") == [] and list_quotes(store.db, speaker="_") == []
    assert {q.speaker for q in list_quotes(store.db, speaker="marquardt")} == {"Ilse Marquardt"}


def test_browse_search_ranks_and_counts_alike(filled):
    store, _ = filled
    page = browse.search(store.db, "talks", browse.Filters())
    assert page.total == 2 and page.sort == "relevance"
    assert {i["text"] for i in page.items} == {"Café talks are over.", "the treaty talks would resume"}
    narrowed = browse.search(store.db, "talks", browse.Filters(outlet="Coastal Times"))
    assert [i["text"] for i in narrowed.items] == ["the treaty talks would resume"]
    assert narrowed.facets["outlet"] == [{"value": "Coastal Times", "label": "Coastal Times", "count": 1}]


@pytest.mark.postgres
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30))
def test_any_typed_text_is_a_valid_search_on_postgres(pg_cluster, query):
    store = _fuzz_store(pg_cluster)
    hits = search_quotes(store.db, query)
    assert all(h.text in {q[0] for q in QUOTES["a"] + QUOTES["b"]} for h in hits)
    browse_query = query if any(c.isalnum() for c in query) else None
    if browse_query:
        try:
            browse.search(store.db, browse_query, browse.Filters())
        except browse.BadQuery:
            pass


@pytest.mark.postgres
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.text(alphabet='abc islands OR AND NOT NEAR text speaker:*"()+{}^-,5 ', max_size=30))
def test_any_fts5_syntax_either_runs_or_is_a_search_error_on_postgres(pg_cluster, query):
    store = _fuzz_store(pg_cluster)
    try:
        hits = search_quotes(store.db, query, fts_syntax=True)
    except SearchError:
        return
    assert all(h.text in {q[0] for q in QUOTES["a"] + QUOTES["b"]} for h in hits)


_FUZZ: dict[str, object] = {}


def _fuzz_store(cluster):
    if "store" not in _FUZZ:
        url = cluster.create_database(f"onrecord_fuzz_{next(_names)}")
        _fill(url)
        _FUZZ["store"] = open_store(url, readonly=True)
    return _FUZZ["store"]


# -- the whole pipeline on both backends ---------------------------------------------------------

ARTICLES = {
    "wire.txt": (
        "Valdoria rejects border claim\n\n"
        "KESTREL CITY, March 3 (Northwire) -- Valdorian Foreign Minister Ilse Marrow said on Monday that "
        "the border was settled long ago.\n\n"
        '"The line was drawn in 1921 and it is not open to discussion," Marrow told reporters.\n\n'
        "She added that talks would continue."
    ),
    "copy.txt": (
        "Valdoria says border not open to discussion\n\n"
        '"The line was drawn in 1921 and it is not open to discussion," Foreign Minister Ilse Marrow said, '
        "according to Northwire.\n\nRead more"
    ),
    "other.txt": (
        "Harbour strike ends\n\n"
        "Union leader Tomas Brenn said the strike was over. \u201cWe have what we came for,\u201d Brenn said. "
        "\u201cThe port reopens on Friday,\u201d the union\u2019s spokeswoman, Kaja M\u00fcller, said."
    ),
}

TABLES = {
    "documents": "SELECT id, media_type, size, hints FROM documents ORDER BY id",
    "document_sources": "SELECT document_id, uri FROM document_sources ORDER BY document_id, uri",
    "articles": "SELECT * FROM articles ORDER BY id",
    "removed_spans": "SELECT article_id, start, end, text, reason FROM removed_spans ORDER BY article_id, start, end",
    "quotes": "SELECT * FROM quotes ORDER BY id",
    "statements": "SELECT * FROM statements ORDER BY id",
    "entities": "SELECT * FROM entities ORDER BY id",
    "entity_aliases": "SELECT * FROM entity_aliases ORDER BY entity_id, alias",
    "entity_roles": "SELECT * FROM entity_roles ORDER BY entity_id, title",
    "syndication_groups": "SELECT * FROM syndication_groups ORDER BY id",
    "stories": "SELECT * FROM stories ORDER BY id",
    "failures": "SELECT uri, stage, reason FROM failures ORDER BY uri",
}
VOLATILE = {"created_at"}  # the time a row was written


def _dump(store) -> dict[str, list[dict]]:
    out = {}
    for name, sql in TABLES.items():
        rows = [dict(r) for r in store.db.execute(sql).fetchall()]
        out[name] = [{k: v for k, v in r.items() if k not in VOLATILE} for r in rows]
    return out


@pytest.fixture(scope="module")
def both_backends(tmp_path_factory, pg_cluster):
    folder = tmp_path_factory.mktemp("corpus")
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    sources = [str(folder)]
    samples = REPO / "samples" / "corpus"
    if samples.is_dir() and any(p.suffix for p in samples.iterdir() if p.name != ".keep"):
        sources.append(str(samples))
    config = Config(jobs=1, batch_size=4)
    sqlite_path = str(tmp_path_factory.mktemp("sqlite") / "store.db")
    pg = pg_cluster.create_database(f"onrecord_pipeline_{next(_names)}")
    reports = {}
    for label, target in (("sqlite", sqlite_path), ("postgres", pg)):
        with open_store(target) as store:
            reports[label] = add(sources, store, config)
    with open_store(pg) as store:  # a second run changes nothing
        reports["again"] = add(sources, store, config)
    stores = {"sqlite": open_store(sqlite_path, readonly=True), "postgres": open_store(pg, readonly=True)}
    yield stores, reports
    for s in stores.values():
        s.close()


@pytest.mark.postgres
def test_pipeline_builds_the_same_store_on_both_backends(both_backends):
    stores, reports = both_backends
    assert reports["sqlite"].new_articles == reports["postgres"].new_articles >= 3
    assert reports["again"].new_articles == 0
    assert [f.reason for f in reports["sqlite"].failed] == [f.reason for f in reports["postgres"].failed]
    lite, pg = _dump(stores["sqlite"]), _dump(stores["postgres"])
    assert pg["quotes"] and pg["statements"] and pg["entities"]
    for table in TABLES:
        assert lite[table] == pg[table], f"{table} differs between SQLite and PostgreSQL"
    assert stores["sqlite"].counts() == stores["postgres"].counts()


def _json(value):
    return json.loads(json.dumps(value, default=str))


@pytest.mark.postgres
def test_every_reader_answers_alike_on_both_backends(both_backends):
    stores, _ = both_backends
    lite, pg = stores["sqlite"], stores["postgres"]
    speaker = lite.scalar("SELECT entity_id FROM quotes WHERE entity_id IS NOT NULL ORDER BY entity_id LIMIT 1")
    story = lite.scalar("SELECT id FROM stories ORDER BY id LIMIT 1")
    statement = lite.scalar("SELECT id FROM statements ORDER BY n_reports DESC, id LIMIT 1")
    article = lite.scalar("SELECT id FROM articles ORDER BY id LIMIT 1")
    assert speaker and story and statement and article
    word = "border"
    filters = [
        browse.Filters(),
        browse.Filters(speaker=speaker),
        browse.Filters(story=story),
        browse.Filters(since="2000-01-01", until="2100"),
        browse.Filters(kind="direct", limit=3, offset=1),
    ]
    calls = [
        ("overview", lambda s: browse.overview(s.db)),
        ("facet_values", lambda s: browse.facet_values(s.db, "outlet")),
        ("quote", lambda s: browse.quote(s.db, s.scalar("SELECT id FROM quotes ORDER BY id LIMIT 1"))),
        ("statement", lambda s: browse.statement(s.db, statement)),
        ("entity", lambda s: browse.entity(s.db, speaker)),
        ("story", lambda s: browse.story(s.db, story)),
        ("article", lambda s: browse.article(s.db, article)),
        ("raw_document", lambda s: browse.raw_document(s.db, s.scalar("SELECT id FROM documents ORDER BY id"))),
        ("linking.statements", lambda s: linking_query.statements(s, since="2000-01-01")),
        ("linking.who", lambda s: linking_query.who(s, speaker)),
        ("linking.stories", lambda s: linking_query.stories(s)),
        ("linking.entities", lambda s: linking_query.entities(s)),
        ("linking.groups", lambda s: linking_query.syndication_groups(s)),
        ("linking.find", lambda s: linking_query.find_speakers(s, "marrow")),
        ("list_quotes", lambda s: [h.to_dict() for h in list_quotes(s.db, limit=100)]),
        ("search_quotes", lambda s: [h.to_dict() for h in search_quotes(s.db, word)]),
    ]
    for f in filters:
        for fn in (browse.quotes, browse.statements, browse.stories, browse.articles):
            calls.append((f"{fn.__name__} {f}", lambda s, fn=fn, f=f: _page(fn(s.db, f))))
        calls.append((f"entities {f}", lambda s, f=f: _page(browse.entities(s.db, f))))
        calls.append((f"search {f}", lambda s, f=f: _page(browse.search(s.db, word, f))))
    for name, call in calls:
        expected, got = _json(call(lite)), _json(call(pg))
        if name.startswith(("search", "search_quotes")):
            expected, got = _unranked(expected), _unranked(got)
        assert got == expected, f"{name} differs between SQLite and PostgreSQL"


def _page(page) -> dict:
    return {"items": page.items, "total": page.total, "facets": page.facets, "sort": page.sort}


def _unranked(value):
    """Rank scores differ between bm25 and ts_rank; the rows found, their fields and facets must not."""
    if isinstance(value, dict):
        items = value.get("items")
        if items is not None:
            return {**value, "items": sorted(items, key=lambda i: i["id"])}
        return value
    return sorted(
        ({k: v for k, v in h.items() if k not in ("rank", "snippet", "highlights")} for h in value),
        key=lambda h: h["id"],
    )


@pytest.mark.postgres
def test_exports_are_alike_on_both_backends(both_backends):
    from onrecord.export import iter_rows

    stores, _ = both_backends
    for what in ("quotes", "statements", "articles", "entities"):
        lite = [r for batch in iter_rows(stores["sqlite"].db, what) for r in batch]
        pg = [r for batch in iter_rows(stores["postgres"].db, what) for r in batch]
        assert lite and pg == lite, f"export of {what} differs"


# -- the command line ------------------------------------------------------------------------------


@pytest.mark.postgres
def test_cli_add_quotes_and_search_with_a_postgresql_url(pg_url, tmp_path, monkeypatch):
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    runner = CliRunner()
    added = runner.invoke(app, ["add", "--db", pg_url, str(folder)])
    assert added.exit_code == 0, added.output
    listed = runner.invoke(app, ["quotes", "--db", pg_url, "--json"])
    assert listed.exit_code == 0, listed.output
    texts = {r["text"] for r in json.loads(listed.stdout)}
    assert any("line was drawn in 1921" in t for t in texts)
    monkeypatch.setenv("ONRECORD_DB", pg_url)
    found = runner.invoke(app, ["search", "1921", "--json"])
    assert found.exit_code == 0, found.output
    assert all("1921" in r["text"] for r in json.loads(found.stdout)) and json.loads(found.stdout)
    bad = runner.invoke(app, ["search", "NEAR(", "--fts"])
    assert bad.exit_code == 2
    again = runner.invoke(app, ["add", str(folder)])
    assert again.exit_code == 0, again.output
    with open_store(pg_url, readonly=True) as store:
        assert store.counts()["articles"] == 3


@pytest.mark.postgres
def test_an_unreachable_server_is_a_clear_error(pg_cluster):
    runner = CliRunner()
    url = f"postgresql://nobody:secret@127.0.0.1:{pg_cluster.port}/no_such_database"
    result = runner.invoke(app, ["quotes", "--db", url])
    assert result.exit_code == 2
    assert "cannot open store" in result.output and "secret" not in result.output


# -- PostgreSQL only: many writers, read-only handles, a missing server ------------------------------


@pytest.mark.postgres
def test_writers_take_turns_as_with_sqlites_begin_immediate(pg_url):
    import threading
    import time

    first, second = open_store(pg_url), open_store(pg_url)
    order: list[str] = []
    try:
        with first.transaction():
            first.put_document(_doc("one", "one.txt"))

            def other_writer():
                with second.transaction():
                    order.append("second writes")
                    second.put_document(_doc("two", "two.txt"))

            thread = threading.Thread(target=other_writer)
            thread.start()
            time.sleep(0.5)
            order.append("first commits")
        thread.join(timeout=30)
        assert order == ["first commits", "second writes"]
        assert first.counts()["documents"] == 2
    finally:
        first.close()
        second.close()


@pytest.mark.postgres
def test_a_read_only_handle_refuses_writes(pg_url):
    import psycopg

    open_store(pg_url).close()
    with open_store(pg_url, readonly=True) as store:
        assert store.counts()["documents"] == 0
        with pytest.raises(psycopg.errors.ReadOnlySqlTransaction), store.transaction():
            store.put_document(_doc("x", "x.txt"))


def test_missing_server_binaries_fail_with_the_install_step(monkeypatch):
    import pg_server

    monkeypatch.setattr(pg_server.glob, "glob", lambda pattern: [])
    with pytest.raises(pg_server.ServerUnavailable, match="system-deps.sh"):
        pg_server.start_cluster()


@pytest.mark.postgres
def test_values_read_as_sqlite_types(pg_url):
    with open_store(pg_url) as store:
        row = store.db.execute("SELECT sum(1), avg(2), 1 = 1, 1 = 2, count(*) FROM (SELECT 1 AS one)").fetchone()
        assert row[0] == 1 and isinstance(row[0], int)
        assert row[1] == 2.0 and isinstance(row[1], float)  # avg is a float in SQLite too
        assert (row[2], row[3], row[4]) == (1, 0, 1) and type(row[2]) is int
        assert store.db.execute("SELECT avg(x) FROM (SELECT 1 AS x UNION SELECT 2)").fetchone()[0] == 1.5
        names = [d.name for d in store.db.execute("SELECT * FROM stories").description]
        assert names == ["id", "title", "start", "end"]  # as SQLite shows the table: no rowid
        assert [d.name for d in store.db.execute("SELECT rowid, id FROM stories").description] == ["rowid", "id"]


@pytest.mark.postgres
def test_full_text_search_reads_the_index(pg_url):
    _fill(pg_url)
    with open_store(pg_url) as store:
        store.db.raw.execute("SET enable_seqscan = off")  # a tiny table: ask whether the index can serve
        plan = store.db.execute("EXPLAIN SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?", ('"talks"',))
        assert "quotes_fts_index" in " ".join(r[0] for r in plan.fetchall())


@pytest.mark.postgres
def test_the_web_app_answers_alike_from_both_backends(both_backends):
    from fastapi.testclient import TestClient

    from onrecord.web import create_app

    stores, _ = both_backends
    answers = {}
    for label, store in stores.items():
        target = store.url if label == "postgres" else store.path
        client = TestClient(create_app(target))
        pages = {}
        for path in ("/api/quotes?limit=500", "/api/statements?limit=500", "/api/entities?limit=500"):
            response = client.get(path)
            assert response.status_code == 200, (label, path, response.text[:200])
            body = response.json()
            pages[path] = (body["total"], sorted(item["id"] for item in body["items"]))
        for path in ("/", "/search?q=island"):
            assert client.get(path).status_code == 200, (label, path)
        answers[label] = pages
    assert answers["sqlite"] == answers["postgres"]
