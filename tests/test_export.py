"""Exports: stable columns, one row per record, readable by pandas without post-processing."""

from __future__ import annotations

import csv
import json
import subprocess
import sys

import pandas as pd
import pyarrow.parquet as pq
import pytest

from conftest_web import HOSTILE_QUOTE, RTL_QUOTE, build_store
from onrecord import export as export_mod
from onrecord.export import COLUMNS, ExportError, export
from onrecord.store import open_store

QUOTE_COLUMNS = [
    "quote_id",
    "text",
    "kind",
    "speaker_id",
    "speaker_name",
    "said_on",
    "statement_id",
    "article_id",
    "article_url",
    "outlet",
    "published",
    "confidence",
    "cue",
]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build_store(tmp_path_factory.mktemp("export") / "s.db")


def test_quote_columns_are_the_documented_ones():
    assert [c for c, _ in COLUMNS["quotes"]] == QUOTE_COLUMNS


@pytest.mark.parametrize("what, n", [("quotes", 9), ("statements", 8), ("articles", 5), ("entities", 5)])
def test_every_format_has_one_row_per_record(built, tmp_path, what, n):
    frames = {}
    with open_store(built.path, readonly=True) as store:
        for fmt in ("parquet", "csv", "jsonl"):
            out = tmp_path / f"{what}.{fmt}"
            report = export(store.db, what, fmt, out)
            assert report.rows == n
            if fmt == "parquet":
                frames[fmt] = pd.read_parquet(out)
            elif fmt == "csv":
                frames[fmt] = pd.read_csv(out, dtype=str, keep_default_na=False)
            else:
                frames[fmt] = pd.read_json(out, lines=True, dtype=False)
    names = [c for c, _ in COLUMNS[what]]
    for fmt, frame in frames.items():
        assert list(frame.columns) == names, fmt
        assert len(frame) == n, fmt
    key = names[0]
    assert sorted(frames["parquet"][key]) == sorted(frames["csv"][key]) == sorted(frames["jsonl"][key])


def test_quotes_keep_hostile_and_rtl_text_intact(built, tmp_path):
    with open_store(built.path, readonly=True) as store:
        export(store.db, "quotes", "csv", tmp_path / "q.csv")
        export(store.db, "quotes", "parquet", tmp_path / "q.parquet")
    with open(tmp_path / "q.csv", encoding="utf-8", newline="") as fh:
        rows = {r["quote_id"]: r for r in csv.DictReader(fh)}
    assert rows[built.quotes["h1"]]["text"] == HOSTILE_QUOTE
    assert rows[built.quotes["f4"]]["text"] == RTL_QUOTE
    assert rows[built.quotes["t1"]]["speaker_name"] == "Mara Velden"
    assert rows[built.quotes["t1"]]["outlet"] == "Eastgate Wire"
    assert rows[built.quotes["t1"]]["said_on"] == "2024-03-14"
    table = pq.read_table(tmp_path / "q.parquet")
    assert str(table.schema.field("confidence").type) == "double"
    assert str(table.schema.field("said_on").type) == "string"
    frame = table.to_pandas()
    dates = pd.to_datetime(frame["said_on"], format="%Y-%m-%d")  # ISO, parses with no cleanup
    assert dates.min().year == 2023


def test_entities_flatten_roles_and_aliases(built, tmp_path):
    with open_store(built.path, readonly=True) as store:
        export(store.db, "entities", "jsonl", tmp_path / "e.jsonl")
    rows = {r["entity_id"]: r for r in map(json.loads, (tmp_path / "e.jsonl").read_text().splitlines())}
    velden = rows[built.entities["velden"]]
    assert velden["roles"] == (
        "Deputy Minister of Trade, Norland (2015-02-01 – 2019-04-30) | Minister of Foreign Affairs, Norland (2019-05-01 – now)"
    )
    assert velden["n_quotes"] == 4 and velden["n_statements"] == 3
    assert velden["first_said_on"] == "2023-07-01" and velden["last_said_on"] == "2025-01-19"
    assert all(not isinstance(v, (list, dict)) for r in rows.values() for v in r.values())


def test_date_range_filters_each_kind(built, tmp_path):
    with open_store(built.path, readonly=True) as store:
        assert export(store.db, "quotes", "jsonl", tmp_path / "a", since="2025-01-01").rows == 3
        assert export(store.db, "statements", "jsonl", tmp_path / "b", until="2023-12-31").rows == 2
        assert export(store.db, "articles", "jsonl", tmp_path / "c", since="2024-03", until="2024-03").rows == 2
        assert export(store.db, "entities", "jsonl", tmp_path / "d", since="2025-01-21").rows == 1


def test_rows_are_streamed_in_batches(built, tmp_path, monkeypatch):
    monkeypatch.setattr(export_mod, "BATCH", 2)
    with open_store(built.path, readonly=True) as store:
        batches = list(export_mod.iter_rows(store.db, "quotes"))
        assert [len(b) for b in batches] == [2, 2, 2, 2, 1]
        assert export(store.db, "quotes", "parquet", tmp_path / "q.parquet").rows == 9
    assert pq.ParquetFile(tmp_path / "q.parquet").metadata.num_row_groups == 5


def test_empty_store_exports_headers(tmp_path):
    with open_store(tmp_path / "empty.db") as store:
        assert export(store.db, "quotes", "parquet", tmp_path / "q.parquet").rows == 0
        assert export(store.db, "quotes", "csv", tmp_path / "q.csv").rows == 0
    assert list(pd.read_parquet(tmp_path / "q.parquet").columns) == QUOTE_COLUMNS
    assert (tmp_path / "q.csv").read_text().strip() == ",".join(QUOTE_COLUMNS)


def test_bad_options_are_refused(built, tmp_path):
    with open_store(built.path, readonly=True) as store:
        with pytest.raises(ExportError, match="--what"):
            export(store.db, "gossip", "csv", tmp_path / "x")
        with pytest.raises(ExportError, match="--format"):
            export(store.db, "quotes", "xlsx", tmp_path / "x")
        with pytest.raises(ExportError, match="parquet"):
            export(store.db, "quotes", "parquet", "-")


def test_export_command(built, tmp_path):
    out = tmp_path / "statements.csv"
    cmd = [sys.executable, "-m", "onrecord", "export", "--db", str(built.path), "--what", "statements"]
    done = subprocess.run(
        [*cmd, "--format", "csv", "--since", "2024-01-01", "--out", str(out)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert "6 statements row(s)" in done.stderr
    assert len(pd.read_csv(out)) == 6
    bad = subprocess.run([*cmd, "--format", "csv", "--since", "last week"], capture_output=True, text=True)
    assert bad.returncode == 2
    assert "--since" in bad.stderr
    stdout = subprocess.run([*cmd, "--format", "jsonl", "--out", "-"], capture_output=True, text=True)
    assert stdout.returncode == 0
    assert len(stdout.stdout.splitlines()) == 8
