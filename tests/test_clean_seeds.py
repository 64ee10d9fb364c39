"""The shared seeds and gold files: junk gone, nothing twice, dates right, every gold quote still in the text.

The texts are read from the shared corpus beside the repository, never copied into it; the
expected dates come from the gold files, the junk list from the kinds of page noise named in
the project's design, not from these files.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from onrecord.clean import clean_document
from onrecord.config import Config
from onrecord.ingest import iter_documents
from onrecord.ingest.jsonl import iter_jsonl
from onrecord.records import Failure, sha256_hex
from onrecord.store import open_store

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
SEEDS = SHARED / "seeds"
GOLD_FILES = [SHARED / "seeds.gold.jsonl", SHARED / "dev.gold.jsonl"]

# Page noise of every kind the cleaner must remove, as general phrases.
JUNK = [
    re.compile(p, re.IGNORECASE | re.MULTILINE)
    for p in (
        r"^\d{3}$",
        r"^sorry!*$",
        r"page you were looking for",
        r"legal disclaimer",
        r"without warranty",
        r"denial of responsibility",
        r"automatic aggregator",
        r"read more\W*$",
        r"read original article",
        r"back to top",
        r"leave a comment",
        r"^comments?$",
        r"^no comments?$",
        r"^[A-Za-z]+ :$",
        r"\d{15,}",
        r"^source:",
        r"^by staff",
    )
]


def _add_cleaned(paths, store) -> tuple[int, list]:
    """Ingest, clean and store, as `onrecord add` does, without the later stages (they have their own tests)."""
    config = Config(jobs=1)
    added, failed = 0, []
    with store.transaction():
        for item in iter_documents([str(p) for p in paths], config):
            if isinstance(item, Failure):
                failed.append(item)
                continue
            store.put_document(item)
            article = clean_document(item, config)
            if isinstance(article, Failure):
                failed.append(article)
                continue
            store.put_article(article)
            added += 1
    return added, failed


def _gold() -> list[dict]:
    return [json.loads(line) for path in GOLD_FILES for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory):
    store = open_store(tmp_path_factory.mktemp("seeds") / "s.db")
    added, failed = _add_cleaned([SEEDS], store)
    assert failed == [] and added == len(list(SEEDS.glob("*.txt")))
    yield store
    store.close()


def _seed_articles(store):
    by_stem = {}
    for path in sorted(SEEDS.glob("*.txt")):
        article = store.get_article(sha256_hex(path.read_bytes())[:16])
        assert article is not None, path
        by_stem[path.stem] = article
    return by_stem


def test_no_junk_remains_in_any_seed(seed_store):
    for stem, article in _seed_articles(seed_store).items():
        for pattern in JUNK:
            assert not pattern.search(article.text), (stem, pattern.pattern)
        assert len(article.removed) >= 1, stem


def test_no_paragraph_is_stored_twice(seed_store):
    for stem, article in _seed_articles(seed_store).items():
        paragraphs = [" ".join(article.text[s:e].split()).casefold() for s, e in article.paragraphs]
        assert len(paragraphs) == len(set(paragraphs)), stem
        assert article.text == "\n\n".join(article.text[s:e] for s, e in article.paragraphs)


def test_seed_dates_and_datelines(seed_store):
    gold = {g["id"]: g for g in _gold()}
    with_dateline = 0
    for stem, article in _seed_articles(seed_store).items():
        expected = gold[stem]["published"]
        assert (article.published.value if article.published else None) == expected, stem
        if article.published:
            assert article.published.how
        if article.dateline:
            with_dateline += 1
            starts = [article.text[s:e] for s, e in article.paragraphs]
            assert any(p.startswith(article.dateline.text) for p in starts), stem
            assert article.dateline.agency or article.dateline.place
    assert with_dateline >= 3


def test_every_gold_quote_survives_cleaning_when_the_gold_file_is_added(tmp_path):
    store = open_store(tmp_path / "gold.db")
    added, failed = _add_cleaned(GOLD_FILES, store)
    assert failed == []
    assert added == len(_gold())
    missing = []
    for path in GOLD_FILES:
        for line in path.read_bytes().splitlines():
            record = json.loads(line)
            article = store.get_article(sha256_hex(line)[:16])
            assert article is not None, record["id"]
            missing += [(record["id"], q["text"]) for q in record["quotes"] if q["text"] not in article.text]
    store.close()
    assert missing == []


def test_published_date_from_text_and_url_agrees_with_dev_gold():
    """The gold `published` is hidden from the cleaner: the date must come from the text or the URL."""
    path = SHARED / "dev.gold.jsonl"
    raw = path.read_bytes()
    agree = total = 0
    for doc, line in zip(iter_jsonl(raw, str(path), Config()), raw.splitlines(), strict=True):
        gold = json.loads(line)
        doc.hints.pop("published", None)
        article = clean_document(doc, Config())
        assert not hasattr(article, "reason"), gold["id"]
        total += 1
        agree += (article.published.value if article.published else None) == gold["published"]
    print(f"published agreement with dev gold: {agree}/{total}")
    assert agree / total >= 0.85
