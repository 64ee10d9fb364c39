"""Roles learned from the articles: a title beside a name identifies a later bare title."""

from onrecord.link import resolve_speakers
from onrecord.records import Article, DateEvidence, Mention, Quote
from onrecord.resolve import SpeakerResolver, load_kb


def _article(article_id: str, text: str, quotes: list[tuple[str, str | None, str]], published: str | None):
    """quotes: (quoted words, canonical speaker or None, the words naming the speaker)."""
    article = Article(
        id=article_id,
        document_id=article_id,
        text=text,
        published=DateEvidence(published, "test") if published else None,
    )
    out = []
    for quoted, speaker, mention in quotes:
        start = text.index(quoted)
        where = text.index(mention) if mention in text else 0
        out.append(
            Quote(
                article_id,
                start,
                start + len(quoted),
                quoted,
                "direct",
                speaker=speaker,
                speaker_kind="person",
                speaker_mention=Mention(mention, where, where + len(mention)),
            )
        )
    return article, out


NAMED = (
    '"The assembly will sit on Friday," speaker Tamsin Oyelaran-Quist said in a statement. '
    "The vote on the harbour levy was postponed in Velmora."
)
UNNAMED = (
    'The Speaker of Parliament says the harbour levy vote is off. "We will sit on Friday to settle it." '
    '"Nobody needs to worry," she said. Tamsin Oyelaran-Quist chairs the house.'
)


def _resolve(*articles_and_quotes):
    articles, quotes = {}, []
    for article, qs in articles_and_quotes:
        articles[article.id] = article
        quotes += qs
    resolver = SpeakerResolver(load_kb())
    resolve_speakers(resolver, articles, quotes)
    return resolver, quotes


def test_a_bare_title_goes_to_the_person_named_with_it_in_another_report():
    named = _article(
        "a1",
        NAMED,
        [("The assembly will sit on Friday,", "Tamsin Oyelaran-Quist", "speaker Tamsin Oyelaran-Quist")],
        "2031-03-04",
    )
    unnamed = _article(
        "a2",
        UNNAMED,
        [
            ("We will sit on Friday to settle it.", None, "The Speaker of Parliament"),
            ("Nobody needs to worry,", None, "she"),
        ],
        "2031-03-05",
    )
    resolver, quotes = _resolve(named, unnamed)
    person = quotes[0].entity_id
    assert person is not None and person.startswith("corpus-")
    assert quotes[1].entity_id == person  # "The Speaker of Parliament"
    assert quotes[2].entity_id == person  # "she", right after it
    roles = resolver.entity(person).roles
    assert [(r.title, r.start, r.end) for r in roles] == [("speaker", "2031-03-04", "2031-03-04")]


def test_no_person_when_the_reports_are_far_apart_in_time():
    named = _article(
        "a1",
        NAMED,
        [("The assembly will sit on Friday,", "Tamsin Oyelaran-Quist", "speaker Tamsin Oyelaran-Quist")],
        "2031-03-04",
    )
    unnamed = _article(
        "a2", UNNAMED, [("We will sit on Friday to settle it.", None, "The Speaker of Parliament")], "2031-06-20"
    )
    _resolver, quotes = _resolve(named, unnamed)
    assert quotes[1].entity_id is None


def test_no_person_when_two_hold_a_matching_title():
    named = _article(
        "a1",
        NAMED,
        [("The assembly will sit on Friday,", "Tamsin Oyelaran-Quist", "speaker Tamsin Oyelaran-Quist")],
        "2031-03-04",
    )
    rival_text = '"The levy stands," speaker Corvin Aldane-Mbeki said of the harbour levy in Velmora.'
    rival = _article(
        "a3", rival_text, [("The levy stands,", "Corvin Aldane-Mbeki", "speaker Corvin Aldane-Mbeki")], "2031-03-04"
    )
    unnamed = _article(
        "a2", UNNAMED, [("We will sit on Friday to settle it.", None, "The Speaker of Parliament")], "2031-03-05"
    )
    _resolver, quotes = _resolve(named, rival, unnamed)
    assert quotes[-1].entity_id is None


def test_no_person_for_a_title_of_another_office_or_an_unrelated_report():
    named = _article(
        "a1",
        NAMED,
        [("The assembly will sit on Friday,", "Tamsin Oyelaran-Quist", "speaker Tamsin Oyelaran-Quist")],
        "2031-03-04",
    )
    other_office = _article(
        "a2",
        'The spokesman said: "We will sit on Friday to settle it." The harbour levy in Velmora.',
        [("We will sit on Friday to settle it.", None, "The spokesman")],
        "2031-03-04",
    )
    unrelated = _article(
        "a4",
        'The Speaker said: "The session opens in May." Lawmakers in Quorn agreed.',
        [("The session opens in May.", None, "The Speaker")],
        "2031-03-04",
    )
    _resolver, quotes = _resolve(named, other_office, unrelated)
    assert quotes[1].entity_id is None  # a spokesman is not a speaker
    assert quotes[2].entity_id is None  # nothing ties that report to the other one


def test_an_apposition_after_the_name_is_a_title_too():
    text = (
        '"Stocks are enough for winter," said Ilario Benedek-Sorn, the head of the grain reserve agency, '
        "on Tuesday in Velmora."
    )
    named = _article(
        "a1", text, [("Stocks are enough for winter,", "Ilario Benedek-Sorn", "Ilario Benedek-Sorn")], "2031-03-04"
    )
    later = _article(
        "a2",
        'The head of the reserve agency said "no rationing" was planned for Velmora, as Ilario Benedek-Sorn had said.',
        [("no rationing", None, "The head of the reserve agency")],
        "2031-03-05",
    )
    resolver, quotes = _resolve(named, later)
    assert quotes[1].entity_id == quotes[0].entity_id
    assert any(r.title == "the head of the grain reserve agency" for r in resolver.entity(quotes[0].entity_id).roles)
