"""A time budget per document: one pathological page must not hold up a whole run.

The budget is enforced with SIGALRM (an interval timer), which interrupts pure-Python
work wherever it is; work inside a C extension (a spaCy parse, a regex) is interrupted
when it returns to Python. Signals reach only a process's main thread: that is where
the local runner's pool workers and Ray's task workers run each document. In any other
thread the budget cannot be enforced, and `time_budget` says so by yielding False.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class BudgetExceeded(Exception):
    def __init__(self, seconds: float):
        super().__init__(f"past the budget of {seconds:g} s")
        self.seconds = seconds


@contextmanager
def time_budget(seconds: float) -> Iterator[bool]:
    """Raise BudgetExceeded in the body once `seconds` have passed; yield whether it is enforced."""
    enforceable = seconds > 0 and hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not enforceable:
        yield False
        return

    def on_alarm(signum, frame):
        raise BudgetExceeded(seconds)

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield True
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
