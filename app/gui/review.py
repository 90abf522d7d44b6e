"""The auditor's actions on a report — decide, comment, correct, add, set the status — with undo.

Each action changes the in-memory review at once (what the window shows) and queues one
store transaction (``StoreClient``); undo and redo do the same in reverse. A correction
re-runs the rules on the corrected tables, and a revision's comparison is computed again,
so highlights and counts follow immediately. The undo history lives for the session.
"""
from __future__ import annotations

import copy
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, Signal

from app.audit import apply_rules
from app.model import AuditResult, CellRef, Correction, Decision, Finding, Number, Review
from app.workspace.recheck import recompare
from app.workspace.review import apply_corrections, undo_correction
from app.workspace.store import OWN_RULE, now

MAX_UNDO = 500


@dataclass
class Command:
    """One undoable action: ``apply(True)`` does it, ``apply(False)`` undoes it."""

    text: str
    apply: Callable[[bool], None]
    results: list[AuditResult] = field(default_factory=list)


class ReviewController(QObject):
    changed = Signal(list)  # list[AuditResult] whose review or findings changed
    undoChanged = Signal()

    def __init__(self, store, config=None, parent: QObject | None = None):
        super().__init__(parent)
        self.store = store
        self.config = config
        self._undo: list[Command] = []
        self._redo: list[Command] = []

    # ------------------------------------------------------------------ undo / redo

    def can_undo(self) -> bool:
        return bool(self._undo)

    def can_redo(self) -> bool:
        return bool(self._redo)

    def undo_text(self) -> str:
        return self._undo[-1].text if self._undo else ""

    def redo_text(self) -> str:
        return self._redo[-1].text if self._redo else ""

    def undo(self) -> None:
        if self._undo:
            cmd = self._undo.pop()
            cmd.apply(False)
            self._redo.append(cmd)
            self._announce(cmd)

    def redo(self) -> None:
        if self._redo:
            cmd = self._redo.pop()
            cmd.apply(True)
            self._undo.append(cmd)
            self._announce(cmd)

    def clear_history(self) -> None:
        self._undo.clear()
        self._redo.clear()
        self.undoChanged.emit()

    def _push(self, cmd: Command) -> None:
        cmd.apply(True)
        self._undo.append(cmd)
        del self._undo[:-MAX_UNDO]
        self._redo.clear()
        self._announce(cmd)

    def _announce(self, cmd: Command) -> None:
        self.changed.emit(list(cmd.results))
        self.undoChanged.emit()

    # ------------------------------------------------------------------ helpers

    @staticmethod
    def review_of(result: AuditResult) -> Review:
        """The result's review, made on first use (a result read without a workspace)."""
        if result.review is None:
            result.review = Review()
        return result.review

    def _store(self, result: AuditResult, fn: Callable, *args) -> None:
        review = self.review_of(result)
        if review.doc_id is not None and not review.readonly:
            self.store.call(fn, review.doc_id, *args)

    # ------------------------------------------------------------------ decisions

    def decide(self, items: list[tuple[AuditResult, Finding]], kind: str, reason: str = "") -> None:
        """确认 / 排除 (with a reason) / 待定 for one or many findings (one undo step)."""
        items = [(r, f) for r, f in items if not f.own]
        if not items:
            return
        before = [(r, f.fingerprint, copy.copy(r.decision(f))) for r, f in items]
        stamp = now()

        def apply(do: bool) -> None:
            for r, fp, old in before:
                review = self.review_of(r)
                if do:
                    new = Decision(kind, reason if kind == "dismissed" else "", old.comment, stamp)
                    review.decisions[fp] = new
                    self._store(r, lambda ws, doc, fp=fp, new=new: ws.set_decision(doc, fp, new.kind, new.reason))
                else:
                    review.decisions[fp] = old
                    self._store(r, lambda ws, doc, fp=fp, old=old: ws.restore_decision(doc, fp, old))
                self._recompare(r)

        label = {"confirmed": "确认", "dismissed": "排除", "open": "设为待定"}[kind]
        text = f"{label}问题" if len(items) == 1 else f"{label} {len(items)} 个问题"
        self._push(Command(text, apply, _unique(r for r, _ in items)))

    def comment(self, result: AuditResult, finding: Finding, text: str) -> None:
        fp = finding.fingerprint
        old = copy.copy(result.decision(finding))
        if old.comment == text or finding.own:
            return

        def apply(do: bool) -> None:
            review = self.review_of(result)
            value = text if do else old.comment
            current = review.decisions.get(fp) or Decision()
            review.decisions[fp] = Decision(current.kind, current.reason, value, now(), current.carried)
            self._store(result, lambda ws, doc: ws.set_comment(doc, fp, value))

        self._push(Command("修改备注", apply, [result]))

    # ------------------------------------------------------------------ corrections

    def correct(self, result: AuditResult, ref: CellRef, value: Number | None) -> None:
        """Set a misread cell to ``value``; ``None`` gives the cell back its reading."""
        report = result.report
        cell = report.cell(ref) if report is not None else None
        if cell is None:
            return
        old = copy.copy(cell.correction)
        read_value = old.read_value if old else cell.value
        read_raw = old.read_raw if old else cell.raw
        if value is not None and value == read_value and old is None:
            return  # typed what was read: nothing to correct

        def set_to(correction: Correction | None) -> None:
            review = self.review_of(result)
            review.corrections = [c for c in review.corrections
                                  if (c.table, str(c.row), c.col) != (ref.table, str(ref.row), ref.col)]
            undo_correction(report, ref.table, ref.row, ref.col)
            if correction is None:
                self._store(result, lambda ws, doc: ws.remove_correction(doc, ref.table, ref.row, ref.col))
            else:
                review.corrections.append(correction)
                apply_corrections(report, [correction])
                self._store(result, lambda ws, doc: ws.set_correction(doc, correction))
            apply_rules(result, self.config)
            self._recompare(result)

        new = None if value is None else Correction(ref.table, ref.row, ref.col, value, read_value, read_raw, now())

        def apply(do: bool) -> None:
            set_to(copy.copy(new) if do else (copy.copy(old) if old else None))

        self._push(Command("修正单元格" if value is not None else "恢复原读数", apply, [result]))

    # ------------------------------------------------------------------ own findings

    def add_own(self, result: AuditResult, finding: Finding, quote: str = "") -> Finding:
        uid = uuid.uuid4().hex[:16]
        finding.own, finding.rule = True, OWN_RULE
        finding.fingerprint = f"{OWN_RULE}:{uid}"
        finding.title = finding.title or "审核人员添加"
        first = [True]

        def apply(do: bool) -> None:
            review = self.review_of(result)
            if do:
                review.own.append(finding)
                if first[0]:
                    first[0] = False
                    self._store(result, lambda ws, doc: ws.add_own_finding(doc, finding, quote, uid))
                else:
                    self._store(result, lambda ws, doc: ws.delete_own_finding(finding.fingerprint, False))
            else:
                review.own = [f for f in review.own if f.fingerprint != finding.fingerprint]
                self._store(result, lambda ws, doc: ws.delete_own_finding(finding.fingerprint, True))
            self._recompare(result)

        self._push(Command("添加问题", apply, [result]))
        return finding

    def delete_own(self, result: AuditResult, finding: Finding) -> None:
        def apply(do: bool) -> None:
            review = self.review_of(result)
            if do:
                review.own = [f for f in review.own if f.fingerprint != finding.fingerprint]
            else:
                review.own.append(finding)
            self._store(result, lambda ws, doc: ws.delete_own_finding(finding.fingerprint, do))
            self._recompare(result)

        self._push(Command("删除人工添加的问题", apply, [result]))

    # ------------------------------------------------------------------ status

    def set_status(self, result: AuditResult, status: str | None) -> None:
        old = self.review_of(result).status
        if old == status:
            return

        def apply(do: bool) -> None:
            value = status if do else old
            self.review_of(result).status = value
            self._store(result, lambda ws, doc: ws.set_status(doc, value))

        self._push(Command("设置审核状态", apply, [result]))

    # ------------------------------------------------------------------ re-check

    def _recompare(self, result: AuditResult) -> None:
        review = result.review
        if review is not None and review.comparison is not None:
            review.comparison = recompare(review.comparison, result)


def _unique(results) -> list[AuditResult]:
    out: list[AuditResult] = []
    for r in results:
        if all(r is not o for o in out):
            out.append(r)
    return out
