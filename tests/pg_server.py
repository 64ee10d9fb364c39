"""A throwaway PostgreSQL cluster for the tests: its own data directory, a free port, gone afterwards.

initdb refuses to run as root, so when the tests run as root the server runs as the `postgres`
system user (which Debian's package creates). It listens on 127.0.0.1 and on a socket in its own
directory only, and trusts local connections: nothing outside this machine can reach it.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path


class ServerUnavailable(RuntimeError):
    pass


def server_bin_dir() -> Path:
    """The newest installed server's bin directory; a clear error if there is none."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    if not found:
        raise ServerUnavailable(
            "PostgreSQL server binaries not found (/usr/lib/postgresql/*/bin/initdb); "
            "install them with `bash scripts/system-deps.sh` (Debian package postgresql)"
        )
    return Path(found[-1]).parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Cluster:
    bin_dir: Path
    root: Path
    port: int
    as_user: list[str]

    @property
    def data(self) -> Path:
        return self.root / "data"

    def url(self, dbname: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{dbname}"

    def _run(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run([*self.as_user, *args], capture_output=True, text=True, check=False, timeout=120)

    def create_database(self, name: str) -> str:
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        self._run(str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.root, ignore_errors=True)


def start_cluster() -> Cluster:
    bin_dir = server_bin_dir()
    root = Path(tempfile.mkdtemp(prefix="onrecord-pg-"))
    as_user: list[str] = []
    if os.geteuid() == 0:
        try:
            pw = pwd.getpwnam("postgres")
        except KeyError as exc:
            raise ServerUnavailable("running as root needs the `postgres` system user to run the server") from exc
        os.chown(root, pw.pw_uid, pw.pw_gid)
        runuser = shutil.which("runuser") or "/usr/sbin/runuser"
        as_user = [runuser, "-u", "postgres", "--"]
    cluster = Cluster(bin_dir, root, _free_port(), as_user)
    if as_user and cluster._run("test", "-w", str(root)).returncode != 0:
        shutil.rmtree(root, ignore_errors=True)
        raise ServerUnavailable(f"the postgres user cannot reach {root}; point TMPDIR at a directory it can reach")
    init = cluster._run(
        str(bin_dir / "initdb"),
        "-D",
        str(cluster.data),
        "-U",
        "postgres",
        "--auth=trust",
        "--encoding=UTF8",
        "--locale=C.UTF-8",
        "--no-sync",
    )
    if init.returncode != 0:
        shutil.rmtree(root, ignore_errors=True)
        raise ServerUnavailable(f"initdb failed: {init.stderr.strip() or init.stdout.strip()}")
    options = (
        f"-c listen_addresses=127.0.0.1 -c port={cluster.port} -c unix_socket_directories={root}"
        " -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=40"
        " -c shared_buffers=32MB"
    )
    started = cluster._run(
        str(bin_dir / "pg_ctl"), "-D", str(cluster.data), "-o", options, "-l", str(root / "server.log"), "-w", "start"
    )
    if started.returncode != 0:
        log = (root / "server.log").read_text(errors="replace") if (root / "server.log").exists() else ""
        shutil.rmtree(root, ignore_errors=True)
        raise ServerUnavailable(f"the PostgreSQL server did not start: {started.stderr.strip()} {log[-2000:]}")
    deadline = time.monotonic() + 30
    while True:
        try:
            with socket.create_connection(("127.0.0.1", cluster.port), timeout=1):
                break
        except OSError:
            if time.monotonic() > deadline:
                cluster.stop()
                raise ServerUnavailable("the PostgreSQL server started but does not accept connections") from None
            time.sleep(0.1)
    return cluster
