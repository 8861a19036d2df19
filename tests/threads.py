"""Thread hygiene for the test processes."""
from __future__ import annotations

import threading


def cancel_timers() -> None:
    """End every threading.Timer still waiting: the login throttle's in-memory store (limits' MemoryStorage)
    starts a 10 ms cleanup timer when created and after each count. Under CI's shifted clock (libfaketime
    shifts the monotonic clock too) a timed wait in a thread never ends, so the process would hang at exit
    joining it; cancelling wakes it at once."""
    for thread in threading.enumerate():
        if isinstance(thread, threading.Timer):
            thread.cancel()
