"""``govaudit-gui [PATH...] [--smoke-test]``: start the window, optionally opening files or folders.

``--smoke-test`` starts the window offscreen, opens the bundled samples, lets the event
loop run until they are read (at most ``SMOKE_SECONDS``) and exits 0 when the window
came up and every sample produced a result; the packaging helper runs it on the frozen
build.
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


def smoke_test() -> int:
    """Window up, samples read, exit code 0 only if both happened."""
    from PySide6.QtCore import QSettings

    from app.gui.main_window import MainWindow
    from app.gui.settings import Settings
    from app.gui.waiting import run_until, settle
    from app.paths import sample_dir

    t0 = time.perf_counter()
    make_app([sys.argv[0]])
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(QSettings(str(Path(tmp) / "smoke.ini"), QSettings.Format.IniFormat))
        window = MainWindow(settings, workspace=str(Path(tmp) / "smoke.db"))  # never the user's own
        window.show()
        settle(0.05)
        shown = time.perf_counter() - t0
        samples = sample_dir()
        expected = 0
        if samples.is_dir():
            from app.ingest import iter_report_files

            expected = len(iter_report_files([str(samples)]))
            window.open_paths([str(samples)], remember=False)
        run_until(lambda: not window.is_loading(), SMOKE_SECONDS)
        settle(0.2)
        got = window.list_model.rowCount()
        print(f"smoke test: window shown in {shown:.2f}s; samples {got}/{expected}; {window.counts_label.text()}")
        window.cancel_loading()
        window.close()
        settle(0.05)
    return 0 if got == expected else 1


def main(argv: list[str] | None = None) -> int:
    multiprocessing.freeze_support()
    from app.logsetup import setup_logging

    setup_logging()  # rotating log, stdio for a windowed build, crash file + Chinese dialog
    args = build_parser().parse_args(argv if argv is not None else sys.argv[1:])
    if args.smoke_test:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        return smoke_test()
    app = make_app([sys.argv[0]])
    from app.gui.main_window import MainWindow

    window = MainWindow(workspace=args.workspace)
    window.show()
    if args.paths:
        window.open_paths(args.paths)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
