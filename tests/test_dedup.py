from onrecord.link.dedup import choose_primary, find_copies
from onrecord.records import Article, DateEvidence, Dateline

REPORT = (
    "The foreign minister of Lindora, Anna Kessler, said on Tuesday that her government would not take part in "
    "the summit in Brellia unless the delta question was put on the agenda. Kessler told reporters that the "
    "neighbours had ignored three letters and that patience in the capital was running out. Officials in Brellia "
    "declined to comment, while analysts said the dispute could delay the trade agreement by a year or more."
)


def _article(article_id, text, outlet=None, published=None, dateline=None):
    return Article(
        id=article_id,
        document_id=article_id,
        text=text,
        outlet=outlet,
        published=DateEvidence(published, "test") if published else None,
        dateline=dateline,
    )


def test_aggregator_copy_is_grouped_and_the_credited_agency_is_primary():
    original = _article(
        "orig",
        "VASTA, March 4 (Nordpress) -- " + REPORT,
        outlet="Nordpress",
        published="2024-03-05",
        dateline=Dateline(place="VASTA", agency="Nordpress", text="VASTA, March 4 (Nordpress) --"),
    )
    copy = _article(
        "copy",
        "Page not found\nVASTA, March 4 (Nordpress) -- "
        + REPORT
        + "\nRead original article here\nDenial of responsibility!",
        outlet="Daily Aggregate",
        published="2024-03-04",  # an earlier date on the copy does not make it the original
    )
    other = _article("other", "A different report about football results and the weather in Vasta. " * 5, outlet="X")
    copies = find_copies([copy, original, other])
    assert len(copies.groups) == 1
    group = copies.groups[0]
    assert group.primary_id == "orig"
    assert sorted(group.article_ids) == ["copy", "orig"]
    assert copies.duplicate_of == {"copy": "orig"}
    assert "credits Nordpress" in group.why
    assert "Read original article" in group.why or "marked as copies: Daily Aggregate" in group.why
    assert "other" not in copies.group_of


def test_without_credit_the_earliest_published_is_primary_and_the_reason_says_so():
    first = _article("b1", REPORT, outlet="Gazette", published="2024-03-04")
    later = _article("a2", REPORT + " Updated with reaction.", outlet="Courier", published="2024-03-06")
    group = choose_primary([later, first])
    assert group.primary_id == "b1"
    assert "earliest published (2024-03-04)" in group.why


def test_grouping_is_the_same_whatever_the_order():
    a = _article("a", REPORT, published="2024-03-04")
    b = _article("b", "Breaking: " + REPORT, published="2024-03-05")
    one = find_copies([a, b])
    two = find_copies([b, a])
    assert [(g.id, g.primary_id, g.why) for g in one.groups] == [(g.id, g.primary_id, g.why) for g in two.groups]


def test_band_sorting_finds_exactly_the_pairs_minhash_lsh_returns():
    import random

    import numpy
    from datasketch import MinHash, MinHashLSH

    from onrecord.link.dedup import LSH_THRESHOLD, NUM_PERM, _band_pairs, _signature, shingle_hashes

    words = REPORT.split()
    rng = random.Random(7)
    texts = []
    for _ in range(40):  # rewrites of one report, from nearly whole to mostly shuffled
        kept = [w for w in words if rng.random() < 0.9]
        start = rng.randrange(len(kept) // 2)
        texts.append(" ".join(kept[start:] + rng.sample(kept, rng.randrange(10))))
    hashes = [shingle_hashes(t) for t in texts]
    signatures = [_signature(h) for h in hashes]
    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
    expected = set()
    for n, signature in enumerate(signatures):
        minhash = MinHash(num_perm=NUM_PERM, seed=1, hashvalues=signature, scheme="affine32")
        expected |= {(int(m), n) for m in lsh.query(minhash)}
        lsh.insert(str(n), minhash)
    found = set(_band_pairs(numpy.vstack(signatures)))
    assert expected and len(expected) < 40 * 39 // 2  # some pairs, not all: the test can tell them apart
    assert found == expected
