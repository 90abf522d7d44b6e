"""Import the reading core on a background thread once the window is up.

A report read in a worker process comes back pickled and is unpickled on the GUI thread;
unpickling imports the modules its classes live in. The first time, those imports (with
PySide's import hook reading each module's source) held the window for 100-130 ms
(measured: a scanned PDF opened first, benchmarks/bench_gui.py). Imported here first,
in the background, they are already there when the first result arrives.
"""
from __future__ import annotations

import importlib
import logging
import threading

log = logging.getLogger(__name__)

MODULES = ("app.audit", "app.rules.catalogue", "app.rules.cross", "app.rules.ocr_doubt", "app.workspace.codec",
           "app.across", "app.ingest", "app.result")


def _import_all() -> None:
    for name in MODULES:
        try:
            importlib.import_module(name)
        except Exception:  # never a reason to fail: the module is imported again where it is needed
            log.exception("warm-up import of %s failed", name)


def start() -> threading.Thread:
    thread = threading.Thread(target=_import_all, name="govaudit-warmup", daemon=True)
    thread.start()
    return thread
