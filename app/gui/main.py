"""``govaudit-gui [PATH...] [--smoke-test]``: start the window, optionally opening files or folders.

``--smoke-test [PATH...]`` starts the window offscreen, opens the given files or folders
(default: the bundled samples), lets the event loop run until they are read (at most
``SMOKE_SECONDS``) and exits 0 only when the window came up, at least one report was
found and every one of them was read; otherwise 1, with the reason on stdout. The
packaging checks run it on the frozen build, where a missing resource or a reader that
did not survive freezing must fail it.
"""
from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
import time
from pathlib import Path

from app import APP_NAME, __version__

SMOKE_SECONDS = 60.0
SWITCH_INTERVAL_S = 0.001


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="govaudit-gui", description="年报审核助手（图形界面）")
    p.add_argument("paths", nargs="*", metavar="PATH", help="要打开的年报文件或文件夹")
    p.add_argument("--workspace", metavar="位置", help="审核工作区数据库文件或其所在文件夹（默认按“设置”，否则为用户数据文件夹）")
    p.add_argument("--smoke-test", action="store_true", help="离屏启动、打开示例年报后退出（用于安装包自检）")
    p.add_argument("--version", action="version", version=f"govaudit-gui {__version__}")
    return p


def make_app(argv: list[str]):
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(argv)
    # The window's thread shares the interpreter lock with the background work of the same
    # process (the store thread, the cross-report check): each time it hands the lock over in
    # a call into Qt it waits up to this interval to get it back. Python's 5 ms default made a
    # review action that calls into Qt a few hundred times stall for 100-250 ms while a check ran.
    sys.setswitchinterval(SWITCH_INTERVAL_S)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setOrganizationName("GovAudit")
    app.setApplicationVersion(__version__)
    from app.gui.icons import app_icon

    app.setWindowIcon(app_icon())
    _install_qt_translations(app)
    return app


def _install_qt_translations(app) -> None:
    """Qt's own dialogs (file chooser, message-box buttons) in Simplified Chinese."""
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(QLocale(QLocale.Language.Chinese, QLocale.Country.China), "qtbase", "_", folder):
        app.installTranslator(translator)


def smoke_test(paths: list[str] | None = None) -> int:
    """Window up, every report in ``paths`` (default: the samples) read; 0 only if all of that happened."""
    from PySide6.QtCore import QSettings

    from app.gui.main_window import MainWindow
    from app.gui.settings import Settings
    from app.gui.waiting import run_until, settle
    from app.ingest import iter_report_files
    from app.paths import sample_dir

    t0 = time.perf_counter()
    make_app([sys.argv[0]])
    import tempfile

    paths = list(paths or [str(sample_dir())])
    expected = len(iter_report_files([p for p in paths if Path(p).exists()]))
    tmp = tempfile.mkdtemp(prefix="govaudit-smoke-")
    try:
        settings = Settings(QSettings(str(Path(tmp) / "smoke.ini"), QSettings.Format.IniFormat))
        window = MainWindow(settings, workspace=str(Path(tmp) / "smoke.db"))  # never the user's own
        window.show()
        settle(0.05)
        shown = time.perf_counter() - t0
        visible = window.isVisible()
        if expected:
            window.open_paths(paths, remember=False)
        finished = run_until(lambda: not window.is_loading(), SMOKE_SECONDS)
        settle(0.2)
        results = window.list_model.results()
        unread = [r for r in results if not r.ok]
        print(f"smoke test: window shown in {shown:.2f}s; samples {len(results)}/{expected}; "
              f"{window.counts_label.text()}")
        window.cancel_loading()
        window.close()
        settle(0.05)
    finally:
        _remove_folder(tmp)
    problems = []
    if not visible:
        problems.append("the window was not shown")
    if expected == 0:
        problems.append(f"no report files found in {paths}")
    if not finished:
        problems.append(f"reading did not finish within {SMOKE_SECONDS:.0f} s")
    if len(results) != expected:
        problems.append(f"{len(results)} of {expected} reports listed")
    for r in unread:
        problems.append(f"not read: {r.path}: {r.error.message if r.error else ''}")
    for line in problems:
        print(f"smoke test FAILED: {line}")
    return 1 if problems else 0


def _remove_folder(folder: str, attempts: int = 20) -> None:
    """Remove the smoke test's own folder, never raising.

    On Windows a file another process is closing cannot be deleted for a moment (sharing
    violation), and Python 3.11's ``ignore_cleanup_errors`` still raises from its permission
    reset; a few short retries, then leave it to the system's temporary-file cleanup.
    """
    import shutil

    for _ in range(attempts):
        shutil.rmtree(folder, ignore_errors=True)
        if not os.path.exists(folder):
            return
        time.sleep(0.1)


def main(argv: list[str] | None = None) -> int:
    multiprocessing.freeze_support()
    from app.logsetup import setup_logging

    setup_logging()  # rotating log, stdio for a windowed build, crash file + Chinese dialog
    from app.consoleio import use_utf8_stdio

    use_utf8_stdio()  # what it prints is UTF-8 with "\n", as the command line's output
    args = build_parser().parse_args(argv if argv is not None else sys.argv[1:])
    if args.smoke_test:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from app.logsetup import CrashHook

        hook = sys.excepthook if isinstance(sys.excepthook, CrashHook) else None
        if hook is not None:
            hook.show_dialog = lambda _path: False  # offscreen nobody can click 确定: it would hang
        code = smoke_test(args.paths)
        if hook is not None and hook.last_crash_file is not None:
            print(f"smoke test FAILED: an unexpected error, see {hook.last_crash_file}")
            code = 1
        return code
    app = make_app([sys.argv[0]])
    from app.gui.main_window import MainWindow

    window = MainWindow(workspace=args.workspace)
    window.show()
    if args.paths:
        window.open_paths(args.paths)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
