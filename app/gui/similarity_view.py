"""Two reports side by side with the passages they share marked (雷同比对).

The passages come from the cross-report checks (``app.across.similarity``): runs of
sentences of one report found in the other, each with its place in both texts. All of
them are tinted in both texts; the chosen one is lit and both texts scroll to it.
Choosing happens in the list of passages, with 上一处/下一处, or by clicking into a
tinted passage in either text. The other unit's name left in the text is underlined.
"""
from __future__ import annotations

import html
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QFont, QTextCharFormat
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton,
    QSplitter, QTextEdit, QVBoxLayout, QWidget,
)

from app.gui.palette import SELECTED_SPAN, SEVERITY_COLORS
from app.gui.span_text import SpanTextEdit
from app.model import Span
from app.template import SECTION_NUMERALS

SHARED_TINT = "#fde9c4"


@dataclass
class Side:
    """One text of the comparison."""

    title: str
    text: str
    marks: list[Span]  # other units' names to underline


class _Pane(SpanTextEdit):
    """A read-only text whose passages can be tinted, lit and clicked."""

    clickedAt = Signal(int)  # Python offset of a click

    def __init__(self, parent=None):
        super().__init__(parent)
        self._base: list[QTextEdit.ExtraSelection] = []
        self._marks: list[QTextEdit.ExtraSelection] = []  # drawn last: never hidden by a tint

    def set_text(self, text: str, spans: list[Span], marks: list[Span]) -> None:
        self.load_text(text)
        self._base = [self._selection(s, background=SHARED_TINT) for s in spans]
        self._marks = [self._selection(s, underline=SEVERITY_COLORS["error"]) for s in marks]
        self.setExtraSelections(self._base + self._marks)

    def _selection(self, span: Span, background: str | None = None, underline: str | None = None):
        sel = QTextEdit.ExtraSelection()
        fmt = QTextCharFormat()
        if background:
            fmt.setBackground(QColor(background))
        if underline:
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
            fmt.setUnderlineColor(QColor(underline))
            fmt.setForeground(QColor(underline))
            fmt.setFontWeight(QFont.Weight.Bold)
        sel.format = fmt
        sel.cursor = self._cursor(span)
        return sel

    def light(self, span: Span | None) -> None:
        """Light ``span`` over the tints and scroll it into the middle of the view."""
        extra = list(self._base)
        if span:
            extra.append(self._selection(span, background=SELECTED_SPAN))
            cur = self._cursor(span)
            cur.setPosition(cur.selectionStart())
            self.setTextCursor(cur)
            bar = self.verticalScrollBar()  # the passage's first line near the top, a line of context above
            bar.setValue(min(bar.maximum(), max(0, cur.block().blockNumber() - 1)))
        self.setExtraSelections(extra + self._marks)

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802 - Qt name
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton and not self.textCursor().hasSelection():
            self.clickedAt.emit(self.py_pos(self.cursorForPosition(event.position().toPoint()).position()))


class SimilarityView(QWidget):
    """This report (left) and the other (right), their shared passages listed between."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.passages: list = []
        self.sentences: list = []  # the shared sentences, each with its place in both texts
        self.header = QLabel()
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.header.setWordWrap(True)
        self.left, self.right = _Pane(), _Pane()
        self.left_title, self.right_title = QLabel(), QLabel()
        self.list = QListWidget()
        self.list.setMaximumHeight(120)
        self.prev_button = QPushButton(self.tr("上一处"))
        self.next_button = QPushButton(self.tr("下一处"))
        self.prev_button.clicked.connect(lambda: self.step(-1))
        self.next_button.clicked.connect(lambda: self.step(1))

        def column(title: QLabel, pane: _Pane) -> QWidget:
            w = QWidget()
            lay = QVBoxLayout(w)
            lay.setContentsMargins(0, 0, 0, 0)
            lay.setSpacing(2)
            title.setTextFormat(Qt.TextFormat.RichText)
            lay.addWidget(title)
            lay.addWidget(pane)
            return w

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(column(self.left_title, self.left))
        self.splitter.addWidget(column(self.right_title, self.right))
        nav = QHBoxLayout()
        nav.addWidget(QLabel(self.tr("<b>相同段落</b>（点击段落，或在任一侧点击着色文字，两侧同时跳到该处）")))
        nav.addStretch(1)
        nav.addWidget(self.prev_button)
        nav.addWidget(self.next_button)
        lay = QVBoxLayout(self)
        lay.addWidget(self.header)
        lay.addLayout(nav)
        lay.addWidget(self.list)
        lay.addWidget(self.splitter, 1)
        self.list.currentRowChanged.connect(self._show)
        self.left.clickedAt.connect(lambda pos: self._clicked(pos, left=True))
        self.right.clickedAt.connect(lambda pos: self._clicked(pos, left=False))

    def set_pair(self, pair, this: Side, other: Side, summary: str) -> None:
        self.passages = list(pair.passages)
        self.sentences = list(pair.sentences)
        self.header.setText(summary)
        self.left_title.setText(f"<b>{html.escape(this.title)}</b>")
        self.right_title.setText(f"<b>{html.escape(other.title)}</b>")
        self.left.set_text(this.text, [p.a for p in self.passages], this.marks)
        self.right.set_text(other.text, [p.b for p in self.passages if p.b], other.marks)
        self.list.blockSignals(True)
        self.list.clear()
        for p in self.passages:
            quote = " ".join(this.text[p.a[0]:p.a[1]].split())
            quote = quote if len(quote) <= 60 else quote[:60] + "…"
            section = f"第{SECTION_NUMERALS[p.section - 1]}部分" if 1 <= p.section <= 6 else ""
            QListWidgetItem(self.tr("{s} · {n} 字 · {q}").format(s=section, n=p.a[1] - p.a[0], q=quote), self.list)
        self.list.blockSignals(False)
        if self.passages:
            self.list.setCurrentRow(0)

    def current(self) -> int:
        return self.list.currentRow()

    def step(self, delta: int) -> None:
        if self.passages:
            self.list.setCurrentRow((max(self.current(), 0) + delta) % len(self.passages))

    def _show(self, row: int) -> None:
        if not 0 <= row < len(self.passages):
            return
        p = self.passages[row]
        self.left.light(p.a)
        self.right.light(p.b)

    def _clicked(self, pos: int, left: bool) -> None:
        """A click into a tinted passage: light the sentence there and its counterpart in the other text."""
        hit = next((sh for sh in self.sentences if (sh.a if left else sh.b) and
                    (sh.a if left else sh.b)[0] <= pos < (sh.a if left else sh.b)[1]), None)
        if hit is None:
            return
        row = next((i for i, p in enumerate(self.passages) if p.a[0] <= hit.a[0] < p.a[1]), -1)
        if row >= 0 and row != self.current():
            self.list.blockSignals(True)
            self.list.setCurrentRow(row)
            self.list.blockSignals(False)
        self.left.light(hit.a)
        self.right.light(hit.b)


class SimilarityDialog(QDialog):
    """The side-by-side comparison in its own window (not modal: the auditor keeps working)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("雷同比对"))
        self.view = SimilarityView(self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        lay = QVBoxLayout(self)
        lay.addWidget(self.view, 1)
        lay.addWidget(buttons)
        self.resize(1400, 860)
