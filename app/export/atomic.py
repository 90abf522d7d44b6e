"""Writing an export file all-or-nothing, with a Chinese message when it cannot be done.

The file is written beside the target under a temporary name and then moved into place
with ``os.replace``: a crash, a full disk or a target held open by Excel (Windows locks
open workbooks) never leaves a half-written checklist where the auditor expects one,
and an older checklist at that path stays intact until the new one is complete.
"""
from __future__ import annotations

import errno
import logging
import os
import secrets
import stat
from pathlib import Path
from typing import BinaryIO, Callable

from app.winpaths import long_path

log = logging.getLogger(__name__)


class ExportError(Exception):
    """An export that could not be written; ``message`` is for the auditor (Chinese).

    ``code``: "locked" | "readonly" (folder or file) | "disk_full" | "no_folder" | "is_folder" | "io" | "internal".
    """

    def __init__(self, message: str, code: str = "io"):
        super().__init__(message)
        self.message = message
        self.code = code


def _message_for(exc: OSError, target: Path, stage: str) -> ExportError:
    folder, name = str(target.parent), target.name
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        return ExportError(f"磁盘空间不足，未能保存“{name}”。请清理磁盘或换一个保存位置后重试。", "disk_full")
    if isinstance(exc, IsADirectoryError) or (stage == "replace" and target.is_dir()):
        return ExportError(f"“{target}”是一个文件夹，不能作为整改清单的文件名。请另选文件名。", "is_folder")
    if isinstance(exc, PermissionError) or exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        if stage == "replace":
            return ExportError(
                f"无法覆盖“{name}”：该文件可能正在 Excel 或 WPS 中打开，或被设为只读。"
                "请先关闭该文件，或另存为其他文件名后重试。",
                "locked",
            )
        return ExportError(f"无法在文件夹“{folder}”中写入文件（没有写入权限或为只读）。请选择其他保存位置。", "readonly")
    reason = exc.strerror or type(exc).__name__
    return ExportError(f"保存“{name}”失败：{reason}。", "io")


def _read_only(target: Path) -> bool:
    """True for an existing file marked read-only (Windows attribute, or no write permission).

    Checked before writing because the systems disagree: Windows refuses to replace a
    read-only file only sometimes (not on every file system), POSIX always lets a rename
    replace it. The user marked it read-only: it is never overwritten, on any system.
    """
    try:
        st = target.stat()
    except OSError:
        return False
    attributes = getattr(st, "st_file_attributes", None)
    if attributes is not None:
        return bool(attributes & stat.FILE_ATTRIBUTE_READONLY)
    return not os.access(target, os.W_OK)


def _remove_quietly(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass
    except OSError:
        log.warning("could not remove the temporary file %s", path)


def write_atomically(target: str | Path, write: Callable[[BinaryIO], None], durable: bool = True) -> Path:
    """Call ``write(fh)`` on a temporary file beside ``target``, then move it into place.

    Raises ``ExportError`` (and leaves no temporary file) when the folder is missing or
    read-only, the disk is full, or the target is locked. Returns the absolute target.
    ``durable``: wait until the data is on the disk before the file takes its name; a
    folder of hundreds of files that can be written again any time skips the wait
    (if the program stops half-way, no half-written file is left under the real name).
    """
    target = Path(long_path(str(Path(target).expanduser().absolute())))  # Windows: past 260 characters
    if not target.parent.is_dir():
        raise ExportError(f"保存位置“{target.parent}”不存在。请选择已有的文件夹。", "no_folder")
    if target.is_dir():
        raise ExportError(f"“{target}”是一个文件夹，不能作为整改清单的文件名。请另选文件名。", "is_folder")
    if _read_only(target):
        raise ExportError(f"“{target.name}”被设为只读，不能覆盖。请在文件属性中取消“只读”，或另存为其他文件名。",
                          "readonly")
    # Hidden, and clearly not a workbook, so that nobody opens it in the moment it exists.
    tmp = target.with_name(f".{target.stem}.{secrets.token_hex(4)}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(tmp, flags, 0o666)  # the umask applies, as for any file the user saves
    except OSError as exc:
        raise _message_for(exc, target, "create") from exc
    stage = "write"
    try:
        with os.fdopen(fd, "wb") as fh:
            write(fh)
            fh.flush()
            if durable:
                os.fsync(fh.fileno())
        stage = "replace"
        os.replace(tmp, target)
    except OSError as exc:
        _remove_quietly(tmp)
        raise _message_for(exc, target, stage) from exc
    except BaseException:
        _remove_quietly(tmp)
        raise
    return target
