"""Reading reports off the GUI thread.

One file runs in a thread of ``QThreadPool`` (cheap to start). A folder goes to a
``ProcessPoolExecutor`` with the 'spawn' context, because pdfminer is pure Python and
holds the GIL: in a thread, a batch of PDFs would starve the event loop. Results land
in a queue from whatever thread finished them; a timer on the GUI thread drains it and
emits them in batches, so every model update happens on the GUI thread. Cancel is real:
pending work is dropped and busy worker processes are terminated. A worker process
that dies (a damaged file crashing a native library) breaks the pool; its files are
retried in a fresh pool; if that dies too, files run one at a time and the file under
which the pool dies is reported as unreadable.
"""
from __future__ import annotations

import logging
import multiprocessing
import os
import queue
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from PySide6.QtCore import QObject, QThreadPool, QTimer, Signal

from app.gui.ocr_jobs import PageChannel, may_need_ocr, worker_init
from app.gui.texts import tr
from app.gui.transport import audit_packed, unpack
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
    pageProgress = Signal(str, int, int)  # a scan being read by OCR: file name, pages read, pages
    finished = Signal(bool)  # True when cancelled

    def __init__(self, paths: list[str], use_processes: bool | None = None,
                 max_workers: int | None = None, parent: QObject | None = None, workspace: str | None = None,
                 readonly: bool = False):
        super().__init__(parent)
        self.paths = list(paths)
        self.workspace = workspace  # the database the workers record into (None: nothing kept)
        self.readonly = readonly
        self.total = len(self.paths)
        self.done = 0
        self.cancelled = False
        self.running = False
        self._use_processes = (len(self.paths) > 1 or any(may_need_ocr(p) for p in self.paths)
                               if use_processes is None else use_processes)  # OCR never in a thread
        self._pages = PageChannel() if self._use_processes else None
        self._max_workers = max_workers or max(1, min(os.cpu_count() or 1, len(self.paths), 8))
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self._pool: ProcessPoolExecutor | None = None
        self._outstanding: set[str] = set()
        self._generation = 0
        self._breaks = 0
        self._isolate = False
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
            self._submit_to_pool(self.paths)
        else:
            for path in self.paths:
                QThreadPool.globalInstance().start(lambda p=path: self._run_in_thread(p))
        self._timer.start()

    def cancel(self) -> None:
        """Drop pending work, stop busy workers, and report ``finished(True)`` at once."""
        if not self.running:
            return
        self.cancelled = True
        self._shutdown_pool(terminate=True)
        self._finish()

    # ------------------------------------------------------------------ workers

    def _run_in_thread(self, path: str) -> None:
        if self.cancelled:
            return
        try:
            self._queue.put((0, path, unpack(audit_packed(path, self.workspace, self.readonly))))
        except BaseException:  # never lose a file silently
            log.exception("thread audit of %s failed", path)
            self._queue.put((0, path, _crashed(path)))

    def _submit_to_pool(self, paths: list[str]) -> None:
        if not paths:
            return
        ctx = multiprocessing.get_context("spawn")
        self._generation += 1
        gen = self._generation
        if self._isolate:  # after repeated crashes: one file at a time finds the culprit
            paths = paths[:1]
        workers = min(self._max_workers, len(paths))
        self._pool = ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=worker_init,
                                         initargs=(self._pages.queue,))
        for path in paths:
            future = self._pool.submit(audit_packed, path, self.workspace, self.readonly)
            future.add_done_callback(lambda f, p=path: self._future_done(gen, p, f))

    def _future_done(self, gen: int, path: str, future: Future) -> None:
        # Runs on the executor's management thread: only hand over, never touch Qt objects.
        if future.cancelled() or self.cancelled:
            return
        try:
            self._queue.put((gen, path, unpack(future.result())))
        except BrokenProcessPool:
            self._queue.put((gen, path, None))  # the drain decides: retry or give up
        except BaseException as exc:
            log.warning("audit of %s failed in the pool: %r", path, exc)
            self._queue.put((gen, path, _crashed(path)))

    def _shutdown_pool(self, terminate: bool) -> None:
        pool, self._pool = self._pool, None
        if pool is None:
            return
        processes = list((getattr(pool, "_processes", None) or {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        if terminate:
            for proc in processes:
                try:
                    proc.terminate()
                except Exception:  # already gone
                    pass

    # ------------------------------------------------------------------ GUI thread

    def _drain(self) -> None:
        if self.cancelled:
            return
        batch: list[AuditResult] = []
        broken = False
        while len(batch) < MAX_BATCH:
            try:
                gen, path, result = self._queue.get_nowait()
            except queue.Empty:
                break
            if path not in self._outstanding:
                continue
            if result is None:  # the pool died under this file
                if gen != self._generation:
                    continue  # an old pool, already replaced
                if not self._isolate:
                    broken = True
                    continue
                result = _crashed(path)  # alone in its pool: this file is the culprit
                broken = True
            self._outstanding.discard(path)
            batch.append(result)
        if self._use_processes and (broken or (self._isolate and self._pool_idle(batch))):
            if broken and not self._isolate:
                self._breaks += 1
                self._isolate = self._breaks >= 2
            log.warning("worker process died; continuing in a fresh pool (isolate=%s)", self._isolate)
            self._shutdown_pool(terminate=False)
            self._submit_to_pool([p for p in self.paths if p in self._outstanding])
        for name, page, pages in self._pages.drain() if self._pages is not None else []:
            self.pageProgress.emit(name, page, pages)
        if batch:
            self.done += len(batch)
            self.resultsReady.emit(batch)
            self.progress.emit(self.done, self.total)
        if not self._outstanding:
            self._finish()

    def _pool_idle(self, batch: list[AuditResult]) -> bool:
        """In isolation mode the next file is submitted when the current one is back."""
        return bool(batch)

    def _finish(self) -> None:
        if not self.running:
            return
        self.running = False
        self._timer.stop()
        self._shutdown_pool(terminate=self.cancelled)
        if self._pages is not None:
            self._pages.close()
        self.finished.emit(self.cancelled)
