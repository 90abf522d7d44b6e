"""Which reader produced a stored reading: a stored parse is reused only by the same reader.

In the source tree the revision is a hash of the reader's own source files, so any
change to ingest or parse invalidates what was stored; in a frozen build the sources
are not on disk, and the program's version plus its executable's size and time stand
in for them.
"""
from __future__ import annotations

import hashlib
import os
import sys
from functools import lru_cache
from pathlib import Path

from app import __version__

_READER_PARTS = ("ingest", "parse", "normalize.py", "template.py", "model.py", "workspace/codec.py")


@lru_cache(maxsize=1)
def parser_revision() -> str:
    root = Path(__file__).resolve().parent.parent
    h = hashlib.sha1(__version__.encode())
    files: list[Path] = []
    for part in _READER_PARTS:
        p = root / part
        files += sorted(p.rglob("*.py")) if p.is_dir() else [p] if p.is_file() else []
    if files:
        for f in files:
            h.update(f.relative_to(root).as_posix().encode())
            h.update(f.read_bytes())
        return "src-" + h.hexdigest()[:16]
    try:
        st = os.stat(sys.executable)
        h.update(f"{st.st_size}:{int(st.st_mtime)}".encode())
    except OSError:
        pass
    return "bin-" + h.hexdigest()[:16]
