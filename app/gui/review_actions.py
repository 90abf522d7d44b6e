"""The review actions of the window: 确认 / 排除 / 待定, 添加问题, cell corrections, undo, re-check.

Kept out of ``main_window.py`` (the composition root): this object owns the QActions and
their handlers, talks to the ``ReviewController`` (memory + store + undo) and tells the
window's parts to refresh when a review changes.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from app.gui.review import ReviewController
from app.gui.review_dialogs import DismissDialog, OwnFindingDialog
from app.gui.texts import tr
from app.model import AuditResult, CellRef, Finding


class ReviewActions(QObject):
    def __init__(self, window, controller: ReviewController):
        super().__init__(window)
        self.window = window
        self.controller = controller
        self.last_reason = ""
        view = window.report_view
        panel = view.findings

        def action(text: str, slot, shortcuts=(), tip: str = "", context=None) -> QAction:
            act = QAction(text, window)
            if shortcuts:
                act.setShortcuts([QKeySequence(s) for s in shortcuts])
            if tip:
                act.setToolTip(tip)
                act.setStatusTip(tip)
            if context is not None:
                act.setShortcutContext(context)
            act.triggered.connect(slot)
            window.addAction(act)
            return act

        self.act_confirm = action(tr("确认问题"), lambda: self.decide("confirmed"), ("Ctrl+Return",),
                                  tr("确认选中的问题，列入整改清单（Ctrl+Enter；问题列表中按 Y）"))
        self.act_dismiss = action(tr("排除问题…"), lambda: self.decide("dismissed"), ("Ctrl+Del",),
                                  tr("选中的问题不是问题：填写理由后排除（Ctrl+Delete；问题列表中按 N）"))
        self.act_open = action(tr("设为待定"), lambda: self.decide("open"), ("Ctrl+Backspace",),
                               tr("撤回对选中问题的决定（问题列表中按 U）"))
        self.act_same_rule = action(tr("排除本批所有同类问题…"), self.dismiss_same_rule, (),
                                    tr("把全部已打开报告中与选中问题同一规则的问题一并排除（例如某条提示在本地不适用）"))
        self.act_add = action(tr("添加问题…"), self.add_own, ("Ctrl+Shift+A",),
                              tr("对原文中选中的字句或表格中选中的单元格添加一个规则没有发现的问题（Ctrl+Shift+A）"))
        self.act_undo = action(tr("撤销"), controller.undo, (QKeySequence.StandardKey.Undo,))
        self.act_redo = action(tr("重做"), controller.redo, (QKeySequence.StandardKey.Redo, "Ctrl+Y"))
        self.act_recheck_list = action(tr("用整改清单复核…"), self.recheck_with_checklist, (),
                                       tr("把当前报告（整改后的修订稿）与以前导出的整改清单比对：已整改、未整改、新增"))
        # Single keys while the findings list has the focus (typing elsewhere is unaffected).
        for key, kind in (("Y", "confirmed"), ("N", "dismissed"), ("U", "open"), ("Del", "dismissed")):
            act = QAction(panel.list)
            act.setShortcut(QKeySequence(key))
            act.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            act.triggered.connect(lambda _=False, k=kind: self.decide(k))
            panel.list.addAction(act)
        panel.list.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        sep = QAction(panel.list)
        sep.setSeparator(True)
        panel.list.addActions([self.act_confirm, self.act_dismiss, self.act_open, sep, self.act_same_rule,
                               self.act_add])
        panel.decideRequested.connect(lambda findings, kind: self.decide(kind, findings))
        panel.commentEdited.connect(self._comment)
        panel.deleteOwnRequested.connect(self._delete_own)
        view.correctionRequested.connect(self._correct)
        view.statusChosen.connect(self._status)
        controller.changed.connect(self._changed)
        controller.undoChanged.connect(self.update)
        self.update()

    def actions(self) -> list[QAction]:
        return [self.act_confirm, self.act_dismiss, self.act_open, self.act_same_rule, self.act_add]

    # ------------------------------------------------------------------ state

    def update(self) -> None:
        has = self.window.report_view.result is not None and self.window.report_view.result.ok
        for act in (self.act_confirm, self.act_dismiss, self.act_open, self.act_same_rule, self.act_add,
                    self.act_recheck_list):
            act.setEnabled(has)
        c = self.controller
        self.act_undo.setEnabled(c.can_undo())
        self.act_redo.setEnabled(c.can_redo())
        self.act_undo.setText(tr("撤销{what}").format(what=c.undo_text()) if c.can_undo() else tr("撤销"))
        self.act_redo.setText(tr("重做{what}").format(what=c.redo_text()) if c.can_redo() else tr("重做"))

    def _changed(self, results: list[AuditResult]) -> None:
        w = self.window
        w.list_model.refresh(results)
        if any(r is w.report_view.result for r in results):
            w.report_view.refresh()
        w._update_counts()

    def _current(self) -> AuditResult | None:
        r = self.window.report_view.result
        return r if r is not None and r.ok else None

    # ------------------------------------------------------------------ decisions

    def decide(self, kind: str, findings: list[Finding] | None = None) -> None:
        result = self._current()
        if result is None:
            return
        self.window.report_view.finish_pending()
        panel = self.window.report_view.findings
        chosen = [f for f in (findings if findings is not None else panel.list.selected_findings()) if not f.own]
        if not chosen:
            self.window.statusBar().showMessage(tr("请先在问题列表中选择要处理的问题。"), 4000)
            return
        reason = ""
        if kind == "dismissed":
            reason = self._ask_reason(len(chosen))
            if reason is None:
                return
        self.controller.decide([(result, f) for f in chosen], kind, reason)
        if kind != "open" and len(chosen) == 1:
            panel.step(1, undecided_only=True)  # on to the next undecided one, as with F8

    def _ask_reason(self, count: int) -> str | None:
        dlg = DismissDialog(count, self.last_reason, self.window)
        if dlg.exec() != QDialog.DialogCode.Accepted or not dlg.text():
            return None
        self.last_reason = dlg.text()
        return self.last_reason

    def dismiss_same_rule(self) -> None:
        result = self._current()
        chosen = self.window.report_view.findings.list.selected_findings() if result else []
        rules = {f.rule for f in chosen if not f.own}
        if not rules:
            self.window.statusBar().showMessage(tr("请先在问题列表中选择一个问题。"), 4000)
            return
        items = [(r, f) for r in self.window.list_model.results() if r.ok for f in r.findings
                 if f.rule in rules and r.decision(f).kind != "dismissed"]
        titles = "、".join(sorted({f.title or f.rule for _, f in items}))
        reports = len({id(r) for r, _ in items})
        answer = QMessageBox.question(
            self.window, tr("排除同类问题"),
            tr("将排除 {n} 份报告中的 {k} 个“{t}”问题。继续吗？").format(n=reports, k=len(items), t=titles))
        if answer != QMessageBox.StandardButton.Yes:
            return
        reason = self._ask_reason(len(items))
        if reason is not None:
            self.controller.decide(items, "dismissed", reason)

    def _comment(self, finding: Finding, text: str) -> None:
        result = self._current()
        if result is not None:
            self.controller.comment(result, finding, text)

    # ------------------------------------------------------------------ own findings

    def add_own(self) -> None:
        result = self._current()
        if result is None:
            return
        view = self.window.report_view
        view.finish_pending()
        span, cells, quote = view.own_finding_place()
        if span is None and not cells:
            QMessageBox.information(self.window, tr("添加问题"),
                                    tr("请先在原文中选中有问题的字句，或在表格中选中有问题的单元格，再添加问题。"))
            return
        report = result.report
        section = report.section_at(span[0]) if span is not None and report is not None else None
        where = self._place_words(result, span, cells, section)
        dlg = OwnFindingDialog(quote, where, parent=self.window)
        if dlg.exec() != QDialog.DialogCode.Accepted:
            return
        finding = dlg.finding(span, cells, where, section)
        self.controller.add_own(result, finding, quote)
        self.window.statusBar().showMessage(tr("已添加问题：{m}").format(m=finding.message[:40]), 5000)

    @staticmethod
    def _place_words(result: AuditResult, span, cells: list[CellRef], section: int | None) -> str:
        from app.template import SECTION_NUMERALS

        if cells:
            from app.rules.cells import t3_location, t4_location

            ref = cells[0]
            if ref.table == "table3":
                name = t3_location((str(ref.row), ref.col))
            elif ref.table == "table4":
                name = t4_location(ref.col)
            else:
                name = "表二"
            return name + (tr(" 等 {n} 格").format(n=len(cells)) if len(cells) > 1 else "")
        if section:
            return tr("第{n}部分").format(n=SECTION_NUMERALS[section - 1])
        return tr("正文")

    def _delete_own(self, finding: Finding) -> None:
        result = self._current()
        if result is not None:
            self.controller.delete_own(result, finding)

    # ------------------------------------------------------------------ corrections and status

    def _correct(self, ref: CellRef, value) -> None:
        result = self._current()
        if result is not None:
            self.controller.correct(result, ref, value)
            if value is None:
                self.window.statusBar().showMessage(tr("已恢复原读数。"), 4000)
            else:
                self.window.statusBar().showMessage(tr("已修正单元格，并按修正后的数值重新检查（Ctrl+Z 撤销）。"), 6000)

    def _status(self, status) -> None:
        result = self._current()
        if result is not None:
            self.controller.set_status(result, status)

    # ------------------------------------------------------------------ re-check against a checklist

    def recheck_with_checklist(self) -> None:
        result = self._current()
        if result is None:
            return
        start = str(self.window.settings.get("paths/last_export") or Path.home())
        path, _ = QFileDialog.getOpenFileName(self.window, tr("选择原整改清单"), start, tr("Excel 工作簿 (*.xlsx)"))
        if not path:
            return
        from app.gui.worker import run_in_thread

        def work():
            from app.workspace.against import RecheckError, recheck

            try:
                return recheck(result, path)
            except RecheckError as exc:
                return exc

        run_in_thread(work, lambda out: self._rechecked(result, out), parent=self)

    def _rechecked(self, result: AuditResult, out) -> None:
        from app.workspace.against import RecheckError

        if isinstance(out, RecheckError):
            QMessageBox.warning(self.window, tr("复核"), out.message)
            return
        self.controller.review_of(result).comparison = out
        self._changed([result])
        from app.gui.status import recheck_summary

        self.window.statusBar().showMessage(tr("复核完成：{s}").format(s=recheck_summary(result)), 10000)

