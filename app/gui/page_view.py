"""The source pane: the report's text, and for a scanned report the page image with the cell boxes.

A report read by OCR carries, for every piece of text, the page and pixel box it was
read from (``Document.ocr``). The auditor checks a doubtful figure against the paper:
beside the text view this pane offers "扫描页面", the page as the reader saw it with the
selected finding's (or doubt's, or cell's) own place framed thick in red, the finding's
other cells thin in red, and the cells OCR was unsure of in orange. Pages are rendered again from the source file on a pool thread
(``app.ingest.ocr_picture``) and the last few kept; nothing here blocks the window.
"""
from __future__ import annotations

from collections import OrderedDict

from PySide6.QtCore import QPoint, QRect, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QButtonGroup, QComboBox, QHBoxLayout, QLabel, QPushButton, QScrollArea, QStackedWidget, QVBoxLayout, QWidget,
)

from app.gui.text_view import ReportTextView
from app.gui.worker import run_in_thread
from app.model import AuditResult, OcrBox, OcrInfo, Span

SELECTED_BOX = "#d62728"  # the selected finding's own place (its span): thick
RELATED_BOX = "#e07b7c"  # the other cells of the finding (the rest of a failed equation): thin
UNSURE_BOX = "#f28e2b"  # cells OCR was not sure of
ZOOMS = (("适应宽度", 0.0), ("50%", 0.5), ("75%", 0.75), ("100%", 1.0), ("150%", 1.5))
CACHED_PAGES = 4


def ocr_badge(result: AuditResult | None) -> str:
    """"扫描件 · 文字识别 N 页" for a report read (partly) by OCR, else ""."""
    info = _info(result)
    if info is None or not info.pages:
        return ""
    return f"扫描件 · 文字识别 {len(info.pages)} 页"


def ocr_progress_text(name: str, done: int, total: int) -> str:
    """The status-bar line while a worker reads a scan."""
    return f"正在识别扫描件 {name}：第 {min(done + 1, total)}/{total} 页" if done < total else \
        f"扫描件 {name} 已识别 {total} 页，正在核对"


def _info(result: AuditResult | None) -> OcrInfo | None:
    doc = result.document if result is not None else None
    return doc.ocr if doc is not None else None


def boxes_for(info: OcrInfo, spans: list[Span]) -> list[OcrBox]:
    """The OCR boxes whose text overlaps any of ``spans`` (a finding's words and cells)."""
    out: list[OcrBox] = []
    for s in spans:
        for b in info.boxes:
            if b.span[0] < max(s[1], s[0] + 1) and s[0] < b.span[1] and b not in out:
                out.append(b)
    return out


def unsure_boxes(result: AuditResult) -> list[OcrBox]:
    """Boxes of the table cells OCR was not sure of (and the auditor has not corrected)."""
    info, report = _info(result), result.report
    if info is None or report is None:
        return []
    spans = []
    for table in (report.section2, report.table3):
        if table is not None:
            spans += [v.span for row in table.rows.values() for v in row.values if v.unsure and v.span]
    if report.table4 is not None:
        spans += [v.span for v in report.table4.values if v.unsure and v.span]
    return boxes_for(info, spans)


class PageView(QScrollArea):
    """One page image, scaled, with boxes outlined; scrolls to the first selected box."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWidgetResizable(False)
        self.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.label = QLabel()
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWidget(self.label)
        self.image: QImage | None = None
        self.selected: list[tuple[int, int, int, int]] = []
        self.related: list[tuple[int, int, int, int]] = []
        self.unsure: list[tuple[int, int, int, int]] = []
        self.zoom = 0.75

    def show_page(self, image: QImage | None, selected: list, unsure: list, note: str = "",
                  related: list | None = None) -> None:
        """``selected``: boxes of the chosen place; ``related``: the finding's other cells;
        ``unsure``: cells OCR was not sure of (all as work-image pixel boxes)."""
        self.image, self.selected, self.unsure, self.related = image, selected, unsure, related or []
        self._paint(note)

    def set_zoom(self, zoom: float) -> None:
        self.zoom = zoom
        self._paint()

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt)
        super().resizeEvent(event)
        if self.zoom == 0.0 and self.image is not None:
            self._paint()

    def _factor(self) -> float:
        if self.image is None or self.image.width() == 0:
            return 1.0
        if self.zoom == 0.0:
            return max(0.1, (self.viewport().width() - 4) / self.image.width())
        return self.zoom

    def _paint(self, note: str = "") -> None:
        if self.image is None:
            self.label.setPixmap(QPixmap())
            self.label.setText(note)
            self.label.adjustSize()
            return
        f = self._factor()
        w, h = max(1, round(self.image.width() * f)), max(1, round(self.image.height() * f))
        pix = QPixmap.fromImage(self.image.scaled(w, h, Qt.AspectRatioMode.IgnoreAspectRatio,
                                                  Qt.TransformationMode.SmoothTransformation))
        painter = QPainter(pix)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for boxes, color, width in ((self.unsure, UNSURE_BOX, 2), (self.related, RELATED_BOX, 1),
                                    (self.selected, SELECTED_BOX, 3)):
            pen = QPen(QColor(color))
            pen.setWidth(width)
            painter.setPen(pen)
            for x0, y0, x1, y1 in boxes:
                pad = 4
                painter.drawRect(QRect(round(x0 * f) - pad, round(y0 * f) - pad,
                                       round((x1 - x0) * f) + 2 * pad, round((y1 - y0) * f) + 2 * pad))
        painter.end()
        self.label.setText("")
        self.label.setPixmap(pix)
        self.label.resize(pix.size())
        first = (self.selected or self.related)[:1]
        if first:
            x0, y0, x1, y1 = first[0]
            centre = QPoint(round((x0 + x1) / 2 * f), round((y0 + y1) / 2 * f))
            self.ensureVisible(centre.x(), centre.y(), self.viewport().width() // 2, self.viewport().height() // 2)


class SourcePane(QWidget):
    """The text view, and for a scanned report a switch to the page image."""

    message = Signal(str)

    def __init__(self, text: ReportTextView, parent=None):
        super().__init__(parent)
        self.text = text
        self.page_view = PageView()
        self.result: AuditResult | None = None
        self._primary: Span | None = None  # the place chosen (a finding's words, a doubt's, a cell's)
        self._spans: list[Span] = []  # the finding's other cells
        self._page: int | None = None  # the OCR page shown (index into the file's pages)
        self._cache: OrderedDict[tuple[str, int], QImage] = OrderedDict()
        self._waiting: set[tuple[str, int]] = set()

        self.badge = QLabel()
        self.badge.setStyleSheet("QLabel { background: #fff1dc; color: #8a4b00; border: 1px solid #f0c27a;"
                                 " border-radius: 8px; padding: 1px 8px; }")
        self.badge.setToolTip("此报告的部分或全部页面是扫描图片，由离线文字识别读取；识别不确定的数字已标为存疑。")
        self.text_button = QPushButton("文字")
        self.page_button = QPushButton("扫描页面")
        self.group = QButtonGroup(self)
        for i, b in enumerate((self.text_button, self.page_button)):
            b.setCheckable(True)
            b.setFlat(False)
            self.group.addButton(b, i)
        self.text_button.setChecked(True)
        self.page_button.setToolTip("显示扫描页面，红框为所选问题或单元格的位置，橙框为识别不确定的单元格")
        self.group.idClicked.connect(self._switch)
        self.page_box = QComboBox()
        self.page_box.setToolTip("扫描页")
        self.page_box.activated.connect(self._page_chosen)
        self.zoom_box = QComboBox()
        for name, z in ZOOMS:
            self.zoom_box.addItem(name, z)
        self.zoom_box.setCurrentIndex(2)
        self.zoom_box.setToolTip("缩放")
        self.zoom_box.activated.connect(lambda i: self.page_view.set_zoom(self.zoom_box.itemData(i)))

        self.bar = QWidget()
        bl = QHBoxLayout(self.bar)
        bl.setContentsMargins(4, 2, 4, 2)
        bl.addWidget(self.badge)
        bl.addStretch(1)
        for w in (self.text_button, self.page_button, self.page_box, self.zoom_box):
            bl.addWidget(w)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.text)
        self.stack.addWidget(self.page_view)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addWidget(self.bar)
        lay.addWidget(self.stack, 1)
        self.bar.hide()

    # ------------------------------------------------------------------ the report

    def set_result(self, result: AuditResult | None) -> None:
        self.result = result
        self.text.set_result(result)
        self._primary, self._spans = None, []
        info = _info(result)
        scanned = info is not None and bool(info.pages)
        self.bar.setVisible(scanned)
        self.page_box.clear()
        self._page = None
        if scanned:
            self.badge.setText(ocr_badge(result))
            for p in info.pages:
                self.page_box.addItem(f"第 {p.index + 1} 页", p.index)
            self._page = info.pages[0].index
        else:
            self.stack.setCurrentIndex(0)
            self.text_button.setChecked(True)
        if self.showing_page():
            self._refresh_page()

    def show_span(self, span: Span | None, spans: list[Span] | None = None) -> None:
        """Light ``span`` (and ``spans``) in the text and, on a scanned page, outline their boxes."""
        self.text.show_span(span, spans)
        self._primary = span
        self._spans = [s for s in spans or [] if s]
        info = _info(self.result)
        if info is not None and (span or self._spans):
            hit = boxes_for(info, [span] if span else self._spans) or boxes_for(info, self._spans)
            if hit:
                self._page = hit[0].page
        if self.showing_page():
            self._refresh_page()

    def showing_page(self) -> bool:
        return self.stack.currentIndex() == 1

    # ------------------------------------------------------------------ page image

    def _switch(self, which: int) -> None:
        self.stack.setCurrentIndex(which)
        if which == 1:
            self._refresh_page()

    def _page_chosen(self, i: int) -> None:
        self._page = self.page_box.itemData(i)
        self._refresh_page()

    def _refresh_page(self) -> None:
        result, info = self.result, _info(self.result)
        if result is None or info is None or self._page is None:
            self.page_view.show_page(None, [], [], "此报告没有扫描页面。")
            return
        k = self.page_box.findData(self._page)
        if k >= 0:
            self.page_box.setCurrentIndex(k)
        key = (result.path, self._page)
        image = self._cache.get(key)
        if image is None:
            self.page_view.show_page(None, [], [], "正在载入扫描页面…")
            self._load(key)
            return
        page = self._page
        selected = [b.box for b in boxes_for(info, [self._primary] if self._primary else []) if b.page == page]
        related = [b.box for b in boxes_for(info, self._spans) if b.page == page and b.box not in selected]
        unsure = [b.box for b in unsure_boxes(result) if b.page == page]
        self.page_view.show_page(image, selected, unsure, related=related)
        if (self._primary or self._spans) and not selected and not related:
            self.message.emit("所选内容不在这一扫描页上。")

    def _load(self, key: tuple[str, int]) -> None:
        if key in self._waiting:
            return
        info = _info(self.result)
        page = next((p for p in info.pages if p.index == key[1]), None) if info else None
        if page is None:
            return
        self._waiting.add(key)

        def render() -> QImage:
            from app.ingest.ocr_picture import page_picture

            rgb = page_picture(key[0], page)
            h, w = rgb.shape[:2]
            return QImage(rgb.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()

        def done(out) -> None:
            self._waiting.discard(key)
            if isinstance(out, QImage):
                self._cache[key] = out
                while len(self._cache) > CACHED_PAGES:
                    self._cache.popitem(last=False)
                if self.result is not None and (self.result.path, self._page) == key:
                    self._refresh_page()
            elif self.result is not None and self.result.path == key[0]:
                why = getattr(out, "message", "") or type(out).__name__
                self.page_view.show_page(None, [], [], f"无法显示扫描页面：{why}")

        run_in_thread(render, done, self)
