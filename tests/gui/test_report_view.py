"""表三 highlighting, finding -> cells + text, cell -> text, unknown cells, F8 navigation.

The report is the real parse of a fixture whose table 三 has one wrong cell: (一)予以公开
× 自然人 reads 54 where the row total says 55. The finding is built by hand here (the
rule catalogue is tested on its own), so the test pins what the window does with it.
"""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.audit import audit_file
from app.gui.table_models import SEVERITY_ROLE, UNKNOWN_TEXT, Table3Model
from app.model import CellRef, Finding, Value
from guihelp import WRONG_CELL, show_report, wait_loaded

ROW_CELLS = [CellRef("table3", "open", c) for c in range(7)]


@pytest.fixture(scope="module")
def parsed():
    result = audit_file(str(WRONG_CELL))
    assert result.ok and result.report.table3 is not None
    return result


def wrong_cell_result(parsed):
    import copy

    result = copy.deepcopy(parsed)
    t3 = result.report.table3
    row = t3.rows["open"]
    assert row.values[0].value == 54 and row.values[6].value == 55
    result.findings = [
        Finding(rule="T3-ROW-SUM", severity="error",
                message="（一）予以公开：各类申请人之和 54+0+0+0+0+0 = 54 ≠ 总计 55",
                suggestion="核对该行各列数字与总计。", cells=list(ROW_CELLS),
                span=row.values[0].span, location="表三 “（一）予以公开”"),
        Finding(rule="T4-TEST", severity="warning", message="表四 测试", suggestion="",
                cells=[CellRef("table4", 0, 4)], span=None, location="表四"),
    ]
    return result


def role(model, row, col, r):
    # model.data() directly: QModelIndex.data() returning None over-releases None in PySide6 6.12.
    return model.data(model.index(row, col), r)


def highlighted(model) -> dict[tuple, str]:
    return {(r, c): role(model, r, c, SEVERITY_ROLE)
            for r in range(model.rowCount()) for c in range(model.columnCount())
            if role(model, r, c, SEVERITY_ROLE)}


def test_table3_highlights_exactly_the_cells_of_the_failed_finding(qtbot, parsed):
    model = Table3Model()
    model.set_result(wrong_cell_result(parsed))
    row = list(model._keys).index("open")
    assert highlighted(model) == {(row, c): "error" for c in range(7)}
    tip = role(model, row, 0, Qt.ItemDataRole.ToolTipRole)
    assert "54+0+0+0+0+0 = 54 ≠ 总计 55" in tip
    assert model.index(row, 0).data() == "54"
    # The official labels are the headers.
    assert model.headerData(0, Qt.Orientation.Horizontal) == "自然人"
    assert "予以公开" in model.headerData(row, Qt.Orientation.Vertical)


def test_table3_clean_report_has_no_highlight(qtbot, parsed):
    import copy

    clean = copy.deepcopy(parsed)
    clean.findings = []
    model = Table3Model()
    model.set_result(clean)
    assert model.rowCount() == 25 and highlighted(model) == {}


def test_real_rules_flag_the_wrong_cell(qtbot, parsed):
    """Once the rule catalogue runs, its own finding must light the wrong cell."""
    if not parsed.rules_run:
        pytest.skip("rule catalogue not wired into app.rules.check yet")
    model = Table3Model()
    model.set_result(parsed)
    row = list(model._keys).index("open")
    assert role(model, row, 0, SEVERITY_ROLE) == "error"
    untouched = list(model._keys).index("deny_1")
    assert role(model, untouched, 3, SEVERITY_ROLE) is None


def test_unknown_cells_do_not_look_like_zero(qtbot, parsed):
    import copy

    result = copy.deepcopy(parsed)
    result.findings = []
    result.report.table3.rows["deny_1"].values[2] = Value(None, raw="")
    model = Table3Model()
    model.set_result(result)
    row = list(model._keys).index("deny_1")
    unknown, zero = model.index(row, 2), model.index(row, 1)
    assert unknown.data() == UNKNOWN_TEXT and zero.data() == "0"
    assert unknown.data(Qt.ItemDataRole.FontRole).italic()
    assert not zero.data(Qt.ItemDataRole.FontRole).italic()


def test_selecting_a_finding_selects_its_cells_and_text_span(qtbot, window, parsed):
    result = wrong_cell_result(parsed)
    window.list_model.add_results([result])
    show_report(qtbot, window, result.path)
    view = window.report_view
    assert view.result is result
    view.findings.select_finding(0)  # errors first: the 表三 finding
    finding = result.findings[0]
    assert view.selected_cells("table3") == set(finding.cells)
    assert view.tabs.currentWidget() is view.table3_view
    cursor = view.text.textCursor()
    start, end = finding.span
    assert (cursor.selectionStart(), cursor.selectionEnd()) == (view.text.qt_pos(start), view.text.qt_pos(end))
    assert cursor.selectedText() == result.report.text[start:end] == "54"
    # F8 goes on to the 表四 finding, Shift+F8 comes back.
    window.step_finding(1)
    assert view.selected_cells("table4") == {CellRef("table4", 0, 4)}
    assert view.selected_cells("table3") == set()
    assert view.tabs.currentWidget() is view.table4_view
    window.step_finding(-1)
    assert view.selected_cells("table3") == set(finding.cells)


def test_clicking_a_cell_lights_its_digits(qtbot, window, parsed):
    result = wrong_cell_result(parsed)
    window.list_model.add_results([result])
    show_report(qtbot, window, result.path)
    view = window.report_view
    model = view.table3_model
    row = list(model._keys).index("new")
    index = model.index(row, 6)
    view.table3_view.scrollTo(index)
    rect = view.table3_view.visualRect(index)
    qtbot.mouseClick(view.table3_view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    span = result.report.table3.rows["new"].values[6].span
    assert view.text.current_span == span
    assert view.text.textCursor().selectedText() == result.report.text[span[0]:span[1]] == "57"


def test_outline_shows_sections_and_jumps(qtbot, window, parsed):
    import copy

    result = copy.deepcopy(parsed)
    result.findings = []
    result.report.sections = [s for s in result.report.sections if s.number != 6]
    window.list_model.add_results([result])
    show_report(qtbot, window, result.path)
    outline = window.report_view.outline
    assert outline.count() == 6
    assert outline.missing() == [6]
    assert "缺失" in outline.item(5).text()
    s3 = result.report.section(3)
    outline.sectionClicked.emit(s3.heading_span[0])
    assert window.report_view.text.textCursor().position() == window.report_view.text.qt_pos(s3.heading_span[0])


def test_parse_warnings_are_a_separate_group(qtbot, window):
    from guihelp import SAMPLES

    window.open_paths([str(SAMPLES / "002_3a1cadb5854a4598.txt")])
    wait_loaded(qtbot, window)
    show_report(qtbot, window, SAMPLES / "002_3a1cadb5854a4598.txt")
    result = window.report_view.result
    assert result is not None and result.warnings
    panel = window.report_view.findings.list
    groups = [panel.topLevelItem(i).text(0) for i in range(panel.topLevelItemCount())]
    assert any(g.startswith("读取存疑（不是报告错误") for g in groups)
    assert panel.findings() == sorted(result.findings, key=lambda f: ("error", "warning", "info").index(f.severity))
