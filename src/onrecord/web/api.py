"""JSON endpoints under /api: read-only lists and records, and token-guarded writes."""

from __future__ import annotations

import hmac
import sqlite3
from datetime import UTC, datetime
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Header, HTTPException, Path, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from onrecord.query import browse
from onrecord.query.browse import Filters, Page
from onrecord.web.app import read_db
from onrecord.web.params import check_date, entity_filters, quote_filters

router = APIRouter(prefix="/api", tags=["api"])

Db = Annotated[sqlite3.Connection, Depends(read_db)]
QuoteFilters = Annotated[Filters, Depends(quote_filters)]
EntityFilters = Annotated[Filters, Depends(entity_filters)]
Id = Annotated[str, Path(min_length=1, max_length=200, description="Record id.")]


class PageOut(BaseModel):
    """One page of records; follow `next` until it is null."""

    items: list[dict[str, Any]]
    total: int = Field(description="Records matching the filters (all pages).")
    limit: int
    offset: int
    next: str | None = Field(description="Path and query of the next page, or null on the last page.")
    next_offset: int | None = None
    facets: dict[str, list[dict[str, Any]]] | None = Field(
        default=None, description="Search only: counts of all matches by speaker, outlet, kind and year."
    )
    total_is_lower_bound: bool = False
    sort: str | None = Field(
        default=None, description="Search only: 'relevance', or 'latest' when too many quotes match to rank them."
    )
    facets_sampled: bool = Field(
        default=False, description="Search only: true when facets count a first sample of the matches, not all."
    )


class ErrorOut(BaseModel):
    error: str
    status: int
    detail: Any = None


ERRORS = {400: {"model": ErrorOut, "description": "A parameter is malformed; `error` names it."}}
NOT_FOUND = {404: {"model": ErrorOut, "description": "No such record."}, **ERRORS}


def as_json(data: dict) -> JSONResponse:
    """Serialise plain dicts directly; the models above document the shape for /openapi.json."""
    return JSONResponse(data)


def page_out(request: Request, page: Page) -> JSONResponse:
    nxt = page.next_offset
    next_url = None
    if nxt is not None:
        params = dict(request.query_params)
        params["offset"] = str(nxt)
        next_url = f"{request.url.path}?{urlencode(params)}"
    return as_json(
        {
            "items": page.items,
            "total": page.total,
            "limit": page.limit,
            "offset": page.offset,
            "next": next_url,
            "next_offset": nxt,
            "facets": page.facets or None,
            "total_is_lower_bound": page.total_is_lower_bound,
            "sort": page.sort,
            "facets_sampled": page.facets_sampled,
        }
    )


def found(item: dict | None, what: str, key: str) -> JSONResponse:
    if item is None:
        raise HTTPException(404, f"no {what} with id {key!r}")
    return as_json(item)


@router.get("/search", response_model=PageOut, responses=ERRORS)
def search(
    request: Request,
    db: Db,
    f: QuoteFilters,
    q: Annotated[str, Query(min_length=1, max_length=500, description="Words to find in quotes or speaker names.")],
):
    """Full-text search over quotes (all words must match, the last as a prefix), best match first, with facets."""
    return page_out(request, browse.search(db, q, f))


@router.get("/quotes", response_model=PageOut, responses=ERRORS)
def list_quotes(request: Request, db: Db, f: QuoteFilters):
    """Quotes, newest stored first (by date said when filtered by speaker)."""
    return page_out(request, browse.quotes(db, f))


@router.get("/quotes/{quote_id}", responses=NOT_FOUND)
def get_quote(db: Db, quote_id: Id):
    """One quote with its article and speaker."""
    return found(browse.quote(db, quote_id), "quote", quote_id)


@router.get("/statements", response_model=PageOut, responses=ERRORS)
def list_statements(request: Request, db: Db, f: QuoteFilters):
    """Statements (one utterance however many outlets reported it). `kind` is the kind of the primary report."""
    return page_out(request, browse.statements(db, f))


@router.get("/statements/{statement_id}", responses=NOT_FOUND)
def get_statement(db: Db, statement_id: Id):
    """A statement with every report of it, the primary first; each report has its paragraph split into
    `context` pieces, the quoted words being the piece whose `mark` is set."""
    return found(browse.statement(db, statement_id), "statement", statement_id)


@router.get("/entities", response_model=PageOut, responses=ERRORS)
def list_entities(
    request: Request,
    db: Db,
    f: EntityFilters,
    name: Annotated[str | None, Query(max_length=200, description="Name prefix.")] = None,
):
    """Speakers and other entities, by name. Outlet, story and dates keep those quoted there and then."""
    return page_out(request, browse.entities(db, f, name=name or None))


@router.get("/entities/{entity_id}", responses=NOT_FOUND)
def get_entity(db: Db, entity_id: Id):
    """An entity with aliases, roles over time, its timeline of statements and who it is quoted with."""
    return found(browse.entity(db, entity_id), "entity", entity_id)


@router.get("/entities/{entity_id}/timeline", responses=NOT_FOUND)
def get_timeline(db: Db, entity_id: Id):
    """Only the timeline points of an entity (for the chart): one per statement, with its story."""
    if not db.execute("SELECT 1 FROM entities WHERE id = ?", (entity_id,)).fetchone():
        raise HTTPException(404, f"no entity with id {entity_id!r}")
    return as_json({"entity_id": entity_id, "points": browse.timeline(db, entity_id)})


@router.get("/stories", response_model=PageOut, responses=ERRORS)
def list_stories(request: Request, db: Db, f: QuoteFilters):
    """Stories, latest first. Filters: dates overlap the story, a speaker spoke in it, an outlet covered it."""
    return page_out(request, browse.stories(db, f))


@router.get("/stories/{story_id}", responses=NOT_FOUND)
def get_story(db: Db, story_id: Id):
    """A story with its statements (by date) and articles."""
    return found(browse.story(db, story_id), "story", story_id)


@router.get("/articles", response_model=PageOut, responses=ERRORS)
def list_articles(request: Request, db: Db, f: QuoteFilters):
    """Articles, newest published first. `speaker` and `kind` keep articles with such quotes."""
    return page_out(request, browse.articles(db, f))


@router.get("/articles/{article_id}", responses=NOT_FOUND)
def get_article(db: Db, article_id: Id):
    """An article: metadata, clean text, paragraphs cut at quote spans, quotes, removed junk, sources."""
    return found(browse.article(db, article_id), "article", article_id)


@router.get(
    "/documents/{document_id}/raw",
    response_class=Response,
    responses={200: {"content": {"text/plain": {}}, "description": "The bytes as they arrived."}, **NOT_FOUND},
)
def get_raw(db: Db, document_id: Annotated[str, Path(pattern="^[0-9a-f]{64}$", description="sha256 of the bytes.")]):
    """The raw document exactly as stored, as a plain-text download (never rendered as a page)."""
    got = browse.raw_document(db, document_id)
    if got is None:
        raise HTTPException(404, f"no document with id {document_id!r}")
    raw, _media_type = got
    return Response(
        raw,
        media_type="text/plain",
        headers={
            "Content-Disposition": f'attachment; filename="{document_id}.txt"',
            "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": "default-src 'none'; sandbox",
        },
    )


# -- writes -----------------------------------------------------------------------------


def require_token(request: Request, authorization: Annotated[str | None, Header()] = None) -> None:
    """Writes need `Authorization: Bearer <token>` matching the configured token; none configured → refused."""
    expected = request.app.state.config.api_token
    if not expected:
        raise HTTPException(403, "writes are disabled: no API token is configured (api_token or ONRECORD_API_TOKEN)")
    scheme, _, given = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not given:
        raise HTTPException(401, "this endpoint needs 'Authorization: Bearer <token>'", {"WWW-Authenticate": "Bearer"})
    if not hmac.compare_digest(given.strip().encode(), expected.encode()):
        raise HTTPException(403, "the bearer token is not the configured one")


class ArticleIn(BaseModel):
    text: str = Field(min_length=1, max_length=5_000_000, description="The article text (plain text).")
    url: str | None = Field(default=None, max_length=2000)
    outlet: str | None = Field(default=None, max_length=200)
    title: str | None = Field(default=None, max_length=1000)
    published: str | None = Field(default=None, description="YYYY-MM-DD")


@router.post("/articles", status_code=201, dependencies=[Depends(require_token)], responses=ERRORS)
def add_article(request: Request, body: ArticleIn):
    """Add one text as a document and run the per-document pipeline on it (needs the bearer token)."""
    from onrecord.pipeline import AddReport, process_document, write_processed
    from onrecord.records import Document
    from onrecord.store import open_store

    published = check_date("published", body.published)
    hints = {"url": body.url, "outlet": body.outlet, "title": body.title, "published": published}
    uri = body.url or "api:articles"
    doc = Document.from_bytes(
        body.text.encode("utf-8"), uri, "text/plain", datetime.now(UTC).isoformat(timespec="seconds"), hints
    )
    config = request.app.state.config
    done = process_document(doc, config)
    report = AddReport()
    with open_store(request.app.state.db_path) as store, store.transaction():
        write_processed(store, done, report)
    if done.failure is not None:
        raise HTTPException(422, f"the text was stored but not read as an article: {done.failure.reason}")
    assert done.article is not None
    return JSONResponse({"id": done.article.id, "document_id": doc.id, "quotes": report.quotes}, status_code=201)
