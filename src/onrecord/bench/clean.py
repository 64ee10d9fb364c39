"""Throughput of the clean stage: articles and tokens per second on a stated number of cores, and peak memory.

The corpus is built before the clock starts; the first few documents warm up the libraries
(trafilatura, the language model) outside the timed run.
"""

from __future__ import annotations

import resource
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

from onrecord.bench.corpus import build_corpus
from onrecord.config import Config
from onrecord.records import Document

DEFAULT_SEED_DIR = "samples/corpus"


@dataclass(slots=True)
class CleanBench:
    stage: str
    articles: int
    html_documents: int
    jobs: int
    seed: int
    seed_dir: str
    seconds: float
    articles_per_s: float
    tokens: int
    tokens_per_s: float
    input_bytes: int
    cleaned: int  # documents that became articles
    failed: int
    peak_rss_mb: float

    def as_dict(self) -> dict:
        return asdict(self)


def _clean_one(doc: Document, config: Config) -> tuple[int, bool]:
    from onrecord.clean import clean_document

    result = clean_document(doc, config)
    text = getattr(result, "text", None)
    return (len(text.split()) if text else 0), text is not None


def run(articles: int = 1000, jobs: int = 1, seed_dir: str | Path = DEFAULT_SEED_DIR, seed: int = 0) -> CleanBench:
    config = Config(jobs=jobs)
    docs = list(build_corpus(seed_dir, articles, seed=seed))
    for doc in docs[:3]:
        _clean_one(doc, config)
    start = time.perf_counter()
    if jobs <= 1:
        results = [_clean_one(doc, config) for doc in docs]
    else:
        from functools import partial

        with ProcessPoolExecutor(jobs) as pool:
            results = list(
                pool.map(partial(_clean_one, config=config), docs, chunksize=max(1, len(docs) // (jobs * 8)))
            )
    seconds = time.perf_counter() - start
    tokens = sum(t for t, _ in results)
    cleaned = sum(1 for _, ok in results if ok)
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if jobs > 1:
        peak_kb = max(peak_kb, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    return CleanBench(
        stage="clean",
        articles=len(docs),
        html_documents=sum(1 for d in docs if d.media_type == "text/html"),
        jobs=max(1, jobs),
        seed=seed,
        seed_dir=str(seed_dir),
        seconds=round(seconds, 3),
        articles_per_s=round(len(docs) / seconds, 1),
        tokens=tokens,
        tokens_per_s=round(tokens / seconds, 1),
        input_bytes=sum(len(d.raw) for d in docs),
        cleaned=cleaned,
        failed=len(docs) - cleaned,
        peak_rss_mb=round(peak_kb / 1024, 1),
    )
