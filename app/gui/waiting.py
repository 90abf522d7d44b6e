"""Run the event loop until a condition holds, for the scripted modes (smoke test,
screenshot, benchmark).

One ``QEventLoop.exec()`` with a polling timer, never a ``processEvents()`` loop:
PySide6 6.12.0 drops a reference to ``None`` on every ``processEvents()`` call made from
Python, and a few thousand of them crash the interpreter ("none_dealloc").
"""
from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEventLoop, QTimer


def run_until(done: Callable[[], bool], timeout: float, poll_ms: int = 20) -> bool:
    """Spin the event loop until ``done()`` or ``timeout`` seconds; True if done."""
    if done():
        return True
    loop = QEventLoop()
    deadline = time.monotonic() + timeout
    timer = QTimer()
    timer.setInterval(poll_ms)

    def check() -> None:
        if done() or time.monotonic() >= deadline:
            loop.quit()

    timer.timeout.connect(check)
    timer.start()
    loop.exec()
    timer.stop()
    return done()


def settle(seconds: float = 0.2) -> None:
    """Let pending events (layout, paint, deferred updates) run for a moment."""
    end = time.monotonic() + seconds
    run_until(lambda: time.monotonic() >= end, seconds + 1)
