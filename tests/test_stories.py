import itertools
import json
from pathlib import Path

import pytest

from onrecord.config import Config
from onrecord.link import relink
from onrecord.records import Article, DateEvidence, Document, Mention, Quote
from onrecord.store import open_store
from onrecord.when import date_quotes

LEAD = (
    "Lindora's foreign minister Anna Kessler said on Tuesday that her government would stay away from the "
    "summit in Brellia unless the delta dispute was on the agenda, raising the stakes before the meeting."
)
WORDS = "We will not sit at a table where the delta is treated as someone else's business"


def _add(store, article_id, text, published, outlet, quotes):
    doc = Document.from_bytes(text.encode(), f"{article_id}.txt", "text/plain", "2024-03-01T00:00:00+00:00")
    article = Article(
        id=article_id,
        document_id=doc.id,
        text=text,
        outlet=outlet,
        title=text.split("\n")[0],
        published=DateEvidence(published, "test") if published else None,
    )
    records = []
    for quoted, speaker in quotes:
        start = text.index(quoted)
        records.append(
            Quote(
                article_id,
                start,
                start + len(quoted),
                quoted,
                "direct",
                speaker=speaker,
                speaker_mention=Mention(speaker, 0, len(speaker)),
            )
        )
    date_quotes(article, records)
    with store.transaction():
        store.put_document(doc)
        store.put_article(article)
        store.put_quotes(article_id, records)


def _dump(store):
    tables = {
        "articles": "SELECT id, duplicate_of, syndication_group, story_id FROM articles ORDER BY id",
        "quotes": "SELECT id, entity_id, statement_id, said_on FROM quotes ORDER BY id",
        "statements": "SELECT * FROM statements ORDER BY id",
        "stories": "SELECT * FROM stories ORDER BY id",
        "groups": "SELECT * FROM syndication_groups ORDER BY id",
        "entities": "SELECT * FROM entities ORDER BY id",
        "aliases": "SELECT entity_id, alias FROM entity_aliases ORDER BY entity_id, alias",
    }
    return {name: [tuple(r) for r in store.db.execute(sql)] for name, sql in tables.items()}


def test_relink_groups_stories_and_changes_nothing_when_run_again(tmp_path):
    store = open_store(tmp_path / "s.db")
    _add(
        store,
        "gazette",
        f'Kessler warns on summit\n{LEAD}\n"{WORDS}," Kessler said.',
        "2024-03-05",
        "Gazette",
        [(WORDS, "Anna Kessler")],
    )
    _add(
        store,
        "courier",
        f'Lindora may skip Brellia summit\nIn Vasta, Kessler told reporters: "{WORDS}."',
        "2024-03-06",
        "Courier",
        [(WORDS, "Kessler")],
    )
    _add(
        store,
        "aggregate",
        f'Kessler warns on summit\n{LEAD}\n"{WORDS}," Kessler said.\nRead original article here',
        "2024-03-07",
        "Aggregate",
        [(WORDS, "Anna Kessler")],
    )
    _add(
        store,
        "later",
        "Kessler opens harbour\nAnna Kessler on Friday opened a new harbour in Vasta, weeks later.\n"
        '"Fishing boats bring our towns back to life," Kessler said.',
        "2024-04-19",
        "Gazette",
        [("Fishing boats bring our towns back to life,", "Anna Kessler")],
    )

    relink(store, Config())
    first = _dump(store)

    stories = {r[0]: r[3] for r in first["articles"]}
    assert stories["gazette"] == stories["courier"] == stories["aggregate"]
    assert stories["later"] != stories["gazette"]
    assert len(first["stories"]) == 2

    assert first["groups"] and first["groups"][0][1] == "gazette"
    duplicate_of = {r[0]: r[1] for r in first["articles"]}
    assert duplicate_of["aggregate"] == "gazette"

    entity_ids = {r[1] for r in first["quotes"]}
    assert len(entity_ids) == 1 and None not in entity_ids  # "Kessler" joined "Anna Kessler"
    statement_of = {r[0].split(":")[0]: r[2] for r in first["quotes"]}
    assert statement_of["gazette"] == statement_of["courier"] == statement_of["aggregate"]
    assert statement_of["later"] != statement_of["gazette"]
    said = {r[0].split(":")[0]: r[3] for r in first["quotes"]}
    assert said["gazette"] == "2024-03-05"  # "on Tuesday", published Tuesday
    statement = next(s for s in first["statements"] if s[0] == statement_of["gazette"])
    assert statement[6] == 3  # n_reports
    assert statement[4].startswith("gazette:")  # canonical quote from the original, not the copy

    relink(store, Config())
    assert _dump(store) == first
    store.close()


def test_an_article_reporting_statements_weeks_apart_does_not_weld_their_stories(tmp_path):
    """A roundup quoting this month's words and last month's is one report of each statement,
    but the two events stay two stories: a story's dated articles span a few days at most."""
    store = open_store(tmp_path / "s.db")
    march = "Lindora will not sign any agreement that hands the delta to a foreign power"
    april = "The new harbour at Vasta will be open to every fishing fleet in the region"
    _add(
        store,
        "march",
        f'Kessler rules out delta deal\n"{march}," Anna Kessler said.',
        "2024-03-05",
        "Gazette",
        [(march, "Anna Kessler")],
    )
    _add(
        store,
        "april",
        f'Kessler opens harbour\n"{april}," Anna Kessler said.',
        "2024-04-19",
        "Courier",
        [(april, "Anna Kessler")],
    )
    _add(
        store,
        "roundup",
        f'Kessler in her words\n"{march}," Anna Kessler said. Later: "{april}," she said.',
        None,
        "Digest",
        [(march, "Anna Kessler"), (april, "Anna Kessler")],
    )

    relink(store, Config())
    statement_of = {r[0]: r[2] for r in _dump(store)["quotes"]}
    by_words = {}
    for quote_id, statement_id in statement_of.items():
        by_words.setdefault(statement_id, set()).add(quote_id.split(":")[0])
    assert sorted(map(sorted, by_words.values())) == [["april", "roundup"], ["march", "roundup"]]
    story_of = {r[0]: r[3] for r in _dump(store)["articles"]}
    assert story_of["march"] != story_of["april"]
    assert story_of["roundup"] in (story_of["march"], story_of["april"])
    store.close()


def test_statements_and_who_read_back_in_date_order(tmp_path):
    from onrecord.query import linking as q

    store = open_store(tmp_path / "s.db")
    _add(
        store,
        "old",
        'Kessler in 2019\n"The delta is ours," Anna Kessler said on Monday.',
        "2019-01-16",
        "Gazette",
        [("The delta is ours,", "Anna Kessler")],
    )
    _add(
        store,
        "new",
        'Kessler in 2025\n"The delta is still ours," Anna Kessler said on Monday.',
        "2025-12-03",
        "Gazette",
        [("The delta is still ours,", "Anna Kessler")],
    )
    relink(store, Config())
    ids = q.find_speakers(store, "Anna Kessler")
    assert len(ids) == 1
    timeline = q.who(store, ids[0])["statements"]
    assert [s["said_on"] for s in timeline] == ["2019-01-14", "2025-12-01"]
    assert timeline[0]["reports"][0]["outlet"] == "Gazette"
    assert q.statements(store, speaker_ids=ids, since="2020-01-01")[0]["said_on"] == "2025-12-01"
    store.close()


SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


@pytest.mark.slow
@pytest.mark.skipif(not (SHARED / "seeds").is_dir(), reason="the shared seed corpus is not beside the repository")
def test_seed_corpus_agrees_with_its_gold_on_stories_speakers_statements_and_days(tmp_path):
    """Every cross-article judgement the gold file makes about the seeds, checked against a real run."""
    from onrecord.pipeline import add

    store = open_store(tmp_path / "seeds.db")
    add([str(SHARED / "seeds")], store, Config(jobs=1))
    gold = [json.loads(line) for line in (SHARED / "seeds.gold.jsonl").read_text(encoding="utf-8").splitlines()]
    story_of, matched = {}, []
    for g in gold:
        row = store.db.execute(
            "SELECT a.id, a.story_id FROM articles a JOIN document_sources s ON s.document_id = a.document_id"
            " WHERE s.uri LIKE ?",
            (f"%{g['id']}%",),
        ).fetchone()
        assert row is not None, g["id"]
        story_of[g["id"]] = row["story_id"]
        quotes = store.quotes_of_article(row["id"])
        for gq in g["quotes"]:
            found = [q for q in quotes if gq["text"] in q.text or (len(q.text) > 10 and q.text in gq["text"])]
            if found:
                matched.append((gq, found[0]))
    for a in gold:
        for b in gold:
            assert (story_of[a["id"]] == story_of[b["id"]]) == (a["story"] == b["story"]), (a["id"], b["id"])
    assert len(matched) >= len([q for g in gold for q in g["quotes"]]) * 0.8
    for gq, q in matched:
        if gq.get("said_on"):
            assert q.said_on is not None and q.said_on.value == gq["said_on"], gq["text"]
    for (ga, qa), (gb, qb) in itertools.combinations(matched, 2):
        if ga["speaker"] and ga["speaker"] == gb["speaker"]:
            assert qa.entity_id == qb.entity_id, (ga["speaker"], qa.entity_id, qb.entity_id)
        if ga["statement"] == gb["statement"]:
            assert qa.statement_id == qb.statement_id, ga["statement"]
    store.close()


def test_leads_compared_a_few_rows_at_a_time_find_the_same_pairs(monkeypatch):
    """The similarity products are bounded in cells (a block of undated articles meets every
    lead): fewer rows at once must find exactly the pairs of larger blocks."""
    from datetime import date, timedelta

    import numpy as np

    import onrecord.link.stories as stories_module

    rng = np.random.default_rng(7)
    base = rng.normal(size=(6, 16)).astype("float32")
    # articles drawn around six events, so that many pairs read alike
    matrix = np.vstack([base[n % 6] + 0.35 * rng.normal(size=16).astype("float32") for n in range(90)])
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
    days = [None if n % 7 == 0 else date(2024, 5, 1) + timedelta(days=n % 4) for n in range(90)]
    whole = stories_module._close_pairs(matrix, days)
    assert len(whole) > 100
    monkeypatch.setattr(stories_module, "PRODUCT_CELLS", 50)  # one row at a time against the 90 leads
    assert stories_module._rows_at_once(90) == 1
    assert stories_module._close_pairs(matrix, days) == whole


def test_an_article_cut_to_what_stories_read_gives_the_same_lead_and_title():
    from onrecord.link.stories import LEAD_CHARS, _title, keep_what_stories_read, lead

    body = "Officials said the northern crossing will stay closed. " * 20
    cases = [
        Article(id="titled", document_id="d1", title="Crossing stays closed", text=body),
        Article(
            id="untitled",
            document_id="d2",
            text="\n \r\n  \n" + "A first line longer than the lead. " * 12 + "\n" + body,
        ),
        Article(id="short", document_id="d3", text="Two words"),
        Article(id="blank", document_id="d4", title="  ", text="\r\n" * 5 + "Late first line\r\nsecond"),
        Article(id="empty", document_id="d5", text=" \n \n"),
    ]
    for article in cases:
        before = (lead(article), _title(article))
        full = article.text
        keep_what_stories_read(article)
        assert (lead(article), _title(article)) == before, article.id
        assert full.startswith(article.text)
    assert len(cases[0].text) == LEAD_CHARS < len(body)  # a titled article keeps its opening only
    assert len(cases[1].text) > LEAD_CHARS  # an untitled one keeps its whole first line
    assert len(cases[1].text) < len(body)


def test_a_relink_lets_article_texts_go_after_statements_and_links_as_before(tmp_path, monkeypatch):
    """The texts are cut once statements have read them, before the steps that hold the most,
    and the records are those of a relink that keeps them whole."""
    import onrecord.link as link_module
    from onrecord.link.stories import LEAD_CHARS

    more = " The talks are set to resume next week in the capital, officials added." * 8
    articles = [
        ("a", f'Kessler on the forests\n"{WORDS}," Kessler said. "And nor will we."{more}', "2024-04-02", "x"),
        ("b", f'Kessler warns\nKessler said: "{WORDS}."{more}', "2024-04-02", "y"),
        ("c", f'Harvest\n"The harvest was the best in a decade," said Ada Lundberg.{more}', "2024-04-03", "x"),
    ]
    quotes = {"a": [(WORDS, "Kessler"), ("And nor will we.", "Kessler")], "b": [(WORDS, "Kessler")]}
    quotes["c"] = [("The harvest was the best in a decade", "Ada Lundberg")]
    stores = {}
    for name in ("cut", "whole"):
        stores[name] = open_store(tmp_path / f"{name}.db")
        for article_id, text, day, outlet in articles:
            _add(stores[name], article_id, text, day, outlet, quotes[article_id])
    cut_lengths: list[int] = []
    keep = link_module._keep_what_stories_read

    def watched(held):
        keep(held)
        cut_lengths.extend(len(a.text) for a in held.values())

    monkeypatch.setattr(link_module, "_keep_what_stories_read", watched)
    relink(stores["cut"], Config())
    assert len(cut_lengths) == 3 and max(cut_lengths) <= LEAD_CHARS
    monkeypatch.setattr(link_module, "_keep_what_stories_read", lambda held: None)
    relink(stores["whole"], Config())
    assert _dump(stores["cut"]) == _dump(stores["whole"])
    assert len({r[2] for r in _dump(stores["cut"])["quotes"]}) == 2  # Kessler's words, and the harvest
    texts = [r[0] for r in stores["cut"].db.execute("SELECT text FROM articles ORDER BY id")]
    assert texts == [text for _id, text, _day, _outlet in articles]  # the store keeps every text whole


def test_a_quote_id_names_its_article_even_when_the_article_id_holds_colons():
    for article_id in ("article-3f2a", "urn:news:2024:17", ""):
        quote = Quote(article_id, 120, 187, "words", "direct")
        assert Quote.article_of(quote.id) == article_id
