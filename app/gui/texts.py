"""Translatable text for objects that are not QObjects (``tr()`` needs a context)."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def tr(text: str, context: str = "GovAudit") -> str:
    return QCoreApplication.translate(context, text)
