from onrecord.records import Article, Document, Failure
from onrecord.store import open_store


def test_migrations_are_applied_once(tmp_path):
    db = tmp_path / "s.db"
    with open_store(db) as store:
        first = store.schema_version
        assert first >= 1
    with open_store(db) as store:
        assert store.migrate() == []
        assert store.schema_version == first


def test_document_is_content_addressed(tmp_path):
    with open_store(tmp_path / "s.db") as store:
        doc = Document.from_bytes(b"hello", "a.txt", "text/plain", "2026-01-01T00:00:00+00:00")
        again = Document.from_bytes(b"hello", "b.txt", "text/plain", "2026-01-01T00:00:00+00:00")
        with store.transaction():
            assert store.put_document(doc) is True
            assert store.put_document(again) is False
        assert store.counts()["documents"] == 1
        assert store.document_sources(doc.id) == ["a.txt", "b.txt"]


def test_failed_transaction_leaves_store_untouched(tmp_path):
    with open_store(tmp_path / "s.db") as store:
        doc = Document.from_bytes(b"x", "x.txt", "text/plain", "2026-01-01T00:00:00+00:00")
        try:
            with store.transaction():
                store.put_document(doc)
                store.put_article(Article(id="a1", document_id=doc.id, text="t"))
                raise RuntimeError("crash mid-batch")
        except RuntimeError:
            pass
        assert store.counts()["documents"] == 0
        assert store.counts()["articles"] == 0


def test_failure_is_recorded_once_per_uri_and_stage(tmp_path):
    with open_store(tmp_path / "s.db") as store:
        with store.transaction():
            store.record_failure(Failure("bad.bin", "ingest", "binary"))
            store.record_failure(Failure("bad.bin", "ingest", "binary"))
        assert len(store.failures()) == 1


def test_quotes_read_back_share_one_string_per_repeated_value(tmp_path):
    from onrecord.records import DateEvidence, Mention, Quote

    text = 'The minister said "we will talk" on Monday. "We will not give up," she added.'
    with open_store(tmp_path / "s.db") as store:
        doc = Document.from_bytes(text.encode(), "q.txt", "text/plain", "2026-01-01T00:00:00+00:00")
        quotes = [
            Quote(
                article_id="article-" + "x" * 40,
                start=start,
                end=end,
                text=text[start:end],
                kind="direct",
                cue=cue,
                speaker_mention=Mention("The minister", 0, 12),
                speaker="Ana Castell",
                speaker_kind="person",
                said_on=DateEvidence("2026-01-05", "weekday"),
            )
            for words, cue in (("we will talk", "said"), ("We will not give up,", "added"))
            for start, end in [(text.index(words), text.index(words) + len(words))]
        ]
        for n, q in enumerate(quotes):
            q.statement_id = f"st-{n}"
        with store.transaction():
            store.put_document(doc)
            store.put_article(Article(id=quotes[0].article_id, document_id=doc.id, text=text))
            store.put_quotes(quotes[0].article_id, quotes)
        first, second = store.all_quotes()
        # a relink assigns statements afresh: it reads none, while other reads keep them
        assert (first.statement_id, second.statement_id) == (None, None)
        assert store.quotes_in({first.article_id})[0].statement_id is None
        assert [q.statement_id for q in store.quotes_of_article(first.article_id)] == ["st-0", "st-1"]
    assert (first.text, second.text) == ("we will talk", "We will not give up,")
    # a relink holds every quote of a window: values repeated across rows are one object each
    for value in ("article_id", "speaker", "kind", "speaker_kind"):
        assert getattr(first, value) is getattr(second, value)
    assert first.said_on.value is second.said_on.value and first.said_on.how is second.said_on.how
    assert first.speaker_mention.text is second.speaker_mention.text
