"""RSS, Atom and OPML: items become documents with the feed's fields as hints."""

from __future__ import annotations

import pytest

from onrecord.config import Config
from onrecord.ingest.feeds import FULL_TEXT_MIN_CHARS, parse_opml
from onrecord.ingest.sources import claims_file, iter_source
from onrecord.records import Document, Failure
from sources_server import LocalSite, Reply, article_html, atom, opml, rss

FULL_TEXT = "".join(
    f"<p>Paragraph {n}: the council of Eastwick met again on Monday, and Mayor Ilse Verhoef said "
    f'"the harbour will stay open through the winter," according to the minutes of the session.</p>'
    for n in range(12)
)


def cfg() -> Config:
    return Config(fetch_timeout_s=2.0, fetch_retries=1, per_host_interval_s=0.0)


@pytest.fixture
def site():
    with LocalSite() as s:
        yield s


def test_rss_items_with_summaries_are_fetched_from_their_links(site):
    pages = {
        f"/story/{n}": article_html(f"Story {n}", [f'"We will rebuild," said Councillor Anouk Brandt, story {n}.'])
        for n in (1, 2)
    }
    for path, page in pages.items():
        site.serve(path, page)
    items = [
        {
            "title": f"Story {n}",
            "link": site.url(f"/story/{n}"),
            "guid": f"tag:eastwick-courier,2026:{n}",
            "description": "A short teaser…",
            "pubDate": f"Tue, 1{n} Nov 2026 08:15:00 +0100",
        }
        for n in (1, 2)
    ]
    feed_url = site.serve("/feed.rss", rss("Eastwick Courier", items), content_type="application/rss+xml")
    docs = list(iter_source(feed_url, cfg()))
    assert [type(d) for d in docs] == [Document, Document]
    first = docs[0]
    assert first.raw == pages["/story/1"].encode()
    assert first.media_type == "text/html"
    assert first.uri == site.url("/story/1")
    assert first.hints["url"] == site.url("/story/1")
    assert first.hints["title"] == "Story 1"
    assert first.hints["outlet"] == "Eastwick Courier"
    assert first.hints["id"] == "tag:eastwick-courier,2026:1"
    assert first.hints["published"] == "2026-11-11T08:15:00+01:00"  # the item date, in the outlet's zone


def test_rss_full_content_is_used_without_fetching_the_page(site):
    item = {
        "title": "Winter harbour",
        "link": site.url("/story/full"),
        "guid": "g-full",
        "description": "Teaser only…",
        "content": FULL_TEXT,
    }
    feed_url = site.serve("/full.rss", rss("Eastwick Courier", [item]), content_type="application/rss+xml")
    doc = list(iter_source(feed_url, cfg()))[0]
    assert isinstance(doc, Document)
    assert b"Paragraph 11: the council of Eastwick" in doc.raw and b"<title>Winter harbour</title>" in doc.raw
    assert doc.hints["url"] == site.url("/story/full")
    assert site.hits_to("/story/full") == []
    assert len(FULL_TEXT) > FULL_TEXT_MIN_CHARS


def test_the_same_item_gives_the_same_document_id_on_every_read(site):
    item = {"title": "Winter harbour", "link": site.url("/s"), "guid": "g", "content": FULL_TEXT}
    feed_url = site.serve("/again.rss", rss("Eastwick Courier", [item]), content_type="application/rss+xml")
    first = list(iter_source(feed_url, cfg()))[0]
    second = list(iter_source(feed_url, cfg()))[0]
    assert first.id == second.id


def test_atom_entries_become_documents(site):
    site.serve("/a/1", article_html("Bridge vote", ['"No more delays," Senator Piet Harmsen told reporters.']))
    entries = [
        {
            "title": "Bridge vote",
            "link": site.url("/a/1"),
            "id": "urn:uuid:1",
            "summary": "Short.",
            "updated": "2026-11-09T16:00:00Z",
        },
        {"title": "Long read", "link": site.url("/a/2"), "id": "urn:uuid:2", "content": FULL_TEXT},
    ]
    feed_url = site.serve("/atom.xml", atom("Harbour Herald", entries), content_type="application/atom+xml")
    docs = list(iter_source(feed_url, cfg()))
    assert all(isinstance(d, Document) for d in docs) and len(docs) == 2
    assert b"Senator Piet Harmsen" in docs[0].raw
    assert docs[0].hints["published"] == "2026-11-09T16:00:00+00:00"
    assert docs[0].hints["outlet"] == "Harbour Herald"
    assert b"Paragraph 3" in docs[1].raw
    assert site.hits_to("/a/2") == []


def test_an_item_whose_page_fails_is_a_failure_and_the_rest_go_on(site):
    site.serve("/ok", article_html("Ok", ["Fine words."]))
    items = [
        {"title": "Gone", "link": site.url("/gone"), "guid": "1", "description": "x"},
        {"title": "Ok", "link": site.url("/ok"), "guid": "2", "description": "y"},
    ]
    feed_url = site.serve("/mixed.rss", rss("Eastwick Courier", items), content_type="application/rss+xml")
    got = list(iter_source(feed_url, cfg()))
    assert isinstance(got[0], Failure) and got[0].reason == "HTTP 404" and got[0].uri == site.url("/gone")
    assert isinstance(got[1], Document)


def test_opml_expands_to_every_listed_feed(site, tmp_path):
    site.serve("/p/1", article_html("One", ["First."]))
    site.serve("/p/2", article_html("Two", ["Second."]))
    feed1 = site.serve(
        "/f1.rss",
        rss("Courier", [{"title": "One", "link": site.url("/p/1"), "guid": "1", "description": "a"}]),
        content_type="application/rss+xml",
    )
    feed2 = site.serve(
        "/f2.atom",
        atom("Herald", [{"title": "Two", "link": site.url("/p/2"), "id": "2", "summary": "b"}]),
        content_type="application/atom+xml",
    )
    listing = opml([feed1, feed2])
    served = site.serve("/feeds.opml", listing, content_type="text/x-opml")
    on_disk = tmp_path / "subscriptions.opml"
    on_disk.write_text(listing, encoding="utf-8")
    for source in (served, str(on_disk)):
        docs = list(iter_source(source, cfg()))
        assert [d.hints["outlet"] for d in docs] == ["Courier", "Herald"], source
        assert [d.hints["title"] for d in docs] == ["One", "Two"]


def test_feed_files_on_disk_are_recognised_by_name_and_by_content(site, tmp_path):
    item = {"title": "Winter harbour", "link": site.url("/s"), "guid": "g", "content": FULL_TEXT}
    text = rss("Eastwick Courier", [item])
    named = tmp_path / "courier.rss"
    named.write_text(text, encoding="utf-8")
    sniffed = tmp_path / "download.xml"
    sniffed.write_text(text, encoding="utf-8")
    plain = tmp_path / "notes.xml"
    plain.write_text("<notes><note>not a feed</note></notes>", encoding="utf-8")
    assert claims_file(named) and claims_file(sniffed) and not claims_file(plain)
    for path in (named, sniffed):
        docs = list(iter_source(str(path), cfg()))
        assert len(docs) == 1 and isinstance(docs[0], Document) and docs[0].hints["outlet"] == "Eastwick Courier"


def test_not_a_feed_and_bad_opml_are_failures(site, tmp_path):
    bad = tmp_path / "broken.rss"
    bad.write_bytes(b"\x00\x01 this is no feed")
    got = list(iter_source(str(bad), cfg()))
    assert len(got) == 1 and isinstance(got[0], Failure) and got[0].reason == "not a feed"
    assert isinstance(parse_opml(b"<opml><body>", "x.opml"), Failure)
    empty = tmp_path / "empty.opml"
    empty.write_text('<opml version="2.0"><body><outline text="none"/></body></opml>', encoding="utf-8")
    got = list(iter_source(str(empty), cfg()))
    assert len(got) == 1 and got[0].reason == "empty"


def test_a_feed_url_served_as_generic_xml_is_sniffed(site):
    item = {"title": "Winter harbour", "link": site.url("/s"), "guid": "g", "content": FULL_TEXT}
    url = site.serve("/feed", Reply(rss("Courier", [item]).encode(), content_type="text/xml; charset=utf-8"))
    docs = list(iter_source(url, cfg()))
    assert len(docs) == 1 and docs[0].hints["outlet"] == "Courier"


def test_a_feed_file_over_the_size_limit_is_refused(tmp_path):
    item = {"title": "Winter harbour", "link": "http://127.0.0.1:9/s", "guid": "g", "content": FULL_TEXT}
    path = tmp_path / "huge.rss"
    path.write_text(rss("Courier", [item] * 20), encoding="utf-8")
    got = list(iter_source(str(path), Config(max_document_bytes=5_000)))
    assert len(got) == 1 and isinstance(got[0], Failure) and got[0].reason == "too large"


def test_rss_and_atom_items_become_articles_carrying_the_feed_fields(site, tmp_path):
    from onrecord.store import open_store
    from onrecord.watch import add_documents

    prose = [
        "The port authority of Eastwick said on Monday that the northern quay would reopen after three weeks of repairs.",
        '"We expect the first ferries on Thursday," harbour master Joris Vandermeer told reporters at the quay.',
        "Local traders had complained that the closure cost them a third of their autumn business, a survey found.",
    ]
    site.serve("/r/1", article_html("Quay reopens", prose))
    rss_url = site.serve(
        "/news.rss",
        rss(
            "Eastwick Courier",
            [
                {
                    "title": "Quay reopens",
                    "link": site.url("/r/1"),
                    "guid": "r1",
                    "description": "Teaser…",
                    "pubDate": "Wed, 11 Nov 2026 08:15:00 +0100",
                }
            ],
        ),
        content_type="application/rss+xml",
    )
    atom_url = site.serve(
        "/news.atom",
        atom("Harbour Herald", [{"title": "Long read", "link": site.url("/a/9"), "id": "a9", "content": FULL_TEXT}]),
        content_type="application/atom+xml",
    )
    config = Config(fetch_timeout_s=2.0, per_host_interval_s=0.0, jobs=1)
    with open_store(tmp_path / "s.db") as store:
        documents = list(iter_source(rss_url, config)) + list(iter_source(atom_url, config))
        report = add_documents(documents, store, config)
        assert report.new_articles == 2, report.failed
        articles = {a.outlet: a for a in store.iter_articles()}
    assert set(articles) == {"Eastwick Courier", "Harbour Herald"}
    courier = articles["Eastwick Courier"]
    assert courier.url == site.url("/r/1") and courier.title == "Quay reopens"
    assert courier.published is not None and courier.published.value == "2026-11-11"
    assert "harbour master Joris Vandermeer" in courier.text
    assert articles["Harbour Herald"].url == site.url("/a/9")
