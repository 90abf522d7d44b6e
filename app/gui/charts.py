"""A horizontal bar chart that can be clicked: one bar per rule or unit, segments by severity.

PySide6-Essentials has no QtCharts, and a chart of twenty bars needs none: the bars are
painted once into an image shown by a QLabel (so no Python code runs on every repaint),
again only when the data or the width changes. A click on a bar emits its key; hovering
shows its tooltip.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QImage, QPainter, QPixmap
from PySide6.QtWidgets import QLabel, QSizePolicy, QToolTip

ROW, PAD, GAP = 24, 6, 8
# Flag combinations built once: combining Qt enum flags in Python is slow enough to matter per bar.
_RIGHT = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight
_LEFT = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft


@dataclass
class Bar:
    key: object
    label: str
    segments: list[tuple[float, str]] = field(default_factory=list)  # (value, colour) from the left
    tip: str = ""

    @property
    def total(self) -> float:
        return sum(v for v, _ in self.segments)


def _fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


class BarChart(QLabel):
    barClicked = Signal(object)

    def __init__(self, empty_text: str = "", parent=None):
        super().__init__(parent)
        self.bars: list[Bar] = []
        self.empty_text = empty_text
        self.setMouseTracking(True)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(260)
        self._rendered_width = -1
        self._timer = QTimer(self)  # re-render once the width settles (a splitter drag)
        self._timer.setSingleShot(True)
        self._timer.setInterval(60)
        self._timer.timeout.connect(self._render)

    def set_bars(self, bars: list[Bar]) -> None:
        self.bars = list(bars)
        self.setFixedHeight(max(1, len(self.bars)) * ROW + 2 * PAD)
        self._render()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt name
        return QSize(420, max(1, len(self.bars)) * ROW + 2 * PAD)

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        if event.size().width() != self._rendered_width:
            self._timer.start()

    def _render(self) -> None:
        width = max(self.width(), 260)
        self._rendered_width = width
        ratio = self.devicePixelRatioF()
        image = QImage(int(width * ratio), int(self.height() * ratio), QImage.Format.Format_ARGB32_Premultiplied)
        image.setDevicePixelRatio(ratio)
        image.fill(Qt.GlobalColor.transparent)
        p = QPainter(image)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = QFont(self.font())
        p.setFont(font)
        fm = QFontMetrics(font)
        if not self.bars:
            p.setPen(QColor("#888888"))
            p.drawText(QRect(PAD, PAD, width - 2 * PAD, ROW), _LEFT, self.empty_text)
            p.end()
            self.setPixmap(QPixmap.fromImage(image))
            return
        label_w = min(max(fm.horizontalAdvance(b.label) for b in self.bars) + GAP, int(width * 0.45))
        value_w = max(fm.horizontalAdvance(_fmt(b.total)) for b in self.bars) + GAP
        room = max(width - label_w - value_w - 2 * PAD, 20)
        top = max((b.total for b in self.bars), default=0) or 1
        colors: dict[str, QColor] = {}
        text_pen, value_pen = QColor("#333333"), QColor("#555555")
        elide = Qt.TextElideMode.ElideMiddle
        for i, bar in enumerate(self.bars):
            y = PAD + i * ROW
            p.setPen(text_pen)
            label = fm.elidedText(bar.label, elide, label_w - GAP)
            p.drawText(QRect(PAD, y, label_w - GAP, ROW), _RIGHT, label)
            x = PAD + label_w
            for value, color in bar.segments:
                w = room * value / top
                if w > 0:
                    p.fillRect(int(x), y + 5, max(1, round(w)), ROW - 10, colors.setdefault(color, QColor(color)))
                x += w
            p.setPen(value_pen)
            p.drawText(QRect(int(x) + 4, y, value_w, ROW), _LEFT, _fmt(bar.total))
        p.end()
        self.setPixmap(QPixmap.fromImage(image))

    def bar_at(self, y: float) -> Bar | None:
        i = int((y - PAD) // ROW)
        return self.bars[i] if 0 <= i < len(self.bars) and y >= PAD else None

    def mousePressEvent(self, event) -> None:  # noqa: N802
        bar = self.bar_at(event.position().y())
        if bar is not None and event.button() == Qt.MouseButton.LeftButton:
            self.barClicked.emit(bar.key)
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:  # noqa: N802
        bar = self.bar_at(event.position().y())
        self.setCursor(Qt.CursorShape.PointingHandCursor if bar else Qt.CursorShape.ArrowCursor)
        if bar is not None and bar.tip:
            QToolTip.showText(event.globalPosition().toPoint(), bar.tip, self)
        else:
            QToolTip.hideText()
        super().mouseMoveEvent(event)
