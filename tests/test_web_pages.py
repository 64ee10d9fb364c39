"""The HTML pages without a browser: escaping, headers, errors, static files."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from conftest_web import HOSTILE_IMG, HOSTILE_SCRIPT, build_store
from onrecord.query.browse import paragraph_context, segments
from onrecord.web import create_app

WEB = Path(__file__).resolve().parents[1] / "src" / "onrecord" / "web"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build_store(tmp_path_factory.mktemp("pages") / "s.db")


@pytest.fixture(scope="module")
def client(built):
    return TestClient(create_app(built.path))


def pages(built) -> list[str]:
    return [
        "/",
        "/search?q=signature",
        "/search?outlet=Harbour+Herald",
        "/statements/st-s8",
        f"/entities/{built.entities['quill']}",
        "/entities",
        f"/stories/{built.stories['council']}",
        "/stories",
        "/articles",
        "/articles/art-hostile",
        "/docs",
    ]


def test_every_page_has_the_security_headers_and_no_inline_script(client, built):
    for path in pages(built):
        r = client.get(path)
        assert r.status_code == 200, path
        csp = r.headers["content-security-policy"]
        assert "default-src 'self'" in csp and "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert r.headers["x-content-type-options"] == "nosniff"
        assert '<meta name="viewport"' in r.text
        # the only script is the packaged file; nothing from elsewhere
        assert r.text.count("<script") == 1 and '<script src="/static/app.js" defer>' in r.text, path
        assert "http://" not in r.text.replace("http://127.0.0.1", "") or path == "/articles/art-hostile"
        assert "<img" not in r.text and "<svg onload" not in r.text, path


def test_hostile_text_is_escaped_in_every_page(client, built):
    for path in [
        "/articles/art-hostile",
        "/statements/st-s8",
        "/search?q=mean+it",
        f"/stories/{built.stories['council']}",
    ]:
        html = client.get(path).text
        assert HOSTILE_SCRIPT not in html and HOSTILE_IMG not in html, path
    html = client.get("/articles/art-hostile").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&amp;amp; &amp;lt;b&amp;gt;" in html  # entities in the text stay visible as typed
    assert 'href="javascript' not in html


def test_templates_never_mark_text_safe():
    for template in (WEB / "templates").glob("*.html"):
        text = template.read_text()
        assert "|safe" not in text.replace(" ", ""), template.name
        assert "autoescape false" not in text, template.name
    script = (WEB / "static" / "app.js").read_text()
    for sink in (".innerHTML", ".outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert sink not in script


def test_statement_page_marks_the_quote_inside_its_paragraph(client):
    html = client.get("/statements/st-s1").text
    assert html.count("<mark>We are one signature away from a harbour treaty that serves both shores</mark>") == 2
    assert "Mara Velden told reporters after the talks." in html
    assert html.index("Eastgate Wire") < html.index("Harbour Herald")  # primary report first


def test_errors_are_pages_not_tracebacks(client):
    r = client.get("/statements/missing")
    assert r.status_code == 404 and "missing" in r.text and "Traceback" not in r.text
    r = client.get("/search?since=not-a-date")
    assert r.status_code == 400 and "since" in r.text
    r = client.get("/search?q=x&limit=100000")
    assert r.status_code == 400 and "limit" in r.text


def test_static_files_cannot_escape_their_folder(client):
    assert client.get("/static/app.js").status_code == 200
    for path in [
        "/static/../app.py",
        "/static/%2e%2e/app.py",
        "/static/..%2f..%2fpyproject.toml",
        "/static//etc/passwd",
    ]:
        r = client.get(path)
        assert r.status_code == 404, path
        assert "create_app" not in r.text and "root:" not in r.text


def test_segments_cut_text_at_offsets_without_losing_a_character():
    text = "ab<cd>ef&gh"
    pieces = segments(text, 0, len(text), [(2, 6, "q1"), (4, 9, "q2"), (20, 30, "q3")])
    assert "".join(p["text"] for p in pieces) == text
    assert [(p["text"], p["mark"]) for p in pieces] == [("ab", None), ("<cd>", "q1"), ("ef&", "q2"), ("gh", None)]
    ctx = paragraph_context('one.\n\ntwo "said" here.\n\nthree.', [(0, 4), (6, 22), (24, 30)], 11, 15)
    assert "".join(p["text"] for p in ctx) == 'two "said" here.'
    assert [p["text"] for p in ctx if p["mark"]] == ["said"]


def test_report_context_of_a_paragraphless_page_is_cut_at_sentences():
    text = "Opening words. " + "Filler sentence number one. " * 30 + 'He said "the words" loudly. ' + "Tail. " * 120
    start = text.index("the words")
    pieces = paragraph_context(text, [], start, start + len("the words"))
    shown = "".join(p["text"] for p in pieces)
    assert len(shown) < 800
    assert shown.startswith("… Filler sentence"), shown[:40]
    assert shown.endswith("Tail. …"), shown[-40:]
    assert [p["text"] for p in pieces if p["mark"]] == ["the words"]
