"""The figures of the gold format, computed exactly as the format defines them.

A prediction matches a gold quote of the same article when their normalised texts share
a common substring of at least 0.8 of the longer text; each gold quote and each
prediction takes part in at most one match (greedy by overlap, highest first, which is
the best one-to-one assignment whenever overlaps do not tie across rows). Quotes of
fewer than two words are left out on both sides; indirect (reported) speech is not
scored, since gold lists only words in quotation marks.
"""

from __future__ import annotations

import re
import string
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from onrecord.evaluate.gold import GoldArticle

MATCH_THRESHOLD = 0.8
SCORED_KINDS = frozenset({"direct", "partial"})

DOUBLE_QUOTES = '"“”„‟«»‹›〝〞〟＂「」『』'
SINGLE_QUOTES = "‘’‚‛`´"
_STRIP = string.punctuation + DOUBLE_QUOTES + SINGLE_QUOTES + "…–—―‐‑‒•·¡¿" + string.whitespace + "\u00a0\u200b"
_DROP_DOUBLE = str.maketrans("", "", DOUBLE_QUOTES)
_SINGLE_TO_ASCII = str.maketrans({c: "'" for c in SINGLE_QUOTES})
_SPACE = re.compile(r"\s+")


@dataclass(slots=True)
class Prediction:
    text: str
    speaker: str | None = None
    statement: str | None = None
    said_on: str | None = None
    kind: str = "direct"
    start: int | None = None  # span in the clean article text, for context
    end: int | None = None
    entity_id: str | None = None


@dataclass(slots=True)
class ArticleCase:
    """One gold article and what a system predicted for it."""

    gold: GoldArticle
    predictions: list[Prediction]
    article_id: str | None = None
    article_text: str | None = None  # the clean text the system saw
    failure: str | None = None  # why the system made no article of it


@dataclass(slots=True)
class Match:
    gold_index: int
    prediction_index: int
    overlap: float
    speaker_right: bool = False


@dataclass(slots=True)
class ArticleResult:
    case: ArticleCase
    gold_scored: list[int] = field(default_factory=list)  # indexes into gold.quotes
    predictions_scored: list[int] = field(default_factory=list)  # indexes into predictions
    matches: list[Match] = field(default_factory=list)
    misses: list[int] = field(default_factory=list)
    false_alarms: list[int] = field(default_factory=list)
    excluded_gold: int = 0  # fewer than two words
    excluded_predictions: int = 0  # fewer than two words, or not a kind gold lists


@dataclass(slots=True)
class Scores:
    articles: list[ArticleResult]
    gold: int = 0
    predicted: int = 0
    matched: int = 0
    speaker_right: int = 0
    said_on_gold: int = 0
    said_on_right: int = 0
    # Statement pairs as FORMAT.md scores them: the two quotes are in different articles.
    gold_pairs: int = 0
    predicted_pairs: int = 0
    common_pairs: int = 0
    # The same counted over every pair, within articles too (shown for reference).
    all_pairs: tuple[int, int, int] = (0, 0, 0)
    excluded_gold: int = 0
    excluded_predictions: int = 0
    failures: int = 0

    @property
    def quote_precision(self) -> float | None:
        return _ratio(self.matched, self.predicted)

    @property
    def quote_recall(self) -> float | None:
        return _ratio(self.matched, self.gold)

    @property
    def quote_f1(self) -> float | None:
        return _f1(self.quote_precision, self.quote_recall)

    @property
    def speaker_accuracy(self) -> float | None:
        return _ratio(self.speaker_right, self.matched)

    @property
    def end_to_end_precision(self) -> float | None:
        return _ratio(self.speaker_right, self.predicted)

    @property
    def end_to_end_recall(self) -> float | None:
        return _ratio(self.speaker_right, self.gold)

    @property
    def end_to_end_f1(self) -> float | None:
        return _f1(self.end_to_end_precision, self.end_to_end_recall)

    @property
    def said_on_accuracy(self) -> float | None:
        return _ratio(self.said_on_right, self.said_on_gold)

    @property
    def statement_precision(self) -> float | None:
        return _ratio(self.common_pairs, self.predicted_pairs)

    @property
    def statement_recall(self) -> float | None:
        return _ratio(self.common_pairs, self.gold_pairs)

    @property
    def statement_f1(self) -> float | None:
        return _f1(self.statement_precision, self.statement_recall)

    def figures(self) -> dict[str, float | int | None]:
        return {
            "articles": len(self.articles),
            "failures": self.failures,
            "gold_quotes": self.gold,
            "predicted_quotes": self.predicted,
            "matched": self.matched,
            "quote_precision": self.quote_precision,
            "quote_recall": self.quote_recall,
            "quote_f1": self.quote_f1,
            "speaker_right": self.speaker_right,
            "speaker_accuracy": self.speaker_accuracy,
            "end_to_end_precision": self.end_to_end_precision,
            "end_to_end_recall": self.end_to_end_recall,
            "end_to_end_f1": self.end_to_end_f1,
            "said_on_gold": self.said_on_gold,
            "said_on_right": self.said_on_right,
            "said_on_accuracy": self.said_on_accuracy,
            "statement_gold_pairs": self.gold_pairs,
            "statement_predicted_pairs": self.predicted_pairs,
            "statement_common_pairs": self.common_pairs,
            "statement_precision": self.statement_precision,
            "statement_recall": self.statement_recall,
            "statement_f1": self.statement_f1,
            "statement_all_pairs_f1": _f1(
                _ratio(self.all_pairs[2], self.all_pairs[1]), _ratio(self.all_pairs[2], self.all_pairs[0])
            ),
            "statement_all_gold_pairs": self.all_pairs[0],
            "excluded_gold_quotes": self.excluded_gold,
            "excluded_predictions": self.excluded_predictions,
        }


def normalise(text: str) -> str:
    """Case-folded, quote marks and surrounding punctuation stripped, whitespace collapsed."""
    text = text.translate(_DROP_DOUBLE).translate(_SINGLE_TO_ASCII)
    text = _SPACE.sub(" ", text.casefold())
    return text.strip(_STRIP)


def word_count(text: str) -> int:
    return len(normalise(text).split())


def overlap(a: str, b: str) -> float:
    """Longest common substring of the normalised texts over the longer one's length."""
    na, nb = normalise(a), normalise(b)
    longest = max(len(na), len(nb))
    return _common(na, nb) / longest if longest else 0.0


def _common(na: str, nb: str) -> int:
    if not na or not nb:
        return 0
    return SequenceMatcher(None, na, nb, autojunk=False).find_longest_match(0, len(na), 0, len(nb)).size


def is_match(value: float) -> bool:
    return value >= MATCH_THRESHOLD - 1e-12


def match_quotes(gold_texts: list[str], predicted_texts: list[str]) -> list[tuple[int, int, float]]:
    """One-to-one matches (gold index, prediction index, overlap), greedy by overlap."""
    ng = [normalise(t) for t in gold_texts]
    npred = [normalise(t) for t in predicted_texts]
    candidates = []
    for gi, g in enumerate(ng):
        for pi, p in enumerate(npred):
            longest = max(len(g), len(p))
            if not longest or min(len(g), len(p)) < MATCH_THRESHOLD * longest - 1e-9:
                continue  # the shorter cannot cover 0.8 of the longer
            value = _common(g, p) / longest
            if is_match(value):
                candidates.append((-value, gi, pi))
    candidates.sort()
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    matches = []
    for neg, gi, pi in candidates:
        if gi in used_gold or pi in used_pred:
            continue
        used_gold.add(gi)
        used_pred.add(pi)
        matches.append((gi, pi, -neg))
    return sorted(matches)


SpeakerJudgeFactory = Callable[[ArticleCase], Callable[[str | None, Prediction], bool]]


def score(cases: list[ArticleCase], judge_factory: SpeakerJudgeFactory | None = None) -> Scores:
    """Score every article; `judge_factory(case)` gives the same-speaker test for that article."""
    if judge_factory is None:
        from onrecord.evaluate.speakers import judge_for_case

        judge_factory = judge_for_case
    scores = Scores(articles=[])
    gold_labels: list[str | None] = []
    predicted_labels: list[str | None] = []
    article_keys: list[int] = []
    for number, case in enumerate(cases):
        result = _score_article(case, judge_factory)
        scores.articles.append(result)
        scores.failures += case.failure is not None
        scores.gold += len(result.gold_scored)
        scores.predicted += len(result.predictions_scored)
        scores.matched += len(result.matches)
        scores.excluded_gold += result.excluded_gold
        scores.excluded_predictions += result.excluded_predictions
        for m in result.matches:
            g = case.gold.quotes[m.gold_index]
            p = case.predictions[m.prediction_index]
            scores.speaker_right += m.speaker_right
            if g.said_on:
                scores.said_on_gold += 1
                scores.said_on_right += bool(p.said_on) and p.said_on[:10] == g.said_on[:10]
            gold_labels.append(g.statement)
            predicted_labels.append(p.statement)
            article_keys.append(number)
    scores.gold_pairs, scores.predicted_pairs, scores.common_pairs = statement_pairs(
        gold_labels, predicted_labels, article_keys
    )
    scores.all_pairs = statement_pairs(gold_labels, predicted_labels)
    return scores


def statement_pairs(
    gold_labels: list[str | None],
    predicted_labels: list[str | None],
    articles: list[object] | None = None,
) -> tuple[int, int, int]:
    """Pairs of matched quotes sharing a gold label, a predicted label, and both.

    Quote i of `gold_labels` is the same quote as item i of `predicted_labels`; a missing
    label puts the quote in no pair. With `articles` (the article of each quote), only
    pairs whose two quotes are in different articles count, as FORMAT.md defines linking.
    """
    keys = articles if articles is not None else list(range(len(gold_labels)))

    def pairs(labels: list) -> int:
        """Pairs sharing a label, less those inside one article (when articles are given)."""
        by_label = Counter(x for x in labels if x is not None)
        total = sum(n * (n - 1) // 2 for n in by_label.values())
        if articles is None:
            return total
        by_article = Counter((x, k) for x, k in zip(labels, keys, strict=True) if x is not None)
        return total - sum(n * (n - 1) // 2 for n in by_article.values())

    both = [
        (g, p) if g is not None and p is not None else None for g, p in zip(gold_labels, predicted_labels, strict=True)
    ]
    return pairs(gold_labels), pairs(predicted_labels), pairs(both)


def _score_article(case: ArticleCase, judge_factory: SpeakerJudgeFactory) -> ArticleResult:
    result = ArticleResult(case)
    for i, q in enumerate(case.gold.quotes):
        if word_count(q.text) >= 2:
            result.gold_scored.append(i)
        else:
            result.excluded_gold += 1
    for i, p in enumerate(case.predictions):
        if p.kind in SCORED_KINDS and word_count(p.text) >= 2:
            result.predictions_scored.append(i)
        else:
            result.excluded_predictions += 1
    pairs = match_quotes(
        [case.gold.quotes[i].text for i in result.gold_scored],
        [case.predictions[i].text for i in result.predictions_scored],
    )
    judge = judge_factory(case) if pairs else None
    matched_gold, matched_pred = set(), set()
    for gi, pi, value in pairs:
        g_index, p_index = result.gold_scored[gi], result.predictions_scored[pi]
        assert judge is not None
        right = judge(case.gold.quotes[g_index].speaker, case.predictions[p_index])
        result.matches.append(Match(g_index, p_index, value, right))
        matched_gold.add(g_index)
        matched_pred.add(p_index)
    result.misses = [i for i in result.gold_scored if i not in matched_gold]
    result.false_alarms = [i for i in result.predictions_scored if i not in matched_pred]
    return result


def _ratio(num: int, den: int) -> float | None:
    return num / den if den else None


def _f1(p: float | None, r: float | None) -> float | None:
    if p is None or r is None:
        return None
    return 2 * p * r / (p + r) if p + r else 0.0
