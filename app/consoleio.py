"""Standard output the same on every system: UTF-8, "\\n" line ends, never an encoding crash.

On Windows, Python writes a redirected stdout in the ANSI code page (GBK on a Chinese PC)
and turns every "\\n" into "\\r\\n". The JSON of ``check --format json`` must be the same
bytes on Windows and Linux (a script comparing or hashing it, a diff between two runs), and
a file name that GBK cannot encode must not stop a batch with ``UnicodeEncodeError``. An
interactive Windows console is unaffected: Python writes to it through the console's
Unicode API whatever the encoding says.
"""
from __future__ import annotations

import sys


def use_utf8_stdio() -> None:
    """Reconfigure ``sys.stdout``/``sys.stderr`` (when they are real text streams) to UTF-8 and "\\n"."""
    for stream in (sys.stdout, sys.stderr):
        if stream is None or not hasattr(stream, "reconfigure"):
            continue  # a windowed build's stand-in stream (app.logsetup.LogStream) or None
        try:
            stream.flush()
            stream.reconfigure(encoding="utf-8", errors="replace", newline="\n")
        except (ValueError, OSError):
            pass
