"""The cross-report check lets the window go first while the window is busy (it shares the interpreter lock)."""
from __future__ import annotations

import time

from app.gui.across import LATE_S, STEP_ASIDE_S, StepAside


def test_returns_at_once_while_the_window_ticks():
    poll = StepAside(stale=lambda: False, beat=time.monotonic)
    t = time.monotonic()
    assert poll() is False
    assert time.monotonic() - t < LATE_S


def test_sleeps_while_the_window_is_late_and_resumes_when_it_ticks():
    ticked = time.monotonic() - 1.0  # the window has not ticked for a second: busy
    beat = {"t": ticked}
    poll = StepAside(stale=lambda: False, beat=lambda: beat["t"])
    t = time.monotonic()
    assert poll() is False
    waited = time.monotonic() - t
    assert STEP_ASIDE_S * 0.9 <= waited < STEP_ASIDE_S + 0.5  # bounded: a window blocked elsewhere never stalls it

    calls = {"n": 0}

    def beat_after_a_while():
        calls["n"] += 1
        return time.monotonic() if calls["n"] > 3 else ticked

    t = time.monotonic()
    assert StepAside(stale=lambda: False, beat=beat_after_a_while)() is False
    assert time.monotonic() - t < STEP_ASIDE_S / 2


def test_a_stopped_run_is_told_at_once_even_while_the_window_is_busy():
    poll = StepAside(stale=lambda: True, beat=lambda: 0.0)
    t = time.monotonic()
    assert poll() is True
    assert time.monotonic() - t < LATE_S
