"""Quotes and speakers on the shared gold files, scored by the rules of the gold format.

The texts are read from the shared corpus beside the repository, never copied into it.
Nothing here knows the answers: it runs extract_quotes on each gold text and scores
what comes out with the project's scorer.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from onrecord.attribute import extract_quotes
from onrecord.evaluate.gold import load_gold
from onrecord.evaluate.scoring import ArticleCase, Prediction, score
from onrecord.records import Article

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


def scores_for(name: str):
    cases = []
    for gold in load_gold([SHARED / name]):
        article = Article(id=gold.id, document_id=gold.id, text=gold.text)
        quotes = extract_quotes(article)
        for q in quotes:
            assert gold.text[q.start : q.end] == q.text
        predictions = [Prediction(q.text, q.speaker, kind=q.kind, start=q.start, end=q.end) for q in quotes]
        cases.append(ArticleCase(gold, predictions, article_text=gold.text))
    return score(cases)


@pytest.mark.parametrize(
    "name, quote_f1, speaker_accuracy, end_to_end",
    [("seeds.gold.jsonl", 0.95, 0.95, 0.95), ("dev.gold.jsonl", 0.95, 0.88, 0.88)],
)
def test_gold_figures(name, quote_f1, speaker_accuracy, end_to_end):
    s = scores_for(name)
    assert s.quote_f1 >= quote_f1
    assert s.speaker_accuracy >= speaker_accuracy
    assert s.end_to_end_f1 >= end_to_end
