"""Scoring the pipeline against gold annotations (the format of the project's gold files).

`evaluate(paths)` runs the real pipeline over the gold articles in a temporary store
and scores what it stored; every figure it reports is defined in one place, `scoring`.
"""

from __future__ import annotations

from onrecord.evaluate.gold import GoldArticle, GoldError, GoldQuote, load_gold
from onrecord.evaluate.run import EvalRun, evaluate, run_pipeline
from onrecord.evaluate.scoring import Prediction, Scores, score

__all__ = [
    "EvalRun",
    "GoldArticle",
    "GoldError",
    "GoldQuote",
    "Prediction",
    "Scores",
    "evaluate",
    "load_gold",
    "run_pipeline",
    "score",
]
