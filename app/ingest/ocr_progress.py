"""Who hears about OCR pages as they are read (the window's per-page progress).

Reading a scan takes seconds per page, so the window says "第 3/5 页" while a worker
process reads. The reader does not know who listens: whoever runs a reading sets a
listener for its own context (``listening``), and the OCR reader calls ``page_read``
after each page. A ``ContextVar`` rather than a parameter, because the reading is
several calls deep (audit → read_document → read_pdf → OCR) and only the worker cares.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

Listener = Callable[[str, int, int], None]  # (file name, pages read, pages to read)

_listener: ContextVar[Listener | None] = ContextVar("ocr_page_listener", default=None)


@contextmanager
def listening(listener: Listener | None) -> Iterator[None]:
    """Call ``listener`` for every OCR page read inside the ``with`` block."""
    token = _listener.set(listener)
    try:
        yield
    finally:
        _listener.reset(token)


def listen(listener: Listener | None) -> None:
    """Set the listener for the rest of this context (a worker process's initializer)."""
    _listener.set(listener)


def page_read(name: str, done: int, total: int) -> None:
    listener = _listener.get()
    if listener is not None:
        try:
            listener(name, done, total)
        except Exception:  # progress is a courtesy: never a reason for a reading to fail
            pass
