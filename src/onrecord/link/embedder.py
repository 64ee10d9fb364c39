"""Sentence embeddings for linking: cached in the store, computed by one background thread.

Relink knows early which texts it will want embedded (a window's article leads, its quotes
that another outlet may have worded differently), long before it asks. `Embedder.ahead`
queues them, so the model runs on the second core while copies, speakers and the words of
quotes are compared on the first. Every encoding runs in the one thread, one batch after
another: the Hugging Face tokenizer must not be shared between threads. A text asked for and
not yet begun goes before the texts queued ahead of it, so the first core waits for what it
needs, not for the whole queue.
"""

from __future__ import annotations

import hashlib
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

from onrecord.memory import trim_heaps
from onrecord.store import Store

MODEL_NAME = "all-MiniLM-L6-v2"
CHUNK_TEXTS = 512  # texts queued ahead are encoded in chunks, so a text asked for waits at most one chunk
FRESH_HELD = 8192  # vectors encoded and not yet written to the store, at most, after a request
READ_AT_ONCE = 4096  # stored vectors read into a matrix at a time
BATCH_TEXTS = 32  # texts the model reads at once: larger batches are no faster on a CPU and leave more to trim


@dataclass(slots=True)
class _Chunk:
    keys: list[str]
    texts: list[str]
    future: Future


class Embedder:
    """Sentence embeddings with a cache in the store; the model loads on the first text not cached."""

    def __init__(self, store: Store):
        self.store = store
        self.fresh: dict[str, bytes] = {}  # encoded and not yet written to the store
        self._queued: list[_Chunk] = []  # in the order the thread runs them
        self._queued_keys: set[str] = set()
        self._pool: ThreadPoolExecutor | None = None

    def ahead(self, texts: list[str], first: bool = False) -> None:
        """Start encoding texts needed later. `first`: before the texts queued earlier and not begun."""
        wanted = {_embedding_key(t): t for t in texts}
        stored = self.store.embedded_keys([k for k in wanted if self._unknown(k)])
        self._queue(sorted((t, k) for k, t in wanted.items() if k not in stored and self._unknown(k)), first)
        self._collect_done()
        self._write_fresh(FRESH_HELD)

    def __call__(self, texts: list[str]):
        """One float32 row per text, as one matrix filled in place: vectors read from the store a
        block at a time, not all at once beside the matrix (for a store's leads, twice its size)."""
        import numpy as np

        keys = [_embedding_key(t) for t in texts]
        wanted = dict(zip(keys, texts, strict=True))
        stored = self.store.embedded_keys([k for k in wanted if self._unknown(k)])
        self._queue(sorted((t, k) for k, t in wanted.items() if k not in stored and self._unknown(k)), first=True)
        self._collect(set(keys))
        rows: dict[str, list[int]] = {}
        for n, key in enumerate(keys):
            rows.setdefault(key, []).append(n)
        matrix = None
        for found in self._vectors(list(wanted)):
            for key, vector in found.items():
                row = np.frombuffer(vector, dtype="<f4")
                if matrix is None:
                    matrix = np.empty((len(keys), len(row)), dtype="<f4")
                matrix[rows[key]] = row
        self._write_fresh(FRESH_HELD)
        return matrix if matrix is not None else np.empty((0, 0), dtype="<f4")

    def _vectors(self, keys: list[str]):
        """The vectors of these keys, encoded or stored, as dictionaries of a block of keys each."""
        yield {k: self.fresh[k] for k in keys if k in self.fresh}
        from_store = [k for k in keys if k not in self.fresh]
        for start in range(0, len(from_store), READ_AT_ONCE):
            yield self.store.embeddings(from_store[start : start + READ_AT_ONCE])

    def flush(self) -> None:
        """Wait for everything queued, write what this window encoded to the store, stop the thread."""
        self._collect(None)
        self.close()
        self._write_fresh()

    def _write_fresh(self, at_least: int = 1) -> None:
        """Write the vectors held to the store once there are `at_least` of them.

        The cache is keyed by model and text, so vectors written before the window's links are
        (or even if they never are) are right for any later window: written as they pile up,
        they are not all held until the end."""
        if len(self.fresh) >= at_least:
            with self.store.transaction():
                self.store.put_embeddings(list(self.fresh.items()))
            self.fresh.clear()

    def close(self) -> None:
        """Stop the thread, dropping what is queued and not begun (a window that failed needs none of it)."""
        for chunk in self._queued:
            chunk.future.cancel()
        self._queued.clear()
        self._queued_keys.clear()
        if self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool = None

    def _unknown(self, key: str) -> bool:
        return key not in self.fresh and key not in self._queued_keys

    def _queue(self, items: list[tuple[str, str]], first: bool) -> None:
        if not items:
            return
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="onrecord-embed")
        behind: list[_Chunk] = []
        if first:  # chunks not begun step back and are queued again after these
            behind = [c for c in self._queued if c.future.cancel()]
            self._queued = [c for c in self._queued if not c.future.cancelled()]
        for start in range(0, len(items), CHUNK_TEXTS):
            part = items[start : start + CHUNK_TEXTS]
            self._submit([k for _t, k in part], [t for t, _k in part])
        for chunk in behind:
            self._submit(chunk.keys, chunk.texts)

    def _submit(self, keys: list[str], texts: list[str]) -> None:
        assert self._pool is not None
        self._queued.append(_Chunk(keys, texts, self._pool.submit(self._encode, texts)))
        self._queued_keys.update(keys)

    def _collect(self, needed: set[str] | None) -> None:
        """Take the vectors of finished chunks, waiting in queue order until none of `needed` (None: any) is left."""
        while self._queued and (needed is None or not needed.isdisjoint(self._queued_keys)):
            self._collect_chunk(self._queued.pop(0))

    def _collect_done(self) -> None:
        """Take the vectors of the chunks finished so far, in queue order."""
        while self._queued and self._queued[0].future.done() and not self._queued[0].future.cancelled():
            self._collect_chunk(self._queued.pop(0))

    def _collect_chunk(self, chunk: _Chunk) -> None:
        for key, vec in zip(chunk.keys, chunk.future.result(), strict=True):
            self._keep(key, vec)
        self._queued_keys.difference_update(chunk.keys)

    def _keep(self, key: str, vec) -> None:
        import numpy as np

        self.fresh[key] = np.asarray(vec, dtype="<f4").tobytes()

    def _encode(self, texts: list[str]):
        """The chunk's vectors, in its order, encoded a batch of texts of like length at a time.

        The heaps are trimmed after every batch: each batch's activations are freed into a
        fragmented heap that glibc would otherwise keep. Untrimmed, a whole-store relink of the
        20,000-article bench store with nothing cached peaked at 1.88 GB RSS; trimmed, 1.38 GB
        (`/usr/bin/time -v onrecord relink`)."""
        import numpy as np

        from onrecord.link.sentence_model import load

        model = load()
        by_length = sorted(range(len(texts)), key=lambda i: (-len(texts[i]), i))
        vectors = np.empty((len(texts), model.dimension), dtype="<f4")
        for start in range(0, len(texts), BATCH_TEXTS):
            batch = by_length[start : start + BATCH_TEXTS]
            vectors[batch] = model.encode([texts[i] for i in batch])
            trim_heaps()
        return vectors


def _embedding_key(text: str) -> str:
    return hashlib.sha256(f"{MODEL_NAME}\n{text}".encode()).hexdigest()
