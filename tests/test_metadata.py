"""Metadata: title, outlet, byline, dateline and the article's own publication date with its evidence."""

from __future__ import annotations

import pytest

from onrecord.clean import clean_document
from onrecord.clean.dateline import parse_dateline
from onrecord.clean.dates import date_in_url, find_dates
from onrecord.config import Config
from onrecord.records import Document

BODY = (
    "The foreign ministers of Lirria and Ostrava Bay agreed on Tuesday to resume talks on the ferry link, "
    "officials said after a meeting that lasted most of the day."
)


def _article(text: str, uri: str = "t.txt", **hints):
    doc = Document.from_bytes(text.encode(), uri, "text/plain", "2026-01-01T00:00:00+00:00", hints)
    article = clean_document(doc, Config())
    assert not hasattr(article, "reason"), article
    return article


@pytest.mark.parametrize(
    ("header", "iso", "how"),
    [
        ("Tue, 01/14/2025 - 10:27", "2025-01-14", 'text "Tue, 01/14/2025 - 10:27"'),
        (
            "   Source: NSA | 2025-01-15 00:01:48 | Editor: jdoe",
            "2025-01-15",
            'text "Source: NSA | 2025-01-15 00:01:48"',
        ),
        (
            "Published: Jan 16, 2025 12:41 AM Updated: Jan 17, 2025 11:28 AM",
            "2025-01-16",
            'text "Published: Jan 16, 2025 12:41 AM"',
        ),
        ("  • Jan 18 2025, 15:23 ist", "2025-01-18", 'text "Jan 18 2025, 15:23 ist"'),
        ("14:44 / 19.01.2025", "2025-01-19", 'text "14:44 / 19.01.2025"'),
        ("08:21, January 20, 2025", "2025-01-20", 'text "08:21, January 20, 2025"'),
        ("Published 11:26 IST, January 21st 2025", "2025-01-21", 'text "Published 11:26 IST, January 21st 2025"'),
    ],
)
def test_published_date_from_header_lines(header, iso, how):
    article = _article(f"Ferry talks to resume in Halden\n{header}\n\n{BODY}\n")
    assert article.published is not None
    assert (article.published.value, article.published.how) == (iso, how)
    assert header.strip(" •") not in article.text


def test_date_before_the_headline_is_not_part_of_the_title():
    article = _article(f" date 2025-02-13 Kellan: ferry dispute ‘nearly over’\n\n{BODY}\n")
    assert article.title == "Kellan: ferry dispute ‘nearly over’"
    assert (article.published.value, article.published.how) == ("2025-02-13", 'text "date 2025-02-13"')
    assert article.text.startswith("Kellan: ferry dispute ‘nearly over’\n\n")


def test_a_date_in_the_story_is_not_the_publication_date():
    text = (
        "Ferry talks to resume in Halden\n\n"
        "Lirrian Foreign Minister Oskar Kellan and his counterpart Mila Reyes meet in Halden, November 14, 2024.\n\n"
        f"{BODY} On November 14, 2024, the two ministers had agreed to meet again within a year.\n"
    )
    assert _article(text).published is None


def test_url_date_and_structured_field():
    article = _article(f"Ferry talks\n\n{BODY}\n", url="https://haldenpost.example/2025/02/11/ferry-talks/")
    assert (article.published.value, article.published.how) == ("2025-02-11", "URL /2025/02/11/")
    hinted = _article(f"Ferry talks\n\n{BODY}\n", published="2025-02-09T10:00:00Z")
    assert (hinted.published.value, hinted.published.how) == ("2025-02-09", 'JSONL field "published"')
    assert date_in_url("https://x.example/nation/ct-ferry-20250212-story.html")[0].isoformat() == "2025-02-12"
    assert date_in_url("https://x.example/world/2025/feb/12/ferry")[0].isoformat() == "2025-02-12"
    assert date_in_url("https://x.example/page/202502/12345.shtml") is None


def test_a_listing_of_dated_items_has_no_single_date():
    items = "\n\n".join(
        f"{day} February 2025\nMinister Kellan: “Talks go on” (Halden Post)\n\n{BODY}\n\nRead more"
        for day in (12, 9, 3)
    )
    assert _article(f"Interviews\n\n{items}\n").published is None


def test_find_dates_rejects_impossible_dates():
    assert find_dates("13/13/2025 and 2025-02-30") == []
    assert [d.iso for d in find_dates("12/31/2024, 31/12/2024, 31.12.2024")] == ["2024-12-31"] * 3


@pytest.mark.parametrize(
    ("line", "place", "agency", "date_text", "text"),
    [
        ("HALDEN, February 11. /NSA/. Lirria said", "HALDEN", "NSA", "February 11", "HALDEN, February 11. /NSA/."),
        ("HALDEN, Feb. 11 (NSA) -- Lirria said", "HALDEN", "NSA", "Feb. 11", "HALDEN, Feb. 11 (NSA) --"),
        ("Halden,(HP)- The ministry said", "Halden", "HP", None, "Halden,(HP)-"),
        ("(FWD) Lirria has said", None, "FWD", None, "(FWD)"),
        ("HALDEN, Lirria (AP) — The ministry said", "HALDEN, Lirria", "AP", None, "HALDEN, Lirria (AP) —"),
        ("NEW HALDEN, Feb. 11 -- Lirria said", "NEW HALDEN", None, "Feb. 11", "NEW HALDEN, Feb. 11 --"),
    ],
)
def test_dateline_forms(line, place, agency, date_text, text):
    dateline = parse_dateline(line)
    assert dateline is not None
    assert (dateline.place, dateline.agency, dateline.date_text, dateline.text) == (place, agency, date_text, text)


def test_no_dateline_in_ordinary_sentences():
    assert parse_dateline("The minister said on Monday that talks would go on.") is None
    assert parse_dateline("President Lee Myung-bak of South Korea (centre) - a caption") is None


def test_dateline_stays_in_the_text_and_is_recorded():
    article = _article(f"Ferry talks resume\n\nHALDEN, Feb. 11 (NSA) -- {BODY}\n")
    assert article.dateline.text == "HALDEN, Feb. 11 (NSA) --"
    assert f"HALDEN, Feb. 11 (NSA) -- {BODY}" in article.text
    assert article.outlet == "NSA"


def test_byline_outlet_and_language():
    more = "The ferry link between the two ports has been closed since a quarrel over harbour fees began in 2023."
    article = _article(
        f"Ferry talks resume\n\nBy Anna Lind and Piet Oduya  (NSA)\n\n{BODY}\n\n{more}\n", outlet="Halden Post"
    )
    assert article.byline == "Anna Lind and Piet Oduya  (NSA)"
    assert "By Anna Lind" not in article.text
    assert article.outlet == "Halden Post"
    assert article.language == "en"
    aggregator = _article(
        f"Ferry talks resume\n\n{BODY}\n\nDenial of responsibility! Ferry Pulse is an automatic aggregator of the all world’s media.\n"
    )
    assert aggregator.outlet == "Ferry Pulse"
