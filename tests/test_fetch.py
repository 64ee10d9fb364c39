"""Fetching URLs from a local site: robots.txt, retries, timeouts, limits, redirects, pace."""

from __future__ import annotations

import pytest

from onrecord import __version__
from onrecord.config import Config
from onrecord.ingest.fetch import Fetcher
from onrecord.ingest.sources import iter_source
from onrecord.records import Document, Failure
from sources_server import LocalSite, Reply, article_html

PAGE = article_html(
    "Harbour reopens",
    ['"The harbour is open again," said Mayor Ilse Verhoef of Eastwick on Monday.', "Ferries resume on Tuesday."],
)


@pytest.fixture
def site():
    with LocalSite() as s:
        s.serve("/robots.txt", Reply(b"User-agent: *\nDisallow: /private/\n", content_type="text/plain"))
        yield s


def fast_config(**changes) -> Config:
    cfg = Config(fetch_timeout_s=2.0, fetch_retries=2, per_host_interval_s=0.0)
    for key, value in changes.items():
        setattr(cfg, key, value)
    return cfg


def only(items):
    items = list(items)
    assert len(items) == 1, items
    return items[0]


def test_a_page_becomes_a_document_with_its_url_and_media_type(site):
    url = site.serve("/news/harbour", PAGE)
    doc = only(iter_source(url, fast_config()))
    assert isinstance(doc, Document)
    assert doc.raw == PAGE.encode()
    assert doc.media_type == "text/html"
    assert doc.uri == url and doc.hints["url"] == url and doc.hints["charset"] == "utf-8"
    agent = site.hits_to("/news/harbour")[0].headers["user-agent"]
    assert agent.startswith(f"onrecord/{__version__}")


def test_robots_txt_disallow_is_honoured_and_the_page_never_requested(site):
    url = site.serve("/private/memo", PAGE)
    failure = only(iter_source(url, fast_config()))
    assert isinstance(failure, Failure) and failure.reason == "disallowed by robots.txt"
    assert site.hits_to("/private/memo") == []


def test_robots_txt_is_read_once_per_host(site):
    site.serve("/a", PAGE)
    site.serve("/b", PAGE + " ")
    with Fetcher(fast_config()) as fetcher:
        assert not isinstance(fetcher.fetch(site.url("/a")), Failure)
        assert not isinstance(fetcher.fetch(site.url("/b")), Failure)
    assert len(site.hits_to("/robots.txt")) == 1


def test_503_then_200_is_retried(site):
    url = site.serve("/busy", Reply(b"busy", 503, "text/plain", {"Retry-After": "0"}), Reply(PAGE.encode()))
    doc = only(iter_source(url, fast_config()))
    assert isinstance(doc, Document) and doc.raw == PAGE.encode()
    assert len(site.hits_to("/busy")) == 2


def test_retries_are_bounded(site):
    url = site.serve("/down", Reply(b"down", 500, "text/plain", {"Retry-After": "0"}))
    failure = only(iter_source(url, fast_config(fetch_retries=2)))
    assert isinstance(failure, Failure) and failure.reason == "server error"
    assert "3 attempts" in failure.detail
    assert len(site.hits_to("/down")) == 3


def test_a_slow_server_hits_the_timeout(site):
    url = site.serve("/slow", Reply(PAGE.encode(), delay_s=3.0))
    failure = only(iter_source(url, fast_config(fetch_timeout_s=0.3, fetch_retries=0)))
    assert isinstance(failure, Failure) and failure.reason == "timed out"


def test_an_oversize_body_is_refused_while_streaming(site):
    big = b"<html><body>" + b"<p>word</p>" * 5000 + b"</body></html>"
    declared = site.serve("/big", big)
    undeclared = site.serve("/big-stream", Reply(big, declare_length=False))
    cfg = fast_config(max_document_bytes=10_000)
    for url in (declared, undeclared):
        failure = only(iter_source(url, cfg))
        assert isinstance(failure, Failure) and failure.reason == "too large", url


def test_non_html_content_type_is_refused(site):
    url = site.serve("/photo.png", Reply(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, content_type="image/png"))
    failure = only(iter_source(url, fast_config()))
    assert isinstance(failure, Failure) and failure.reason == "not a page or feed"
    assert "image/png" in failure.detail


def test_redirects_are_followed_and_bounded(site):
    site.serve("/old", Reply(b"", 301, None, {"Location": "/new"}))
    target = site.serve("/new", PAGE)
    doc = only(iter_source(site.url("/old"), fast_config()))
    assert isinstance(doc, Document) and doc.hints["url"] == target and doc.uri == site.url("/old")
    site.serve("/loop", Reply(b"", 302, None, {"Location": "/loop"}))
    failure = only(iter_source(site.url("/loop"), fast_config()))
    assert isinstance(failure, Failure) and failure.reason == "too many redirects"


def test_a_redirect_into_a_disallowed_path_is_refused(site):
    site.serve("/go", Reply(b"", 302, None, {"Location": "/private/x"}))
    site.serve("/private/x", PAGE)
    failure = only(iter_source(site.url("/go"), fast_config()))
    assert isinstance(failure, Failure) and failure.reason == "disallowed by robots.txt"
    assert site.hits_to("/private/x") == []


def test_http_errors_and_bad_schemes_are_plain_failures(site):
    failure = only(iter_source(site.url("/missing"), fast_config()))
    assert isinstance(failure, Failure) and failure.reason == "HTTP 404"
    failure = only(iter_source("ftp://127.0.0.1/file.html", fast_config()))
    assert isinstance(failure, Failure) and failure.reason == "unsupported URL"


def test_requests_to_one_host_keep_the_configured_interval(site):
    site.serve("/p1", PAGE)
    site.serve("/p2", PAGE)
    with Fetcher(fast_config(per_host_interval_s=0.4)) as fetcher:
        fetcher.fetch(site.url("/p1"))
        fetcher.fetch(site.url("/p2"))
    times = [h.at for h in site.hits if h.path in ("/robots.txt", "/p1", "/p2")]
    assert len(times) == 3
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    assert min(gaps) >= 0.35, gaps


def test_unreachable_host_is_a_network_failure():
    with LocalSite() as closed:
        url = closed.url("/x")
    failure = only(iter_source(url, fast_config(fetch_retries=0)))
    assert isinstance(failure, Failure) and failure.reason == "network error"
    assert "robots.txt" in failure.detail


def test_robots_txt_answering_5xx_means_nothing_is_fetched():
    with LocalSite() as s:
        s.serve("/robots.txt", Reply(b"oops", 503, "text/plain"))
        url = s.serve("/page", PAGE)
        failure = only(iter_source(url, fast_config()))
        assert isinstance(failure, Failure) and failure.reason == "disallowed by robots.txt"
        assert s.hits_to("/page") == []


def test_missing_robots_txt_allows_everything():
    with LocalSite() as s:
        url = s.serve("/page", PAGE)
        assert isinstance(only(iter_source(url, fast_config())), Document)
