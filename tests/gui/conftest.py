"""GUI tests run offscreen with pytest-qt; settings go to a throw-away INI file."""
from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import shutil  # noqa: E402
from pathlib import Path  # noqa: E402

import sys  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pytest  # noqa: E402

from guihelp import SAMPLES  # noqa: E402


@pytest.fixture
def settings(tmp_path):
    from PySide6.QtCore import QSettings

    from app.gui.settings import Settings

    s = Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    s.set("workspace/path", str(tmp_path / "workspace" / "workspace.db"))  # never the user's own
    return s


@pytest.fixture
def window(qtbot, settings):
    from app.gui.main_window import MainWindow

    w = MainWindow(settings)
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show()
    yield w
    w.cancel_loading()
    w.store.close()


@pytest.fixture
def bad_folder(tmp_path) -> Path:
    """Two readable samples, an empty .txt and a garbage .pdf in one folder."""
    folder = tmp_path / "batch"
    folder.mkdir()
    for name in ("000_3e90722e65647b3d.txt", "004_c4b5b95fa9e8725d.txt"):
        shutil.copy(SAMPLES / name, folder / name)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "garbage.pdf").write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 40)
    return folder
