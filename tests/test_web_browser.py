"""The web UI in a real browser: Debian's Chromium, headless, driven by Playwright.

`onrecord serve` runs as a subprocess on a free loopback port over a synthetic store.
Each page's screenshot is written to test-artifacts/screenshots/<name>.png.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from conftest_web import HOSTILE_ENTITIES, HOSTILE_IMG, HOSTILE_QUOTE, HOSTILE_SCRIPT, RTL_QUOTE, build_store, free_port

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SHOTS = Path(__file__).resolve().parents[1] / "test-artifacts" / "screenshots"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    built = build_store(tmp_path_factory.mktemp("web") / "s.db")
    port = free_port()
    env = {**os.environ, "ONRECORD_API_TOKEN": ""}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "onrecord",
            "serve",
            "--db",
            str(built.path),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(base + "/api/stories", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            out = proc.stdout.read().decode(errors="replace") if proc.stdout else ""
            pytest.fail(f"onrecord serve did not start: {out[-2000:]}")
        time.sleep(0.2)
    yield base, built
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/system-deps.sh")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


class Watched:
    """A page that records every dialog, console error and request leaving the server."""

    def __init__(self, browser, base: str, viewport: dict | None = None):
        self.base = base
        self.context = browser.new_context(viewport=viewport or {"width": 1280, "height": 900})
        self.page = self.context.new_page()
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.outside: list[str] = []
        self.page.on("dialog", self._on_dialog)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", self._on_request)

    def _on_dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _on_request(self, request):
        if not request.url.startswith(self.base) and not request.url.startswith("data:"):
            self.outside.append(request.url)

    def goto(self, path: str):
        response = self.page.goto(self.base + path)
        assert response is not None and response.status == 200, path
        return response

    def shot(self, name: str) -> Path:
        SHOTS.mkdir(parents=True, exist_ok=True)
        path = SHOTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        assert path.stat().st_size > 1000
        return path

    def close(self):
        self.context.close()


def test_search_statement_report_article_journey(server, browser):
    base, built = server
    w = Watched(browser, base)
    w.goto("/")
    w.page.fill("input[name=q]", "signature harbour")
    w.page.press("input[name=q]", "Enter")
    w.page.wait_for_url("**/search?q=signature*")
    assert w.page.inner_text(".summary .total") == "2"
    facet = w.page.locator(".facet-outlet li")
    assert facet.count() == 2
    assert "Eastgate Wire" in w.page.inner_text(".facet-outlet")
    w.shot("search")

    # narrow by a facet: one outlet
    w.page.click(".facet-outlet a:has-text('Harbour Herald')")
    w.page.wait_for_url("**outlet=Harbour+Herald**")
    assert w.page.inner_text(".summary .total") == "1"
    w.shot("search-facet")

    # open the statement from a result
    w.page.click("a.statement-link >> nth=0")
    w.page.wait_for_url("**/statements/st-s1")
    assert "one signature away" in w.page.inner_text("blockquote.words")
    reports = w.page.locator("li.report")
    assert reports.count() == 2
    assert "Eastgate Wire" in reports.nth(0).inner_text()
    assert reports.nth(0).locator(".badge").first.text_content() == "primary"
    assert reports.nth(1).locator(".badge").count() == 0
    marks = w.page.locator("li.report mark")
    assert marks.count() == 2
    assert marks.nth(1).inner_text() == "We are one signature away from a harbour treaty that serves both shores"
    w.shot("statement")

    # follow the second report to its article; the quote is highlighted there
    reports.nth(1).locator("a.article-link").click()
    w.page.wait_for_url("**/articles/art-herald**")
    assert w.page.locator(".text mark").count() == 2
    assert "Harbour Herald" in w.page.inner_text("dd.outlet")
    w.shot("article")
    assert w.dialogs == [] and w.errors == [] and w.outside == []
    w.close()


def test_speaker_timeline_shows_words_on_hover(server, browser):
    base, built = server
    w = Watched(browser, base)
    w.goto(f"/entities/{built.entities['velden']}")
    w.page.wait_for_selector("#timeline[data-ready='1'] svg circle.mark")
    dots = w.page.locator("#timeline circle.mark")
    assert dots.count() == 3
    # one colour per story: three statements in two stories
    classes = {dots.nth(i).get_attribute("class") for i in range(3)}
    assert len(classes) == 2
    legend = w.page.inner_text("#timeline-legend")
    assert "Fisheries dispute (2)" in legend and "Harbour treaty talks (1)" in legend
    target = w.page.locator("#timeline circle.mark[data-said-on='2024-03-14']")
    target.hover()
    tip = w.page.locator("#timeline-tip")
    tip.wait_for(state="visible")
    assert "one signature away" in tip.inner_text()
    assert "Harbour treaty talks" in tip.inner_text()
    assert "one signature away" in target.locator("title").text_content()
    assert "Minister of Foreign Affairs" in w.page.inner_text("ul.roles")
    assert "2019-05-01" in w.page.inner_text("ul.roles")
    quoted_with = w.page.inner_text("ul.quoted-with")
    assert "Tomas Aurel" in quoted_with and "Oren Quill" in quoted_with
    w.shot("speaker")
    assert w.dialogs == [] and w.errors == [] and w.outside == []
    w.close()


def test_hostile_article_text_is_shown_never_run(server, browser):
    base, built = server
    w = Watched(browser, base)
    w.goto("/articles/art-hostile")
    text = w.page.inner_text(".text")
    assert HOSTILE_SCRIPT in text
    assert HOSTILE_IMG in text
    assert HOSTILE_ENTITIES in text  # entities shown as typed, not decoded
    assert w.page.inner_text(".text mark") == HOSTILE_QUOTE
    assert HOSTILE_SCRIPT in w.page.inner_text("h1")
    # no element came out of the text: no script, img or svg inside the article body
    assert w.page.locator(".text script, .text img, .text b, .text svg, h1 i").count() == 0
    # the javascript: URL is printed, not linked
    assert w.page.locator("a[href^='javascript']").count() == 0
    # removed junk is there on demand, as text
    w.page.click("details.removed summary")
    assert HOSTILE_SCRIPT in w.page.inner_text("details.removed")
    raw = w.page.locator("a.raw-link")
    assert raw.get_attribute("href") == f"/api/documents/{built.documents['hostile']}/raw"
    w.shot("article-hostile")

    # the story title with an svg onload, drawn by the timeline script, stays text too
    w.goto(f"/entities/{built.entities['quill']}")
    w.page.wait_for_selector("#timeline[data-ready='1'] svg circle.mark")
    assert "Council vote <svg onload=alert(4)>" in w.page.inner_text("#timeline-legend")
    w.page.locator("#timeline circle.mark[data-said-on='2025-01-21']").hover()
    assert HOSTILE_QUOTE in w.page.inner_text("#timeline-tip")
    w.shot("speaker-hostile")

    w.goto("/search?q=mean+it")
    assert HOSTILE_QUOTE in w.page.inner_text("ol.quotes")
    w.goto("/statements/st-s8")
    assert HOSTILE_QUOTE in w.page.inner_text("li.report mark")
    w.page.wait_for_timeout(300)  # give any stray handler time to fire
    assert w.dialogs == [], w.dialogs
    assert w.errors == [] and w.outside == []
    w.close()


def test_rtl_text_and_phone_width(server, browser):
    base, built = server
    w = Watched(browser, base, viewport={"width": 390, "height": 844})
    w.goto("/statements/st-s7")
    assert RTL_QUOTE in w.page.inner_text("blockquote.words")
    # nothing wider than the phone's screen
    assert w.page.evaluate("document.documentElement.scrollWidth") <= 390
    w.shot("statement-phone")
    w.goto("/search?q=signature")
    assert w.page.evaluate("document.documentElement.scrollWidth") <= 390
    w.shot("search-phone")
    w.goto(f"/entities/{built.entities['velden']}")
    w.page.wait_for_selector("#timeline[data-ready='1'] svg circle.mark")
    assert w.page.evaluate("document.documentElement.scrollWidth") <= 390
    w.shot("speaker-phone")
    assert w.dialogs == [] and w.errors == [] and w.outside == []
    w.close()


def test_story_and_docs_pages(server, browser):
    base, built = server
    w = Watched(browser, base)
    w.goto(f"/stories/{built.stories['treaty']}")
    assert w.page.locator("ol.statements li").count() == 3
    w.shot("story")
    w.goto("/docs")
    assert "/api/search" in w.page.inner_text("main")
    w.shot("api-docs")
    assert w.errors == [] and w.outside == []
    w.close()
