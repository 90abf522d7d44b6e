"""One report on screen: original text, outline, 表二/表三/表四, and the findings below.

The parts only talk through this widget: a finding selects its cells and its text
span; a cell click lights its digits in the text; an outline click scrolls the text.
"""
from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel, QSplitter, QTableView, QTabWidget, QVBoxLayout,
    QWidget,
)

from app.gui.cells import value_at
from app.gui.findings_panel import FindingsPanel
from app.gui.outline import SectionOutline
from app.gui.page_view import SourcePane, ocr_badge
from app.gui.palette import SELECTED_SPAN, STATUS_COLORS
from app.gui.status import recheck_summary, report_org, report_status
from app.gui.table_models import CELLREF_ROLE, SPAN_ROLE, Section2Model, Table3Model, Table4Model, ValueTableModel
from app.gui.text_view import ReportTextView
from app.model import REPORT_STATES, AuditResult, CellRef, Finding, ParseWarning, Span

TAB_OF_TABLE = {"section2": 0, "table3": 1, "table4": 2}


def _table_view(model: ValueTableModel) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
    view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    view.setAlternatingRowColors(False)
    view.setWordWrap(False)
    view.setCornerButtonEnabled(False)
    view.verticalHeader().setDefaultSectionSize(24)
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    view.horizontalHeader().setMinimumSectionSize(44)
    # Selected cells (the chosen finding's, or a clicked one) are lit in the same yellow as
    # the selected span in the text, framed; unselected failed cells keep their severity tint.
    # (A style sheet, not a Python delegate: a Python paint() override leaks references to
    # None in PySide6 6.12 and crashes the interpreter after enough repaints.)
    view.setStyleSheet(f"QTableView {{ gridline-color: #d0d7e2; selection-background-color: {SELECTED_SPAN};"
                       " selection-color: black; }"
                       "QTableView::item:selected { border: 2px solid #1f5fa8; }")
    return view


class ReportView(QWidget):
    correctionRequested = Signal(object, object)  # CellRef, value (None: back to the reading)
    statusChosen = Signal(object)  # the review status chosen in the header (None: the default)
    message = Signal(str)  # a short note for the status bar

    def __init__(self, parent=None):
        super().__init__(parent)
        self.result: AuditResult | None = None
        self.pending = False  # tables/findings of a staged set_result not shown yet
        self._generation = 0
        self.header = QLabel()
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.header.setWordWrap(True)
        self.header.setContentsMargins(6, 4, 6, 4)
        self.status_box = QComboBox()
        self.status_box.setToolTip(self.tr("审核状态：可手动设置；“自动”按审核发现和决定判断"))
        self.status_box.setMinimumWidth(150)
        self.status_box.activated.connect(self._status_activated)
        header_row = QWidget()
        hl = QHBoxLayout(header_row)
        hl.setContentsMargins(0, 0, 6, 0)
        hl.addWidget(self.header, 1)
        hl.addWidget(QLabel(self.tr("审核状态：")))
        hl.addWidget(self.status_box)
        self.text = ReportTextView()
        self.outline = SectionOutline()
        self.section2_model, self.table3_model, self.table4_model = Section2Model(self), Table3Model(self), Table4Model(self)
        self.section2_view = _table_view(self.section2_model)
        self.section2_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.section2_view.horizontalHeader().setStretchLastSection(True)
        self.section2_view.verticalHeader().hide()
        self.table3_view = _table_view(self.table3_model)
        self.table4_view = _table_view(self.table4_model)
        self.table4_view.verticalHeader().setDefaultSectionSize(44)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.section2_view, self.tr("表二 主动公开"))
        self.tabs.addTab(self.table3_view, self.tr("表三 依申请公开"))
        self.tabs.addTab(self.table4_view, self.tr("表四 复议诉讼"))
        self.findings = FindingsPanel()

        outline_box = QWidget()
        lay = QVBoxLayout(outline_box)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        caption = QLabel(self.tr("<b>报告结构</b>"))
        caption.setContentsMargins(4, 2, 4, 0)
        lay.addWidget(caption)
        lay.addWidget(self.outline)

        self.side_splitter = QSplitter(Qt.Orientation.Vertical)
        self.side_splitter.addWidget(outline_box)
        self.side_splitter.addWidget(self.tabs)
        self.side_splitter.setStretchFactor(1, 3)
        self.side_splitter.setSizes([140, 600])

        self.text_splitter = QSplitter(Qt.Orientation.Horizontal)
        self.source = SourcePane(self.text)  # the text, or a scanned report's page image
        self.source.message.connect(self.message)
        self.text_splitter.addWidget(self.source)
        self.text_splitter.addWidget(self.side_splitter)
        self.text_splitter.setStretchFactor(0, 4)
        self.text_splitter.setStretchFactor(1, 5)

        self.findings_splitter = QSplitter(Qt.Orientation.Vertical)
        self.findings_splitter.addWidget(self.text_splitter)
        self.findings_splitter.addWidget(self.findings)
        self.findings_splitter.setStretchFactor(0, 3)
        self.findings_splitter.setStretchFactor(1, 1)
        self.findings_splitter.setSizes([620, 380])  # findings get about 38 % of the height

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(header_row)
        layout.addWidget(self.findings_splitter, 1)

        self.findings.findingSelected.connect(self.select_finding)
        self.findings.warningSelected.connect(self._select_warning)
        self.outline.sectionClicked.connect(self.text.jump_to)
        for view in (self.section2_view, self.table3_view, self.table4_view):
            view.clicked.connect(self._cell_clicked)
            view.model().correctionRequested.connect(self.correctionRequested)

    def splitters(self) -> dict[str, QSplitter]:
        return {"side": self.side_splitter, "text": self.text_splitter, "findings": self.findings_splitter}

    def views(self) -> dict[str, QTableView]:
        return {"section2": self.section2_view, "table3": self.table3_view, "table4": self.table4_view}

    # ------------------------------------------------------------------ content

    def set_result(self, result: AuditResult | None, staged: bool = False) -> None:
        """Show ``result``. ``staged``: text now, tables and findings in the next event-loop turn,

        so that the first paint of a large report (glyph rasterising, table layout) is
        split in two instead of blocking the window once for the sum.
        """
        self.result = result
        self._generation += 1
        self.header.setText(self._header_html(result))
        self._fill_status(result)
        self.source.set_result(result)
        if staged:
            self.pending = True
            gen = self._generation
            QTimer.singleShot(0, lambda: self._set_parts(result) if gen == self._generation and self.pending
                              else None)
        else:
            self._set_parts(result)

    def finish_pending(self) -> None:
        """Show the tables and findings of a staged report now (before navigating in them)."""
        if self.pending:
            self._set_parts(self.result)

    def _set_parts(self, result: AuditResult | None) -> None:
        self.outline.set_result(result)
        for model in (self.section2_model, self.table3_model, self.table4_model):
            model.set_result(result)
        for view in self.views().values():
            view.scrollToTop()  # another report: nothing of the last one's scroll position
        self.findings.set_result(result)
        self.findings.list.scrollToTop()
        for i, model in enumerate((self.section2_model, self.table3_model, self.table4_model)):
            self.tabs.setTabEnabled(i, model.rowCount() > 0)
        if self.table3_model.rowCount():
            self.tabs.setCurrentIndex(1)
        self.pending = False

    def refresh(self) -> None:
        """The same report after a decision or a correction: new highlights, same place."""
        result = self.result
        if result is None:
            return
        self.finish_pending()
        self.header.setText(self._header_html(result))
        self._fill_status(result)
        self.text.refresh_findings(result)
        for view in self.views().values():
            current = view.currentIndex()
            view.model().set_result(result)
            if current.isValid():
                view.setCurrentIndex(view.model().index(current.row(), current.column()))
        self.findings.refresh()

    def _fill_status(self, result: AuditResult | None) -> None:
        from app.workspace.review import default_status

        box = self.status_box
        box.blockSignals(True)
        box.clear()
        usable = result is not None and result.ok
        box.setEnabled(usable)
        if usable:
            box.addItem(self.tr("自动（{s}）").format(s=default_status(result)), None)
            for state in REPORT_STATES:
                box.addItem(self.tr(state), state)
            chosen = result.review.status if result.review is not None else None
            box.setCurrentIndex(0 if chosen is None else 1 + REPORT_STATES.index(chosen))
        box.blockSignals(False)

    def _status_activated(self, index: int) -> None:
        if self.result is not None:
            self.statusChosen.emit(self.status_box.itemData(index))

    def _header_html(self, result: AuditResult | None) -> str:
        if result is None:
            return ""
        name = html.escape(Path(result.path).name)
        if not result.ok:
            msg = html.escape(result.error.message if result.error else "")
            return (f"<span style='font-size:13pt;color:{STATUS_COLORS['unread']}'><b>"
                    f"{self.tr('无法读取')}</b></span>　{msg}<br><span style='color:#777'>{name}</span>")
        r = result.report
        status = report_status(result)
        bits = []
        if r is not None:
            if r.year:
                bits.append(self.tr("{y} 年度").format(y=r.year))
            if r.template in ("2021", "2019"):
                bits.append(self.tr("{t} 版格式").format(t=r.template))
            elif r.template == "mixed":
                bits.append(self.tr("新旧格式混用"))
            if r.published:
                bits.append(self.tr("发布于 {d}").format(d=r.published.isoformat()))
        bits.append(name)
        if ocr_badge(result):
            bits.append(ocr_badge(result))
        summary = recheck_summary(result)
        if summary:
            bits.append(self.tr("复核：") + summary)
        meta = "　·　".join(html.escape(b) for b in bits)
        return (f"<span style='font-size:13pt'><b>{html.escape(report_org(result))}</b></span>"
                f"　<span style='color:{STATUS_COLORS[status.kind]};font-weight:bold'>{html.escape(status.text)}</span>"
                f"<br><span style='color:#666'>{meta}</span>")

    # ------------------------------------------------------------------ navigation

    def select_finding(self, finding: Finding) -> None:
        """Select every cell of the finding (switching to its table) and light its text span."""
        for view in self.views().values():
            view.selectionModel().clearSelection()
        first_view, first_index = None, QModelIndex()
        selections: dict[str, QItemSelection] = {}
        for ref in finding.cells:
            view = self.views().get(ref.table)
            if view is None:
                continue
            pos = view.model().position(ref)
            if pos is None:
                continue
            index = view.model().index(*pos)
            selections.setdefault(ref.table, QItemSelection()).select(index, index)
            if first_view is None:
                first_view, first_index = view, index
        for table, sel in selections.items():
            self.views()[table].selectionModel().select(sel, QItemSelectionModel.SelectionFlag.Select)
        if first_view is not None:
            self.tabs.setCurrentWidget(first_view)
            first_view.scrollTo(first_index)
            first_view.selectionModel().setCurrentIndex(first_index, QItemSelectionModel.SelectionFlag.NoUpdate)
        cell_spans = []
        if self.result is not None:
            cell_spans = [v.span for v in (value_at(self.result, c) for c in finding.cells) if v and v.span]
        span = finding.span
        if span is None and not cell_spans and self.result is not None and self.result.report is not None:
            # No words of its own (a missing part, a missing date): show the part it concerns.
            section = self.result.report.section(finding.section) if finding.section else None
            if section is not None:
                span = section.heading_span
        self.source.show_span(span, cell_spans)
        if span is None and not cell_spans and first_view is None:
            self.message.emit(self.tr("此问题在原文中没有对应的字句（例如缺少的部分或未注明的日期）。"))

    def _select_warning(self, warning: ParseWarning) -> None:
        self.source.show_span(warning.span)

    def _cell_clicked(self, index: QModelIndex) -> None:
        span = index.model().data(index, SPAN_ROLE)  # not index.data(): see PySide6 note above
        if span:
            self.source.show_span(span)

    def selected_cells(self, table: str) -> set:
        view = self.views()[table]
        model = view.model()
        return {model.data(i, CELLREF_ROLE) for i in view.selectionModel().selectedIndexes()} - {None}

    def own_finding_place(self) -> tuple[Span | None, list[CellRef], str]:
        """Where a finding the auditor adds belongs: the selected words, else the selected cells.

        Returns (span, cells, quote). With neither, the span is None and cells empty.
        """
        span = self.text.selected_span()
        if span is not None and self.result is not None and self.result.report is not None:
            return span, [], self.result.report.text[span[0]:span[1]]
        view = self.tabs.currentWidget()
        for table, v in self.views().items():
            if v is view:
                refs = sorted(self.selected_cells(table), key=lambda c: (str(c.row), c.col))
                if refs and self.result is not None and self.result.report is not None:
                    spans = [x.span for x in (self.result.report.cell(c) for c in refs) if x and x.span]
                    first = min(spans) if spans else None
                    quote = self.result.report.text[first[0]:first[1]] if first else ""
                    return first, refs, quote
        return None, [], ""
