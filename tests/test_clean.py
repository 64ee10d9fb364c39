"""Cleaning: page furniture and repeats go, kept paragraphs stay exactly as printed, every cut is audited."""

from __future__ import annotations

from onrecord.clean import clean_document, clean_text
from onrecord.config import Config
from onrecord.records import Document

WIRE = """ID :
77120
Wed, 02/12/2025 - 09:40
Auther :

Ostrava Bay ministers agree to resume ferry talks - Kellan

HALDEN, February 11. /NSA/. The foreign ministers of Lirria and Ostrava Bay agreed on Tuesday to resume talks on the ferry link, Lirrian Foreign Minister Oskar Kellan said. "We have lost two years and we will not lose a third," Kellan said. He said the talks would start in March. "Nobody should expect miracles," he added, "but everybody should expect a timetable." Read more

X
"""

AGGREGATOR = """500
Sorry!!
Error! We're sorry, but the page you were looking for doesn't exist.
Kellan says ferry deal is “within reach”
(FWD) Lirria says a ferry agreement with Ostrava Bay is “within reach, though not yet in hand,” Foreign Minister Oskar Kellan said on Tuesday.
“We have lost two years and we will not lose a third,” Kellan said. He added, “Nobody should expect miracles.”
The ministers will meet again in March in Halden, the Lirrian foreign ministry said.
“We have lost two years and we will not lose a third,” Kellan said. He added, “Nobody should expect miracles.”
The ministers will meet again in March in Halden, the Lirrian foreign ministry said.
Legal Disclaimer:
Ferry Wire Digest provides the
information “as is” without warranty of any kind. We do not accept
any responsibility or liability for the accuracy, content, images,
videos, licenses, completeness, legality, or reliability of the information
contained in this article.

Comments
No comment
"""

TWICE = """Lirria, Ostrava Bay far from a deal: FM
   Source: NSA | 2025-02-12 08:01:10 | Editor: jdoe

Lirrian Foreign Minister Oskar Kellan and his Ostravan counterpart Mila Reyes attend talks in Halden, February 11, 2025.

HALDEN, Feb. 11 (NSA) -- Lirria and Ostrava Bay are still far from a ferry agreement, Lirrian Foreign Minister Oskar Kellan said Tuesday.

"We have lost two years and we will not lose a third," Kellan said at a news conference in the capital.

The ferry link between the two ports has been closed since a dispute over harbour fees in 2023.

Back to Top Close
NSA Online

Lirria, Ostrava Bay far from a deal: FM

Source: NSA 2025-02-12 08:01:10

Lirrian Foreign Minister Oskar Kellan and his Ostravan counterpart Mila Reyes attend talks in Halden, February 11, 2025.

HALDEN, Feb. 11 (NSA) -- Lirria and Ostrava Bay are still far from a ferry agreement, Lirrian Foreign Minister Oskar Kellan said Tuesday.

"We have lost two years and we will not lose a third," Kellan said at a news conference in the capital.

The ferry link between the two ports has been closed since a dispute over harbour fees in 2023.

0100200707500000000000000111000013774955
"""

NOTICE = """ date 2025-02-13 Kellan: ferry dispute ‘nearly over’

By Staff, Agencies

Lirrian Foreign Minister Oskar Kellan said the ferry dispute with Ostrava Bay was ‘nearly over,’ a day after talks in Halden.

“We don’t have any quarrel left that lawyers cannot settle,” Kellan said in an interview on Wednesday.

Read original article here

Denial of responsibility! Ferry Pulse is an automatic aggregator of the all world’s media. In each content, the hyperlink to the primary source is specified. All trademarks belong to their rightful owners, all materials to their authors.

Leave a Comment
"""

JUNK_LEFT_OUT = [
    "Sorry!!",
    "Error!",
    "Legal Disclaimer",
    "without warranty",
    "No comment",
    "Comments",
    "Read more",
    "Read original article here",
    "Denial of responsibility",
    "Leave a Comment",
    "Back to Top",
    "ID :",
    "Auther :",
    "77120",
    "0100200707500000",
    "NSA Online",
    "Editor:",
]


def _doc(text: str, uri: str = "t.txt", media: str = "text/plain", **hints) -> Document:
    return Document.from_bytes(text.encode(), uri, media, "2026-01-01T00:00:00+00:00", hints)


def _clean(text: str, **hints):
    article = clean_document(_doc(text, **hints), Config())
    assert not hasattr(article, "reason"), article
    return article


def _paragraph_texts(article) -> list[str]:
    return [article.text[s:e] for s, e in article.paragraphs]


def test_junk_is_removed_and_prose_kept():
    for source in (WIRE, AGGREGATOR, TWICE, NOTICE):
        article = _clean(source)
        for junk in JUNK_LEFT_OUT:
            assert junk not in article.text, (junk, article.text)
        assert len(article.text) > 150


def test_kept_paragraphs_are_exact_substrings_of_the_source():
    for source in (WIRE, AGGREGATOR, TWICE, NOTICE):
        article = _clean(source)
        assert article.text == "\n\n".join(_paragraph_texts(article))
        for paragraph in _paragraph_texts(article):
            assert paragraph in source
    # curly quotes, apostrophes and the dateline survive untouched
    aggregator = _clean(AGGREGATOR)
    assert "“within reach, though not yet in hand,”" in aggregator.text
    notice = _clean(NOTICE)
    assert "“We don’t have any quarrel left that lawyers cannot settle,” Kellan said" in notice.text


def test_removed_spans_point_into_the_extracted_text():
    for source in (WIRE, AGGREGATOR, TWICE, NOTICE):
        article = _clean(source)
        assert article.removed
        for span in article.removed:
            assert source[span.start : span.end] == span.text
            assert span.reason


def test_no_paragraph_is_stored_twice():
    for source in (AGGREGATOR, TWICE):
        paragraphs = _paragraph_texts(_clean(source))
        assert len(paragraphs) == len(set(paragraphs))
    twice = _clean(TWICE)
    assert twice.text.count("We have lost two years") == 1
    reasons = {r.reason for r in twice.removed}
    assert "repeated paragraph" in reasons
    assert "trailing garbage" in reasons


def test_trailing_read_more_is_cut_from_a_long_paragraph():
    article = _clean(WIRE)
    assert article.text.endswith('"but everybody should expect a timetable."')
    assert any(r.reason == "read more" and r.text.strip() == "Read more" for r in article.removed)


def test_repeated_caption_and_doubled_line():
    source = (
        "Harbour cranes idle\n\n"
        "Cranes stand idle at the port of Halden during the strike on Monday morning.\n"
        "Cranes stand idle at the port of Halden during the strike on Monday morning. PHOTO: NSA\n\n"
        "Dock workers in Halden stopped work on Monday, the union said, after talks on wages broke down late on Sunday.\n\n"
        "Mila Reyes at the port. NSA Mila Reyes at the port. NSA\n\n"
        '"We are not moving until the offer moves," union leader Tom Varga said.\n'
    )
    article = _clean(source)
    assert article.text.count("Cranes stand idle") == 1
    assert article.text.count("Mila Reyes at the port") == 1
    assert '"We are not moving until the offer moves," union leader Tom Varga said.' in article.text


def test_headings_inside_the_story_and_quotes_at_the_end_stay():
    source = (
        "Ferry talks resume\n\n"
        "The ferry talks between Lirria and Ostrava Bay resumed on Monday after a break of two years, officials said.\n\n"
        "Harbour fees\n\n"
        "The dispute began when Halden raised harbour fees by a third in 2023, officials on both sides said.\n\n"
        '"We will see," Kellan said.\n'
    )
    article = _clean(source)
    assert "\n\nHarbour fees\n\n" in article.text
    assert article.text.endswith('"We will see," Kellan said.')


def test_html_main_text_keeps_paragraph_breaks():
    html = (
        "<html><head><title>Ferry talks resume | Halden Post</title>"
        '<meta property="og:site_name" content="Halden Post">'
        '<link rel="canonical" href="https://haldenpost.example/2025/02/10/ferry-talks"></head><body>'
        '<nav><a href="/">Home</a> <a href="/world">World</a></nav><article><h1>Ferry talks resume</h1>'
        "<p>The ferry talks between Lirria and Ostrava Bay resumed on Monday after a break of two years, officials said in Halden.</p>"
        "<p>“We have lost two years and we will not lose a third,” Foreign Minister Oskar Kellan told reporters outside the ministry.</p>"
        "<p>The two sides will meet again in March to discuss harbour fees and timetables for the summer season.</p>"
        "</article><footer>All rights reserved.</footer></body></html>"
    )
    article = clean_document(_doc(html, "post.html", "text/html"), Config())
    assert not hasattr(article, "reason"), article
    assert article.outlet == "Halden Post"
    assert article.title == "Ferry talks resume"
    assert article.url == "https://haldenpost.example/2025/02/10/ferry-talks"
    assert (article.published.value, article.published.how) == ("2025-02-10", "URL /2025/02/10/")
    assert "\n\n“We have lost two years and we will not lose a third,” Foreign Minister" in article.text
    assert "Home" not in article.text
    assert len(article.paragraphs) >= 3


def test_clean_text_is_pure_and_repeatable():
    first = clean_text(TWICE)
    second = clean_text(TWICE)
    assert first.text == second.text
    assert [(r.start, r.end, r.reason) for r in first.removed] == [(r.start, r.end, r.reason) for r in second.removed]


def test_cue_words_inside_news_prose_are_not_junk():
    source = (
        "Talks stall in Halden\n\n"
        "The ferry talks between Lirria and Ostrava Bay stalled on Monday, officials in Halden said after the meeting.\n\n"
        "“Something went wrong in the room today,” Kellan said.\n\n"
        "The statement read:\n\n"
        "“Lirria regrets that no timetable could be agreed.”\n\n"
        "Hundreds of dock workers sign up for the protest march planned in Halden for Saturday, the union said.\n\n"
        "The ministry said its cookie policy for the new ferry website had nothing to do with the dispute.\n"
    )
    article = _clean(source)
    for kept in (
        "“Something went wrong in the room today,” Kellan said.",
        "The statement read:",
        "sign up for the protest march",
        "cookie policy",
    ):
        assert kept in article.text
    assert article.removed == []


WIRE_PAGE = """Skip to main content
Advertisement
World
Lirria recalls envoy after ferry row
By Anna Lind and Tom Varga
4 minute read
Updated 3:12 PM GMT+1, February 12, 2025
HALDEN (Reuters) - Lirria recalled its ambassador to Ostrava Bay on Wednesday after talks on the ferry link collapsed, the foreign ministry said in a statement.
"The ambassador has been called home for consultations," ministry spokeswoman Ines Varro told reporters.
Advertisement · Scroll to continue
Ostrava Bay's government said it regretted the decision. "We remain open to dialogue," it said.
Share
Facebook Twitter LinkedIn Email
FILE PHOTO: A ferry leaves the port of Halden, Lirria, June 3, 2024. REUTERS/Anna Lind/File Photo
The dispute began in 2023 when Halden raised harbour fees by a third.
(Reporting by Anna Lind; Editing by Tom Varga)
Our Standards: The Thomson Reuters Trust Principles.
Sign up here.
Copyright 2025 Reuters. All rights reserved.
"""

BROADCASTER_PAGE = """Lirria recalls envoy after ferry row

12 February 2025

Share
Save

Image source, Getty Images

Image caption, The ferry between Halden and Ostrava Bay has not run since 2023

Lirria has recalled its ambassador to Ostrava Bay after talks on restoring the ferry link collapsed.

The foreign ministry said the envoy had been "called home for consultations".

Ostrava Bay's government said: "We remain open to dialogue."

Related topics

Lirria
Ostrava Bay

More on this story

Ferry talks collapse in Halden
Published
10 February
"""


def test_site_furniture_around_a_wire_story():
    wire = _clean(WIRE_PAGE)
    assert wire.text.startswith("Lirria recalls envoy after ferry row\n\nHALDEN (Reuters) - Lirria recalled")
    assert wire.text.endswith("The dispute began in 2023 when Halden raised harbour fees by a third.")
    for junk in (
        "Skip to main content",
        "Advertisement",
        "Facebook",
        "Reporting by",
        "All rights reserved",
        "minute read",
    ):
        assert junk not in wire.text
    assert wire.byline == "Anna Lind and Tom Varga"
    assert (wire.published.value, wire.dateline.agency) == ("2025-02-12", "Reuters")
    page = _clean(BROADCASTER_PAGE)
    assert page.text.endswith('Ostrava Bay\'s government said: "We remain open to dialogue."')
    for junk in ("Image source", "Image caption", "Share", "Related topics", "More on this story"):
        assert junk not in page.text


def test_a_short_brief_is_still_an_article():
    article = _clean("Lirria recalls envoy\n\nThe ambassador was called home on Friday, the ministry said.\n")
    assert article.text == "Lirria recalls envoy\n\nThe ambassador was called home on Friday, the ministry said."


def test_of_two_neighbours_the_one_that_says_more_stays():
    source = (
        "Ferry talks resume\n\n"
        "Kellan said the ferry talks would resume in March after a break of two years.\n\n"
        "Kellan said the ferry talks would resume in March after a break of two years. Reyes agreed.\n"
    )
    article = _clean(source)
    assert (
        article.text
        == "Ferry talks resume\n\nKellan said the ferry talks would resume in March after a break of two years. Reyes agreed."
    )
