"""The six sections as an outline: click one and the text jumps to it; a missing one says so."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QListWidget, QListWidgetItem

from app.gui.palette import MISSING_SECTION
from app.model import AuditResult
from app.template import SECTION_NUMERALS, SECTION_TITLES

SECTION_ROLE = Qt.ItemDataRole.UserRole + 30


class SectionOutline(QListWidget):
    sectionClicked = Signal(int)  # character offset of the heading

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setUniformItemSizes(True)
        self._positions: list[int | None] = []
        self.itemClicked.connect(self._clicked)
        self.itemActivated.connect(self._clicked)

    def set_result(self, result: AuditResult | None) -> None:
        self.clear()
        self._positions: list[int | None] = []
        report = result.report if result is not None else None
        if report is None:
            return
        for n in range(1, 7):
            s = report.section(n)
            title = f"{SECTION_NUMERALS[n - 1]}、{SECTION_TITLES[n]}"
            item = QListWidgetItem(title if s else self.tr("{title}（缺失）").format(title=title))
            if s is None:
                item.setForeground(QBrush(QColor(MISSING_SECTION)))
                font = QFont(self.font())
                font.setItalic(True)
                item.setFont(font)
                item.setToolTip(self.tr("报告中没有找到这一部分"))
                item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            else:
                item.setData(SECTION_ROLE, s.heading_span[0] if s.heading_span else s.start)
                tip = self.tr("点击跳转到原文")
                if not s.numbered:
                    tip += self.tr("；标题缺少序号“{n}、”").format(n=SECTION_NUMERALS[n - 1])
                item.setToolTip(tip)
            self.addItem(item)
            self._positions.append(item.data(SECTION_ROLE) if s is not None else None)

    def missing(self) -> list[int]:
        return [i + 1 for i, pos in enumerate(self._positions) if pos is None]

    def _clicked(self, item: QListWidgetItem) -> None:
        # Looked up in Python: item.data() of an unset role returns None, which PySide6 6.12
        # over-releases.
        row = self.row(item)
        pos = self._positions[row] if 0 <= row < len(self._positions) else None
        if pos is not None:
            self.sectionClicked.emit(int(pos))
