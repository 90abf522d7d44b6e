"""Test-wide hygiene.

Every test runs with its own per-user folders: settings, the workspace database and logs
never touch the real user's, and one test's settings never leak into another's. The
command line configures logging when it runs (``app.cli.main``); tests call it
in-process, so what ``setup_logging`` installs (root handlers, the crash hook) is undone
after each test.
"""
from __future__ import annotations

import logging
import sys

import pytest


@pytest.fixture(autouse=True)
def own_user_folders(tmp_path_factory, monkeypatch):
    home = tmp_path_factory.mktemp("user")
    for var, sub in (("XDG_CONFIG_HOME", "config"), ("XDG_DATA_HOME", "data"), ("APPDATA", "Roaming"),
                     ("LOCALAPPDATA", "Local")):
        monkeypatch.setenv(var, str(home / sub))
    return home


@pytest.fixture(autouse=True)
def _restore_logging_and_hook():
    """Undo what ``setup_logging`` did during a test: handlers added to the root, the excepthook."""
    root = logging.getLogger()
    handlers, level, hook = list(root.handlers), root.level, sys.excepthook
    yield
    for h in root.handlers[:]:
        if h not in handlers:
            root.removeHandler(h)
            h.close()
    root.setLevel(level)
    sys.excepthook = hook
