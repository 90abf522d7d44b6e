"""Read many reports at once: a pool of worker processes, crash-isolated and time-budgeted.

The command line (``check --jobs N``) and the window both read folders through
``AuditPool``. Processes, not threads: pdfminer is pure Python and holds the GIL, and a
damaged file may crash a native library (pdfium, libxml2) or never finish. Each worker
reads one file at a time; the pool watches three things at once — a worker's answer,
a worker's death, the time budget of the file it is on — and so:

- a worker that dies takes only its current file with it ("读取进程意外退出"), and a
  fresh worker takes its place;
- a file over its budget is reported as such, its worker is stopped and replaced, and
  the batch goes on;
- results come back as soon as they are ready (``run``), or in input order
  (``in_order``) for the command line, which prints each report as soon as it can.

Workers log into a list that travels back with each result, and the parent hands the
records to its own logging: one process writes the log file, and nothing a worker logs
(a traceback included) reaches the console. No Qt here: the window drives the pool from
a thread of its own.
"""
from __future__ import annotations

import contextlib
import logging
import logging.handlers
import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait

from app.model import AuditResult, ReadError

log = logging.getLogger(__name__)

DEFAULT_BUDGET = 60.0  # seconds per file; a report reads in 0.1–3 s
START_FAILURES = 3  # workers that die before they are ready, before the pool gives up


def default_jobs() -> int:
    """All the cores there are (the command line's ``--jobs`` default)."""
    return max(1, os.cpu_count() or 1)


def timeout_result(path: str, budget: float) -> AuditResult:
    return AuditResult(path=path, status="error", error=ReadError(
        "timeout", f"读取超时：超过 {budget:g} 秒仍未读完，已停止读取此文件（批量审核继续）。"
        "文件可能结构异常，如损坏的压缩数据、极深的嵌套或超大的表格；请用原软件打开后另存为 PDF 或 .docx 再试。"))


def crashed_result(path: str) -> AuditResult:
    return AuditResult(path=path, status="error", error=ReadError(
        "crashed", "读取此文件时读取进程意外退出，文件可能已损坏。"))


def unstarted_result(path: str) -> AuditResult:
    return AuditResult(path=path, status="error", error=ReadError(
        "no_worker", "无法启动读取进程，此文件未读取。请关闭其他程序后重试。"))


def interrupted_result(path: str) -> AuditResult:
    return AuditResult(path=path, status="error", error=ReadError("interrupted", "审核已中断，此文件未读取。"))


# --------------------------------------------------------------------------- worker side


class _Collect(logging.handlers.QueueHandler):
    """Keeps a worker's log records (exception text already formatted) until the next answer."""

    def __init__(self) -> None:
        super().__init__(None)  # type: ignore[arg-type]
        self.records: list[logging.LogRecord] = []

    def enqueue(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def take(self) -> list[logging.LogRecord]:
        out, self.records = self.records, []
        return out


def _quiet_worker(low_priority: bool) -> _Collect:
    """Route everything a worker would print into its log records; ignore Ctrl+C (the parent handles it)."""
    import signal
    import sys

    from app.logsetup import LogStream

    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    except (ValueError, OSError):
        pass
    root = logging.getLogger()
    for h in list(root.handlers):
        root.removeHandler(h)
    collect = _Collect()
    root.addHandler(collect)
    root.setLevel(logging.INFO)
    logging.captureWarnings(True)
    sys.stderr = LogStream(logging.getLogger("worker.stderr"), logging.WARNING)
    sys.stdout = LogStream(logging.getLogger("worker.stdout"), logging.INFO)
    if low_priority:
        lower_priority()
    return collect


def lower_priority() -> None:
    """Yield the CPU to the window so it never stutters: below-normal on Windows, ``nice`` elsewhere."""
    import sys

    try:
        if sys.platform.startswith("win"):
            import ctypes

            below_normal = 0x00004000
            kernel32 = ctypes.windll.kernel32
            kernel32.SetPriorityClass(kernel32.GetCurrentProcess(), below_normal)
        else:
            os.nice(10)
    except Exception:  # priority is a courtesy, never a reason to fail
        pass


def _serve(conn: Connection, config, low_priority: bool, reader: Callable | None,
           initializer: Callable | None = None, initargs: tuple = ()) -> None:
    """A worker: say ready, then read each path sent until told to stop (None)."""
    collect = _quiet_worker(low_priority)
    if initializer is not None:
        try:
            initializer(*initargs)
        except Exception:  # a courtesy (e.g. page progress) must not stop the worker
            logging.getLogger(__name__).exception("worker initializer failed")
    if reader is None:
        from app.audit import audit_file as reader

    conn.send(("ready", None, None, collect.take()))
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        index, path = task
        try:
            result = reader(path, config)
        except BaseException as exc:  # audit_file does not raise; a worker must still answer
            logging.getLogger(__name__).exception("auditing %s failed", path)
            result = AuditResult(path=path, status="error", error=ReadError(
                "internal", f"读取时发生内部错误（{type(exc).__name__}），文件可能已损坏。"))
        try:
            conn.send(("done", index, result, collect.take()))
        except Exception:  # an unpicklable result: answer with what can travel
            logging.getLogger(__name__).exception("sending the result of %s failed", path)
            conn.send(("done", index, AuditResult(path=path, status="error", error=ReadError(
                "internal", "读取结果无法传回（内部错误），请单独重新审核此文件。")), collect.take()))


# --------------------------------------------------------------------------- parent side


@contextlib.contextmanager
def _sigint_ignored() -> Iterator[None]:
    """Ignore SIGINT while a worker is started (an ignored signal stays ignored in the child).

    Only the main thread may touch signal handlers; elsewhere (the window's pool thread)
    this does nothing, and the worker ignores Ctrl+C from its first line of its own.
    """
    import signal

    try:
        old = signal.signal(signal.SIGINT, signal.SIG_IGN)
    except (ValueError, OSError):
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, old)


@dataclass
class _Worker:
    process: multiprocessing.process.BaseProcess
    conn: Connection
    ready: bool = False
    task: tuple[int, str] | None = None
    started: float = 0.0


@dataclass
class AuditPool:
    """Reads files in ``jobs`` worker processes, each file within ``budget`` seconds.

    ``budget=None`` means no limit. ``config`` (a ``RuleConfig``) is sent to every worker
    once; None lets each audit read the user's settings. ``low_priority`` lowers the
    workers' CPU priority so that a window stays responsive.
    """

    jobs: int | None = None
    budget: float | None = DEFAULT_BUDGET
    config: object = None
    low_priority: bool = False
    reader: Callable | None = None  # ``audit_file`` unless a test stands in (a module-level function)
    # Run once in every worker before its first file (module-level, picklable: the window's OCR page progress).
    initializer: Callable | None = None
    initargs: tuple = ()
    _cancelled: threading.Event = field(default_factory=threading.Event, init=False, repr=False)
    _wake: tuple[Connection, Connection] | None = field(default=None, init=False, repr=False)

    def cancel(self) -> None:
        """Stop as soon as possible (thread-safe): ``run`` ends and its workers are terminated."""
        self._cancelled.set()
        wake = self._wake
        if wake is not None:
            try:
                wake[1].send_bytes(b"x")
            except (OSError, ValueError):
                pass

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def run(self, paths: Iterable[str]) -> Iterator[tuple[int, AuditResult]]:
        """Yield ``(index, result)`` for every path, in the order they finish.

        Every index is yielded exactly once unless the pool is cancelled or the caller
        stops iterating; in both cases the workers are terminated on the way out.
        """
        paths = list(paths)
        if not paths:
            return
        ctx = multiprocessing.get_context("spawn")
        pending = list(range(len(paths)))[::-1]  # a stack: pop() gives the next index
        workers: list[_Worker] = []
        outstanding = len(paths)
        start_failures = 0
        self._wake = ctx.Pipe(duplex=False)

        def spawn() -> None:
            parent, child = ctx.Pipe()
            proc = ctx.Process(target=_serve, args=(child, self.config, self.low_priority, self.reader,
                                                    self.initializer, self.initargs),
                               daemon=True, name="govaudit-reader")
            with _sigint_ignored():  # the worker starts deaf to Ctrl+C: only the parent answers it
                proc.start()
            child.close()
            workers.append(_Worker(proc, parent))

        def assign(w: _Worker) -> None:
            if pending:
                index = pending.pop()
                w.task, w.started = (index, paths[index]), time.monotonic()
                try:
                    w.conn.send(w.task)
                except (OSError, ValueError):
                    pass  # the worker is gone: its sentinel says so on the next wait

        def retire(w: _Worker, terminate: bool) -> None:
            workers.remove(w)
            if terminate and w.process.is_alive():
                w.process.terminate()
            w.process.join(timeout=5)
            if w.process.is_alive():
                w.process.kill()
                w.process.join(timeout=5)
            w.conn.close()

        try:
            for _ in range(min(self.jobs or default_jobs(), len(paths))):
                spawn()
            while outstanding and not self.cancelled:
                busy = [w for w in workers if w.task is not None]
                timeout = None
                if self.budget is not None and busy:
                    now = time.monotonic()
                    timeout = max(0.0, min(w.started + self.budget - now for w in busy))
                objects = [self._wake[0]] + [w.conn for w in workers] + [w.process.sentinel for w in workers]
                ready = wait(objects, timeout)
                if self.cancelled:
                    break
                finished: list[tuple[int, AuditResult]] = []
                for w in list(workers):
                    message = None
                    if w.conn in ready:
                        try:
                            message = w.conn.recv()
                        except (EOFError, OSError):
                            message = None
                    if message is not None:
                        kind, index, result, records = message
                        for record in records:
                            logging.getLogger(record.name).handle(record)
                        if kind == "ready":
                            w.ready = True
                        elif w.task is not None and index == w.task[0]:
                            finished.append((index, result))
                            w.task = None
                        if w.task is None:
                            assign(w)
                        continue
                    if w.process.sentinel in ready or (w.conn in ready and not w.process.is_alive()):
                        # The worker died: its file (if any) is the cause.
                        if w.task is not None:
                            log.warning("reader process died on %s (exit code %s)", w.task[1], w.process.exitcode)
                            finished.append((w.task[0], crashed_result(w.task[1])))
                        elif not w.ready:
                            start_failures += 1
                        retire(w, terminate=False)
                        if start_failures < START_FAILURES and (pending or any(x.task for x in workers)):
                            spawn()
                        continue
                    if self.budget is not None and w.task is not None \
                            and time.monotonic() - w.started >= self.budget:
                        log.warning("reading %s exceeded its budget of %.0f s", w.task[1], self.budget)
                        finished.append((w.task[0], timeout_result(w.task[1], self.budget)))
                        retire(w, terminate=True)
                        if pending:
                            spawn()
                if not workers and pending:  # no worker could be started at all
                    while pending:
                        index = pending.pop()
                        finished.append((index, unstarted_result(paths[index])))
                for index, result in finished:
                    outstanding -= 1
                    yield index, result
        finally:
            idle = [w for w in workers if w.task is None and w.ready and not self.cancelled]
            for w in idle:
                try:
                    w.conn.send(None)  # a polite stop: the worker returns
                except (OSError, ValueError):
                    pass
            for w in idle:
                w.process.join(timeout=2)
            for w in list(workers):  # busy, starting or cancelled: stopped at once
                retire(w, terminate=True)
            wake, self._wake = self._wake, None
            for end in wake or ():
                end.close()


class InputOrder:
    """A pool's results in input order, each released as soon as every earlier one is in.

    After Ctrl+C (or any stop), ``rest`` gives what was read but not yet released and
    an "interrupted" result for each file not read, still in input order: nothing read
    is lost, and every path given has its result.
    """

    def __init__(self, paths: list[str], pool: AuditPool) -> None:
        self.paths = list(paths)
        self.pool = pool
        self._held: dict[int, AuditResult] = {}
        self._next = 0
        self._run = pool.run(self.paths)

    def __iter__(self) -> Iterator[AuditResult]:
        for index, result in self._run:
            self._held[index] = result
            while self._next in self._held:
                result = self._held.pop(self._next)
                self._next += 1
                yield result

    @property
    def held(self) -> int:
        """Results read but waiting for an earlier file (thread-safe to read: a dict's length)."""
        return len(self._held)

    def rest(self) -> list[AuditResult]:
        self.pool.cancel()
        self._run.close()  # terminates the workers if the pool was still running
        out = [self._held.pop(i, None) or interrupted_result(self.paths[i]) for i in range(self._next, len(self.paths))]
        self._next = len(self.paths)
        return out
