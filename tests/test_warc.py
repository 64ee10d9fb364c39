"""WARC and WARC.gz files, CC-NEWS style: HTML responses become documents, the rest is skipped or a failure."""

from __future__ import annotations

import gzip
import io

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from onrecord.config import Config
from onrecord.ingest.sources import claims_file, iter_source
from onrecord.ingest.warc import WarcStats, iter_warc
from onrecord.records import Document, Failure
from onrecord.store import open_store
from onrecord.watch import add_documents
from sources_server import LocalSite, Reply, article_html

PARAGRAPHS = [
    "The Eastwick port authority reopened the northern quay on Monday after three weeks of repairs.",
    '"We expect the first ferries on Thursday," harbour master Joris Vandermeer told reporters.',
    "Traders said the closure had cost them a third of their autumn business.",
]


def page(n: int) -> bytes:
    return article_html(f"Quay report {n}", [f"Report {n}."] + PARAGRAPHS).encode()


def _chunked(data: bytes) -> bytes:
    half = len(data) // 2
    return b"".join(f"{len(p):x}\r\n".encode() + p + b"\r\n" for p in (data[:half], data[half:])) + b"0\r\n\r\n"


def build_warc(gz: bool, *, pages: int = 3, extras: bool = True, big: bytes | None = None) -> tuple[bytes, list[int]]:
    """A crawl as CC-NEWS writes it; returns the bytes and the offsets of the HTML response records."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gz)
    offsets = []
    if extras:
        writer.write_record(writer.create_warcinfo_record("news.warc", {"software": "a test crawler"}))
    for n in range(pages):
        uri = f"https://courier.example/news/{n}"
        if extras:
            request = StatusAndHeaders(f"GET /news/{n} HTTP/1.1", [("Host", "courier.example")], is_http_request=True)
            writer.write_record(writer.create_warc_record(uri, "request", http_headers=request))
        body, headers = page(n), [("Content-Type", "text/html; charset=UTF-8")]
        if n == 1:  # as servers send it: gzip-encoded, chunked; warcio undoes both
            body = _chunked(gzip.compress(body))
            headers += [("Content-Encoding", "gzip"), ("Transfer-Encoding", "chunked")]
        offsets.append(out.tell())
        writer.write_record(
            writer.create_warc_record(
                uri,
                "response",
                payload=io.BytesIO(body),
                http_headers=StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1"),
                warc_headers_dict={"WARC-Date": f"2026-11-1{n}T08:00:00Z"},
            )
        )
        if extras:
            meta = writer.create_warc_record(
                uri,
                "metadata",
                payload=io.BytesIO(b"fetchTimeMs: 120\r\n"),
                warc_content_type="application/warc-fields",
            )
            writer.write_record(meta)
    if extras:
        image = StatusAndHeaders("200 OK", [("Content-Type", "image/jpeg")], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(
                "https://courier.example/logo.jpg",
                "response",
                payload=io.BytesIO(b"\xff\xd8\xff" + b"\0" * 50),
                http_headers=image,
            )
        )
        missing = StatusAndHeaders("404 Not Found", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(
                "https://courier.example/gone",
                "response",
                payload=io.BytesIO(b"<html>gone</html>"),
                http_headers=missing,
            )
        )
    if big is not None:
        offsets.append(out.tell())
        html = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(
                "https://courier.example/huge", "response", payload=io.BytesIO(big), http_headers=html
            )
        )
    return out.getvalue(), offsets


def read(path, config: Config | None = None, stats: WarcStats | None = None) -> list[Document | Failure]:
    return list(iter_warc(path, config or Config(), stats))


@pytest.mark.parametrize("gz", [False, True], ids=["warc", "warc.gz"])
def test_html_responses_become_documents_and_the_rest_is_skipped_and_counted(tmp_path, gz):
    data, _ = build_warc(gz)
    path = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    path.write_bytes(data)
    stats = WarcStats()
    docs = read(path, stats=stats)
    assert all(isinstance(d, Document) for d in docs)
    assert [d.uri for d in docs] == [f"https://courier.example/news/{n}" for n in range(3)]
    assert [d.raw for d in docs] == [page(n) for n in range(3)]  # chunked + gzip body decoded
    assert docs[0].retrieved_at == "2026-11-10T08:00:00+00:00"
    assert docs[2].media_type == "text/html" and docs[2].hints["url"] == "https://courier.example/news/2"
    assert docs[0].hints["charset"] == "utf-8"
    assert stats.documents == 3 and stats.failures == 0
    assert stats.skipped == {"warcinfo": 1, "request": 3, "metadata": 3, "not HTML": 1, "HTTP 4xx": 1}


def test_a_malformed_record_is_a_failure_naming_file_and_offset_and_the_rest_continue(tmp_path):
    data, offsets = build_warc(False, extras=False)
    broken = bytearray(data)
    broken[offsets[1] : offsets[1] + 8] = b"WORC/9.9"  # the second record's version line
    path = tmp_path / "crawl.warc"
    path.write_bytes(bytes(broken))
    got = read(path)
    assert [type(g).__name__ for g in got] == ["Document", "Failure", "Document"]
    assert got[1].reason == "malformed record" and got[1].uri == f"{path}#offset={offsets[1]}"
    assert got[2].uri == "https://courier.example/news/2"


def test_a_corrupt_gzip_member_is_a_failure_and_the_next_members_are_read(tmp_path):
    data, offsets = build_warc(True, extras=False)
    broken = bytearray(data)
    for i in range(offsets[1] + 20, offsets[1] + 60):
        broken[i] ^= 0x5A
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(bytes(broken))
    got = read(path)
    assert [type(g).__name__ for g in got] == ["Document", "Failure", "Document"]
    assert got[1].uri == f"{path}#offset={offsets[1]}"


def test_a_truncated_gzip_member_ends_the_file_with_a_failure_keeping_what_was_read(tmp_path):
    data, offsets = build_warc(True, extras=False)
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(data[: offsets[2] + 120])
    got = read(path)
    assert [type(g).__name__ for g in got] == ["Document", "Document", "Failure"]
    assert got[2].reason == "truncated file" and got[2].uri == f"{path}#offset={offsets[2]}"


def test_an_oversize_record_is_refused_and_the_others_kept(tmp_path):
    data, offsets = build_warc(True, extras=False, big=b"<html><body>" + b"<p>long</p>" * 3000 + b"</body></html>")
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(data)
    got = read(path, Config(max_document_bytes=10_000))
    assert [type(g).__name__ for g in got] == ["Document"] * 3 + ["Failure"]
    assert got[3].reason == "too large" and got[3].uri == f"{path}#offset={offsets[3]}"


def test_warc_files_are_recognised_by_name_and_by_content(tmp_path):
    data, _ = build_warc(True, extras=False)
    named = tmp_path / "crawl.warc.gz"
    named.write_bytes(data)
    anonymous = tmp_path / "download-1234"
    anonymous.write_bytes(data)
    plain = tmp_path / "plain-crawl"
    plain.write_bytes(build_warc(False, extras=False)[0])
    for path in (named, anonymous, plain):
        assert claims_file(path), path
        docs = list(iter_source(str(path), Config()))
        assert len(docs) == 3 and all(isinstance(d, Document) for d in docs), path


def test_a_warc_served_over_http_is_read_record_by_record(tmp_path):
    data, _ = build_warc(True)
    with LocalSite() as site:
        url = site.serve("/crawls/news.warc.gz", Reply(data, content_type="application/warc"))
        docs = list(iter_source(url, Config(per_host_interval_s=0.0, fetch_timeout_s=2.0)))
    assert [d.uri for d in docs] == [f"https://courier.example/news/{n}" for n in range(3)]
    assert docs[0].hints["source"].startswith(url + "#offset=")


def test_warc_records_become_articles_in_the_store(tmp_path):
    data, _ = build_warc(True)
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(data)
    config = Config(jobs=1)
    with open_store(tmp_path / "s.db") as store:
        report = add_documents(iter_source(str(path), config), store, config)
        assert report.new_articles == 3 and not report.failed
        again = add_documents(iter_source(str(path), config), store, config)
        assert again.new_articles == 0 and again.unchanged == 3
        assert store.counts()["articles"] == 3
