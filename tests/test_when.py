from onrecord.records import Article, DateEvidence, Dateline, Quote
from onrecord.when import date_quotes


def dated(text: str, quoted: str, published: str | None, **article) -> DateEvidence | None:
    start = text.index(quoted)
    art = Article(
        id="a",
        document_id="d",
        text=text,
        published=DateEvidence(published, "test") if published else None,
        **article,
    )
    quote = Quote("a", start, start + len(quoted), quoted, "direct", speaker="Anna Kessler")
    date_quotes(art, [quote])
    return quote.said_on


def test_weekday_is_the_latest_such_day_on_or_before_publication():
    text = 'Minister Anna Kessler said Monday: "We will not sign this treaty."'
    said = dated(text, "We will not sign this treaty.", "2024-03-13")  # a Wednesday
    assert said is not None and said.value == "2024-03-11"
    assert "Monday" in said.how


def test_weekday_of_publication_is_that_day():
    text = '"The border stays open," Kessler said on Wednesday.'
    assert dated(text, "The border stays open,", "2024-03-13").value == "2024-03-13"


def test_yesterday_and_explicit_day_without_year():
    text = '"We were not consulted," Kessler said yesterday.'
    assert dated(text, "We were not consulted,", "2024-03-13").value == "2024-03-12"
    text = 'On Dec. 30 Kessler told reporters: "The talks are over."'
    # published in January: the 30th of December of the year before
    assert dated(text, "The talks are over.", "2025-01-05").value == "2024-12-30"


def test_dateline_when_the_sentence_says_nothing():
    text = 'BRELLIA, Jan. 16 (Nordpress) -- The minister spoke to parliament.\n"We are far apart," Kessler said.'
    said = dated(text, "We are far apart,", "2019-01-17")
    assert said.value == "2019-01-16"
    assert "dateline" in said.how


def test_dateline_from_the_cleaner_is_used():
    text = 'The minister spoke to parliament.\n"We are far apart," Kessler said.'
    dateline = Dateline(
        place="BRELLIA", agency="Nordpress", date_text="January 14", text="BRELLIA, January 14. /Nordpress/."
    )
    said = dated(text, "We are far apart,", "2019-01-15", dateline=dateline)
    assert said.value == "2019-01-14"


def test_vague_time_stays_unknown_even_with_a_dateline():
    text = 'BRELLIA, Jan. 16 (Nordpress) -- Talks went on.\n"We are far apart," Kessler said last week.'
    assert dated(text, "We are far apart,", "2019-01-17") is None


def test_unknown_without_evidence_and_weekday_without_publication():
    assert dated('"We are far apart," Kessler said.', "We are far apart,", "2019-01-17") is None
    assert dated('"We are far apart," Kessler said on Monday.', "We are far apart,", None) is None


def test_words_inside_the_quote_do_not_date_it():
    text = '"Today we signed nothing," Kessler said.'
    assert dated(text, "Today we signed nothing,", "2019-01-17") is None


def test_same_speaker_dated_elsewhere_in_the_article():
    text = (
        "Kessler: 'no retreat' on the islands\n"
        "Foreign Minister Anna Kessler said on Tuesday that the country would make 'no retreat'.\n"
        "Analysts were divided."
    )
    said = dated(text, "no retreat", "2022-05-05")  # the headline occurrence
    assert said.value == "2022-05-03"


def test_explicit_day_in_the_sentence_beats_the_dateline():
    text = 'BRELLIA, Jan. 16 (Nordpress) -- Talks went on.\n"No deal," Kessler said on January 14.'
    assert dated(text, "No deal,", "2019-01-17").value == "2019-01-14"
