"""Every test runs with its own per-user folders: settings, the workspace database and logs
never touch the real user's (and one test's settings never leak into another's)."""
from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def own_user_folders(tmp_path_factory, monkeypatch):
    home = tmp_path_factory.mktemp("user")
    for var, sub in (("XDG_CONFIG_HOME", "config"), ("XDG_DATA_HOME", "data"), ("APPDATA", "Roaming"),
                     ("LOCALAPPDATA", "Local")):
        monkeypatch.setenv(var, str(home / sub))
    return home
