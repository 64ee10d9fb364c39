"""The JSON API over a synthetic store: pagination, filters, bad input, writes, raw documents."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from conftest_web import HOSTILE_QUOTE, HOSTILE_SCRIPT, build_store
from onrecord.config import Config
from onrecord.web import create_app

ARTICLE_TEXT = (
    "PORTVALE -- The harbour of Portvale reopened to cargo ships on Monday after a week of repairs to the main pier, "
    "port officials said in a statement.\n\n"
    '"We expect the first container vessels to berth on Tuesday morning," harbour master Ada Brennick told reporters '
    "at the quay, adding that the repairs had cost less than planned.\n\n"
    "Fishing crews, who had moored their boats at the northern jetty during the works, were allowed back the same day."
)

INJECTIONS = [
    "' OR 1=1 --",
    '" OR ""="',
    "x'); DROP TABLE quotes; --",
    "1 UNION SELECT raw FROM documents",
    "%' AND 1=1 AND '%'='",
    "NEAR(a b)",
    "text:secret*",
    "\\",
]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build_store(tmp_path_factory.mktemp("api") / "s.db")


@pytest.fixture(scope="module")
def client(built):
    return TestClient(create_app(built.path, Config()))


def test_lists_answer_pages_with_total_and_next(client):
    first = client.get("/api/quotes", params={"limit": 4})
    assert first.status_code == 200
    body = first.json()
    assert body["total"] == 9
    assert len(body["items"]) == 4
    assert body["next"] and "offset=4" in body["next"] and "limit=4" in body["next"]
    seen = [q["id"] for q in body["items"]]
    while body["next"]:
        body = client.get(body["next"]).json()
        seen += [q["id"] for q in body["items"]]
    assert len(seen) == 9 and len(set(seen)) == 9
    assert body["next"] is None


@pytest.mark.parametrize(
    "path, total",
    [("/api/articles", 5), ("/api/statements", 8), ("/api/entities", 5), ("/api/stories", 3), ("/api/quotes", 9)],
)
def test_every_list_counts_everything(client, path, total):
    body = client.get(path).json()
    assert body["total"] == total
    assert len(body["items"]) == total


def test_filters_narrow_quotes(client, built):
    def ids(**params):
        return {q["id"] for q in client.get("/api/quotes", params=params).json()["items"]}

    velden = ids(speaker=built.entities["velden"])
    assert velden == {built.quotes[k] for k in ("t1", "t3", "f1", "f3")}
    assert ids(speaker="Oren Quill") == {built.quotes["t4"], built.quotes["h1"]}  # by name as written
    assert ids(outlet="Harbour Herald") == {built.quotes[k] for k in ("t3", "t4", "h1")}
    assert ids(story=built.stories["fish"]) == {built.quotes[k] for k in ("f1", "f2", "f3", "f4")}
    assert ids(kind="partial") == {built.quotes["t4"], built.quotes["f2"]}
    assert ids(kind="indirect") == {built.quotes["t2"]}
    assert ids(since="2025-01-01") == {built.quotes[k] for k in ("f3", "f4", "h1")}
    assert ids(until="2023") == {built.quotes["f1"], built.quotes["f2"]}
    assert ids(since="2024-03", until="2024-03") == {built.quotes[k] for k in ("t1", "t2", "t3", "t4")}
    assert ids(speaker=built.entities["velden"], since="2024-01-01", until="2024-12-31") == {
        built.quotes["t1"],
        built.quotes["t3"],
    }


def test_filters_narrow_statements_articles_entities_stories(client, built):
    def ids(path, **params):
        return {x["id"] for x in client.get(path, params=params).json()["items"]}

    assert ids("/api/statements", speaker=built.entities["velden"]) == {"st-s1", "st-s4", "st-s6"}
    assert ids("/api/statements", outlet="Le Courrier Fictif") == {"st-s6", "st-s7"}
    assert ids("/api/statements", story=built.stories["treaty"]) == {"st-s1", "st-s2", "st-s3"}
    assert ids("/api/statements", kind="indirect") == {"st-s2"}
    assert ids("/api/statements", since="2025-01-20") == {"st-s8"}
    assert ids("/api/articles", outlet="Harbour Herald") == {"art-herald", "art-hostile"}
    assert ids("/api/articles", speaker=built.entities["haddad"]) == {"art-fish2025"}
    assert ids("/api/articles", until="2023-12-31") == {"art-fish2023"}
    assert ids("/api/entities", kind="government") == {built.entities["norland"]}
    assert ids("/api/entities", outlet="Nordic Daily Ledger") == {built.entities["velden"], built.entities["aurel"]}
    assert ids("/api/entities", name="Tom") == {built.entities["aurel"]}
    assert ids("/api/stories", speaker=built.entities["quill"]) == {built.stories["treaty"], built.stories["council"]}
    assert ids("/api/stories", since="2025-01-15") == {built.stories["fish"], built.stories["council"]}


def test_search_finds_words_with_facets(client, built):
    body = client.get("/api/search", params={"q": "signature harbour"}).json()
    assert {q["id"] for q in body["items"]} == {built.quotes["t1"], built.quotes["t3"]}
    assert body["total"] == 2
    outlets = {f["value"]: f["count"] for f in body["facets"]["outlet"]}
    assert outlets == {"Eastgate Wire": 1, "Harbour Herald": 1}
    assert body["facets"]["speaker"][0] == {"value": built.entities["velden"], "label": "Mara Velden", "count": 2}
    # the last word is a prefix, as in a search box
    assert client.get("/api/search", params={"q": "signat"}).json()["total"] == 2
    narrowed = client.get("/api/search", params={"q": "signature", "outlet": "Harbour Herald"}).json()
    assert [q["id"] for q in narrowed["items"]] == [built.quotes["t3"]]
    rtl = client.get("/api/search", params={"q": "الحوار"}).json()
    assert [q["id"] for q in rtl["items"]] == [built.quotes["f4"]]


def test_records_by_id(client, built):
    s = client.get("/api/statements/st-s1").json()
    assert s["speaker"] == {"id": built.entities["velden"], "name": "Mara Velden"}
    assert [r["article"]["outlet"] for r in s["reports"]] == ["Eastgate Wire", "Harbour Herald"]
    assert s["reports"][0]["primary"] is True
    marked = [p["text"] for p in s["reports"][1]["context"] if p["mark"]]
    assert marked == [s["text"]]

    e = client.get(f"/api/entities/{built.entities['velden']}").json()
    assert [r["title"] for r in e["roles"]] == ["Deputy Minister of Trade", "Minister of Foreign Affairs"]
    assert [p["said_on"] for p in e["timeline"]] == ["2023-07-01", "2024-03-14", "2025-01-19"]
    assert {o["name"] for o in e["quoted_with"]} >= {"Tomas Aurel", "Oren Quill", "ليلى حداد"}

    t = client.get(f"/api/entities/{built.entities['velden']}/timeline").json()
    assert len(t["points"]) == 3 and t["points"][0]["story_title"] == "Fisheries dispute"

    st = client.get(f"/api/stories/{built.stories['treaty']}").json()
    assert {a["id"] for a in st["articles"]} == {"art-wire", "art-herald"}

    a = client.get("/api/articles/art-hostile").json()
    assert HOSTILE_SCRIPT in a["text"]
    assert [q["text"] for q in a["quotes"]] == [HOSTILE_QUOTE]
    assert a["removed"][0]["reason"] == "share buttons"

    q = client.get(f"/api/quotes/{built.quotes['f2']}").json()
    assert q["text"] == "history is not a licence"


@pytest.mark.parametrize(
    "path",
    [
        "/api/statements/nope",
        "/api/entities/nope",
        "/api/stories/nope",
        "/api/articles/nope",
        "/api/quotes/nope",
        "/api/entities/nope/timeline",
    ],
)
def test_unknown_ids_are_404_json(client, path):
    r = client.get(path)
    assert r.status_code == 404
    assert "nope" in r.json()["error"]


@pytest.mark.parametrize(
    "path, params, word",
    [
        ("/api/quotes", {"limit": 0}, "limit"),
        ("/api/quotes", {"limit": 501}, "limit"),
        ("/api/quotes", {"limit": "ten"}, "limit"),
        ("/api/quotes", {"offset": -1}, "offset"),
        ("/api/quotes", {"since": "yesterday"}, "since"),
        ("/api/quotes", {"until": "2025-02-30"}, "until"),
        ("/api/quotes", {"since": "2025-01-01", "until": "2024-01-01"}, "since"),
        ("/api/quotes", {"kind": "rumour"}, "kind"),
        ("/api/entities", {"kind": "direct"}, "kind"),
        ("/api/search", {}, "q"),
        ("/api/search", {"q": "\"'()*"}, "q"),
        ("/api/statements", {"speaker": "x" * 300}, "speaker"),
    ],
)
def test_bad_parameters_are_clear_400s(client, path, params, word):
    r = client.get(path, params=params)
    assert r.status_code == 400, r.text
    assert word in r.json()["error"]


@pytest.mark.parametrize("evil", INJECTIONS)
@pytest.mark.parametrize(
    "path, param",
    [
        ("/api/quotes", "speaker"),
        ("/api/quotes", "outlet"),
        ("/api/quotes", "story"),
        ("/api/quotes", "kind"),
        ("/api/quotes", "since"),
        ("/api/quotes", "until"),
        ("/api/statements", "speaker"),
        ("/api/statements", "outlet"),
        ("/api/articles", "speaker"),
        ("/api/entities", "name"),
        ("/api/stories", "outlet"),
        ("/api/search", "q"),
    ],
)
def test_injection_strings_never_reach_sql(client, path, param, evil):
    params = {param: evil}
    if path == "/api/search" and param != "q":
        params["q"] = "signature"
    r = client.get(path, params=params)
    assert r.status_code in (200, 400), r.text
    body = r.json()
    if r.status_code == 200 and param != "q":
        # Nothing matches a value that is not in the record; the injection did not widen the result.
        assert body["total"] == 0
    elif r.status_code == 200:
        # Search reads the words as words: "OR" finds the speaker Oren, never every row.
        assert body["total"] < 9
    else:
        assert param in body["error"]
    assert client.get("/api/quotes").json()["total"] == 9  # the table is still there


def test_injection_in_ids_is_404(client):
    for evil in INJECTIONS:
        assert client.get("/api/statements/" + evil.replace("/", "")).status_code == 404


def test_raw_document_is_a_download_never_a_page(client, built):
    r = client.get(f"/api/documents/{built.documents['hostile']}/raw")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/plain")
    assert r.headers["content-disposition"].startswith("attachment")
    assert r.headers["x-content-type-options"] == "nosniff"
    assert HOSTILE_SCRIPT.encode() in r.content
    assert client.get("/api/documents/" + "0" * 64 + "/raw").status_code == 404
    assert client.get("/api/documents/..%2F..%2Fetc%2Fpasswd/raw").status_code in (400, 404)
    assert client.get("/api/documents/notahash/raw").status_code == 400


def test_openapi_schema_is_served_and_docs_are_local(client):
    schema = client.get("/openapi.json").json()
    for path in ["/api/search", "/api/quotes", "/api/statements/{statement_id}", "/api/entities/{entity_id}"]:
        assert path in schema["paths"]
    params = {p["name"] for p in schema["paths"]["/api/quotes"]["get"]["parameters"]}
    assert params >= {"speaker", "outlet", "story", "since", "until", "kind", "limit", "offset"}
    docs = client.get("/docs")
    assert docs.status_code == 200
    assert "/api/search" in docs.text
    assert "cdn" not in docs.text.lower() and "https://" not in docs.text
    assert client.get("/redoc").status_code == 404


def test_writes_are_refused_without_a_configured_token(client):
    r = client.post("/api/articles", json={"text": "A text."}, headers={"Authorization": "Bearer anything"})
    assert r.status_code == 403
    assert "token" in r.json()["error"]


def test_writes_need_the_configured_bearer_token(tmp_path):
    built = build_store(tmp_path / "w.db")
    client = TestClient(create_app(built.path, Config(api_token="s3cret-token")))
    body = {"text": ARTICLE_TEXT, "outlet": "Test Gazette", "title": "Reopened"}
    assert client.post("/api/articles", json=body).status_code == 401
    assert client.post("/api/articles", json=body, headers={"Authorization": "Bearer wrong"}).status_code == 403
    assert client.post("/api/articles", json=body, headers={"Authorization": "Basic s3cret-token"}).status_code == 401
    assert client.get("/api/articles").json()["total"] == 5
    ok = client.post("/api/articles", json=body, headers={"Authorization": "Bearer s3cret-token"})
    assert ok.status_code == 201, ok.text
    new_id = ok.json()["id"]
    assert client.get("/api/articles").json()["total"] == 6
    assert "harbour of Portvale reopened" in client.get(f"/api/articles/{new_id}").json()["text"]
    bad = client.post("/api/articles", json={"text": ""}, headers={"Authorization": "Bearer s3cret-token"})
    assert bad.status_code == 400


def test_token_from_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("ONRECORD_API_TOKEN", "from-env")
    monkeypatch.chdir(tmp_path)
    client = TestClient(create_app(tmp_path / "e.db", Config.load()))
    r = client.post("/api/articles", json={"text": ARTICLE_TEXT}, headers={"Authorization": "Bearer from-env"})
    assert r.status_code == 201, r.text


def test_reads_do_not_block_a_writer(tmp_path):
    """The server reads read-only while another connection writes (WAL)."""
    from onrecord.records import Document
    from onrecord.store import open_store

    built = build_store(tmp_path / "c.db")
    client = TestClient(create_app(built.path))
    with open_store(built.path) as writer, writer.transaction():
        writer.put_document(Document.from_bytes(b"pending", "p.txt", "text/plain", "2026-01-01T00:00:00+00:00"))
        r = client.get("/api/quotes")  # inside the writer's open transaction
        assert r.status_code == 200 and r.json()["total"] == 9


@pytest.mark.parametrize(
    "path",
    [
        "/api/search",
        "/api/quotes",
        "/api/statements",
        "/api/articles",
        "/api/entities",
        "/api/stories",
        "/search",
        "/entities",
    ],
)
def test_arbitrary_parameters_never_cause_a_500(client, path):
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    names = ["q", "speaker", "outlet", "story", "since", "until", "kind", "limit", "offset", "name"]

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(st.dictionaries(st.sampled_from(names), st.text(max_size=40), max_size=5))
    def check(params):
        r = client.get(path, params=params)
        assert r.status_code in (200, 400), (params, r.status_code, r.text[:300])

    check()


def test_reused_read_connections_see_new_commits(tmp_path):
    from onrecord.records import Article, Document
    from onrecord.store import open_store

    built = build_store(tmp_path / "fresh.db")
    client = TestClient(create_app(built.path))
    for _ in range(3):  # warm the pool
        assert client.get("/api/articles").json()["total"] == 5
    with open_store(built.path) as writer, writer.transaction():
        doc = Document.from_bytes(b"late news", "late.txt", "text/plain", "2026-01-01T00:00:00+00:00")
        writer.put_document(doc)
        writer.put_article(Article(id="art-late", document_id=doc.id, text="late news", outlet="Late Post"))
    assert client.get("/api/articles").json()["total"] == 6
    assert client.get("/api/articles", params={"outlet": "Late Post"}).json()["items"][0]["id"] == "art-late"


def test_a_filtered_search_past_its_count_cap_says_so_and_is_not_ranked(client, monkeypatch):
    """With filters every counted match is a join, so the count stops at FILTERED_COUNT_CAP;
    the total is then a lower bound, and ranking (which reads every match) gives way to the
    latest matches."""
    from onrecord.query import browse

    params = {"q": "signature", "since": "1900-01-01"}
    full = client.get("/api/search", params=params).json()
    assert full["total"] == 2 and not full["total_is_lower_bound"] and full["sort"] == "relevance"
    monkeypatch.setattr(browse, "FILTERED_COUNT_CAP", 1)
    capped = client.get("/api/search", params=params).json()
    assert capped["total"] == 1 and capped["total_is_lower_bound"] and capped["sort"] == "latest"
    assert {q["id"] for q in capped["items"]} == {q["id"] for q in full["items"]}
    unfiltered = client.get("/api/search", params={"q": "signature"}).json()
    assert unfiltered["total"] == 2 and not unfiltered["total_is_lower_bound"]
