"""Test-wide hygiene.

Every test runs with its own per-user folders: settings, the workspace database and logs
never touch the real user's, and one test's settings never leak into another's. The
command line configures logging when it runs (``app.cli.main``); tests call it
in-process, so what ``setup_logging`` installs (root handlers, the crash hook) is undone
after each test.
"""
from __future__ import annotations

import logging
import subprocess
import sys
import time

import pytest


def _under_wine() -> bool:
    if sys.platform != "win32":
        return False
    import ctypes

    try:
        return hasattr(ctypes.WinDLL("ntdll"), "wine_get_version")
    except OSError:
        return False


@pytest.fixture(autouse=True, scope="session")
def _wine_process_start_retries():
    """Under Wine only: start a child process again when Wine's CreateProcess fails internally.

    On a loaded machine (the CI builds the Windows bundle beside the suite) Wine now and
    then fails to start a process with ERROR_INTERNAL_ERROR (WinError 1359), a fault of
    the emulation a real Windows does not have. Such a start is tried again, briefly;
    any other error, and the program's own behaviour, are untouched.
    """
    if not _under_wine():
        yield
        return
    original = subprocess.Popen._execute_child

    def execute_child(self, *args, **kwargs):
        for attempt in range(4):
            try:
                return original(self, *args, **kwargs)
            except OSError as exc:
                if getattr(exc, "winerror", None) != 1359 or attempt == 3:
                    raise
                time.sleep(0.5 * (attempt + 1))

    subprocess.Popen._execute_child = execute_child
    yield
    subprocess.Popen._execute_child = original


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
