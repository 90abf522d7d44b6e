"""Run a short piece of work off the GUI thread and hand its result back on the GUI thread."""
from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)


class _Relay(QObject):
    done = Signal(object)


class _Task(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay):
        super().__init__()
        self.fn, self.relay = fn, relay

    def run(self) -> None:
        try:
            out = self.fn()
        except Exception as exc:  # a failure is delivered, never lost in the pool
            log.exception("background task failed")
            out = exc
        self.relay.done.emit(out)


def run_in_thread(fn: Callable[[], Any], callback: Callable[[Any], None], parent: QObject | None = None) -> None:
    """``callback(fn())`` with ``fn`` on a pool thread and ``callback`` on the GUI thread.

    An exception raised by ``fn`` is passed to ``callback`` as the value.
    """
    relay = _Relay(parent)  # lives on the GUI thread: its queued signal runs the callback there

    def deliver(out: Any) -> None:
        try:
            callback(out)
        finally:
            relay.deleteLater()

    relay.done.connect(deliver)
    QThreadPool.globalInstance().start(_Task(fn, relay))
