"""RSS and Atom feeds (feedparser) and OPML lists of feeds: one Document per feed item.

An item whose feed carries the whole article (content:encoded, atom:content, or a long
description) becomes a Document of that HTML; an item with only a summary is fetched
from its link. Either way the feed's own fields travel as hints: url, title, published
(ISO, UTC), outlet (the feed's title), id (the guid), byline, language.
"""

from __future__ import annotations

import email.utils
import hashlib
import html
import io
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

import feedparser

from onrecord.config import Config
from onrecord.records import Document, Failure

if TYPE_CHECKING:
    from onrecord.ingest.fetch import Fetcher

# Below this many characters of text, feed content is taken for a teaser and the page is fetched.
FULL_TEXT_MIN_CHARS = 1200
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")
_TEASER_END = re.compile(
    r"(\u2026|\.\.\.|\[\u2026\]|\[\.\.\.\]|read more\W*|continue reading\W*|read the (full|rest)[^.]{0,60})$", re.I
)
_POWERED_BY = re.compile(r"\s*The post .{1,300} appeared first on .{1,200}$", re.S)
_FIRST_ELEMENT = re.compile(rb"<([A-Za-z_][\w.:-]*)")
_PROLOGUE = re.compile(rb"<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>", re.S | re.I)


@dataclass(slots=True)
class FeedItem:
    key: str  # what identifies the item across fetches: guid, else link, else a hash
    link: str | None
    hints: dict[str, str | None]
    content_html: str | None  # the whole article when the feed carries it


@dataclass(slots=True)
class Feed:
    uri: str
    title: str | None
    items: list[FeedItem] = field(default_factory=list)


# -- sniffing -----------------------------------------------------------------------------


def xml_kind(head: bytes) -> str | None:
    """The kind of XML document, "feed", "opml" or None, from its first element."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    text = _PROLOGUE.sub(b"", text[:8192]).lstrip()
    match = _FIRST_ELEMENT.match(text)
    if not match:
        return None
    name = match.group(1).decode("ascii", "replace").lower().rpartition(":")[2]
    if name in ("rss", "feed", "rdf"):
        return "feed"
    if name == "opml":
        return "opml"
    return None


# -- feeds --------------------------------------------------------------------------------


def parse_feed(raw: bytes, uri: str) -> Feed | Failure:
    headers = {"content-location": uri} if urlsplit(uri).scheme in ("http", "https") else {}
    parsed = feedparser.parse(io.BytesIO(raw), response_headers=headers, sanitize_html=True)
    if not parsed.get("version") and not parsed.entries:
        problem = parsed.get("bozo_exception")
        return Failure(uri, "ingest", "not a feed", str(problem) if problem else "no RSS or Atom items found")
    meta = parsed.feed
    outlet = _clean_text(meta.get("title")) or None
    language = (meta.get("language") or "").split("-")[0].lower() or None
    feed = Feed(uri, outlet)
    for entry in parsed.entries:
        feed.items.append(_item(entry, uri, outlet, language))
    return feed


def iter_feed(raw: bytes, uri: str, config: Config, fetcher: Fetcher) -> Iterator[Document | Failure]:
    feed = parse_feed(raw, uri)
    if isinstance(feed, Failure):
        yield feed
        return
    for item in feed.items:
        yield item_document(item, feed, fetcher)


def item_document(item: FeedItem, feed: Feed, fetcher: Fetcher) -> Document | Failure:
    """The item's article: the feed's own full text, else its page."""
    if item.content_html is not None:
        raw = _page(item.hints.get("title"), item.content_html).encode("utf-8")
        uri = item.link or f"{feed.uri}#{item.key}"
        now = datetime.now(UTC).isoformat(timespec="seconds")
        return Document.from_bytes(raw, uri, "text/html", now, {**item.hints, "charset": "utf-8"})
    if not item.link:
        return Failure(f"{feed.uri}#{item.key}", "ingest", "empty", "the feed item has neither text nor a link")
    return fetcher.fetch_document(item.link, item.hints)


def iter_feed_url(url: str, config: Config, fetcher: Fetcher) -> Iterator[Document | Failure]:
    from onrecord.ingest.fetch import FEED_TYPES, PAGE_TYPES

    got = fetcher.fetch(url, accept=FEED_TYPES | PAGE_TYPES)
    if isinstance(got, Failure):
        yield got
        return
    yield from iter_feed(got.body, got.final_url, config, fetcher)


# -- OPML ---------------------------------------------------------------------------------


def parse_opml(raw: bytes, uri: str) -> list[str] | Failure:
    """The feed URLs an OPML file lists (outline xmlUrl, nested outlines included), in order, once each."""
    try:
        root = ET.fromstring(raw)
    except ET.ParseError as exc:
        return Failure(uri, "ingest", "not valid OPML", str(exc))
    if root.tag.lower() != "opml":
        return Failure(uri, "ingest", "not valid OPML", f"the root element is <{root.tag}>")
    urls: list[str] = []
    for outline in root.iter("outline"):
        value = next((v for k, v in outline.attrib.items() if k.lower() == "xmlurl"), "").strip()
        if value and value not in urls:
            urls.append(value)
    return urls


def iter_opml(raw: bytes, uri: str, config: Config, fetcher: Fetcher) -> Iterator[Document | Failure]:
    urls = parse_opml(raw, uri)
    if isinstance(urls, Failure):
        yield urls
        return
    if not urls:
        yield Failure(uri, "ingest", "empty", "the OPML file lists no feeds (no outline with xmlUrl)")
        return
    for url in urls:
        yield from iter_feed_location(resolve_location(url, uri), config, fetcher)


def resolve_location(url: str, base: str) -> str:
    """A feed address from an OPML file: absolute URLs as they are, relative ones against the file."""
    if urlsplit(url).scheme in ("http", "https"):
        return url
    if urlsplit(base).scheme in ("http", "https"):
        return urljoin(base, url)
    return str(Path(base).parent / url) if not Path(url).is_absolute() else url


def iter_feed_location(location: str, config: Config, fetcher: Fetcher) -> Iterator[Document | Failure]:
    if urlsplit(location).scheme in ("http", "https"):
        yield from iter_feed_url(location, config, fetcher)
        return
    path = Path(location)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        yield Failure(location, "ingest", "not found", str(exc))
        return
    yield from iter_feed(raw, location, config, fetcher)


# -- helpers ------------------------------------------------------------------------------


def _item(entry, feed_uri: str, outlet: str | None, language: str | None) -> FeedItem:
    link = (entry.get("link") or "").strip() or None
    guid = (entry.get("id") or "").strip() or None
    title = _clean_text(entry.get("title")) or None
    published = _published(entry)
    key = guid or link or hashlib.sha256(f"{title}\n{published}".encode()).hexdigest()[:32]
    hints: dict[str, str | None] = {"url": link, "title": title, "published": published, "outlet": outlet, "id": guid}
    author = _clean_text(entry.get("author"))
    if author:
        hints["byline"] = author
    if language:
        hints["language"] = language
    hints = {k: v for k, v in hints.items() if v is not None}
    return FeedItem(key, link, hints, _full_text(entry, has_link=link is not None))


def _full_text(entry, *, has_link: bool) -> str | None:
    """The item's HTML when it is the whole article (or all there is); None when the page must be fetched."""
    candidates = [c.get("value") or "" for c in entry.get("content") or []]
    candidates.append(entry.get("summary") or "")
    best = max(candidates, key=lambda c: len(_plain(c)))
    text = _POWERED_BY.sub("", _plain(best)).strip()
    if not has_link:
        return best if text else None
    if len(text) >= FULL_TEXT_MIN_CHARS and not _TEASER_END.search(text[-80:]):
        return best
    return None


def _page(title: str | None, body_html: str) -> str:
    heading = f"<title>{html.escape(title)}</title>" if title else ""
    return f'<!DOCTYPE html>\n<html><head><meta charset="utf-8">{heading}</head><body><article>\n{body_html}\n</article></body></html>\n'


def _plain(fragment: str) -> str:
    return _SPACE.sub(" ", html.unescape(_TAG.sub(" ", fragment))).strip()


def _clean_text(value: object) -> str:
    return _plain(value) if isinstance(value, str) else ""


def _published(entry) -> str | None:
    """The item's date as ISO 8601, in the outlet's own time zone where the feed gives one.

    The local offset is kept because the day an outlet printed is the day a reader would cite;
    feedparser's own parse (UTC) is the fallback for dates only it can read.
    """
    written = (entry.get("published") or entry.get("updated") or "").strip()
    if written:
        for parse in (email.utils.parsedate_to_datetime, datetime.fromisoformat):
            try:
                when = parse(written)
            except (TypeError, ValueError, IndexError):
                continue
            if when.tzinfo is not None:
                return when.isoformat(timespec="seconds")
    parsed_time = entry.get("published_parsed") or entry.get("updated_parsed")
    if not parsed_time:
        return None
    try:
        return datetime(*parsed_time[:6], tzinfo=UTC).isoformat(timespec="seconds")
    except (TypeError, ValueError):
        return None
