"""What an attacker can reach: the bind address, every CLI and HTTP filter fed injection strings, files outside
the static folder, and writes without the token."""

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


# -- the HTTP API and pages ------------------------------------------------------------------

HTTP_EVIL = [e for e in EVIL if len(e) < 1000] + ["x" * 3000, "%27%20OR%201%3D1", "1; SELECT 1", "2024-01-01' --"]


@pytest.fixture(scope="module")
def web_app(store_path):
    from onrecord.web.app import create_app

    return create_app(store_path, Config(api_token="s3cret-token"))


@pytest.fixture(scope="module")
def client(web_app):
    from fastapi.testclient import TestClient

    return TestClient(web_app, raise_server_exceptions=False)


def _get_routes(app) -> list[tuple[str, list[str], list[str]]]:
    """Every GET route of the API and the pages: its path, its query parameters and its path parameters."""
    from fastapi.routing import APIRoute

    from onrecord.web import api, pages

    def params(dependant, where: str) -> list[str]:
        found = [p.alias for p in getattr(dependant, where)]
        for sub in dependant.dependencies:
            found += [name for name in params(sub, where) if name not in found]
        return found

    return [
        (route.path, params(route.dependant, "query_params"), params(route.dependant, "path_params"))
        for route in [*api.router.routes, *pages.router.routes]
        if isinstance(route, APIRoute) and "GET" in route.methods
    ]


def _schema(store_path: Path) -> list[tuple]:
    with open_store(store_path, readonly=True) as store:
        return [tuple(r) for r in store.db.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name")]


def _assert_answered(response, what) -> None:
    assert response.status_code < 500, (what, response.status_code, response.text[:300])
    body = response.text.lower()
    for leak in ("traceback", "sqlite3.", "syntax error", "operationalerror", "no such column"):
        assert leak not in body, (what, response.text[:300])


def test_every_http_filter_takes_injection_strings_as_plain_values(web_app, client, store_path):
    before, schema = _counts(store_path), _schema(store_path)
    routes = [(path, query) for path, query, params in _get_routes(web_app) if not params]
    filters = [(path, name) for path, query in routes for name in query]
    # Every list endpoint and page is covered, and each has its filters.
    assert {"/api/quotes", "/api/statements", "/api/articles", "/api/entities", "/api/stories", "/api/search"} <= {
        path for path, _ in routes
    }
    assert len(filters) >= 30, filters
    for path, name in filters:
        for evil in HTTP_EVIL:
            params = {name: evil}
            if path.endswith("search") and name != "q":
                params["q"] = "grain"
            _assert_answered(client.get(path, params=params), (path, name, evil))
    assert _counts(store_path) == before
    assert _schema(store_path) == schema


def test_every_record_route_takes_injection_strings_in_its_ids(web_app, client, store_path):
    from urllib.parse import quote

    before = _counts(store_path)
    with_ids = [(path, params) for path, _query, params in _get_routes(web_app) if params]
    assert len(with_ids) >= 8, with_ids
    for path, params in with_ids:
        for evil in HTTP_EVIL + ["..", "../../etc/passwd", "%2e%2e%2f%2e%2e%2fetc%2fpasswd"]:
            url = path
            for name in params:
                url = url.replace("{" + name + "}", quote(evil, safe=""))
            status, body = _raw_get(web_app, url.encode())  # as sent: no client resolves the '..'
            assert status in (400, 404), (url, status, body[:300])
            for leak in (b"Traceback", b"sqlite3.", b"syntax error", b"root:"):
                assert leak not in body, (url, body[:300])
    assert _counts(store_path) == before


def _raw_get(app, raw_path: bytes) -> tuple[int, bytes]:
    """GET a path exactly as a client could send it (`curl --path-as-is`): no dot segments removed.

    Test clients normalise '../' away before the app sees it; the server does not, so the
    app is called the way the server calls it, with the path percent-decoded as the server does.
    """
    import asyncio
    from urllib.parse import unquote

    target, _, query = raw_path.partition(b"?")
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": unquote(target.decode("latin-1")),
        "raw_path": target,
        "query_string": query,
        "root_path": "",
        "headers": [(b"host", b"127.0.0.1")],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
    }
    status: list[int] = []
    body = bytearray()

    async def run() -> None:
        requests = [{"type": "http.request", "body": b"", "more_body": False}]
        done = asyncio.Event()

        async def receive():
            if requests:
                return requests.pop()
            await done.wait()  # the client stays connected until the whole response has arrived
            return {"type": "http.disconnect"}

        async def send(message):
            if message["type"] == "http.response.start":
                status.append(message["status"])
            elif message["type"] == "http.response.body":
                body.extend(message.get("body", b""))
                if not message.get("more_body"):
                    done.set()

        await app(scope, receive, send)

    asyncio.run(run())
    return status[0], bytes(body)


TRAVERSALS = [
    b"/static/../app.py",
    b"/static/../../onrecord/web/app.py",
    b"/static/%2e%2e/app.py",
    b"/static/%2e%2e%2fapp.py",
    b"/static/..%2fapp.py",
    b"/static/..%5capp.py",
    b"/static/....//app.py",
    b"/static//etc/passwd",
    b"/static/%2fetc%2fpasswd",
    b"/static/../../../../../../../../etc/passwd",
    b"/static/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    b"/static/..%252f..%252fapp.py",
    b"/static/%c0%ae%c0%ae/app.py",
    b"/../../../../etc/passwd",
    b"/%2e%2e/%2e%2e/etc/passwd",
    b"/api/documents/../../../../etc/passwd/raw",
    b"/api/documents/..%2f..%2f..%2fetc%2fpasswd/raw",
    b"/api/documents/%2fetc%2fpasswd/raw",
    b"/articles/..%2f..%2fapp.py",
    b"/docs/../app.py",
]


@pytest.mark.parametrize("raw_path", TRAVERSALS, ids=lambda p: p.decode())
def test_no_route_serves_a_file_outside_its_folder(web_app, store_path, raw_path):
    status, body = _raw_get(web_app, raw_path)
    assert status in (400, 404, 405), (raw_path, status, body[:200])
    for secret in (b"root:", b"def create_app", b"SQLite format 3"):
        assert secret not in body, (raw_path, body[:200])


def test_static_files_and_raw_documents_are_still_served(web_app, client, store_path):
    # The refusals above are not a route that refuses everything.
    static = next(WEB_STATIC.iterdir())
    status, body = _raw_get(web_app, f"/static/{static.name}".encode())
    assert status == 200 and body == static.read_bytes()
    with open_store(store_path, readonly=True) as store:
        doc_id = store.scalar("SELECT id FROM documents LIMIT 1")
    raw = client.get(f"/api/documents/{doc_id}/raw")
    assert raw.status_code == 200 and "Tenning" in raw.text
    assert raw.headers["content-type"].startswith("text/plain")


WEB_STATIC = Path(__file__).resolve().parents[1] / "src" / "onrecord" / "web" / "static"

ARTICLE = {"text": "Port reopens\n\nHarbour master Ida Krell said on Tuesday that the port had reopened."}


def test_writes_are_refused_without_a_configured_token(store_path, tmp_path):
    from fastapi.testclient import TestClient

    from onrecord.web.app import create_app

    db = tmp_path / "w.db"
    no_token = TestClient(create_app(db, Config(api_token=None)), raise_server_exceptions=False)
    for headers in ({}, {"Authorization": "Bearer "}, {"Authorization": "Bearer anything"}):
        response = no_token.post("/api/articles", json=ARTICLE, headers=headers)
        assert response.status_code == 403, response.text
    assert _counts(db)["articles"] == 0


def test_writes_need_exactly_the_configured_token(tmp_path):
    from fastapi.testclient import TestClient

    from onrecord.web.app import create_app

    db = tmp_path / "w.db"
    client = TestClient(create_app(db, Config(api_token="s3cret-token")), raise_server_exceptions=False)
    refusals = [
        ({}, 401),
        ({"Authorization": "s3cret-token"}, 401),
        ({"Authorization": "Basic s3cret-token"}, 401),
        ({"Authorization": "Bearer s3cret"}, 403),
        ({"Authorization": "Bearer s3cret-token-and-more"}, 403),
        ({"Authorization": "Bearer ' OR 1=1 --"}, 403),
    ]
    for headers, status in refusals:
        assert client.post("/api/articles", json=ARTICLE, headers=headers).status_code == status, headers
    assert _counts(db)["articles"] == 0
    accepted = client.post("/api/articles", json=ARTICLE, headers={"Authorization": "Bearer s3cret-token"})
    assert accepted.status_code == 201, accepted.text
    assert _counts(db)["articles"] == 1


def test_reads_cannot_write(client, store_path):
    before = _counts(store_path)
    for method in ("put", "delete", "patch"):
        for path in ("/api/quotes", "/api/articles", "/api/statements"):
            assert getattr(client, method)(path).status_code in (401, 403, 405)
    assert _counts(store_path) == before
