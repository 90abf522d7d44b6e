"""A read-only text pane addressed by the model's offsets.

Offsets in the model are Python string indices (code points); Qt counts UTF-16 units.
The two differ only after a character outside the BMP, so a short table of those
positions converts every offset. The original-text pane and the 雷同比对 panes share it.
"""
from __future__ import annotations

from bisect import bisect_left

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit

from app.model import Span


class SpanTextEdit(QPlainTextEdit):
    """Read-only, wrapped, slightly larger text; spans in Python offsets become Qt cursors."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setReadOnly(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                     | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.08)
        self.setFont(font)
        self._astral: list[int] = []  # Python offsets of the characters outside the BMP

    def load_text(self, text: str) -> None:
        self._astral = [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF] if not text.isascii() else []
        self.setPlainText(text)

    def qt_pos(self, pos: int) -> int:
        """Python offset -> QTextDocument position."""
        return pos + bisect_left(self._astral, pos)

    def py_pos(self, qt: int) -> int:
        """QTextDocument position -> Python offset (inverse of ``qt_pos``)."""
        lo, hi = qt - len(self._astral), qt
        while lo < hi:
            mid = (lo + hi) // 2
            if self.qt_pos(mid) < qt:
                lo = mid + 1
            else:
                hi = mid
        return lo

    def _cursor(self, span: Span) -> QTextCursor:
        cur = QTextCursor(self.document())
        limit = max(0, self.document().characterCount() - 1)
        cur.setPosition(min(self.qt_pos(span[0]), limit))
        cur.setPosition(min(self.qt_pos(span[1]), limit), QTextCursor.MoveMode.KeepAnchor)
        return cur
