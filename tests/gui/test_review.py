"""The review workbench in the real window: decide, correct, add, undo — close, reopen, all back."""
from __future__ import annotations

import shutil

import pytest
from PySide6.QtCore import QSettings, Qt

from app.gui.table_models import TARGET_ROLE
from guihelp import ROOT, show_report, wait_loaded

WS_FIXTURES = ROOT / "tests" / "fixtures" / "workspace"


@pytest.fixture
def reports(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    for name in ("before.txt", "misread.txt"):
        shutil.copy(WS_FIXTURES / name, folder / name)
    return folder


def open_window(qtbot, tmp_path):
    from app.gui.main_window import MainWindow
    from app.gui.settings import Settings

    settings = Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    w = MainWindow(settings, use_processes=False, workspace=str(tmp_path / "ws" / "workspace.db"))
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    qtbot.waitUntil(lambda: w.store.workspace is not None or w.store.error is not None, timeout=5000)
    return w


def findings_by_rule(window, rule):
    return [f for f in window.report_view.result.findings if f.rule == rule]


def choose(window, finding):
    panel = window.report_view.findings
    for i, f in enumerate(panel.findings()):
        if f is finding:
            panel.select_finding(i)
            return
    raise AssertionError("finding not listed")


def test_decisions_corrections_and_own_findings_survive_closing_the_window(qtbot, tmp_path, reports, monkeypatch):
    from app.gui import review_actions

    before, misread = reports / "before.txt", reports / "misread.txt"
    w = open_window(qtbot, tmp_path)
    w.open_paths([str(reports)], remember=False)
    wait_loaded(qtbot, w)

    # 1. Confirm a table error with the keyboard flow: select, Ctrl+Enter.
    show_report(qtbot, w, before)
    cell_error = findings_by_rule(w, "T3-CELL")[0]
    choose(w, cell_error)
    w.review_actions.act_confirm.trigger()
    assert w.report_view.result.decision(cell_error).kind == "confirmed"

    # 2. Dismiss a heading warning with a reason (the dialog answered as the auditor would).
    heading = findings_by_rule(w, "STR-HEADING-NUMBER")[0]
    choose(w, heading)
    monkeypatch.setattr(review_actions.ReviewActions, "_ask_reason", lambda self, n: "地方另有规定")
    w.review_actions.act_dismiss.trigger()
    d = w.report_view.result.decision(heading)
    assert (d.kind, d.reason) == ("dismissed", "地方另有规定")
    assert "排除：地方另有规定" in [w.report_view.findings.list.topLevelItem(0).child(i).text(3)
                              for i in range(w.report_view.findings.list.topLevelItem(0).childCount())]

    # 3. Add an own finding on selected words.
    from app.gui import review_dialogs

    view = w.report_view
    text = view.result.report.text
    start = text.index("政府信息公开工作的监督保障情况")
    cur = view.text.textCursor()
    cur.setPosition(view.text.qt_pos(start))
    cur.setPosition(view.text.qt_pos(start + 8), cur.MoveMode.KeepAnchor)
    view.text.setTextCursor(cur)

    class Answer:
        def __init__(self, quote, where, default_deadline=None, parent=None):
            self.quote = quote

        def exec(self):
            return review_dialogs.QDialog.DialogCode.Accepted

        def finding(self, span, cells, location, section):
            from app.model import Finding

            return Finding(rule="MANUAL", severity="warning", message="监督保障部分照搬上年表述",
                           suggestion="结合本年工作重写", span=span, location=location, section=section, own=True)

    monkeypatch.setattr(review_actions, "OwnFindingDialog", Answer)
    w.review_actions.act_add.trigger()
    own = view.result.review.own
    assert len(own) == 1 and own[0].message == "监督保障部分照搬上年表述"
    assert text[own[0].span[0]:own[0].span[1]] == "政府信息公开工作"

    # 4. Correct the misread cell of the other report: the error it caused goes away.
    show_report(qtbot, w, misread)
    (wrong,) = findings_by_rule(w, "T3-CELL")
    model = view.table3_model
    row = model._keys.index("open")
    assert model.data(model.index(row, 0), TARGET_ROLE) is not None  # the wrong cell stands out
    assert model.data(model.index(row, 0)) == "7 → 1"  # with what it should be
    model.setData(model.index(row, 0), "1")
    assert not findings_by_rule(w, "T3-CELL")
    assert model.data(model.index(row, 0)) == "1"
    assert "原读数 7" in model.data(model.index(row, 0), Qt.ItemDataRole.ToolTipRole)

    # 5. Undo the correction, redo it.
    w.review_actions.act_undo.trigger()
    assert findings_by_rule(w, "T3-CELL")
    w.review_actions.act_redo.trigger()
    assert not findings_by_rule(w, "T3-CELL")

    # 6. Status set by hand.
    w.review.set_status(view.result, "审核通过")
    w.close()  # flushes the store

    # Reopen: a new window, the same files, everything is back.
    w2 = open_window(qtbot, tmp_path)
    w2.open_paths([str(reports)], remember=False)
    wait_loaded(qtbot, w2)
    show_report(qtbot, w2, before)
    r = w2.report_view.result
    assert r.decision(next(f for f in r.findings if f.fingerprint == cell_error.fingerprint)).kind == "confirmed"
    kept = r.decision(next(f for f in r.findings if f.fingerprint == heading.fingerprint))
    assert (kept.kind, kept.reason) == ("dismissed", "地方另有规定")
    assert [f.message for f in r.review.own] == ["监督保障部分照搬上年表述"]
    show_report(qtbot, w2, misread)
    r2 = w2.report_view.result
    assert not [f for f in r2.findings if f.rule == "T3-CELL"]
    assert r2.report.table3.rows["open"].values[0].correction.read_value == 7
    assert r2.review.status == "审核通过"
    rows = {w2.list_model.index(i, 4).data(): w2.list_model.index(i, 3).data() for i in range(w2.list_model.rowCount())}
    assert rows["misread.txt"] == "审核通过" and rows["before.txt"] == "需整改"
    w2.close()


def test_a_revision_shows_what_was_fixed(qtbot, tmp_path, reports, monkeypatch):
    from app.gui import review_actions

    path = reports / "before.txt"
    w = open_window(qtbot, tmp_path)
    w.open_paths([str(path)], remember=False)
    wait_loaded(qtbot, w)
    show_report(qtbot, w, path)
    monkeypatch.setattr(review_actions.ReviewActions, "_ask_reason", lambda self, n: "地方另有规定")
    for f in list(w.report_view.result.findings):
        choose(w, f)
        w.review_actions.decide("dismissed" if f.rule == "STR-HEADING-NUMBER" else "confirmed", [f])
    w.store.flush()
    shutil.copy(WS_FIXTURES / "after.txt", path)  # the unit sends its revision
    w.recheck_changed() if w.list_model.mark_changed() else None
    wait_loaded(qtbot, w)
    qtbot.waitUntil(lambda: w.report_view.result is not None and w.report_view.result.review is not None
                    and w.report_view.result.review.comparison is not None, timeout=10000)
    w.report_view.finish_pending()
    c = w.report_view.result.review.comparison
    assert c.counts() == {"fixed": 1, "still_open": 1, "new": 1, "unknown": 0}
    assert "已整改 1 / 未整改 1 / 新增 1" in w.report_view.header.text()
    groups = [w.report_view.findings.list.topLevelItem(i).text(0)
              for i in range(w.report_view.findings.list.topLevelItemCount())]
    assert any("已整改 1" in g for g in groups)
    w.close()


def test_a_corrupt_workspace_asks_and_keeps_the_old_file(qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    db = tmp_path / "ws" / "workspace.db"
    db.parent.mkdir()
    db.write_bytes(b"garbage" * 500)
    asked = []

    def fake_exec(box):
        asked.append(box.text())
        for b in box.buttons():
            if b.text().startswith("新建工作区"):
                box._clicked = b
        return 0

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    monkeypatch.setattr(QMessageBox, "clickedButton", lambda box: box._clicked)
    w = open_window(qtbot, tmp_path)
    qtbot.waitUntil(lambda: bool(asked), timeout=5000)
    assert "已损坏" in asked[0]
    qtbot.waitUntil(lambda: w.store.workspace is not None and w.store.error is None, timeout=5000)
    aside = [p for p in db.parent.iterdir() if "损坏" in p.name]
    assert aside and aside[0].read_bytes() == b"garbage" * 500  # the old file is kept, untouched
    w.close()


def test_clear_asks_first(qtbot, window, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from guihelp import SAMPLES

    window.open_paths([str(SAMPLES / "000_3e90722e65647b3d.txt")])
    wait_loaded(qtbot, window)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    window.clear_reports()
    assert window.list_model.rowCount() == 1
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    window.clear_reports()
    assert window.list_model.rowCount() == 0
