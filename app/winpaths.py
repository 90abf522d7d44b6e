"""Windows paths longer than MAX_PATH (260), on a local disk or a network share.

Windows 10 refuses a path of 260 characters or more unless the machine enables long paths
in the registry (off by default) — and deep folders with long Chinese names reach that
quickly (``\\\\县政府服务器\\政务公开\\2023年度\\各乡镇街道\\…``). The extended form ``\\\\?\\C:\\…``
(``\\\\?\\UNC\\server\\share\\…`` for a share) is exempt. Files are opened through that form;
people only ever see the ordinary one. Elsewhere both functions return the path unchanged.
"""
from __future__ import annotations

import ntpath
import sys

MAX_PATH = 260
_EXTENDED = "\\\\?\\"
_EXTENDED_UNC = "\\\\?\\UNC\\"


def long_path(path: str, platform: str | None = None, always: bool = False) -> str:
    """``path`` in the extended form when it is a Windows path too long for the ordinary API.

    ``always``: extend any Windows path (to walk a folder whose files may lie deeper than
    260 characters although the folder itself does not).
    """
    platform = sys.platform if platform is None else platform
    path = str(path)
    if not platform.startswith("win") or path.startswith(_EXTENDED) or path.startswith("\\\\.\\"):
        return path
    full = ntpath.abspath(path) if platform == sys.platform else ntpath.normpath(path)
    # 248 for folders: CreateDirectory needs room for an 8.3 file name inside them.
    if not ntpath.isabs(full) or (len(full) < MAX_PATH - 12 and not always):
        return path
    if full.startswith("\\\\"):
        return _EXTENDED_UNC + full[2:]
    return _EXTENDED + full


def short_path(path: str) -> str:
    """The ordinary form of a path that :func:`long_path` extended (for messages and results)."""
    path = str(path)
    if path.startswith(_EXTENDED_UNC):
        return "\\\\" + path[len(_EXTENDED_UNC):]
    if path.startswith(_EXTENDED):
        return path[len(_EXTENDED):]
    return path
