"""Fetching pages and feeds over HTTP, politely: robots.txt, a per-host pace, bounded retries.

Every refusal is a Failure with a plain reason ("disallowed by robots.txt", "too large",
"not a page or feed", "timed out", "HTTP 404", ...), never an exception. The body is
streamed and cut off at `Config.max_document_bytes`, so a huge or endless response costs
no more memory than the limit.
"""

from __future__ import annotations

import email.utils
import time
import urllib.robotparser
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import BinaryIO
from urllib.parse import urljoin, urlsplit

import httpx

from onrecord import __version__
from onrecord.config import Config
from onrecord.records import Document, Failure

PAGE_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain"})
FEED_TYPES = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/xml",
        "text/xml",
        "application/feed+json",
        "text/x-opml",
        "text/x-opml+xml",
    }
)
ARCHIVE_TYPES = frozenset(
    {"application/warc", "application/x-warc", "application/gzip", "application/x-gzip", "application/octet-stream"}
)
MAX_ARCHIVE_BYTES = 8 * 1024**3  # a WARC fetched by URL is spooled to a temporary file, not kept in memory
ACCEPT = "text/html, application/xhtml+xml, application/rss+xml, application/atom+xml, text/xml;q=0.9, */*;q=0.1"
MAX_REDIRECTS = 10
BACKOFF_BASE_S = 1.0
BACKOFF_CAP_S = 60.0
ROBOTS_TTL_S = 24 * 3600  # RFC 9309: rules may be cached for a day; a long watch reads them again
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
# Reasons a later attempt may cure; the watch loop tries such items again next round.
TRANSIENT_REASONS = frozenset({"timed out", "network error", "server error", "rate limited"})


def default_user_agent() -> str:
    return f"onrecord/{__version__} (+news quotation record; respects robots.txt)"


@dataclass(slots=True)
class Fetched:
    """A successful (or not-modified) response."""

    url: str  # as asked
    final_url: str  # after redirects
    status: int
    media_type: str
    charset: str | None
    body: bytes
    etag: str | None = None
    last_modified: str | None = None
    retrieved_at: str = ""

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    def document(self, hints: dict[str, str | None] | None = None) -> Document:
        merged: dict[str, str | None] = dict(hints or {})
        merged["url"] = self.final_url
        if self.charset:
            merged["charset"] = self.charset
        return Document.from_bytes(self.body, self.url, self.media_type, self.retrieved_at, merged)


@dataclass
class Fetcher:
    """One HTTP client with its robots.txt cache and per-host clock. Not thread-safe."""

    config: Config
    sleep: Callable[[float], None] = time.sleep
    _client: httpx.Client | None = field(default=None, init=False)
    _robots: dict[str, tuple[float, urllib.robotparser.RobotFileParser | str | None]] = field(
        default_factory=dict, init=False
    )
    _last_request: dict[str, float] = field(default_factory=dict, init=False)
    _host_interval: dict[str, float] = field(default_factory=dict, init=False)

    @property
    def user_agent(self) -> str:
        return self.config.user_agent or default_user_agent()

    @property
    def client(self) -> httpx.Client:
        if self._client is None:
            t = self.config.fetch_timeout_s
            self._client = httpx.Client(
                headers={"User-Agent": self.user_agent, "Accept": ACCEPT},
                timeout=httpx.Timeout(connect=t, read=t, write=t, pool=t),
                follow_redirects=False,  # followed by hand, so each hop passes robots.txt and the pace
            )
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the one entry point ----------------------------------------------------------

    def fetch(
        self,
        url: str,
        *,
        accept: frozenset[str] = PAGE_TYPES | FEED_TYPES,
        etag: str | None = None,
        last_modified: str | None = None,
        sink: BinaryIO | None = None,
        limit: int | None = None,
    ) -> Fetched | Failure:
        """GET `url` (following redirects), or the reason it was not fetched.

        With a `sink`, the body is written there instead of being kept (for archives larger
        than any one document); `limit` then bounds what is written.
        """
        current = url
        for _hop in range(MAX_REDIRECTS + 1):
            refused = self._check_url(url, current)
            if refused is not None:
                return refused
            headers = {}
            if etag:
                headers["If-None-Match"] = etag
            if last_modified:
                headers["If-Modified-Since"] = last_modified
            result = self._get_with_retries(url, current, headers, accept, sink, limit)
            if isinstance(result, str):  # a redirect: its target
                current = result
                continue
            return result
        return Failure(url, "ingest", "too many redirects", f"more than {MAX_REDIRECTS} redirects")

    def fetch_document(self, url: str, hints: dict[str, str | None] | None = None) -> Document | Failure:
        got = self.fetch(url, accept=PAGE_TYPES)
        return got if isinstance(got, Failure) else got.document(hints)

    # -- steps ------------------------------------------------------------------------

    def _check_url(self, asked: str, url: str) -> Failure | None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            return Failure(asked, "ingest", "unsupported URL", f"only http and https URLs are fetched: {url}")
        verdict = self._robots_verdict(url)
        if isinstance(verdict, str):
            return Failure(asked, "ingest", "network error", verdict)
        if not verdict:
            return Failure(asked, "ingest", "disallowed by robots.txt", url)
        return None

    def _get_with_retries(
        self, asked: str, url: str, headers: dict, accept: frozenset[str], sink: BinaryIO | None, limit: int | None
    ) -> Fetched | Failure | str:
        attempts = max(0, self.config.fetch_retries) + 1
        failure: Failure | None = None
        for attempt in range(attempts):
            self._pace(url)
            if sink is not None:  # a retry starts the file afresh
                sink.seek(0)
                sink.truncate()
            try:
                outcome, wait = self._get_once(asked, url, headers, accept, sink, limit)
            finally:
                self._last_request[_host_key(url)] = time.monotonic()  # the pace counts from the end of a request
            if not isinstance(outcome, Failure) or outcome.reason not in TRANSIENT_REASONS:
                return outcome
            failure = outcome
            if attempt + 1 < attempts:
                delay = wait if wait is not None else BACKOFF_BASE_S * (2**attempt)
                self.sleep(min(delay, BACKOFF_CAP_S))
        assert failure is not None
        if attempts > 1:
            failure.detail = f"{failure.detail}; gave up after {attempts} attempts"
        return failure

    def _get_once(
        self, asked: str, url: str, headers: dict, accept: frozenset[str], sink: BinaryIO | None, limit: int | None
    ) -> tuple[Fetched | Failure | str, float | None]:
        """One request. Returns (outcome, server-asked delay before a retry)."""
        limit = limit or self.config.max_document_bytes
        # A page has a time budget; an archive download only the per-read timeout.
        deadline = time.monotonic() + self.config.document_time_budget_s if sink is None else float("inf")
        try:
            with self.client.stream("GET", url, headers=headers) as response:
                status = response.status_code
                if status in (301, 302, 303, 307, 308):
                    location = response.headers.get("Location")
                    if not location:
                        return Failure(asked, "ingest", f"HTTP {status}", "redirect without a Location"), None
                    return urljoin(url, location), None
                if status == 304:
                    return self._fetched(asked, url, response, b""), None
                if status in RETRY_STATUSES:
                    reason = "rate limited" if status == 429 else "server error"
                    return Failure(asked, "ingest", reason, f"HTTP {status} from {url}"), _retry_after(response)
                if status >= 400:
                    return Failure(asked, "ingest", f"HTTP {status}", f"{url} answered {status}"), None
                declared = response.headers.get("Content-Length", "")
                if declared.isdigit() and int(declared) > limit:
                    return Failure(asked, "ingest", "too large", f"{declared} bytes declared, limit {limit}"), None
                media_type, charset = content_type(response.headers.get("Content-Type", ""))
                if media_type and media_type not in accept:
                    return Failure(asked, "ingest", "not a page or feed", f"content type {media_type} at {url}"), None
                body = bytearray()
                size = 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if sink is not None:
                        sink.write(chunk)
                    else:
                        body += chunk
                    if size > limit:
                        return Failure(asked, "ingest", "too large", f"body over {limit} bytes, stopped reading"), None
                    if time.monotonic() > deadline:
                        budget = self.config.document_time_budget_s
                        return Failure(asked, "ingest", "timed out", f"body still arriving after {budget:g}s"), None
                if not media_type and sink is None:
                    media_type = sniff_media_type(bytes(body[:2048]))
                if media_type not in accept and not (sink is not None and not media_type):
                    shown = media_type or "unknown"
                    return Failure(asked, "ingest", "not a page or feed", f"content type {shown} at {url}"), None
                got = self._fetched(asked, url, response, bytes(body))
                got.media_type, got.charset = media_type, charset
                return got, None
        except httpx.TimeoutException as exc:
            return Failure(
                asked, "ingest", "timed out", f"{type(exc).__name__} after {self.config.fetch_timeout_s:g}s"
            ), None
        except httpx.TransportError as exc:
            return Failure(asked, "ingest", "network error", f"{type(exc).__name__}: {exc}"), None
        except httpx.HTTPError as exc:
            return Failure(asked, "ingest", "network error", f"{type(exc).__name__}: {exc}"), None

    def _fetched(self, asked: str, url: str, response: httpx.Response, body: bytes) -> Fetched:
        return Fetched(
            url=asked,
            final_url=url,
            status=response.status_code,
            media_type="",
            charset=None,
            body=body,
            etag=response.headers.get("ETag"),
            last_modified=response.headers.get("Last-Modified"),
            retrieved_at=datetime.now(UTC).isoformat(timespec="seconds"),
        )

    # -- politeness -------------------------------------------------------------------

    def _pace(self, url: str) -> None:
        host = _host_key(url)
        interval = max(self.config.per_host_interval_s, self._host_interval.get(host, 0.0))
        last = self._last_request.get(host)
        if last is not None and interval > 0:
            wait = last + interval - time.monotonic()
            if wait > 0:
                self.sleep(wait)
        self._last_request[host] = time.monotonic()

    def _robots_verdict(self, url: str) -> bool | str:
        """True/False from the host's robots.txt, or why it could not be read."""
        host = _host_key(url)
        cached = self._robots.get(host)
        if cached is None or time.monotonic() - cached[0] > ROBOTS_TTL_S:
            cached = self._robots[host] = (time.monotonic(), self._load_robots(host))
        rules = cached[1]
        if rules is None:
            return True
        if isinstance(rules, str):
            return rules
        return rules.can_fetch(self.user_agent, url)

    def _load_robots(self, host: str) -> urllib.robotparser.RobotFileParser | str | None:
        """The host's rules; None when it has none; a str when the host cannot be reached.

        Rules that exist but cannot be read (5xx) mean: fetch nothing (RFC 9309).
        """
        robots_url = f"{host}/robots.txt"
        parser = urllib.robotparser.RobotFileParser(robots_url)
        for _hop in range(5):
            self._pace(robots_url)
            try:
                response = self.client.get(robots_url)
            except httpx.HTTPError as exc:
                return f"robots.txt of {host} could not be fetched: {type(exc).__name__}: {exc}"
            finally:
                self._last_request[_host_key(robots_url)] = time.monotonic()
            if response.status_code in (301, 302, 303, 307, 308) and response.headers.get("Location"):
                robots_url = urljoin(robots_url, response.headers["Location"])
                continue
            break
        else:
            return None
        status = response.status_code
        if status >= 500 or status == 429:
            parser.disallow_all = True
            return parser
        if status >= 400:
            return None
        parser.parse(response.content[: 512 * 1024].decode("utf-8", errors="replace").splitlines())
        delay = parser.crawl_delay(self.user_agent)
        if delay:
            self._host_interval[host] = min(float(delay), BACKOFF_CAP_S)
        return parser


def content_type(header: str) -> tuple[str, str | None]:
    """("text/html", "utf-8") from a Content-Type header."""
    parts = [p.strip() for p in header.split(";")]
    media = parts[0].lower()
    charset = None
    for part in parts[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip('"').lower()
    return media, charset


def sniff_media_type(head: bytes) -> str:
    """A media type for a body served without one."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<!doctype html", b"<html")) or b"<body" in text or b"<head" in text:
        return "text/html"
    if text.startswith(b"<?xml") or text.startswith((b"<rss", b"<feed", b"<rdf", b"<opml")):
        return "application/xml"
    if b"\x00" not in text:
        try:
            text.decode("utf-8")
        except UnicodeDecodeError:
            return ""
        return "text/plain"
    return ""


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("Retry-After", "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _host_key(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.lower()}"
