"""The Qt binding must not corrupt the interpreter: PySide6 6.12.0 releases ``None`` once
per Python slot call, so a window that runs long enough (timers, signals) dies with
"Fatal Python error: none_dealloc". 6.11.3 is fine; pin ``PySide6-Essentials<6.12``."""
from __future__ import annotations

import sys

import PySide6
from PySide6.QtCore import QTimer


def test_python_slots_do_not_release_none(qtbot):
    ticks = []
    timer = QTimer()
    timer.setInterval(0)
    timer.timeout.connect(lambda: ticks.append(1))
    before = sys.getrefcount(None)
    timer.start()
    qtbot.waitUntil(lambda: len(ticks) >= 500, timeout=5000)
    timer.stop()
    lost = before - sys.getrefcount(None)
    assert lost < 100, (f"PySide6 {PySide6.__version__} lost {lost} references to None in {len(ticks)} slot "
                        "calls; the window would crash after a while. Pin PySide6-Essentials<6.12.")
