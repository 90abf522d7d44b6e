"""The original text (centre pane): read-only, findings underlined, the current span lit."""
from __future__ import annotations

from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor, QTextFormat
from PySide6.QtWidgets import QTextEdit

from app.gui.palette import SELECTED_SPAN, SEVERITY_COLORS
from app.gui.span_text import SpanTextEdit
from app.model import SEVERITIES, AuditResult, Span


class ReportTextView(SpanTextEdit):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._underlines: list[QTextEdit.ExtraSelection] = []
        self._current: list[QTextEdit.ExtraSelection] = []
        self.current_span: Span | None = None

    def set_result(self, result: AuditResult | None) -> None:
        text = ""
        if result is not None:
            if result.report is not None:
                text = result.report.text
            elif result.document is not None:
                text = result.document.text
        self.load_text(text)
        self.current_span = None
        self._current = []
        self._underlines = self._finding_selections(result) if result is not None else []
        self._apply()

    def refresh_findings(self, result: AuditResult) -> None:
        """Underline the findings anew (after a decision or a correction); the text stays."""
        self._underlines = self._finding_selections(result)
        self._apply()

    def selected_span(self) -> Span | None:
        """The selected words as a Python-offset span, or None."""
        cur = self.textCursor()
        if not cur.hasSelection():
            return None
        return self.py_pos(cur.selectionStart()), self.py_pos(cur.selectionEnd())

    def _finding_selections(self, result: AuditResult) -> list[QTextEdit.ExtraSelection]:
        out = []
        standing = [f for f in result.all_findings() if result.decision(f).kind != "dismissed"]
        # Paint the mildest first so that an error underline wins where spans overlap.
        for f in sorted(standing, key=lambda f: -SEVERITIES.index(f.severity)):
            spans = [f.span] if f.span else []
            spans += [v for v in self._cell_spans(result, f) if v]
            for span in spans:
                sel = QTextEdit.ExtraSelection()
                fmt = QTextCharFormat()
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline if f.severity == "error"
                                      else QTextCharFormat.UnderlineStyle.SingleUnderline)
                fmt.setUnderlineColor(QColor(SEVERITY_COLORS[f.severity]))
                fmt.setToolTip(f"【{f.title or f.rule}】{f.message}")
                sel.format = fmt
                sel.cursor = self._cursor(span)
                out.append(sel)
        return out

    @staticmethod
    def _cell_spans(result: AuditResult, finding) -> list[Span | None]:
        from app.gui.cells import value_at

        return [getattr(value_at(result, c), "span", None) for c in finding.cells]

    def _apply(self) -> None:
        self.setExtraSelections(self._underlines + self._current)

    def show_span(self, span: Span | None, spans: list[Span] | None = None) -> None:
        """Light up ``span`` (and the extra ``spans``), put the cursor there, scroll to it."""
        self._current = []
        self.current_span = span
        for s in [span] + list(spans or []):
            if not s:
                continue
            sel = QTextEdit.ExtraSelection()
            fmt = QTextCharFormat()
            fmt.setBackground(QColor(SELECTED_SPAN))
            fmt.setProperty(QTextFormat.Property.FullWidthSelection, False)
            sel.format = fmt
            sel.cursor = self._cursor(s)
            self._current.append(sel)
        self._apply()
        if span:
            self.setTextCursor(self._cursor(span))
            self.centerCursor()
        elif spans:
            cur = self._cursor(spans[0])
            self.setTextCursor(cur)
            self.centerCursor()

    def jump_to(self, pos: int) -> None:
        """Scroll so that ``pos`` is at the top third of the view (section outline)."""
        cur = QTextCursor(self.document())
        cur.setPosition(min(self.qt_pos(pos), max(0, self.document().characterCount() - 1)))
        self.setTextCursor(cur)
        bar = self.verticalScrollBar()
        block = cur.block().blockNumber()
        bar.setValue(min(bar.maximum(), block))
