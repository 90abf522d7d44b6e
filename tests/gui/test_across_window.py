"""The window runs the cross-report checks after loading, off the GUI thread, and shows what they found."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt

from app.gui.charts import PAD, ROW
from app.gui.report_list import COL_FILE
from guihelp import SAMPLES, show_report, wait_loaded

ROOT = Path(__file__).resolve().parents[2]
ACROSS = ROOT / "tests" / "fixtures" / "across"


@pytest.fixture
def county(tmp_path) -> Path:
    """This year's real reports (one with a section copied from another unit) and last year's copies."""
    this, last = tmp_path / "2023", tmp_path / "2022"
    this.mkdir()
    last.mkdir()
    for p in (SAMPLES / "000_3e90722e65647b3d.txt", SAMPLES / "003_14adff9be6592cdd.txt",
              SAMPLES / "004_c4b5b95fa9e8725d.txt", ACROSS / "this-year" / "houguan-2023.txt"):
        shutil.copy(p, this / p.name)
    for p in (ACROSS / "last-year" / "qiaoguan-2022.txt", ACROSS / "last-year" / "zhuyangguan-2022.txt"):
        shutil.copy(p, last / p.name)
    return tmp_path


@pytest.fixture
def loaded(qtbot, settings, county):
    from app.gui.main_window import MainWindow

    w = MainWindow(settings, use_processes=False)
    qtbot.addWidget(w)
    w.resize(1500, 950)
    w.show()
    with qtbot.waitSignal(w.across.finished, timeout=60_000):
        w.open_paths([str(county / "2023"), str(county / "2022")], remember=False)
        wait_loaded(qtbot, w)
    yield w
    w.cancel_loading()


def result(window, name: str):
    return next(r for r in window.list_model.results() if Path(r.path).name == name)


def finding(window, name: str, rule: str):
    return next(f for f in result(window, name).findings if f.rule == rule)


def visible(window) -> set[str]:
    """File names of the rows the report list shows."""
    p = window.proxy
    return {p.mapToSource(p.index(i, 0)).siblingAtColumn(COL_FILE).data() for i in range(p.rowCount())}


def test_findings_reach_the_list_and_the_report_view(qtbot, loaded):
    w = loaded
    r = result(w, "004_c4b5b95fa9e8725d.txt")
    assert {f.rule for f in r.findings} >= {"XY-CARRY", "SIM-PREV-YEAR", "SIM-PEER"}
    row = w.list_model.row_of(r.path)
    assert "错误" in w.list_model.index(row, 2).data()  # the list's status counts the new error
    show_report(qtbot, w, r.path)
    assert "XY-CARRY" in {f.rule for f in w.report_view.findings.findings()}
    assert "跨报告检查完成" in w.statusBar().currentMessage()


def test_overview_counts_and_clicks_filter_the_list(qtbot, loaded):
    w = loaded
    ov = w.across.overview
    w.across.show_overview()
    assert w.across.tabs.currentWidget() is ov
    assert ov.tiles["雷同"].text().startswith("3")  # 000 (from its own last year), 004 and 后宫乡
    rules = [b.key for b in ov.rule_chart.bars]
    assert "XY-CARRY" in rules and "SIM-OTHER-NAME" in rules
    bar = rules.index("XY-CARRY")
    qtbot.mouseClick(ov.rule_chart, Qt.MouseButton.LeftButton, pos=QPoint(ov.rule_chart.width() // 2, PAD + ROW * bar + 12))
    assert visible(w) == {"004_c4b5b95fa9e8725d.txt"}
    assert "XY-CARRY" in ov.filter_label.text() and ov.clear_button.isVisible()
    ov.clear_button.click()
    assert len(visible(w)) == 6
    ov._tile_clicked("雷同")
    assert visible(w) == {"000_3e90722e65647b3d.txt", "004_c4b5b95fa9e8725d.txt", "houguan-2023.txt"}


def test_a_related_report_opens_with_its_cells_lit(qtbot, loaded):
    w = loaded
    r = result(w, "004_c4b5b95fa9e8725d.txt")
    show_report(qtbot, w, r.path)
    carry = finding(w, "004_c4b5b95fa9e8725d.txt", "XY-CARRY")
    w.report_view.findings.select_finding(w.report_view.findings.findings().index(carry))
    assert w.across.act_related.isEnabled()
    w.across.act_related.trigger()
    qtbot.waitUntil(lambda: w.report_view.result is not None and Path(w.report_view.result.path).name == "qiaoguan-2022.txt")
    assert w.report_view.selected_cells("table3") == {carry.related[0].cells[0], carry.related[0].cells[1]}


def test_side_by_side_comparison_marks_and_jumps(qtbot, loaded):
    w = loaded
    r = result(w, "houguan-2023.txt")
    show_report(qtbot, w, r.path)
    peer = finding(w, "houguan-2023.txt", "SIM-PEER")
    w.report_view.findings.select_finding(w.report_view.findings.findings().index(peer))
    assert w.across.act_compare.isEnabled()
    w.across.act_compare.trigger()
    (dialog,) = w.across._dialogs
    qtbot.addWidget(dialog)
    view = dialog.view
    assert view.list.count() == len(view.passages) >= 2
    assert "乔官镇" in view.header.text() and "第五部分" in view.header.text()
    other = result(w, "004_c4b5b95fa9e8725d.txt").report.text
    # Clicking into the third shared sentence of the right-hand text lights it and its source on the left.
    target = view.sentences[2]
    view.right.clickedAt.emit(target.b[0] + 3)
    left, right = view.left.textCursor(), view.right.textCursor()
    assert view.left.py_pos(left.position()) == target.a[0]
    assert view.right.py_pos(right.position()) == target.b[0]
    assert other[target.b[0]:target.b[1]].strip()[:10] in r.report.text[target.a[0]:target.a[1]]
    view.list.setCurrentRow(0)
    view.step(1)
    assert view.current() == 1
    assert view.left.py_pos(view.left.textCursor().position()) == view.passages[1].a[0]


def test_links_made_in_the_window_change_the_next_run(qtbot, loaded):
    w = loaded
    assert w.across.outcome.units.same("朱阳关镇人民政府", "朱阳关镇")
    ov = w.across.overview
    rows = ov.amb_model.rows
    (row,) = [i for i, r in enumerate(rows) if {r[0], r[1]} == {"朱阳关镇人民政府", "朱阳关镇"}]
    assert rows[row][2] == "按名称视为同一单位"
    ov.amb_view.selectRow(row)
    with qtbot.waitSignal(w.across.finished, timeout=60_000):
        ov.unlink_button.click()
    assert not w.across.outcome.units.same("朱阳关镇人民政府", "朱阳关镇")
    assert "XY-VALID" not in {f.rule for f in result(w, "000_3e90722e65647b3d.txt").findings}


def test_no_check_starts_after_the_window_closed(qtbot, settings, county):
    """A batch that finished just before closing: its pending cross-report check never starts."""
    from app.gui.main_window import MainWindow

    w = MainWindow(settings, use_processes=False)
    qtbot.addWidget(w)
    w.show()
    w.open_paths([str(county / "2023")], remember=False)
    wait_loaded(qtbot, w)  # the check is now pending (it starts after a short pause)
    w.close()
    generation = w.across._generation
    qtbot.wait(800)
    assert w.across._generation == generation and not w.across.running
