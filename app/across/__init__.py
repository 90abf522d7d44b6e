"""Checks that need more than one report (no Qt): year-over-year continuity, copied text, overview.

``cross_check`` (run.py) is the one entry point the command line and the window call: it
takes the batch's results plus the workspace's library of kept readings and returns the
extra findings per report, as ordinary ``Finding`` objects whose ``related`` points at the
other report. Loaded on first use, so that starting the window does not import it all.
"""
from __future__ import annotations

__all__ = ["CrossOutcome", "apply_outcome", "cross_check"]


def __getattr__(name: str):
    if name in __all__:
        from app.across import run

        return getattr(run, name)
    raise AttributeError(name)
