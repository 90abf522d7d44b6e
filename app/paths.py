"""Where bundled resources live, in the source tree and in the frozen (PyInstaller) build."""
from __future__ import annotations

import sys
from pathlib import Path


def resource_dir() -> Path:
    """The top-level ``resources/`` folder (``sys._MEIPASS/resources`` when frozen)."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def sample_dir() -> Path:
    return resource_dir() / "samples"
