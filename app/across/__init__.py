"""Checks that need more than one report (no Qt): year-over-year continuity, copied text, overview.

``cross_check`` (run.py) is the one entry point the command line and the window call: it
takes the batch's results plus the workspace's library of kept readings and returns the
extra findings per report, as ordinary ``Finding`` objects whose ``related`` points at the
other report.
"""
from app.across.run import CrossOutcome, apply_outcome, cross_check

__all__ = ["CrossOutcome", "apply_outcome", "cross_check"]
