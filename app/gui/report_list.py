"""The list of opened reports (left pane): one row per file, sortable and filterable.

Columns: the unit (with the file name when two reports of one unit are open), the year,
what the findings say (the ones still standing), and the review status (待审核 / 需整改 /
审核通过 / 已复核); a report whose file changed on disk since it was read says so.
"""
from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QColor, QFont

from app.gui.icons import severity_icon
from app.gui.palette import STATUS_COLORS
from app.gui.status import ReportStatus, recheck_summary, report_org, report_status, report_year, review_status
from app.gui.texts import tr
from app.model import AuditResult

RESULT_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
STATUS_KIND_ROLE = Qt.ItemDataRole.UserRole + 3

COL_ORG, COL_YEAR, COL_STATUS, COL_REVIEW, COL_FILE = range(5)
HEADERS = ("单位", "年度", "问题", "审核状态", "文件")
REVIEW_COLORS = {"待审核": "#555555", "需整改": "#c62828", "审核通过": "#2e7d32", "已复核": "#1f5fa8",
                 "无法读取": "#6d4c41"}


def path_key(path: str) -> str:
    return os.path.normcase(os.path.abspath(path))


def file_mtime(path: str) -> float | None:
    try:
        return os.stat(path).st_mtime
    except OSError:
        return None


@dataclass
class Entry:
    result: AuditResult
    status: ReportStatus
    mtime: float | None  # when it was read: F5 re-reads a file whose mtime changed
    review: str = ""  # 待审核 / 需整改 / 审核通过 / 已复核
    changed: bool = False  # the file on disk changed since it was read


def _unit(result: AuditResult) -> tuple[str, int | None]:
    return report_org(result), report_year(result)


class ReportListModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._entries: list[Entry] = []
        self._rows: dict[str, int] = {}
        self._units: Counter = Counter()  # (unit, year) -> reports open: two of one unit show their file

    # ------------------------------------------------------------------ content

    def add_results(self, results: list[AuditResult], mtimes: dict[str, float | None] | None = None) -> None:
        """Add new reports at the end; a file already listed is replaced in place."""
        fresh: list[Entry] = []
        for r in results:
            key = path_key(r.path)
            mtime = (mtimes or {}).get(r.path, file_mtime(r.path))
            entry = Entry(r, report_status(r), mtime, review_status(r))
            row = self._rows.get(key)
            if row is not None:
                self._units[_unit(self._entries[row].result)] -= 1
                self._units[_unit(r)] += 1
                self._entries[row] = entry
                self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))
            elif key not in {path_key(e.result.path) for e in fresh}:
                fresh.append(entry)
                self._units[_unit(r)] += 1
        if fresh:
            first = len(self._entries)
            self.beginInsertRows(QModelIndex(), first, first + len(fresh) - 1)
            for i, entry in enumerate(fresh):
                self._entries.append(entry)
                self._rows[path_key(entry.result.path)] = first + i
            self.endInsertRows()

    def clear(self) -> None:
        self.beginResetModel()
        self._entries.clear()
        self._rows.clear()
        self._units.clear()
        self.endResetModel()

    def refresh(self, results: list[AuditResult]) -> None:
        """The review of these results changed (a decision, a correction): recompute their rows."""
        for r in results:
            row = self._rows.get(path_key(r.path))
            if row is None or self._entries[row].result is not r:
                continue
            e = self._entries[row]
            e.status, e.review = report_status(r), review_status(r)
            self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    def mark_changed(self) -> list[str]:
        """Look at the files on disk; mark (and return) those changed since they were read."""
        out = []
        for row, e in enumerate(self._entries):
            changed = file_mtime(e.result.path) != e.mtime
            if changed != e.changed:
                e.changed = changed
                self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))
            if changed:
                out.append(e.result.path)
        return out

    def results(self) -> list[AuditResult]:
        return [e.result for e in self._entries]

    def entries(self) -> list[Entry]:
        return list(self._entries)

    def row_of(self, path: str) -> int | None:
        return self._rows.get(path_key(path))

    def changed_paths(self) -> list[str]:
        """Files whose modification time differs from when they were read (or that vanished)."""
        return [e.result.path for e in self._entries if file_mtime(e.result.path) != e.mtime]

    def counts(self) -> dict[str, int]:
        out = {"ok": 0, "error": 0, "warning": 0, "unread": 0, "doubt": 0}
        for e in self._entries:
            out[e.status.kind] += 1
        return out

    def review_counts(self) -> Counter:
        return Counter(e.review for e in self._entries)

    # ------------------------------------------------------------------ Qt model

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return tr(HEADERS[section])
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        e = self._entries[index.row()]
        r, col = e.result, index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == COL_ORG:
                org = report_org(r)
                if self._units[_unit(r)] > 1 and r.report is not None and r.report.org:
                    return f"{org}（{Path(r.path).name}）"
                return org
            if col == COL_YEAR:
                year = report_year(r)
                return str(year) if year else "—"
            if col == COL_STATUS:
                return e.status.text + (tr("（文件已修改）") if e.changed else "")
            if col == COL_REVIEW:
                return e.review
            return Path(r.path).name
        if role == SORT_ROLE:
            if col == COL_YEAR:
                return report_year(r) or 0
            if col == COL_STATUS:
                return e.status.rank[0] * 100000 + e.status.rank[1]
            if col == COL_REVIEW:
                return list(REVIEW_COLORS).index(e.review) if e.review in REVIEW_COLORS else 9
            return self.data(index, Qt.ItemDataRole.DisplayRole)
        if role == Qt.ItemDataRole.DecorationRole and col == COL_STATUS:
            kind = e.status.kind
            return severity_icon({"unread": "unread", "doubt": "doubt"}.get(kind, kind))
        if role == Qt.ItemDataRole.ForegroundRole and col == COL_STATUS:
            return QColor(STATUS_COLORS[e.status.kind])
        if role == Qt.ItemDataRole.ForegroundRole and col == COL_REVIEW:
            return QColor(REVIEW_COLORS.get(e.review, "#555555"))
        if role == Qt.ItemDataRole.FontRole and col == COL_STATUS and e.status.kind in ("error", "unread"):
            f = QFont()
            f.setBold(True)
            return f
        if role == Qt.ItemDataRole.ToolTipRole:
            if not r.ok and r.error is not None:
                return tr("无法读取：{msg}").format(msg=r.error.message) + "\n" + r.path
            lines = [r.path]
            if recheck_summary(r):
                lines.append(tr("复核：") + recheck_summary(r))
            if e.changed:
                lines.append(tr("文件在读取后已被修改，按 F5 重新检查"))
            return "\n".join(lines)
        if role == Qt.ItemDataRole.TextAlignmentRole and col == COL_YEAR:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == RESULT_ROLE:
            return r
        if role == STATUS_KIND_ROLE:
            return e.status.kind
        return None


class ReportFilterProxy(QSortFilterProxyModel):
    """Filters by 单位 or file name (the filter box) and by review status, sorts by the model's sort keys."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self._needle = ""
        self._review = ""

    def filterAcceptsRow(self, source_row: int, source_parent) -> bool:
        model = self.sourceModel()
        if self._review and model.data(model.index(source_row, COL_REVIEW, source_parent)) != self._review:
            return False
        if not self._needle:
            return True
        hay = " ".join(str(model.data(model.index(source_row, c, source_parent)) or "")
                       for c in (COL_ORG, COL_YEAR, COL_FILE))
        return self._needle in hay.lower()

    def set_review_filter(self, status: str) -> None:
        """Only the reports with this review status ("" = all)."""
        self._change(lambda: setattr(self, "_review", status))

    def _change(self, mutate) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt >= 6.9
            self.beginFilterChange()
            mutate()
            self.endFilterChange()
        else:
            mutate()
            self.invalidateFilter()

    def set_filter_text(self, text: str) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt >= 6.9
            self.beginFilterChange()
            self._needle = text.strip().lower()
            self.endFilterChange()
        else:
            self._needle = text.strip().lower()
            self.invalidateFilter()
