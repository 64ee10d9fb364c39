"""The end-to-end benchmark: a deterministic corpus, a full run reporting every figure, and the read indexes."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from onrecord.bench.e2e import write_corpus
from onrecord.cli import app
from onrecord.store import open_store

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "corpus"


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_written_corpus_is_the_same_bytes_for_a_seed(tmp_path):
    write_corpus(tmp_path / "a", 30, seed=3, seed_dir=SAMPLES)
    write_corpus(tmp_path / "b", 30, seed=3, seed_dir=SAMPLES)
    write_corpus(tmp_path / "c", 30, seed=4, seed_dir=SAMPLES)
    first, again, other = _files(tmp_path / "a"), _files(tmp_path / "b"), _files(tmp_path / "c")
    assert len(first) == 30
    assert first == again
    assert first != other
    assert any(name.endswith(".html") for name in first) and any(name.endswith(".txt") for name in first)


def test_bench_runs_the_pipeline_end_to_end_and_reports_every_figure(tmp_path):
    keep = tmp_path / "kept.db"
    out = CliRunner().invoke(
        app,
        ["bench", "--articles", "50", "--jobs", "1", "--from", str(SAMPLES), "--peer", "textacy"]
        + ["--no-eval", "--keep", str(keep), "--json"],
    )
    assert out.exit_code == 0, out.output
    r = json.loads(out.output)
    assert r["corpus"]["documents"] == 50 and r["documents_seen"] == 50
    assert r["articles"] + r["unchanged"] + r["failed"] == 50
    assert r["articles"] > 40 and r["quotes"] > 50 and r["tokens"] > 1000
    for key in ("articles_per_s", "tokens_per_s", "articles_per_s_per_core", "tokens_per_s_per_core", "wall_seconds"):
        assert r[key] > 0, key
    assert r["cores_used"] == 1
    stages = r["stages_seconds"]
    for stage in ("ingest", "clean", "attribute", "spacy", "said_on", "store_writes", "relink"):
        assert stage in stages, stage
    for step in ("relink_dedup", "relink_resolve", "relink_statements", "relink_stories"):
        assert 0 <= stages[step] <= stages["relink"], step
    assert stages["spacy"] <= stages["attribute"]
    memory = r["memory_mb"]
    assert 0 < memory["driver_peak"] <= memory["process_tree_peak_upper_bound"]
    # sampled at once over the tree: the model is loaded, and shared pages count once
    assert 100 < memory["process_tree_peak_pss"] <= memory["process_tree_peak_rss"]
    assert r["store"]["bytes"] > 0 and keep.exists()
    with open_store(keep, readonly=True) as store:
        assert store.counts()["quotes"] == r["quotes"] == r["store"]["counts"]["quotes"]
    peer = r["peer"]
    assert peer["name"] == "textacy" and peer["articles"] == r["articles"]
    assert peer["articles_per_s_per_core"] > 0 and peer["onrecord_over_peer_per_core"] > 0
    # The same run again over the kept store is refused rather than mixed into it.
    again = CliRunner().invoke(app, ["bench", "--articles", "5", "--from", str(SAMPLES), "--keep", str(keep)])
    assert again.exit_code == 2 and "already exists" in again.output


def test_read_indexes_serve_the_timeline_queries(tmp_path):
    with open_store(tmp_path / "x.db") as store:
        db = store.db
        assert db.execute("SELECT 1 FROM schema_migrations WHERE name LIKE '0005%'").fetchone()

        def plan(sql: str, params: tuple) -> str:
            return " | ".join(r[3] for r in db.execute("EXPLAIN QUERY PLAN " + sql, params))

        unlinked = plan(
            "SELECT q.id FROM quotes q JOIN articles a ON a.id = q.article_id"
            " WHERE q.entity_id = ? AND q.statement_id IS NULL ORDER BY q.said_on DESC LIMIT ?",
            ("ent", 10),
        )
        assert "quotes_entity_unlinked_said" in unlinked
        by_day = plan("SELECT id FROM statements WHERE said_on BETWEEN ? AND ?", ("2020-01-01", "2020-02-01"))
        assert "statements_said" in by_day
        quotes_by_day = plan("SELECT id FROM quotes WHERE said_on >= ? ORDER BY said_on LIMIT 5", ("2024-01-01",))
        assert "quotes_said" in quotes_by_day
        statement_page = plan("SELECT id FROM quotes WHERE statement_id = ?", ("st",))
        assert "quotes_statement" in statement_page


def test_bulk_query_store_has_the_rows_and_full_text_of_the_plain_build(tmp_path):
    from onrecord.bench.queries import build, build_bulk

    plain = build(tmp_path / "plain.db", 3000, seed=5)
    bulk = build_bulk(tmp_path / "bulk.db", 3000, seed=5)
    assert plain == bulk and bulk["quotes"] == 3000
    match = "SELECT count(*) FROM quotes_fts WHERE quotes_fts MATCH ?"
    with open_store(tmp_path / "plain.db", readonly=True) as a, open_store(tmp_path / "bulk.db", readonly=True) as b:
        for word in ("security", "talks", "minister"):
            assert a.scalar(match, (word,)) == b.scalar(match, (word,)) > 0
        triggers = "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name"
        assert list(map(tuple, a.db.execute(triggers))) == list(map(tuple, b.db.execute(triggers)))


def test_tree_memory_sees_a_child_process_and_its_memory():
    import subprocess
    import sys

    from onrecord.bench.e2e import TreeMemory

    with TreeMemory(every=0.05) as alone:
        pass
    with TreeMemory(every=0.05) as tree:
        child = subprocess.run(
            [
                sys.executable,
                "-c",
                "import time; block = bytearray(300 * 2**20); block[::4096] = b'x' * len(block[::4096]); time.sleep(1)",
            ],
            check=True,
        )
    assert child.returncode == 0
    assert tree.peak_rss_kb - alone.peak_rss_kb > 250 * 1024


def test_the_bench_driver_with_workers_holds_no_language_model(tmp_path):
    # with worker processes the driver, like `onrecord add --jobs 2`, never imports spaCy (or
    # PyTorch, which spaCy's thinc imports): the bench measures the driver a user runs
    code = (
        "import sys\n"
        "from onrecord.bench.e2e import run\n"
        f"r = run(articles=12, jobs=2, seed_dir={str(SAMPLES)!r}, gold=[])\n"
        "assert r['articles'] > 8 and r['quotes'] > 10, r\n"
        "print(sorted(m for m in ('spacy', 'thinc', 'torch') if m in sys.modules))\n"
    )
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=600, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"
