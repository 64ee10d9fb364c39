"""The whole pipeline, end to end, on a deterministic synthetic corpus: speed, memory, size, accuracy.

The corpus is written to a folder of files before the clock starts, then `pipeline.add` reads
it like any user's folder (ingest → clean → attribute → said_on → store, then relink over the
store). Per-document stage times are summed over the worker processes; the driver's own steps
(ingest, store writes, relink) are wall time. "Per core" divides by the cores the run used:
the worker processes, or one when everything runs in this process.

The peer (textacy: spaCy's full small pipeline and `direct_quotations`) reads the same cleaned
texts back from the store and runs in this one process, so its rate is already per core.
"""

from __future__ import annotations

import os
import resource
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path

from onrecord.bench.corpus import build_corpus
from onrecord.config import Config
from onrecord.pipeline import load_models

DEFAULT_SEED_DIR = "samples/corpus"
RELINK_STEPS = {  # name in onrecord.link -> reported step
    "find_copies": "relink_dedup",
    "resolve_speakers": "relink_resolve",
    "link_statements": "relink_statements",
    "find_stories": "relink_stories",
}


def write_corpus(folder: str | Path, articles: int, seed: int = 0, seed_dir: str | Path = DEFAULT_SEED_DIR) -> int:
    """Write the synthetic corpus as one file per document; returns the bytes written."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    total = 0
    for n, doc in enumerate(build_corpus(seed_dir, articles, seed=seed)):
        suffix = ".html" if doc.media_type == "text/html" else ".txt"
        (folder / f"{n:07d}{suffix}").write_bytes(doc.raw)
        total += len(doc.raw)
    return total


def _rss_mb(field: str = "VmRSS") -> float | None:
    """This process's current (VmRSS) or peak (VmHWM) resident memory, from /proc where there is one."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None


class TreeMemory:
    """The memory of this process and its children, sampled together while a run goes on.

    Summing each process's own peak overstates: the peaks need not coincide, and forked
    workers share the pages of the model loaded before the fork. This samples, every
    `every` seconds, the proportional set size (PSS: shared pages split between the
    processes sharing them) and the resident size of the whole tree, and keeps the peaks.
    """

    def __init__(self, every: float = 0.25):
        import threading

        self.every = every
        self.peak_pss_kb = 0
        self.peak_rss_kb = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.sample()

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            self.sample()

    def sample(self) -> None:
        pss = rss = 0
        for pid in _tree(os.getpid()):
            fields = _rollup(pid)
            pss += fields.get("Pss", 0)
            rss += fields.get("Rss", 0)
        self.peak_pss_kb = max(self.peak_pss_kb, pss)
        self.peak_rss_kb = max(self.peak_rss_kb, rss)


def _tree(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        current = todo.pop()
        out.append(current)
        try:
            for task in Path(f"/proc/{current}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return out


def _rollup(pid: int) -> dict[str, int]:
    try:
        lines = Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()
    except OSError:
        return {}
    out = {}
    for line in lines[1:]:
        name, _, rest = line.partition(":")
        parts = rest.split()
        if parts and parts[0].isdigit():
            out[name] = int(parts[0])
    return out


def _maxrss_mb(who: int) -> float:
    return round(resource.getrusage(who).ru_maxrss / 1024, 1)


@contextmanager
def _timed_relink_steps(seconds: dict[str, float]) -> Iterator[None]:
    """Time relink's steps by wrapping the functions it calls (the real ones, unchanged)."""
    import onrecord.link as link

    saved = {name: getattr(link, name) for name in RELINK_STEPS}

    def wrap(name: str, fn: Callable) -> Callable:
        def timed(*args, **kwargs):
            t0 = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                step = RELINK_STEPS[name]
                seconds[step] = seconds.get(step, 0.0) + time.perf_counter() - t0

        return timed

    for name, fn in saved.items():
        setattr(link, name, wrap(name, fn))
    try:
        yield
    finally:
        for name, fn in saved.items():
            setattr(link, name, fn)


@contextmanager
def _timed_spacy(seconds: dict[str, float]) -> Iterator[None]:
    """Time the spaCy analysis inside attribution (in this process only)."""
    import onrecord.attribute as attribute

    real = attribute.analyse

    def timed(*args, **kwargs):
        t0 = time.perf_counter()
        try:
            return real(*args, **kwargs)
        finally:
            seconds["spacy"] = seconds.get("spacy", 0.0) + time.perf_counter() - t0

    attribute.analyse = timed
    try:
        yield
    finally:
        attribute.analyse = real


def run(
    articles: int = 1000,
    jobs: int = 1,
    seed: int = 0,
    seed_dir: str | Path = DEFAULT_SEED_DIR,
    corpus: str | Path | None = None,
    keep: str | Path | None = None,
    peer: str | None = None,
    gold: list[str | Path] | None = None,
    progress: Callable[[str], None] | None = None,
) -> dict:
    """Build the corpus (or take `corpus`), run the pipeline into a fresh store, and report."""
    from onrecord.pipeline import add
    from onrecord.store import open_store

    say = progress or (lambda _msg: None)
    jobs = jobs if jobs > 0 else (os.cpu_count() or 1)
    if peer is not None:
        from onrecord.evaluate.peer import check_peer

        check_peer(peer)
    if keep is not None and Path(keep).exists():
        raise FileExistsError(f"{keep} already exists; the bench needs a fresh store")
    with tempfile.TemporaryDirectory(prefix="onrecord-bench-") as tmp:
        if corpus is None:
            corpus_dir = Path(tmp) / "corpus"
            say(f"writing {articles} synthetic articles (seed {seed}) ...")
            write_corpus(corpus_dir, articles, seed=seed, seed_dir=seed_dir)
        else:
            corpus_dir = Path(corpus)
            if not corpus_dir.is_dir():
                raise FileNotFoundError(f"corpus folder {corpus_dir} does not exist")
        files = sorted(p for p in corpus_dir.iterdir() if p.is_file())
        input_bytes = sum(p.stat().st_size for p in files)
        db_path = Path(keep) if keep is not None else Path(tmp) / "bench.db"
        config = Config(jobs=jobs, languages=("en",))
        if jobs == 1:
            # this process does the per-document work: its models load before the clock. With
            # worker processes it does not: each worker loads its own inside the clock, as in
            # `onrecord add --jobs N`, and this process holds none of them through the relink.
            say("warming up (language model, cleaner) ...")
            load_models()
        self_before = _maxrss_mb(resource.RUSAGE_SELF)
        steps: dict[str, float] = {}
        say(f"adding {len(files)} documents with {jobs} worker process(es) ...")
        store = open_store(db_path)
        try:
            # spaCy runs here only with one job; with workers, wrapping it would import spaCy
            # (and PyTorch with it) into the driver the bench measures, which `onrecord add` never does
            spacy_timer = _timed_spacy(steps) if jobs == 1 else nullcontext()
            with _timed_relink_steps(steps), spacy_timer, TreeMemory() as tree:
                t0 = time.perf_counter()
                report = add([str(corpus_dir)], store, config)
                wall = time.perf_counter() - t0
            counts = store.counts()
            tokens = sum(len(text.split()) for (text,) in store.db.execute("SELECT text FROM articles"))
        finally:
            store.close()
        driver_peak = _maxrss_mb(resource.RUSAGE_SELF)
        worker_peak = _maxrss_mb(resource.RUSAGE_CHILDREN) if jobs > 1 else 0.0
        store_bytes = sum(p.stat().st_size for p in db_path.parent.glob(db_path.name + "*") if p.is_file())
        cores = max(1, jobs)
        stored = counts.get("articles", report.new_articles)
        stages = {k: round(v, 3) for k, v in sorted(report.seconds.items())}
        for k, v in sorted(steps.items()):
            if k == "spacy" and jobs > 1:
                continue  # it ran in the workers, where this process cannot see it
            stages[k] = round(v, 3)
        result: dict = {
            "corpus": {
                "folder": str(corpus) if corpus is not None else None,
                "seed": seed if corpus is None else None,
                "seed_dir": str(seed_dir) if corpus is None else None,
                "documents": len(files),
                "input_bytes": input_bytes,
            },
            "jobs": jobs,
            "cores_used": cores,
            "cpu_count": os.cpu_count(),
            "documents_seen": report.seen,
            "articles": stored,
            "unchanged": report.unchanged,
            "failed": len(report.failed),
            "quotes": report.quotes,
            "tokens": tokens,
            "wall_seconds": round(wall, 3),
            "articles_per_s": round(stored / wall, 2),
            "tokens_per_s": round(tokens / wall, 1),
            "articles_per_s_per_core": round(stored / wall / cores, 2),
            "tokens_per_s_per_core": round(tokens / wall / cores, 1),
            "stages_seconds": stages,
            "memory_mb": {
                "driver_peak": driver_peak,
                "driver_peak_before_run": self_before,
                "worker_peak": worker_peak,
                # every worker at its own peak at the same moment as the driver: an upper bound
                "process_tree_peak_upper_bound": round(driver_peak + worker_peak * (jobs if jobs > 1 else 0), 1),
                # sampled over the whole tree at once during the run (shared pages counted once)
                "process_tree_peak_pss": round(tree.peak_pss_kb / 1024, 1),
                "process_tree_peak_rss": round(tree.peak_rss_kb / 1024, 1),
            },
            "store": {
                "path": str(db_path) if keep is not None else None,
                "bytes": store_bytes,
                "bytes_per_1k_articles": round(store_bytes / max(1, stored) * 1000),
                "counts": counts,
            },
        }
        if peer is not None:
            say(f"running the {peer} peer over the same {stored} cleaned texts ...")
            result["peer"] = run_textacy(db_path, result)
    if gold:
        say("scoring the same build on the gold files ...")
        result["eval"] = evaluate_figures(gold)
    return result


def run_textacy(db_path: Path, onrecord_result: dict) -> dict:
    """textacy's throughput on the articles in the store, in this one process; and the per-core ratio."""
    from onrecord.evaluate.peer import _textacy_pipeline
    from onrecord.store import open_store

    nlp, direct_quotations = _textacy_pipeline()
    list(nlp.pipe(['Warm-up text. "It is fine," she said.']))
    store = open_store(db_path, readonly=True)
    n = tokens = quotes = failures = 0
    try:
        texts = (text for (text,) in store.db.execute("SELECT text FROM articles ORDER BY id"))
        t0 = time.perf_counter()
        for doc in nlp.pipe(texts, batch_size=64):
            n += 1
            tokens += len(doc.text.split())
            try:
                quotes += sum(1 for _ in direct_quotations(doc))
            except Exception:  # textacy's own faults on odd texts count as no quotes, as in `onrecord eval`
                failures += 1
        seconds = time.perf_counter() - t0
    finally:
        store.close()
    per_core = n / seconds if seconds else 0.0
    ours = onrecord_result["articles_per_s_per_core"]
    return {
        "name": "textacy",
        "articles": n,
        "quotes": quotes,
        "failures": failures,
        "seconds": round(seconds, 3),
        "cores_used": 1,
        "articles_per_s_per_core": round(per_core, 2),
        "tokens_per_s_per_core": round(tokens / seconds, 1) if seconds else 0.0,
        "onrecord_over_peer_per_core": round(ours / per_core, 2) if per_core else None,
    }


def default_gold(repo_root: Path | None = None) -> list[Path]:
    """The gold files beside the repository, when there are any."""
    root = repo_root or Path.cwd()
    corpus = root.parent / "shared" / "corpus"
    return [p for p in (corpus / "seeds.gold.jsonl", corpus / "dev.gold.jsonl") if p.is_file()]


def evaluate_figures(gold: list[str | Path]) -> dict:
    from onrecord.evaluate.run import evaluate

    scores = evaluate(list(gold), Config(jobs=1)).scores
    return {
        "gold": [Path(g).name for g in gold],
        "quote_f1": _round(scores.quote_f1),
        "speaker_accuracy": _round(scores.speaker_accuracy),
        "end_to_end_f1": _round(scores.end_to_end_f1),
        "link_f1": _round(scores.statement_f1),
        "said_on_accuracy": _round(scores.said_on_accuracy),
    }


def _round(x: float | None) -> float | None:
    return None if x is None else round(x, 3)
