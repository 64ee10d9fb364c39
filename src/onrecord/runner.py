"""Where per-document work runs: this process, or a local process pool.

A runner maps a pure function over documents and yields results in order. The Ray
runner (onrecord.distributed) has the same interface.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from functools import partial


class LocalRunner:
    def __init__(self, jobs: int = 1):
        self.jobs = max(1, jobs)
        self._pool: ProcessPoolExecutor | None = None

    def map(self, fn: Callable, items: Sequence, config) -> Iterator:
        # A lone document is done here unless the workers are already running: then it goes
        # to them too, so this process never loads the per-document models it would keep
        # through the relink.
        if self.jobs == 1 or (len(items) < 2 and self._pool is None):
            return (fn(item, config) for item in items)
        if self._pool is None:
            self._pool = ProcessPoolExecutor(self.jobs, initializer=_start_worker)
        chunk = max(1, len(items) // (self.jobs * 4))
        return self._pool.map(partial(fn, config=config), items, chunksize=chunk)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None


def _start_worker() -> None:
    _die_with_parent()
    _without_pytorch()


def _without_pytorch() -> None:
    """Keep PyTorch out of a worker. spaCy's thinc imports it whenever it is installed (it is,
    to export the sentence model), though the English pipeline never runs it: 180 MB more in
    every worker. A module set to None in sys.modules fails to import, and thinc then does
    without. Only the pool's own processes do this, never a process that imports onrecord."""
    import sys

    if "torch" not in sys.modules:
        sys.modules["torch"] = None  # type: ignore[assignment]


def _die_with_parent() -> None:
    """A worker ends when the process that started it does, even if that one is killed with -9."""
    import ctypes
    import os
    import signal
    import sys

    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGKILL)
    except (OSError, AttributeError):
        return
    if os.getppid() == 1:  # the parent was gone before the request took effect
        os._exit(1)
