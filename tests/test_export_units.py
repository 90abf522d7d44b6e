"""导出整改通知: one workbook per report, its own problems only, printable at 100 %, safe names.

Real exports of the samples, audited through a workspace with an auditor's decisions
(``sendback_support.reviewed``), read back with openpyxl and as raw XML.
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils import column_index_from_string

import app.export.sendback as sendback
from app.audit import audit_file
from app.export.atomic import ExportError
from app.export.names import safe_part, suffixes, unit_base
from app.export.sendback import export_units
from app.export.trace import read_checklist
from app.export.unit_xlsx import UNIT_COLUMNS
from app.export.xlsx import write_checklist
from app.model import AuditResult, Decision, Finding, Report, Review
from app.workspace.against import recheck
from fixture_paths import FIXTURES
from sendback_support import (
    DISMISS_REASON, DISMISSED_RULE, OFFICE, OWN_MESSAGE, TODAY, UNREADABLE, all_strings, header_row, reviewed,
    sample_paths, sheet_xml, table,
)

EXPECTED_FILES = [
    "后宫乡_2023_整改清单.xlsx", "昌乐县乔官镇人民政府_2023_整改清单.xlsx", "朱阳关镇人民政府_2023_整改清单.xlsx",
    "淮安市人民政府_2024_整改清单.xlsx", "淮安市洪泽区人民政府_2024_整改清单.xlsx", "绥中县_2023_整改清单.xlsx",
    "获嘉县城关镇人民政府_2021_整改清单.xlsx",
]
#: A4 landscape minus the margins the sheets use (0.4 in each side), in Excel's column
#: units at 100 % (7 px per unit plus 5 px of padding per column, 96 px per inch).
A4_LANDSCAPE_PX = (297 / 25.4 - 0.8) * 96


@pytest.fixture(scope="module")
def audited(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("reviewed")
    return reviewed(tmp, sample_paths() + [str(UNREADABLE)])


@pytest.fixture(scope="module")
def folder(audited, tmp_path_factory):
    out = tmp_path_factory.mktemp("units") / "整改通知"
    outcome = export_units(audited, out, OFFICE, today=TODAY)
    assert not outcome.failed and not outcome.cancelled
    return out, outcome


def by_org(results) -> dict[str, AuditResult]:
    return {r.report.org: r for r in results if r.ok}


# --------------------------------------------------------------------------- the folder


def test_one_workbook_per_readable_report_named_by_unit_and_year(audited, folder):
    out, outcome = folder
    assert sorted(p.name for p in out.iterdir()) == sorted(EXPECTED_FILES)
    assert [Path(u.checklist).name for u in outcome.written] == EXPECTED_FILES  # by unit name, stable
    assert [Path(p).name for p, _ in outcome.skipped] == [UNREADABLE.name]
    assert "7 份报告" in outcome.message() and "1 份无法读取的报告未导出" in outcome.message()


def test_each_workbook_holds_its_own_unit_only(audited, folder):
    out, _ = folder
    units = by_org(audited)
    for name in EXPECTED_FILES:
        org = name.split("_")[0]
        r = units[org]
        wb = load_workbook(out / name)
        assert [ws.title for ws in wb.worksheets if ws.sheet_state == "visible"] == ["整改清单"]
        ws = wb["整改清单"]
        rows = table(ws)
        went_out = r.outgoing()
        assert len(rows) == len(went_out) > 0
        assert {row["问题"] for row in rows} == {f.message for f in went_out}
        assert [row["序号"] for row in rows] == list(range(1, len(rows) + 1))
        text = "\n".join(all_strings(wb))
        others = [o for o in units if o != org and o not in org and org not in o]
        assert not [o for o in others if o in text], name  # no other unit's name anywhere, hidden parts included
        others_messages = {f.message for o in others for f in units[o].all_findings()} - {f.message for f in r.all_findings()}
        assert not [m for m in others_messages if m in text]
        assert Path(r.path).name in text  # the title block names the file


def test_what_goes_out_is_confirmed_and_undecided_and_own(audited, folder):
    out, _ = folder
    r = by_org(audited)["淮安市洪泽区人民政府"]
    rows = table(load_workbook(out / "淮安市洪泽区人民政府_2024_整改清单.xlsx")["整改清单"])
    own = [row for row in rows if row["问题"] == OWN_MESSAGE]
    assert len(own) == 1 and own[0]["规则"] == "审核人员添加" and own[0]["整改时限"] == "2025年3月31日"
    assert own[0]["位置"] == "第六部分"
    default = [row["整改时限"] for row in rows if row["问题"] != OWN_MESSAGE]
    assert set(default) == {"2025年3月20日"}  # 15 days after the audit date
    assert all(row["整改状态"] == "未整改" for row in rows)
    # In the order of the report: a finding's place never goes backwards.
    positions = [next(f for f in r.outgoing() if f.message == row["问题"]) for row in rows]
    from app.export.values import position

    assert [position(r, f) for f in positions] == sorted(position(r, f) for f in positions)


def test_dismissed_findings_and_parse_doubts_stay_home(audited, folder, tmp_path):
    out, _ = folder
    summary = load_workbook(write_checklist(audited, tmp_path / "汇总.xlsx", office=OFFICE, today=TODAY))
    dismissed_rows = table(summary["已排除"])
    checked = 0
    for r in audited:
        if not r.ok:
            continue
        dismissed = [f for f in r.findings if r.decision(f).kind == "dismissed"]
        unit_file = next(out / n for n in EXPECTED_FILES if n.startswith(r.report.org + "_"))
        wb = load_workbook(unit_file)
        text = "\n".join(all_strings(wb))
        for f in dismissed:
            checked += 1
            assert f.message not in text and f.suggestion not in text  # not a word of it goes out
            row = next(d for d in dismissed_rows if d["问题"] == f.message and d["单位"] == r.report.org)
            assert row["排除理由"] == DISMISS_REASON and row["规则编号"] == DISMISSED_RULE
        for w in r.warnings:  # doubts about the reading are the auditor's work list
            assert w.message not in text
        # The dismissed ones are remembered by fingerprint only (hidden), for a later re-check.
        if dismissed:
            assert wb["复核数据"].sheet_state == "hidden"
            entries = [e for e in read_checklist(unit_file) if e.decision == "dismissed"]
            assert {e.finding.fingerprint for e in entries} == {f.fingerprint for f in dismissed}
            assert all(e.finding.message == "" for e in entries)
    assert checked >= 5
    assert not [row for row in table(summary["整改清单"]) if row["规则编号"] == DISMISSED_RULE]
    assert any(r.warnings for r in audited)  # the samples do have doubts, so the check above means something


def test_title_block_and_print_setup(audited, folder):
    out, _ = folder
    ws = load_workbook(out / "淮安市洪泽区人民政府_2024_整改清单.xlsx")["整改清单"]
    h = header_row(ws)
    block = [ws.cell(row=i, column=1).value or "" for i in range(1, h)]
    assert block[0] == "淮安市洪泽区人民政府2024年政府信息公开工作年度报告整改清单"
    joined = "\n".join(block)
    for words in ("被审核单位：淮安市洪泽区人民政府", "报告：《", "审核单位：某某县人民政府办公室", "联系人：王某某",
                  "联系电话：0000-12345678", "审核日期：2025年3月5日", "整改期限：2025年3月20日前"):
        assert words in joined
    printed = [c for c in UNIT_COLUMNS if c.printed and not c.hidden]
    assert len(printed) <= 9
    assert [c.value for c in ws[h]][:len(printed)] == ["序号", "位置", "性质", "问题", "现值 → 应为", "整改要求",
                                                       "整改时限", "整改状态", "备注"]
    area = ws.print_area.replace("$", "").split("!")[-1]
    last = re.match(r"A1:([A-Z]+)\d+", area).group(1)
    assert column_index_from_string(last) == len(printed)
    width_px = sum(7 * c.width + 5 for c in printed)
    assert width_px <= A4_LANDSCAPE_PX  # fits the page at 100 %: fit-to-width never has to shrink it
    assert ws.print_title_rows == f"${h}:${h}"  # the header on every page
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9
    assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
    assert "&P" in ws.oddFooter.right.text and "&N" in ws.oddFooter.right.text
    headers = [c.value for c in ws[h]]
    for name in ("规则编号", "问题指纹", "定位数据"):
        letter = ws.cell(row=h, column=headers.index(name) + 1).column_letter
        assert ws.column_dimensions[letter].hidden, name
    for name in ("原文摘录", "规则"):  # on screen for the auditor, not printed
        assert headers.index(name) + 1 > len(printed)
    for row in range(h + 1, ws.max_row + 1):
        assert ws.cell(row=row, column=4).alignment.wrap_text
        assert ws.row_dimensions[row].height >= 18
    assert ws.data_validations.dataValidation  # 整改状态 dropdown
    assert not ws.tables and not ws._charts


def test_table_findings_quote_no_runs_of_numbers(audited, folder):
    out, _ = folder
    for name in EXPECTED_FILES:
        for row in table(load_workbook(out / name)["整改清单"]):
            quote = row["原文摘录"] or ""
            inner = re.search("【(.*)】", quote)
            assert not inner or re.search(r"[^\d\s.,，、%/-]", inner.group(1)), quote
            assert not re.search(r"(\d+\s+){2,}\d", quote), quote  # no rows of figures around it
    quoted = [row for name in EXPECTED_FILES for row in table(load_workbook(out / name)["整改清单"]) if row["原文摘录"]]
    assert quoted  # the text findings still quote their words


def test_a_report_without_problems_gets_a_workbook_that_says_so(tmp_path):
    r = audit_file(str(sample_paths()[0]))
    assert r.findings
    r.review = Review(decisions={f.fingerprint: Decision("dismissed", "读取有误") for f in r.findings})
    outcome = export_units([r], tmp_path, OFFICE, today=TODAY)
    wb = load_workbook(outcome.written[0].checklist)
    ws = wb["整改清单"]
    assert [row["序号"] for row in table(ws)] == ["经审核，未发现需要整改的问题。"]
    assert not ws.data_validations.dataValidation
    assert not [t for t in all_strings(wb) if "整改期限" in t]


# --------------------------------------------------------------------------- names, failures, safety


def test_file_names_are_windows_safe_and_unique():
    assert safe_part('A\\B/C:D*E?F"G<H>I|J') == "A_B_C_D_E_F_G_H_I_J"
    assert safe_part(" 乙镇人民政府. . ") == "乙镇人民政府"
    assert safe_part("CON") == "_CON" and safe_part("lpt1.txt") == "_lpt1.txt"
    assert safe_part("甲\x00乙\u202e丙\n丁") == "甲_乙_丙_丁"
    assert len(safe_part("很" * 300)) == 60
    assert unit_base(None, None, "/x/scan 01.pdf") == "未识别单位_scan 01_年度不详"
    bases = ["甲镇_2023", "甲镇_2023", "ABC_2023", "abc_2023", "甲镇_2023"]
    assert suffixes(bases) == ["", "（2）", "", "（2）", "（3）"]


def test_awkward_unit_names_and_repeats_on_disk(tmp_path):
    text = (FIXTURES / "samples" / "004_c4b5b95fa9e8725d.txt").read_text(encoding="utf-8")
    results = []
    for i, org in enumerate(['=HYPERLINK("http://x","点我")', "甲镇/乙村:丙?", "甲镇/乙村:丙?", "CON", "。" * 2 + "很" * 200]):
        rep = Report(text=text, org=org, year=2023, template="2021")
        results.append(AuditResult(path=f"/in/{i}.txt", report=rep, findings=[Finding(
            rule="T3-CELL", severity="error", message=f"问题{i}", suggestion="改正", fingerprint=f"T3-ARITH:{i}")]))
    outcome = export_units(results, tmp_path / "out", OFFICE, today=TODAY)
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert len(names) == 5 and not outcome.failed
    assert all(not re.search(r'[\\/:*?"<>|]', n) for n in names)
    assert "甲镇_乙村_丙__2023_整改清单.xlsx" in names and "甲镇_乙村_丙__2023_整改清单（2）.xlsx" in names
    assert "_CON_2023_整改清单.xlsx" in names
    assert all(len(n) < 100 for n in names)


def test_formula_injection_impossible_in_unit_names_and_own_findings(tmp_path):
    text = "+1 本机关" + "认真贯彻落实条例。" * 10
    rep = Report(text=text, org='=HYPERLINK("http://x","y")', year=2023, template="2021")
    own = Finding(rule="MANUAL", severity="warning", own=True, message="=1+1", suggestion="@SUM(A1:A9)",
                  location="-cmd|' /C calc'!A0", fingerprint="MANUAL:abc", span=(0, 3))
    rule = Finding(rule="T3-CELL", severity="error", message="+合计不符", suggestion="=2", current="=3", expected="-4",
                   fingerprint="T3-ARITH:1")
    r = AuditResult(path="/in/evil.txt", report=rep, findings=[rule], review=Review(own=[own]))
    outcome = export_units([r], tmp_path / "u", OFFICE, today=TODAY)
    summary = write_checklist([r], tmp_path / "s.xlsx", office=OFFICE, today=TODAY)
    for path in (outcome.written[0].checklist, summary):
        for name, xml in sheet_xml(path).items():
            assert not re.search(r"<f[ >/]", xml), f"formula element in {path.name}:{name}"
    ws = load_workbook(outcome.written[0].checklist)["整改清单"]
    rows = table(ws)
    assert {row["问题"] for row in rows} == {"=1+1", "+合计不符"}
    assert {row["整改要求"] for row in rows} == {"@SUM(A1:A9)", "=2"}
    for row in ws.iter_rows(min_row=1):
        for cell in row:
            if isinstance(cell.value, str) and cell.value[:1] in "=+-@":
                assert cell.data_type == "s" and cell.quotePrefix, cell.coordinate
    assert any('=HYPERLINK' in (c.value or "") for c in ws["A"] if isinstance(c.value, str))  # the unit, as text


def test_one_file_that_cannot_be_written_does_not_stop_the_others(audited, tmp_path, monkeypatch):
    real = sendback.save_workbook

    def locked(wb, path, **kw):
        if Path(path).name.startswith("绥中县"):
            raise ExportError("无法覆盖“绥中县_2023_整改清单.xlsx”：该文件可能正在 Excel 或 WPS 中打开。", "locked")
        return real(wb, path, **kw)

    monkeypatch.setattr(sendback, "save_workbook", locked)
    outcome = export_units(audited, tmp_path / "o", OFFICE, today=TODAY)
    assert [n for n, _ in outcome.failed] == ["绥中县_2023_整改清单.xlsx"]
    assert len(outcome.written) == 6 and "1 个文件未能保存" in outcome.message()
    assert "绥中县_2023_整改清单.xlsx" not in [p.name for p in (tmp_path / "o").iterdir()]


def test_a_folder_that_cannot_be_made_is_a_chinese_error(tmp_path):
    (tmp_path / "file").write_text("x")
    with pytest.raises(ExportError) as err:
        export_units([], tmp_path / "file", OFFICE)
    assert "不是文件夹" in err.value.message


def test_progress_can_cancel(audited, tmp_path):
    seen = []
    outcome = export_units(audited, tmp_path / "c", OFFICE, today=TODAY,
                           progress=lambda done, total: seen.append((done, total)) or done < 2)
    assert seen == [(1, 7), (2, 7)] and outcome.cancelled and len(outcome.written) == 2


def test_the_unit_workbook_alone_is_enough_to_recheck(tmp_path):
    ws_fixtures = FIXTURES / "workspace"
    before = audit_file(str(ws_fixtures / "before.txt"))
    outcome = export_units([before], tmp_path / "u", OFFICE, today=TODAY)
    returned = tmp_path / "单位反馈.xlsx"  # the unit sends it back, perhaps renamed
    shutil.copy(outcome.written[0].checklist, returned)
    summary = write_checklist([before], tmp_path / "汇总.xlsx", office=OFFICE, today=TODAY)
    after = audit_file(str(ws_fixtures / "after.txt"))
    from_unit, from_summary = recheck(after, returned), recheck(after, summary)
    assert from_unit.counts() == from_summary.counts()
    assert from_unit.counts()["fixed"] == 1 and from_unit.counts()["new"] == 1
    assert [f.fingerprint for f in from_unit.still_open] == [f.fingerprint for f in from_summary.still_open]
