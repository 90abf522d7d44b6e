"""Scanned reports in the loader: read in worker processes, with their pages told as they go.

OCR takes seconds per page and runs numpy and onnxruntime: it must not run in a
thread of the window's process (the GIL would stall the event loop), so a PDF or a
picture always goes to the worker processes, even alone. Each worker hears about
every page its OCR reader finishes (``app.ingest.ocr_progress``) and puts
``(file name, pages read, pages to read)`` on a queue the window drains with its results.
Cancel stays what it was: the busy workers are terminated.
"""
from __future__ import annotations

import multiprocessing
import queue
from pathlib import Path

from app.batch import lower_priority

SCAN_SUFFIXES = (".pdf", ".jpg", ".jpeg", ".png", ".tif", ".tiff")  # files that may need OCR
MAX_MESSAGES = 200  # read per drain at most (a page takes seconds: never more than a few)


def may_need_ocr(path: str) -> bool:
    return Path(path).suffix.lower() in SCAN_SUFFIXES


def worker_init(pages) -> None:
    """Worker-process initializer: lower priority, and tell ``pages`` of every OCR page read."""
    from app.ingest.ocr_progress import listen

    lower_priority()

    def told(name: str, done: int, total: int) -> None:
        try:
            pages.put_nowait((name, done, total))
        except Exception:  # a full or closed queue: the progress line is a courtesy
            pass

    listen(told)


class PageChannel:
    """The queue the workers' OCR page progress comes back on (spawn context, like the pool)."""

    def __init__(self):
        self.queue = multiprocessing.get_context("spawn").Queue()

    def drain(self) -> list[tuple[str, int, int]]:
        """The messages waiting, the latest per file only."""
        latest: dict[str, tuple[str, int, int]] = {}
        for _ in range(MAX_MESSAGES):
            try:
                name, done, total = self.queue.get_nowait()
            except (queue.Empty, OSError, ValueError, EOFError):
                break
            latest[name] = (name, done, total)
        return list(latest.values())

    def close(self) -> None:
        try:
            self.queue.close()
        except Exception:
            pass
