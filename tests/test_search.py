"""Listing and full-text search of quotes: right rows, and no search string can break the query."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from onrecord.cli import app
from onrecord.query.quotes import SearchError, fts_query, list_quotes, search_quotes
from onrecord.records import Article, DateEvidence, Document, Mention, Quote
from onrecord.store import open_store

TEXTS = {
    "a": (
        "Valdoria's position is non-negotiable, Foreign Minister Ilse Marquardt said. "
        '"The islands are ours (and always were)," she said.',
        "Northern Ledger",
        "2030-02-01",
    ),
    "b": (
        'Prime Minister Tomas Brenner said the treaty talks would resume, calling them "a step forward". '
        "He said officials would meet 'soon'.",
        "Coastal Times",
        "2030-02-03",
    ),
}


def _quote(article_id: str, text: str, fragment: str, kind: str, speaker: str | None) -> Quote:
    start = text.index(fragment)
    mention = Mention(speaker, 0, len(speaker)) if speaker else None
    return Quote(article_id, start, start + len(fragment), fragment, kind, "said", mention, speaker, "person")


@pytest.fixture()
def db(tmp_path):
    path = tmp_path / "search.db"
    with open_store(path) as store, store.transaction():
        ids = {}
        for label, (text, outlet, published) in TEXTS.items():
            doc = Document.from_bytes(text.encode(), f"{label}.txt", "text/plain", "2030-02-04T00:00:00+00:00")
            store.put_document(doc)
            article = Article(
                doc.id[:16], doc.id, text, outlet=outlet, published=DateEvidence(published, "test"), title=label
            )
            store.put_article(article)
            ids[label] = article.id
        a_text, b_text = TEXTS["a"][0], TEXTS["b"][0]
        store.put_quotes(
            ids["a"],
            [
                _quote(ids["a"], a_text, "Valdoria's position is non-negotiable", "indirect", "Ilse Marquardt"),
                _quote(ids["a"], a_text, "The islands are ours (and always were),", "direct", "Ilse Marquardt"),
            ],
        )
        store.put_quotes(
            ids["b"],
            [
                _quote(ids["b"], b_text, "the treaty talks would resume", "indirect", "Tomas Brenner"),
                _quote(ids["b"], b_text, "a step forward", "partial", "Tomas Brenner"),
            ],
        )
    return path, ids


def _store(db):
    path, ids = db
    return open_store(path, readonly=True), ids


def test_list_quotes_filters(db):
    store, ids = _store(db)
    everything = list_quotes(store.db)
    assert len(everything) == 4
    assert everything[0].outlet == "Coastal Times"  # newest first
    by_speaker = list_quotes(store.db, speaker="marquardt")
    assert {q.speaker for q in by_speaker} == {"Ilse Marquardt"}
    assert len(by_speaker) == 2
    assert [q.text for q in list_quotes(store.db, kind="partial")] == ["a step forward"]
    assert len(list_quotes(store.db, article=ids["b"][:6])) == 2
    assert list_quotes(store.db, speaker="%") == []  # a LIKE wildcard is a plain character
    assert list_quotes(store.db, speaker="_") == []
    assert len(list_quotes(store.db, limit=1)) == 1
    with pytest.raises(ValueError, match="kind"):
        list_quotes(store.db, kind="rumour")


def test_search_finds_words_and_highlights(db):
    store, ids = _store(db)
    hits = search_quotes(store.db, "non-negotiable")
    assert [h.text for h in hits] == ["Valdoria's position is non-negotiable"]
    hit = hits[0]
    assert hit.article_id == ids["a"]
    assert hit.outlet == "Northern Ledger" and hit.published == "2030-02-01"
    assert hit.speaker == "Ilse Marquardt"
    marked = [hit.snippet[s:e].lower() for s, e in hit.highlights]
    assert marked == ["non-negotiable"]


def test_search_by_speaker_name_and_filter(db):
    store, _ = _store(db)
    assert {h.text for h in search_quotes(store.db, "Brenner")} == {"the treaty talks would resume", "a step forward"}
    assert [h.text for h in search_quotes(store.db, "step", speaker="Brenner")] == ["a step forward"]
    assert search_quotes(store.db, "step", speaker="Marquardt") == []


def test_search_prefix_and_phrase(db):
    store, _ = _store(db)
    assert [h.text for h in search_quotes(store.db, "isl*")] == ["The islands are ours (and always were),"]
    assert [h.text for h in search_quotes(store.db, '"step forward"')] == ["a step forward"]
    assert search_quotes(store.db, '"forward step"') == []


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '""',
        "'",
        "-",
        "*",
        "non-",
        "NEAR(",
        "NEAR(islands ours",
        "islands OR",
        "AND",
        "(and always were)",
        "'; DROP TABLE quotes; --",
        "text:islands",
        "^islands",
        "islands + ours",
        "{speaker}",
        "\\",
        "\x00",
        "",
        "   ",
        "ö ü ß",
        "Valdoria's",
    ],
)
def test_hostile_search_never_raises(db, query):
    store, _ = _store(db)
    hits = search_quotes(store.db, query)
    assert isinstance(hits, list)
    assert store.counts()["quotes"] == 4


def test_hostile_searches_still_find_the_right_rows(db):
    store, _ = _store(db)
    islands = ["The islands are ours (and always were),"]
    assert [h.text for h in search_quotes(store.db, "(and always were)")] == islands
    assert [h.text for h in search_quotes(store.db, "NEAR(islands ours")] == []  # "near(islands" is no word there
    assert [h.text for h in search_quotes(store.db, 'islands "ours')] == islands  # an unclosed quote is ignored
    assert [h.text for h in search_quotes(store.db, "Valdoria's")] == ["Valdoria's position is non-negotiable"]
    assert search_quotes(store.db, "'; DROP TABLE quotes; --") == []


def test_fts_syntax_on_request(db):
    store, _ = _store(db)
    both = search_quotes(store.db, "islands OR treaty", fts_syntax=True)
    assert len(both) == 2
    assert search_quotes(store.db, "islands OR treaty") == []  # plain words: all three required
    with pytest.raises(SearchError, match="not valid FTS5"):
        search_quotes(store.db, "NEAR(", fts_syntax=True)


def test_fts_query_quotes_everything():
    assert fts_query("non-negotiable") == '"non-negotiable"'
    assert fts_query('say "it again" now*') == '"say" "it again" "now"*'
    assert fts_query('a"b') == '"a" "b"'
    assert fts_query("- * ( )") is None


def test_search_and_quotes_commands(db):
    path, ids = db
    runner = CliRunner()
    result = runner.invoke(app, ["search", "non-negotiable", "--db", str(path), "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [r["text"] for r in rows] == ["Valdoria's position is non-negotiable"]
    assert rows[0]["article_id"] == ids["a"]
    for hostile in ['"', "NEAR(", "'; DROP TABLE quotes; --", "[bold]x[/bold]"]:
        result = runner.invoke(app, ["search", hostile, "--db", str(path)])
        assert result.exit_code == 0, (hostile, result.output)
    bad = runner.invoke(app, ["search", "NEAR(", "--fts", "--db", str(path)])
    assert bad.exit_code == 2
    table = runner.invoke(app, ["search", "islands", "--db", str(path)])
    assert "always" in table.stdout and "islands" in table.stdout
    listed = runner.invoke(app, ["quotes", "--speaker", "Brenner", "--db", str(path), "--json"])
    assert listed.exit_code == 0, listed.output
    assert {r["text"] for r in json.loads(listed.stdout)} == {"the treaty talks would resume", "a step forward"}
    wrong_kind = runner.invoke(app, ["quotes", "--kind", "rumour", "--db", str(path)])
    assert wrong_kind.exit_code == 2


def test_speaker_filter_reaches_resolved_entities_and_aliases(db):
    path, ids = db
    text = TEXTS["b"][0]
    with open_store(path) as store, store.transaction():
        store.db.execute("INSERT INTO entities (id, name, kind) VALUES ('p-brenner', 'Tomas Brenner', 'person')")
        store.db.execute(
            "INSERT INTO entity_aliases (entity_id, alias, alias_key) VALUES ('p-brenner', 'Tomasz Brenner-Wald', 'x')"
        )
        quote = _quote(ids["b"], text, "a step forward", "partial", None)
        quote.entity_id = "p-brenner"
        store.put_quotes(ids["b"], [quote])
    store, _ = _store(db)
    assert [q.text for q in list_quotes(store.db, speaker="Brenner-Wald")] == ["a step forward"]
    assert [q.text for q in list_quotes(store.db, speaker="p-brenner")] == ["a step forward"]
    assert [q.text for q in list_quotes(store.db, speaker="Tomas Brenner")] == ["a step forward"]


@pytest.fixture(scope="module")
def readonly_store(tmp_path_factory):
    path = tmp_path_factory.mktemp("fuzz") / "fuzz.db"
    with open_store(path) as store, store.transaction():
        text = 'He said "we will not move, not an inch" (again).'
        doc = Document.from_bytes(text.encode(), "f.txt", "text/plain", "2030-01-01T00:00:00+00:00")
        store.put_document(doc)
        store.put_article(Article(doc.id[:16], doc.id, text, outlet="Fuzz Daily"))
        store.put_quotes(doc.id[:16], [_quote(doc.id[:16], text, "we will not move, not an inch", "direct", "Ana Vos")])
    store = open_store(path, readonly=True)
    yield store
    store.close()


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40))
def test_any_typed_text_is_a_valid_search(readonly_store, query):
    hits = search_quotes(readonly_store.db, query)
    assert all(h.text == "we will not move, not an inch" for h in hits)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(["inch", "move", "Vos", "not"]), st.text(alphabet='"*-^():+ ', max_size=6))
def test_a_real_word_wrapped_in_syntax_characters_is_still_found(readonly_store, word, noise):
    query = noise + word + noise.replace('"', "")
    # whatever the noise, a word left whole is searched for as that word
    hits = search_quotes(readonly_store.db, query)
    if fts_query(query) == f'"{word}"':
        assert len(hits) == 1
