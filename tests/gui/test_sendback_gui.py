"""设置 (Ctrl+,) and 导出整改通知 in the window: the dialogs, what they save and write."""
from __future__ import annotations

import re

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QAbstractButton, QCheckBox, QComboBox, QDialog, QLabel, QLineEdit

from app.config import load_config
from app.gui.sendback_dialog import SendbackDialog, run_export, selected_results
from app.gui.settings_dialog import SettingsDialog
from guihelp import SAMPLES, show_report, wait_loaded

INTERNAL = re.compile(r"FORMAT|§|\b[a-z]+(?:_[a-z0-9]+)+\b|not-assessed|(?i:python)")


def visible_words(widget) -> list[str]:
    words = [widget.windowTitle()]
    for w in widget.findChildren(QLabel) + widget.findChildren(QAbstractButton):
        words.append(w.text())
    for w in widget.findChildren(QLineEdit):
        words.append(w.placeholderText())
    for w in widget.findChildren(QComboBox):
        words += [w.itemText(i) for i in range(w.count())]
    return [w for w in words if w]


def test_settings_dialog_saves_what_the_auditor_set(qtbot, tmp_path):
    path = tmp_path / "config.toml"
    dlg = SettingsDialog(None, path)
    qtbot.addWidget(dlg)
    assert [dlg.tabs.tabText(i) for i in range(dlg.tabs.count())] == ["审核单位", "公布期限", "审核规则", "审核工作区"]
    dlg.office_name.setText("某县人民政府办公室")
    dlg.office_contact.setText("孙某")
    dlg.office_phone.setText("0000-1")
    dlg.fix_days.setValue(20)
    dlg.deadlines["township"].setDate(QDate(2001, 2, 20))
    dlg.rule_boxes["STR-RECTIFICATION"].setChecked(False)
    combo = dlg.rule_severity["STR-HEADING-NUMBER"]
    combo.setCurrentIndex(combo.findData("info"))
    dlg.workspace.setText(str(tmp_path / "共享"))
    dlg.accept()
    assert dlg.result() == QDialog.DialogCode.Accepted
    cfg = load_config(path)
    assert (cfg.office.name, cfg.office.contact, cfg.office.phone, cfg.office.fix_days) == (
        "某县人民政府办公室", "孙某", "0000-1", 20)
    assert cfg.deadline("township") == (2, 20) and cfg.deadline("department") == (1, 31)
    assert cfg.disabled == {"STR-RECTIFICATION"} and cfg.severities == {"STR-HEADING-NUMBER": "info"}
    assert cfg.workspace == str(tmp_path / "共享") and cfg.problems == []
    again = SettingsDialog(None, path)  # shows what was saved
    qtbot.addWidget(again)
    assert again.office_name.text() == "某县人民政府办公室" and not again.rule_boxes["STR-RECTIFICATION"].isChecked()
    assert again.rule_severity["STR-HEADING-NUMBER"].currentData() == "info"


def test_settings_dialog_filters_rules_and_refuses_a_missing_template(qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    dlg = SettingsDialog(None, tmp_path / "c.toml")
    qtbot.addWidget(dlg)
    dlg.rule_filter.setText("T3-")
    shown = [r for r in range(dlg.rule_table.rowCount()) if not dlg.rule_table.isRowHidden(r)]
    assert shown and all(dlg.rule_table.item(r, 1).text().startswith("T3-") for r in shown)
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(a[2]))
    dlg.template.setText(str(tmp_path / "没有这个模板.docx"))
    dlg.accept()
    assert warned and "找不到整改通知模板" in warned[0] and not (tmp_path / "c.toml").exists()
    assert not [w for w in visible_words(dlg) if INTERNAL.search(w)]
    assert all(isinstance(b, QCheckBox) for b in dlg.rule_boxes.values())


def test_window_has_the_actions_and_exports_the_selection(qtbot, window, tmp_path, monkeypatch):
    # (the settings folder is the test's own: tests/conftest.py)
    assert window.act_settings.shortcut().toString() == "Ctrl+,"
    texts = [a.text() for a in window.menuBar().actions()[0].menu().actions()]
    assert "导出整改通知（所选报告）…" in texts and "导出整改通知（全部报告）…" in texts and "设置…" in texts
    window.open_paths([str(SAMPLES / "000_3e90722e65647b3d.txt"), str(SAMPLES / "004_c4b5b95fa9e8725d.txt")])
    wait_loaded(qtbot, window)
    show_report(qtbot, window, SAMPLES / "004_c4b5b95fa9e8725d.txt")
    chosen = selected_results(window)
    assert [r.path for r in chosen] == [str(SAMPLES / "004_c4b5b95fa9e8725d.txt")]
    dlg = SendbackDialog(window, window.list_model.results(), str(tmp_path / "out"), True, "")
    qtbot.addWidget(dlg)
    words = visible_words(dlg)
    assert any("尚未填写审核单位" in w for w in words) and not [w for w in words if INTERNAL.search(w)]
    outcome = run_export(window, chosen, str(tmp_path / "out"), True)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "昌乐县乔官镇人民政府_2023_整改清单.xlsx", "昌乐县乔官镇人民政府_2023_整改通知.docx"]
    assert not outcome.failed and "1 份报告" in outcome.message()
