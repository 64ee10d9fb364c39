"""The figures of the gold format on hand-made gold and predictions whose right answers are known."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from onrecord.evaluate.gold import GoldArticle, GoldQuote
from onrecord.evaluate.scoring import (
    ArticleCase,
    Prediction,
    match_quotes,
    normalise,
    overlap,
    score,
    statement_pairs,
    word_count,
)
from onrecord.evaluate.speakers import SpeakerJudge


def exact_speaker(case):
    return lambda gold, pred: gold == pred.speaker


def case(gold_quotes, predictions, gid="g1", text=""):
    return ArticleCase(GoldArticle(gid, text, gold_quotes), predictions, article_id=gid, article_text=text)


def test_normalise_strips_quote_marks_case_and_spacing():
    assert normalise("“We  will NOT\n accept it,”") == "we will not accept it"
    assert normalise("«Nous refusons.»") == "nous refusons"
    assert normalise("‘It’s final’") == "it's final"
    assert normalise("It's final") == normalise("It’s final")


def test_words_counted_after_normalising():
    assert word_count("“Never.”") == 1
    assert word_count(" never again ") == 2


def test_match_threshold_edges():
    gold = "alpha beta gamma del"  # 20 characters
    assert overlap(gold, gold + " epsi") == pytest.approx(0.8)  # 20 / 25: exactly the threshold
    assert match_quotes([gold], [gold + " epsi"]) == [(0, 0, pytest.approx(0.8))]
    assert match_quotes([gold], [gold + " epsil"]) == []  # 20 / 26 < 0.8
    longer = "one two three four five"  # 23 characters
    assert match_quotes([longer], [longer + " sixx"])  # 23 / 28 = 0.82
    assert match_quotes([longer], [longer + " sixxx"]) == []  # 23 / 29 = 0.79
    # the shorter side may be either one
    assert match_quotes([longer + " sixx"], [longer])


def test_match_is_one_to_one_and_prefers_the_larger_overlap():
    a = "we will defend our sovereignty"
    b = a + " at all"  # overlaps a by 30/37 = 0.81
    # one gold, two predictions that both match it: one match, one false alarm
    assert [(g, p) for g, p, _ in match_quotes([a], [a, b])] == [(0, 0)]
    # the prediction equal to the second gold quote goes there, not to the first
    assert [(g, p) for g, p, _ in match_quotes([a, b], [b])] == [(1, 0)]
    # two golds, two predictions: both matched, each to its exact twin
    assert [(g, p) for g, p, _ in match_quotes([a, b], [b, a])] == [(0, 1), (1, 0)]


def test_quote_precision_recall_speaker_and_end_to_end():
    gold = [
        GoldQuote("the talks will continue next week", "Ana Pereira"),
        GoldQuote("we are not afraid of anyone", "Ana Pereira"),
        GoldQuote("nothing has been decided yet", "Boris Lenk"),
    ]
    preds = [
        Prediction("The talks will continue next week.", "Ana Pereira"),
        Prediction("we are not afraid of anyone", "Boris Lenk"),  # matched, wrong speaker
        Prediction("an entirely different sentence here", "Boris Lenk"),  # false alarm
    ]
    s = score([case(gold, preds)], exact_speaker)
    assert (s.gold, s.predicted, s.matched, s.speaker_right) == (3, 3, 2, 1)
    assert s.quote_precision == pytest.approx(2 / 3)
    assert s.quote_recall == pytest.approx(2 / 3)
    assert s.quote_f1 == pytest.approx(2 / 3)
    assert s.speaker_accuracy == pytest.approx(0.5)
    assert s.end_to_end_precision == pytest.approx(1 / 3)
    assert s.end_to_end_recall == pytest.approx(1 / 3)
    assert s.end_to_end_f1 == pytest.approx(1 / 3)
    result = s.articles[0]
    assert result.misses == [2]
    assert result.false_alarms == [2]


def test_short_quotes_and_indirect_speech_are_not_scored():
    gold = [GoldQuote("Never.", "A B"), GoldQuote("we will never give up", "A B")]
    preds = [
        Prediction("never", "A B"),  # one word: out on the prediction side too
        Prediction("we will never give up", "A B"),
        Prediction("they would never give up the fight", "A B", kind="indirect"),
    ]
    s = score([case(gold, preds)], exact_speaker)
    assert (s.gold, s.predicted, s.matched) == (1, 1, 1)
    assert (s.excluded_gold, s.excluded_predictions) == (1, 2)
    assert s.quote_precision == 1.0 and s.quote_recall == 1.0


def test_empty_predictions_give_zero_recall_and_no_precision():
    s = score([case([GoldQuote("two words", "X Y")], [])], exact_speaker)
    assert s.quote_recall == 0.0
    assert s.quote_precision is None and s.quote_f1 is None
    assert s.speaker_accuracy is None


def test_said_on_accuracy_counts_matched_quotes_with_a_gold_day():
    gold = [
        GoldQuote("first quote of the day", "X Y", said_on="2024-03-01"),
        GoldQuote("second quote of the day", "X Y", said_on="2024-03-02"),
        GoldQuote("third quote without a day", "X Y"),
        GoldQuote("fourth quote never found here", "X Y", said_on="2024-03-04"),
    ]
    preds = [
        Prediction("first quote of the day", "X Y", said_on="2024-03-01"),
        Prediction("second quote of the day", "X Y", said_on="2024-03-01"),
        Prediction("third quote without a day", "X Y", said_on="2024-03-03"),
    ]
    s = score([case(gold, preds)], exact_speaker)
    assert (s.said_on_gold, s.said_on_right) == (2, 1)
    assert s.said_on_accuracy == 0.5


def test_statement_pairs_arithmetic():
    gold = ["a", "a", "a", "b", None]
    pred = ["x", "x", "y", "y", "x"]
    # gold pairs: the three "a" (3); predicted: x at 0,1,4 (3) + y at 2,3 (1); both: (a,x) at 0,1 (1)
    assert statement_pairs(gold, pred) == (3, 4, 1)
    assert statement_pairs([None, None], [None, None]) == (0, 0, 0)


def test_statement_pairs_across_articles_leave_out_pairs_inside_one_article():
    gold = ["a", "a", "a", "b", "b"]
    pred = ["x", "x", "x", "y", "z"]
    articles = [1, 1, 2, 3, 3]
    # gold "a": 3 pairs less 1 inside article 1 = 2; "b" both in article 3 = 0
    # predicted "x" likewise 2; common (a,x) 2
    assert statement_pairs(gold, pred, articles) == (2, 2, 2)
    assert statement_pairs(gold, pred) == (4, 3, 3)


def test_statement_pairs_span_articles():
    one = case(
        [GoldQuote("the border is closed today", "X Y", statement="s1")],
        [Prediction("the border is closed today", "X Y", statement="st-9")],
        gid="g1",
    )
    two = case(
        [
            GoldQuote("The border is closed today.", "X Y", statement="s1"),
            GoldQuote("we want peace and quiet", "X Y", statement="s2"),
        ],
        [
            Prediction("the border is closed today", "X Y", statement="st-9"),
            Prediction("we want peace and quiet", "X Y", statement="st-9"),
        ],
        gid="g2",
    )
    s = score([one, two], exact_speaker)
    # across articles: gold s1 g1-g2 (1); predicted st-9 g1-g2 twice (2); common 1
    assert (s.gold_pairs, s.predicted_pairs, s.common_pairs) == (1, 2, 1)
    assert s.statement_precision == pytest.approx(1 / 2)
    assert s.statement_recall == 1.0
    assert s.statement_f1 == pytest.approx(2 / 3)
    # every pair, the one inside g2 too
    assert s.all_pairs == (1, 3, 1)


def test_default_judge_uses_names_in_the_article():
    text = "Foreign Minister Ilse Marquardt spoke. Ms Marquardt said: “We are ready to talk now.”"
    gold = [GoldQuote("We are ready to talk now.", "Ilse Marquardt")]
    s = score([case(gold, [Prediction("We are ready to talk now.", "Marquardt")], text=text)])
    assert s.speaker_right == 1


# -- same speaker ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def judge():
    text = (
        "Foreign Minister Sergey Valko met Prime Minister Tomas Brenner and Ilona Brenner, his sister, "
        "in Ostrava. President Xu Weilin spoke later. Valko said the talks were useful."
    )
    return SpeakerJudge(text, ["Sergey Valko"])


@pytest.mark.parametrize(
    ("gold", "predicted", "same"),
    [
        ("Sergey Valko", "Sergey Valko", True),
        ("Sergey Valko", "sergey valko", True),
        ("Sergey Valko", "Mr. Valko", True),  # surname alone, one Valko in the text
        ("Sergey Valko", "Valko", True),
        ("Sergey Valko", "Foreign Minister Sergei Valko", True),  # transliteration of the given name
        ("Sergey Valko", "Ruritanian Foreign Minister Sergey Valko", True),
        ("Sergey Valko", "Russian Foreign Minister Sergey Valko", True),
        ("Sergey Valko", "South Korean envoy Sergey Valko", True),
        ("Jordan Valko", "Georgia Valko", False),  # given names that are also countries
        ("Jordan Valko", "Jordan Valko", True),
        ("Aleksandr Dorn", "Alexander Dorn", True),
        ("Alexey Dorn", "Alexei Dorn", True),
        ("Sergey Valko", "Sergey Volkov", False),
        ("Sergey Valko", "Boris Valko", False),  # same surname, another given name
        ("Tomas Brenner", "Brenner", False),  # two Brenners in the text
        ("Tomas Brenner", "Mr Tomas Brenner", True),
        ("Xu Weilin", "President Xu", True),  # family name first
        ("Sérgio Álvares", "Sergio Alvares", True),  # diacritics
        ("Chinese Foreign Ministry", "Ministry of Foreign Affairs of China", True),
        ("Chinese Foreign Ministry", "China's foreign ministry", True),
        ("Russian Foreign Ministry", "Chinese Foreign Ministry", False),
        ("Chinese government", "government of China", True),
        ("Chinese government", "China", True),
        ("Chinese government", "Beijing", True),
        ("Federal Government of Nigeria", "Nigerian government", True),
        ("French government", "German government", False),
        ("United Nations", "UN", True),
        ("Sergey Valko", "Foreign Ministry spokesman Sergey Valko", True),  # a person named with the office
        ("Sergey Valko", "Foreign Ministry", False),
        ("Chinese Foreign Ministry", "Foreign Ministry spokesman Sergey Valko", False),
        ("Chinese government", "Sergey Valko", False),
        (None, None, True),
        (None, "Sergey Valko", False),
        ("Sergey Valko", None, False),
        ("Sergey Valko", "  ", False),
    ],
)
def test_same_speaker(judge, gold, predicted, same):
    assert judge.same(gold, predicted) is same


def test_surname_alone_is_right_only_where_unambiguous():
    lone = SpeakerJudge("Ilona Brenner arrived on Monday. Brenner said little.", ["Ilona Brenner"])
    assert lone.same("Ilona Brenner", "Brenner")
    two = SpeakerJudge(
        "Ilona Brenner arrived on Monday with her husband Karel Brenner. Brenner said little.", ["Ilona Brenner"]
    )
    assert not two.same("Ilona Brenner", "Brenner")


def test_resolver_makes_two_names_of_one_entity_the_same():
    ids = {"The Iron Chancellor": "e1", "Otto Brandmeier": "e1", "Someone Else": "e2"}
    seen_days = []

    def resolve(name, kind=None, on=None):
        seen_days.append(on)
        return ids.get(name)

    judge = SpeakerJudge("", [], resolver=resolve, on="2030-01-02")
    assert judge.same("Otto Brandmeier", "The Iron Chancellor")
    assert not judge.same("Otto Brandmeier", "Someone Else")
    # a prediction already carrying the entity id
    assert judge.same("Otto Brandmeier", "the chancellor", "e1")
    assert set(seen_days) == {"2030-01-02"}
    assert judge.same("Otto Brandmeier", "The Iron Chancellor", on="2029-12-31")
    assert seen_days[-1] == "2029-12-31"


words = st.lists(
    st.sampled_from(["we", "will", "not", "go", "back", "now", "ever", "the", "port"]), min_size=1, max_size=8
)


@settings(max_examples=200, deadline=None)
@given(st.lists(words, max_size=5), st.lists(words, max_size=5))
def test_matching_is_one_to_one_and_above_threshold(gold_words, pred_words):
    gold = [" ".join(w) for w in gold_words]
    pred = [" ".join(w) for w in pred_words]
    matches = match_quotes(gold, pred)
    assert len({g for g, _, _ in matches}) == len(matches)
    assert len({p for _, p, _ in matches}) == len(matches)
    for g, p, value in matches:
        assert value >= 0.8
        assert value == pytest.approx(overlap(gold[g], pred[p]))
        assert overlap(gold[g], pred[p]) == pytest.approx(overlap(pred[p], gold[g]))
    # a gold quote with an identical prediction is matched, unless every such prediction went to its twins
    matched_gold = {g for g, _, _ in matches}
    matched_pred = {p for _, p, _ in matches}
    for g, text in enumerate(gold):
        twins = [p for p, other in enumerate(pred) if other == text]
        if twins and g not in matched_gold:
            assert all(p in matched_pred for p in twins)
