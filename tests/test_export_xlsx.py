"""The correction checklist (.xlsx): content, form, safety, atomic write.

The workbook is written to disk and read back with openpyxl (and, for the formula
check, as raw XML), so the tests see what Excel/WPS would see.
"""
from __future__ import annotations

import errno
import os
import re
import zipfile
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

import pytest
from openpyxl import load_workbook

import app.export.atomic as atomic
import app.rules
from app.export.cells import CELL_LIMIT, clean_text, looks_like_formula
from app.export.excerpt import excerpt
from app.export.xlsx import SHEETS, STATUS_CHOICES, ExportError, write_checklist
from app.model import AuditResult, CellRef, Finding, ParseWarning, ReadError, Report, Section

SAMPLES = Path(__file__).parent / "fixtures" / "samples"


# --------------------------------------------------------------------------- helpers


def make_result(path="/data/a.txt", org="甲镇人民政府", year=2023, text=None, findings=(), warnings=(),
                rules_run=None) -> AuditResult:
    text = text if text is not None else "一、总体情况\n" + "本机关依法公开政府信息。" * 30
    rep = Report(text=text, org=org, year=year, template="2021",
                 sections=[Section(1, "总体情况", 0, len(text) // 2, (0, 6)),
                           Section(3, "收到和处理政府信息公开申请情况", len(text) // 2, len(text), (len(text) // 2, len(text) // 2 + 5))])
    findings = list(findings)
    return AuditResult(path=path, report=rep, findings=findings, warnings=list(warnings),
                       rules_run=rules_run if rules_run is not None else sorted({f.rule for f in findings}))


def finding(rule="T3-COL-BALANCE", severity="error", span=(10, 14), **kw) -> Finding:
    base = dict(message=f"{rule} 的问题：合计 56，应为 57。", suggestion="将合计改为 57。", title="列合计",
                location="表三 “（七）总计” × 自然人", current="56", expected="57（= 一+二 − 四）", section=3)
    base.update(kw)
    return Finding(rule=rule, severity=severity, span=span, **base)


def rows(ws) -> list[dict]:
    """The data rows of a sheet as dicts keyed by the header row."""
    it = ws.iter_rows(values_only=True)
    header = next(it)
    return [dict(zip(header, r)) for r in it]


def sheet_xml(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("xl/worksheets/")}


@pytest.fixture
def no_registry(monkeypatch):
    """Hide the rule catalogue, so the 规则说明 sheet falls back to the findings."""
    monkeypatch.delattr(app.rules, "registry", raising=False)
    monkeypatch.setitem(__import__("sys").modules, "app.rules.catalogue", None)


# --------------------------------------------------------------------------- content


def test_sheets_headers_and_rows_follow_the_findings(tmp_path):
    a = make_result(findings=[
        finding("M-01", "info", (5, 8), location="标题", current=None, expected=None, section=1),
        finding("T3-ROW", "error", (200, 210), location="表三 “（二）部分公开” × 其他"),
        finding("T3-COL", "error", (100, 110)),
        finding("S-01", "error", None, location="第五部分", section=None, current=None, expected=None),
        finding("L-02", "warning", (20, 25), location="表二 “规章”", current="本年度止件数", expected="本年废止件数"),
    ])
    b = make_result(path="/data/b.txt", org="乙县司法局", year=2022, findings=[finding("T4-SUM", "warning", (3, 4))])
    out = write_checklist([a, b], tmp_path / "out.xlsx")
    assert out == (tmp_path / "out.xlsx").absolute()
    wb = load_workbook(out)
    visible = [w.title for w in wb.worksheets if w.sheet_state == "visible"]
    assert visible == list(SHEETS) == ["汇总", "整改清单", "读取存疑", "规则说明"]
    assert wb["复核数据"].sheet_state == "hidden"  # dismissed fingerprints only, for a later re-check
    ws = wb["整改清单"]
    assert [c.value for c in ws[1]] == ["序号", "单位", "年度", "章节", "位置", "规则编号", "严重程度", "问题描述", "现值",
                                        "应为", "整改建议", "原文摘录", "责任人", "整改时限", "整改状态", "复核结果", "备注",
                                        "问题指纹", "定位数据"]
    hidden = [ws.column_dimensions[c].hidden for c in "QRS"]
    assert hidden == [False, True, True]  # 备注 printed; the re-check identity is not
    got = rows(ws)
    # By report, then severity, then position; a finding without a place comes last in its group.
    assert [r["规则编号"] for r in got] == ["T3-COL", "T3-ROW", "S-01", "L-02", "M-01", "T4-SUM"]
    assert [r["序号"] for r in got] == [1, 2, 3, 4, 5, 6]
    assert [r["单位"] for r in got] == ["甲镇人民政府"] * 5 + ["乙县司法局"]
    assert [r["严重程度"] for r in got] == ["错误", "错误", "错误", "警告", "提示", "警告"]
    first = got[0]
    assert first["年度"] == 2023 and first["章节"] == "三、收到和处理申请情况"
    assert first["位置"] == "表三 “（七）总计” × 自然人"
    assert first["现值"] == 56 and first["应为"] == "57（= 一+二 − 四）"
    assert first["问题描述"] == "T3-COL 的问题：合计 56，应为 57。" and first["整改建议"] == "将合计改为 57。"
    text = a.report.text
    assert first["原文摘录"] == f"…{text[80:100]}【{text[100:110]}】{text[110:130]}…"
    assert got[3]["现值"] == "本年度止件数" and got[3]["应为"] == "本年废止件数"
    assert got[4]["现值"] is None and got[4]["原文摘录"].startswith("一、总体情【况 本】机关")
    assert all(r["整改状态"] == "未整改" for r in got)
    assert all(r[k] is None for r in got for k in ("责任人", "整改时限", "备注"))


def test_location_and_section_are_derived_when_the_finding_lacks_them(tmp_path):
    f = finding(location="", section=None, span=(300, 310),
                cells=[CellRef("table3", "deny_7", 0), CellRef("table4", 0, 4), CellRef("section2", "normative_docs", 1)])
    out = write_checklist([make_result(findings=[f])], tmp_path / "x.xlsx")
    r = rows(load_workbook(out)["整改清单"])[0]
    assert r["位置"] == "表三 “（三）不予公开 7.属于行政执法案卷” × 自然人；表四 行政复议 总计；表二 “行政规范性文件” × 本年废止件数"
    assert r["章节"] == "三、收到和处理申请情况"  # from the span: 300 lies in section 三 of the test report


def test_summary_conclusions_and_counts(tmp_path):
    # A warning that stands needs correcting as much as an error does; an info alone does not.
    ok = make_result(path="/d/ok.txt", org="丙镇人民政府", findings=[finding("C-07", "info")])
    bad = make_result(path="/d/bad.txt", findings=[finding(), finding("M-01", "info")],
                      warnings=[ParseWarning("t3-shift", "表三第 3 行少一列", (30, 35), "表三")])
    unreadable = AuditResult(path="/d/scan.pdf", status="error", error=ReadError("no-text", "PDF 没有文字层（可能是扫描件）。"))
    out = write_checklist([ok, bad, unreadable], tmp_path / "s.xlsx")
    wb = load_workbook(out)
    assert wb.active.title == "汇总"  # a batch opens on the overview
    s = rows(wb["汇总"])
    assert [r["结论"] for r in s] == ["通过", "需整改", "无法审核"]
    assert [(r["错误"], r["警告"], r["提示"]) for r in s] == [(0, 0, 1), (1, 0, 1), (0, 0, 0)]
    assert [r["文件名"] for r in s] == ["ok.txt", "bad.txt", "scan.pdf"]
    assert s[0]["模板"] == "2021 版" and s[0]["读取情况"] == "正常"
    assert s[1]["读取情况"] == "读取存疑 1 处（见“读取存疑”表）"
    assert s[2]["读取情况"] == "无法读取：PDF 没有文字层（可能是扫描件）。" and s[2]["单位"] == "（未识别单位）scan.pdf"
    # Fill colour shows the verdict.
    fills = [wb["汇总"].cell(row=i, column=10).fill.fgColor.rgb for i in (2, 3, 4)]
    assert len(set(fills)) == 3
    w = rows(wb["读取存疑"])
    assert [r["类别"] for r in w] == ["无法读取（no-text）", "读取存疑（t3-shift）"]
    assert w[1]["说明"] == "表三第 3 行少一列" and w[1]["位置"] == "表三" and "【" in w[1]["原文摘录"]
    # Parse warnings are questions, not corrections: they are not in the checklist.
    assert len(rows(wb["整改清单"])) == 3


def test_single_report_opens_on_its_checklist_with_a_title(tmp_path):
    out = write_checklist([make_result(findings=[finding()])], tmp_path / "one.xlsx")
    wb = load_workbook(out)
    assert wb.active.title == "整改清单"
    assert sum(ws.sheet_view.tabSelected for ws in wb.worksheets) == 1
    assert wb.properties.title == "甲镇人民政府2023年政府信息公开工作年度报告整改清单"
    assert wb.properties.creator == "年报审核助手" and wb.properties.created is not None
    out2 = write_checklist([make_result()], tmp_path / "two.xlsx", title="2024年第一批 & 抽查")
    wb2 = load_workbook(out2)
    assert wb2.properties.title == "2024年第一批 & 抽查"
    assert "2024年第一批 && 抽查" in wb2["整改清单"].oddFooter.left.text  # '&' escaped for the footer


def test_rules_sheet_from_the_registry(tmp_path, monkeypatch):
    class ColBalance:
        id, severity, title = "T3-COL-BALANCE", "error", "表三列平衡"
        doc, source = "（七）总计 = 一 + 二 − 四。", "FORMAT.md §7 INV-T3-COL"

    monkeypatch.setattr(app.rules, "registry", lambda: [ColBalance, {"id": "S-01", "severity": "error",
                                                                      "title": "六个部分齐全", "doc": "d", "source": "条例第五十条"}],
                        raising=False)
    r = make_result(findings=[finding("T3-COL-BALANCE")], rules_run=["T3-COL-BALANCE", "S-01"])
    got = rows(load_workbook(write_checklist([r], tmp_path / "r.xlsx"))["规则说明"])
    assert got == [
        {"规则编号": "S-01", "严重程度": "错误", "名称": "六个部分齐全", "检查内容": "d", "依据": "条例第五十条", "本次发现": 0},
        {"规则编号": "T3-COL-BALANCE", "严重程度": "错误", "名称": "表三列平衡", "检查内容": "（七）总计 = 一 + 二 − 四。",
         "依据": "FORMAT.md §7 INV-T3-COL", "本次发现": 1},
    ]


def test_rules_sheet_without_a_registry_uses_the_findings(tmp_path, no_registry):
    r = make_result(findings=[finding("X-9", "warning", title="某项检查"), finding("X-9", "warning")], rules_run=["A-1", "X-9"])
    got = rows(load_workbook(write_checklist([r], tmp_path / "r.xlsx"))["规则说明"])
    assert [(g["规则编号"], g["严重程度"], g["名称"], g["本次发现"]) for g in got] == [
        ("A-1", None, None, 0), ("X-9", "警告", "某项检查", 2)]


# --------------------------------------------------------------------------- form


def test_dropdown_frozen_header_filter_and_print_setup(tmp_path):
    r = make_result(findings=[finding(), finding("M-01", "info", (40, 44))])
    out = write_checklist([r], tmp_path / "f.xlsx")
    wb = load_workbook(out)
    ws = wb["整改清单"]
    dvs = ws.data_validations.dataValidation
    assert len(dvs) == 1
    dv = dvs[0]
    assert dv.type == "list" and dv.formula1 == '"' + ",".join(STATUS_CHOICES) + '"'
    assert STATUS_CHOICES == ("未整改", "正在整改", "部分整改", "已整改", "无需整改")
    assert str(dv.sqref) == "O2:O3" and dv.showErrorMessage and not dv.showDropDown  # (True would hide it)
    assert [ws.cell(row=i, column=15).value for i in (2, 3)] == ["未整改", "未整改"]
    for name in SHEETS:
        s = wb[name]
        assert s.freeze_panes == "A2"
        assert s.auto_filter.ref.startswith("A1:")
        assert s.print_title_rows == "$1:$1"
        assert s.page_setup.orientation == "landscape" and int(s.page_setup.paperSize) == 9  # A4
        assert s.page_setup.fitToWidth == 1 and s.page_setup.fitToHeight == 0
        assert s.sheet_properties.pageSetUpPr.fitToPage
        assert "&P" in s.oddFooter.right.text and "&N" in s.oddFooter.right.text
        assert "整改清单" in s.oddFooter.left.text
        assert not s.tables and not s._charts
    assert ws.auto_filter.ref == "A1:S3"
    assert ws.column_dimensions["H"].width > ws.column_dimensions["A"].width
    assert ws.cell(row=2, column=8).alignment.wrap_text
    severity_fills = {ws.cell(row=i, column=7).fill.fgColor.rgb for i in (2, 3)}
    assert len(severity_fills) == 2 and "00000000" not in severity_fills
    with zipfile.ZipFile(out) as z:
        assert not [n for n in z.namelist() if "/tables/" in n or "/charts/" in n or "/drawings/" in n]


# --------------------------------------------------------------------------- safety


def test_formula_like_text_is_written_as_plain_text(tmp_path):
    evil_org = '=HYPERLINK("http://x","y")'
    text = "+1 本机关" + "认真贯彻落实条例。" * 10
    f = finding("M-01", "error", (5, 9), message="-2+3 合计不符", suggestion="@SUM(A1:A9)",
                current="=1+1", expected="+57", location="\t=cmd|' /C calc'!A0")
    w = ParseWarning("not-assessed:T3-COL", "=IMPORTXML(1)", (3, 6), "\r=1")
    out = write_checklist([make_result(org=evil_org, text=text, findings=[f], warnings=[w])], tmp_path / "inj.xlsx")
    for name, xml in sheet_xml(out).items():
        assert not re.search(r"<f[ >/]", xml), f"formula element in {name}"
    wb = load_workbook(out)
    r = rows(wb["整改清单"])[0]
    assert r["单位"] == evil_org
    assert r["问题描述"] == "-2+3 合计不符" and r["整改建议"] == "@SUM(A1:A9)"
    assert r["现值"] == "=1+1" and r["应为"] == "+57"
    assert r["位置"] == " =cmd|' /C calc'!A0"  # tab made a space, still text
    assert r["原文摘录"].startswith("+1 本机【关认真贯】")
    ws = wb["整改清单"]
    for col in (2, 5, 8, 9, 10, 11, 12):
        cell = ws.cell(row=2, column=col)
        assert cell.data_type == "s" and cell.quotePrefix, (col, cell.value)
    assert not ws.cell(row=2, column=4).quotePrefix  # ordinary text is left alone
    s = rows(wb["汇总"])[0]
    assert s["单位"] == evil_org and wb["汇总"].cell(row=2, column=2).quotePrefix
    wr = rows(wb["读取存疑"])[0]
    assert wr["说明"] == "=IMPORTXML(1)" and wr["位置"] == "\n=1" and wr["类别"] == "无法评估（T3-COL）"
    assert wr["原文摘录"].startswith("+1 【本机关】")


def test_control_characters_removed_and_long_text_cut(tmp_path):
    long = "很长的整改建议。" * 5000  # 40 000 characters
    f = finding(message="合计\x00不符\x07\x1b[31m\u202e（见表）", suggestion=long, expected="57\x0b")
    out = write_checklist([make_result(findings=[f])], tmp_path / "c.xlsx")
    r = rows(load_workbook(out)["整改清单"])[0]
    assert r["问题描述"] == "合计不符[31m（见表）"
    assert r["应为"] == "57"
    assert len(r["整改建议"]) <= CELL_LIMIT
    assert r["整改建议"].endswith("……（内容过长，已截断；原文共 40000 字）")
    assert r["整改建议"].startswith("很长的整改建议。很长")


def test_clean_text_counts_utf16_units_and_keeps_newlines():
    assert clean_text("a\r\nb\rc\td") == "a\nb\nc d"
    astral = "𠀀" * 20000  # two UTF-16 units each
    cut = clean_text(astral)
    assert len(cut.encode("utf-16-le")) // 2 <= CELL_LIMIT and cut.startswith("𠀀" * 100) and "已截断" in cut
    assert clean_text("短") == "短"
    assert [looks_like_formula(s) for s in ("=1", "+1", "-1", "@a", "\t1", "\r1", "1=1", "＝1")] == [
        True, True, True, True, True, True, False, False]


def test_excerpt_marks_the_span_with_context():
    text = "前" * 30 + "问题所在" + "后" * 30
    assert excerpt(text, (30, 34)) == "…" + "前" * 20 + "【问题所在】" + "后" * 20 + "…"
    assert excerpt(text, (0, 2)) == "【前前】" + "前" * 20 + "…"
    assert excerpt("甲\n乙  丙", (2, 6)) == "甲 【乙 丙】"
    assert excerpt(text, (34, 34)).count("【此处】") == 1
    assert excerpt(text, None) == "" and excerpt("", (0, 1)) == "" and excerpt(text, (500, 600)) == ""
    long = excerpt("x" * 500, (100, 400))
    assert "【" + "x" * 40 + "…" + "x" * 40 + "】" in long


# --------------------------------------------------------------------------- atomic write


def _only(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_locked_target_keeps_the_old_file_and_leaves_nothing_behind(tmp_path, monkeypatch):
    target = tmp_path / "整改清单.xlsx"
    target.write_bytes(b"old checklist")

    def locked(src, dst):
        raise PermissionError(13, "The process cannot access the file because it is being used by another process")

    monkeypatch.setattr(atomic.os, "replace", locked)
    with pytest.raises(ExportError) as err:
        write_checklist([make_result(findings=[finding()])], target)
    assert err.value.code == "locked"
    assert "可能正在 Excel 或 WPS 中打开" in str(err.value) and "整改清单.xlsx" in err.value.message
    assert _only(tmp_path) == ["整改清单.xlsx"] and target.read_bytes() == b"old checklist"


def test_read_only_folder_gives_a_message_and_no_file(tmp_path, monkeypatch):
    def refuse(path, flags, mode=0o777):
        raise PermissionError(errno.EACCES, "Permission denied", str(path))

    monkeypatch.setattr(atomic.os, "open", refuse)
    with pytest.raises(ExportError) as err:
        write_checklist([make_result()], tmp_path / "a.xlsx")
    assert err.value.code == "readonly" and "没有写入权限或为只读" in err.value.message
    assert str(tmp_path) in err.value.message
    assert _only(tmp_path) == []


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs a non-root POSIX user")
def test_really_read_only_folder(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        with pytest.raises(ExportError) as err:
            write_checklist([make_result()], folder / "a.xlsx")
        assert err.value.code == "readonly"
        assert _only(folder) == []
    finally:
        folder.chmod(0o755)


def test_full_disk_removes_the_partial_file(tmp_path, monkeypatch):
    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.os, "fsync", full)
    with pytest.raises(ExportError) as err:
        write_checklist([make_result(findings=[finding()])], tmp_path / "a.xlsx")
    assert err.value.code == "disk_full" and "磁盘空间不足" in err.value.message
    assert _only(tmp_path) == []


def test_missing_folder_and_folder_target(tmp_path):
    with pytest.raises(ExportError) as err:
        write_checklist([make_result()], tmp_path / "nope" / "a.xlsx")
    assert err.value.code == "no_folder" and "不存在" in err.value.message
    (tmp_path / "d.xlsx").mkdir()
    with pytest.raises(ExportError) as err:
        write_checklist([make_result()], tmp_path / "d.xlsx")
    assert err.value.code == "is_folder"


def test_overwrites_an_existing_checklist(tmp_path):
    target = tmp_path / "a.xlsx"
    target.write_bytes(b"old")
    write_checklist([make_result(findings=[finding()])], target)
    assert len(rows(load_workbook(target)["整改清单"])) == 1
    assert _only(tmp_path) == ["a.xlsx"]


def test_an_internal_error_becomes_an_export_error(tmp_path):
    broken = make_result(findings=[SimpleNamespace(rule="X", severity="error", span="not a span")])
    with pytest.raises(ExportError) as err:
        write_checklist([broken], tmp_path / "a.xlsx")
    assert err.value.code == "internal" and "内部错误" in err.value.message
    assert _only(tmp_path) == []


# --------------------------------------------------------------------------- real pipeline


def test_real_samples_rows_match_the_json_findings(tmp_path):
    from app.audit import audit_file
    from app.result import report_json

    files = sorted(str(p) for p in SAMPLES.iterdir() if p.suffix in (".txt", ".pdf"))
    results = [audit_file(p) for p in files]
    out = write_checklist(results, tmp_path / "samples.xlsx")
    wb = load_workbook(out)
    got = rows(wb["整改清单"])
    reports = [report_json(r) for r in results]
    assert all(r.ok for r in results)
    assert len(got) == sum(len(rep["findings"]) for rep in reports) > 0
    summary = rows(wb["汇总"])
    assert [s["文件名"] for s in summary] == [Path(f).name for f in files]
    pos = 0
    for res, rep, s in zip(results, reports, summary):
        assert (s["错误"], s["警告"], s["提示"]) == tuple(
            sum(1 for f in rep["findings"] if f["severity"] == sev) for sev in ("error", "warning", "info"))
        mine = got[pos:pos + len(rep["findings"])]
        pos += len(rep["findings"])
        # Same findings: ids, locations, current and expected values.
        want = Counter((f["rule"], f["location"] or None, f["current"], f["expected"]) for f in rep["findings"])
        have = Counter((r["规则编号"], r["位置"], None if r["现值"] is None else str(r["现值"]), r["应为"]) for r in mine)
        assert have == want, res.path
        # Each excerpt quotes the words at the finding's span.
        by_rule = {}
        for f in rep["findings"]:
            by_rule.setdefault(f["rule"], []).append(f)
        for r in mine:
            spans = [f["span"] for f in by_rule[r["规则编号"]] if f["span"]]
            if spans and r["原文摘录"]:
                quoted = re.search("【(.*)】", r["原文摘录"]).group(1)
                assert any(quoted[:10] in " ".join(rep["text"][a:b].split()) or quoted == "此处" for a, b in spans)
    # The rules sheet lists every rule that ran, described by the catalogue.
    described = {r["规则编号"]: r for r in rows(wb["规则说明"])}
    assert set(described) == {rule for res in results for rule in res.rules_run}
    assert all(described[r["规则编号"]]["检查内容"] for r in got)
    assert sum(d["本次发现"] for d in described.values()) == len(got)


def test_command_line_writes_the_checklist(tmp_path, capsys):
    from app.cli import main

    out = tmp_path / "清单.xlsx"
    code = main(["check", str(SAMPLES / "000_3e90722e65647b3d.txt"), "--xlsx", str(out)])
    assert code in (0, 1)
    assert "整改清单已导出" in capsys.readouterr().err
    wb = load_workbook(out)
    assert rows(wb["汇总"])[0]["单位"] == "朱阳关镇人民政府"
    code = main(["check", str(SAMPLES / "000_3e90722e65647b3d.txt"), "--xlsx", str(tmp_path / "no" / "x.xlsx")])
    assert code == 2 and "导出失败：保存位置" in capsys.readouterr().err


def test_an_empty_batch_still_gives_a_valid_workbook(tmp_path):
    wb = load_workbook(write_checklist([], tmp_path / "empty.xlsx"))
    assert [w.title for w in wb.worksheets if w.sheet_state == "visible"] == list(SHEETS)
    assert all(rows(wb[name]) == [] for name in SHEETS)
    assert wb.properties.title == "政府信息公开工作年度报告整改清单"
    assert not wb["整改清单"].data_validations.dataValidation
