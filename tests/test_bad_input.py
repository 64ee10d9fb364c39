"""Bad input: each bad source gets a plainly worded reason, the run goes on, nothing stored is touched."""

from __future__ import annotations

import random
import socket

from onrecord.config import Config
from onrecord.pipeline import add
from onrecord.store import open_store

ARTICLE = (
    "Ferry talks resume in Halden\n\n"
    "HALDEN, Feb. 11 (NSA) -- The foreign ministers of Lirria and Ostrava Bay agreed on Tuesday to resume "
    "talks on the ferry link, Lirrian Foreign Minister Oskar Kellan said.\n\n"
    "“We have lost two years and we will not lose a third,” Kellan told reporters in the capital, "
    "adding that the café owners of the harbour had waited long enough.\n"
)
GERMAN = (
    "Fährverhandlungen in Halden wieder aufgenommen\n\n"
    "Die Außenminister von Lirria und Ostrava Bay haben sich am Dienstag darauf geeinigt, die Gespräche über die "
    "Fährverbindung wieder aufzunehmen. „Wir haben zwei Jahre verloren, ein drittes werden wir nicht verlieren“, "
    "sagte der lirrische Außenminister Oskar Kellan vor Journalisten in der Hauptstadt.\n"
)


def _add(store, *paths, config=None):
    return add([str(p) for p in paths], store, config or Config(jobs=1), relink=False)


def _reasons(report) -> dict[str, str]:
    return {f.uri.rsplit("/", 1)[-1]: f.reason for f in report.failed}


def _write_bad_files(folder):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blank.txt").write_bytes(b"  \n\t\n")
    (folder / "nul.txt").write_bytes(b"Ferry talks\x00\x00\x01resume" * 20)
    (folder / "report.pdf.txt").write_bytes(b"%PDF-1.7\n" + bytes(range(256)))
    noise = random.Random(7)
    (folder / "noise.txt").write_bytes(bytes(noise.randrange(128, 256) for _ in range(4000)))
    (folder / "menu.html").write_text(
        "<html><head><title>Menu</title></head><body><nav><a href='/'>Home</a> <a href='/a'>About</a></nav></body></html>",
        encoding="utf-8",
    )
    (folder / "furniture.txt").write_text("Home\nWorld\nSport\nRead more\nComments\n", encoding="utf-8")
    (folder / "bericht.txt").write_text(GERMAN, encoding="utf-8")
    big = folder / "huge.txt"
    with big.open("wb") as handle:
        handle.write(ARTICLE.encode())
        handle.truncate(50 * 1024 * 1024)


def test_each_bad_file_gets_its_reason(tmp_path):
    _write_bad_files(tmp_path / "bad")
    store = open_store(tmp_path / "s.db")
    report = _add(store, tmp_path / "bad", tmp_path / "missing.txt")
    assert report.new_articles == 0
    assert _reasons(report) == {
        "empty.txt": "empty",
        "blank.txt": "empty",
        "nul.txt": "binary",
        "report.pdf.txt": "binary",
        "noise.txt": "undecodable",
        "menu.html": "not an article",
        "furniture.txt": "not an article",
        "bericht.txt": "unsupported language: de",
        "huge.txt": "too large",
        "missing.txt": "not found",
    }
    details = {f.uri.rsplit("/", 1)[-1]: f.detail for f in report.failed}
    assert "PDF" in details["report.pdf.txt"]
    assert "52,428,800 bytes" in details["huge.txt"]
    assert len(store.failures()) == len(report.failed)


def test_unreadable_and_special_files_are_reported_not_fatal(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(ARTICLE, encoding="utf-8")
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(folder / "live.sock"))
    try:
        (folder / "dangling.txt").symlink_to(folder / "gone.txt")
        store = open_store(tmp_path / "s.db")
        report = _add(store, folder)
    finally:
        server.close()
    assert report.new_articles == 1
    assert _reasons(report) == {"live.sock": "not a regular file", "dangling.txt": "not found"}


def test_legacy_encoded_text_is_read_when_credible(tmp_path):
    path = tmp_path / "cp1252.txt"
    path.write_bytes(ARTICLE.encode("cp1252"))
    store = open_store(tmp_path / "s.db")
    report = _add(store, path)
    assert report.failed == [] and report.new_articles == 1
    article = next(iter(store.iter_articles()))
    assert "“We have lost two years and we will not lose a third,” Kellan" in article.text
    assert "café owners" in article.text


def test_mixed_directory_keeps_good_files_and_earlier_data(tmp_path):
    (tmp_path / "first").mkdir()
    (tmp_path / "first" / "earlier.txt").write_text(ARTICLE, encoding="utf-8")
    store = open_store(tmp_path / "s.db")
    assert _add(store, tmp_path / "first").new_articles == 1
    earlier = {a.id: (a.text, a.title) for a in store.iter_articles()}

    mixed = tmp_path / "mixed"
    _write_bad_files(mixed)
    (mixed / "good.txt").write_text(ARTICLE.replace("Tuesday", "Wednesday"), encoding="utf-8")
    report = _add(store, mixed)
    assert report.new_articles == 1
    assert len(report.failed) == 9
    after = {a.id: (a.text, a.title) for a in store.iter_articles()}
    assert len(after) == 2
    assert all(after[i] == earlier[i] for i in earlier)

    counts = store.counts()
    failures = [(f.uri, f.reason) for f in store.failures()]
    again = _add(store, mixed)
    assert again.new_articles == 0
    assert store.counts() == counts
    assert sorted((f.uri, f.reason) for f in store.failures()) == sorted(failures)


def test_oversized_line_in_json_lines_is_refused_alone(tmp_path):
    import json

    path = tmp_path / "feed.jsonl"
    small = json.dumps({"text": ARTICLE})
    huge = json.dumps({"text": ARTICLE + "x" * 5000})
    path.write_text(small + "\n" + huge + "\nnot json\n", encoding="utf-8")
    store = open_store(tmp_path / "s.db")
    report = _add(store, path, config=Config(jobs=1, max_document_bytes=2000))
    assert report.new_articles == 1
    assert _reasons(report) == {"feed.jsonl#L2": "too large", "feed.jsonl#L3": "not valid JSON"}


def test_unreadable_file_and_folder_are_reported(tmp_path):
    """Permissions are real here: root is run without its override of file permissions."""
    import json
    import os
    import subprocess
    import sys

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "locked.txt").write_text(ARTICLE.replace("Tuesday", "Friday"), encoding="utf-8")
    (folder / "locked.txt").chmod(0)
    (folder / "closed").mkdir()
    (folder / "closed" / "inside.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "closed").chmod(0)
    code = (
        "import json, sys\n"
        "from onrecord.config import Config\n"
        "from onrecord.ingest import iter_documents\n"
        "items = iter_documents(sys.argv[1:], Config())\n"
        "print(json.dumps([[i.uri, getattr(i, 'reason', 'document')] for i in items]))\n"
    )
    command = [sys.executable, "-c", code, str(folder)]
    if os.geteuid() == 0:
        command = ["setpriv", "--bounding-set=-dac_override,-dac_read_search", *command]
    try:
        done = subprocess.run(command, capture_output=True, text=True, check=True)
    finally:
        (folder / "closed").chmod(0o755)
    seen = {uri.rsplit("/", 1)[-1]: reason for uri, reason in json.loads(done.stdout)}
    assert seen == {"good.txt": "document", "locked.txt": "unreadable", "closed": "unreadable"}
