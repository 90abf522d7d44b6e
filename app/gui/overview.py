"""The 总览 view: the batch at a glance — statuses, findings by rule and unit, county figures, copied text.

It draws an ``app.across.overview.Overview`` (the same object the overview sheet of the
workbook draws) and the cross-report outcome (copied pairs, ambiguous unit names). It
changes nothing itself: a click on a status, a bar or a row asks the window to filter the
report list (``filterRequested``), a copied pair asks for the side-by-side comparison,
an ambiguous name for a link or an unlink.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QFrame, QGridLayout, QGroupBox, QHBoxLayout, QHeaderView, QLabel, QMenu,
    QPushButton, QScrollArea, QTableView, QVBoxLayout, QWidget,
)

from app.across.overview import FIGURES, UNREADABLE, Overview
from app.gui.charts import Bar, BarChart
from app.gui.palette import SEVERITY_COLORS
from app.model import REPORT_STATES, SEVERITIES, SEVERITY_LABELS, AuditResult
from app.template import SECTION_NUMERALS

TOP_RULES, TOP_UNITS = 15, 20
STATE_COLORS = {"待审核": "#777777", "需整改": "#c62828", "审核通过": "#2e7d32", "已复核": "#1f6fb2",
                UNREADABLE: "#6d4c41"}

Predicate = Callable[[AuditResult], bool]


class RowsModel(QAbstractTableModel):
    """A read-only table of plain rows; ``keys[i]`` is what row i stands for."""

    def __init__(self, headers: list[str], parent=None):
        super().__init__(parent)
        self.headers = headers
        self.rows: list[list] = []
        self.keys: list[object] = []
        self.colors: list[str | None] = []

    def set_rows(self, rows: list[list], keys: list[object], colors: list[str | None] | None = None) -> None:
        self.beginResetModel()
        self.rows, self.keys = rows, keys
        self.colors = colors or [None] * len(rows)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        value = self.rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            if isinstance(value, float):
                return str(int(value)) if value.is_integer() else f"{value:g}"
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.ToolTipRole and isinstance(value, str) and len(value) > 6:
            return value  # the whole text of a narrow cell
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() > 0:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 0 and self.colors[index.row()]:
            return QColor(self.colors[index.row()])
        return None


def _table(model: RowsModel, stretch: tuple[int, ...] = (0,)) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(24)
    view.setAlternatingRowColors(True)
    view.setShowGrid(False)
    view.setWordWrap(False)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setDefaultSectionSize(64)
    for col in stretch:
        header.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)
    header.setMinimumSectionSize(40)
    return view


def _group(title: str, *widgets: QWidget, top: bool = False) -> QGroupBox:
    box = QGroupBox(title)
    lay = QVBoxLayout(box)
    lay.setContentsMargins(8, 6, 8, 8)
    for w in widgets:
        lay.addWidget(w)
    if top:  # a chart keeps its height and sits at the top beside a taller one
        lay.addStretch(1)
    return box


def _short(entry) -> str:
    """A report in a narrow cell: 单位（年度）."""
    org = entry.org or Path(entry.path).stem
    return f"{org}（{entry.year}）" if entry.year else org


class OverviewView(QScrollArea):
    filterRequested = Signal(str, object)  # label, predicate over AuditResult (None: clear)
    pairRequested = Signal(object)  # SimilarPair
    linkRequested = Signal(str, str, bool)  # org, org, linked
    aggregateRequested = Signal(str, bool)  # path of the report, mark / unmark

    def __init__(self, parent=None):
        super().__init__(parent)
        self.overview: Overview | None = None
        self.outcome = None
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget()
        self.setWidget(body)
        outer = QVBoxLayout(body)
        outer.setContentsMargins(10, 8, 10, 10)
        outer.setSpacing(10)

        head = QHBoxLayout()
        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.RichText)
        head.addWidget(self.title, 1)
        self.filter_label = QLabel()
        self.filter_label.setStyleSheet("color: #1f5fa8;")
        self.clear_button = QPushButton(self.tr("清除筛选"))
        self.clear_button.clicked.connect(lambda: self.filterRequested.emit("", None))
        head.addWidget(self.filter_label)
        head.addWidget(self.clear_button)
        outer.addLayout(head)

        tiles = QHBoxLayout()
        self.tiles: dict[str, QPushButton] = {}
        for state in (*REPORT_STATES, UNREADABLE, "雷同"):
            b = QPushButton()
            b.setMinimumHeight(54)
            b.setCursor(Qt.CursorShape.PointingHandCursor)
            b.clicked.connect(lambda _=False, s=state: self._tile_clicked(s))
            self.tiles[state] = b
            tiles.addWidget(b)
        outer.addLayout(tiles)

        self.rule_chart = BarChart(self.tr("没有问题"))
        self.rule_chart.barClicked.connect(self._rule_clicked)
        self.apps_chart = BarChart(self.tr("没有读出的申请数"))
        self.apps_chart.barClicked.connect(self._unit_clicked)
        self.rule_box = _group(self.tr("问题数（按规则，点击筛选报告）"), self.rule_chart, top=True)
        self.apps_box = _group(self.tr("本年新收政府信息公开申请（按单位）"), self.apps_chart, top=True)

        self.units_model = RowsModel([self.tr("单位"), self.tr("年度"), self.tr("状态"), self.tr("错误"),
                                      self.tr("警告"), self.tr("提示"), self.tr("本年新收")], self)
        self.units_view = _table(self.units_model)
        for col, width in ((1, 52), (2, 76), (3, 48), (4, 48), (5, 48), (6, 72)):
            self.units_view.setColumnWidth(col, width)
        self.units_view.setMinimumHeight(24 * 11 + 30)
        self.units_view.clicked.connect(lambda i: self._unit_clicked(self.units_model.keys[i.row()]))
        self.units_view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.units_view.customContextMenuRequested.connect(self._unit_menu)
        self.figures_model = RowsModel([self.tr("项目"), self.tr("各单位合计"), self.tr("已读出"), self.tr("未读出")], self)
        self.figures_view = _table(self.figures_model)
        self.figures_view.setMinimumHeight(24 * 13 + 30)
        self.figures_view.clicked.connect(lambda i: self._figure_clicked(self.figures_model.keys[i.row()]))
        self.year_box = QComboBox()
        self.year_box.currentIndexChanged.connect(self._fill_figures)
        figures_head = QHBoxLayout()
        figures_head.addWidget(QLabel(self.tr("年度")))
        figures_head.addWidget(self.year_box)
        figures_head.addStretch(1)
        self.figures_note = QLabel()
        self.figures_note.setWordWrap(True)
        self.figures_note.setStyleSheet("color: #666;")
        figures_panel = QWidget()
        fl = QVBoxLayout(figures_panel)
        fl.setContentsMargins(0, 0, 0, 0)
        fl.addLayout(figures_head)
        fl.addWidget(self.figures_view)
        fl.addWidget(self.figures_note)

        self.pairs_model = RowsModel([self.tr("本报告"), self.tr("对方报告"), self.tr("类型"),
                                      self.tr("相同比例（部分）"), self.tr("残留名称")], self)
        self.pairs_view = _table(self.pairs_model, stretch=(0, 1))
        self.pairs_view.setMinimumHeight(24 * 5 + 30)
        self.pairs_view.doubleClicked.connect(lambda i: self.pairRequested.emit(self.pairs_model.keys[i.row()]))
        self.pairs_view.clicked.connect(lambda i: self._pair_clicked(self.pairs_model.keys[i.row()]))
        self.compare_button = QPushButton(self.tr("并排比对…"))
        self.compare_button.clicked.connect(self._compare_selected)
        self.amb_model = RowsModel([self.tr("名称"), self.tr("对应"), self.tr("情况")], self)
        self.amb_view = _table(self.amb_model, stretch=(0, 1))
        self.amb_view.setColumnWidth(2, 150)
        self.amb_view.setMinimumHeight(24 * 3 + 30)
        self.link_button = QPushButton(self.tr("是同一单位"))
        self.unlink_button = QPushButton(self.tr("不是同一单位"))
        self.link_button.clicked.connect(lambda: self._link_selected(True))
        self.unlink_button.clicked.connect(lambda: self._link_selected(False))
        pair_buttons = QHBoxLayout()
        pair_buttons.addStretch(1)
        pair_buttons.addWidget(self.compare_button)
        amb_buttons = QHBoxLayout()
        amb_buttons.addStretch(1)
        amb_buttons.addWidget(self.link_button)
        amb_buttons.addWidget(self.unlink_button)
        pairs_panel, amb_panel = QWidget(), QWidget()
        pl = QVBoxLayout(pairs_panel)
        pl.setContentsMargins(0, 0, 0, 0)
        pl.addWidget(self.pairs_view)
        pl.addLayout(pair_buttons)
        al = QVBoxLayout(amb_panel)
        al.setContentsMargins(0, 0, 0, 0)
        self.amb_note = QLabel(self.tr("名称相近但无法确定是哪个单位的，未作跨年比较。请确认："))
        self.amb_note.setWordWrap(True)
        al.addWidget(self.amb_note)
        al.addWidget(self.amb_view)
        al.addLayout(amb_buttons)
        al.addStretch(1)
        self.amb_box = _group(self.tr("单位对应存疑"), amb_panel)
        # Problems first (by rule, by report), then copying and unit names, then the county's figures.
        grid = QGridLayout()
        grid.setVerticalSpacing(10)
        grid.addWidget(self.rule_box, 0, 0)
        grid.addWidget(_group(self.tr("各报告（错误多的在前；点击筛选，右键可标为全县汇总报告）"), self.units_view), 0, 1)
        grid.addWidget(_group(self.tr("文字雷同（双击并排比对）"), pairs_panel), 1, 0)
        grid.addWidget(self.amb_box, 1, 1)
        grid.addWidget(self.apps_box, 2, 0)
        grid.addWidget(_group(self.tr("全县合计（每个单位一份报告）"), figures_panel), 2, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        outer.addLayout(grid)
        outer.addStretch(1)
        self.show_filter("")
        self.set_overview(None, None)

    # ------------------------------------------------------------------ content

    def set_overview(self, overview: Overview | None, outcome=None, running: bool = False) -> None:
        self.overview, self.outcome = overview, outcome
        ov = overview or Overview()
        units = ov.unit_count
        years = "、".join(str(y) for y in sorted(ov.years))
        state = self.tr("（跨报告检查进行中…）") if running else ""
        self.title.setText(self.tr("<span style='font-size:14pt'><b>总览</b></span>　共 {n} 份报告，{u} 个单位"
                                   "{y}{s}").format(n=ov.total, u=units, y=f"，{years} 年度" if years else "", s=state))
        for state_name, button in self.tiles.items():
            count = ov.similar if state_name == "雷同" else ov.by_status.get(state_name, 0)
            label = self.tr("有文字雷同") if state_name == "雷同" else state_name
            color = STATE_COLORS.get(state_name, SEVERITY_COLORS["warning"])
            button.setText(f"{count}\n{label}")
            button.setStyleSheet(f"QPushButton {{ font-size: 12pt; color: {color}; font-weight: bold; }}")
            button.setEnabled(count > 0)
        self.rule_chart.set_bars([
            Bar(rc.rule, rc.title, [(rc.counts[s], SEVERITY_COLORS[s]) for s in SEVERITIES],
                f"{rc.title}（{rc.rule}）\n"
                + "　".join(f"{SEVERITY_LABELS[s]} {rc.counts[s]}" for s in SEVERITIES if rc.counts[s])
                + self.tr("\n涉及 {n} 份报告；点击筛选").format(n=len(rc.paths)))
            for rc in ov.by_rule[:TOP_RULES]])
        if len(ov.by_rule) > TOP_RULES:
            self.rule_box.setTitle(self.tr("问题数（按规则，前 {n} 条，共 {m} 条；点击筛选报告）").format(
                n=TOP_RULES, m=len(ov.by_rule)))
        apps = sorted((u for u in ov.units if u.applications is not None and not u.aggregate),
                      key=lambda u: (-u.applications, u.org))
        self.apps_chart.set_bars([Bar(u.path, f"{u.org}（{u.year}）" if u.year else u.org,
                                      [(u.applications, SEVERITY_COLORS["info"])],
                                      self.tr("{org}：本年新收申请 {n} 件；点击筛选").format(org=u.org, n=int(u.applications)))
                                  for u in apps[:TOP_UNITS]])
        self.apps_box.setTitle(self.tr("本年新收政府信息公开申请（按单位{top}）").format(
            top=self.tr("，前 {n} 个").format(n=TOP_UNITS) if len(apps) > TOP_UNITS else ""))
        units_sorted = sorted(ov.units, key=lambda u: (-u.counts["error"], -u.counts["warning"], -u.counts["info"], u.org))
        self.units_model.set_rows(
            [[u.org + (self.tr("（全县汇总）") if u.aggregate else ""), u.year or "—", u.status, u.counts["error"],
              u.counts["warning"], u.counts["info"], u.applications if u.applications is not None else "—"]
             for u in units_sorted], [u.path for u in units_sorted],
            [SEVERITY_COLORS["error"] if u.counts["error"] else None for u in units_sorted])
        self.year_box.blockSignals(True)
        self.year_box.clear()
        for y in ov.years:
            self.year_box.addItem(str(y), y)
        self.year_box.blockSignals(False)
        self._fill_figures()
        self._fill_pairs()
        self._fill_ambiguous()

    def _fill_figures(self) -> None:
        ov = self.overview
        year = self.year_box.currentData()
        figures = ov.figures.get(year, []) if ov is not None and year is not None else []
        agg = any(f.aggregate is not None for f in figures)
        if agg and self.figures_model.columnCount() == 4:
            self.figures_model.headers = self.figures_model.headers + [self.tr("汇总报告")]
        elif not agg and self.figures_model.columnCount() == 5:
            self.figures_model.headers = self.figures_model.headers[:4]
        self.figures_model.set_rows([[f.label, f.value, f.known, f.unknown] + ([f.aggregate if f.aggregate is not None else "—"]
                                                                             if agg else []) for f in figures],
                                    [(year, i) for i in range(len(figures))])
        self.figures_note.setText(self.tr("有报告被标为全县汇总报告：它不计入合计，单独列出。县级报告可只统计本级，"
                                          "不必等于各单位之和。") if agg else "")

    def _fill_pairs(self) -> None:
        out = self.outcome
        pairs = [p for p in (out.pairs if out is not None else []) if p.copied or p.names]
        rows = []
        for p in pairs:
            a, b = out.entries[p.a], out.entries[p.b]
            shares = " ".join(f"{SECTION_NUMERALS[n - 1]}{p.percent(n)}" for n in sorted(p.copied))
            rows.append([_short(a), _short(b),
                         self.tr("与上年度") if p.kind == "prev" else self.tr("与其他单位"), shares or "—",
                         "、".join(sorted({name for _, name in p.names})) or ""])
        self.pairs_model.set_rows(rows, pairs, [SEVERITY_COLORS["error"] if p.names else None for p in pairs])
        for col, width in ((2, 76), (3, 150), (4, 70)):
            self.pairs_view.setColumnWidth(col, width)
        self.compare_button.setEnabled(bool(pairs))

    def _fill_ambiguous(self) -> None:
        """Names in doubt first (nothing compared), then the names taken as one unit (the auditor may disagree)."""
        from app.across.units import HOW_MANUAL

        out = self.outcome
        rows, keys, colors = [], [], []
        for amb in (out.ambiguous if out is not None else []):
            for _key, org in amb.candidates:
                rows.append([amb.org, org, self.tr("存疑：未作跨年比较")])
                keys.append((amb.org, org))
                colors.append(SEVERITY_COLORS["warning"])
        doubtful = len(rows)
        if out is not None:
            units = out.units
            groups: dict[str, list[str]] = {}
            for key in units.cluster:
                groups.setdefault(units.unit(key), []).append(key)
            for members in groups.values():
                members.sort()
                for other in members[1:]:
                    manual = HOW_MANUAL in (units.how.get(members[0]), units.how.get(other))
                    rows.append([units.orgs.get(other, other), units.orgs.get(members[0], members[0]),
                                 self.tr("审核人员已关联") if manual else self.tr("按名称视为同一单位")])
                    keys.append((units.orgs.get(other, other), units.orgs.get(members[0], members[0])))
                    colors.append(None)
        self.amb_model.set_rows(rows, keys, colors)
        self.amb_view.setVisible(bool(rows))
        self.amb_box.setTitle(self.tr("单位对应存疑（{n}）").format(n=len(out.ambiguous)) if doubtful
                              else self.tr("单位对应"))
        if doubtful:
            note = self.tr("名称相近但无法确定是哪个单位的，未作跨年比较。选中一行后确认：")
        elif rows:
            note = self.tr("名称不同但按同一单位比较的（仅差“人民政府”等后缀或县区前缀，或已人工关联）。"
                           "如不是同一单位，选中后点“不是同一单位”：")
        else:
            note = self.tr("各报告的单位名称都能直接对应，没有需要确认的。")
        self.amb_note.setText(note)
        self.link_button.setVisible(bool(rows))
        self.unlink_button.setVisible(bool(rows))
        self.link_button.setEnabled(bool(rows))
        self.unlink_button.setEnabled(bool(rows))

    def show_filter(self, label: str) -> None:
        self.filter_label.setText(self.tr("报告列表已筛选：{l}").format(l=label) if label else "")
        self.clear_button.setVisible(bool(label))

    # ------------------------------------------------------------------ clicks → requests

    def _paths_filter(self, label: str, paths) -> None:
        """Ask for the list to show the reports at ``paths`` (a set lookup per row: fast at 500 reports)."""
        from app.workspace.identity import path_key

        keys = frozenset(path_key(p) for p in paths)
        self.filterRequested.emit(label, lambda r, keys=keys: path_key(r.path) in keys)

    def _tile_clicked(self, state: str) -> None:
        ov = self.overview
        if ov is None:
            return
        if state == "雷同":
            paths = set().union(*(rc.paths for rc in ov.by_rule if rc.rule.startswith("SIM-")))
            self._paths_filter(self.tr("有文字雷同"), paths)
            return
        self._paths_filter(self.tr("状态“{s}”").format(s=state), [u.path for u in ov.units if u.status == state])

    def _rule_clicked(self, rule: str) -> None:
        rc = next((rc for rc in self.overview.by_rule if rc.rule == rule), None) if self.overview else None
        if rc is not None:
            self._paths_filter(self.tr("有 {r} 问题").format(r=rule), rc.paths)

    def _unit_clicked(self, path: str) -> None:
        row = next((u for u in self.overview.units if u.path == path), None) if self.overview else None
        self._paths_filter(self.tr("单位“{o}”").format(o=row.org if row else Path(path).stem), [path])

    def _figure_clicked(self, key) -> None:
        year, i = key
        label, read = FIGURES[i]

        def has(r: AuditResult, year=year, read=read) -> bool:
            rep = r.report
            return r.ok and rep is not None and rep.year == year and (read(rep) or 0) > 0

        self.filterRequested.emit(self.tr("{y}年“{l}”不为 0").format(y=year, l=label), has)

    def _pair_clicked(self, pair) -> None:
        out = self.outcome
        if out is None:
            return
        a = out.entries[pair.a]
        self._unit_clicked(a.path)

    def _compare_selected(self) -> None:
        rows = self.pairs_view.selectionModel().selectedRows()
        row = rows[0].row() if rows else 0
        if 0 <= row < len(self.pairs_model.keys):
            self.pairRequested.emit(self.pairs_model.keys[row])

    def _link_selected(self, linked: bool) -> None:
        rows = self.amb_view.selectionModel().selectedRows()
        if rows:
            a, b = self.amb_model.keys[rows[0].row()]
            self.linkRequested.emit(a, b, linked)

    def _unit_menu(self, pos) -> None:
        index = self.units_view.indexAt(pos)
        if not index.isValid() or self.overview is None:
            return
        path = self.units_model.keys[index.row()]
        unit = next((u for u in self.overview.units if u.path == path), None)
        if unit is None:
            return
        menu = QMenu(self)
        if unit.aggregate:
            act = menu.addAction(self.tr("取消全县汇总报告标记"))
            act.triggered.connect(lambda: self.aggregateRequested.emit(path, False))
        else:
            act = menu.addAction(self.tr("标为全县（区）汇总报告"))
            act.triggered.connect(lambda: self.aggregateRequested.emit(path, True))
        menu.exec(self.units_view.viewport().mapToGlobal(pos))
