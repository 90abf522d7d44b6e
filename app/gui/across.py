"""The window's part of the cross-report checks: run them off the GUI thread, show what they found.

After a batch finishes loading, ``cross_check`` runs in a pool thread over the loaded
results (and the workspace's library of readings, when the window has a workspace);
the outcome comes back to the GUI thread as a signal, where its findings are put into
the results and the list, the report view and the 总览 tab are refreshed. A newer run
supersedes an older one (it is told to stop and its outcome is dropped). The controller
also owns the 跨报告 menu: the overview, the side-by-side 雷同 comparison, opening the
report a finding relates to, and the auditor's unit links and county aggregate.
"""
from __future__ import annotations

import html
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QThreadPool, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMessageBox, QTabWidget

from app.userdirs import home_dir
from app.gui.overview import OverviewView
from app.model import AuditResult, Finding
from app.template import SECTION_NUMERALS

log = logging.getLogger(__name__)

DEBOUNCE_MS = 300
HEARTBEAT_MS = 20  # the GUI thread's tick while a check runs
LATE_S = 0.045  # a tick this late: the window is busy, the check steps aside
STEP_ASIDE_S = 0.5  # at most this long per poll (a window blocked for other reasons must not stall it)


@dataclass
class StepAside:
    """The check's ``cancelled`` poll, which also lets the window go first while it is busy.

    Python threads share one interpreter lock. While the check computes, each time the GUI
    thread hands the lock over (a call into Qt) it waits up to the interpreter's switch
    interval to get it back, and a review action that makes a few hundred such calls
    stalled for a quarter of a second at 500 reports (measured: 245 ms; 76 ms without the
    check running). The GUI thread ticks every ``HEARTBEAT_MS``; when the tick is late the
    window is busy, and the check sleeps (lock released) until it ticks again.
    """

    stale: Callable[[], bool]  # True once this run was superseded or stopped
    beat: Callable[[], float]  # when the GUI thread last ticked (time.monotonic)

    def __call__(self) -> bool:
        deadline = time.monotonic() + STEP_ASIDE_S
        while not self.stale() and time.monotonic() - self.beat() > LATE_S and time.monotonic() < deadline:
            time.sleep(0.005)
        return self.stale()


class _Bridge(QObject):
    """Lives on the GUI thread; a worker emits on it and the slot runs on the GUI thread."""

    done = Signal(int, object, object)  # generation, outcome, error text


class AcrossController(QObject):
    """Installs the 总览 tab and the 跨报告 menu into ``window`` and runs the checks for it."""

    finished = Signal()  # a run's outcome was applied (tests, screenshots)

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.outcome = None
        self.running = False
        self._stopped = False
        self._generation = 0
        self._current_finding: Finding | None = None
        self._session_store = None  # unit links for this session when the window has no workspace
        self._reader = None  # a read-only connection to the window's workspace (GUI thread)
        self._dialogs: list = []  # the open side-by-side comparisons
        self._bridge = _Bridge(self)
        self._bridge.done.connect(self._done)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.run)
        self._beat = time.monotonic()
        self._heartbeat = QTimer(self)
        self._heartbeat.setInterval(HEARTBEAT_MS)
        self._heartbeat.timeout.connect(self._tick)
        self.overview = OverviewView()
        self.overview.filterRequested.connect(self.set_filter)
        self.overview.pairRequested.connect(self.compare_pair)
        self.overview.linkRequested.connect(self.link_units)
        self.overview.aggregateRequested.connect(self.mark_aggregate)
        self._install_tab()
        self._install_menu()
        findings = window.report_view.findings
        findings.findingSelected.connect(self._finding_selected)
        findings.list.itemDoubleClicked.connect(lambda *_: self._finding_activated())
        window.list_view.selectionModel().currentRowChanged.connect(lambda *_: self._finding_selected(None))
        window.destroyed.connect(lambda *_: self.stop())

    # ------------------------------------------------------------------ installing

    def _install_tab(self) -> None:
        w = self.window
        splitter = w.main_splitter
        index = splitter.indexOf(w.report_view)
        state = splitter.saveState()  # the sizes set or restored by the window
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        splitter.replaceWidget(index, self.tabs)
        self.tabs.addTab(w.report_view, self.tr("报告"))
        self.tabs.addTab(self.overview, self.tr("总览"))
        splitter.setStretchFactor(index, 4)
        splitter.restoreState(state)

    def _install_menu(self) -> None:
        w = self.window
        self.act_overview = self._action(self.tr("总览"), self.show_overview, "F9", self.tr("全部报告的总览（F9）"))
        self.act_compare = self._action(self.tr("并排比对雷同文字"), self.compare_current, "Ctrl+Shift+D",
                                        self.tr("把当前雷同问题涉及的两份报告并排显示（Ctrl+Shift+D）"))
        self.act_related = self._action(self.tr("打开关联报告"), self.open_related, "Ctrl+J",
                                        self.tr("打开当前问题涉及的另一份报告（如上年度报告）（Ctrl+J）"))
        self.act_rerun = self._action(self.tr("重新进行跨报告检查"), self.run, None,
                                      self.tr("重新比较全部报告（年度衔接、文字雷同）"))
        self.act_aggregate = self._action(self.tr("标为全县（区）汇总报告"), self.toggle_aggregate, None,
                                          self.tr("把当前报告标为全县（区）汇总报告，与各单位合计比较"))
        self.act_aggregate.setCheckable(True)
        self.act_export = self._action(self.tr("导出总览（Excel）…"), self.export_overview, None,
                                       self.tr("把总览导出为带图表的 Excel 工作表"))
        self.act_clear_filter = self._action(self.tr("清除列表筛选"), lambda: self.set_filter("", None), None, "")
        bar = w.menuBar()
        self.menu = bar.addMenu(self.tr("跨报告(&X)"))
        actions = bar.actions()
        if len(actions) >= 2:  # before 帮助, the last menu
            bar.insertMenu(actions[-2], self.menu)
        self.menu.addActions([self.act_overview, self.act_compare, self.act_related])
        self.menu.addSeparator()
        self.menu.addActions([self.act_rerun, self.act_aggregate, self.act_clear_filter])
        self.menu.addSeparator()
        self.menu.addAction(self.act_export)
        self._update_actions()

    def _action(self, text: str, slot, shortcut, tip: str) -> QAction:
        act = QAction(text, self.window)
        if shortcut:
            act.setShortcut(QKeySequence(shortcut))
        if tip:
            act.setStatusTip(tip)
        act.triggered.connect(lambda _=False: slot())
        self.window.addAction(act)
        return act

    def _update_actions(self) -> None:
        f = self._current_finding
        self.act_compare.setEnabled(bool(f and f.rule.startswith("SIM-") and f.related and self.outcome))
        self.act_related.setEnabled(bool(f and f.related))
        has = self.window.list_model.rowCount() > 0
        self.act_rerun.setEnabled(has)
        self.act_export.setEnabled(self.outcome is not None and self.outcome.overview is not None)
        current = self.window.current_result()
        self.act_aggregate.setEnabled(bool(current and current.report and current.report.org))
        self.act_aggregate.setChecked(bool(current and self._is_aggregate(current)))

    # ------------------------------------------------------------------ running

    def batch_finished(self) -> None:
        """The window finished loading files: compare again (after a short pause, once for several jobs)."""
        self._timer.start()

    def stop(self) -> None:
        """Tell a running check to give up (its outcome is dropped), and start none later.

        The pending start too: a check started by the debounce timer after the window closed
        would run in Qt's thread pool while the interpreter shuts down.
        """
        self._stopped = True
        self._timer.stop()
        self._generation += 1
        self.running = False
        self._heartbeat.stop()
        if self._reader is not None:
            self._reader.close()
            self._reader = None

    def clear(self) -> None:
        self._generation += 1
        self.running = False
        self._heartbeat.stop()
        self.outcome = None
        self.set_filter("", None)
        self.overview.set_overview(None, None)
        self._update_actions()

    def _workspace(self):
        """A reading connection to the window's workspace (its writes go through the store thread)."""
        store = getattr(self.window, "store", None)
        if store is None or store.path is None or store.error is not None or store.workspace is None:
            return None
        if self._reader is None or self._reader.path != store.path:
            from app.workspace import Workspace, WorkspaceError

            try:
                self._reader = Workspace.open(store.path, readonly=True, check=False)
            except WorkspaceError:
                return None
        return self._reader

    def _store(self):
        """Where links and the aggregate mark are read: the window's workspace, else this session's."""
        ws = self._workspace()
        if ws is not None:
            return ws
        if self._session_store is None:
            from app.workspace import Workspace

            self._session_store = Workspace.in_memory()
        return self._session_store

    def _write(self, fn, title: str) -> None:
        """An auditor's word on units: one store transaction (off the GUI thread), then the checks again."""
        store = getattr(self.window, "store", None)
        if self._workspace() is not None and not store.readonly:
            store.call(fn, callback=lambda _result: self.run())
            return
        from app.workspace import WorkspaceError

        try:
            fn(self._store())
        except (WorkspaceError, ValueError) as exc:
            QMessageBox.warning(self.window, title, getattr(exc, "message", str(exc)))
            return
        self.run()

    def run(self) -> None:
        if self._stopped:  # the window is closing
            return
        results = self.window.list_model.results()
        workspace = self._workspace()
        if len(results) < 2 and workspace is None:
            self.outcome = None
            self.overview.set_overview(None, None)
            self._update_actions()
            return
        from app.workspace import WorkspaceError
        from app.workspace import units as stored

        try:
            store = self._store()
            links, aggregates = stored.links(store), set(stored.aggregates(store))
        except WorkspaceError as exc:
            links, aggregates = [], set()
            self.window.statusBar().showMessage(exc.message, 8000)
        ws_path = str(workspace.path) if workspace is not None and workspace.path is not None else None
        self._generation += 1
        gen = self._generation
        self.running = True
        self.overview.set_overview(self.outcome.overview if self.outcome else None, self.outcome, running=True)
        bridge = self._bridge
        poll = StepAside(lambda: gen != self._generation, lambda: self._beat)
        self._tick()
        self._heartbeat.start()

        def work() -> None:
            outcome, error = None, None
            try:
                outcome = _check(list(results), ws_path, links, aggregates, poll)
            except Exception as exc:  # never lose the window to a bug here
                from app.across.run import Cancelled

                if not isinstance(exc, Cancelled):
                    log.exception("cross-report checks failed")
                    error = type(exc).__name__
            try:
                bridge.done.emit(gen, outcome, error)
            except RuntimeError:  # the window was closed meanwhile
                pass

        QThreadPool.globalInstance().start(work)

    def _tick(self) -> None:
        self._beat = time.monotonic()

    def _done(self, gen: int, outcome, error) -> None:
        """The outcome is back: put it into the results and the list now, draw the rest in later turns.

        Three event-loop turns (results and list; overview; report view and status), so that
        no single one keeps the window from answering for long with 500 reports.
        """
        if gen != self._generation:
            return  # superseded by a newer run, or the list was cleared
        self.running = False
        self._heartbeat.stop()
        w = self.window
        if outcome is None:
            if error:
                w.statusBar().showMessage(self.tr("跨报告检查出错（{e}），已跳过。").format(e=error), 10000)
            self.overview.set_overview(self.outcome.overview if self.outcome else None, self.outcome)
            return
        from app.across import apply_outcome

        listed = {id(r) for r in w.list_model.results()}
        results = [e.result for e in outcome.entries.values() if e.result is not None and id(e.result) in listed]
        changed = apply_outcome(results, outcome)
        if changed:
            model = w.list_model
            mtimes = {e.result.path: e.mtime for e in model.entries()}
            # One change signal for the whole list, not one per report (each recounts the list).
            model.blockSignals(True)
            try:
                model.add_results(changed, mtimes)
            finally:
                model.blockSignals(False)
            model.dataChanged.emit(model.index(0, 0), model.index(model.rowCount() - 1, model.columnCount() - 1))
        self.outcome = outcome
        QTimer.singleShot(0, lambda: self._show_overview_of(gen))
        QTimer.singleShot(0, lambda: self._finish_showing(gen, changed))

    def _show_overview_of(self, gen: int) -> None:
        if gen == self._generation and self.outcome is not None:
            self.overview.set_overview(self.outcome.overview, self.outcome)

    def _finish_showing(self, gen: int, changed: list[AuditResult]) -> None:
        if gen != self._generation or self.outcome is None:
            return
        w, outcome = self.window, self.outcome
        current = w.report_view.result
        if current is not None and any(r is current for r in changed):
            w.report_view.set_result(current, staged=True)
        found = sum(len(v) for v in outcome.findings.values())
        message = self.tr("跨报告检查完成：{n} 项发现").format(n=found)
        if outcome.ambiguous:
            message += self.tr("；{n} 个单位名称对应存疑，见“总览”").format(n=len(outcome.ambiguous))
        for problem in outcome.problems:
            message += "；" + problem
        w.statusBar().showMessage(message, 10000)
        self._update_actions()
        self.finished.emit()

    # ------------------------------------------------------------------ filtering

    def set_filter(self, label: str, predicate) -> None:
        proxy = self.window.proxy
        if hasattr(proxy, "set_predicate"):
            proxy.set_predicate(predicate)
        self.overview.show_filter(label if predicate else "")
        if predicate is not None:
            n = proxy.rowCount()
            self.window.statusBar().showMessage(self.tr("报告列表只显示{l}的 {n} 份报告。").format(l=label, n=n), 6000)
            if n and not self.window.list_view.selectionModel().hasSelection():
                # Its own event-loop turn: showing a report is not added to the filtering.
                QTimer.singleShot(0, lambda: self.window.list_view.selectRow(0)
                                  if not self.window.list_view.selectionModel().hasSelection() else None)

    # ------------------------------------------------------------------ findings

    def _finding_selected(self, finding) -> None:
        self._current_finding = finding if isinstance(finding, Finding) else None
        self._update_actions()

    def _finding_activated(self) -> None:
        f = self._current_finding
        if f is None or not f.related:
            return
        if f.rule.startswith("SIM-") and self.outcome is not None:
            self.compare_current()
        else:
            self.open_related()

    def show_overview(self) -> None:
        self.tabs.setCurrentWidget(self.overview)

    def open_related(self, finding: Finding | None = None) -> None:
        """Open the report a finding relates to (last year's, the other unit's) with its cells lit."""
        f = finding or self._current_finding
        if f is None or not f.related:
            return
        rel = f.related[0]
        w = self.window
        target = self._listed(rel.file)
        if target is None:
            target = self._stored_result(rel)
            if target is None:
                if Path(rel.file).exists():
                    w.open_paths([rel.file], remember=False)
                    w.statusBar().showMessage(self.tr("正在打开关联报告：{p}").format(p=rel.file), 6000)
                else:
                    QMessageBox.information(w, self.tr("打开关联报告"), self.tr(
                        "关联报告“{p}”已不在原处，审核工作区中也没有它的读取结果。").format(p=rel.file))
                return
            w.list_model.add_results([target])
        self.set_filter("", None)
        self.tabs.setCurrentWidget(w.report_view)
        if w.select_report(target.path):
            w.report_view.finish_pending()
            w.report_view.select_finding(Finding(rule=f.rule, severity=f.severity, message=f.message,
                                                 suggestion="", cells=list(rel.cells), span=rel.span))

    def _listed(self, path: str) -> AuditResult | None:
        from app.workspace.identity import path_key

        key = path_key(path)
        return next((r for r in self.window.list_model.results() if path_key(r.path) == key), None)

    def _stored_result(self, rel) -> AuditResult | None:
        """A related report known only from the workspace: its kept reading, checked again for display."""
        if self.outcome is None:
            return None
        entry = next((e for e in self.outcome.entries.values()
                      if e.result is None and (e.doc_id == rel.doc_id or e.path == rel.file)), None)
        if entry is None or entry.report is None:
            return None
        from app.audit import apply_rules

        result = AuditResult(path=entry.path, report=entry.report)
        apply_rules(result)
        return result

    # ------------------------------------------------------------------ side by side

    def compare_current(self) -> None:
        f = self._current_finding
        current = self.window.current_result()
        if f is None or current is None or not f.related or self.outcome is None:
            return
        pair = self.outcome.pair(current.path, f.related[0].file)
        if pair is not None:
            self.compare_pair(pair)

    def compare_pair(self, pair):
        """Open the side-by-side comparison of a copied pair (a window of its own); returns it."""
        from app.gui.similarity_view import Side, SimilarityDialog

        out = self.outcome
        if out is None:
            return None
        a, b = out.entries[pair.a], out.entries[pair.b]
        if a.report is None or b.report is None:
            return None
        shares = "，".join(self.tr("第{s}部分 {p}（约 {c} 字）").format(
            s=SECTION_NUMERALS[n - 1], p=pair.percent(n), c=pair.sections[n].shared) for n in sorted(pair.copied))
        summary = self.tr("<span style='font-size:12pt'><b>{a}</b>　与　<b>{b}</b></span><br>"
                          "相同：{s}；共 {k} 处相同段落（已除去法规名称、统计期限等各报告共有的表述）").format(
            a=html.escape(a.label()), b=html.escape(b.label()), s=shares or self.tr("个别段落"), k=len(pair.passages))
        if pair.names:
            names = "、".join(sorted({n for _, n in pair.names}))
            summary += self.tr("<br><span style='color:#c62828'>左侧报告中残留对方单位名称“{n}”（波浪线标出）</span>").format(
                n=html.escape(names))
        dialog = SimilarityDialog(self.window)
        dialog.view.set_pair(pair, Side(a.label(), a.report.text, [s for s, _ in pair.names]),
                             Side(b.label(), b.report.text, []), summary)
        dialog.finished.connect(lambda *_: self._dialogs.remove(dialog) if dialog in self._dialogs else None)
        self._dialogs.append(dialog)
        dialog.show()
        return dialog

    # ------------------------------------------------------------------ the auditor's word

    def link_units(self, org_a: str, org_b: str, linked: bool) -> None:
        from app.workspace import units as stored

        note = "" if self._workspace() is not None else self.tr("（未使用审核工作区，只在本次有效）")
        self.window.statusBar().showMessage(
            (self.tr("已关联“{a}”与“{b}”") if linked else self.tr("已确认“{a}”与“{b}”不是同一单位")).format(a=org_a, b=org_b)
            + note, 8000)
        self._write(lambda ws: stored.set_link(ws, org_a, org_b, linked), self.tr("单位对应"))

    def _is_aggregate(self, result: AuditResult) -> bool:
        out = self.outcome
        if out is None or out.overview is None:
            return False
        return any(u.aggregate and u.path == result.path for u in out.overview.units)

    def toggle_aggregate(self) -> None:
        current = self.window.current_result()
        if current is not None:
            self.mark_aggregate(current.path, not self._is_aggregate(current))

    def mark_aggregate(self, path: str, aggregate: bool) -> None:
        from app.workspace import units as stored

        result = self._listed(path)
        if result is None or result.report is None or not result.report.org:
            return
        org = result.report.org
        self._write(lambda ws: stored.set_aggregate(ws, org, aggregate), self.tr("全县汇总报告"))

    # ------------------------------------------------------------------ export

    def export_overview(self) -> None:
        out = self.outcome
        if out is None or out.overview is None:
            return
        w = self.window
        start = Path(str(w.settings.get("paths/last_export") or home_dir())) / self.tr("全县总览.xlsx")
        path, _ = QFileDialog.getSaveFileName(w, self.tr("导出总览"), str(start), self.tr("Excel 工作簿 (*.xlsx)"))
        if not path:
            return
        if not path.lower().endswith(".xlsx"):
            path += ".xlsx"
        from app.export.atomic import ExportError
        from app.export.overview_sheet import write_overview

        try:
            write_overview(w.list_model.results(), path, overview=out.overview)
        except ExportError as exc:
            QMessageBox.critical(w, self.tr("导出失败"), exc.message)
            return
        w.settings.set("paths/last_export", str(Path(path).parent))
        w.statusBar().showMessage(self.tr("总览已导出：{p}").format(p=path), 10000)


def _check(results, ws_path, links, aggregates, cancelled):
    """The worker's job: the cross-report checks, with the workspace opened on this thread."""
    from app.across import cross_check
    from app.config import load_config

    workspace = None
    if ws_path:
        from app.workspace import Workspace, WorkspaceError

        try:
            workspace = Workspace.open(ws_path, readonly=True, check=False)
        except WorkspaceError as exc:
            log.warning("cross-report checks without the workspace: %s", exc.message)
    try:
        return cross_check(results, workspace, load_config(), links=links, aggregates=aggregates, cancelled=cancelled)
    finally:
        if workspace is not None:
            workspace.close()
