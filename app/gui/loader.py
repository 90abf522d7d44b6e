"""Reading reports off the GUI thread.

One file runs in a thread of ``QThreadPool`` (cheap to start). A folder goes to the
crash-isolating, time-budgeted worker pool of ``app.batch`` (processes, because pdfminer
is pure Python and holds the GIL: in a thread, a batch of PDFs would starve the event
loop), driven from a plain thread. Results land in a queue from whatever thread finished
them; a timer on the GUI thread drains it and emits them in batches, so every model
update happens on the GUI thread. Cancel is real: pending work is dropped and busy
worker processes are terminated. A file that crashes its worker or runs over its time
budget comes back as an unreadable file with the reason, and the batch goes on.
"""
from __future__ import annotations

import logging
import os
import queue
import threading
from functools import partial

from PySide6.QtCore import QObject, QThreadPool, QTimer, Signal

from app.batch import DEFAULT_BUDGET, AuditPool
from app.gui.ocr_jobs import PageChannel, may_need_ocr, worker_init
from app.gui.texts import tr
from app.gui.transport import audit_packed, unpack
from app.workspace.pipeline import audit_at
from app.model import AuditResult, ReadError

log = logging.getLogger(__name__)

DRAIN_MS = 80  # how often finished results are handed to the window
MAX_BATCH = 40  # results per emission, so one drain never blocks the event loop for long


def _crashed(path: str) -> AuditResult:
    return AuditResult(path=path, status="error", error=ReadError(
        "crashed", tr("读取此文件时读取进程意外退出，文件可能已损坏。")))


class LoadJob(QObject):
    """Reads a list of files; emits ``resultsReady(list[AuditResult])`` as they finish."""

    resultsReady = Signal(list)
    progress = Signal(int, int)  # done, total
    finished = Signal(bool)  # True when cancelled
    pageProgress = Signal(str, int, int)  # a scan being read by OCR: file name, pages read, pages

    def __init__(self, paths: list[str], use_processes: bool | None = None,
                 max_workers: int | None = None, budget: float | None = DEFAULT_BUDGET,
                 parent: QObject | None = None, workspace: str | None = None, readonly: bool = False):
        super().__init__(parent)
        self.paths = list(paths)
        self.workspace = workspace  # the database the workers record into (None: nothing kept)
        self.readonly = readonly
        self.total = len(self.paths)
        self.done = 0
        self.cancelled = False
        self.running = False
        # The thread that drives the worker processes; it outlives ``finished`` while it stops
        # them, and the window waits for it on close (a worker may still hold the workspace file).
        self.pool_thread: threading.Thread | None = None
        self._use_processes = (len(self.paths) > 1 or any(may_need_ocr(p) for p in self.paths)
                               if use_processes is None else use_processes)  # OCR never in a thread
        self._max_workers = max_workers or max(1, min(os.cpu_count() or 1, len(self.paths), 8))
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self._pages = PageChannel() if self._use_processes else None
        reader = partial(audit_at, workspace, readonly) if workspace is not None else None
        self._pool = AuditPool(self._max_workers, budget, low_priority=False, reader=reader,  # worker_init lowers it
                               initializer=worker_init if self._pages is not None else None,
                               initargs=(self._pages.queue,) if self._pages is not None else ())
        self._outstanding: set[str] = set()
        self._timer = QTimer(self)
        self._timer.setInterval(DRAIN_MS)
        self._timer.timeout.connect(self._drain)

    # ------------------------------------------------------------------ control

    def start(self) -> None:
        self.running = True
        self._outstanding = set(self.paths)
        if not self.paths:
            QTimer.singleShot(0, self._finish)
            return
        if self._use_processes:
            self.pool_thread = threading.Thread(target=self._run_pool, name="govaudit-pool", daemon=True)
            self.pool_thread.start()
        else:
            for path in self.paths:
                QThreadPool.globalInstance().start(lambda p=path: self._run_in_thread(p))
        self._timer.start()

    def cancel(self) -> None:
        """Drop pending work, stop busy workers, and report ``finished(True)`` at once."""
        if not self.running:
            return
        self.cancelled = True
        self._pool.cancel()  # the pool thread terminates its workers
        self._finish()

    # ------------------------------------------------------------------ workers

    def _run_in_thread(self, path: str) -> None:
        if self.cancelled:
            return
        try:
            self._queue.put((path, unpack(audit_packed(path, self.workspace, self.readonly))))
        except BaseException:  # never lose a file silently
            log.exception("thread audit of %s failed", path)
            self._queue.put((path, _crashed(path)))

    def _run_pool(self) -> None:
        # Runs on a plain thread: only hand over, never touch Qt objects.
        try:
            for index, result in self._pool.run(self.paths):
                self._queue.put((self.paths[index], result))
        except BaseException:  # the pool itself failed: every file still gets an answer
            log.exception("the reading pool failed")
            for path in self.paths:
                self._queue.put((path, _crashed(path)))

    # ------------------------------------------------------------------ GUI thread

    def _drain(self) -> None:
        if self.cancelled:
            return
        batch: list[AuditResult] = []
        while len(batch) < MAX_BATCH:
            try:
                path, result = self._queue.get_nowait()
            except queue.Empty:
                break
            if path not in self._outstanding:
                continue
            self._outstanding.discard(path)
            batch.append(result)
        for name, page, pages in self._pages.drain() if self._pages is not None else []:
            self.pageProgress.emit(name, page, pages)
        if batch:
            self.done += len(batch)
            self.resultsReady.emit(batch)
            self.progress.emit(self.done, self.total)
        if not self._outstanding:
            self._finish()

    def _finish(self) -> None:
        if not self.running:
            return
        self.running = False
        self._timer.stop()
        if self.cancelled:
            self._pool.cancel()
        if self._pages is not None:
            self._pages.close()
        self.finished.emit(self.cancelled)
