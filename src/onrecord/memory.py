"""Giving freed memory back to the system.

CPython and torch free what they no longer hold, but glibc's malloc keeps the pages of a
fragmented heap for reuse: a process that once held a large window of records, or a thread
that ran the sentence model over thousands of batches, keeps that peak for the rest of its
life unless the heap is trimmed.
"""

from __future__ import annotations

import gc
from functools import lru_cache


def release_memory() -> None:
    """Collect cycles, then give the free pages of every heap back to the system."""
    gc.collect()
    trim_heaps()


def trim_heaps() -> None:
    """Give the free pages of every malloc arena back to the system (no-op where malloc is not glibc's)."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@lru_cache(maxsize=1)
def _malloc_trim():
    import ctypes
    import ctypes.util

    name = ctypes.util.find_library("c")
    try:
        return getattr(ctypes.CDLL(name), "malloc_trim", None) if name else None
    except OSError:
        return None  # not glibc: nothing to give back this way
