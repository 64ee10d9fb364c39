"""A small synthetic store for the API, page, export and browser tests.

Every outlet, person and word here is made up. Some article text is hostile on
purpose (script tags, event-handler attributes, HTML entities, quote marks, RTL text):
the web must show it as text and never run it.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass, field
from pathlib import Path

from onrecord.records import Article, DateEvidence, Document, Mention, Quote, RemovedSpan
from onrecord.store import open_store

HOSTILE_SCRIPT = "<script>alert(1)</script>"
HOSTILE_IMG = "<img src=x onerror=alert(1)>"
HOSTILE_ENTITIES = "&amp; &lt;b&gt;not bold&lt;/b&gt;"
HOSTILE_QUOTE = 'Tell them "<b>no</b>" & mean it <img src=x onerror=alert(2)>'
RTL_QUOTE = "سنواصل الحوار مع جميع الأطراف"
HOSTILE_STORY = "Council vote <svg onload=alert(4)>"


@dataclass
class Built:
    path: Path
    articles: dict[str, str] = field(default_factory=dict)  # label -> article id
    documents: dict[str, str] = field(default_factory=dict)  # label -> document id
    quotes: dict[str, str] = field(default_factory=dict)  # label -> quote id
    statements: dict[str, str] = field(default_factory=dict)
    entities: dict[str, str] = field(default_factory=dict)
    stories: dict[str, str] = field(default_factory=dict)


ENTITIES = [
    ("velden", "Mara Velden", "person", "Norland"),
    ("aurel", "Tomas Aurel", "person", "Southmarch"),
    ("haddad", "ليلى حداد", "person", "Qaryat"),
    ("quill", "Oren Quill", "person", "Norland"),
    ("norland", "Norland Ministry of Foreign Affairs", "government", "Norland"),
]

ROLES = [
    ("velden", "Minister of Foreign Affairs", "Norland", "2019-05-01", None),
    ("velden", "Deputy Minister of Trade", "Norland", "2015-02-01", "2019-04-30"),
    ("aurel", "Prime Minister", "Southmarch", "2020-01-10", None),
]

STORIES = [
    ("treaty", "Harbour treaty talks", "2024-03-01", "2024-04-30"),
    ("fish", "Fisheries dispute", "2023-06-01", "2025-02-01"),
    ("council", HOSTILE_STORY, "2025-01-01", "2025-01-31"),
]


# label, outlet, published, title, story, paragraphs; each quote marker [[label|kind|speaker|said_on|statement]]
ARTICLES = [
    (
        "wire",
        "Eastgate Wire",
        "2024-03-14",
        "Velden says harbour treaty is within reach",
        "treaty",
        [
            "PORTVALE, March 14 (Eastgate Wire) -- Norland's foreign minister said on Thursday the treaty was close.",
            '"[[t1|direct|velden|2024-03-14|s1:We are one signature away from a harbour treaty that serves both shores]]," '
            "Mara Velden told reporters after the talks.",
            "Tomas Aurel said [[t2|indirect|aurel|2024-03-14|s2:his government would study the draft carefully]].",
        ],
    ),
    (
        "herald",
        "Harbour Herald",
        "2024-03-15",
        "Treaty 'one signature away', minister says",
        "treaty",
        [
            "The minister was upbeat.",
            '"[[t3|direct|velden|2024-03-14|s1:We are one signature away from a harbour treaty that serves both shores]]," '
            "Velden said, according to Eastgate Wire.",
            'The opposition leader Oren Quill called it "[[t4|partial|quill|2024-03-15|s3:a rushed deal]]".',
        ],
    ),
    (
        "fish2023",
        "Nordic Daily Ledger",
        "2023-07-02",
        "Fishing quotas: Velden rejects claims",
        "fish",
        [
            "Quotas were the main topic in Portvale.",
            '"[[f1|direct|velden|2023-07-01|s4:Our boats have fished these waters for three hundred years]]," Velden said.',
            'Aurel replied that "[[f2|partial|aurel|2023-07-02|s5:history is not a licence]]".',
        ],
    ),
    (
        "fish2025",
        "Le Courrier Fictif",
        "2025-01-20",
        "Velden softens tone on quotas",
        "fish",
        [
            '"[[f3|direct|velden|2025-01-19|s6:We are ready to share the catch data with every neighbour]]," '
            "the minister said on Sunday.",
            'Leila Haddad said: "[[f4|direct|haddad|2025-01-19|s7:' + RTL_QUOTE + ']]".',
        ],
    ),
    (
        "hostile",
        "Harbour Herald",
        "2025-01-22",
        HOSTILE_SCRIPT + " Council vote & the <i>aftermath</i>",
        "council",
        [
            "Before the vote: " + HOSTILE_SCRIPT + " and " + HOSTILE_IMG + " were pasted into the page.",
            "Entities stay as written: " + HOSTILE_ENTITIES + ".",
            '"[[h1|direct|quill|2025-01-21|s8:' + HOSTILE_QUOTE + ']]," Quill said.',
        ],
    ),
]


def parse_paragraphs(paragraphs: list[str]) -> tuple[str, list[tuple[int, int]], list[dict]]:
    """Join paragraphs, strip the [[...]] quote markers, and return the clean text with spans."""
    text, spans, found = "", [], []
    for i, para in enumerate(paragraphs):
        if i:
            text += "\n\n"
        start = len(text)
        rest = para
        while "[[" in rest:
            before, _, tail = rest.partition("[[")
            marker, _, rest = tail.partition("]]")
            head, _, words = marker.partition(":")
            label, kind, speaker, said_on, statement = head.split("|")
            text += before
            found.append(
                {
                    "label": label,
                    "kind": kind,
                    "speaker": speaker,
                    "said_on": said_on,
                    "statement": statement,
                    "start": len(text),
                    "end": len(text) + len(words),
                    "text": words,
                }
            )
            text += words
        text += rest
        spans.append((start, len(text)))
    return text, spans, found


def build_store(path: Path) -> Built:
    built = Built(path)
    names = {key: name for key, name, *_ in ENTITIES}
    with open_store(path) as store, store.transaction() as db:
        for key, name, kind, country in ENTITIES:
            eid = f"ent-{key}"
            built.entities[key] = eid
            db.execute(
                "INSERT INTO entities (id, name, kind, country, source) VALUES (?, ?, ?, ?, 'user')",
                (eid, name, kind, country),
            )
            db.execute(
                "INSERT INTO entity_aliases (entity_id, alias, alias_key) VALUES (?, ?, ?)", (eid, name, name.lower())
            )
        for key, title, org, start, end in ROLES:
            db.execute(
                "INSERT INTO entity_roles (entity_id, title, organisation, start, end) VALUES (?, ?, ?, ?, ?)",
                (built.entities[key], title, org, start, end),
            )
        for key, title, start, end in STORIES:
            built.stories[key] = f"story-{key}"
            db.execute(
                "INSERT INTO stories (id, title, start, end) VALUES (?, ?, ?, ?)", (f"story-{key}", title, start, end)
            )

        by_statement: dict[str, list[tuple[str, str, str, str]]] = {}
        for label, outlet, published, title, story, paragraphs in ARTICLES:
            text, spans, found = parse_paragraphs(paragraphs)
            raw = f"<html><body><h1>{title}</h1>{text}</body></html>".encode()
            doc = Document.from_bytes(
                raw,
                f"https://{outlet.lower().replace(' ', '-')}.example/{label}",
                "text/html",
                "2025-02-01T00:00:00+00:00",
            )
            store.put_document(doc)
            aid = f"art-{label}"
            removed = [RemovedSpan(len(text), len(text), "Share this: " + HOSTILE_SCRIPT, "share buttons")]
            url = "javascript:alert(5)" if label == "hostile" else doc.uri
            store.put_article(
                Article(
                    id=aid,
                    document_id=doc.id,
                    text=text,
                    url=url,
                    outlet=outlet,
                    title=title,
                    published=DateEvidence(published, "meta"),
                    paragraphs=spans,
                    removed=removed,
                    story_id=built.stories[story],
                )
            )
            built.articles[label] = aid
            built.documents[label] = doc.id
            quotes = []
            for q in found:
                speaker_name = names[q["speaker"]]
                quote = Quote(
                    article_id=aid,
                    start=q["start"],
                    end=q["end"],
                    text=q["text"],
                    kind=q["kind"],
                    cue="said",
                    speaker_mention=Mention(speaker_name, 0, 0),
                    speaker=speaker_name,
                    speaker_kind="person",
                    entity_id=built.entities[q["speaker"]],
                    confidence=0.9,
                    said_on=DateEvidence(q["said_on"], "dateline"),
                    statement_id=f"st-{q['statement']}",
                )
                quotes.append(quote)
                built.quotes[q["label"]] = quote.id
                by_statement.setdefault(q["statement"], []).append(
                    (quote.id, q["speaker"], q["said_on"], q["text"], published, story)
                )
            store.put_quotes(aid, quotes)

        for sid, reports in by_statement.items():
            reports.sort(key=lambda r: r[4])
            first = reports[0]
            built.statements[sid] = f"st-{sid}"
            db.execute(
                "INSERT INTO statements (id, speaker_entity_id, said_on, canonical_text, canonical_quote_id,"
                " first_quote_id, n_reports, story_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    f"st-{sid}",
                    built.entities[first[1]],
                    first[2],
                    first[3],
                    first[0],
                    first[0],
                    len(reports),
                    built.stories[first[5]],
                ),
            )
    return built


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
