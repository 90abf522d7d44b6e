"""Small dialogs of the review: why a finding is dismissed, and a finding the auditor adds."""
from __future__ import annotations

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDateEdit, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QPlainTextEdit,
    QVBoxLayout, QWidget,
)

from app.gui.texts import tr
from app.model import DISMISS_REASONS, SEVERITIES, SEVERITY_LABELS, CellRef, Finding, Span


class DismissDialog(QDialog):
    """排除 needs a reason: one of the common ones, or typed."""

    def __init__(self, count: int, last_reason: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(tr("排除问题"))
        self.reason = QComboBox()
        self.reason.setEditable(True)
        self.reason.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.reason.addItems([tr(r) for r in DISMISS_REASONS])
        if last_reason:
            self.reason.setCurrentText(last_reason)
        self.reason.lineEdit().setPlaceholderText(tr("选择或填写排除理由"))
        what = tr("这个问题") if count == 1 else tr("选中的 {n} 个问题").format(n=count)
        intro = QLabel(tr("排除后，{what}不再列入整改清单；理由会保存，以后修订稿中的同一问题也沿用。").format(what=what))
        intro.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("排除"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.reason.editTextChanged.connect(self._update)
        form = QFormLayout()
        form.addRow(tr("理由："), self.reason)
        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addLayout(form)
        lay.addWidget(self.buttons)
        self.resize(460, 150)
        self._update()

    def text(self) -> str:
        return self.reason.currentText().strip()

    def _update(self, *_args) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.text()))


class OwnFindingDialog(QDialog):
    """添加问题: what no rule sees, attached to the selected words or cells."""

    def __init__(self, quote: str, where: str, default_deadline: QDate | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(tr("添加问题"))
        self.message = QPlainTextEdit()
        self.message.setPlaceholderText(tr("问题是什么（必填），例如：第一部分照搬上一年度报告的表述"))
        self.message.setTabChangesFocus(True)
        self.message.setFixedHeight(70)
        self.suggestion = QLineEdit()
        self.suggestion.setPlaceholderText(tr("应如何整改"))
        self.severity = QComboBox()
        for sev in SEVERITIES:
            self.severity.addItem(tr(SEVERITY_LABELS[sev]), sev)
        self.severity.setCurrentIndex(SEVERITIES.index("warning"))
        self.has_deadline = QCheckBox(tr("整改时限"))
        self.deadline = QDateEdit(default_deadline or QDate.currentDate().addDays(15))
        self.deadline.setCalendarPopup(True)
        self.deadline.setDisplayFormat("yyyy-MM-dd")
        self.deadline.setEnabled(False)
        self.has_deadline.toggled.connect(self.deadline.setEnabled)
        shown = quote if len(quote) <= 120 else quote[:118] + "……"
        place = QLabel(f"<b>{tr('位置')}：</b>{where}<br><span style='color:#555'>{shown}</span>")
        place.setWordWrap(True)
        place.setTextFormat(Qt.TextFormat.RichText)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("添加"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.message.textChanged.connect(self._update)
        form = QFormLayout()
        form.addRow(tr("问题："), self.message)
        form.addRow(tr("整改建议："), self.suggestion)
        form.addRow(tr("严重程度："), self.severity)
        form.addRow(self.has_deadline, self.deadline)
        lay = QVBoxLayout(self)
        lay.addWidget(place)
        lay.addLayout(form)
        lay.addWidget(self.buttons)
        self.resize(520, 300)
        self._update()

    def _update(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.message.toPlainText().strip()))

    def finding(self, span: Span | None, cells: list[CellRef], location: str, section: int | None) -> Finding:
        deadline = self.deadline.date().toString("yyyy-MM-dd") if self.has_deadline.isChecked() else None
        return Finding(rule="MANUAL", severity=self.severity.currentData(),
                       message=self.message.toPlainText().strip(), suggestion=self.suggestion.text().strip(),
                       cells=list(cells), span=span, title=tr("审核人员添加"), location=location,
                       section=section, own=True, deadline=deadline)
