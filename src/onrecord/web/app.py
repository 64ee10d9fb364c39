"""The HTTP application: JSON API under /api, HTML pages elsewhere, one process.

The store is opened read-only for each request, so `onrecord add` can keep writing
(WAL) while the server reads. Only write endpoints open it for writing, and only with
the configured bearer token.
"""

from __future__ import annotations

import logging
import queue
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import psycopg
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader
from starlette.exceptions import HTTPException as StarletteHTTPException

from onrecord.config import Config
from onrecord.query.browse import BadQuery
from onrecord.store import is_postgres_url, open_store

HERE = Path(__file__).resolve().parent
log = logging.getLogger("onrecord.web")

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self';"
    " object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)


def templates() -> Environment:
    # Autoescape for every template: article text is hostile and must never become markup.
    env = Environment(
        loader=FileSystemLoader(HERE / "templates"), autoescape=True, trim_blocks=True, lstrip_blocks=True
    )
    return env


class ReadPool:
    """Read-only connections to one store, reused across requests.

    A connection is taken for one request and given back after it, so none is ever used
    by two requests at once, and its page cache stays warm between requests. Connections
    run in autocommit, so each query sees what `onrecord add` has committed so far (WAL).
    """

    def __init__(self, path: str, keep: int = 8):
        self.url = path if is_postgres_url(path) else None
        # as_uri() percent-encodes the path, so '?' or '#' in a file name cannot become URI parameters.
        self.uri = None if self.url else Path(path).as_uri() + "?mode=ro"
        self.keep = keep
        self.idle: queue.SimpleQueue[sqlite3.Connection] = queue.SimpleQueue()

    def take(self) -> sqlite3.Connection:
        try:
            return self.idle.get_nowait()
        except queue.Empty:
            if self.url:
                from onrecord.store.postgres import PostgresStore

                return PostgresStore(self.url, readonly=True).db
            db = sqlite3.connect(self.uri, uri=True, check_same_thread=False, isolation_level=None)
            db.row_factory = sqlite3.Row
            db.execute("PRAGMA busy_timeout = 5000")
            db.execute("PRAGMA query_only = ON")
            db.execute("PRAGMA mmap_size = 268435456")
            return db

    def give_back(self, db: sqlite3.Connection, healthy: bool) -> None:
        if healthy and not db.in_transaction and self.idle.qsize() < self.keep:
            self.idle.put(db)
        else:
            db.close()


def read_db(request: Request) -> Iterator[sqlite3.Connection]:
    """A read-only connection for one request, returned to the pool when the response is done."""
    pool: ReadPool = request.app.state.read_pool
    db = pool.take()
    healthy = False
    try:
        yield db
        healthy = True
    finally:
        pool.give_back(db, healthy)


def create_app(db_path: str | Path, config: Config | None = None) -> FastAPI:
    """The app over one store file; the store is created (empty) if it does not exist yet."""
    config = config or Config()
    path = str(db_path) if is_postgres_url(str(db_path)) else str(Path(db_path).resolve())
    with open_store(path):  # creates and migrates, so read-only requests find the schema
        pass

    app = FastAPI(
        title="onrecord",
        summary="A sourced record of who said what, built from news articles.",
        version="1",
        # The stock /docs and /redoc load scripts from a CDN; the page at /docs here is local.
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.state.db_path = str(path)
    app.state.read_pool = ReadPool(str(path))
    app.state.config = config
    app.state.templates = templates()

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        response.headers.setdefault("X-Frame-Options", "DENY")
        return response

    def wants_json(request: Request) -> bool:
        return request.url.path.startswith("/api/") or request.url.path == "/openapi.json"

    def error_response(request: Request, status: int, message: str, detail: object = None) -> object:
        if wants_json(request):
            body: dict = {"error": message, "status": status}
            if detail is not None:
                body["detail"] = detail
            return JSONResponse(body, status_code=status)
        html = app.state.templates.get_template("error.html").render(status=status, message=message)
        return HTMLResponse(html, status_code=status)

    @app.exception_handler(RequestValidationError)
    async def on_validation(request: Request, exc: RequestValidationError):
        problems = []
        for e in exc.errors():
            where = ".".join(str(x) for x in e.get("loc", ()) if x not in ("query", "path", "body"))
            problems.append(f"{where or 'request'}: {e.get('msg', 'invalid')}")
        return error_response(request, 400, "bad parameter — " + "; ".join(problems), problems)

    @app.exception_handler(BadQuery)
    async def on_bad_query(request: Request, exc: BadQuery):
        return error_response(request, 400, f"bad parameter — {exc}")

    @app.exception_handler(StarletteHTTPException)
    async def on_http(request: Request, exc: StarletteHTTPException):
        resp = error_response(request, exc.status_code, str(exc.detail))
        for k, v in (exc.headers or {}).items():
            resp.headers[k] = v
        return resp

    @app.exception_handler(psycopg.OperationalError)
    @app.exception_handler(sqlite3.OperationalError)
    async def on_store(request: Request, exc: Exception):
        log.warning("store error on %s: %s", request.url.path, exc)
        return error_response(request, 503, "the store cannot answer right now (busy or unreadable); try again")

    from onrecord.web import api, pages

    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    return app
