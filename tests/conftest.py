"""Test-wide hygiene: the command line configures logging when it runs (``app.cli.main``).

Tests call ``main`` in-process; without this, each call would log into the real
user's data folder and leave its crash hook and file handler in the test process.
"""
from __future__ import annotations

import logging
import sys

import pytest


@pytest.fixture(autouse=True, scope="session")
def _private_data_folder(tmp_path_factory):
    """Logs of in-process CLI runs go to a throw-away folder, never the user's."""
    mp = pytest.MonkeyPatch()
    folder = tmp_path_factory.mktemp("user-data")
    mp.setenv("XDG_DATA_HOME", str(folder))
    mp.setenv("LOCALAPPDATA", str(folder))
    yield folder
    mp.undo()


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
