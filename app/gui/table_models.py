"""Qt models of 表二, 表三 and 表四, with the official labels and the findings on each cell.

Each model maps its grid positions to ``CellRef`` (the name findings use) and to the
``Value`` read from the report. Cells that take part in a failed check report the worst
severity under ``SEVERITY_ROLE`` and are tinted; unknown cells show a grey italic "—"
so that they never look like a zero.
"""
from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from app.gui.palette import SEVERITY_COLORS, SEVERITY_TINTS, UNKNOWN_CELL
from app.gui.texts import tr
from app.model import SEVERITIES, AuditResult, CellRef, Finding, Value
from app.template import (
    T3_COLUMNS, T3_GROUPS, T3_LABELS, T3_TOTAL_COL, T4_BLOCKS, T4_RESULTS, section2_spec, t3_keys, t3_row_title,
)

SEVERITY_ROLE = Qt.ItemDataRole.UserRole + 10  # worst severity of the cell's findings, or None
CELLREF_ROLE = Qt.ItemDataRole.UserRole + 11
SPAN_ROLE = Qt.ItemDataRole.UserRole + 12  # Value.span: where the digits are in the text
FINDINGS_ROLE = Qt.ItemDataRole.UserRole + 13

UNKNOWN_TEXT = "—"
LABEL_CHARS = 17  # longer official labels are shortened in the header, full in the tooltip


def format_number(v: int | float | None) -> str:
    if v is None:
        return UNKNOWN_TEXT
    if isinstance(v, float):
        return f"{v:,.4f}".rstrip("0").rstrip(".") if v != int(v) else f"{int(v):,}"
    return f"{v:,}" if abs(v) >= 10000 else str(v)


def worst(findings: list[Finding]) -> str | None:
    for sev in SEVERITIES:
        if any(f.severity == sev for f in findings):
            return sev
    return None


def _shorten(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"


class ValueTableModel(QAbstractTableModel):
    """Common part: subclasses say which Value and CellRef sit at each position."""

    table = ""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._result: AuditResult | None = None
        self._by_cell: dict[CellRef, list[Finding]] = {}
        self._cache: dict[tuple[int, int], tuple] = {}

    def set_result(self, result: AuditResult | None) -> None:
        self.beginResetModel()
        self._result = result
        self._by_cell = {}
        self._cache = {}
        if result is not None:
            for f in result.findings:
                for c in f.cells:
                    if c.table == self.table:
                        self._by_cell.setdefault(self._normal(c), []).append(f)
        self._load(result)
        self.endResetModel()

    def _normal(self, ref: CellRef) -> CellRef:
        return ref

    # subclasses -------------------------------------------------------
    def _load(self, result: AuditResult | None) -> None:
        raise NotImplementedError

    def cell(self, row: int, col: int) -> tuple[Value | None, CellRef | None]:
        raise NotImplementedError

    def position(self, ref: CellRef) -> tuple[int, int] | None:
        raise NotImplementedError

    def is_total(self, row: int, col: int) -> bool:
        return False

    def is_label_column(self, col: int) -> bool:
        return False

    def label(self, row: int, col: int) -> str:
        return ""

    # ------------------------------------------------------------------
    def findings_at(self, row: int, col: int) -> list[Finding]:
        return self._resolved(row, col)[2]

    def _resolved(self, row: int, col: int) -> tuple[Value | None, CellRef | None, list[Finding]]:
        """(value, ref, findings) of a cell, cached: data() is asked many roles per paint."""
        hit = self._cache.get((row, col))
        if hit is None:
            value, ref = self.cell(row, col)
            hit = (value, ref, self._by_cell.get(ref, []) if ref else [])
            self._cache[(row, col)] = hit
        return hit

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row, col = index.row(), index.column()
        if self.is_label_column(col):
            if role == Qt.ItemDataRole.DisplayRole:
                return self.label(row, col)
            if role == Qt.ItemDataRole.ForegroundRole:
                return QColor("#555555")
            return None
        value, ref, findings = self._resolved(row, col)
        known = value is not None and value.known
        if role == Qt.ItemDataRole.DisplayRole:
            return format_number(value.value) if known else UNKNOWN_TEXT
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter) if known else \
                int(Qt.AlignmentFlag.AlignCenter)
        if role == SEVERITY_ROLE:
            return worst(findings)
        if role == CELLREF_ROLE:
            return ref
        if role == SPAN_ROLE:
            return value.span if value is not None else None
        if role == FINDINGS_ROLE:
            return findings
        if role == Qt.ItemDataRole.BackgroundRole:
            sev = worst(findings)
            return QColor(SEVERITY_TINTS[sev]) if sev else None
        if role == Qt.ItemDataRole.ForegroundRole:
            sev = worst(findings)
            if sev:
                return QColor(SEVERITY_COLORS[sev]).darker(130)
            return None if known else QColor(UNKNOWN_CELL)
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            if not known:
                font.setItalic(True)
            if findings and self.is_total(row, col):
                font.setBold(True)  # the failed sum itself
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [f"【{f.rule}】{f.message}" for f in findings]
            if not known:
                lines.append(tr("未能读取此单元格（不是 0）") if value is None or not value.raw
                             else tr("原文“{raw}”无法识别为数字").format(raw=value.raw))
            elif value is not None and value.raw and value.raw != str(value.value):
                lines.append(tr("原文：{raw}").format(raw=value.raw))
            return "\n".join(lines) or None
        return None


class Table3Model(ValueTableModel):
    """表三: rows in template order (2021: 25, 2019: 23), 7 applicant columns."""

    table = "table3"

    def __init__(self, parent=None):
        super().__init__(parent)
        self._keys: tuple[str, ...] = ()
        self._t3 = None

    def _load(self, result):
        t3 = result.report.table3 if result and result.report else None
        self._t3 = t3
        self._keys = t3_keys(t3.layout) if t3 else ()

    def rowCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(self._keys)

    def columnCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(T3_COLUMNS)

    def row_key(self, row: int) -> str:
        return self._keys[row]

    def cell(self, row, col):
        key = self._keys[row]
        ref = CellRef("table3", key, col)
        tr_ = self._t3.rows.get(key) if self._t3 else None
        if tr_ is None or col >= len(tr_.values):
            return None, ref
        return tr_.values[col], ref

    def position(self, ref):
        if ref.table != self.table or ref.row not in self._keys:
            return None
        return self._keys.index(ref.row), ref.col

    def is_total(self, row, col):
        return col == T3_TOTAL_COL or self._keys[row] == "total"

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal:
            if role == Qt.ItemDataRole.DisplayRole:
                name = T3_COLUMNS[section]
                return name if len(name) <= 4 else name[:4] + "\n" + name[4:]
            if role == Qt.ItemDataRole.ToolTipRole:
                return T3_COLUMNS[section]
            return None
        key = self._keys[section] if section < len(self._keys) else ""
        if role == Qt.ItemDataRole.DisplayRole:
            group = T3_GROUPS.get(key, "")
            prefix = group[:3] if group.startswith("（") else ""  # “（三）” keeps 1.–8. apart
            return _shorten(prefix + T3_LABELS.get(key, key))
        if role == Qt.ItemDataRole.ToolTipRole:
            return t3_row_title(key)
        if role == Qt.ItemDataRole.FontRole and key in ("new", "carried_over", "total", "carry_forward"):
            f = QFont()
            f.setBold(True)
            return f
        return None


class Table4Model(ValueTableModel):
    """表四: three blocks (复议, 诉讼 ×2) as rows, five results as columns; CellRef col 0..14."""

    table = "table4"
    _values: list[Value] | None = None

    def _load(self, result):
        t4 = result.report.table4 if result and result.report else None
        self._values = t4.values if t4 else None

    def _normal(self, ref):
        return CellRef("table4", 0, ref.col)

    def rowCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() or self._values is None else len(T4_BLOCKS)

    def columnCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(T4_RESULTS)

    def cell(self, row, col):
        i = row * len(T4_RESULTS) + col
        ref = CellRef("table4", 0, i)
        if self._values is None or i >= len(self._values):
            return None, ref
        return self._values[i], ref

    def position(self, ref):
        if ref.table != self.table or self._values is None:
            return None
        return divmod(ref.col, len(T4_RESULTS))

    def is_total(self, row, col):
        return col == len(T4_RESULTS) - 1

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return T4_RESULTS[section]
        return T4_BLOCKS[section].replace("（", "\n（")


class Section2Model(ValueTableModel):
    """表二: one row per figure (条款, 信息内容, 统计项, 数值); CellRef row = key, col = index."""

    table = "section2"
    LABEL_COLS = 3
    _s2 = None
    _lines: list[tuple[str, int, str, str, str]] = []

    def _load(self, result):
        s2 = result.report.section2 if result and result.report else None
        self._s2 = s2
        self._lines: list[tuple[str, int, str, str, str]] = []
        if s2 is None:
            return
        for key, (label, block, cols) in section2_spec(s2.layout).items():
            for ci, colname in enumerate(cols):
                self._lines.append((key, ci, block, label, colname))

    def rowCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(self._lines)

    def columnCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else self.LABEL_COLS + 1

    def is_label_column(self, col):
        return col < self.LABEL_COLS

    def label(self, row, col):
        key, ci, block, label, colname = self._lines[row]
        if col == 0:
            first = row == 0 or self._lines[row - 1][2] != block
            return block if first else ""
        if col == 1:
            return label if ci == 0 else ""
        return colname

    def cell(self, row, col):
        key, ci, *_ = self._lines[row]
        ref = CellRef("section2", key, ci)
        trow = self._s2.rows.get(key) if self._s2 else None
        if trow is None or ci >= len(trow.values):
            return None, ref
        return trow.values[ci], ref

    def position(self, ref):
        if ref.table != self.table:
            return None
        for i, line in enumerate(self._lines):
            if line[0] == ref.row and line[1] == ref.col:
                return i, self.LABEL_COLS
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return (tr("条款"), tr("信息内容"), tr("统计项"), tr("数值"))[section]
        return None
