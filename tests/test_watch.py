"""`onrecord watch`: conditional GETs, only new items, retries of passing failures, the command."""

from __future__ import annotations

import json
import signal
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from onrecord.cli import app
from onrecord.config import Config
from onrecord.store import open_store
from onrecord.watch import Watcher, parse_interval
from sources_server import LocalSite, Reply, article_html, opml, rss

PARAGRAPHS = [
    "The port authority of Eastwick said on Monday that the northern quay would reopen after three weeks of repairs.",
    '"We expect the first ferries on Thursday, weather permitting," harbour master Joris Vandermeer told the '
    "Eastwick Courier, adding that freight would follow a week later.",
    "Local traders had complained that the closure cost them a third of their autumn business, according to a "
    "survey by the chamber of commerce.",
    'Councillor Anouk Brandt said the repairs were "long overdue" and promised a review of the maintenance budget.',
]


def page(n: int) -> str:
    return article_html(f"Quay story {n}", [f"Report {n}."] + PARAGRAPHS)


def item(site: LocalSite, n: int) -> dict:
    return {
        "title": f"Quay story {n}",
        "link": site.url(f"/story/{n}"),
        "guid": f"courier-{n}",
        "description": "Teaser…",
        "pubDate": f"Mon, 0{n} Nov 2026 10:00:00 GMT",
    }


def serve_feed(site: LocalSite, numbers: list[int], etag: str) -> str:
    body = rss("Eastwick Courier", [item(site, n) for n in numbers]).encode()
    return site.serve("/feed.rss", Reply(body, content_type="application/rss+xml", etag=etag))


def fast(batch_size: int = 64) -> Config:
    return Config(fetch_timeout_s=2.0, fetch_retries=0, per_host_interval_s=0.0, jobs=1, batch_size=batch_size)


@pytest.fixture
def site():
    with LocalSite() as s:
        for n in range(1, 6):
            s.serve(f"/story/{n}", page(n))
        yield s


def test_parse_interval():
    assert parse_interval("30s") == 30
    assert parse_interval("10m") == 600
    assert parse_interval("1h") == 3600
    assert parse_interval("1h30m") == 5400
    assert parse_interval("45") == 45
    for bad in ("soon", "0s", "", "10x"):
        with pytest.raises(ValueError):
            parse_interval(bad)


def test_rounds_take_only_new_items_and_use_conditional_get(site, tmp_path):
    feed_url = serve_feed(site, [1, 2], etag='"v1"')
    with open_store(tmp_path / "w.db") as store, Watcher([feed_url], store, fast(batch_size=1)) as watcher:
        first = watcher.round()
        assert first.new_items == 2 and first.added.new_articles == 2
        assert store.counts()["articles"] == 2

        second = watcher.round()  # unchanged feed: the server answers 304
        assert second.feeds[0].outcome == "not modified" and second.new_items == 0
        assert site.hits_to("/feed.rss")[-1].headers.get("if-none-match") == '"v1"'

        serve_feed(site, [3, 1, 2], etag='"v2"')
        third = watcher.round()
        assert third.new_items == 1 and third.added.new_articles == 1
        assert store.counts()["articles"] == 3
    assert [len(site.hits_to(f"/story/{n}")) for n in (1, 2, 3)] == [1, 1, 1]


def test_seen_items_survive_a_restart_and_a_feed_without_validators(site, tmp_path):
    body = rss("Eastwick Courier", [item(site, 1)]).encode()
    feed_url = site.serve("/plain.rss", Reply(body, content_type="application/rss+xml"))  # no ETag
    with open_store(tmp_path / "w.db") as store:
        with Watcher([feed_url], store, fast()) as watcher:
            assert watcher.round().new_items == 1
        with Watcher([feed_url], store, fast()) as watcher:
            again = watcher.round()
            assert again.feeds[0].outcome == "changed" and again.new_items == 0
        assert store.counts()["articles"] == 1
    assert len(site.hits_to("/story/1")) == 1


def test_an_item_that_failed_for_a_passing_reason_is_tried_again(site, tmp_path):
    site.serve("/story/4", Reply(b"busy", 503, "text/plain"), Reply(page(4).encode()))
    feed_url = serve_feed(site, [4], etag='"v1"')
    with open_store(tmp_path / "w.db") as store, Watcher([feed_url], store, fast()) as watcher:
        first = watcher.round()
        assert first.added.new_articles == 0 and [f.reason for f in first.added.failed] == ["server error"]
        second = watcher.round()  # the validators were dropped, so the whole feed came back
        assert second.feeds[0].outcome == "changed"
        assert second.added.new_articles == 1 and not second.added.failed
        assert store.counts()["articles"] == 1
        assert store.failures() == []


def test_a_lasting_failure_is_recorded_once_and_not_retried(site, tmp_path):
    feed_url = serve_feed(site, [9], etag='"v1"')  # /story/9 is not served: 404
    with open_store(tmp_path / "w.db") as store, Watcher([feed_url], store, fast()) as watcher:
        assert [f.reason for f in watcher.round().added.failed] == ["HTTP 404"]
        serve_feed(site, [9], etag='"v2"')
        assert watcher.round().added.failed == []
        assert [f.reason for f in store.failures()] == ["HTTP 404"]
    assert len(site.hits_to("/story/9")) == 1


def test_opml_lists_are_expanded_every_round(site, tmp_path):
    feed_url = serve_feed(site, [1], etag='"v1"')
    listing = tmp_path / "feeds.opml"
    listing.write_text(opml([feed_url]), encoding="utf-8")
    with open_store(tmp_path / "w.db") as store, Watcher([str(listing)], store, fast()) as watcher:
        assert watcher.round().new_items == 1
        other = site.serve("/other.rss", rss("Harbour Herald", [item(site, 5)]), content_type="application/rss+xml")
        listing.write_text(opml([feed_url, other]), encoding="utf-8")
        report = watcher.round()
        assert len(report.feeds) == 2 and report.new_items == 1


def test_an_opml_list_served_at_any_url_is_expanded(site, tmp_path):
    feed_url = serve_feed(site, [1, 2], etag='"v1"')
    listing = site.serve("/subscriptions", opml([feed_url]), content_type="text/xml")
    with open_store(tmp_path / "w.db") as store, Watcher([listing], store, fast()) as watcher:
        first = watcher.round()
        assert [f.feed for f in first.feeds] == [feed_url] and first.new_items == 2
        second = watcher.round()
        assert [f.outcome for f in second.feeds] == ["not modified"]


def test_watch_once_twice_picks_up_only_the_new_item(site, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "onrecord.toml").write_text("per_host_interval_s = 0.0\nfetch_retries = 0\njobs = 1\n")
    feed_url = serve_feed(site, [1, 2], etag='"v1"')
    runner = CliRunner()
    args = ["watch", feed_url, "--once", "--db", str(tmp_path / "w.db"), "--json"]

    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    assert json.loads(first.stdout)["new_items"] == 2
    assert json.loads(first.stdout)["new_articles"] == 2

    serve_feed(site, [1, 2, 3], etag='"v2"')
    second = runner.invoke(app, args)
    assert second.exit_code == 0, second.output
    report = json.loads(second.stdout)
    assert report["new_items"] == 1 and report["new_articles"] == 1 and report["failed"] == []

    with open_store(tmp_path / "w.db") as store:
        assert store.counts()["articles"] == 3
    assert [len(site.hits_to(f"/story/{n}")) for n in (1, 2, 3)] == [1, 1, 1]


def test_watch_rejects_a_bad_interval(tmp_path):
    result = CliRunner().invoke(
        app, ["watch", "http://127.0.0.1:9/feed", "--every", "often", "--db", str(tmp_path / "w.db")]
    )
    assert result.exit_code == 2
    assert "not an interval" in result.output


def test_ctrl_c_stops_a_running_watch_cleanly(site, tmp_path):
    (tmp_path / "onrecord.toml").write_text("per_host_interval_s = 0.0\nfetch_retries = 0\njobs = 1\n")
    feed_url = serve_feed(site, [1], etag='"v1"')
    db = tmp_path / "w.db"
    command = [sys.executable, "-m", "onrecord", "watch", feed_url, "--every", "1h", "--db", str(db)]
    proc = subprocess.Popen(command, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        first_line = proc.stdout.readline()  # printed after the first round; then it sleeps for an hour
        assert first_line.startswith("round 1:"), first_line + proc.stderr.read()
        proc.send_signal(signal.SIGINT)
        _out, errors = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0
    assert "stopped after 1 round(s)" in errors
    with open_store(db) as store:
        assert store.counts()["articles"] == 1


def test_a_signal_taken_by_another_thread_still_stops_the_sleep_between_rounds():
    """Ctrl-C sent to the process may land on any thread (the model's libraries start some):
    the sleep between rounds must end soon after, not when its hour is over."""
    import threading
    import time

    from onrecord.watch import sleep_until_stopped

    def interrupt_from_here():
        time.sleep(0.3)
        signal.pthread_kill(threading.get_ident(), signal.SIGINT)  # this thread takes the signal

    other = threading.Thread(target=interrupt_from_here)
    started = time.monotonic()
    other.start()
    with pytest.raises(KeyboardInterrupt):
        sleep_until_stopped(60)
    other.join()
    assert time.monotonic() - started < 5
