"""HTML pages: search, statement, speaker, story, article. Rendered on the server.

Text from articles reaches templates only as plain strings (the highlight is a list of
pieces cut at span offsets), and Jinja escapes every one of them.
"""

from __future__ import annotations

import sqlite3
from typing import Annotated
from urllib.parse import urlencode, urlsplit

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.responses import HTMLResponse

from onrecord.query import browse
from onrecord.query.browse import Filters
from onrecord.web.app import read_db
from onrecord.web.params import ENTITY_KINDS, QUOTE_KINDS, check_text, entity_filters, quote_filters

router = APIRouter(include_in_schema=False)

Db = Annotated[sqlite3.Connection, Depends(read_db)]
QuoteFilters = Annotated[Filters, Depends(quote_filters)]
Id = Annotated[str, Path(min_length=1, max_length=200)]


def web_url(value: str | None) -> str | None:
    """Only http(s) links leave the site; a javascript: or data: URL in a record is shown as text."""
    if not value:
        return None
    try:
        scheme = urlsplit(value.strip()).scheme.lower()
    except ValueError:
        return None
    return value.strip() if scheme in ("http", "https") else None


def query_string(params: dict, **changes) -> str:
    merged = {k: v for k, v in params.items() if v not in (None, "")}
    for k, v in changes.items():
        if v is None:
            merged.pop(k, None)
        else:
            merged[k] = v
    if "offset" in changes and changes["offset"] in (0, None):
        merged.pop("offset", None)
    return "?" + urlencode(merged) if merged else "?"


def render(request: Request, template: str, status: int = 200, **context) -> HTMLResponse:
    env = request.app.state.templates
    context.setdefault("title", None)
    html = env.get_template(template).render(request=request, web_url=web_url, qs=query_string, **context)
    return HTMLResponse(html, status_code=status)


def _missing(what: str, key: str) -> HTTPException:
    return HTTPException(404, f"There is no {what} with id “{key}” in this record.")


@router.get("/", response_class=HTMLResponse)
@router.get("/search", response_class=HTMLResponse)
def search_page(
    request: Request,
    db: Db,
    f: QuoteFilters,
    q: Annotated[str | None, Query(max_length=500)] = None,
):
    q = check_text("q", q) if q else None
    if q:
        page = browse.search(db, q, f)
    else:
        page = browse.quotes(db, f)
    params = {"q": q, **f.as_params()}
    if f.limit != browse.DEFAULT_LIMIT:
        params["limit"] = f.limit
    return render(
        request,
        "search.html",
        title=f"“{q}”" if q else None,
        q=q or "",
        f=f,
        page=page,
        params=params,
        counts=browse.overview(db),
        outlets=browse.facet_values(db, "outlet"),
        kinds=QUOTE_KINDS,
    )


@router.get("/statements/{statement_id}", response_class=HTMLResponse)
def statement_page(request: Request, db: Db, statement_id: Id):
    item = browse.statement(db, statement_id)
    if item is None:
        raise _missing("statement", statement_id)
    return render(request, "statement.html", title=item["text"][:80], s=item)


@router.get("/entities", response_class=HTMLResponse)
def entities_page(
    request: Request,
    db: Db,
    f: Annotated[Filters, Depends(entity_filters)],
    name: Annotated[str | None, Query(max_length=200)] = None,
):
    page = browse.entities(db, f, name=name or None)
    params = {"name": name, **f.as_params()}
    return render(
        request, "entities.html", title="Speakers", page=page, params=params, name=name or "", f=f, kinds=ENTITY_KINDS
    )


@router.get("/entities/{entity_id}", response_class=HTMLResponse)
def entity_page(request: Request, db: Db, entity_id: Id):
    item = browse.entity(db, entity_id, points=50)  # the chart loads its points from the API
    if item is None:
        raise _missing("speaker", entity_id)
    recent = list(reversed(item["timeline"]))
    return render(request, "entity.html", title=item["name"], e=item, recent=recent)


@router.get("/stories", response_class=HTMLResponse)
def stories_page(request: Request, db: Db, f: QuoteFilters):
    page = browse.stories(db, f)
    return render(request, "stories.html", title="Stories", page=page, params=f.as_params())


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story_page(request: Request, db: Db, story_id: Id):
    item = browse.story(db, story_id)
    if item is None:
        raise _missing("story", story_id)
    return render(request, "story.html", title=item["title"], st=item)


@router.get("/articles", response_class=HTMLResponse)
def articles_page(request: Request, db: Db, f: QuoteFilters):
    page = browse.articles(db, f)
    return render(
        request,
        "articles.html",
        title="Articles",
        page=page,
        params=f.as_params(),
        f=f,
        outlets=browse.facet_values(db, "outlet"),
    )


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, db: Db, article_id: Id):
    item = browse.article(db, article_id)
    if item is None:
        raise _missing("article", article_id)
    by_id = {q["id"]: q for q in item["quotes"]}
    return render(request, "article.html", title=item["title"] or item["id"], a=item, quotes_by_id=by_id)


@router.get("/docs", response_class=HTMLResponse)
def api_docs(request: Request):
    """The API described from its own OpenAPI schema, with nothing loaded from elsewhere."""
    schema = request.app.openapi()
    endpoints = []
    for path, methods in schema.get("paths", {}).items():
        for method, op in methods.items():
            params = [
                {
                    "name": p["name"],
                    "in": p["in"],
                    "required": p.get("required", False),
                    "description": p.get("description") or p.get("schema", {}).get("description", ""),
                }
                for p in op.get("parameters", [])
            ]
            endpoints.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": op.get("summary", ""),
                    "description": op.get("description", ""),
                    "params": params,
                }
            )
    return render(request, "docs.html", title="HTTP API", endpoints=endpoints)
