"""Paints table cells so that selection does not hide the severity tint.

A selected cell keeps its own background (the tint of its finding) and gets a strong
frame instead of the platform's solid highlight, so "which cells failed" and "which
cells belong to the chosen finding" stay visible together.
"""
from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QPen
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

FRAME = QColor("#1f5fa8")


class CellDelegate(QStyledItemDelegate):
    def paint(self, painter, option, index) -> None:
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        opt = QStyleOptionViewItem(option)
        if selected:
            opt.state &= ~QStyle.StateFlag.State_Selected
            opt.state &= ~QStyle.StateFlag.State_HasFocus
            if index.data(0x0008) is None:  # BackgroundRole: no tint -> a light selection wash
                painter.fillRect(option.rect, QColor(31, 95, 168, 38))
        super().paint(painter, opt, index)
        if selected:
            painter.save()
            pen = QPen(FRAME)
            pen.setWidth(2)
            painter.setPen(pen)
            r: QRect = option.rect.adjusted(1, 1, -1, -1)
            painter.drawRect(r)
            painter.restore()
