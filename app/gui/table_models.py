"""Qt models of 表二, 表三 and 表四, with the official labels and the findings on each cell.

Each model maps its grid positions to ``CellRef`` (the name findings use) and to the
``Value`` read from the report. The cell a finding names as wrong (its location is that
cell: T3-CELL, a failed total) stands out in the severity colour and shows 现值 → 应为;
the other cells that merely take part in the failed equation get a quiet tint. Unknown
cells show a grey italic "—" so that they never look like a zero. Double-clicking a cell
asks for its true value (a correction of a misread cell, kept by the review); a corrected
cell is marked and its tooltip says what was read.
"""
from __future__ import annotations

import re

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QFont

from app.gui.palette import CORRECTED_CELL, CORRECTED_TEXT, QUIET_TINTS, SEVERITY_COLORS, SEVERITY_TINTS, UNKNOWN_CELL
from app.gui.texts import tr
from app.model import SEVERITIES, AuditResult, CellRef, Finding, Number, Value
from app.rules.cells import t3_location, t4_location
from app.template import (
    T3_COLUMNS, T3_GROUPS, T3_LABELS, T3_TOTAL_COL, T4_BLOCKS, T4_RESULTS, section2_spec, t3_keys, t3_row_title,
)

SEVERITY_ROLE = Qt.ItemDataRole.UserRole + 10  # worst severity of the cell's findings, or None
CELLREF_ROLE = Qt.ItemDataRole.UserRole + 11
SPAN_ROLE = Qt.ItemDataRole.UserRole + 12  # Value.span: where the digits are in the text
FINDINGS_ROLE = Qt.ItemDataRole.UserRole + 13
TARGET_ROLE = Qt.ItemDataRole.UserRole + 14  # the finding that names this very cell as wrong, or None

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


_EXPECTED = re.compile(r"应为\s*(-?[\d,]+(?:\.\d+)?)|^\s*(-?[\d,]+(?:\.\d+)?(?:、-?[\d,]+(?:\.\d+)?)*)")


def expected_values(f: Finding) -> list[str]:
    """The number(s) a finding says its cell(s) should hold ("总计 应为 57（…）" -> ["57"])."""
    m = _EXPECTED.search(f.expected or "")
    if not m:
        return []
    return (m.group(1) or m.group(2)).split("、")


def parse_number(text: str) -> Number | None:
    """What the auditor typed into a cell: an integer or a decimal; anything else is None."""
    t = text.strip().replace(",", "").replace("，", "")
    if re.fullmatch(r"-?\d+", t):
        return int(t)
    if re.fullmatch(r"-?\d+\.\d+", t):
        return float(t)
    return None


def _shorten(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"


class ValueTableModel(QAbstractTableModel):
    """Common part: subclasses say which Value and CellRef sit at each position."""

    table = ""
    correctionRequested = Signal(object, object)  # CellRef, value (None: back to the reading)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._result: AuditResult | None = None
        self._by_cell: dict[CellRef, list[Finding]] = {}
        self._targets: dict[CellRef, tuple[Finding, str]] = {}  # cell -> (finding, 应为)
        self._with_target: set[int] = set()  # ids of the findings that name a cell
        self._cache: dict[tuple[int, int], tuple] = {}
        self.editable = True

    def set_result(self, result: AuditResult | None) -> None:
        self.beginResetModel()
        self._result = result
        self._by_cell, self._targets, self._cache = {}, {}, {}
        self._load(result)
        if result is not None:
            # Dismissed findings no longer colour the table; the auditor's own ones do.
            for f in result.all_findings():
                if result.decision(f).kind == "dismissed":
                    continue
                refs = [self._normal(c) for c in f.cells if c.table == self.table]
                for c in refs:
                    self._by_cell.setdefault(c, []).append(f)
                self._mark_targets(f, refs)
        self._with_target = {id(t[0]) for t in self._targets.values()}
        self.endResetModel()

    def _mark_targets(self, f: Finding, refs: list[CellRef]) -> None:
        """The cells a finding's location names (the wrong cell, the failed total) stand out."""
        if not f.location or not refs:
            return
        named = [c for c in refs if self._names(f.location, c)]
        values = expected_values(f)
        for i, c in enumerate(named):
            best = self._targets.get(c)
            if best is None or SEVERITIES.index(f.severity) < SEVERITIES.index(best[0].severity):
                self._targets[c] = (f, values[i] if i < len(values) else (values[0] if values else ""))

    def _names(self, location: str, ref: CellRef) -> bool:
        name = self.cell_name(ref)
        if not name:
            return False
        if location == name:
            return True
        # Two cells of one row named together: 表三 “…” × 自然人与其他
        head, _, cols = name.rpartition(" × ")
        lhead, _, lcols = location.rpartition(" × ")
        return bool(head) and head == lhead and "与" in lcols and cols in lcols.split("与")

    def cell_name(self, ref: CellRef) -> str:
        """The cell in the words findings use for their location."""
        return ""

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
        target = self._targets.get(ref) if ref is not None else None
        corrected = value is not None and value.correction is not None
        if role == Qt.ItemDataRole.DisplayRole:
            shown = format_number(value.value) if known else UNKNOWN_TEXT
            if target is not None and target[1] and target[1] != shown:
                return f"{shown} → {target[1]}"
            return shown
        if role == Qt.ItemDataRole.EditRole:
            return format_number(value.value).replace(",", "") if known else ""
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter) if known else \
                int(Qt.AlignmentFlag.AlignCenter)
        if role == SEVERITY_ROLE:
            return worst(findings)
        if role == TARGET_ROLE:
            return target[0] if target else None
        if role == CELLREF_ROLE:
            return ref
        if role == SPAN_ROLE:
            return value.span if value is not None else None
        if role == FINDINGS_ROLE:
            return findings
        if role == Qt.ItemDataRole.BackgroundRole:
            if target is not None:
                return QColor(SEVERITY_COLORS[target[0].severity])
            sev = worst(findings)
            if sev:
                quiet = all(id(f) in self._with_target for f in findings if f.severity == sev)
                return QColor(QUIET_TINTS[sev] if quiet else SEVERITY_TINTS[sev])
            return QColor(CORRECTED_CELL) if corrected else None
        if role == Qt.ItemDataRole.ForegroundRole:
            if target is not None:
                return QColor("#ffffff")
            if corrected:
                return QColor(CORRECTED_TEXT)
            sev = worst(findings)
            if sev:
                return QColor(SEVERITY_COLORS[sev]).darker(130)
            return None if known else QColor(UNKNOWN_CELL)
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            if not known:
                font.setItalic(True)
            untargeted = any(id(f) not in self._with_target for f in findings)
            if target is not None or corrected or (untargeted and self.is_total(row, col)):
                font.setBold(True)  # the wrong cell, or the failed sum itself
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [f"【{f.title or f.rule}】{f.message}" for f in findings]
            if target is not None and target[1]:
                lines.insert(0, tr("此格有误：现值 {c}，应为 {e}").format(c=format_number(value.value) if known else "—",
                                                                   e=target[1]))
            if corrected:
                c = value.correction
                read = format_number(c.read_value) if c.read_value is not None else tr("无法读取")
                lines.append(tr("人工修正：原读数 {read}（原文“{raw}”）").format(read=read, raw=c.read_raw or "—"))
            if not known:
                lines.append(tr("未能读取此单元格（不是 0）") if value is None or not value.raw
                             else tr("原文“{raw}”无法识别为数字").format(raw=value.raw))
            elif value is not None and value.raw and value.raw != str(value.value) and not corrected:
                lines.append(tr("原文：{raw}").format(raw=value.raw))
            if self.editable and ref is not None and value is not None:
                lines.append(tr("双击可修正读取有误的数值"))
            return "\n".join(lines) or None
        return None

    def flags(self, index: QModelIndex):
        base = super().flags(index)
        if not index.isValid() or self.is_label_column(index.column()) or not self.editable:
            return base
        value, ref, _ = self._resolved(index.row(), index.column())
        if value is None or ref is None:
            return base
        return base | Qt.ItemFlag.ItemIsEditable

    def setData(self, index: QModelIndex, value, role=Qt.ItemDataRole.EditRole) -> bool:
        """An edit asks for a correction; the review applies it and refreshes the model."""
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        cell, ref, _ = self._resolved(index.row(), index.column())
        if cell is None or ref is None:
            return False
        text = str(value or "").strip()
        if not text:
            self.correctionRequested.emit(ref, None)
            return False
        number = parse_number(text)
        if number is None:
            return False
        self.correctionRequested.emit(ref, number)
        return False


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

    def cell_name(self, ref):
        return t3_location((str(ref.row), ref.col)) if 0 <= ref.col < len(T3_COLUMNS) else ""

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

    def cell_name(self, ref):
        return t4_location(ref.col) if 0 <= ref.col < 15 else ""

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

    def cell_name(self, ref):
        from app.rules.section2 import _name

        return _name(self._s2.layout, str(ref.row), ref.col) if self._s2 is not None else ""

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return (tr("条款"), tr("信息内容"), tr("统计项"), tr("数值"))[section]
        return None
