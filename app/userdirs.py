"""The user's home folder, with a fallback for the machines where it cannot be found.

``Path.home()`` raises ``RuntimeError`` on Windows when neither ``USERPROFILE`` nor
``HOMEDRIVE``/``HOMEPATH`` is set (a scheduled task, a service account, a stripped-down
environment from a launcher), and ``KeyError`` on POSIX for a user id without a passwd
entry. The program must still start there: logs and settings then go to the temporary
folder, which every account has.
"""
from __future__ import annotations

import tempfile
from pathlib import Path


def home_dir() -> Path:
    """The user's home folder, or the temporary folder when the system cannot name one."""
    try:
        return Path.home()
    except (RuntimeError, KeyError, OSError):
        return Path(tempfile.gettempdir())
