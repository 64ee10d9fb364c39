"""The sentence-embedding cache: texts started ahead in a thread are collected, never encoded twice."""

from __future__ import annotations

import numpy as np

from onrecord.link import Embedder
from onrecord.store import open_store


def _counting(embedder: Embedder) -> list[list[str]]:
    calls: list[list[str]] = []
    encode = embedder._encode

    def counted(texts):
        calls.append(list(texts))
        return encode(texts)

    embedder._encode = counted
    return calls


def test_texts_encoded_ahead_are_returned_later_and_encoded_once(tmp_path):
    store = open_store(tmp_path / "e.db")
    leads = ["Minister says the talks will resume in May", "Floods close the northern highway for a week"]
    other = "The central bank keeps its rate unchanged"
    embedder = Embedder(store)
    calls = _counting(embedder)
    embedder.ahead(leads + leads[:1])
    vectors = embedder([leads[1], other, leads[0]])
    assert sorted(map(sorted, calls)) == sorted([sorted(leads), [other]])  # each text once
    embedder.flush()

    fresh = Embedder(open_store(tmp_path / "fresh.db"))
    expected = fresh([leads[1], other, leads[0]])
    for got, want in zip(vectors, expected, strict=True):
        assert np.allclose(got, want, atol=1e-5)

    again = Embedder(store)  # everything is in the store now: nothing left to encode
    calls = _counting(again)
    again.ahead(leads)
    again([other, *leads])
    assert calls == []


def test_texts_asked_for_go_before_texts_queued_ahead_and_not_begun(tmp_path, monkeypatch):
    import threading

    import onrecord.link.embedder as embedder_module

    monkeypatch.setattr(embedder_module, "CHUNK_TEXTS", 1)
    embedder = Embedder(open_store(tmp_path / "e.db"))
    order: list[list[str]] = []
    started, release = threading.Event(), threading.Event()

    def encode(texts):
        if not order:  # hold the first chunk until the text below has been asked for
            started.set()
            release.wait(10)
        order.append(list(texts))
        return np.ones((len(texts), 4), dtype="float32")

    embedder._encode = encode
    leads = [f"lead number {n} of the window" for n in range(4)]
    embedder.ahead(leads)
    assert started.wait(10)
    threading.Timer(0.2, release.set).start()
    vectors = embedder(["a quote the statements need now"])
    assert len(vectors) == 1
    embedder.flush()
    # the chunk under way finished first; the text asked for went before the three not begun
    assert order == [[leads[0]], ["a quote the statements need now"], *([lead] for lead in leads[1:])]


def test_a_chunk_encoded_in_batches_of_like_length_keeps_the_order_of_its_texts(tmp_path, monkeypatch):
    import onrecord.link.embedder as embedder_module
    from onrecord.link.sentence_model import load

    monkeypatch.setattr(embedder_module, "BATCH_TEXTS", 2)
    texts = [
        "Rates stay put",
        "The harbour authority said the northern quay would reopen to fishing boats on Monday after repairs",
        "Talks resume in May",
        "A second round of talks on water rights is planned for the spring, the ministry said",
        "Floods close the highway",
    ]
    vectors = Embedder(open_store(tmp_path / "e.db"))._encode(texts)
    assert vectors.shape == (len(texts), 384)
    for text, vector in zip(texts, vectors, strict=True):  # each row is its own text's, alone
        alone = load().encode([text])[0]
        assert np.allclose(vector, alone, atol=1e-5)


def test_vectors_piling_up_are_written_to_the_store_before_the_window_ends(tmp_path, monkeypatch):
    import onrecord.link.embedder as embedder_module

    monkeypatch.setattr(embedder_module, "FRESH_HELD", 2)
    store = open_store(tmp_path / "e.db")
    embedder = Embedder(store)
    embedder._encode = lambda texts: np.array([[len(t), 1.0, 0.0] for t in texts], dtype="float32")
    texts = ["one utterance", "a second, longer utterance", "a third"]
    vectors = embedder(texts)
    # written as soon as two were held, before any flush, and still returned right
    assert len(store.embeddings([embedder_module._embedding_key(t) for t in texts])) == 3
    assert embedder.fresh == {}
    assert [v[0] for v in vectors] == [len(t) for t in texts]
    again = embedder(texts[:1])  # now read back from the store, not encoded again
    assert again[0][0] == len(texts[0])
    embedder.flush()


def test_vectors_finished_ahead_are_taken_and_written_when_more_are_queued(tmp_path, monkeypatch):
    import onrecord.link.embedder as embedder_module

    monkeypatch.setattr(embedder_module, "CHUNK_TEXTS", 1)
    monkeypatch.setattr(embedder_module, "FRESH_HELD", 2)
    store = open_store(tmp_path / "e.db")
    embedder = Embedder(store)
    embedder._encode = lambda texts: np.ones((len(texts), 3), dtype="float32")
    first = ["lead one", "lead two"]
    embedder.ahead(first)
    for chunk in list(embedder._queued):
        chunk.future.result()  # the thread has finished them; nobody has asked for them yet
    embedder.ahead(["lead three"])  # queueing more takes the finished ones, held no longer
    keys = [embedder_module._embedding_key(t) for t in first]
    assert set(store.embeddings(keys)) == set(keys)
    embedder.flush()
    assert len(store.embeddings([embedder_module._embedding_key("lead three")])) == 1


def test_vectors_come_as_one_matrix_read_from_the_store_a_block_at_a_time(tmp_path, monkeypatch):
    import onrecord.link.embedder as embedder_module

    store = open_store(tmp_path / "e.db")
    texts = [f"The council met on day {n} to discuss the northern crossing" for n in range(7)]
    first = Embedder(store)
    expected = np.array([first([t])[0] for t in texts])
    first.flush()  # all seven are in the store now

    monkeypatch.setattr(embedder_module, "READ_AT_ONCE", 2)
    embedder = Embedder(store)
    reads: list[int] = []
    embeddings = store.embeddings

    def counted(keys):
        reads.append(len(keys))
        return embeddings(keys)

    monkeypatch.setattr(store, "embeddings", counted)
    embedder.ahead(texts)  # all stored: nothing to queue, and no vector read to learn it
    assert reads == [] and embedder._queued == []
    new = "Floods close the northern highway for a week"  # encoded now, not read from the store
    asked = [texts[3], new, *texts, texts[0]]
    matrix = embedder(asked)
    assert isinstance(matrix, np.ndarray) and matrix.shape == (len(asked), expected.shape[1])
    assert np.allclose(matrix[[0, *range(2, 9), 9]], expected[[3, *range(7), 0]], atol=1e-6)
    assert np.allclose(matrix[1], Embedder(open_store(tmp_path / "fresh.db"))([new])[0], atol=1e-5)
    assert reads and max(reads) <= 2 and sum(reads) == len(texts)  # each stored vector read once
    assert embedder([]).shape[0] == 0
