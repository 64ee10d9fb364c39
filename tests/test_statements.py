import pytest

from onrecord.link.statements import link_statements
from onrecord.records import Article, DateEvidence, Quote


def _article(article_id: str, text: str, published: str | None, duplicate_of: str | None = None) -> Article:
    return Article(
        id=article_id,
        document_id=article_id,
        text=text,
        published=DateEvidence(published, "test") if published else None,
        duplicate_of=duplicate_of,
    )


def _quote(article: Article, quoted: str, entity: str | None, kind: str = "direct") -> Quote:
    start = article.text.index(quoted)
    return Quote(article.id, start, start + len(quoted), quoted, kind, entity_id=entity)


def _voices(q: Quote) -> frozenset[str]:
    return frozenset({q.entity_id}) if q.entity_id else frozenset({"unattributed:" + q.article_id})


@pytest.fixture(scope="module")
def embed():
    from onrecord.link.sentence_model import load

    model = load()
    return lambda texts: model.encode(texts).tolist()


def _link(articles, quotes, embed=None, window=10):
    statements, assignment = link_statements(quotes, {a.id: a for a in articles}, _voices, window, embed=embed)
    return statements, assignment


def test_shortened_quote_inside_the_full_sentence_is_one_statement():
    full = "Lindora recognises the delta as an integral part of Vastia and opposes any form of secession there"
    a = _article("a", f'Kessler: against "any form of secession"\n"{full}," Kessler stated.', "2025-12-29")
    b = _article("b", f'"{full}," the minister said.', "2025-12-30")
    quotes = [
        _quote(a, "any form of secession", "kessler", "partial"),
        _quote(a, full, "kessler"),
        _quote(b, full, "kessler"),
    ]
    statements, assignment = _link([a, b], quotes)
    assert len(statements) == 1
    assert len(set(assignment.values())) == 1
    assert statements[0].canonical_text == full
    assert statements[0].first_quote_id.startswith("a:")  # the earliest published report
    assert statements[0].canonical_quote_id == quotes[1].id  # its fullest form


def test_other_wordings_of_one_utterance_link(embed):
    a = _article("a", '"The sanctions are illegal and we will respond firmly to them," Kessler said.', "2024-04-02")
    b = _article("b", 'Kessler said "these illegal sanctions will meet a firm response from us".', "2024-04-03")
    c = _article(
        "c",
        '"We told our partners that sovereignty over the delta was non-negotiable," Kessler said.',
        "2024-04-02",
    )
    d = _article(
        "d",
        'Kessler said: "We told our partners that sovereignty over the delta is not subject to discussion."',
        "2024-04-04",
    )
    quotes = [
        _quote(a, "The sanctions are illegal and we will respond firmly to them", "kessler"),
        _quote(b, "these illegal sanctions will meet a firm response from us", "kessler"),
        _quote(c, "We told our partners that sovereignty over the delta was non-negotiable", "kessler"),
        _quote(d, "We told our partners that sovereignty over the delta is not subject to discussion.", "kessler"),
    ]
    _statements, assignment = _link([a, b, c, d], quotes, embed=embed)
    assert assignment[quotes[0].id] == assignment[quotes[1].id]
    assert assignment[quotes[2].id] == assignment[quotes[3].id]
    assert assignment[quotes[0].id] != assignment[quotes[2].id]


def test_look_alikes_by_another_speaker_or_on_another_day_stay_apart(embed):
    words = "We will never give up a single metre of our land"
    a = _article("a", f'"{words}," Kessler said.', "2024-04-02")
    b = _article("b", f'"{words}," Okafor said.', "2024-04-02")
    c = _article("c", f'"{words}," Kessler said.', "2024-09-30")
    quotes = [_quote(a, words, "kessler"), _quote(b, words, "okafor"), _quote(c, words, "kessler")]
    _statements, assignment = _link([a, b, c], quotes, embed=embed)
    assert len(set(assignment.values())) == 3


def test_two_different_quotes_of_one_article_are_two_statements(embed):
    text = '"The sanctions are illegal," Kessler said. "These sanctions are unlawful and must go," she added.'
    a = _article("a", text, "2024-04-02")
    quotes = [
        _quote(a, "The sanctions are illegal,", "kessler"),
        _quote(a, "These sanctions are unlawful and must go,", "kessler"),
    ]
    _statements, assignment = _link([a], quotes, embed=embed)
    assert assignment[quotes[0].id] != assignment[quotes[1].id]


def test_a_short_fragment_does_not_weld_two_statements():
    a = _article(
        "a",
        '"The delta belongs to us and always will," Kessler said. "We want calm in the delta and nothing more," she said.',
        "2024-04-02",
    )
    b = _article("b", 'Kessler spoke of "the delta" twice.', "2024-04-02")
    quotes = [
        _quote(a, "The delta belongs to us and always will", "kessler"),
        _quote(a, "We want calm in the delta and nothing more", "kessler"),
        _quote(b, "the delta", "kessler", "partial"),
    ]
    _statements, assignment = _link([a, b], quotes)
    assert assignment[quotes[0].id] != assignment[quotes[1].id]


def test_canonical_text_comes_from_the_original_not_the_copy():
    words = "We will not attend the summit in Brellia this year"
    copy = _article("copy", f'"{words}." said Kessler', "2024-04-01", duplicate_of="orig")
    orig = _article("orig", f'Kessler: "{words}," she said on Monday.', "2024-04-02")
    quotes = [_quote(copy, words + ".", "kessler"), _quote(orig, words, "kessler")]
    statements, _assignment = _link([copy, orig], quotes)
    assert len(statements) == 1
    assert statements[0].canonical_quote_id == quotes[1].id


def test_interrupted_quotation_is_one_statement():
    text = '"We cannot accept these attacks on our forests," Minister Kessler wrote. "Nor the threats behind them."'
    a = _article("a", text, "2024-04-02")
    quotes = [
        _quote(a, "We cannot accept these attacks on our forests", "kessler"),
        _quote(a, "Nor the threats behind them.", "kessler"),
    ]
    _statements, assignment = _link([a], quotes)
    assert assignment[quotes[0].id] == assignment[quotes[1].id]


def test_texts_may_go_once_statements_have_read_them():
    """A caller frees the articles' texts when told (a relink keeps only what stories read): the
    interrupted quotation is still found, and `texts_read` is called once."""
    text = '"We cannot accept these attacks on our forests," Minister Kessler wrote. "Nor the threats behind them."'
    a = _article("a", text, "2024-04-02")
    quotes = [
        _quote(a, "We cannot accept these attacks on our forests", "kessler"),
        _quote(a, "Nor the threats behind them.", "kessler"),
    ]
    calls = []

    def drop_texts():
        calls.append(a.text)
        a.text = ""

    _statements, assignment = link_statements(quotes, {a.id: a}, _voices, 10, texts_read=drop_texts)
    assert calls == [text] and a.text == ""
    assert assignment[quotes[0].id] == assignment[quotes[1].id]


def test_a_third_article_does_not_weld_two_statements_of_one_article():
    a = _article(
        "a",
        '"The delta belongs to us and always will, whatever they say," Kessler said. '
        '"We want calm in the delta and nothing more," she added later.',
        "2024-04-02",
    )
    b = _article("b", 'Kessler: "the delta belongs to us and always will and we want calm in the delta"', "2024-04-02")
    quotes = [
        _quote(a, "The delta belongs to us and always will, whatever they say", "kessler"),
        _quote(a, "We want calm in the delta and nothing more", "kessler"),
        _quote(b, "the delta belongs to us and always will and we want calm in the delta", "kessler"),
    ]
    _statements, assignment = _link([a, b], quotes)
    assert assignment[quotes[0].id] != assignment[quotes[1].id]
    assert assignment[quotes[2].id] in (assignment[quotes[0].id], assignment[quotes[1].id])


def test_short_partial_quotes_of_one_speaker_and_day_link_only_by_their_words(embed):
    """Two outlets' short partial quotes of one speaker on one day are one statement only when
    one holds the other's words: close meaning alone ("deeply concerned" / "strongly condemns")
    is two things said."""
    a = _article("a", 'Kessler was "deeply concerned" and spoke of "a grave breach".', "2024-04-02")
    b = _article("b", 'Kessler "strongly condemns" what she called "a grave breach of the accord".', "2024-04-02")
    quotes = [
        _quote(a, "deeply concerned", "kessler", "partial"),
        _quote(a, "a grave breach", "kessler", "partial"),
        _quote(b, "strongly condemns", "kessler", "partial"),
        _quote(b, "a grave breach of the accord", "kessler", "partial"),
    ]
    _statements, assignment = _link([a, b], quotes, embed=embed)
    assert assignment[quotes[1].id] == assignment[quotes[3].id]
    assert assignment[quotes[0].id] != assignment[quotes[2].id]
    assert assignment[quotes[0].id] != assignment[quotes[3].id]


def test_the_same_words_by_two_speakers_or_beyond_the_window_stay_apart(embed):
    words = "The harbour levy is unlawful and we will not pay it"
    a = _article("a", f'"{words}," Kessler said.', "2024-04-02")
    b = _article("b", f'"{words}," Okafor said.', "2024-04-03")  # another speaker, next day
    c = _article("c", f'"{words}," Kessler said.', "2024-04-13")  # 11 days later: beyond a 10-day window
    quotes = [_quote(x, words, s) for x, s in ((a, "kessler"), (b, "okafor"), (c, "kessler"))]
    _statements, assignment = _link([a, b, c], quotes, embed=embed, window=10)
    assert len(set(assignment.values())) == 3
    d = _article("d", f'"{words}," Kessler said.', "2024-04-12")  # 10 days later: within the window
    quotes = [_quote(a, words, "kessler"), _quote(d, words, "kessler")]
    _statements, assignment = _link([a, d], quotes, embed=embed, window=10)
    assert assignment[quotes[0].id] == assignment[quotes[1].id]
    fragments = [
        _article("e", 'Kessler said it was "null and void".', "2024-04-02"),
        _article("f", 'Okafor said it was "null and void".', "2024-04-02"),
    ]
    fq = [
        _quote(fragments[0], "null and void", "kessler", "partial"),
        _quote(fragments[1], "null and void", "okafor", "partial"),
    ]
    _statements, assignment = _link(fragments, fq, embed=embed)
    assert assignment[fq[0].id] != assignment[fq[1].id]


def test_a_stock_sentence_many_speakers_use_does_not_make_them_one_statement():
    stock = "We do not walk away from a table because the other side has brought a lawyer"
    openings = {
        "kessler": "The levy will not pass this spring.",
        "okafor": "Our members oppose the grid upgrade.",
        "brenn": "The harbour budget is good news for the coast.",
        "marrow": "Nobody in Kestrel City wants landlords to pay for this.",
    }
    articles, quotes = [], []
    for i, (speaker, opening) in enumerate(sorted(openings.items())):
        words = f"{opening} {stock}."
        article = _article(f"a{i}", f'"{words}" {speaker.title()} said.', "2024-04-02")
        articles.append(article)
        quotes.append(_quote(article, words, speaker))
    # the sentence alone, credited to nobody, in a fifth outlet
    lone = _article("lone", f'A banner read: "{stock}."', "2024-04-02")
    articles.append(lone)
    quotes.append(_quote(lone, stock, None))
    _statements, assignment = _link(articles, quotes)
    assert len({assignment[q.id] for q in quotes[:4]}) == 4


def test_a_statement_read_out_by_another_voice_is_one_statement():
    words = "The government will not extend the fishing licences of foreign trawlers beyond the end of this year"
    issued = _article("issued", f'The Valdorian government said: "{words}."', "2024-04-02")
    read = _article("read", f'"{words}," Minister Kessler told parliament.', "2024-04-02")
    quotes = [_quote(issued, words, "valdoria-government"), _quote(read, words, "kessler")]
    _statements, assignment = _link([issued, read], quotes)
    assert assignment[quotes[0].id] == assignment[quotes[1].id]


def test_an_undated_report_does_not_chain_two_utterances_months_apart():
    words = "The harbour levy is unlawful and we will not pay a single coin of it"
    april = _article("april", f'"{words}," Kessler said.', "2024-04-02")
    june = _article("june", f'"{words}," Kessler said again.', "2024-06-20")
    undated = _article("undated", f'"{words}," Kessler said.', None)
    quotes = [_quote(x, words, "kessler") for x in (april, june, undated)]
    _statements, assignment = _link([april, june, undated], quotes, window=10)
    assert assignment[quotes[0].id] != assignment[quotes[1].id]
    assert assignment[quotes[2].id] in (assignment[quotes[0].id], assignment[quotes[1].id])


def test_pairs_found_by_shared_words_are_each_found_once():
    from datetime import date

    from onrecord.link.statements import Report, _unattributed_pairs, _verbatim_pairs, normalise

    # one long sentence repeated with small changes: the pairs share many runs of words
    sentence = "we will never accept the annexation of our territory and we will defend every village of the valley"
    texts = [
        sentence,
        sentence + " together",
        "again " + sentence,
        sentence.replace("territory and we will", "land so we shall"),
        # two more sharing one long run with each other only: every run of it is held by two reports
        "the council said the northern crossing will stay closed to all traffic until the spring thaw",
        "officials confirmed the northern crossing will stay closed to all traffic until the spring thaw ends",
    ]
    credited = ["kessler", None, "lindora", None, "kessler", None]  # unattributed on both sides of pairs
    reports = []
    for n, (text, entity) in enumerate(zip(texts, credited, strict=True)):
        article = _article(f"a{n}", f'"{text}"', "2024-04-02")
        words = normalise(text)
        quote = _quote(article, text, entity)
        reports.append(Report(quote, len(words), " ".join(words), date(2024, 4, 2), _voices(quote), (n,)))
    reports.sort(key=lambda r: r.quote.id)

    def found(pairs):
        return sorted(tuple(sorted((a.quote.article_id, b.quote.article_id))) for a, b in pairs)

    unattributed = found(_unattributed_pairs(reports, 10))
    assert unattributed == sorted(set(unattributed))  # no pair twice
    # every pair with an unattributed side, none between the two credited reports
    assert unattributed == [("a0", "a1"), ("a0", "a3"), ("a1", "a2"), ("a1", "a3"), ("a2", "a3"), ("a4", "a5")]
    verbatim = found(_verbatim_pairs(reports, 10))
    assert verbatim == sorted(set(verbatim))
    # the reworded one shares no 12 words in a row with the others
    assert verbatim == [("a0", "a1"), ("a0", "a2"), ("a1", "a2"), ("a4", "a5")]


def test_runs_of_words_are_hashed_as_the_tuples_at_each_position():
    from onrecord.link.statements import gram_hashes

    words = "the crossing will stay closed until spring".split()
    assert gram_hashes(words, 3) == {hash(tuple(words[i : i + 3])) for i in range(len(words) - 2)}
    assert len(gram_hashes(words, 3)) == len(words) - 2
    assert gram_hashes(words, len(words)) == {hash(tuple(words))}
    assert gram_hashes(words, len(words) + 1) == frozenset()  # too few words: no run at all
    assert gram_hashes(["a", "b", "a", "b", "a"], 2) == {hash(("a", "b")), hash(("b", "a"))}


def test_pairs_scored_by_meaning_a_few_texts_at_a_time_link_as_all_at_once(embed, monkeypatch):
    import onrecord.link.statements as statements_module

    wordings = [
        ("The sanctions are illegal and we will respond firmly to them", "2024-04-02"),
        ("these illegal sanctions will meet a firm response from us", "2024-04-03"),
        ("We told our partners that sovereignty over the delta was non-negotiable", "2024-04-02"),
        ("We told our partners that sovereignty over the delta is not subject to discussion", "2024-04-04"),
        ("Our harvest this year was the best the valley has seen in a decade", "2024-04-03"),
        ("The valley brought in its best harvest in ten years this season", "2024-04-04"),
    ]
    articles, quotes = [], []
    for n, (words, day) in enumerate(wordings):
        article = _article(f"a{n}", f'"{words}," Kessler said.', day)
        articles.append(article)
        quotes.append(_quote(article, words, "kessler"))
    asked: list[list[str]] = []

    def counted(texts):
        asked.append(list(texts))
        return embed(texts)

    whole = _link(articles, quotes, embed=embed)
    monkeypatch.setattr(statements_module, "SCORED_TEXTS_AT_ONCE", 2)
    blocks = _link(articles, quotes, embed=counted)
    assert len(asked) > 1 and all(len(texts) <= 2 for texts in asked)
    assert blocks == whole
    assert len({whole[1][q.id] for q in quotes}) < len(quotes)  # some wordings were linked by meaning


def test_pair_blocks_keep_the_order_and_bound_the_texts_of_each_block():
    from onrecord.link.statements import _pair_blocks

    article = _article("a", "x", "2024-01-01")

    def report(text):
        return type("R", (), {"quote": Quote(article.id, 0, 1, text, "direct")})()

    r = {t: report(t) for t in "abcdef"}
    pairs = [(r["a"], r["b"]), (r["a"], r["c"]), (r["b"], r["c"]), (r["d"], r["e"]), (r["e"], r["f"])]
    blocks = list(_pair_blocks(iter(pairs), 3))
    assert [p for block in blocks for p in block] == pairs
    assert all(len({x.quote.text for p in block for x in p}) <= 3 for block in blocks)
    assert len(blocks) == 2


def test_the_caches_of_judged_wordings_are_empty_once_scoring_by_meaning_begins(embed):
    import onrecord.link.statements as statements_module

    a = _article("a", '"The sanctions are illegal and we will respond firmly to them," Kessler said.', "2024-04-02")
    b = _article("b", 'Kessler said "these illegal sanctions will meet a firm response from us".', "2024-04-03")
    quotes = [
        _quote(a, "The sanctions are illegal and we will respond firmly to them", "kessler"),
        _quote(b, "these illegal sanctions will meet a firm response from us", "kessler"),
    ]
    held: list[int] = []

    def watched(texts):
        held.append(
            len(statements_module._VERDICTS)
            + statements_module._runs_of.cache_info().currsize
            + statements_module._content_words.cache_info().currsize
        )
        return embed(texts)

    _statements, assignment = _link([a, b], quotes, embed=watched)
    assert held == [0]  # the words judged the pair (filling the caches), then let them go
    assert assignment[quotes[0].id] == assignment[quotes[1].id]
    assert statements_module._content_words.cache_info().currsize == 0


def test_verbatim_pairs_are_every_pair_sharing_a_long_run_once_however_they_are_counted_out(monkeypatch):
    """Passages repeated by many outlets (the same reports behind every run of a passage) and
    overlapping ones, on days weeks apart and on no known day: the pairs are those a
    pair-by-pair check finds (a long run shared, days within the window), each once, in order,
    whether the numbers are deduplicated at the end or every few pairs, and whether a group's
    pairs are counted out at once or a row at a time."""
    import itertools
    from datetime import date, timedelta

    import onrecord.link.statements as statements_module
    from onrecord.link.statements import Report, _verbatim_pairs, _within, gram_hashes, normalise

    passage = "the ministry said the northern crossing will stay closed to all traffic until the spring thaw ends"
    other = "we will not sign any agreement that hands the delta to a foreign power under any pressure at all"
    texts = [passage] * 5 + [other] * 4 + [passage + " and " + other, "unrelated words that share nothing at all"]
    texts += [passage.replace("spring", "autumn")] * 2  # shares some runs of the passage, not all
    reports = []
    for n, text in enumerate(texts):
        article = _article(f"a{n:02d}", f'"{text}"', "2024-04-02")
        words = normalise(text)
        quote = _quote(article, text, "kessler")
        day = None if n % 4 == 3 else date(2024, 4, 2) + timedelta(days=6 * n)  # 6 days apart, some unknown
        reports.append(Report(quote, len(words), " ".join(words), day, _voices(quote), (n,)))
    reports.sort(key=lambda r: r.quote.id)

    def ids(pairs):
        return [(a.quote.article_id, b.quote.article_id) for a, b in pairs]

    sharing = [
        (a, b)
        for a, b in itertools.combinations(reports, 2)
        if not gram_hashes(a.words, 12).isdisjoint(gram_hashes(b.words, 12))
    ]
    expected = [(a.quote.article_id, b.quote.article_id) for a, b in sharing if _within(a.day, b.day, 10)]
    assert len(expected) > 15
    assert len(expected) < len(sharing)  # some share a run on days too far apart
    assert ids(_verbatim_pairs(reports, 10)) == expected
    monkeypatch.setattr(statements_module._PairCodes, "COMPACT_AT", 3)
    assert ids(_verbatim_pairs(reports, 10)) == expected
    monkeypatch.setattr(statements_module, "TRIANGLE_AT_ONCE", 2)
    assert ids(_verbatim_pairs(reports, 10)) == expected
    # pairs too far apart are never held, not merely dropped on the way out
    held: list[int] = []
    add = statements_module._PairCodes.add
    monkeypatch.setattr(
        statements_module._PairCodes, "add", lambda self, codes: (held.extend(codes.tolist()), add(self, codes))
    )
    list(_verbatim_pairs(reports, 10))
    count = len(reports)
    assert held and all(_within(reports[c // count].day, reports[c % count].day, 10) for c in held)


def test_reports_left_alone_take_no_entry_of_their_own_in_the_clusters():
    from datetime import date

    from onrecord.link.statements import Report, _UnionFind, normalise

    reports = []
    for n, text in enumerate(["we will defend every village", "the harvest was good", "we will defend the valley"]):
        article = _article(f"a{n}", f'"{text}"', "2024-04-02")
        words = normalise(text)
        quote = _quote(article, text, "kessler")
        reports.append(Report(quote, len(words), " ".join(words), date(2024, 4, 2 + n), _voices(quote), (n,)))
    assert reports[0].words == ["we", "will", "defend", "every", "village"]  # split when asked, not held
    uf = _UnionFind(reports, 10)
    assert (uf.parent, uf.members, uf.days) == ({}, {}, {})
    a, b, c = (r.id for r in reports)
    assert uf.union(a, c) and uf.find(a) == uf.find(c) and uf.find(b) == b
    root = min(a, c)
    assert set(uf.members) == {root} and {r.id for r in uf.members[root]} == {a, c}
    assert uf.days == {root: (date(2024, 4, 2), date(2024, 4, 4))} and len(uf.parent) == 1
    assert uf.speakers(b) == {"kessler"}
