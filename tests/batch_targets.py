"""Stand-in readers for the worker pool's tests (imported by the spawned workers, so module-level).

The file's name says what the stand-in does with it: ``hang-*`` never finishes,
``crash-*`` kills its worker, ``log-*`` logs a traceback first; any other file is
audited for real.
"""
from __future__ import annotations

import logging
import os
import time
from pathlib import Path


def reader(path: str, config=None):
    from app.audit import audit_file

    name = Path(path).name
    if name.startswith("hang-"):
        time.sleep(3600)
    if name.startswith("crash-"):
        os._exit(3)
    if name.startswith("log-"):
        try:
            raise ValueError("模拟的读取错误")
        except ValueError:
            logging.getLogger("app.audit").exception("reading %s failed", path)
        print("a stray print from a library")
    return audit_file(path, config)
