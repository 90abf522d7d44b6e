"""Screenshot of a scanned report in the window, the selected finding's cells outlined on the page image.

    xvfb-run -a -s "-screen 0 1700x1100x24" .venv/bin/python scripts/shot_scanned.py docs/scanned-report.png \
        tests/fixtures/ocr/seed003-unbalanced-150dpi-stamp.pdf

Opens the file, waits for OCR, selects the first finding that names table cells, switches
the source pane to the page image (zoom 50 %) and grabs the window (docs/scanned-report.png).
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main(out: str, path: str) -> int:
    from PySide6.QtCore import QSettings

    from app.gui.main import make_app
    from app.gui.main_window import MainWindow
    from app.gui.settings import Settings
    from app.gui.waiting import run_until, settle

    make_app([sys.argv[0]])
    with tempfile.TemporaryDirectory() as tmp:
        window = MainWindow(Settings(QSettings(str(Path(tmp) / "shot.ini"), QSettings.Format.IniFormat)))
        window.resize(1600, 1000)
        window.show()
        window.open_paths([path], remember=False)
        run_until(lambda: not window.is_loading(), 900)
        settle(0.3)
        window.select_report(str(Path(path).resolve()))
        settle(0.3)
        view = window.report_view
        view.finish_pending()
        finding = next((f for f in view.findings.findings() if f.cells), None)
        source = view.source
        source.page_button.click()
        source.zoom_box.setCurrentIndex(1)
        source.page_view.set_zoom(0.5)
        if finding is not None:
            view.findings.select_finding(view.findings.findings().index(finding))
        run_until(lambda: source.page_view.image is not None, 60)
        settle(0.5)
        if finding is not None:
            view.findings.findingSelected.emit(finding)  # scroll to its boxes now that the page is there
        settle(0.5)
        if not window.grab().save(out):
            raise SystemExit(f"cannot save {out}")
        window.close()
    print(out)
    return 0


if __name__ == "__main__":
    import multiprocessing

    multiprocessing.freeze_support()
    sys.exit(main(sys.argv[1], sys.argv[2]))
