"""The synthetic benchmark corpus: deterministic, and shaped like a crawl of real news."""

from __future__ import annotations

import hashlib
import html
import itertools
import re
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from onrecord.bench.corpus import build_corpus, generate, harvest
from onrecord.clean.blocks import has_quote
from onrecord.config import Config
from onrecord.pipeline import add
from onrecord.store import open_store

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "corpus"
SEED_NAMES = ("Strand", "Veloria", "Carvel", "Velgrad", "Wendt", "Merrow", "Tenning", "Bellamy", "Portcarvel")
MARKS = re.compile(r"[\x01\x02\"“”«»„‘’]")


@pytest.fixture(scope="module")
def thousand():
    return list(generate(SAMPLES, 1000, seed=1))


def _digest(seed_dir: Path, articles: int, seed: int) -> str:
    h = hashlib.sha256()
    for doc in build_corpus(seed_dir, articles, seed=seed):
        h.update(doc.uri.encode() + b"\0" + doc.raw + b"\0")
    return h.hexdigest()


def _page_text(raw: bytes) -> str:
    """What a reader sees of the page, with every quotation mark and tag gone."""
    text = html.unescape(re.sub(r"<[^>]+>", "\n", raw.decode()))
    return " ".join(MARKS.sub("", text).split())


def test_same_seed_same_bytes_other_seed_other_bytes():
    first = _digest(SAMPLES, 300, seed=8)
    assert first == _digest(SAMPLES, 300, seed=8)
    assert first != _digest(SAMPLES, 300, seed=9)
    # a longer corpus starts with the shorter one
    short = [d.raw for d in build_corpus(SAMPLES, 50, seed=8)]
    assert short == [d.raw for d in build_corpus(SAMPLES, 120, seed=8)][:50]


def test_copies_come_in_the_stated_shares(thousand):
    kinds = Counter(item.kind for item in thousand)
    assert abs(kinds["near-copy"] / 1000 - 0.30) <= 0.03
    assert abs(kinds["exact-copy"] / 1000 - 0.04) <= 0.01
    html_share = sum(item.document.media_type == "text/html" for item in thousand) / 1000
    assert 0.15 <= html_share <= 0.25
    other = Counter(item.kind for item in generate(SAMPLES, 500, seed=1, near_copy_share=0.1, exact_copy_share=0.0))
    assert other["exact-copy"] == 0 and abs(other["near-copy"] / 500 - 0.10) <= 0.02
    with pytest.raises(ValueError, match="less than 1"):
        next(generate(SAMPLES, 10, near_copy_share=0.8, exact_copy_share=0.3))


def test_exact_copies_are_the_same_bytes_at_another_address(thousand):
    by_n = {item.n: item for item in thousand}
    copies = [item for item in thousand if item.kind == "exact-copy"]
    assert copies
    for item in copies:
        source = by_n[item.source]
        assert source.n < item.n
        assert item.document.raw == source.document.raw and item.document.id == source.document.id
        assert item.document.uri != source.document.uri


def test_near_copies_carry_an_earlier_story_in_other_bytes(thousand):
    by_n = {item.n: item for item in thousand}
    copies = [item for item in thousand if item.kind == "near-copy"]
    styles = Counter()
    for item in copies:
        source = by_n[item.source]
        assert source.kind == "original" and source.n < item.n
        assert item.document.raw != source.document.raw
        page = _page_text(item.document.raw)
        assert all(" ".join(MARKS.sub("", p.text).split()) in page for p in item.paragraphs), item.document.uri
        # the lead may be reworded; every other paragraph is the source's, in the source's order
        body = [p.text for p in item.paragraphs[1:]]
        source_body = [p.text for p in source.paragraphs[1:]]
        assert body == [t for t in source_body if t in body]
        assert len(item.paragraphs) >= min(3, len(source.paragraphs))
        styles.update(ch for ch in item.document.raw.decode() if ch in "“«„")
    # other outlets set other quotation marks; some drop paragraphs, some credit the source
    assert len(styles) >= 3
    assert sum(len(i.paragraphs) < len(by_n[i.source].paragraphs) for i in copies) >= len(copies) / 5
    assert sum(i.paragraphs[0].text != by_n[i.source].paragraphs[0].text for i in copies) >= len(copies) / 5
    assert sum(b"Source: " in i.document.raw for i in copies) >= len(copies) / 5


def test_quotations_are_mostly_distinct_and_in_the_page(thousand):
    originals = [item for item in thousand if item.kind == "original"]
    quotations = [words for item in originals for p in item.paragraphs for words, _ in p.quotes]
    assert len(quotations) > 1500
    assert len(set(quotations)) / len(quotations) >= 0.7
    for item in originals[:100]:
        page = _page_text(item.document.raw)
        for p in item.paragraphs:
            for words, speaker in p.quotes:
                assert " ".join(MARKS.sub("", words).split()) in page
                assert speaker.split()[-1] in MARKS.sub("", p.text) or re.search(r"\b(?:he|she|the \w+)\b", p.text)


def test_quote_density_and_the_kinds_of_paragraph(thousand):
    paragraphs = [p for item in thousand if item.kind == "original" for p in item.paragraphs]
    with_quote = [p for p in paragraphs if p.quotes]
    assert 0.30 <= len(with_quote) / len(paragraphs) <= 0.50
    assert all(has_quote(p.text.replace("\x01", '"').replace("\x02", '"')) for p in with_quote)
    kinds = Counter(p.kind for p in paragraphs)
    assert kinds["reported"] / len(paragraphs) >= 0.1 and kinds["prose"] / len(paragraphs) >= 0.2
    reported = " ".join(p.text for p in paragraphs if p.kind == "reported")
    assert " said that " in reported and "According to " in reported
    quotes = " ".join(p.text for p in with_quote)
    for cue in (" said.", " told reporters", " added", "according to ", "said:"):
        assert cue in quotes, cue
    assert re.search(r"\x02 (?:he|she) \w+", quotes)  # a later quotation names the speaker by pronoun


def test_paragraphs_read_as_sentences_with_invented_names(thousand):
    for item in thousand:
        if item.kind != "original":
            continue
        for p in item.paragraphs:
            text = p.text.replace("\x01", '"').replace("\x02", '"')
            assert text[-1] in '.?!"', text
            assert text.lstrip('"')[0].isupper(), text
            assert not re.search(r"[{}]|\s,|,,|  |\.\.|\ba [aeiou]", text), text
            assert not any(re.search(rf"\b{name}\b", text) for name in SEED_NAMES), text


def test_speakers_follow_a_long_tailed_law_and_stories_repeat_them(thousand):
    originals = [item for item in thousand if item.kind == "original"]
    speakers = Counter(who for item in originals for p in item.paragraphs for _, who in p.quotes)
    total = sum(speakers.values())
    assert len(speakers) >= 300
    top = speakers.most_common(1)[0][1] / total
    assert 0.01 <= top <= 0.10
    assert sum(1 for c in speakers.values() if c == 1) >= len(speakers) / 4  # most people speak once or twice
    stories = defaultdict(list)
    for item in originals:
        stories[item.story].append(item)
    multi = [s for s in stories.values() if len(s) >= 3]
    assert len(multi) >= 20
    for story in multi:
        days = [item.day for item in story]
        assert (max(days) - min(days)).days <= 4
        leads = [item.paragraphs[0].text for item in story]
        names = [set(re.findall(r"[A-Z][a-z]+ [A-Z][a-z]+", lead)) for lead in leads]
        assert set.intersection(*names), leads  # the same person leads each report
    repeated = 0
    for story in multi:
        quoted_in = Counter(who for item in story for who in {w for p in item.paragraphs for _, w in p.quotes})
        repeated += quoted_in.most_common(1)[0][1] >= 2
    assert repeated >= 0.8 * len(multi)  # and speaks again in more than one of them
    years = {item.day.year for item in originals}
    assert len(years) >= 3


def test_copies_come_from_a_bounded_pool():
    originals_seen: list[int] = []
    for item in generate(SAMPLES, 400, seed=4, pool=30):
        if item.kind == "original":
            originals_seen.append(item.n)
        elif item.kind == "near-copy":
            assert item.source in originals_seen[-30:]


def test_seed_sentences_become_templates():
    pieces = harvest(SAMPLES)
    assert len(pieces.prose_sentences) >= 10 and len(pieces.quote_sentences) >= 10
    joined = " ".join(pieces.prose_sentences + pieces.quote_sentences)
    assert "{PERSON0}" in joined and "{SURNAME0}" in joined and "{PLACE" in joined
    assert not any(re.search(rf"\b{name}\b", joined) for name in SEED_NAMES)


def test_the_corpus_streams():
    # a billion articles are never built: the first ones come out as soon as they are made
    first = list(itertools.islice(build_corpus(SAMPLES, 10**9, seed=2), 50))
    assert len(first) == 50
    assert first == list(itertools.islice(build_corpus(SAMPLES, 50, seed=2), 50))


def test_the_pipeline_finds_the_quotations_and_their_speakers(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    items = list(generate(SAMPLES, 30, seed=3))
    for item in items:
        suffix = ".html" if item.document.media_type == "text/html" else ".txt"
        (folder / f"{item.n:03d}{suffix}").write_bytes(item.document.raw)
    with open_store(tmp_path / "bench.db") as store:
        report = add([str(folder)], store, Config(jobs=1))
        rows = store.db.execute("SELECT text, speaker FROM quotes").fetchall()
    assert not report.failed
    assert report.new_articles + report.unchanged == 30
    expected = found = 0
    for item in items:
        if item.kind != "original":
            continue
        for p in item.paragraphs:
            if p.kind != "quote":
                continue
            words, speaker = p.quotes[0]
            expected += 1
            matches = [who for text, who in rows if text and (text in words or words in text)]
            found += any(who and speaker.split()[-1] in who for who in matches)
    assert expected >= 30
    assert found / expected >= 0.8
