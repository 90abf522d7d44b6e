"""Where the workspace database lives by default, and how a chosen place is understood.

Windows: ``%LOCALAPPDATA%\\govaudit\\workspace.db`` (per user, not roaming: the database
grows with every report read). Elsewhere: ``$XDG_DATA_HOME/govaudit`` or
``~/.local/share/govaudit``. The report folders are never written to.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

DB_NAME = "workspace.db"


def data_dir() -> Path:
    if sys.platform.startswith("win"):
        base = os.environ.get("LOCALAPPDATA") or os.environ.get("APPDATA")
        if base:
            return Path(base) / "govaudit"
    else:
        xdg = os.environ.get("XDG_DATA_HOME")
        if xdg:
            return Path(xdg) / "govaudit"
    try:
        home = Path.home()
    except RuntimeError:  # no HOME / USERPROFILE: a folder beside the temp files still works
        import tempfile

        return Path(tempfile.gettempdir()) / "govaudit"
    if sys.platform.startswith("win"):
        return home / "AppData" / "Local" / "govaudit"
    return home / ".local" / "share" / "govaudit"


def default_path() -> Path:
    return data_dir() / DB_NAME


def resolve(path: str | os.PathLike | None) -> Path:
    """A folder (existing, or given without a file suffix) means ``folder/workspace.db``."""
    if path is None or str(path) == "":
        return default_path()
    p = Path(path).expanduser()
    if p.is_dir() or (not p.exists() and p.suffix == ""):
        return p / DB_NAME
    return p


def is_network_path(path: Path) -> bool:
    """UNC paths and mapped network drives: SQLite's WAL mode needs local shared memory."""
    text = str(path)
    if text.startswith(("\\\\", "//")):
        return True
    if sys.platform.startswith("win"):
        try:
            import ctypes

            drive = os.path.splitdrive(os.path.abspath(text))[0]
            if drive:
                return ctypes.windll.kernel32.GetDriveTypeW(drive + "\\") == 4  # DRIVE_REMOTE
        except Exception:  # the drive type is a hint; a local default is safe
            return False
    return False
