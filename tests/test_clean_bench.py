"""The clean-stage benchmark: a deterministic synthetic corpus, and the cleaner holding up on it."""

from __future__ import annotations

import json
import os
from pathlib import Path

from typer.testing import CliRunner

from onrecord.bench.clean import run
from onrecord.bench.corpus import build_corpus, harvest
from onrecord.clean import clean_document
from onrecord.cli import app
from onrecord.config import Config

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "corpus"
FOOTER_JUNK = ("Sorry!!", "Leave a Comment", "Back to Top", "No comment", "Auther :", "Editor: desk", "Most Viewed")


def test_corpus_is_deterministic_in_its_seed():
    first = [d.id for d in build_corpus(SAMPLES, 40, seed=5)]
    again = [d.id for d in build_corpus(SAMPLES, 40, seed=5)]
    other = [d.id for d in build_corpus(SAMPLES, 40, seed=6)]
    assert first == again
    assert first != other
    assert len(set(first)) >= 38


def test_harvest_sorts_the_seed_corpus_into_pieces():
    pieces = harvest(SAMPLES)
    assert len(pieces.prose) >= 10 and len(pieces.quotes) >= 10
    assert any("Denial of responsibility" in j for j in pieces.junk)
    assert all("Denial of responsibility" not in p for p in pieces.prose + pieces.quotes)


def test_cleaner_removes_the_recombined_junk_and_repeats():
    config = Config()
    for doc in build_corpus(SAMPLES, 120, seed=11):
        article = clean_document(doc, config)
        assert hasattr(article, "text"), (doc.uri, article)
        for junk in FOOTER_JUNK:
            assert junk not in article.text, (doc.uri, junk)
        paragraphs = [article.text[s:e] for s, e in article.paragraphs]
        assert len(paragraphs) == len(set(paragraphs)), doc.uri


def test_bench_reports_throughput_and_memory():
    result = run(articles=25, jobs=1, seed_dir=SAMPLES, seed=2)
    assert result.articles == 25 and result.cleaned + result.failed == 25
    assert result.articles_per_s > 0 and result.tokens > 0 and result.peak_rss_mb > 0
    out = CliRunner().invoke(app, ["bench", "--stage", "clean", "--articles", "10", "--from", str(SAMPLES), "--json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    # Without --jobs the bench uses every core, as 'add' does.
    assert data["articles"] == 10 and data["stage"] == "clean" and data["jobs"] == (os.cpu_count() or 1)
    assert CliRunner().invoke(app, ["bench", "--stage", "attribute"]).exit_code == 2
