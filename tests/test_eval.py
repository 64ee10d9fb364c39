"""`onrecord eval` end to end: the real pipeline over a tiny fictional gold file."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from onrecord.cli import app
from onrecord.config import Config
from onrecord.evaluate import GoldError, evaluate, load_gold
from onrecord.pipeline import process_document
from onrecord.records import Document

ARTICLES = [
    {
        "id": "t001",
        "url": "https://example.test/news/1",
        "outlet": "The Harbour Courier",
        "published": "2031-05-06",
        "language": "en",
        "story": "harbour-strike",
        "text": (
            "Dock workers in Port Selwyn stopped work on Tuesday.\n\n"
            "\u201cWe will not go back until the contracts are signed,\u201d union leader Mara Quennell said on Monday. "
            "She added that the strike was \u201cthe only language the owners understand\u201d.\n\n"
            "Harbour master Piet Olonde said: \u201cShips are waiting outside the breakwater.\u201d"
        ),
        "quotes": [
            {
                "text": "We will not go back until the contracts are signed",
                "speaker": "Mara Quennell",
                "statement": "quennell-strike",
                "said_on": "2031-05-05",
            },
            {
                "text": "the only language the owners understand",
                "speaker": "Mara Quennell",
                "statement": "quennell-language",
            },
            {
                "text": "Ships are waiting outside the breakwater.",
                "speaker": "Piet Olonde",
                "statement": "olonde-ships",
            },
        ],
    },
    {
        "id": "t002",
        "url": None,
        "outlet": "Valley Post",
        "published": None,
        "language": "en",
        "story": "harbour-strike",
        "text": (
            "The strike in Port Selwyn entered its second day.\n\n"
            "\u201cWe will not go back until the contracts are signed,\u201d Quennell told reporters. "
            "Owners called the action \u201cirresponsible\u201d."
        ),
        "quotes": [
            {
                "text": "We will not go back until the contracts are signed",
                "speaker": "Mara Quennell",
                "statement": "quennell-strike",
            },
            {"text": "irresponsible", "speaker": None, "statement": None},
        ],
    },
    {"id": "t003", "text": "   ", "quotes": []},
]


@pytest.fixture(scope="module")
def gold_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("gold") / "tiny.gold.jsonl"
    path.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in ARTICLES), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def run(gold_file):
    return evaluate([gold_file], Config(jobs=1))


def test_every_gold_article_is_found_in_the_store(run, gold_file):
    cases = {c.gold.id: c for c in run.cases}
    assert set(cases) == {"t001", "t002", "t003"}
    lines = gold_file.read_bytes().splitlines()
    for number, gid in ((0, "t001"), (1, "t002")):
        doc = Document.from_bytes(
            lines[number], f"{gold_file}#L{number + 1}", "application/json", "x", {"body": "text"}
        )
        done = process_document(doc, Config(jobs=1))
        case = cases[gid]
        assert case.failure is None
        assert case.article_id == done.article.id
        assert case.article_text == done.article.text
        assert [p.text for p in case.predictions] == [q.text for q in done.quotes]
    assert cases["t003"].article_id is None
    assert "empty" in cases["t003"].failure


def test_figures_count_the_scored_gold(run):
    s = run.scores
    assert len(s.articles) == 3
    assert s.failures == 1
    assert s.gold == 4  # "irresponsible" is one word: not scored
    assert s.excluded_gold == 1
    assert s.matched <= min(s.gold, s.predicted)
    assert s.quote_recall == s.matched / 4
    assert s.speaker_right <= s.matched


def test_eval_command_json_and_predictions(gold_file, tmp_path):
    predictions = tmp_path / "pred.jsonl"
    result = CliRunner().invoke(app, ["eval", str(gold_file), "--json", "--write-predictions", str(predictions)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    figures = data["systems"]["onrecord"]["figures"]
    assert figures["gold_quotes"] == 4
    assert figures["articles"] == 3
    articles = {a["id"]: a for a in data["systems"]["onrecord"]["articles"]}
    assert articles["t003"]["failure"]
    missed = [m["text"] for a in articles.values() for m in a["misses"]]
    assert len(missed) == 4 - figures["matched"]
    lines = [json.loads(line) for line in predictions.read_text(encoding="utf-8").splitlines()]
    assert [line["id"] for line in lines] == ["t001", "t002", "t003"]
    for line in lines:
        for q in line["quotes"]:
            assert set(q) == {"text", "speaker", "statement", "said_on", "kind"}
            assert q["kind"] in {"direct", "partial"}


def test_eval_command_table(gold_file):
    result = CliRunner().invoke(app, ["eval", str(gold_file), "--no-misses"])
    assert result.exit_code == 0, result.output
    assert "quote recall" in result.stdout
    assert "end-to-end F1" in result.stdout


def test_bad_gold_names_file_and_line(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps(ARTICLES[0]) + "\n{not json\n", encoding="utf-8")
    with pytest.raises(GoldError, match=r"bad\.jsonl#L2"):
        load_gold([bad])
    result = CliRunner().invoke(app, ["eval", str(bad)])
    assert result.exit_code == 2
    assert "bad.jsonl#L2" in result.output
    missing = CliRunner().invoke(app, ["eval", str(tmp_path / "nope.jsonl")])
    assert missing.exit_code == 2


def test_duplicate_gold_ids_are_refused(tmp_path):
    dup = tmp_path / "dup.jsonl"
    dup.write_text(json.dumps(ARTICLES[0]) + "\n" + json.dumps(ARTICLES[0] | {"text": "Other text."}) + "\n")
    with pytest.raises(GoldError, match="already used"):
        load_gold([dup])


def test_unknown_peer_is_refused(gold_file):
    result = CliRunner().invoke(app, ["eval", str(gold_file), "--peer", "nosuchpeer"])
    assert result.exit_code == 2
    assert "unknown peer" in result.output


def test_textacy_peer_is_scored_beside_onrecord(gold_file):
    pytest.importorskip("textacy")  # a development dependency
    run = evaluate([gold_file], Config(jobs=1), peers=("textacy",))
    peer_cases, peer_scores = run.peers["textacy"]
    assert peer_scores.gold == 4
    texts = [p.text for c in peer_cases for p in c.predictions]
    assert "Ships are waiting outside the breakwater." in texts
    assert all(not t.startswith(("\u201c", '"')) for t in texts)


def test_kept_store_can_be_read_by_the_other_commands(gold_file, tmp_path):
    kept = tmp_path / "kept"
    result = CliRunner().invoke(app, ["eval", str(gold_file), "--keep-store", str(kept), "--no-misses"])
    assert result.exit_code == 0, result.output
    listed = CliRunner().invoke(app, ["articles", "--db", str(kept / "eval.db"), "--json"])
    assert listed.exit_code == 0, listed.output
    assert len(json.loads(listed.stdout)) == 2  # the third gold article is empty: a recorded failure
    again = CliRunner().invoke(app, ["eval", str(gold_file), "--keep-store", str(kept)])
    assert again.exit_code == 2
    assert "already exists" in again.output


def test_gold_with_windows_line_endings_maps_to_articles(tmp_path):
    crlf = tmp_path / "crlf.gold.jsonl"
    crlf.write_bytes(b"".join(json.dumps(a).encode() + b"\r\n" for a in ARTICLES[:2]))
    run = evaluate([crlf], Config(jobs=1))
    assert [c.failure for c in run.cases] == [None, None]
    assert all(c.article_id for c in run.cases)
    assert run.cases[0].article_text.startswith("Dock workers")


def test_missing_textacy_is_a_plain_error(gold_file, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "textacy", None)  # as if the development extras were not installed
    monkeypatch.setitem(sys.modules, "textacy.extract", None)
    monkeypatch.setitem(sys.modules, "textacy.extract.triples", None)
    result = CliRunner().invoke(app, ["eval", str(gold_file), "--peer", "textacy"])
    assert result.exit_code == 2
    assert "textacy is not installed" in result.output


def test_checking_the_peer_imports_none_of_its_packages():
    # the bench checks the peer before its clock: imports made then would stay in the driver it measures
    code = (
        "import sys\n"
        "from onrecord.evaluate.peer import check_peer\n"
        "check_peer('textacy')\n"
        "print(sorted(m for m in ('textacy', 'spacy', 'thinc', 'torch') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_a_missing_peer_package_is_named_before_any_work(monkeypatch):
    import importlib.util

    from onrecord.evaluate.peer import PeerUnavailable, check_peer

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "textacy" else real(name, *a))
    with pytest.raises(PeerUnavailable, match="textacy is not installed"):
        check_peer("textacy")
