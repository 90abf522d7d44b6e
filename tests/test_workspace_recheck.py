"""Re-check of a revised report: from the workspace, from the exported checklist alone, from the CLI."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from app.audit import audit_file
from app.export.trace import read_checklist
from app.export.xlsx import write_checklist
from app.model import Correction
from app.workspace import Workspace
from app.workspace.against import RecheckError, recheck
from app.workspace.pipeline import audit_recorded
from fixture_paths import FIXTURES, SAMPLES

WS = FIXTURES / "workspace"
ROOT = Path(__file__).resolve().parent.parent


def place(f) -> str:
    return f.location


def sent_and_revised(tmp_path: Path) -> tuple[str, str]:
    """The unit's first report and its revision, at the same path (the unit replaced the file)."""
    folder = tmp_path / "乔官镇"
    folder.mkdir()
    first = folder / "2023年报.txt"
    shutil.copyfile(WS / "before.txt", first)
    return str(first), str(WS / "after.txt")


def audit_first(ws: Workspace, path: str):
    """Audit the first report: confirm the table errors, dismiss the heading warnings (local rules)."""
    r = audit_recorded(path, ws)
    for f in r.findings:
        if f.rule == "T3-CELL":
            ws.set_decision(r.review.doc_id, f.fingerprint, "confirmed")
        elif f.rule == "STR-HEADING-NUMBER":
            ws.set_decision(r.review.doc_id, f.fingerprint, "dismissed", "地方另有规定")
    return audit_recorded(path, ws)


def test_a_revision_is_paired_and_compared_in_the_workspace(tmp_path):
    first, revised = sent_and_revised(tmp_path)
    with Workspace.open(tmp_path / "ws") as ws:
        before = audit_first(ws, first)
        assert before.review.comparison is None  # a first report has nothing to compare with
        shutil.copyfile(revised, first)  # the unit sends the revision under the same name
        after = audit_recorded(first, ws)
    c = after.review.comparison
    assert c is not None and c.counts() == {"fixed": 1, "still_open": 1, "new": 1, "unknown": 0}
    assert [place(f) for f in c.fixed] == ["表三 “（三）不予公开 1.属于国家秘密” × 商业企业"]
    assert [place(f) for f in c.still_open] == ["表三 “（一）予以公开” × 总计"]
    assert c.still_open[0].current == "3"  # the current finding, with today's numbers
    assert [place(f) for f in c.new] == ["表三 “（二）部分公开（区分处理的，只计这一情形，不计其他情形）” × 自然人"]
    # The dismissed warnings carried over: still dismissed on the revision, with their reason.
    headings = [f for f in after.findings if f.rule == "STR-HEADING-NUMBER"]
    assert len(headings) == 2
    assert all(after.decision(f).kind == "dismissed" and after.decision(f).carried
               and after.decision(f).reason == "地方另有规定" for f in headings)
    assert after.review.doc_id != before.review.doc_id


def test_a_revision_with_another_name_is_paired_by_unit_and_year(tmp_path):
    first, revised = sent_and_revised(tmp_path)
    with Workspace.open(tmp_path / "ws") as ws:
        audit_first(ws, first)
        after = audit_recorded(revised, ws)  # another folder, another file name
    assert after.review.comparison.counts() == {"fixed": 1, "still_open": 1, "new": 1, "unknown": 0}


def test_the_exported_checklist_alone_is_enough_to_recheck(tmp_path):
    first, revised = sent_and_revised(tmp_path)
    with Workspace.open(tmp_path / "ws") as ws:
        before = audit_first(ws, first)
    checklist = write_checklist([before], tmp_path / "整改清单.xlsx")
    entries = read_checklist(checklist)
    sent = [e for e in entries if e.decision != "dismissed"]
    assert {e.finding.rule for e in sent} == {"T3-CELL"}  # the dismissed warnings stayed home:
    kept = [e for e in entries if e.decision == "dismissed"]  # only their fingerprints, no words
    assert len(kept) == 2 and all(e.finding.message == "" for e in kept)
    # A colleague's PC: no workspace at all.
    c = recheck(audit_file(revised), checklist)
    assert c.counts() == {"fixed": 1, "still_open": 1, "new": 1, "unknown": 0}
    out = subprocess.run([sys.executable, "-m", "app", "recheck", revised, "--against", str(checklist),
                          "--format", "json"], cwd=ROOT, capture_output=True, text=True, encoding="utf-8")
    assert out.returncode == 1, out.stderr
    doc = json.loads(out.stdout)
    assert doc["schema"] == 1 and [len(doc[k]) for k in ("fixed", "still_open", "new", "unknown")] == [1, 1, 1, 0]
    assert doc["still_open"][0]["fingerprint"] == c.still_open[0].fingerprint
    assert doc["fixed"][0]["rule"] == "T3-CELL" and doc["fixed"][0]["cells"]
    text = subprocess.run([sys.executable, "-m", "app", "recheck", revised, "--against", str(checklist)],
                          cwd=ROOT, capture_output=True, text=True, encoding="utf-8")
    assert "已整改 1 / 未整改 1 / 新增 1 / 无法判断 0" in text.stdout and "Traceback" not in text.stderr


def test_recheck_against_the_earlier_file_and_a_clean_revision_exits_zero(tmp_path):
    original = SAMPLES / "004_c4b5b95fa9e8725d.txt"
    out = subprocess.run([sys.executable, "-m", "app", "recheck", str(original), "--against", str(WS / "misread.txt"),
                          "--format", "json"], cwd=ROOT, capture_output=True, text=True, encoding="utf-8")
    doc = json.loads(out.stdout)
    assert [len(doc[k]) for k in ("fixed", "new")] == [1, 0]
    # The heading warnings are in both: still open, so the exit code says "not done".
    assert out.returncode == (1 if doc["still_open"] else 0)


def test_a_problem_whose_place_can_no_longer_be_read_is_unknown(tmp_path):
    before = audit_file(str(WS / "before.txt"))
    checklist = write_checklist([before], tmp_path / "c.xlsx")
    # The revision lost the 商业企业 cell of the 国家秘密 row: the tool cannot say it was fixed.
    text = (WS / "after.txt").read_text(encoding="utf-8")
    revised = audit_file(str(WS / "after.txt"))
    row = revised.report.table3.rows["deny_1"]
    row.values[1].value = None
    from app.audit import apply_rules

    apply_rules(revised)
    c = recheck(revised, checklist)
    assert "表三 “（三）不予公开 1.属于国家秘密” × 商业企业" in [f.location for f in c.unknown]
    assert text  # the fixture itself is untouched


def test_a_checklist_of_other_units_is_refused_with_a_chinese_message(tmp_path):
    a = audit_file(str(WS / "before.txt"))
    b = audit_file(str(SAMPLES / "003_14adff9be6592cdd.txt"))
    c = audit_file(str(SAMPLES / "000_3e90722e65647b3d.txt"))
    checklist = write_checklist([b, c], tmp_path / "others.xlsx")
    with pytest.raises(RecheckError) as err:
        recheck(a, checklist)
    assert "没有" in err.value.message and "昌乐县乔官镇人民政府" in err.value.message
    not_ours = tmp_path / "plain.xlsx"
    from openpyxl import Workbook

    Workbook().save(not_ours)
    with pytest.raises(RecheckError) as err:
        recheck(a, not_ours)
    assert "不是本软件导出的整改清单" in err.value.message
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(RecheckError):
        recheck(a, broken)


def test_corrections_carry_to_a_revision_only_where_the_cell_still_reads_the_same(tmp_path):
    folder = tmp_path / "u"
    folder.mkdir()
    path = folder / "年报.txt"
    shutil.copyfile(WS / "misread.txt", path)
    with Workspace.open(tmp_path / "ws") as ws:
        r = audit_recorded(str(path), ws)
        ws.set_correction(r.review.doc_id, Correction("table3", "open", 0, 1, 7, "7"))
        # The revision changes another cell only: the misread cell still reads "7" -> applied.
        text = path.read_text(encoding="utf-8").replace("监督保障情况", "监督保障工作情况", 1)
        path.write_text(text, encoding="utf-8")
        same_cell = audit_recorded(str(path), ws)
        assert same_cell.review.doc_id != r.review.doc_id
        applied = [c for c in same_cell.review.corrections if not c.offered]
        assert len(applied) == 1 and applied[0].carried
        assert not [f for f in same_cell.findings if f.rule == "T3-CELL"]
        # A revision in which the cell now reads otherwise: offered, not applied.
        shutil.copyfile(SAMPLES / "004_c4b5b95fa9e8725d.txt", path)
        changed = audit_recorded(str(path), ws)
    offered = [c for c in changed.review.corrections if c.offered]
    assert len(offered) == 1 and changed.report.table3.rows["open"].values[0].correction is None
