"""The findings (bottom pane): the list of findings with the auditor's decisions, and a detail pane.

The list says, per finding, how serious it is, the rule in Chinese, the full message, the
decision (待定 / 确认 / 排除：reason) and, for a revised report, the re-check result. The
auditor's own findings and, for a revision, the earlier problems now fixed or no longer
judgeable follow; the doubts about the reading come last, apart from the findings. The
detail pane shows the whole message, 现值 → 应为 and 整改建议 without hovering, and the
decision buttons with the comment.
"""
from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton, QSplitter,
    QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget,
)

from app.gui.icons import severity_icon
from app.gui.palette import SEVERITY_COLORS, STATUS_COLORS
from app.gui.texts import tr
from app.model import (
    DECISION_LABELS, RECHECK_LABELS, SEVERITIES, SEVERITY_LABELS, AuditResult, Finding, ParseWarning,
)

COL_SEVERITY, COL_TITLE, COL_MESSAGE, COL_DECISION, COL_RECHECK = range(5)
DECISION_COLORS = {"confirmed": "#1f5fa8", "dismissed": "#8a8a8a", "open": "#555555"}


def decision_text(result: AuditResult, f: Finding) -> str:
    if f.own:
        return tr("人工添加")
    d = result.decision(f)
    if d.kind == "dismissed":
        return tr("排除：{reason}").format(reason=d.reason) if d.reason else tr("排除")
    return tr(DECISION_LABELS[d.kind])


def recheck_text(result: AuditResult, f: Finding) -> str:
    c = result.review.comparison if result.review is not None else None
    if c is None:
        return ""
    if f.own:
        return tr(RECHECK_LABELS["still_open"]) if any(o is f for o in c.still_open) else ""
    status = c.status_of(f.fingerprint)
    return tr(RECHECK_LABELS[status]) if status else ""


def warning_kind(code: str) -> str:
    """A Chinese word for a doubt's category (never the internal code)."""
    head = code.partition(":")[0]
    return {"not-assessed": tr("无法评估"), "rule-failed": tr("规则出错"), "config": tr("设置问题"),
            "internal": tr("内部错误"), "workspace": tr("工作区")}.get(head, tr("读取存疑"))


class FindingList(QTreeWidget):
    """The tree of findings; emits the chosen object and keeps the F8 order."""

    currentObjectChanged = Signal(object)  # Finding | ParseWarning | None

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setColumnCount(5)
        self.setHeaderLabels([tr("级别"), tr("问题"), tr("说明"), tr("审核决定"), tr("复核")])
        self.setRootIsDecorated(True)
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(COL_SEVERITY, QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(COL_TITLE, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_MESSAGE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_DECISION, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_RECHECK, QHeaderView.ResizeMode.Fixed)
        self.setColumnWidth(COL_SEVERITY, 64)
        self.setColumnWidth(COL_TITLE, 200)
        self.setColumnWidth(COL_DECISION, 120)
        self.setColumnWidth(COL_RECHECK, 0)
        self.result: AuditResult | None = None
        self._finding_items: list[QTreeWidgetItem] = []
        self._objects: dict[int, object] = {}  # id(item) -> Finding / ParseWarning
        self._items: list[QTreeWidgetItem] = []  # keeps the Python wrappers of the items alive
        self.currentItemChanged.connect(lambda cur, _prev: self.currentObjectChanged.emit(self.object_of(cur)))

    # ------------------------------------------------------------------ content

    def set_result(self, result: AuditResult | None, keep: str | None = None) -> None:
        """Fill the list; ``keep`` is the fingerprint to select again (after a change)."""
        self.blockSignals(True)
        self.clear()
        self.result = result
        self._finding_items, self._objects, self._items = [], {}, []
        if result is not None and result.ok:
            self._fill(result)
        comparison = result.review.comparison if result is not None and result.review is not None else None
        self.setColumnWidth(COL_RECHECK, 72 if comparison is not None else 0)
        self.blockSignals(False)
        if keep:
            for item in self._finding_items:
                f = self.object_of(item)
                if isinstance(f, Finding) and f.fingerprint == keep:
                    self.setCurrentItem(item)
                    self.scrollToItem(item)
                    break

    def _group(self, text: str, color: str) -> QTreeWidgetItem:
        item = QTreeWidgetItem(self, [text])
        item.setFirstColumnSpanned(True)
        font = QFont(self.font())
        font.setBold(True)
        item.setFont(0, font)
        item.setForeground(0, QBrush(QColor(color)))
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        item.setExpanded(True)
        self._items.append(item)
        return item

    def _finding_item(self, parent: QTreeWidgetItem, result: AuditResult, f: Finding,
                      navigable: bool = True) -> QTreeWidgetItem:
        item = QTreeWidgetItem(parent, [SEVERITY_LABELS[f.severity], f.title or f.rule, f.message,
                                        decision_text(result, f), recheck_text(result, f)])
        item.setIcon(COL_SEVERITY, severity_icon(f.severity))
        item.setForeground(COL_SEVERITY, QBrush(QColor(SEVERITY_COLORS[f.severity])))
        kind = "confirmed" if f.own else result.decision(f).kind
        item.setForeground(COL_DECISION, QBrush(QColor(DECISION_COLORS[kind])))
        if kind == "dismissed":
            grey = QBrush(QColor("#9a9a9a"))
            for c in (COL_TITLE, COL_MESSAGE):
                item.setForeground(c, grey)
        tip = self._tooltip(f)
        for c in range(5):
            item.setToolTip(c, tip)
        self._objects[id(item)] = f
        self._items.append(item)
        if navigable:
            self._finding_items.append(item)
        return item

    @staticmethod
    def _tooltip(f: Finding) -> str:
        tip = f.message
        if f.current or f.expected:
            tip += "\n" + tr("现值：{c}　应为：{e}").format(c=f.current or "—", e=f.expected or "—")
        if f.suggestion:
            tip += "\n" + tr("整改建议：{s}").format(s=f.suggestion)
        return tip

    def _fill(self, result: AuditResult) -> None:
        rank = {s: i for i, s in enumerate(SEVERITIES)}
        findings = sorted(result.findings, key=lambda f: (result.decision(f).kind == "dismissed", rank[f.severity]))
        counts = "，".join(f"{SEVERITY_LABELS[s]} {result.open_count(s)}" for s in SEVERITIES
                          if any(f.severity == s and not f.own for f in result.outgoing()))
        dismissed = sum(1 for f in result.findings if result.decision(f).kind == "dismissed")
        if findings:
            title = tr("审核发现（{counts}）").format(counts=counts or tr("均已排除"))
            if dismissed:
                title += tr("　已排除 {n}").format(n=dismissed)
            group = self._group(title, STATUS_COLORS["error"] if result.open_count("error") else "#333333")
        else:
            group = self._group(tr("审核发现：未发现问题"), STATUS_COLORS["ok"])
        for f in findings:
            self._finding_item(group, result, f)
        own = result.review.own if result.review is not None else []
        if own:
            og = self._group(tr("审核人员添加的问题（{n}）").format(n=len(own)), "#1f5fa8")
            for f in own:
                self._finding_item(og, result, f)
        comparison = result.review.comparison if result.review is not None else None
        if comparison is not None and (comparison.fixed or comparison.unknown):
            counts = comparison.counts()
            eg = self._group(tr("上次整改清单中的问题：已整改 {a}，无法判断 {b}").format(
                a=counts["fixed"], b=counts["unknown"]), STATUS_COLORS["ok"])
            for key in ("unknown", "fixed"):
                for f in getattr(comparison, key):
                    item = self._finding_item(eg, result, f, navigable=False)
                    item.setText(COL_DECISION, "")
                    item.setText(COL_RECHECK, tr(RECHECK_LABELS[key]))
                    item.setForeground(COL_RECHECK, QBrush(QColor(STATUS_COLORS["ok" if key == "fixed" else "doubt"])))
        if result.warnings:
            wg = self._group(tr("读取存疑（不是报告错误，供审核人员核实）（{n}）").format(n=len(result.warnings)),
                             STATUS_COLORS["doubt"])
            for w in result.warnings:
                item = QTreeWidgetItem(wg, [tr("存疑"), warning_kind(w.code), w.message, w.location, ""])
                item.setIcon(COL_SEVERITY, severity_icon("doubt"))
                item.setForeground(COL_SEVERITY, QBrush(QColor(STATUS_COLORS["doubt"])))
                for c in range(5):
                    item.setToolTip(c, w.message)
                self._objects[id(item)] = w
                self._items.append(item)

    # ------------------------------------------------------------------ access

    def object_of(self, item: QTreeWidgetItem | None):
        return self._objects.get(id(item)) if item is not None else None

    def findings(self) -> list[Finding]:
        """The findings in F8 order (rule findings, then own)."""
        return [self.object_of(i) for i in self._finding_items]

    def selected_findings(self) -> list[Finding]:
        chosen = [self.object_of(i) for i in self.selectedItems()]
        out = [f for f in chosen if isinstance(f, Finding) and any(f is x for x in self.findings())]
        cur = self.object_of(self.currentItem())
        if not out and isinstance(cur, Finding) and any(cur is x for x in self.findings()):
            out = [cur]
        return out

    def current_object(self):
        return self.object_of(self.currentItem())

    def select_finding(self, index: int) -> None:
        if 0 <= index < len(self._finding_items):
            item = self._finding_items[index]
            self.setCurrentItem(item)
            self.scrollToItem(item)

    def current_index(self) -> int:
        item = self.currentItem()
        return self._finding_items.index(item) if item in self._finding_items else -1

    def step(self, delta: int, undecided_only: bool = False) -> bool:
        """F8 / Shift+F8: next / previous finding, wrapping around (optionally the next undecided)."""
        n = len(self._finding_items)
        if not n:
            return False
        cur = self.current_index()
        for k in range(1, n + 1):
            nxt = ((0 if delta > 0 else n - 1) + (k - 1) * delta) % n if cur < 0 else (cur + k * delta) % n
            f = self.object_of(self._finding_items[nxt])
            if not undecided_only or (self.result is not None and not f.own
                                      and self.result.decision(f).kind == "open"):
                self.select_finding(nxt)
                return True
        return False


class FindingDetail(QWidget):
    """The chosen finding in full, with the decision buttons and the comment."""

    decide = Signal(str)  # "confirmed" | "dismissed" | "open"
    commentEdited = Signal(str)
    deleteOwn = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.confirm_button = QPushButton(tr("确认(Y)"))
        self.confirm_button.setToolTip(tr("确认这是报告的问题，列入整改清单（Y 或 Ctrl+Enter）"))
        self.dismiss_button = QPushButton(tr("排除(N)…"))
        self.dismiss_button.setToolTip(tr("不是问题：选择或填写理由后排除，不列入整改清单（N 或 Ctrl+Delete）"))
        self.open_button = QPushButton(tr("待定(U)"))
        self.open_button.setToolTip(tr("撤回决定，恢复为待定（U）"))
        self.delete_button = QPushButton(tr("删除此问题"))
        self.confirm_button.clicked.connect(lambda: self.decide.emit("confirmed"))
        self.dismiss_button.clicked.connect(lambda: self.decide.emit("dismissed"))
        self.open_button.clicked.connect(lambda: self.decide.emit("open"))
        self.delete_button.clicked.connect(self.deleteOwn.emit)
        self.comment = QLineEdit()
        self.comment.setPlaceholderText(tr("备注（回车保存）"))
        self.comment.setClearButtonEnabled(True)
        self.comment.editingFinished.connect(lambda: self.commentEdited.emit(self.comment.text().strip()))
        buttons = QHBoxLayout()
        buttons.setSpacing(4)
        for b in (self.confirm_button, self.dismiss_button, self.open_button, self.delete_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 4, 4, 4)
        lay.addWidget(self.text, 1)
        lay.addLayout(buttons)
        lay.addWidget(self.comment)
        self.show_object(None, None)

    def show_object(self, result: AuditResult | None, obj) -> None:
        is_finding = isinstance(obj, Finding)
        decidable = is_finding and result is not None and not obj.own and not self._is_earlier(result, obj)
        for b in (self.confirm_button, self.dismiss_button, self.open_button):
            b.setVisible(decidable)
        self.delete_button.setVisible(is_finding and obj.own)
        self.comment.setVisible(decidable)
        if decidable:
            d = result.decision(obj)
            self.confirm_button.setEnabled(d.kind != "confirmed")
            self.open_button.setEnabled(d.kind != "open")
            self.comment.blockSignals(True)
            self.comment.setText(d.comment)
            self.comment.blockSignals(False)
        if obj is None:
            self.text.setText(f"<span style='color:#777'>{tr('选择一个问题，查看完整说明、应改为的数值和整改建议。')}</span>")
        elif is_finding:
            self.text.setText(self._finding_html(result, obj))
        else:
            self.text.setText(f"<b style='color:{STATUS_COLORS['doubt']}'>{html.escape(warning_kind(obj.code))}</b>"
                              f"（{tr('读取存疑，不是报告错误；请对照原文核实读取结果')}）<br>{html.escape(obj.message)}")

    @staticmethod
    def _is_earlier(result: AuditResult, f: Finding) -> bool:
        c = result.review.comparison if result.review is not None else None
        return c is not None and any(f is x for x in c.fixed + c.unknown)

    def _finding_html(self, result: AuditResult, f: Finding) -> str:
        esc = html.escape
        color = SEVERITY_COLORS[f.severity]
        head = (f"<b style='color:{color}'>{esc(SEVERITY_LABELS[f.severity])}</b>　<b>{esc(f.title or f.rule)}</b>")
        if f.location:
            head += f"　<span style='color:#666'>{esc(f.location)}</span>"
        parts = [head, esc(f.message)]
        if f.current or f.expected:
            parts.append(f"{tr('现值')}：<b>{esc(f.current or '—')}</b>　→　{tr('应为')}：<b style='color:#1b5e20'>"
                         f"{esc(f.expected or '—')}</b>")
        if f.suggestion:
            parts.append(f"{tr('整改建议')}：{esc(f.suggestion)}")
        if f.own and f.deadline:
            parts.append(f"{tr('整改时限')}：{esc(f.deadline)}")
        d = result.decision(f)
        if d.kind == "dismissed":
            parts.append(f"<span style='color:#777'>{tr('已排除')}：{esc(d.reason)}"
                         + (f"（{tr('沿用上次审核的决定')}）" if d.carried else "") + "</span>")
        status = recheck_text(result, f)
        if self._is_earlier(result, f):
            status = tr("已整改") if any(f is x for x in result.review.comparison.fixed) else tr("无法判断")
            parts.append(f"<span style='color:#2e7d32'>{tr('上次整改清单中的问题')}：{status}</span>")
        elif status:
            parts.append(f"{tr('复核')}：<b>{esc(status)}</b>")
        return "<br>".join(parts)


class FindingsPanel(QWidget):
    """List and detail side by side; the window talks to it through these signals."""

    findingSelected = Signal(object)  # Finding
    warningSelected = Signal(object)  # ParseWarning
    decideRequested = Signal(list, str)  # [Finding], kind
    commentEdited = Signal(object, str)  # Finding, text
    deleteOwnRequested = Signal(object)  # Finding

    def __init__(self, parent=None):
        super().__init__(parent)
        self.list = FindingList()
        self.detail = FindingDetail()
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.list)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([620, 420])
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.splitter)
        self.list.currentObjectChanged.connect(self._on_current)
        self.detail.decide.connect(lambda kind: self.decideRequested.emit(self.list.selected_findings(), kind))
        self.detail.commentEdited.connect(self._comment)
        self.detail.deleteOwn.connect(self._delete_own)

    @property
    def result(self) -> AuditResult | None:
        return self.list.result

    def set_result(self, result: AuditResult | None) -> None:
        cur = self.list.current_object()
        keep = cur.fingerprint if isinstance(cur, Finding) and result is self.list.result else None
        self.list.set_result(result, keep)
        self.detail.show_object(result, self.list.current_object())

    def refresh(self) -> None:
        """The same report after a decision or a correction: keep the place in the list."""
        self.set_result(self.list.result)

    def _on_current(self, obj) -> None:
        self.detail.show_object(self.list.result, obj)
        if isinstance(obj, Finding):
            self.findingSelected.emit(obj)
        elif isinstance(obj, ParseWarning):
            self.warningSelected.emit(obj)

    def _comment(self, text: str) -> None:
        obj = self.list.current_object()
        if isinstance(obj, Finding):
            self.commentEdited.emit(obj, text)

    def _delete_own(self) -> None:
        obj = self.list.current_object()
        if isinstance(obj, Finding) and obj.own:
            self.deleteOwnRequested.emit(obj)

    # F8 navigation, as before -------------------------------------------------
    def findings(self) -> list[Finding]:
        return self.list.findings()

    def select_finding(self, index: int) -> None:
        self.list.select_finding(index)

    def current_index(self) -> int:
        return self.list.current_index()

    def step(self, delta: int, undecided_only: bool = False) -> bool:
        return self.list.step(delta, undecided_only)

