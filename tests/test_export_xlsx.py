"""The county summary workbook (.xlsx): content, form, safety, atomic write.

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
from app.config import Office
from app.export.xlsx import SHEETS, STATUS_CHOICES, ExportError, write_checklist
from app.model import AuditResult, CellRef, Decision, Finding, ParseWarning, ReadError, Report, Review, Section
from sendback_support import OFFICE, TODAY, header_row, table

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
    out = write_checklist([a, b], tmp_path / "out.xlsx", office=OFFICE, today=TODAY)
    assert out == (tmp_path / "out.xlsx").absolute()
    wb = load_workbook(out)
    visible = [w.title for w in wb.worksheets if w.sheet_state == "visible"]
    assert visible == list(SHEETS) == ["汇总", "整改清单", "已排除", "读取存疑", "规则说明"]
    assert wb["复核数据"].sheet_state == "hidden"  # dismissed fingerprints only, for a later re-check
    ws = wb["整改清单"]
    h = header_row(ws)
    assert [c.value for c in ws[h]] == ["序号", "单位", "位置", "性质", "问题", "现值 → 应为", "整改要求", "整改状态",
                                        "复核结果", "文件", "审核意见", "整改时限", "备注", "规则", "规则编号", "原文摘录",
                                        "问题指纹", "定位数据"]
    hidden = [ws.column_dimensions[c].hidden for c in "PQR"]
    assert hidden == [False, True, True]  # the quote is shown; the re-check identity is not
    got = table(ws)
    # By unit name (乙 before 甲 in the character order), then by the place in the report;
    # a finding without a place comes last.
    assert [r["规则编号"] for r in got] == ["T4-SUM", "M-01", "L-02", "T3-COL", "T3-ROW", "S-01"]
    assert [r["序号"] for r in got] == [1, 2, 3, 4, 5, 6]
    assert [r["单位"] for r in got] == ["乙县司法局"] + ["甲镇人民政府"] * 5
    assert [r["文件"] for r in got] == ["b.txt"] + ["a.txt"] * 5
    assert [r["性质"] for r in got] == ["警告", "提示", "警告", "错误", "错误", "错误"]
    col = got[3]
    assert col["位置"] == "表三 “（七）总计” × 自然人" and col["规则"] == "列合计"
    assert col["现值 → 应为"] == "56 → 57（= 一+二 − 四）"
    assert col["问题"] == "T3-COL 的问题：合计 56，应为 57。" and col["整改要求"] == "将合计改为 57。"
    assert "【信息。本机关依法公开】" in col["原文摘录"]  # no cells named: the words are quoted
    text = a.report.text
    assert got[1]["原文摘录"].startswith("一、总体情【况 本】机关") and got[1]["现值 → 应为"] is None
    assert got[2]["现值 → 应为"] == "本年度止件数 → 本年废止件数"
    assert got[1]["位置"] == "一、总体情况\n标题"
    assert all(r["整改状态"] == "未整改" and r["审核意见"] == "待定" for r in got)
    assert all(r["整改时限"] == f"{TODAY.year}年{TODAY.month}月{TODAY.day + 15}日" for r in got)
    assert text


def test_location_and_section_are_derived_when_the_finding_lacks_them(tmp_path):
    f = finding(location="", section=None, span=(300, 310),
                cells=[CellRef("table3", "deny_7", 0), CellRef("table4", 0, 4), CellRef("section2", "normative_docs", 1)])
    out = write_checklist([make_result(findings=[f])], tmp_path / "x.xlsx", office=OFFICE)
    r = table(load_workbook(out)["整改清单"])[0]
    assert r["原文摘录"] is None  # a table cell is named by row and column, not quoted
    assert r["位置"] == "表三 “（三）不予公开 7.属于行政执法案卷” × 自然人；表四 行政复议 总计；表二 “行政规范性文件” × 本年废止件数"


def test_summary_conclusions_and_counts(tmp_path):
    # A warning that stands needs correcting as much as an error does; an info alone does not.
    ok = make_result(path="/d/ok.txt", org="丙镇人民政府", findings=[finding("C-07", "info")])
    bad = make_result(path="/d/bad.txt", findings=[finding(), finding("M-01", "info")],
                      warnings=[ParseWarning("t3-shift", "表三第 3 行少一列", (30, 35), "表三")])
    warned = make_result(path="/d/warn.txt", org="丁镇人民政府", findings=[finding("L-02", "warning")])
    unreadable = AuditResult(path="/d/scan.pdf", status="error", error=ReadError("pdf_no_text", "PDF 没有文字层（可能是扫描件）。"))
    out = write_checklist([ok, bad, warned, unreadable], tmp_path / "s.xlsx", office=OFFICE, today=TODAY)
    wb = load_workbook(out)
    assert wb.active.title == "汇总"
    ws = wb["汇总"]
    assert ws["A1"].value == "政府信息公开工作年度报告审核汇总"
    assert "审核单位：某某县人民政府办公室" in ws["A2"].value and "导出日期：2025年3月5日" in ws["A2"].value
    assert ws["A3"].value == "共 4 份报告：需整改 2 份，通过 1 份，无法读取 1 份"
    s = {r["文件"]: r for r in table(ws)}
    assert [r["文件"] for r in table(ws)] == ["warn.txt", "ok.txt", "bad.txt", "scan.pdf"]  # by unit name
    assert {k: r["结论"] for k, r in s.items()} == {"ok.txt": "通过", "bad.txt": "需整改", "warn.txt": "需整改",
                                                  "scan.pdf": "无法读取"}
    assert {k: r["审核状态"] for k, r in s.items()} == {"ok.txt": "审核通过", "bad.txt": "待审核", "warn.txt": "待审核",
                                                    "scan.pdf": "待审核"}
    assert [(s[k]["错误"], s[k]["警告"], s[k]["提示"]) for k in ("ok.txt", "bad.txt", "scan.pdf")] == [
        (0, 0, 1), (1, 0, 1), (0, 0, 0)]
    assert s["ok.txt"]["说明"] == "正常" and s["bad.txt"]["读取存疑"] == 1
    assert s["bad.txt"]["说明"] == "读取存疑 1 处，请核实（见“读取存疑”表）"
    assert s["scan.pdf"]["说明"] == "无法读取：PDF 没有文字层（可能是扫描件）。" and s["scan.pdf"]["单位"] == "（未识别单位）"
    fills = {r["结论"]: ws.cell(row=header_row(ws) + i, column=5).fill.fgColor.rgb
             for i, r in enumerate(table(ws), 1)}
    assert len(set(fills.values())) == 3  # the fill colour shows the verdict
    w = table(wb["读取存疑"])
    assert [r["类别"] for r in w] == ["无法读取：扫描件（没有文字）", "表三读取存疑"]
    assert w[1]["说明"] == "表三第 3 行少一列" and w[1]["位置"] == "表三" and "【" in w[1]["原文摘录"]
    # Parse warnings are questions, not corrections: they are not in the checklist.
    assert len(table(wb["整改清单"])) == 4


def test_dismissed_findings_are_listed_with_their_reasons_not_sent(tmp_path):
    keep, drop = finding("T3-COL", "error", (100, 110)), finding("L-02", "warning", (20, 25), message="标签不一致")
    drop.fingerprint, keep.fingerprint = "L-02:x", "T3-COL:y"
    r = make_result(findings=[keep, drop])
    r.review = Review(decisions={"L-02:x": Decision("dismissed", "地方另有规定", "县里统一口径"),
                                 "T3-COL:y": Decision("confirmed")})
    wb = load_workbook(write_checklist([r], tmp_path / "d.xlsx", office=OFFICE))
    assert [x["规则编号"] for x in table(wb["整改清单"])] == ["T3-COL"]
    assert table(wb["整改清单"])[0]["审核意见"] == "已确认"
    gone = table(wb["已排除"])
    assert [(x["问题"], x["排除理由"], x["备注"], x["规则编号"]) for x in gone] == [
        ("标签不一致", "地方另有规定", "县里统一口径", "L-02")]
    s = table(wb["汇总"])[0]
    assert (s["错误"], s["警告"], s["已排除"], s["结论"]) == (1, 0, 1, "需整改")


def test_a_batch_without_dismissals_or_doubts_says_so_instead_of_printing_empty_pages(tmp_path):
    wb = load_workbook(write_checklist([make_result(findings=[finding()])], tmp_path / "e.xlsx", office=OFFICE))
    assert table(wb["已排除"]) == [{**{k: None for k in table(wb["已排除"])[0]}, "序号": "没有排除的问题。"}]
    assert [r["序号"] for r in table(wb["读取存疑"])] == ["没有读取存疑的地方。"]


def test_rules_sheet_lists_only_rules_that_occur_with_official_bases(tmp_path, monkeypatch):
    class ColBalance:
        id, severity, title = "T3-COL-BALANCE", "error", "表三列平衡"
        doc, source = "（七）总计 = 一 + 二 − 四。", "FORMAT.md §7 INV-T3-COL；国办公开办函〔2021〕30号 表三角注"

    monkeypatch.setattr(app.rules, "registry", lambda: [ColBalance, {"id": "S-01", "severity": "error",
                                                                      "title": "六个部分齐全", "doc": "d", "source": "条例第五十条"}],
                        raising=False)
    r = make_result(findings=[finding("T3-COL-BALANCE")], rules_run=["T3-COL-BALANCE", "S-01"])
    got = table(load_workbook(write_checklist([r], tmp_path / "r.xlsx", office=OFFICE))["规则说明"])
    assert len(got) == 1  # S-01 ran but found nothing: not described
    row = got[0]
    assert (row["规则"], row["规则编号"], row["严重程度"], row["本次发现"]) == ("表三列平衡", "T3-COL-BALANCE", "错误", 1)
    assert "国办公开办函〔2021〕30号" in row["依据"] and "FORMAT" not in row["依据"] and "§" not in row["依据"]


def test_rules_sheet_without_a_registry_uses_the_findings(tmp_path, no_registry):
    r = make_result(findings=[finding("X-9", "warning", title="某项检查"), finding("X-9", "warning")], rules_run=["A-1", "X-9"])
    got = table(load_workbook(write_checklist([r], tmp_path / "r.xlsx", office=OFFICE))["规则说明"])
    assert [(g["规则编号"], g["严重程度"], g["规则"], g["本次发现"]) for g in got] == [("X-9", "警告", "某项检查", 2)]
    assert got[0]["依据"]  # an official basis even for a rule the catalogue does not know


# --------------------------------------------------------------------------- form


def test_dropdown_frozen_header_filter_and_print_setup(tmp_path):
    r = make_result(findings=[finding(), finding("M-01", "info", (40, 44))])
    out = write_checklist([r], tmp_path / "f.xlsx", office=OFFICE)
    wb = load_workbook(out)
    ws = wb["整改清单"]
    h = header_row(ws)
    dvs = ws.data_validations.dataValidation
    assert len(dvs) == 1
    dv = dvs[0]
    assert dv.type == "list" and dv.formula1 == '"' + ",".join(STATUS_CHOICES) + '"'
    assert STATUS_CHOICES == ("未整改", "正在整改", "部分整改", "已整改", "无需整改")
    assert str(dv.sqref) == f"H{h + 1}:H{h + 2}" and dv.showErrorMessage and not dv.showDropDown
    for name in SHEETS:
        s = wb[name]
        hr = header_row(s)
        assert s.freeze_panes == f"A{hr + 1}"
        assert s.auto_filter.ref.startswith(f"A{hr}:")
        assert s.print_title_rows == f"${hr}:${hr}"
        assert s.page_setup.orientation == "landscape" and int(s.page_setup.paperSize) == 9  # A4
        assert s.page_setup.fitToWidth == 1 and s.page_setup.fitToHeight == 0
        assert s.sheet_properties.pageSetUpPr.fitToPage
        assert "&P" in s.oddFooter.right.text and "&N" in s.oddFooter.right.text
        assert "审核汇总" in s.oddFooter.left.text
        assert not s.tables and not s._charts
    assert ws.cell(row=h + 1, column=5).alignment.wrap_text
    severity_fills = {ws.cell(row=i, column=4).fill.fgColor.rgb for i in (h + 1, h + 2)}
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
    out = write_checklist([make_result(org=evil_org, text=text, findings=[f], warnings=[w])], tmp_path / "inj.xlsx",
                          office=Office(name="=cmd|' /C calc'!A0"), title="@标题")
    for name, xml in sheet_xml(out).items():
        assert not re.search(r"<f[ >/]", xml), f"formula element in {name}"
    wb = load_workbook(out)
    r = table(wb["整改清单"])[0]
    assert r["单位"] == evil_org
    assert r["问题"] == "-2+3 合计不符" and r["整改要求"] == "@SUM(A1:A9)"
    assert r["现值 → 应为"] == "=1+1 → +57"
    assert r["位置"].endswith(" =cmd|' /C calc'!A0")  # tab made a space, still text
    assert r["原文摘录"].startswith("+1 本机【关认真贯】")
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value[:1] in "=+-@":
                    assert cell.data_type == "s" and cell.quotePrefix, (ws.title, cell.coordinate)
    s = table(wb["汇总"])[0]
    assert s["单位"] == evil_org
    wr = table(wb["读取存疑"])[0]
    assert wr["说明"] == "=IMPORTXML(1)" and wr["位置"] == "\n=1" and wr["类别"].startswith("无法评估")
    assert wr["原文摘录"].startswith("+1 【本机关】")


def test_control_characters_removed_and_long_text_cut(tmp_path):
    long = "很长的整改建议。" * 5000  # 40 000 characters
    f = finding(message="合计\x00不符\x07\x1b[31m\u202e（见表）", suggestion=long, expected="57\x0b")
    out = write_checklist([make_result(findings=[f])], tmp_path / "c.xlsx", office=OFFICE)
    r = table(load_workbook(out)["整改清单"])[0]
    assert r["问题"] == "合计不符[31m（见表）"
    assert r["现值 → 应为"] == "56 → 57"
    assert len(r["整改要求"]) <= CELL_LIMIT
    assert r["整改要求"].endswith("……（内容过长，已截断；原文共 40000 字）")
    assert r["整改要求"].startswith("很长的整改建议。很长")


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
    assert len(table(load_workbook(target)["整改清单"])) == 1
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
    out = write_checklist(list(reversed(results)), tmp_path / "samples.xlsx", office=OFFICE)
    wb = load_workbook(out)
    got = table(wb["整改清单"])
    assert all(r.ok for r in results)
    reports = {Path(r.path).name: report_json(r) for r in results}
    assert len(got) == sum(len(rep["findings"]) for rep in reports.values()) > 0
    summary = table(wb["汇总"])
    orgs = [s["单位"] for s in summary]
    assert orgs == sorted(orgs)  # whatever order the reports came in
    for s in summary:
        rep = reports[s["文件"]]
        assert (s["错误"], s["警告"], s["提示"]) == tuple(
            sum(1 for f in rep["findings"] if f["severity"] == sev) for sev in ("error", "warning", "info"))
        mine = [r for r in got if r["文件"] == s["文件"]]
        want = Counter((f["rule"], f["location"] or None, f["message"]) for f in rep["findings"])
        have = Counter((r["规则编号"], r["位置"].split("\n")[-1] if r["位置"] else None, r["问题"]) for r in mine)
        assert have == want, s["文件"]
        # Each quote shows the words at the finding's span.
        for r in mine:
            if r["原文摘录"]:
                spans = [f["span"] for f in rep["findings"] if f["rule"] == r["规则编号"] and f["span"]]
                quoted = re.search("【(.*)】", r["原文摘录"]).group(1)
                assert any(quoted[:10] in " ".join(rep["text"][a:b].split()) or quoted == "此处" for a, b in spans)
    # The rules sheet describes the rules that produced a finding, each with an official basis.
    described = {r["规则编号"]: r for r in table(wb["规则说明"])}
    assert set(described) == {r["规则编号"] for r in got}
    assert all(d["检查内容"] and d["依据"] for d in described.values())
    assert sum(d["本次发现"] for d in described.values()) == len(got)


def test_command_line_writes_the_summary(tmp_path, capsys, monkeypatch):
    from app.cli import main

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    out = tmp_path / "汇总.xlsx"
    code = main(["check", str(SAMPLES / "000_3e90722e65647b3d.txt"), "--xlsx", str(out)])
    assert code in (0, 1)
    assert "审核汇总已导出" in capsys.readouterr().err
    wb = load_workbook(out)
    assert table(wb["汇总"])[0]["单位"] == "朱阳关镇人民政府"
    code = main(["check", str(SAMPLES / "000_3e90722e65647b3d.txt"), "--xlsx", str(tmp_path / "no" / "x.xlsx")])
    assert code == 2 and "导出失败：保存位置" in capsys.readouterr().err


def test_an_empty_batch_still_gives_a_valid_workbook(tmp_path):
    wb = load_workbook(write_checklist([], tmp_path / "empty.xlsx", office=OFFICE))
    assert [w.title for w in wb.worksheets if w.sheet_state == "visible"] == list(SHEETS)
    assert table(wb["汇总"]) == []
    assert wb.properties.title == "政府信息公开工作年度报告审核汇总"
    assert not wb["整改清单"].data_validations.dataValidation
