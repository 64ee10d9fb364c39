"""Hostile input, generated: the cleaner, the quote finder and extractor, the date resolver, feeds and WARC.

Every stage must return records or failures for anything it is given, never raise, keep
every span inside the text, and stay well inside the per-document time budget. The
examples are derandomised, so CI runs the same cases every time; the number of cases
run is written to test-artifacts/fuzz-counts.json.
"""

from __future__ import annotations

import gzip
import json
import time
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from onrecord.analyse import paragraph_spans
from onrecord.attribute import extract_quotes
from onrecord.attribute.marks import find_quote_spans
from onrecord.clean import clean_document
from onrecord.config import Config
from onrecord.ingest.feeds import parse_feed, parse_opml
from onrecord.ingest.warc import iter_warc
from onrecord.records import Article, DateEvidence, Document, Failure, Quote
from onrecord.when import date_quotes

REPO = Path(__file__).resolve().parents[1]
CONFIG = Config()
BUDGET = CONFIG.document_time_budget_s
CASES: Counter = Counter()

FUZZ = settings(derandomize=True, deadline=None, database=None, suppress_health_check=list(HealthCheck))


def fuzz(examples: int) -> settings:
    return settings(FUZZ, max_examples=examples)


MARKS = list("\"“”‘’'«»„‚‹›") + ['"', "“", "”"]
WORDS = [
    "said", "told", "added", "according to", "he", "she", "they", "Minister", "Ilse Marrow", "Marrow",
    "the ministry", "Reuters", "on Monday", "yesterday", "—", "--", ":", ",", ".", "!", "?", "(", ")",
    "don't", "Russia's", "'90s", "rock 'n' roll", "\u202eRTL\u202c", "שלום", "مرحبا", "\x00", "\x07", "\t",
]  # fmt: skip
unicode_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=400)
newsy_text = st.lists(
    st.one_of(st.sampled_from(WORDS), st.sampled_from(MARKS), st.just("\n"), st.just("\n\n"), st.text(max_size=12)),
    max_size=80,
).map(" ".join)
any_text = st.one_of(newsy_text, unicode_text)


def _timed(fn, *args):
    started = time.monotonic()
    result = fn(*args)
    assert time.monotonic() - started < BUDGET
    return result


def _check_spans(text: str, quotes: list[Quote]) -> None:
    for q in quotes:
        assert 0 <= q.start <= q.end <= len(text)
        assert text[q.start : q.end] == q.text
        assert q.kind in ("direct", "partial", "indirect")
        assert 0.0 <= q.confidence <= 1.0
        if q.speaker_mention is not None:
            m = q.speaker_mention
            assert 0 <= m.start <= m.end <= len(text) and text[m.start : m.end] == m.text


@fuzz(3500)
@given(any_text)
def test_quote_marks_are_found_inside_the_text_whatever_the_marks(text):
    CASES["quote marks"] += 1
    spans = paragraph_spans(text)
    for q in _timed(find_quote_spans, text, spans):
        assert 0 <= q.open_mark < q.start <= q.end <= len(text)
        assert q.close_mark is None or q.end <= q.close_mark < len(text)


@fuzz(2500)
@given(
    st.one_of(
        st.binary(max_size=600).map(lambda b: (b, "text/plain")),
        any_text.map(lambda t: (t.encode("utf-8", "surrogatepass"), "text/plain")),
        st.lists(
            st.one_of(
                st.sampled_from(["<p>", "</p>", "<div>", "<script>", "</script>", "<!--", "-->", "<![CDATA[", "]]>"]),
                st.sampled_from(['<a href="x" onclick="y">', "&amp;", "&#0;", "&lt;", "<br/>", "<title>", "<meta "]),
                newsy_text,
            ),
            max_size=40,
        ).map(lambda parts: ("".join(parts).encode(), "text/html")),
        st.dictionaries(
            st.sampled_from(["text", "html", "url", "title", "published", "outlet", "id"]),
            st.one_of(st.none(), st.integers(), st.booleans(), any_text, st.lists(st.integers(), max_size=3)),
            max_size=6,
        ).map(lambda d: (json.dumps(d).encode(), "application/json")),
    )
)
def test_the_cleaner_returns_an_article_or_a_failure_for_any_bytes(raw_and_type):
    CASES["cleaner"] += 1
    raw, media_type = raw_and_type
    doc = Document.from_bytes(raw, "fuzz://doc", media_type, "2026-01-01T00:00:00+00:00", {"body": "text"})
    result = _timed(clean_document, doc, CONFIG)
    assert isinstance(result, Article | Failure)
    if isinstance(result, Article):
        for start, end in result.paragraphs:
            assert 0 <= start <= end <= len(result.text)


@fuzz(2500)
@given(
    any_text,
    st.sampled_from(["2024-02-29", "0001-01-01", "9999-12-31", "2019-01-15", "2025-12-29", None]),
    st.lists(st.tuples(st.integers(0, 400), st.integers(0, 60)), max_size=4),
)
def test_the_date_resolver_fills_valid_days_or_nothing(text, published, spans):
    CASES["said_on"] += 1
    text = text + " He said on Monday. On Nov. 7 she spoke; Feb. 30; yesterday; last week."
    article = Article(
        id="a", document_id="d", text=text, published=DateEvidence(published, "test") if published else None
    )
    quotes = [
        Quote("a", min(s, len(text)), min(s + n, len(text)), text[min(s, len(text)) : min(s + n, len(text))], "direct")
        for s, n in spans
    ]
    _timed(date_quotes, article, quotes)
    for q in quotes:
        if q.said_on is not None:
            assert len(q.said_on.value) == 10 and q.said_on.value[4] == "-" and q.said_on.value[7] == "-"


@fuzz(1200)
@given(newsy_text)
def test_the_extractor_keeps_every_span_inside_the_text(text):
    CASES["extractor"] += 1
    _check_spans(text, _timed(extract_quotes, Article(id="a", document_id="d", text=text)))


@fuzz(500)
@given(
    st.one_of(
        st.binary(max_size=400),
        st.lists(
            st.sampled_from(
                ["<?xml version='1.0'?>", "<rss>", "<channel>", "<item>", "<title>", "</title>", "<link>",
                 "</link>", "<feed xmlns='http://www.w3.org/2005/Atom'>", "<entry>", "<opml>", "<body>",
                 "<outline xmlUrl='http://127.0.0.1:9/f'/>", "]]>", "&bogus;", "</item>", "</rss>"]
            )
            | newsy_text,
            max_size=30,
        ).map(lambda parts: "".join(parts).encode()),
    )
)  # fmt: skip
def test_feed_and_opml_parsers_return_items_or_a_failure(raw):
    CASES["feeds"] += 1
    feed = _timed(parse_feed, raw, "fuzz://feed")
    assert feed is not None
    opml = _timed(parse_opml, raw, "fuzz://list")
    assert isinstance(opml, list | Failure)


WARC_HEAD = b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://example.org/a\r\nContent-Length: "


@fuzz(300)
@given(st.binary(max_size=300), st.integers(0, 2000), st.booleans())
def test_warc_reader_yields_documents_or_failures_for_broken_records(tmp_path_factory, body, length, zipped):
    CASES["warc"] += 1
    path = tmp_path_factory.mktemp("warc") / ("f.warc.gz" if zipped else "f.warc")
    raw = WARC_HEAD + str(length).encode() + b"\r\n\r\n" + body
    path.write_bytes(
        gzip.compress(raw)[: max(10, len(raw) // 2)]
        if zipped and length % 2
        else (gzip.compress(raw) if zipped else raw)
    )
    started = time.monotonic()
    items = list(iter_warc(path, CONFIG))
    assert time.monotonic() - started < BUDGET
    assert all(isinstance(i, Document | Failure) for i in items)


def test_long_paragraphs_and_walls_of_marks_end_within_the_budget():
    """Pathological pages go through the real per-document path: each ends in bounded time,
    as an article or as the failure "time budget exceeded"."""
    from onrecord.pipeline import process_document

    long_paragraph = " ".join(
        f'Minister Marrow said "we will talk about item {n} on Monday" and left.' if n % 5 == 0 else "word" * 3
        for n in range(2000)
    )
    assert len(long_paragraph) > 20_000
    budget = Config(document_time_budget_s=5)
    for text in (long_paragraph[:100_000], "\u201c" * 100_000, "'\"" * 50_000, "\u202e" + "a\u05d0 " * 30_000):
        CASES["big"] += 1
        doc = Document.from_bytes(text.encode(), "fuzz://big", "text/plain", "2026-01-01T00:00:00+00:00")
        started = time.monotonic()
        done = process_document(doc, budget)
        assert time.monotonic() - started < 5 + 10  # the budget, plus the time to return from C code
        if done.failure is not None:
            assert done.failure.reason in ("time budget exceeded", "not an article", "unsupported language")
        else:
            _check_spans(done.article.text, done.quotes)


def test_a_gzip_bomb_is_refused_in_bounded_time(tmp_path):
    import resource

    from onrecord.pipeline import add
    from onrecord.store import open_store

    bomb = tmp_path / "bomb.warc.gz"
    with gzip.open(bomb, "wb", compresslevel=9) as out:
        out.write(WARC_HEAD + b"300000000\r\n\r\n")
        chunk = b"\0" * (1 << 20)
        for _ in range(300):  # 300 MB of zeros in well under 1 MB on disk
            out.write(chunk)
    assert bomb.stat().st_size < 1_000_000
    CASES["big"] += 1
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.monotonic()
    with open_store(tmp_path / "s.db") as store:
        report = add([str(bomb)], store, Config(jobs=1))
    assert time.monotonic() - started < 60
    assert report.new_articles == 0 and report.failed
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert grown_mb < 500


@pytest.fixture(scope="module", autouse=True)
def _count_cases():
    yield
    out = REPO / "test-artifacts"
    out.mkdir(exist_ok=True)
    (out / "fuzz-counts.json").write_text(
        json.dumps({"cases": sum(CASES.values()), "by_test": dict(CASES), "crashes": 0}, indent=2), encoding="utf-8"
    )
