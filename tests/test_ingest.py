"""Ingest: files and directories, content sniffing, content addressing, idempotent re-adding."""

from __future__ import annotations

import json

from onrecord.config import Config
from onrecord.ingest import iter_documents
from onrecord.ingest.sniff import sniff
from onrecord.pipeline import add
from onrecord.records import Document, Failure
from onrecord.store import open_store

ARTICLE = (
    "Ferry talks resume in Halden\n\n"
    "HALDEN, Feb. 11 (NSA) -- The foreign ministers of Lirria and Ostrava Bay agreed on Tuesday to resume "
    "talks on the ferry link, Lirrian Foreign Minister Oskar Kellan said.\n\n"
    '"We have lost two years and we will not lose a third," Kellan told reporters in the capital.\n'
)
HTML = (
    "<!DOCTYPE html><html><head><title>Ferry talks resume</title></head><body><article>"
    "<h1>Ferry talks resume</h1>"
    "<p>The foreign ministers of Lirria and Ostrava Bay agreed on Tuesday to resume talks on the ferry link, officials said.</p>"
    "<p>“We have lost two years and we will not lose a third,” Foreign Minister Oskar Kellan told reporters in Halden.</p>"
    "<p>The two sides will meet again in March to discuss harbour fees and timetables for the summer season.</p>"
    "</article></body></html>"
)


def _docs(paths, config=None) -> list[Document | Failure]:
    return list(iter_documents([str(p) for p in paths], config or Config()))


def test_media_type_is_sniffed_from_content_not_name(tmp_path):
    (tmp_path / "page.txt").write_text(HTML, encoding="utf-8")
    (tmp_path / "story.html").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "feed.data").write_text(json.dumps({"text": ARTICLE, "title": "Ferry"}) + "\n", encoding="utf-8")
    docs = {d.uri.rsplit("/", 1)[-1]: d for d in _docs([tmp_path])}
    assert docs["page.txt"].media_type == "text/html"
    assert docs["story.html"].media_type == "text/plain"
    assert docs["feed.data#L1"].media_type == "application/json"
    assert docs["feed.data#L1"].hints["title"] == "Ferry"
    assert sniff(b"\xef\xbb\xbf<html><body><p>x</p></body></html>") == "text/html"


def test_directories_are_walked_recursively_and_bytes_addressed_by_sha256(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "one.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "a" / "b" / "two.html").write_text(HTML, encoding="utf-8")
    (tmp_path / "a" / "b" / "copy.txt").write_text(ARTICLE, encoding="utf-8")
    docs = _docs([tmp_path / "a"])
    assert all(isinstance(d, Document) for d in docs)
    assert len(docs) == 3
    import hashlib

    for doc in docs:
        assert doc.id == hashlib.sha256(doc.raw).hexdigest()
    assert len({d.id for d in docs}) == 2  # the copy has the same bytes


def test_jsonl_gives_one_document_per_line_with_hints(tmp_path):
    lines = [
        {"id": "n1", "url": "https://haldenpost.example/2025/02/11/ferry", "title": "Ferry", "text": ARTICLE},
        {"id": "n2", "outlet": "Halden Post", "html": HTML, "published": "2025-02-12"},
    ]
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in lines) + "\n\n", encoding="utf-8")
    docs = _docs([path])
    assert [d.hints["id"] for d in docs] == ["n1", "n2"]
    assert docs[1].hints["body"] == "html"
    store = open_store(tmp_path / "s.db")
    report = add([str(path)], store, Config(jobs=1), relink=False)
    assert report.new_articles == 2 and report.failed == []
    first = store.get_article(docs[0].id[:16])
    assert first.url == lines[0]["url"]
    assert first.published.value == "2025-02-11"
    second = store.get_article(docs[1].id[:16])
    assert second.outlet == "Halden Post"
    assert (second.published.value, second.published.how) == ("2025-02-12", 'JSONL field "published"')
    assert "“We have lost two years and we will not lose a third,”" in second.text


def test_adding_twice_changes_nothing(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "one.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "in" / "two.html").write_text(HTML, encoding="utf-8")
    store = open_store(tmp_path / "s.db")
    first = add([str(tmp_path / "in")], store, Config(jobs=1), relink=False)
    assert (first.new_articles, first.unchanged) == (2, 0)
    before = store.counts()
    texts = {a.id: a.text for a in store.iter_articles()}
    second = add([str(tmp_path / "in")], store, Config(jobs=1), relink=False)
    assert (second.new_articles, second.unchanged, second.failed) == (0, 2, [])
    assert store.counts() == before
    assert {a.id: a.text for a in store.iter_articles()} == texts
    # the same bytes under a new name: one document, one more known source
    (tmp_path / "again.txt").write_text(ARTICLE, encoding="utf-8")
    third = add([str(tmp_path / "again.txt")], store, Config(jobs=1), relink=False)
    assert third.unchanged == 1
    assert store.counts()["articles"] == 2
    doc_id = next(d.id for d in _docs([tmp_path / "again.txt"]))
    assert len(store.document_sources(doc_id)) == 2
