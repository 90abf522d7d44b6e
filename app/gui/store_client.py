"""The window's access to the workspace: every store call runs on one thread of its own.

A decision is one short SQLite transaction, but the database may sit on a slow or
shared drive, or be busy while worker processes record a batch: the GUI thread never
waits for it. Calls are queued to a single store thread (one connection, in call
order); their results come back to the GUI thread through a queued signal. The window
updates its in-memory review at once (the auditor sees the decision immediately) and
the store catches up within milliseconds; ``flush`` waits for it (closing, tests).
"""
from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from app.workspace import Workspace, WorkspaceError

log = logging.getLogger(__name__)

_STOP = object()


class StoreClient(QObject):
    """Runs ``fn(workspace, *args)`` on the store thread; ``callback(result)`` on the GUI thread."""

    _delivered = Signal(object, object, object)  # callback, result, error
    failed = Signal(object)  # WorkspaceError: an action could not be saved
    opened = Signal(object)  # None when open, else the WorkspaceError that prevented it

    def __init__(self, path: str | Path | None, readonly: bool = False, parent: QObject | None = None):
        super().__init__(parent)
        self.path = Path(path) if path else None
        self.readonly = readonly
        self.workspace: Workspace | None = None
        self.error: WorkspaceError | None = None
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self._pending = 0
        self._lock = threading.Lock()
        self._idle = threading.Event()
        self._idle.set()
        self._delivered.connect(self._deliver)
        self._thread = threading.Thread(target=self._run, name="workspace-store", daemon=True)
        self._thread.start()
        self.call(lambda ws: None)  # the open happens on the store thread; ``opened`` tells how

    # ------------------------------------------------------------------ public

    @property
    def usable(self) -> bool:
        return self.workspace is not None and self.error is None

    def call(self, fn: Callable[..., Any], *args: Any, callback: Callable[[Any], None] | None = None) -> None:
        """Queue ``fn(workspace, *args)``. Without a workspace the call is dropped (nothing to keep)."""
        with self._lock:
            self._pending += 1
            self._idle.clear()
        self._queue.put((fn, args, callback))

    def flush(self, timeout: float = 10.0) -> bool:
        """Wait until every queued call has run (True) or ``timeout`` passed (False)."""
        return self._idle.wait(timeout)

    def close(self, timeout: float = 10.0) -> None:
        self.flush(timeout)
        self._queue.put(_STOP)
        self._thread.join(timeout)

    # ------------------------------------------------------------------ store thread

    def _run(self) -> None:
        try:
            self.workspace = Workspace.open(self.path, readonly=self.readonly) if self.path is not None \
                else Workspace.in_memory()
        except WorkspaceError as exc:
            self.error = exc
        except Exception as exc:  # never let the store thread die silently
            log.exception("opening the workspace failed")
            self.error = WorkspaceError("io", f"无法打开审核工作区：{type(exc).__name__}", self.path)
        first = True
        while True:
            item = self._queue.get()
            if item is _STOP:
                break
            fn, args, callback = item
            result, error = None, None
            if first:
                first = False
                self._delivered.emit(self._opened, self.error, None)
            elif self.workspace is not None:
                try:
                    result = fn(self.workspace, *args)
                except WorkspaceError as exc:
                    error = exc
                except Exception as exc:  # a bug in a store call must reach the auditor, not kill the thread
                    log.exception("workspace call failed")
                    error = WorkspaceError("io", f"保存审核结果时出错（{type(exc).__name__}）。", self.path)
                if callback is not None or error is not None:
                    self._delivered.emit(callback, result, error)
            with self._lock:
                self._pending -= 1
                if self._pending == 0:
                    self._idle.set()
        if self.workspace is not None:
            self.workspace.close()

    def _opened(self, error) -> None:
        self.opened.emit(error)

    # ------------------------------------------------------------------ GUI thread

    def _deliver(self, callback, result, error) -> None:
        if error is not None:
            self.failed.emit(error)
            return
        if callback is not None:
            callback(result)
