"""Finding quotations: every quote-mark style, apostrophes, nesting, paragraphs, strays, labels."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from onrecord.analyse import paragraph_spans
from onrecord.attribute import extract_quotes
from onrecord.attribute.marks import find_quote_spans
from onrecord.records import Article


def quotes_of(text: str, kinds=("direct", "partial")):
    article = Article(id="a1", document_id="d1", text=text)
    return [q for q in extract_quotes(article) if q.kind in kinds]


def spans(text: str) -> list[str]:
    return [text[q.start : q.end] for q in find_quote_spans(text, paragraph_spans(text))]


@pytest.mark.parametrize(
    "opening, closing",
    [('"', '"'), ("“", "”"), ("‘", "’"), ("'", "'"), ("«", "»"), ("„", "“")],
)
def test_every_quote_mark_style(opening, closing):
    text = f"{opening}We will open the northern border crossing next week,{closing} Minister Tomas Vell said."
    found = quotes_of(text)
    assert [q.text for q in found] == ["We will open the northern border crossing next week"]
    assert found[0].speaker == "Tomas Vell"
    assert found[0].kind == "direct"


def test_span_is_exactly_the_quoted_words_without_marks_or_trailing_comma():
    text = 'Mayor Ilse Brandt said: "The bridge stays closed." Later she added, "Repairs start in May," to applause.'
    for q in quotes_of(text):
        assert text[q.start : q.end] == q.text
        assert not q.text.endswith(",")
        assert text[q.start - 1] in '"“' and text[q.end] in '",”'


def test_apostrophes_are_not_quote_marks():
    text = (
        "The country's envoy said the '90s were different and that Jones' report wasn't final. "
        "Russia’s minister didn’t reply to the members’ letter."
    )
    assert spans(text) == []
    assert quotes_of(text) == []


def test_single_quotes_with_apostrophes_inside():
    text = "'We don't accept the court's ruling, and we won't,' Premier Anna Roth said."
    assert spans(text) == ["We don't accept the court's ruling, and we won't"]


def test_nested_quotes_give_only_the_outer_quotation():
    text = "“They keep asking us: “Whose side are you on?” and we answer the same,” President Ola Dahl said."
    assert spans(text) == ["They keep asking us: “Whose side are you on?” and we answer the same"]
    text = "'Partners ask: 'Which side are you on?' Our answer is ours alone,' President Ola Dahl said."
    assert spans(text) == ["Partners ask: 'Which side are you on?' Our answer is ours alone"]


def test_mixed_curly_and_straight_marks_close_each_other():
    text = 'He said the pact was “a betrayal of everything we built together".'
    assert spans(text) == ["a betrayal of everything we built together"]


def test_multi_sentence_quote_is_one_quote():
    text = '"We asked for talks. They refused. Now we act," Defence Minister Karl Obi said.'
    found = quotes_of(text)
    assert [q.text for q in found] == ["We asked for talks. They refused. Now we act"]


def test_multi_paragraph_quote_one_quote_per_paragraph_same_speaker():
    text = (
        'Governor Rita Salo told the assembly: "The harvest failed in three provinces.\n\n'
        '"We will need help from our neighbours before winter.\n\n'
        '"Nobody will be left without bread," she said.\n\n'
        "The assembly adjourned until Monday."
    )
    found = quotes_of(text)
    assert [q.text for q in found] == [
        "The harvest failed in three provinces.",
        "We will need help from our neighbours before winter.",
        "Nobody will be left without bread",
    ]
    assert {q.speaker for q in found} == {"Rita Salo"}


def test_quote_cut_off_by_truncation_is_not_listed():
    text = 'Minister Paul Ekko said: "The agreement is signed.\n\n"Now we have to see how the other side will'
    assert quotes_of(text) == []


def test_stray_mark_does_not_derail_the_rest():
    text = (
        'The 12" gauge pipe and a stray " mark appear here.\n\n'
        '"The water is safe to drink," utility chief Mara Linde said.\n\n'
        "An unclosed “opening mark sits in this paragraph, and then “the real quote,” she said."
    )
    found = quotes_of(text)
    texts = [q.text for q in found]
    assert "The water is safe to drink" in texts
    assert "the real quote" in texts
    assert all("gauge" not in t and "opening mark sits" not in t for t in texts)


def test_scare_quotes_titles_and_labels_are_not_quotations():
    text = (
        'The ministry launched a programme called "Green Roads" last year.\n\n'
        'Critics mocked the so-called "smart border" from the start.\n\n'
        "After a 'standing ovation' the concert went on.\n\n"
        "Footage showed a banner with the slogan “Free Harbour Now” above the crowd.\n\n"
        "Officials removed the post about a ‘border war’ threat from the site.\n\n"
        'The minister said the "Northern Corridor Initiative" would be funded.\n\n'
        'He read "The Old Man and the Sea" twice as a boy.'
    )
    assert quotes_of(text) == []


def test_partial_quotation_inside_a_reporting_sentence():
    text = "Foreign Minister Lena Kova said the plan was “dead on arrival” and would not be revived."
    found = quotes_of(text)
    assert [(q.text, q.kind, q.speaker) for q in found] == [("dead on arrival", "partial", "Lena Kova")]


def test_verbatim_repeated_quotation_listed_once():
    para = '"Our border is not for sale," President Ivo Marr said on Monday.'
    text = f"{para}\n\nThe remarks drew protests.\n\n{para}"
    found = quotes_of(text)
    assert [q.text for q in found] == ["Our border is not for sale"]


def test_interrupted_quote_is_two_quotes_of_one_speaker():
    text = '"We will not retreat," Senator Hanna Blom said, "and we will not apologise."'
    found = quotes_of(text)
    assert [q.text for q in found] == ["We will not retreat", "and we will not apologise."]
    assert [q.speaker for q in found] == ["Hanna Blom", "Hanna Blom"]


def test_empty_and_quote_free_articles():
    assert extract_quotes(Article(id="a", document_id="d", text="")) == []
    assert quotes_of("The weather was calm and the markets opened late.") == []


_ALPHABET = "ab Xy.,:;!?\n\"'“”‘’«»„-—0123456789"


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=160))
def test_any_text_gives_spans_that_are_the_quoted_words(text):
    for q in extract_quotes(Article(id="a", document_id="d", text=text)):
        assert 0 <= q.start < q.end <= len(text)
        assert text[q.start : q.end] == q.text
        assert 0.0 <= q.confidence <= 1.0


def test_a_wall_of_stray_marks_is_read_a_bounded_number_of_times(monkeypatch):
    """Each stray mark makes the paragraph be read again without it; past MAX_STRAY_MARKS the
    paragraph is taken as it is, so a page of thousands of marks costs what a few do."""
    from onrecord.attribute import marks

    reads = 0
    scan = marks._scan

    def counting_scan(*args, **kwargs):
        nonlocal reads
        reads += 1
        return scan(*args, **kwargs)

    monkeypatch.setattr(marks, "_scan", counting_scan)
    wall = "\u201c" * 3000
    text = f'{wall}\n\n"We will not pay the levy," Kessler said.'
    paragraphs = [(0, len(wall)), (len(wall) + 2, len(text))]
    spans = marks.find_quote_spans(text, paragraphs)
    assert reads <= marks.MAX_STRAY_MARKS + 2
    assert [text[s.start : s.end] for s in spans if s.paragraph == 1] == ["We will not pay the levy"]


def test_a_long_run_of_symbols_is_tokenised_as_a_few_tokens_with_offsets_kept():
    """spaCy's tokenizer is quadratic on one long run of punctuation; the middle of such a run
    is blanked before parsing, so the page costs what prose does, and every word after it
    keeps its offset in the article text."""
    from onrecord.analyse import analyse

    text = "Kessler spoke. " + "!" * 20_000 + ' "We will not pay the levy," Kessler said.'
    (paragraph,) = analyse(text, [(0, len(text))])
    assert len(paragraph.doc) < 100
    words = [t for t in paragraph.doc if t.text in ("Kessler", "levy")]
    assert len(words) == 3
    for token in words:
        assert text[paragraph.start + token.idx : paragraph.start + token.idx + len(token)] == token.text
