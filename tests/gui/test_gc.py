"""Loaded results are kept out of the cyclic collector, so its pauses do not grow with a
folder (measured by benchmarks/bench_gui.py; here only the behaviour is asserted)."""
from __future__ import annotations

import gc

from app.paths import sample_dir
from guihelp import wait_loaded


def test_loaded_results_are_frozen_and_released_on_clear(qtbot, window) -> None:
    gc.unfreeze()
    window.open_paths([str(sample_dir())], remember=False)
    wait_loaded(qtbot, window)
    assert window.list_model.rowCount() == 5
    assert gc.get_freeze_count() > 0
    window.clear_reports(ask=False)
    assert gc.get_freeze_count() == 0
