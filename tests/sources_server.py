"""A small web site on 127.0.0.1 for tests of fetching, feeds, WARC files and watch.

Routes map a path to a list of responses served in turn (the last one repeats), so a
test can say "503, then 200". Every request is logged with its headers and time.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Reply:
    body: bytes = b""
    status: int = 200
    content_type: str | None = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    delay_s: float = 0.0  # wait before answering (a slow server)
    etag: str | None = None  # answer 304 to a request that already has it
    declare_length: bool = True


@dataclass
class Hit:
    path: str
    headers: dict[str, str]
    at: float


class LocalSite:
    def __init__(self) -> None:
        self.routes: dict[str, list[Reply]] = {}
        self.hits: list[Hit] = []
        self._stop = threading.Event()
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                site.hits.append(Hit(self.path, {k.lower(): v for k, v in self.headers.items()}, time.monotonic()))
                replies = site.routes.get(self.path)
                if not replies:
                    self._answer(Reply(b"not here", 404, "text/plain"))
                    return
                reply = replies.pop(0) if len(replies) > 1 else replies[0]
                if reply.delay_s and site._stop.wait(reply.delay_s):
                    return
                if reply.etag and self.headers.get("If-None-Match") == reply.etag:
                    self._answer(Reply(b"", 304, None, {"ETag": reply.etag}))
                    return
                self._answer(reply)

            def _answer(self, reply: Reply) -> None:
                self.send_response(reply.status)
                if reply.content_type:
                    self.send_header("Content-Type", reply.content_type)
                if reply.etag:
                    self.send_header("ETag", reply.etag)
                for key, value in reply.headers.items():
                    self.send_header(key, value)
                if reply.declare_length:
                    self.send_header("Content-Length", str(len(reply.body)))
                else:
                    self.send_header("Connection", "close")
                self.end_headers()
                try:
                    self.wfile.write(reply.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass
                if not reply.declare_length:
                    self.close_connection = True

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.server.block_on_close = False
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def url(self, path: str) -> str:
        return self.base + path

    def serve(self, path: str, *replies: Reply | bytes | str, content_type: str | None = None) -> str:
        """Serve `replies` at `path` in turn; returns the full URL."""
        made = []
        for r in replies:
            if isinstance(r, Reply):
                made.append(r)
            else:
                body = r.encode() if isinstance(r, str) else r
                made.append(Reply(body, content_type=content_type or "text/html; charset=utf-8"))
        self.routes[path] = made
        return self.url(path)

    def hits_to(self, path: str) -> list[Hit]:
        return [h for h in self.hits if h.path == path]

    def __enter__(self) -> LocalSite:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self.server.shutdown()
        self.server.server_close()


def article_html(title: str, paragraphs: list[str]) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return f"<!DOCTYPE html><html><head><title>{title}</title></head><body><article><h1>{title}</h1>{body}</article></body></html>"


def rss(title: str, items: list[dict]) -> str:
    """An RSS 2.0 feed; each item dict has link, title, guid, description, and optionally content, pubDate."""
    parts = []
    for it in items:
        content = f"<content:encoded><![CDATA[{it['content']}]]></content:encoded>" if it.get("content") else ""
        parts.append(
            f"<item><title>{it['title']}</title><link>{it['link']}</link><guid>{it['guid']}</guid>"
            f"<pubDate>{it.get('pubDate', 'Tue, 10 Nov 2026 09:30:00 GMT')}</pubDate>"
            f"<description><![CDATA[{it.get('description', '')}]]></description>{content}</item>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        f"<title>{title}</title><link>http://example.invalid/</link><description>news</description>"
        + "".join(parts)
        + "</channel></rss>"
    )


def atom(title: str, entries: list[dict]) -> str:
    parts = []
    for e in entries:
        content = f'<content type="html"><![CDATA[{e["content"]}]]></content>' if e.get("content") else ""
        parts.append(
            f'<entry><title>{e["title"]}</title><link href="{e["link"]}"/><id>{e["id"]}</id>'
            f"<updated>{e.get('updated', '2026-11-10T09:30:00Z')}</updated>"
            f"<summary>{e.get('summary', '')}</summary>{content}</entry>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>{title}</title><id>urn:test:{title}</id><updated>2026-11-10T09:30:00Z</updated>"
        + "".join(parts)
        + "</feed>"
    )


def opml(feed_urls: list[str]) -> str:
    outlines = "".join(f'<outline type="rss" text="f{i}" xmlUrl="{u}"/>' for i, u in enumerate(feed_urls))
    return (
        '<?xml version="1.0"?><opml version="2.0"><head><title>feeds</title></head>'
        f'<body><outline text="news">{outlines}</outline></body></opml>'
    )
