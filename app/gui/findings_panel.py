"""The findings (bottom pane): audit findings, and apart from them the doubts about the reading."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeWidget, QTreeWidgetItem

from app.gui.icons import severity_icon
from app.gui.palette import SEVERITY_COLORS, STATUS_COLORS
from app.model import SEVERITIES, SEVERITY_LABELS, AuditResult, Finding, ParseWarning



class FindingsPanel(QTreeWidget):
    findingSelected = Signal(object)  # Finding
    warningSelected = Signal(object)  # ParseWarning

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setColumnCount(4)
        self.setHeaderLabels([self.tr("级别"), self.tr("规则"), self.tr("说明"), self.tr("位置")])
        self.setRootIsDecorated(True)
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        self.setColumnWidth(3, 260)
        self._finding_items: list[QTreeWidgetItem] = []
        self._objects: list[tuple[QTreeWidgetItem, object]] = []  # item -> Finding / ParseWarning
        self.currentItemChanged.connect(self._on_current)

    def set_result(self, result: AuditResult | None) -> None:
        self.blockSignals(True)
        self.clear()
        self._finding_items = []
        self._objects = []
        if result is not None and result.ok:
            self._fill(result)
        self.blockSignals(False)

    def _group(self, text: str, color: str) -> QTreeWidgetItem:
        item = QTreeWidgetItem(self, [text])
        item.setFirstColumnSpanned(True)
        font = QFont(self.font())
        font.setBold(True)
        item.setFont(0, font)
        item.setForeground(0, QBrush(QColor(color)))
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        item.setExpanded(True)
        return item

    def _fill(self, result: AuditResult) -> None:
        findings = sorted(result.findings, key=lambda f: SEVERITIES.index(f.severity))
        counts = "，".join(f"{SEVERITY_LABELS[s]} {result.count(s)}" for s in SEVERITIES if result.count(s))
        if findings:
            title = self.tr("审核发现（{counts}）").format(counts=counts)
            group = self._group(title, STATUS_COLORS["error"] if result.count("error") else "#333333")
        else:
            group = self._group(self.tr("审核发现：未发现问题"), STATUS_COLORS["ok"])
        for f in findings:
            item = QTreeWidgetItem(group, [SEVERITY_LABELS[f.severity], f.rule, f.message, f.location])
            item.setIcon(0, severity_icon(f.severity))
            item.setForeground(0, QBrush(QColor(SEVERITY_COLORS[f.severity])))
            tip = f.message + (f"\n{self.tr('建议')}：{f.suggestion}" if f.suggestion else "")
            if f.current or f.expected:
                tip += f"\n{self.tr('现值')}：{f.current or '—'}  {self.tr('应为')}：{f.expected or '—'}"
            for c in range(4):
                item.setToolTip(c, tip)
            self._finding_items.append(item)
            self._objects.append((item, f))
        group.setExpanded(True)
        if result.warnings:
            wgroup = self._group(self.tr("读取存疑（不是报告错误）（{n}）").format(n=len(result.warnings)),
                                 STATUS_COLORS["doubt"])
            for w in result.warnings:
                item = QTreeWidgetItem(wgroup, [self.tr("存疑"), w.code, w.message, w.location])
                item.setIcon(0, severity_icon("doubt"))
                item.setForeground(0, QBrush(QColor(STATUS_COLORS["doubt"])))
                self._objects.append((item, w))
                for c in range(4):
                    item.setToolTip(c, w.message)
            wgroup.setExpanded(True)

    def findings(self) -> list[Finding]:
        return [obj for item, obj in self._objects if isinstance(obj, Finding)]

    def select_finding(self, index: int) -> None:
        if 0 <= index < len(self._finding_items):
            self.setCurrentItem(self._finding_items[index])
            self.scrollToItem(self._finding_items[index])

    def current_index(self) -> int:
        item = self.currentItem()
        return self._finding_items.index(item) if item in self._finding_items else -1

    def step(self, delta: int) -> bool:
        """F8 / Shift+F8: next / previous finding, wrapping around."""
        n = len(self._finding_items)
        if not n:
            return False
        cur = self.current_index()
        nxt = (0 if delta > 0 else n - 1) if cur < 0 else (cur + delta) % n
        self.select_finding(nxt)
        return True

    def _on_current(self, current: QTreeWidgetItem | None, _previous) -> None:
        obj = next((o for item, o in self._objects if item is current), None)
        if isinstance(obj, Finding):
            self.findingSelected.emit(obj)
        elif isinstance(obj, ParseWarning):
            self.warningSelected.emit(obj)
