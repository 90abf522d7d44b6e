"""The rule engine: registry, not-assessed warnings, settings, containment, generated docs."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from app.config import (
    DEFAULT_DEADLINES,
    RuleConfig,
    config_dir,
    load_config,
    save_config,
)
from app.model import Finding, Value
from app.rules import check
from app.rules.base import FAMILIES
from app.rules.catalogue import ALL_RULES
from tests.rules_support import report_from_truth

ROOT = Path(__file__).resolve().parent.parent


def test_registry_entries_are_complete_and_unique():
    ids = [r.id for r in ALL_RULES]
    assert len(ids) == len(set(ids))
    for r in ALL_RULES:
        assert r.family in FAMILIES
        assert r.severity in ("error", "warning", "info")
        for attr in ("title", "doc", "source", "example"):
            assert getattr(r, attr).strip(), (r.id, attr)


def test_docs_file_is_generated_from_registry():
    from app.rules.docs import render

    committed = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert committed == render(), "run: python -m app.rules.docs > docs/rules.md"
    for r in ALL_RULES:
        assert f"### {r.id}" in committed


def test_docs_module_runs():
    out = subprocess.run([sys.executable, "-m", "app.rules.docs"], capture_output=True, cwd=ROOT, check=True)
    assert out.stdout.decode("utf-8").startswith("# 审核规则一览")


def test_correct_handbuilt_report_has_no_table_or_narrative_finding():
    outcome = check(report_from_truth("huaian-city-2024"), RuleConfig())
    assert [f for f in outcome.findings if f.rule.startswith(("T", "NAR"))] == []
    assert set(outcome.rules_run) == {r.id for r in ALL_RULES}


def test_unknown_cell_is_not_assessed_and_other_rules_run():
    report = report_from_truth("huaian-city-2024")
    report.table3.rows["open"].values[0] = Value(None, raw="12?")
    report.table4.values[0].value = 73  # a real error elsewhere is still found
    outcome = check(report, RuleConfig())
    codes = {w.code for w in outcome.warnings}
    assert {"not-assessed:T3-COL-BALANCE", "not-assessed:T3-TOTAL-SUM", "not-assessed:T3-ROW-SUM"} & codes
    assert not [f for f in outcome.findings if f.rule.startswith("T3")]
    assert [f.rule for f in outcome.findings if f.severity == "error"] == ["T4-BLOCK-SUM"]


def test_missing_table_is_not_assessed_not_an_error():
    report = report_from_truth("huaian-city-2024")
    report.table3 = None
    outcome = check(report, RuleConfig())
    assert "not-assessed:T3-COL-BALANCE" in {w.code for w in outcome.warnings}
    assert [f for f in outcome.findings if f.severity == "error"] == []


def test_two_independent_wrong_cells_are_both_localised():
    report = report_from_truth("huaian-city-2024")
    report.table3.rows["deny_2"].values[0].value = 31  # was 30
    report.table3.rows["unable_1"].values[4].value = 9  # was 10
    errors = [f for f in check(report, RuleConfig()).findings if f.severity == "error"]
    assert [(f.rule, f.cells[0].row, f.cells[0].col) for f in errors] == [
        ("T3-CELL", "deny_2", 0), ("T3-CELL", "unable_1", 4)]


def test_sections_out_of_order_warn():
    report = report_from_truth("huaian-city-2024")
    s = report.sections
    s[4].number, s[5].number = 6, 5
    found = [f for f in check(report, RuleConfig()).findings if f.rule == "STR-ORDER"]
    assert len(found) == 1 and "第五部分" in found[0].message
    report = report_from_truth("huaian-city-2024")
    assert [f for f in check(report, RuleConfig()).findings if f.rule == "STR-ORDER"] == []


def test_disabled_rule_does_not_run():
    report = report_from_truth("huaian-city-2024")
    report.table4.values[0].value = 73
    cfg = RuleConfig(disabled=frozenset({"T4-BLOCK-SUM"}))
    outcome = check(report, cfg)
    assert "T4-BLOCK-SUM" not in outcome.rules_run
    assert not [f for f in outcome.findings if f.rule == "T4-BLOCK-SUM"]


def test_disabling_t3_cell_reports_each_equation():
    report = report_from_truth("huaian-city-2024")
    report.table3.rows["deny_2"].values[0].value = 31
    cfg = RuleConfig(disabled=frozenset({"T3-CELL"}))
    rules = sorted(f.rule for f in check(report, cfg).findings if f.severity == "error")
    assert rules == ["T3-ROW-SUM", "T3-TOTAL-SUM"]


def test_a_crashing_rule_becomes_a_warning(monkeypatch):
    from app.rules import table4

    def boom(self, report, ctx):
        raise ZeroDivisionError
    monkeypatch.setattr(table4.T4BlockSum, "run", boom)
    outcome = check(report_from_truth("huaian-city-2024"), RuleConfig())
    assert "rule-failed:T4-BLOCK-SUM" in {w.code for w in outcome.warnings}
    assert "T4-INTEGER" in outcome.rules_run


# ------------------------------------------------------------------ settings file


def test_config_defaults_when_no_file(tmp_path):
    cfg = load_config(tmp_path / "absent.toml")
    assert cfg.disabled == frozenset() and cfg.deadlines == DEFAULT_DEADLINES and cfg.problems == []


def test_config_toml_and_json(tmp_path):
    p = tmp_path / "config.toml"
    p.write_text('[rules]\ndisabled = ["str-rectification"]\n[deadlines]\ntownship = "02-20"\n', encoding="utf-8")
    cfg = load_config(p)
    assert not cfg.enabled("STR-RECTIFICATION") and cfg.deadline("township") == (2, 20)
    j = tmp_path / "config.json"
    j.write_text(json.dumps({"rules": {"disabled": ["T3-BLANK"]}, "deadlines": {"department": "1-31"}}), encoding="utf-8")
    cfg = load_config(j)
    assert cfg.disabled == {"T3-BLANK"} and cfg.deadline("department") == (1, 31)


def test_broken_config_uses_defaults_with_a_chinese_reason(tmp_path):
    p = tmp_path / "config.toml"
    p.write_text("[rules\ndisabled = ", encoding="utf-8")
    cfg = load_config(p)
    assert cfg.deadlines == DEFAULT_DEADLINES and "无法读取" in cfg.problems[0]
    p.write_text('[deadlines]\ntownship = "Feb 20"\nmoon = "01-01"\n', encoding="utf-8")
    cfg = load_config(p)
    assert cfg.deadline("township") == (3, 31) and len(cfg.problems) == 2
    outcome = check(report_from_truth("huaian-city-2024"), cfg)
    assert [w.code for w in outcome.warnings if w.code == "config"] == ["config", "config"]


def test_config_roundtrip_and_folder(tmp_path, monkeypatch):
    cfg = RuleConfig(disabled=frozenset({"META-DEADLINE"}), deadlines=dict(DEFAULT_DEADLINES, township="02-20"))
    path = save_config(cfg, tmp_path / "sub" / "config.toml")
    again = load_config(path)
    assert again.disabled == cfg.disabled and again.deadlines == cfg.deadlines
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    assert config_dir() == tmp_path / "govaudit"
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("APPDATA", str(tmp_path / "roaming"))
    assert config_dir() == tmp_path / "roaming" / "govaudit"


def test_check_without_config_reads_user_folder(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    (tmp_path / "govaudit").mkdir()
    (tmp_path / "govaudit" / "config.toml").write_text('[rules]\ndisabled = ["T3-CELL"]\n', encoding="utf-8")
    assert "T3-CELL" not in check(report_from_truth("huaian-city-2024")).rules_run


# ------------------------------------------------------------------ narrative wording


def _narrative(stem: str, text: str, rule: str) -> list[Finding]:
    report = report_from_truth(stem, {1: BODY1 + text})
    return [f for f in check(report, RuleConfig()).findings if f.rule == rule]


BODY1 = "本年度主动公开、依申请公开、政府信息管理、平台建设和监督保障工作有序开展。"


@pytest.mark.parametrize("text", [
    "共受理政府信息公开申请3119件。",  # 受理 = 一
    "共受理政府信息公开申请3153件（含上年结转34件）。",  # 受理 = 一+二
    "办结政协提案8件，答复人大代表建议12件。",  # not about applications
    "全年收到依申请公开办件3119件，全部依法答复。",
])
def test_application_wording_with_a_matching_reading_is_silent(text):
    assert _narrative("huaian-city-2024", text, "NAR-APPLICATIONS") == []


def test_application_figure_is_compared_with_the_field_it_names():
    found = _narrative("huaian-city-2024", "共受理政府信息公开申请3000件。", "NAR-APPLICATIONS")
    assert len(found) == 1 and found[0].severity == "warning"
    assert "3000" in found[0].message and "本年新收" in found[0].message and "3119" in found[0].message
    assert CellRefs(found[0]) == {("table3", "new", 6)}


def test_figure_equal_to_another_reading_says_so():
    # 受理 is loose wording: 3153 = 新收 3119 + 上年结转 34 is explained, and only worth a look
    found = _narrative("huaian-city-2024", "共受理政府信息公开申请3153件。", "NAR-APPLICATIONS")
    assert [f.severity for f in found] == ["info"]
    assert "3153 = 本年新收 3119 + 上年结转 34" in found[0].message
    assert CellRefs(found[0]) == {("table3", "new", 6), ("table3", "carried_over", 6)}
    # 新收 names the field exactly: the same figure is a warning, still explained
    found = _narrative("huaian-city-2024", "本年新收政府信息公开申请3153件。", "NAR-APPLICATIONS")
    assert [f.severity for f in found] == ["warning"] and "上年结转 34" in found[0].message


def CellRefs(f):
    return {(c.table, c.row, c.col) for c in f.cells}


@pytest.mark.parametrize("text,severity", [
    ("行政诉讼46件，其中结果维持25件，结果纠正5件，其他结果9件，尚未审结7件。", None),  # 26+20, both blocks
    ("未经复议直接起诉的行政诉讼26件。", None),  # names one block
    ("行政诉讼26件。", "info"),  # one block only: said so, worth a look
    ("行政诉讼40件。", "warning"),
    ("行政复议351件，其中结果维持72件，结果纠正60件。", "warning"),
])
def test_review_and_litigation_figures(text, severity):
    found = _narrative("huaian-city-2024", text, "NAR-REVIEW-LITIGATION")
    assert [f.severity for f in found] == ([severity] if severity else [])
    if severity == "info":
        assert "26 = 行政诉讼（直接起诉）总计 26" in found[0].message


@pytest.mark.parametrize("text,hit", [
    ("本年度未发生因政府信息公开引起的行政复议、行政诉讼。", True),
    ("下一步将有效降低行政复议、行政诉讼发生率。", False),
    ("未发生因政府信息公开申请而引起的投诉。", False),
])
def test_none_statements_against_non_zero_tables(text, hit):
    assert bool(_narrative("huaian-city-2024", text, "NAR-NONE")) == hit


def test_none_statement_is_silent_when_tables_are_zero():
    assert _narrative("000_3e90722e65647b3d", "本年度未收到政府信息公开申请，未发生行政复议。", "NAR-NONE") == []
