"""Faults: kill -9 mid-run, a reader during a write, a full disk, a read-only store, no permission.

Each ends with a clear one-line message and an intact store: everything committed before
the fault is there once, nothing is half-written, and running again completes the record.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from onrecord.store import open_store

FIRST = ["Ilse", "Tomas", "Rosa", "Anders", "Mirela", "Kofi", "Yuki", "Pavel", "Nadia", "Omar", "Lena", "Bruno"]
LAST = ["Marrow", "Brenn", "Tenning", "Holt", "Varga", "Mensah", "Sato", "Novak", "Aziz", "Fares", "Kask", "Lind"]
TOPICS = ["the harbour", "the border", "the budget", "the new rail line", "fishing quotas", "the grain deal"]


def _article(n: int) -> str:
    name = f"{FIRST[n % 12]} {LAST[(n // 12) % 12]}"
    topic = TOPICS[n % len(TOPICS)]
    return (
        f"Talks on {topic} continue, report {n}\n\n"
        f"Minister {name} said on Monday that talks on {topic} would go on for a {n + 2}th week.\n\n"
        f"\u201cWe will not sign anything about {topic} before the committee has read it, item {n},\u201d "
        f"{name.split()[1]} told reporters.\n\n"
        f"Officials said the next round was planned for week {n + 3}."
    )


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    for n in range(96):
        (folder / f"report-{n:03d}.txt").write_text(_article(n), encoding="utf-8")
    return folder


def _onrecord(*args: str, cwd: Path, drop_root: bool = False, **kwargs) -> subprocess.Popen:
    command = [sys.executable, "-m", "onrecord", *args]
    if drop_root and os.geteuid() == 0:
        # Root ignores file permissions; without these capabilities it meets them like any user.
        command = ["setpriv", "--bounding-set=-dac_override,-dac_read_search", *command]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kwargs
    )


def _run(*args: str, cwd: Path, drop_root: bool = False, timeout: float = 600) -> subprocess.CompletedProcess:
    process = _onrecord(*args, cwd=cwd, drop_root=drop_root)
    out, err = process.communicate(timeout=timeout)
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


def _small_batches(folder: Path) -> None:
    (folder / "onrecord.toml").write_text("[onrecord]\nbatch_size = 4\njobs = 1\n", encoding="utf-8")


def _dump(db: Path) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(db)
    try:
        return {
            "documents": list(conn.execute("SELECT id, size FROM documents ORDER BY id")),
            "articles": list(conn.execute("SELECT id, document_id, title, published, text FROM articles ORDER BY id")),
            "quotes": list(
                conn.execute("SELECT id, text, kind, speaker, said_on, statement_id FROM quotes ORDER BY id")
            ),
            "statements": list(conn.execute("SELECT id, canonical_text, n_reports FROM statements ORDER BY id")),
            "entities": list(conn.execute("SELECT id, name FROM entities ORDER BY id")),
        }
    finally:
        conn.close()


def _articles_in(db: Path) -> int:
    try:
        with open_store(db, readonly=True) as store:
            return int(store.scalar("SELECT count(*) FROM articles"))
    except Exception:
        return 0


def _integrity(db: Path) -> str:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def test_kill_9_mid_add_then_again_stores_every_article_exactly_once(corpus, tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    _small_batches(work)
    db = work / "killed.db"
    process = _onrecord("add", "--db", str(db), str(corpus), cwd=work)
    deadline = time.monotonic() + 300
    while _articles_in(db) < 12 and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.2)
    assert process.poll() is None, "the run ended before it could be killed; give it more documents"
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    killed_at = _articles_in(db)
    assert 12 <= killed_at < 96
    assert _integrity(db) == "ok"

    again = _run("add", "--db", str(db), str(corpus), cwd=work)
    assert again.returncode == 0, again.stderr
    assert f"{96 - killed_at} new article(s)" in again.stdout
    assert f"{killed_at} already stored" in again.stdout

    clean = work / "clean.db"
    once = _run("add", "--db", str(clean), str(corpus), cwd=work)
    assert once.returncode == 0, once.stderr
    resumed, reference = _dump(db), _dump(clean)
    assert len(resumed["articles"]) == 96
    for table in reference:
        assert resumed[table] == reference[table], f"{table} differs from a run that was never killed"


def _children_of(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                out.append(int(entry.name))
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_kill_9_of_a_run_with_workers_leaves_no_worker_behind(corpus, tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    (work / "onrecord.toml").write_text("[onrecord]\nbatch_size = 8\njobs = 2\n", encoding="utf-8")
    db = work / "killed.db"
    process = _onrecord("add", "--db", str(db), str(corpus), cwd=work)
    deadline = time.monotonic() + 300
    workers: list[int] = []
    while time.monotonic() < deadline and process.poll() is None and len(workers) < 2:
        workers = _children_of(process.pid)
        time.sleep(0.2)
    assert process.poll() is None and len(workers) >= 2, "the pool never started"
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    deadline = time.monotonic() + 30
    while any(_alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not any(_alive(w) for w in workers), "pool workers outlived the killed run"


def test_a_reader_keeps_answering_while_add_writes(corpus, tmp_path):
    from fastapi.testclient import TestClient

    from onrecord.web import create_app

    work = tmp_path / "work"
    work.mkdir()
    _small_batches(work)
    db = work / "live.db"
    with open_store(db):
        pass  # the schema exists before the writer starts, as for any store being served
    client = TestClient(create_app(db))
    writer = _onrecord("add", "--db", str(db), str(corpus), cwd=work)
    seen, answers = [], 0
    while writer.poll() is None:
        with open_store(db, readonly=True) as store:
            seen.append(int(store.scalar("SELECT count(*) FROM articles")))
        response = client.get("/api/articles?limit=5")
        assert response.status_code == 200, response.text
        assert response.json()["total"] >= seen[-1]
        answers += 1
        time.sleep(0.1)
    assert writer.returncode == 0, writer.stderr.read()
    assert answers >= 5
    assert seen == sorted(seen), "the reader saw the record shrink"
    assert client.get("/api/articles?limit=5").json()["total"] == 96


def _assert_one_line_error(result: subprocess.CompletedProcess, words: str) -> None:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip().startswith("error:")]
    assert lines, result.stderr
    assert words in lines[0], lines[0]


def _seed_store(db: Path, corpus: Path, work: Path, n: int = 8) -> dict:
    subset = work / "first"
    subset.mkdir()
    for path in sorted(corpus.glob("*.txt"))[:n]:
        (subset / path.name).write_bytes(path.read_bytes())
    first = _run("add", "--db", str(db), str(subset), cwd=work)
    assert first.returncode == 0, first.stderr
    return _dump(db)


def test_a_read_only_store_is_a_clear_error_and_stays_intact(corpus, tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    _small_batches(work)
    folder = work / "store"
    folder.mkdir()
    db = folder / "s.db"
    before = _seed_store(db, corpus, work)
    for p in folder.iterdir():
        p.chmod(0o444)
    folder.chmod(0o555)
    try:
        result = _run("add", "--db", str(db), str(corpus), cwd=work, drop_root=True)
    finally:
        folder.chmod(0o755)
        for p in folder.iterdir():
            p.chmod(0o644)
    _assert_one_line_error(result, "read-only")
    assert _integrity(db) == "ok"
    assert _dump(db) == before


def test_a_store_folder_without_permission_is_a_clear_error(corpus, tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    folder = work / "locked"
    folder.mkdir()
    db = folder / "s.db"
    before = _seed_store(db, corpus, work, n=3)
    folder.chmod(0o000)
    try:
        result = _run("articles", "--db", str(db), cwd=work, drop_root=True)
    finally:
        folder.chmod(0o755)
    _assert_one_line_error(result, "permission denied")
    assert _dump(db) == before


@pytest.fixture()
def small_disk(tmp_path):
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=640k", "tmpfs", str(mount_point)], capture_output=True
    )
    assert mounted.returncode == 0, (
        "this test needs a small tmpfs to fill (it runs as root in CI): " + mounted.stderr.decode()
    )
    yield mount_point
    subprocess.run(["umount", str(mount_point)], check=True)


def test_a_full_disk_is_a_clear_error_and_earlier_batches_stay(corpus, tmp_path, small_disk):
    work = tmp_path / "work"
    work.mkdir()
    _small_batches(work)
    db = small_disk / "s.db"
    before = _seed_store(db, corpus, work, n=4)
    big = work / "big"
    big.mkdir()
    for n in range(40):  # far more text than the disk has room for
        body = "\n\n".join(_article(1000 + n * 7 + k) for k in range(12))
        (big / f"long-{n:02d}.txt").write_text(body, encoding="utf-8")
    result = _run("add", "--db", str(db), str(big), cwd=work)
    _assert_one_line_error(result, "disk is full")
    assert _integrity(db) == "ok"
    after = _dump(db)
    for table, rows in before.items():
        assert set(rows) <= set(after[table]), f"{table} lost rows it had before the disk filled"
    # Whatever was written is whole: every article has its document, every quote its article.
    conn = sqlite3.connect(db)
    try:
        assert (
            conn.execute(
                "SELECT count(*) FROM articles WHERE document_id NOT IN (SELECT id FROM documents)"
            ).fetchone()[0]
            == 0
        )
        assert (
            conn.execute("SELECT count(*) FROM quotes WHERE article_id NOT IN (SELECT id FROM articles)").fetchone()[0]
            == 0
        )
    finally:
        conn.close()
