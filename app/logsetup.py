"""Logging for the desktop build: a rotating log file, stdio for windowed builds, crash files.

A windowed (``console=False``) PyInstaller build on Windows starts with ``sys.stdout`` and
``sys.stderr`` set to ``None``: a stray ``print`` or a library warning would then raise, and a
crash would vanish without a trace. So the frozen entry point calls :func:`setup_logging`,
which sends logging to a rotating file in the user's data folder, points missing stdio
streams at that log, and installs an excepthook that writes a crash file and tells the user
(in Chinese) where it is. Qt is imported only inside the hook, and only if the GUI already
loaded it, so the core stays Qt-free.
"""
from __future__ import annotations

import datetime as _dt
import io
import logging
import logging.handlers
import os
import sys
import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from app.userdirs import DATA_FOLDER, home_dir, user_data_dir  # noqa: F401 (user_data_dir: part of this API)

LOG_NAME = "govaudit.log"
LOG_MAX_BYTES = 1024 * 1024
LOG_BACKUPS = 3
LOG_FORMAT = "%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s"
_HANDLER_TAG = "_govaudit_log"


def log_dir(env: Mapping[str, str] | None = None, platform: str | None = None) -> Path:
    return user_data_dir(env, platform) / "logs"


class LogStream(io.TextIOBase):
    """A text stream that forwards whole lines to a logger (stands in for a missing stdout/stderr)."""

    def __init__(self, logger: logging.Logger, level: int) -> None:
        super().__init__()
        self._logger = logger
        self._level = level
        self._pending = ""

    @property
    def encoding(self) -> str:  # some libraries inspect it
        return "utf-8"

    def writable(self) -> bool:
        return True

    def write(self, s: str) -> int:
        text = self._pending + s
        *lines, self._pending = text.split("\n")
        for line in lines:
            if line.strip():
                self._logger.log(self._level, line.rstrip())
        return len(s)

    def flush(self) -> None:
        if self._pending.strip():
            self._logger.log(self._level, self._pending.rstrip())
        self._pending = ""

    def isatty(self) -> bool:
        return False


def redirect_missing_stdio() -> list[str]:
    """Replace a ``None`` sys.stdout / sys.stderr with a stream into the log; return which were replaced."""
    replaced = []
    if sys.stdout is None:
        sys.stdout = LogStream(logging.getLogger("stdout"), logging.INFO)
        replaced.append("stdout")
    if sys.stderr is None:
        sys.stderr = LogStream(logging.getLogger("stderr"), logging.WARNING)
        replaced.append("stderr")
    return replaced


def write_crash_file(folder: Path, exc_type: type[BaseException], exc: BaseException,
                     tb: TracebackType | None, now: _dt.datetime | None = None) -> Path:
    """Write the traceback plus version/platform facts to ``crash-YYYYmmdd-HHMMSS.txt``."""
    from app import __version__

    now = now or _dt.datetime.now()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"crash-{now:%Y%m%d-%H%M%S}.txt"
    n = 1
    while path.exists():
        path = folder / f"crash-{now:%Y%m%d-%H%M%S}-{n}.txt"
        n += 1
    lines = [
        f"年报审核助手 {__version__} 崩溃报告",
        f"时间: {now.isoformat(timespec='seconds')}",
        f"Python: {sys.version.split()[0]}  平台: {sys.platform}  frozen: {bool(getattr(sys, 'frozen', False))}",
        f"命令行: {sys.argv!r}",
        "",
        "".join(traceback.format_exception(exc_type, exc, tb)),
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def crash_message(path: Path) -> str:
    """The Chinese text shown after an unhandled exception.

    It does not say the program will close: PySide6 reports an exception raised in a slot
    through sys.excepthook and then keeps the event loop running.
    """
    return (
        "程序遇到意外错误。\n\n"
        f"错误详情已保存到：\n{path}\n\n"
        "请将此文件发送给技术支持人员，以便排查问题；建议重新启动程序。"
        "本程序只读取年报文件，您打开的文件没有被修改。"
    )


def show_crash_dialog(path: Path) -> bool:
    """Show the crash message in a Qt message box if the GUI is running; True if shown.

    Qt is looked up in ``sys.modules`` rather than imported: if the GUI never loaded
    QtWidgets there is no QApplication and nothing to show, and the core never pulls in Qt.
    """
    if "PySide6.QtWidgets" not in sys.modules:
        return False
    try:
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QApplication, QMessageBox

        if QApplication.instance() is None:
            return False
        box = QMessageBox(QMessageBox.Icon.Critical, "年报审核助手 - 程序错误", crash_message(path))
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        box.button(QMessageBox.StandardButton.Ok).setText("确定")  # no Qt translator is loaded here
        box.setTextInteractionFlags(box.textInteractionFlags() | Qt.TextInteractionFlag.TextSelectableByMouse)
        box.exec()
        return True
    except Exception:  # the dialog is a courtesy; the crash file is what matters
        logging.getLogger(__name__).exception("could not show the crash dialog")
        return False


@dataclass
class CrashHook:
    """A ``sys.excepthook``: log the exception, write a crash file, tell the user where it is."""

    folder: Path
    show_dialog: Callable[[Path], bool] = show_crash_dialog
    last_crash_file: Path | None = None

    def __call__(self, exc_type: type[BaseException], exc: BaseException,
                 tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        log = logging.getLogger("govaudit.crash")
        log.critical("unhandled exception", exc_info=(exc_type, exc, tb))
        try:
            path = write_crash_file(self.folder, exc_type, exc, tb)
        except OSError:
            log.exception("could not write the crash file in %s", self.folder)
            return
        self.last_crash_file = path
        log.critical("crash file written: %s", path)
        if not self.show_dialog(path) and sys.stderr is not None:
            try:
                print(crash_message(path), file=sys.stderr)
            except Exception:
                pass


def setup_logging(folder: Path | None = None, level: int = logging.INFO,
                  install_hook: bool = True, console_fallback: bool = True) -> Path:
    """Log to ``folder/govaudit.log`` (rotating), fill missing stdio, install the crash hook.

    Idempotent: a second call does not add a second file handler. Returns the log file path.
    If the folder cannot be created (read-only profile, full disk) logging falls back to
    stderr when there is one and ``console_fallback`` allows it (the command line does
    not: its stderr is for the user, never for tracebacks), and the program still starts.
    """
    folder = folder or log_dir()
    log_file = folder / LOG_NAME
    root = logging.getLogger()
    if not any(getattr(h, _HANDLER_TAG, None) == str(log_file) for h in root.handlers):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            handler: logging.Handler = logging.handlers.RotatingFileHandler(
                log_file, maxBytes=LOG_MAX_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8", delay=True)
        except OSError:
            handler = logging.StreamHandler(sys.stderr) if sys.stderr is not None and console_fallback \
                else logging.NullHandler()
        handler.setFormatter(logging.Formatter(LOG_FORMAT))
        setattr(handler, _HANDLER_TAG, str(log_file))
        root.addHandler(handler)
    if root.level == logging.NOTSET or root.level > level:
        root.setLevel(level)
    replaced = redirect_missing_stdio()
    if install_hook:
        sys.excepthook = CrashHook(folder)
    logging.getLogger(__name__).info(
        "start pid=%d frozen=%s argv=%r%s", os.getpid(), bool(getattr(sys, "frozen", False)),
        sys.argv, f" stdio->log: {','.join(replaced)}" if replaced else "")
    return log_file
