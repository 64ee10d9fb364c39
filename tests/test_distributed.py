"""The Ray runner builds the same store as the local runner on the same input."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from onrecord.config import Config
from onrecord.pipeline import add
from onrecord.runner import LocalRunner
from onrecord.store import open_store

REPO = Path(__file__).resolve().parents[1]

ARTICLES = {
    "wire.txt": (
        "Valdoria rejects border claim\n\n"
        "KESTREL CITY, March 3 (Northwire) -- Valdorian Foreign Minister Ilse Marrow said on Monday that "
        "the border was settled long ago.\n\n"
        '"The line was drawn in 1921 and it is not open to discussion," Marrow told reporters.\n\n'
        "She added that talks would continue."
    ),
    "copy.txt": (
        "Valdoria says border not open to discussion\n\n"
        '"The line was drawn in 1921 and it is not open to discussion," Foreign Minister Ilse Marrow said, '
        "according to Northwire.\n\nRead more"
    ),
    "other.txt": (
        "Harbour strike ends\n\n"
        "Union leader Tomas Brenn said the strike was over. \u201cWe have what we came for,\u201d Brenn said."
    ),
}

TABLES = {
    "documents": "SELECT id, media_type, size FROM documents ORDER BY id",
    "articles": "SELECT id, document_id, url, outlet, title, published, dateline_text, language, text, paragraphs,"
    " duplicate_of, syndication_group, story_id FROM articles ORDER BY id",
    "quotes": "SELECT id, text, kind, cue, speaker, speaker_kind, entity_id, said_on, statement_id FROM quotes ORDER BY id",
    "statements": "SELECT * FROM statements ORDER BY id",
    "entities": "SELECT id, name, kind, country FROM entities ORDER BY id",
    "stories": "SELECT * FROM stories ORDER BY id",
    "failures": "SELECT uri, stage, reason FROM failures ORDER BY uri",
}


def _corpus(tmp_path: Path) -> list[str]:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    sources = [str(folder)]
    samples = REPO / "samples" / "corpus"
    if any(p.suffix for p in samples.iterdir() if p.name != ".keep"):
        sources.append(str(samples))
    return sources


def _dump(db: Path) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(db)
    try:
        return {name: [tuple(r) for r in conn.execute(sql)] for name, sql in TABLES.items()}
    finally:
        conn.close()


@pytest.mark.ray
def test_ray_runner_builds_the_same_store_as_the_local_runner(tmp_path):
    from onrecord.distributed import RayRunner

    sources = _corpus(tmp_path)
    config = Config(batch_size=4)

    with open_store(tmp_path / "local.db") as store:
        local_report = add(sources, store, config, runner=LocalRunner(1))
    runner = RayRunner("local", jobs=2, chunk_size=2)
    try:
        with open_store(tmp_path / "ray.db") as store:
            ray_report = add(sources, store, config, runner=runner)
    finally:
        runner.close()

    assert local_report.new_articles == ray_report.new_articles >= 3
    assert [f.reason for f in local_report.failed] == [f.reason for f in ray_report.failed]
    local, distributed = _dump(tmp_path / "local.db"), _dump(tmp_path / "ray.db")
    for table in TABLES:
        assert local[table] == distributed[table], f"{table} differs between local and Ray runs"
