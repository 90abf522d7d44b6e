"""The user's home folder, with a fallback for the machines where it cannot be found.

``Path.home()`` raises ``RuntimeError`` on Windows when neither ``USERPROFILE`` nor
``HOMEDRIVE``/``HOMEPATH`` is set (a scheduled task, a service account, a stripped-down
environment from a launcher), and ``KeyError`` on POSIX for a user id without a passwd
entry. The program must still start there: logs and settings then go to the temporary
folder, which every account has.
"""
from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path

DATA_FOLDER = "govaudit"


def home_dir() -> Path:
    """The user's home folder, or the temporary folder when the system cannot name one."""
    try:
        return Path.home()
    except (RuntimeError, KeyError, OSError):
        return Path(tempfile.gettempdir())


def user_data_dir(env: Mapping[str, str] | None = None, platform: str | None = None) -> Path:
    """The per-user data folder: %LOCALAPPDATA%\\govaudit on Windows, XDG data home elsewhere.

    Per-user and outside the install folder, so an uninstall (which removes only the
    program folder) keeps the logs, and no administrator rights are needed to write here.
    Never raises: without any home folder (no LOCALAPPDATA, no USERPROFILE) it is under
    the temporary folder.
    """
    env = os.environ if env is None else env
    platform = sys.platform if platform is None else platform
    if platform.startswith("win"):
        base = env.get("LOCALAPPDATA") or str(home_dir() / "AppData" / "Local")
    else:
        base = env.get("XDG_DATA_HOME") or str(home_dir() / ".local" / "share")
    return Path(base) / DATA_FOLDER
