"""Paths and waits shared by the GUI tests (imported by name: tests/gui is on sys.path)."""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "tests" / "fixtures" / "samples"
GUI_FIXTURES = Path(__file__).resolve().parent / "fixtures"
WRONG_CELL = GUI_FIXTURES / "t3-wrong-cell.txt"
LOAD_TIMEOUT_MS = 60_000


def wait_loaded(qtbot, window, timeout=LOAD_TIMEOUT_MS):
    qtbot.waitUntil(lambda: not window.is_loading(), timeout=timeout)


def show_report(qtbot, window, path) -> None:
    """Select a report in the list and wait until all its parts are on screen."""
    assert window.select_report(str(path))
    qtbot.waitUntil(lambda: window.report_view.result is not None and not window.report_view.pending, timeout=5000)
