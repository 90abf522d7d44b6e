"""The Qt binding must not corrupt the interpreter.

PySide6 6.12.0 drops a reference to ``None`` on calls such as ``processEvents()`` and in
``headerData()`` round trips; the window loses ~100 references per report shown and the
interpreter dies with "Fatal Python error: none_dealloc" after a while (seen at exit of
the benchmark). 6.11.3 does not. Pin ``PySide6-Essentials<6.12`` in pyproject.toml.
"""
from __future__ import annotations

import sys

import PySide6
from PySide6.QtCore import QCoreApplication


def test_binding_keeps_references_to_none(qapp):
    before = sys.getrefcount(None)
    for _ in range(500):
        QCoreApplication.processEvents()
    lost = before - sys.getrefcount(None)
    assert lost < 100, (f"PySide6 {PySide6.__version__} lost {lost} references to None in 500 calls; "
                        "the window would crash after a while. Pin PySide6-Essentials<6.12.")
