"""The main window: report list on the left, the selected report on the right.

It owns the loading jobs, the workspace connection, the actions and the remembered
state; everything it shows comes from ``AuditResult`` objects. The review actions live
in ``review_actions.py``; the window only composes them.
"""
from __future__ import annotations

import gc
import logging
import os
import threading
import time
from pathlib import Path

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, Qt, QThreadPool, QTimer
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QFileDialog, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QMainWindow, QMenu,
    QMessageBox, QProgressBar, QPushButton, QSplitter, QStackedWidget, QStyle, QTableView, QToolBar,
    QVBoxLayout, QWidget,
)

from app import APP_NAME, __version__
from app.userdirs import home_dir
from app.gui.across import AcrossController
from app.gui.icons import app_icon
from app.gui.loader import LoadJob
from app.gui.page_view import ocr_progress_text
from app.gui.report_list import (
    COL_FILE, COL_ORG, COL_REVIEW, COL_STATUS, COL_YEAR, RESULT_ROLE, ReportFilterProxy, ReportListModel, file_mtime,
)
from app.gui.report_view import ReportView
from app.gui.review import ReviewController
from app.gui.review_actions import ReviewActions
from app.gui.settings import Settings
from app.gui.store_client import StoreClient
from app.gui import warmup
from app.model import REPORT_STATES, AuditResult
from app.paths import sample_dir

log = logging.getLogger(__name__)

WARMUP_DELAY_MS = 400  # after the window is shown: starting sooner slowed the launch itself

REPORT_FILTER = "*.txt *.pdf *.docx *.doc *.wps *.html *.htm *.mht *.mhtml"
EMPTY_HINT = "拖入年报文件或文件夹，或按 Ctrl+O 打开"


class MainWindow(QMainWindow):
    def __init__(self, settings: Settings | None = None, use_processes: bool | None = None,
                 workspace: str | None = None):
        super().__init__()
        self.settings = settings or Settings()
        self._use_processes = use_processes  # None: processes for more than one file
        self.jobs: list[LoadJob] = []
        self._pool_threads: list[threading.Thread] = []  # still stopping their workers after a job
        self._submitted_mtimes: dict[str, float | None] = {}
        self._select_next: str | None = None  # the report to show when it has been read
        self._auto_select: str | None = None  # ... and, once read, about to be shown (next event-loop turn)
        self.setWindowTitle(self.tr("年报审核助手"))
        self.setWindowIcon(app_icon())
        self.setAcceptDrops(True)
        self._fit_screen()
        from app.config import load_config

        self.config = load_config()  # the rules re-run with it after a correction
        # The workspace: as given (tests, --workspace), else as chosen in 设置, else the default place.
        self.store = self._open_store(workspace or self.config.workspace or None)
        self.review = ReviewController(self.store, self.config, self)

        self.list_model = ReportListModel(self)
        self.proxy = ReportFilterProxy(self)
        self.proxy.setSourceModel(self.list_model)
        self.list_view = QTableView()
        self.list_view.setModel(self.proxy)
        self.list_view.setSortingEnabled(True)
        self.list_view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.list_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.list_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list_view.verticalHeader().hide()
        self.list_view.verticalHeader().setDefaultSectionSize(26)
        self.list_view.setShowGrid(False)
        self.list_view.setAlternatingRowColors(True)
        self.list_view.setWordWrap(False)
        hh = self.list_view.horizontalHeader()
        # Fixed widths: ResizeToContents would measure every row on every insert (slow at 500 files).
        hh.setSectionResizeMode(COL_ORG, QHeaderView.ResizeMode.Stretch)
        for col, width in ((COL_YEAR, 46), (COL_STATUS, 118), (COL_REVIEW, 70), (COL_FILE, 160)):
            hh.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            self.list_view.setColumnWidth(col, width)
        self.list_view.setColumnHidden(COL_FILE, True)
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText(self.tr("按单位或文件名筛选"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self.proxy.set_filter_text)
        self.review_filter = QComboBox()
        self.review_filter.addItem(self.tr("全部状态"), "")
        for state in REPORT_STATES + ("无法读取",):
            self.review_filter.addItem(self.tr(state), state)
        self.review_filter.currentIndexChanged.connect(
            lambda i: self.proxy.set_review_filter(self.review_filter.itemData(i) or ""))
        filters = QHBoxLayout()
        filters.setSpacing(4)
        filters.addWidget(self.filter_edit, 1)
        filters.addWidget(self.review_filter)
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(4, 4, 0, 4)
        ll.setSpacing(4)
        ll.addLayout(filters)
        ll.addWidget(self.list_view)

        self.report_view = ReportView()
        self.main_splitter = QSplitter(Qt.Orientation.Horizontal)
        self.main_splitter.addWidget(left)
        self.main_splitter.addWidget(self.report_view)
        self.main_splitter.setStretchFactor(0, 1)
        self.main_splitter.setStretchFactor(1, 4)
        self.main_splitter.setSizes([360, max(600, self.width() - 360)])

        self.stack = QStackedWidget()
        self.stack.addWidget(self._empty_page())
        self.stack.addWidget(self.main_splitter)
        self.setCentralWidget(self.stack)

        self._make_actions()
        self.review_actions = ReviewActions(self, self.review)
        self._make_menus()
        self._make_status_bar()
        self.report_view.message.connect(lambda text: self.statusBar().showMessage(text, 6000))
        self.list_view.selectionModel().currentRowChanged.connect(self._current_row_changed)
        # A report the auditor clicks while a batch loads stays shown (the batch's first is not forced on them).
        self.list_view.pressed.connect(self._forget_auto_select)
        self.list_model.rowsInserted.connect(self._list_changed)
        self.list_model.dataChanged.connect(self._list_changed)
        self._restore_state()
        self._update_actions()
        # Cross-report checks (year over year, copied text): the 总览 tab and the 跨报告 menu.
        self.across = AcrossController(self)
        # The reading core, imported in the background once the window is up and painted (app/gui/warmup.py).
        self._warmup: threading.Thread | None = None
        self._closed = False
        QTimer.singleShot(WARMUP_DELAY_MS, self._start_warmup)

    # ------------------------------------------------------------------ building

    def _empty_page(self) -> QWidget:
        page = QWidget()
        lay = QVBoxLayout(page)
        lay.addStretch(2)
        icon = QLabel()
        icon.setPixmap(app_icon().pixmap(96, 96))
        icon.setAlignment(Qt.AlignmentFlag.AlignCenter)
        lay.addWidget(icon)
        self.empty_label = QLabel(self.tr(EMPTY_HINT))
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setStyleSheet("font-size: 16pt; color: #555;")
        lay.addWidget(self.empty_label)
        sub = QLabel(self.tr("支持 PDF、Word（.docx）、网页和文本格式；打开文件夹时会读取其中所有年报"))
        sub.setAlignment(Qt.AlignmentFlag.AlignCenter)
        sub.setStyleSheet("color: #888;")
        lay.addWidget(sub)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for text, slot in ((self.tr("打开文件…"), self.open_files_dialog),
                           (self.tr("打开文件夹…"), self.open_folder_dialog),
                           (self.tr("打开示例年报"), self.open_samples)):
            b = QPushButton(text)
            b.setMinimumWidth(130)
            b.clicked.connect(slot)
            buttons.addWidget(b)
        buttons.addStretch(1)
        lay.addSpacing(12)
        lay.addLayout(buttons)
        lay.addStretch(3)
        return page

    def _action(self, text: str, slot, shortcut=None, icon=None, tip: str = "") -> QAction:
        act = QAction(text, self)
        if shortcut is not None:
            act.setShortcut(QKeySequence(shortcut))
        if icon is not None:
            act.setIcon(self.style().standardIcon(icon))
        if tip:
            act.setStatusTip(tip)
            act.setToolTip(tip)
        act.triggered.connect(slot)
        self.addAction(act)
        return act

    def _make_actions(self) -> None:
        sp = QStyle.StandardPixmap
        self.act_open = self._action(self.tr("打开文件…"), self.open_files_dialog, QKeySequence.StandardKey.Open,
                                     sp.SP_DialogOpenButton, self.tr("打开一个或多个年报文件（Ctrl+O）"))
        self.act_open_folder = self._action(self.tr("打开文件夹…"), self.open_folder_dialog, "Ctrl+Shift+O",
                                            sp.SP_DirOpenIcon, self.tr("打开文件夹，读取其中所有年报（Ctrl+Shift+O）"))
        self.act_samples = self._action(self.tr("打开示例年报"), self.open_samples, None, sp.SP_FileDialogContentsView,
                                        self.tr("载入随软件附带的示例年报"))
        self.act_recheck = self._action(self.tr("重新检查"), self.recheck_changed, "F5", sp.SP_BrowserReload,
                                        self.tr("重新读取已修改的文件（F5）"))
        self.act_export_all = self._action(self.tr("导出审核汇总（全部报告）…"), self.export_all, "Ctrl+E",
                                           sp.SP_DialogSaveButton,
                                           self.tr("把全部报告的审核结论和问题导出为一个 Excel 汇总工作簿（Ctrl+E）"))
        self.act_export_current = self._action(self.tr("导出整改清单（当前报告）…"), self.export_current, "Ctrl+Shift+E",
                                               None, self.tr("只导出当前报告的整改清单"))
        self.act_next = self._action(self.tr("下一个问题"), lambda: self.step_finding(1), "F8",
                                     sp.SP_ArrowDown, self.tr("跳到下一个问题（F8）"))
        self.act_prev = self._action(self.tr("上一个问题"), lambda: self.step_finding(-1), "Shift+F8",
                                     sp.SP_ArrowUp, self.tr("跳到上一个问题（Shift+F8）"))
        self.act_cancel = self._action(self.tr("取消读取"), self.cancel_loading, "Esc", None, self.tr("停止正在进行的读取"))
        self.act_clear = self._action(self.tr("清空列表"), lambda: self.clear_reports(), None, None,
                                      self.tr("关闭所有已打开的报告"))
        self.act_quit = self._action(self.tr("退出"), self.close, QKeySequence.StandardKey.Quit)
        self.act_about = self._action(self.tr("关于年报审核助手"), self.show_about)
        self.act_rules = self._action(self.tr("审核规则说明"), self.show_rules, "F1", None,
                                      self.tr("每条规则检查什么、严重程度与依据"))

    def _make_menus(self) -> None:
        bar = self.menuBar()
        m_file = bar.addMenu(self.tr("文件(&F)"))
        m_file.addActions([self.act_open, self.act_open_folder, self.act_samples])
        self.recent_menu = QMenu(self.tr("最近打开"), self)
        m_file.addMenu(self.recent_menu)
        m_file.addSeparator()
        m_file.addActions([self.act_export_all, self.act_export_current])
        m_file.addSeparator()
        m_file.addActions([self.act_clear, self.act_quit])
        ra = self.review_actions
        m_edit = bar.addMenu(self.tr("编辑(&E)"))
        m_edit.addActions([ra.act_undo, ra.act_redo])
        m_check = bar.addMenu(self.tr("审核(&C)"))
        m_check.addActions([self.act_next, self.act_prev])
        m_check.addSeparator()
        m_check.addActions(ra.actions())
        m_check.addSeparator()
        m_check.addActions([self.act_recheck, ra.act_recheck_list, self.act_cancel])
        m_help = bar.addMenu(self.tr("帮助(&H)"))
        m_help.addActions([self.act_rules, self.act_about])
        self._install_sendback(m_file)
        self._fill_recent_menu()

        tb = QToolBar(self.tr("工具栏"))
        tb.setObjectName("main_toolbar")
        tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        tb.setMovable(False)
        tb.addActions([self.act_open, self.act_open_folder, self.act_samples])
        tb.addSeparator()
        tb.addActions([self.act_recheck, self.act_prev, self.act_next])
        tb.addSeparator()
        tb.addActions([ra.act_confirm, ra.act_dismiss, ra.act_add])
        tb.addSeparator()
        tb.addAction(self.act_export_all)
        self.addToolBar(tb)

    def _make_status_bar(self) -> None:
        sb = self.statusBar()
        self.counts_label = QLabel()
        self.counts_label.setContentsMargins(6, 0, 6, 0)
        sb.addPermanentWidget(self.counts_label)
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(240)
        self.progress.setFormat(self.tr("读取中 %v/%m"))
        self.progress.hide()
        self._progress_timer = QTimer(self)  # coalesces progress repaints (at most 4 a second)
        self._progress_timer.setSingleShot(True)
        self._progress_timer.setInterval(250)
        self._progress_timer.timeout.connect(self._update_progress)
        self.cancel_button = QPushButton(self.tr("取消"))
        self.cancel_button.clicked.connect(self.cancel_loading)
        self.cancel_button.hide()
        sb.addPermanentWidget(self.progress)
        sb.addPermanentWidget(self.cancel_button)
        self._update_counts()

    # ------------------------------------------------------------------ opening

    def open_files_dialog(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self, self.tr("打开年报文件"), str(self.settings.get("paths/last_dir") or ""),
            self.tr("年报文件 ({f});;所有文件 (*)").format(f=REPORT_FILTER))
        if files:
            self.settings.set("paths/last_dir", str(Path(files[0]).parent))
            self.open_paths(files)

    def open_folder_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("打开年报文件夹"),
                                                  str(self.settings.get("paths/last_dir") or ""))
        if folder:
            self.settings.set("paths/last_dir", folder)
            self.open_paths([folder])

    def open_samples(self) -> None:
        folder = sample_dir()
        if not folder.is_dir():
            QMessageBox.information(self, self.tr("打开示例年报"), self.tr("没有找到随软件附带的示例年报。"))
            return
        self.open_paths([str(folder)], remember=False)

    def open_paths(self, paths: list[str], remember: bool = True) -> LoadJob | None:
        """Open files and folders (recursively); returns the started job, if any."""
        from app.ingest import iter_report_files

        paths = [os.path.abspath(str(p)) for p in paths]
        if remember:
            self.settings.add_recent(paths)
            self._fill_recent_menu()
        files = iter_report_files(paths)
        if not files:
            self.statusBar().showMessage(self.tr("没有找到年报文件（支持 PDF、Word、网页、文本文件和扫描图片）。"), 8000)
            return None
        # The report just opened is the one the auditor wants to see (the first of a batch).
        self._select_next = os.path.normcase(os.path.abspath(files[0]))
        return self._start_job(files)

    def _start_job(self, files: list[str]) -> LoadJob:
        for f in files:
            self._submitted_mtimes[f] = file_mtime(f)
        job = LoadJob(files, use_processes=self._use_processes if self._use_processes is not None else None,
                      parent=self, workspace=self._worker_workspace(), readonly=self.store.readonly)
        job.resultsReady.connect(self._results_ready)
        # Deferred: QProgressBar.setValue repaints synchronously, which would add a whole
        # window paint to the same event-loop turn as the model update.
        job.progress.connect(lambda *_: self._progress_timer.start())
        job.pageProgress.connect(lambda name, k, n: self.statusBar().showMessage(ocr_progress_text(name, k, n), 8000))
        job.finished.connect(lambda cancelled, j=job: self._job_finished(j, cancelled))
        self.jobs.append(job)
        self.stack.setCurrentIndex(1)
        job.start()
        self._pool_threads = [t for t in self._pool_threads if t.is_alive()]
        if job.pool_thread is not None:
            self._pool_threads.append(job.pool_thread)
        self._update_progress()
        self._update_actions()
        return job

    def _results_ready(self, results: list[AuditResult]) -> None:
        self.list_model.add_results(results, self._submitted_mtimes)
        # Loaded results live as long as the list. Without this, every full garbage
        # collection walks all of them, and its pause grows with the folder (≈145 ms at
        # 500 reports, measured): freezing moves them out of the collector's view in O(1);
        # reference counting still frees them when the list is cleared.
        gc.freeze()
        current = self.report_view.result
        if current is not None:
            for r in results:  # the shown report was re-read: show the new reading
                if os.path.normcase(os.path.abspath(r.path)) == os.path.normcase(os.path.abspath(current.path)):
                    self.report_view.set_result(r, staged=True)
        if self._select_next is not None:
            wanted = self._select_next
            if any(os.path.normcase(os.path.abspath(r.path)) == wanted for r in results):
                self._select_next = None
                self._auto_select = wanted
                QTimer.singleShot(0, self._show_auto_selected)
                return
        if not self.list_view.selectionModel().hasSelection() and self.proxy.rowCount():
            QTimer.singleShot(0, self._select_first_if_none)

    def _select_first_if_none(self) -> None:
        """Show the first report once, in its own event-loop turn (not with the list update)."""
        if not self.list_view.selectionModel().hasSelection() and self.proxy.rowCount():
            self.list_view.selectRow(0)

    def _job_finished(self, job: LoadJob, cancelled: bool) -> None:
        if job in self.jobs:
            self.jobs.remove(job)
        job.deleteLater()
        if cancelled:
            self.statusBar().showMessage(self.tr("已取消读取（已读取 {d}/{n} 份）。").format(d=job.done, n=job.total), 8000)
        elif not self.jobs:
            self.across.batch_finished()
        self._update_progress()
        self._update_actions()

    def cancel_loading(self) -> None:
        for job in list(self.jobs):
            job.cancel()

    def is_loading(self) -> bool:
        return bool(self.jobs)

    def recheck_changed(self) -> None:
        changed = [p for p in self.list_model.changed_paths() if p not in self._busy_paths()]
        if not changed:
            self.statusBar().showMessage(self.tr("没有文件发生变化。"), 5000)
            return
        self.statusBar().showMessage(self.tr("重新检查 {n} 个已修改的文件…").format(n=len(changed)), 5000)
        self._start_job(changed)

    def _busy_paths(self) -> set[str]:
        return {p for job in self.jobs for p in job.paths}

    def clear_reports(self, ask: bool = True) -> None:
        if ask and self.list_model.rowCount():
            answer = QMessageBox.question(
                self, self.tr("清空列表"),
                self.tr("关闭全部 {n} 份报告吗？审核决定已保存在审核工作区，以后再打开这些文件时会恢复。").format(
                    n=self.list_model.rowCount()),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
            if answer != QMessageBox.StandardButton.Yes:
                return
        self.cancel_loading()
        self.review.clear_history()
        self.list_model.clear()
        self.across.clear()
        self.report_view.set_result(None)
        gc.unfreeze()  # let the collector see what was frozen while the list held it
        self.stack.setCurrentIndex(0)
        self._update_counts()
        self._update_actions()

    # ------------------------------------------------------------------ selection

    def _current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        result = current.siblingAtColumn(0).data(RESULT_ROLE) if current.isValid() else None
        self.report_view.set_result(result, staged=True)
        self._update_actions()
        self.review_actions.update()

    def current_result(self) -> AuditResult | None:
        return self.report_view.result

    def _forget_auto_select(self, *_args) -> None:
        self._select_next = self._auto_select = None

    def _show_auto_selected(self) -> None:
        path, self._auto_select = self._auto_select, None
        if path is not None:
            self._select_row_of(path)

    def select_report(self, path: str) -> bool:
        """Show ``path``: a report chosen (by the auditor, or a link) wins over the one a batch opens on."""
        self._forget_auto_select()
        return self._select_row_of(path)

    def _select_row_of(self, path: str) -> bool:
        row = self.list_model.row_of(path)
        if row is None:
            return False
        index = self.proxy.mapFromSource(self.list_model.index(row, 0))
        if not index.isValid():
            return False
        self.list_view.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        return True

    def step_finding(self, delta: int) -> None:
        self.report_view.finish_pending()  # F8 right after selecting a report
        if not self.report_view.findings.step(delta):
            self.statusBar().showMessage(self.tr("当前报告没有需要处理的问题。"), 4000)

    # ------------------------------------------------------------------ export

    def export_all(self) -> None:
        self._export(self.list_model.results(), self.tr("审核汇总.xlsx"))

    def export_current(self) -> None:
        r = self.current_result()
        if r is None:
            return
        from app.gui.status import report_org

        self._export([r], self.tr("{name}_整改清单.xlsx").format(name=report_org(r)))

    def _export(self, results: list[AuditResult], default_name: str) -> None:
        if not results:
            QMessageBox.information(self, self.tr("导出整改清单"), self.tr("还没有打开任何报告。"))
            return
        start = Path(str(self.settings.get("paths/last_export") or home_dir())) / default_name
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("导出整改清单"), str(start), self.tr("Excel 工作簿 (*.xlsx)"),
            options=QFileDialog.Option.DontConfirmOverwrite)
        if not path:
            return
        if not path.lower().endswith(".xlsx"):
            path += ".xlsx"
        if Path(path).exists():
            answer = QMessageBox.question(
                self, self.tr("文件已存在"), self.tr("“{name}”已存在，要覆盖它吗？").format(name=Path(path).name),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
            if answer != QMessageBox.StandardButton.Yes:
                return
        self.settings.set("paths/last_export", str(Path(path).parent))
        self.write_export(results, path)

    def write_export(self, results: list[AuditResult], path: str) -> Path | None:
        """Write the checklist; a failure is shown in Chinese, never raised."""
        try:
            from app.export.xlsx import ExportError, write_checklist
        except ImportError:
            QMessageBox.warning(self, self.tr("导出整改清单"), self.tr("此版本尚未包含整改清单导出功能。"))
            return None
        try:
            out = write_checklist(results, path)
        except ExportError as exc:
            QMessageBox.critical(self, self.tr("导出失败"), str(exc))
            return None
        except OSError as exc:
            QMessageBox.critical(self, self.tr("导出失败"),
                                 self.tr("无法写入文件：{path}\n{err}").format(path=path, err=exc.strerror or exc))
            return None
        self.statusBar().showMessage(self.tr("整改清单已导出：{path}").format(path=out), 10000)
        return Path(out)

    # ------------------------------------------------------------------ 整改通知 and 设置 (dialogs in their own modules)

    def _install_sendback(self, m_file: QMenu) -> None:
        def sendback(selected: bool) -> None:  # the dialogs are imported when first used, not at start-up
            from app.gui.sendback_dialog import export_sendback, selected_results

            export_sendback(self, selected_results(self) if selected else self.list_model.results())

        def settings() -> None:
            from app.gui.settings_dialog import open_settings

            open_settings(self)

        self.act_sendback_selected = self._action(
            self.tr("导出整改通知（所选报告）…"), lambda: sendback(True), None, None,
            self.tr("为所选报告各导出一份整改清单（可同时生成 Word 整改通知）"))
        self.act_sendback_all = self._action(
            self.tr("导出整改通知（全部报告）…"), lambda: sendback(False), "Ctrl+Shift+U", None,
            self.tr("为全部报告各导出一份整改清单（可同时生成 Word 整改通知）（Ctrl+Shift+U）"))
        self.act_settings = self._action(self.tr("设置…"), settings, "Ctrl+,", None,
                                         self.tr("审核单位、公布期限、审核规则、审核工作区位置（Ctrl+,）"))
        m_file.insertActions(self.act_clear, [self.act_sendback_selected, self.act_sendback_all])
        m_file.insertSeparator(self.act_clear)
        m_file.insertActions(self.act_quit, [self.act_settings])
        m_file.insertSeparator(self.act_quit)

    # ------------------------------------------------------------------ state

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        recent = self.settings.recent()
        for p in recent:
            act = self.recent_menu.addAction(p)
            act.triggered.connect(lambda _=False, p=p: self.open_paths([p]))
        if recent:
            self.recent_menu.addSeparator()
            self.recent_menu.addAction(self.tr("清除记录"), self._clear_recent)
        self.recent_menu.setEnabled(bool(recent))

    def _clear_recent(self) -> None:
        self.settings.clear_recent()
        self._fill_recent_menu()

    def _list_changed(self, *_args) -> None:
        self._update_counts()
        self._update_actions()

    def _update_counts(self) -> None:
        n = self.list_model.rowCount()
        if not n:
            self.counts_label.setText(self.tr("尚未打开报告"))
            return
        c = self.list_model.review_counts()
        parts = [self.tr("共 {n} 份").format(n=n)]
        parts += [f"{self.tr(s)} {c[s]}" for s in REPORT_STATES + ("无法读取",) if c[s]]
        self.counts_label.setText("　".join(parts) + self._workspace_note())

    def _update_progress(self) -> None:
        total = sum(j.total for j in self.jobs)
        done = sum(j.done for j in self.jobs)
        busy = bool(self.jobs)
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)
        if busy:
            self.progress.setMaximum(max(total, 1))
            self.progress.setValue(done)

    def _update_actions(self) -> None:
        has_any = self.list_model.rowCount() > 0
        has_current = self.report_view.result is not None
        self.act_export_all.setEnabled(has_any)
        self.act_export_current.setEnabled(has_current)
        self.act_recheck.setEnabled(has_any)
        self.act_next.setEnabled(has_current)
        self.act_prev.setEnabled(has_current)
        self.act_cancel.setEnabled(bool(self.jobs))
        self.act_clear.setEnabled(has_any)

    def _restore_state(self) -> None:
        geometry = self.settings.get("window/geometry")
        if geometry:
            self.restoreGeometry(geometry)
            # A layout saved on a bigger screen must not put the window off this one.
            screen = self.screen() or QGuiApplication.primaryScreen()
            if screen is not None and not screen.availableGeometry().contains(self.frameGeometry()):
                self._fit_screen()
        state = self.settings.get("window/state")
        if state:
            self.restoreState(state)
        splitters = {"main": self.main_splitter} | self.report_view.splitters()
        for name, splitter in splitters.items():
            saved = self.settings.q.value(f"splitters/{name}")
            if saved:
                splitter.restoreState(saved)

    def save_state(self) -> None:
        self.settings.set("window/geometry", self.saveGeometry())
        self.settings.set("window/state", self.saveState())
        splitters = {"main": self.main_splitter} | self.report_view.splitters()
        for name, splitter in splitters.items():
            self.settings.set(f"splitters/{name}", splitter.saveState())
        self.settings.sync()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt name
        self._closed = True
        self.cancel_loading()
        self.save_state()
        self.across.stop()  # closes its reading connection and tells a running cross-report check to stop
        self._wait_for_readers(5.0)  # reading workers and that check hold the workspace file open
        self.store.close()  # every decision is on disk before the window goes (and the file is free)
        super().closeEvent(event)

    def _start_warmup(self) -> None:
        if not self._closed:
            self._warmup = warmup.start()

    def _wait_for_readers(self, timeout: float) -> None:
        """Let reading workers end before the workspace closes: they record into its file.

        Bounded: a cancelled pool terminates its processes at once, so this is normally a few
        milliseconds; a window must never hang on close.
        """
        deadline = time.monotonic() + timeout
        # The warm-up's imports too: a daemon thread still importing (through PySide's import
        # hook) while the interpreter shuts down is a likely way to crash on exit; the frozen
        # smoke test crashed once, under load, after the warm-up was added.
        for thread in [*self._pool_threads, *([self._warmup] if self._warmup is not None else [])]:
            thread.join(max(0.0, deadline - time.monotonic()))
        self._pool_threads = [t for t in self._pool_threads if t.is_alive()]
        QThreadPool.globalInstance().waitForDone(max(0, int((deadline - time.monotonic()) * 1000)))

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt name
        # Back from editing a report in Word: say which files changed since they were read.
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow() and self.list_model.rowCount():
            if self.list_model.mark_changed():
                self.statusBar().showMessage(self.tr("有文件在读取后被修改，按 F5 重新检查。"), 8000)
        super().changeEvent(event)

    # ------------------------------------------------------------------ workspace

    def _open_store(self, path) -> StoreClient:
        from app.workspace.location import resolve

        store = StoreClient(resolve(path), parent=self)
        store.opened.connect(self._store_opened)
        store.failed.connect(self._store_failed)
        return store

    def _worker_workspace(self) -> str | None:
        """The database the reading workers record into (None: the window keeps the review in memory)."""
        if self.store.path is None or self.store.error is not None:
            return None
        return str(self.store.path)

    def _workspace_note(self) -> str:
        if self.store.path is None or self.store.error is not None:
            return self.tr("　｜　审核工作区不可用：审核决定不会保存")
        if self.store.readonly:
            return self.tr("　｜　审核工作区只读：审核决定不会保存")
        return ""

    def _store_opened(self, error) -> None:
        if error is not None:
            QTimer.singleShot(0, lambda: self._workspace_problem(error))
        self._update_counts()

    def _store_failed(self, error) -> None:
        self.statusBar().showMessage(self.tr("审核决定未能保存：{msg}").format(msg=error.message), 15000)
        if error.kind in ("corrupt", "io") and not getattr(self, "_told_failure", False):
            self._told_failure = True
            QMessageBox.warning(self, self.tr("审核工作区"), self.tr(
                "审核决定未能保存到审核工作区：\n{msg}\n\n窗口中的审核结果仍然有效，可导出整改清单保存。").format(msg=error.message))

    def _workspace_problem(self, error) -> None:
        """A workspace that cannot be opened: say why and let the auditor choose; never lose the old file."""
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("审核工作区"))
        box.setText(error.message)
        box.setInformativeText(self.tr("审核工作区保存审核决定、人工修正和添加的问题。请选择如何继续："))
        read_only = box.addButton(self.tr("以只读方式打开"), QMessageBox.ButtonRole.AcceptRole)
        fresh = box.addButton(self.tr("新建工作区（旧文件另存保留）"), QMessageBox.ButtonRole.DestructiveRole) \
            if error.kind in ("corrupt",) else None
        retry = box.addButton(self.tr("重试"), QMessageBox.ButtonRole.ActionRole) if error.kind == "locked" else None
        box.addButton(self.tr("本次不保存"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(read_only)
        box.exec()
        clicked = box.clickedButton()
        path = self.store.path
        old = self.store
        if clicked is read_only:
            self.store = StoreClient(path, readonly=True, parent=self)
        elif fresh is not None and clicked is fresh:
            aside = self._set_aside(path)
            self.statusBar().showMessage(self.tr("旧的审核工作区已另存为：{p}").format(p=aside), 15000)
            self.store = StoreClient(path, parent=self)
        elif retry is not None and clicked is retry:
            self.store = StoreClient(path, parent=self)
        else:
            self.store = StoreClient(None, parent=self)
        old.close(1.0)
        self.store.opened.connect(lambda e: self._store_fallback(e) if e is not None else self._update_counts())
        self.store.failed.connect(self._store_failed)
        self.review.store = self.store

    def _store_fallback(self, error) -> None:
        """The second attempt failed too: keep the review in memory for this session."""
        self.statusBar().showMessage(error.message, 15000)
        old, self.store = self.store, StoreClient(None, parent=self)
        old.close(1.0)
        self.review.store = self.store
        self.store.opened.connect(lambda _e: self._update_counts())

    @staticmethod
    def _set_aside(path) -> str:
        from datetime import datetime

        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        aside = path.with_name(f"{path.name}.损坏-{stamp}")
        for suffix in ("", "-wal", "-shm"):
            src = path.with_name(path.name + suffix)
            if src.exists():
                src.rename(aside.with_name(aside.name + suffix))
        return str(aside)

    # ------------------------------------------------------------------ window size

    def _fit_screen(self) -> None:
        """Start at a size that fits the screen it is on (a 1366×768 laptop included)."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is None:
            self.resize(1280, 760)
            return
        area = screen.availableGeometry()
        w = min(1440, int(area.width() * 0.94))
        h = min(900, int(area.height() * 0.92))
        self.resize(w, h)
        self.move(area.x() + (area.width() - w) // 2, area.y() + (area.height() - h) // 2)

    # ------------------------------------------------------------------ drag and drop

    def dragEnterEvent(self, event) -> None:  # noqa: N802
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.open_paths(paths)

    # ------------------------------------------------------------------ about

    def show_rules(self) -> None:
        """The rule catalogue, rendered from the registry (the same text as docs/rules.md)."""
        from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout

        from app.rules.docs import render

        dlg = QDialog(self)
        dlg.setWindowTitle(self.tr("审核规则说明"))
        dlg.resize(900, 700)
        view = QTextBrowser(dlg)
        view.setOpenLinks(False)
        view.setMarkdown(render())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dlg)
        buttons.rejected.connect(dlg.reject)
        lay = QVBoxLayout(dlg)
        lay.addWidget(view)
        lay.addWidget(buttons)
        dlg.exec()

    def show_about(self) -> None:
        QMessageBox.about(self, self.tr("关于年报审核助手"), self.tr(
            "<h3>年报审核助手 {v}</h3>"
            "<p>离线审核政府信息公开工作年度报告：读取报告的各部分与表格，"
            "检查表三、表四的勾稽关系、格式与表述，并生成整改清单。</p>"
            "<p>所有文件只在本机读取，不会上传。</p>").format(v=__version__))
