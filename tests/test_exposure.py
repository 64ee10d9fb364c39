"""What an attacker can reach: the server's bind address, and every CLI filter fed injection strings."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from onrecord.cli import app
from onrecord.config import Config
from onrecord.pipeline import add
from onrecord.store import open_store

EVIL = [
    "' OR 1=1 --",
    '"; DROP TABLE quotes; --',
    "%",
    "_",
    "\\",
    "a\x00b",
    "x" * 5000,
    "NEAR(",
    "*",
    "../../etc/passwd",
]

TEXT = (
    "Ministers meet on grain\n\n"
    "Agriculture Minister Rosa Tenning said on Monday that the grain deal was close. "
    "\u201cWe are a week away from signing,\u201d Tenning told reporters.\n\n"
    "Trade envoy Pavel Novak said the text still needed work."
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _listening_addresses(port: int) -> set[str]:
    """Local addresses with a socket listening on `port`, read from the kernel's table."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        path = Path(table)
        if not path.exists():
            continue
        for line in path.read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:  # 0A = LISTEN
                found.add(address)
    return found


def test_serve_listens_on_loopback_only_by_default(tmp_path):
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "onrecord", "serve", "--db", str(tmp_path / "s.db"), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while not _listening_addresses(port) and time.monotonic() < deadline:
            assert server.poll() is None, "the server stopped"
            time.sleep(0.2)
        # 0100007F is 127.0.0.1 as the kernel writes it; 00000000 would be every interface.
        assert _listening_addresses(port) == {"0100007F"}
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.fixture(scope="module")
def store_path(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    (folder / "grain.txt").write_text(TEXT, encoding="utf-8")
    db = tmp_path_factory.mktemp("store") / "s.db"
    with open_store(db) as store:
        add([str(folder)], store, Config(jobs=1))
    return db


def _counts(db: Path) -> dict[str, int]:
    with open_store(db, readonly=True) as store:
        return store.counts()


COMMANDS = [
    ["quotes", "--speaker", "{evil}"],
    ["quotes", "--article", "{evil}"],
    ["quotes", "--kind", "{evil}"],
    ["search", "{evil}"],
    ["search", "grain", "--speaker", "{evil}"],
    ["statements", "--speaker", "{evil}"],
    ["statements", "--since", "{evil}"],
    ["statements", "--until", "{evil}"],
    ["statements", "--story", "{evil}"],
    ["who", "{evil}"],
    ["show", "{evil}"],
    ["entities", "--kind", "{evil}"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c[:2]))
def test_every_cli_filter_takes_injection_strings_as_plain_values(store_path, command):
    runner = CliRunner()
    before = _counts(store_path)
    assert before["quotes"] > 0
    for evil in EVIL:
        args = [part.replace("{evil}", evil) for part in command] + ["--db", str(store_path), "--json"]
        result = runner.invoke(app, args)
        # A refusal (bad value, nothing found) is an exit code; a crash is an exception.
        assert result.exception is None or isinstance(result.exception, SystemExit), (args, result.exception)
        assert result.exit_code in (0, 1, 2), (args, result.output)
        assert "No such option" not in result.output and "Usage:" not in result.output, result.output
    assert _counts(store_path) == before
