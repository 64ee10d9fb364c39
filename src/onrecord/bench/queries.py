"""Query latency on a synthetic store: search, speaker timeline, statement page.

The store is made up but shaped like a real one: speakers and outlets follow a Zipf law
(a few speak and publish most), words too, statements are carried by one to several
outlets, and dates spread over ten years. It is built with bulk inserts in one
transaction, then every request goes through the real HTTP application (ASGI, in
process) so routing, validation, SQL and rendering are all in the measured time.
"""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from itertools import accumulate
from pathlib import Path

from onrecord.records import sha256_hex
from onrecord.store import open_store

_SYLLABLES = [
    "ka", "lo", "mi", "ren", "tor", "va", "sel", "dun", "pra", "ni", "os", "bel", "gar", "tis", "mon", "ul",
    "fe", "ri", "zan", "cor", "del", "ha", "ith", "mar", "qua", "sto", "ven", "yo", "bri", "ast",
]  # fmt: skip
_COMMON = [
    "the", "we", "will", "not", "our", "is", "a", "to", "of", "and", "that", "this", "be", "for", "with",
    "talks", "agreement", "security", "border", "trade", "sanctions", "peace", "government", "people", "minister",
    "treaty", "islands", "dialogue", "partners", "region", "support", "economy", "energy", "water", "fishing",
]  # fmt: skip
_FIRST = ["Mara", "Tomas", "Ines", "Oren", "Lidia", "Kasper", "Nadia", "Pavel", "Greta", "Yusuf", "Ana", "Bram"]
_LAST = ["Velden", "Aurel", "Okafor", "Quill", "Marsh", "Tevet", "Lindqvist", "Haro", "Benin", "Castell", "Ruud"]


def _zipf_weights(n: int, s: float = 1.05) -> list[float]:
    return list(accumulate(1.0 / (i + 1) ** s for i in range(n)))


def _vocabulary(rng: random.Random, n: int) -> list[str]:
    words: set[str] = set()
    while len(words) < n:
        words.add("".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4))))
    return _COMMON + sorted(words)


def build(path: Path, n_quotes: int, seed: int = 7) -> dict[str, int]:
    """Write a synthetic store of about `n_quotes` quotes to `path` (which must not exist)."""
    rng = random.Random(seed)
    vocab = _vocabulary(rng, 4000)
    vocab_w = _zipf_weights(len(vocab), 1.0)
    n_speakers = max(20, n_quotes // 250)
    n_outlets = 40
    n_stories = max(10, n_quotes // 120)
    speakers = [(f"ent-{i:05d}", f"{rng.choice(_FIRST)} {rng.choice(_LAST)} {i}") for i in range(n_speakers)]
    speaker_w = _zipf_weights(n_speakers)
    outlets = [
        f"{rng.choice(['Daily', 'Morning', 'Harbour', 'Eastgate', 'Northern'])} {w.title()} {i}"
        for i, w in enumerate(rng.sample(vocab[40:], n_outlets))
    ]
    outlet_w = _zipf_weights(n_outlets, 0.8)
    day0 = date(2016, 1, 1)
    span_days = 3650
    stories = []
    for i in range(n_stories):
        start = day0 + timedelta(days=rng.randrange(span_days - 60))
        stories.append(
            (
                f"story-{i:05d}",
                " ".join(rng.choices(vocab[15:], k=3)).title(),
                start,
                start + timedelta(days=rng.randint(3, 60)),
            )
        )

    # Statements, each reported by 1..5 outlets (most by one).
    reports: list[tuple[int, int]] = []  # (statement index, report number)
    statements = []
    while len(reports) < n_quotes:
        si = len(statements)
        story = stories[rng.randrange(n_stories)]
        said = story[2] + timedelta(days=rng.randint(0, (story[3] - story[2]).days))
        speaker = rng.choices(range(n_speakers), cum_weights=speaker_w)[0]
        words = " ".join(rng.choices(vocab, cum_weights=vocab_w, k=rng.randint(6, 24))).capitalize()
        k = min(n_quotes - len(reports), rng.choices([1, 2, 3, 4, 5], weights=[55, 20, 12, 8, 5])[0])
        statements.append((f"st-{si:07d}", speaker, said.isoformat(), words, story[0], k))
        reports += [(si, r) for r in range(k)]
    rng.shuffle(reports)

    with open_store(path) as store:
        db = store.db
        db.execute("PRAGMA synchronous = OFF")
        with store.transaction():
            db.executemany(
                "INSERT INTO entities (id, name, kind, country, source) VALUES (?, ?, 'person', 'Norland', 'corpus')",
                speakers,
            )
            db.executemany(
                "INSERT INTO entity_roles (entity_id, title, organisation, start, end) VALUES (?, ?, ?, ?, ?)",
                [(sid, "Minister", "Norland", "2016-01-01", None) for sid, _ in speakers[:50]],
            )
            db.executemany(
                "INSERT INTO stories (id, title, start, end) VALUES (?, ?, ?, ?)",
                [(s[0], s[1], s[2].isoformat(), s[3].isoformat()) for s in stories],
            )
            first_quote: dict[int, tuple[str, str]] = {}  # statement -> (quote id, published)
            docs, arts, quotes = [], [], []
            for ai in range(0, len(reports), 3):
                chunk = reports[ai : ai + 3]
                aid = f"a{ai // 3:07d}"
                outlet = outlets[rng.choices(range(n_outlets), cum_weights=outlet_w)[0]]
                latest = max(statements[si][2] for si, _ in chunk)
                published = (date.fromisoformat(latest) + timedelta(days=rng.randint(0, 2))).isoformat()
                text, spans, paras = "", [], []
                for si, _ in chunk:
                    st = statements[si]
                    name = speakers[st[1]][1]
                    lead = " ".join(rng.choices(vocab, cum_weights=vocab_w, k=12)).capitalize() + ". "
                    pstart = len(text)
                    text += lead + '"'
                    qs = len(text)
                    text += st[3]
                    qe = len(text)
                    text += f'," {name} said.'
                    paras.append(f"[{pstart}, {len(text)}]")
                    text += "\n\n"
                    spans.append((si, qs, qe, name))
                raw = text.encode()
                did = sha256_hex(raw + aid.encode())
                docs.append(
                    (did, f"https://news.example/{aid}", "2026-01-01T00:00:00+00:00", "text/plain", len(raw), raw)
                )
                story_id = statements[chunk[0][0]][4]
                arts.append(
                    (
                        aid,
                        did,
                        f"https://news.example/{aid}",
                        outlet,
                        f"Report {aid}",
                        published,
                        text,
                        "[" + ", ".join(paras) + "]",
                        story_id,
                    )
                )
                for si, qs, qe, name in spans:
                    st = statements[si]
                    qid = f"{aid}:{qs}:{qe}"
                    kind = "direct" if si % 7 else "partial"
                    quotes.append(
                        (qid, aid, qs, qe, st[3], kind, "said", name, name, speakers[st[1]][0], 0.8, st[2], st[0])
                    )
                    prev = first_quote.get(si)
                    if prev is None or published < prev[1]:
                        first_quote[si] = (qid, published)
            db.executemany(
                "INSERT INTO documents (id, uri, retrieved_at, media_type, size, raw) VALUES (?, ?, ?, ?, ?, ?)", docs
            )
            db.executemany(
                "INSERT INTO articles (id, document_id, url, outlet, title, published, text, paragraphs, story_id,"
                " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '2026-01-01T00:00:00+00:00')",
                arts,
            )
            db.executemany(
                "INSERT INTO quotes (id, article_id, start, end, text, kind, cue, speaker_text, speaker, entity_id,"
                " confidence, said_on, statement_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                quotes,
            )
            db.executemany(
                "INSERT INTO statements (id, speaker_entity_id, said_on, canonical_text, canonical_quote_id,"
                " first_quote_id, n_reports, story_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (st[0], speakers[st[1]][0], st[2], st[3], first_quote[i][0], first_quote[i][0], st[5], st[4])
                    for i, st in enumerate(statements)
                ],
            )
        db.execute("ANALYZE")
        return store.counts()


def _percentile(values: list[float], q: float) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def _measure(client, urls: list[str]) -> dict[str, float]:
    times = []
    for url in urls:
        t = time.perf_counter()
        r = client.get(url)
        times.append((time.perf_counter() - t) * 1000)
        if r.status_code != 200:
            raise RuntimeError(f"{url} answered {r.status_code}: {r.text[:200]}")
    return {
        "n": len(times),
        "p50": round(_percentile(times, 50), 2),
        "p95": round(_percentile(times, 95), 2),
        "max": round(max(times), 2),
    }


def run(
    quotes: int = 100_000,
    requests: int = 200,
    db: str | None = None,
    seed: int = 7,
    progress: Callable[[str], None] | None = None,
) -> dict:
    """Build (or reuse) the synthetic store, then time each kind of request `requests` times."""
    from fastapi.testclient import TestClient

    from onrecord.web import create_app

    say = progress or (lambda _msg: None)
    tmp = None
    if db is None:
        tmp = tempfile.TemporaryDirectory(prefix="onrecord-bench-")
        path = Path(tmp.name) / "bench.db"
    else:
        path = Path(db)
    try:
        t0 = time.perf_counter()
        if path.exists():
            say(f"reusing {path}")
            with open_store(path) as store:
                counts = store.counts()
        else:
            say(f"building a synthetic store of {quotes} quotes in {path} ...")
            counts = build(path, quotes, seed)
        build_s = time.perf_counter() - t0
        rng = random.Random(seed + 1)
        client = TestClient(create_app(path))
        with open_store(path, readonly=True) as store:
            vocab = [r[0] for r in store.db.execute("SELECT text FROM quotes ORDER BY rowid LIMIT 2000")]
            words = [w.strip(".,").lower() for t in vocab for w in t.split() if len(w) > 3]
            speakers = [r[0] for r in store.db.execute("SELECT id FROM entities ORDER BY id")]
            heavy = [
                r[0]
                for r in store.db.execute(
                    "SELECT entity_id FROM quotes GROUP BY entity_id ORDER BY count(*) DESC LIMIT 10"
                )
            ]
            n_statements = store.scalar("SELECT max(rowid) FROM statements") or 0
            statement_ids = [
                r[0]
                for r in store.db.execute(
                    "SELECT id FROM statements WHERE rowid IN ({})".format(  # noqa: S608 (placeholders only)
                        ",".join("?" * min(requests, n_statements))
                    ),
                    [rng.randint(1, n_statements) for _ in range(min(requests, n_statements))],
                )
            ]
        # Searches as people type them: one common word, one rarer word, two words, a word and a filter.
        searches = []
        for i in range(requests):
            w1, w2 = rng.choice(words), rng.choice(words)
            searches.append(
                [
                    "/api/search?q={}",
                    "/api/search?q={}+{}",
                    "/search?q={}",
                    "/api/search?q={}&kind=direct&since=2020-01-01",
                ][i % 4].format(w1, w2)
            )
        # Speakers as people open them: mostly the prolific ones, sometimes anyone.
        people = [rng.choice(heavy) if i % 2 else rng.choice(speakers) for i in range(requests)]
        say(f"timing {requests} requests of each kind ...")
        latency = {
            "search": _measure(client, searches),
            "speaker_timeline": _measure(client, [f"/api/entities/{p}/timeline" for p in people]),
            "speaker_page": _measure(client, [f"/entities/{p}" for p in people]),
            "statement_page": _measure(client, [f"/statements/{s}" for s in statement_ids]),
        }
        return {
            "store": counts,
            "build_seconds": round(build_s, 2),
            "latency_ms": latency,
            "how": "in-process ASGI (TestClient), one request at a time, read-only connection per request",
        }
    finally:
        if tmp is not None:
            tmp.cleanup()


def build_bulk(path: Path, n_quotes: int, seed: int = 7) -> dict[str, int]:
    """`build`, made fast for millions of quotes: the full-text index is filled once after the load.

    The per-row trigger that keeps `quotes_fts` in step is dropped for the load and put back
    as it was (same SQL), then the index is built in one pass with FTS5's 'rebuild'. The
    store has the same rows and the same index as one built by `build`.
    """
    with open_store(path) as store:
        trigger = store.scalar("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'quotes_ai'")
        store.db.execute("DROP TRIGGER IF EXISTS quotes_ai")
    try:
        build(path, n_quotes, seed)
    finally:
        with open_store(path) as store:
            if trigger:
                store.db.execute(trigger)
    with open_store(path) as store:
        with store.transaction():
            store.db.execute("INSERT INTO quotes_fts(quotes_fts) VALUES ('rebuild')")
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        store.db.execute("ANALYZE")
        return store.counts()


def run_at_scale(
    quotes: int = 1_000_000,
    requests: int = 200,
    db: str | None = None,
    seed: int = 7,
    progress: Callable[[str], None] | None = None,
) -> dict:
    """`run` on a store built with `build_bulk` when `db` does not exist yet (kept at `db` if given)."""
    say = progress or (lambda _msg: None)
    tmp = None
    if db is None:
        tmp = tempfile.TemporaryDirectory(prefix="onrecord-bench-")
        db = str(Path(tmp.name) / "bench.db")
    try:
        path = Path(db)
        build_s = None
        if not path.exists():
            say(f"building a synthetic store of {quotes} quotes in {path} (bulk load, full-text index after) ...")
            t0 = time.perf_counter()
            build_bulk(path, quotes, seed)
            build_s = round(time.perf_counter() - t0, 2)
        else:
            with open_store(path):  # brings an older store's indexes up to date before timing
                pass
        result = run(quotes=quotes, requests=requests, db=str(path), seed=seed, progress=progress)
        if build_s is not None:
            result["build_seconds"] = build_s
        result["store_bytes"] = sum(p.stat().st_size for p in path.parent.glob(path.name + "*") if p.is_file())
        return result
    finally:
        if tmp is not None:
            tmp.cleanup()


SEARCH_FORMS = {
    "api_one_word": "/api/search?q={w1}",
    "api_two_words": "/api/search?q={w1}+{w2}",
    "page_one_word": "/search?q={w1}",
    "api_word_kind_since": "/api/search?q={w1}&kind=direct&since=2020-01-01",
}


def search_breakdown(db: str | Path, requests: int = 50, seed: int = 7) -> dict[str, dict[str, float]]:
    """p50/p95 of each form of search on its own, to see which one a slow search p95 comes from."""
    from fastapi.testclient import TestClient

    from onrecord.web import create_app

    path = Path(db)
    rng = random.Random(seed + 2)
    with open_store(path, readonly=True) as store:
        texts = [r[0] for r in store.db.execute("SELECT text FROM quotes ORDER BY rowid LIMIT 2000")]
    words = [w.strip(".,").lower() for t in texts for w in t.split() if len(w) > 3]
    pairs = [(rng.choice(words), rng.choice(words)) for _ in range(requests)]
    client = TestClient(create_app(path))
    return {
        name: _measure(client, [form.format(w1=w1, w2=w2) for w1, w2 in pairs]) for name, form in SEARCH_FORMS.items()
    }
