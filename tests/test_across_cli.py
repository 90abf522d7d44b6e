"""``govaudit check`` over several reports runs the cross-report checks; ``govaudit units``; the overview sheet."""
from __future__ import annotations

import json
import shutil
import zipfile
import subprocess
import sys
from pathlib import Path

from openpyxl import load_workbook

from app.across import apply_outcome, cross_check
from app.audit import audit_file
from app.config import RuleConfig
from app.export.overview_sheet import SHEET_NAME, add_overview_sheet
from fixture_paths import FIXTURES, SAMPLES

ROOT = Path(__file__).resolve().parent.parent
ACROSS = FIXTURES / "across"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "app", *args], cwd=ROOT, capture_output=True, text=True,
                          encoding="utf-8")


def batch(tmp_path: Path) -> tuple[Path, Path]:
    this, last = tmp_path / "2023", tmp_path / "2022"
    this.mkdir()
    last.mkdir()
    for p in (SAMPLES / "004_c4b5b95fa9e8725d.txt", ACROSS / "this-year" / "houguan-2023.txt"):
        shutil.copy(p, this / p.name)
    shutil.copy(ACROSS / "last-year" / "qiaoguan-2022.txt", last)
    return this, last


def test_json_of_a_batch_carries_related_reports(tmp_path):
    this, last = batch(tmp_path)
    out = run("check", str(this), str(last), "--format", "json", "--no-text")
    assert out.returncode == 1, out.stderr  # XY-CARRY and SIM-OTHER-NAME are errors
    reports = {Path(r["file"]).name: r for r in json.loads(out.stdout)["reports"]}
    (carry,) = [f for f in reports["004_c4b5b95fa9e8725d.txt"]["findings"] if f["rule"] == "XY-CARRY"]
    (rel,) = carry["related"]
    assert Path(rel["file"]).name == "qiaoguan-2022.txt" and rel["year"] == 2022
    assert rel["cells"] == [{"table": "table3", "row": "carry_forward", "col": 0},
                            {"table": "table3", "row": "carry_forward", "col": 6}]
    assert isinstance(rel["span"], list) and len(rel["span"]) == 2
    assert carry["cells"][0] == {"table": "table3", "row": "carried_over", "col": 0}
    names = [f for f in reports["houguan-2023.txt"]["findings"] if f["rule"] == "SIM-OTHER-NAME"]
    assert len(names) == 1 and Path(names[0]["related"][0]["file"]).name == "004_c4b5b95fa9e8725d.txt"
    ordinary = [f for r in reports.values() for f in r["findings"] if not f["rule"].startswith(("XY-", "SIM-"))]
    assert ordinary and all(f["related"] == [] for f in ordinary)


def test_one_report_alone_is_not_compared(tmp_path):
    out = run("check", str(SAMPLES / "004_c4b5b95fa9e8725d.txt"), "--format", "json", "--no-text")
    findings = json.loads(out.stdout)["reports"][0]["findings"]
    assert not [f for f in findings if f["rule"].startswith(("XY-", "SIM-"))]


def test_a_workspace_holds_last_year_and_units_links_change_the_pairing(tmp_path):
    this, last = batch(tmp_path)
    renamed = last / "qiaoguan-2022.txt"
    renamed.write_text(renamed.read_text(encoding="utf-8").replace("昌乐县乔官镇人民政府", "乔官镇政府办"),
                       encoding="utf-8")
    db = tmp_path / "ws.db"
    assert run("check", str(last), "--workspace", str(db)).returncode in (0, 1)
    shutil.rmtree(last)
    text = run("check", str(this), "--workspace", str(db))
    assert "XY-CARRY" not in text.stdout  # “乔官镇政府办” is not taken for 乔官镇's government by its name
    link = run("units", "--workspace", str(db), "--link", "乔官镇政府办", "昌乐县乔官镇人民政府")
    assert link.returncode == 0 and "已关联" in link.stdout and "“乔官镇政府办” = “昌乐县乔官镇人民政府”" in link.stdout
    text = run("check", str(this), "--workspace", str(db))
    assert "XY-CARRY" in text.stdout and "审核人员已将“昌乐县乔官镇人民政府”与“乔官镇政府办”关联为同一单位" in text.stdout
    bad = run("units", "--workspace", str(db), "--link", "乔官镇", "乔官镇")
    assert bad.returncode == 2 and "无效" in bad.stderr and "Traceback" not in bad.stderr


def test_overview_workbook_from_the_command_line(tmp_path):
    this, last = batch(tmp_path)
    target = tmp_path / "总览.xlsx"
    out = run("check", str(this), str(last), "--overview", str(target))
    assert target.exists(), out.stderr
    with zipfile.ZipFile(target) as z:  # native charts: chart parts in the package, drawn by Excel itself
        assert len([n for n in z.namelist() if n.startswith("xl/charts/chart")]) == 3
    ws = load_workbook(target)[SHEET_NAME]
    cells = {c.value for row in ws.iter_rows() for c in row if c.value is not None}
    assert {"一、报告状态", "二、问题按规则统计", "XY-CARRY", "SIM-OTHER-NAME", "昌乐县乔官镇人民政府"} <= cells


def test_overview_sheet_has_native_charts_over_its_own_tables():
    results = [audit_file(str(p)) for p in (SAMPLES / "004_c4b5b95fa9e8725d.txt", ACROSS / "this-year" / "houguan-2023.txt",
                                            SAMPLES / "huaian-city-2024.pdf", ACROSS / "last-year" / "qiaoguan-2022.txt")]
    outcome = cross_check(results, None, RuleConfig())
    apply_outcome(results, outcome)
    from openpyxl import Workbook

    wb = Workbook()
    ws = add_overview_sheet(wb, results, overview=outcome.overview)
    assert ws.title == SHEET_NAME and len(wb.worksheets) == 2  # added beside what the workbook holds
    charts = ws._charts
    assert [c.type for c in charts] == ["col", "bar", "bar"]
    rules = {ws.cell(row=r, column=1).value: r for r in range(1, ws.max_row + 1)}
    head = rules["规则编号"]
    assert charts[1].grouping == "stacked" and len(charts[1].series) == 3  # 错误 / 警告 / 提示
    assert [s.val.numRef.f.split(":")[0] for s in charts[1].series] == [
        f"'{SHEET_NAME}'!${col}${head + 1}" for col in "CDE"]
    row = rules["SIM-OTHER-NAME"]
    assert [ws.cell(row=row, column=c).value for c in (3, 4, 5, 6, 7)] == [1, 0, 0, 1, 1]
    apps = {ws.cell(row=r, column=1).value: ws.cell(row=r, column=3).value for r in range(1, ws.max_row + 1)
            if ws.cell(row=r, column=2).value in (2022, 2023, 2024)}
    assert apps["淮安市人民政府"] == 3119
