"""The summary's 结论 never contradicts the status the window shows (``app.workspace.review.status``)."""
from __future__ import annotations

import shutil
from pathlib import Path

from openpyxl import load_workbook

from app.export.verdict import CONCLUSION_FIX, CONCLUSION_PASS, CONCLUSION_UNREADABLE, agrees, conclusion
from app.export.xlsx import write_checklist
from app.workspace import Workspace
from app.workspace.pipeline import audit_recorded
from app.workspace.review import STATUS_FIX, STATUS_PASS, STATUS_RECHECKED, STATUS_TODO, status
from fixture_paths import FIXTURES
from sendback_support import OFFICE, UNREADABLE, reviewed, sample_paths, table


def summary_rows(results, tmp_path: Path) -> dict[str, dict]:
    wb = load_workbook(write_checklist(results, tmp_path / "汇总.xlsx", office=OFFICE))
    return {row["文件"]: row for row in table(wb["汇总"])}


def test_undecided_samples_agree_with_the_window(tmp_path):
    with Workspace.open(tmp_path / "ws") as ws:
        results = [audit_recorded(p, ws) for p in sample_paths() + [str(UNREADABLE)]]
    rows = summary_rows(results, tmp_path)
    assert len(rows) == len(results)
    for r in results:
        row = rows[Path(r.path).name]
        assert row["审核状态"] == status(r)
        assert row["结论"] == conclusion(r) and agrees(row["结论"], row["审核状态"]), r.path
        standing = r.open_count("error") + r.open_count("warning")
        assert row["结论"] == (CONCLUSION_UNREADABLE if not r.ok else CONCLUSION_FIX if standing else CONCLUSION_PASS)


def test_reviewed_samples_agree_with_the_window(tmp_path):
    results = reviewed(tmp_path, sample_paths() + [str(UNREADABLE)])
    rows = summary_rows(results, tmp_path)
    seen = set()
    for r in results:
        row = rows[Path(r.path).name]
        assert row["审核状态"] == status(r) and agrees(row["结论"], row["审核状态"]), (r.path, row)
        seen.add((row["结论"], row["审核状态"]))
    # The decisions produce every kind of row: confirmed problems, undecided ones, clean, unreadable.
    assert {(CONCLUSION_FIX, STATUS_FIX), (CONCLUSION_FIX, STATUS_TODO), (CONCLUSION_PASS, STATUS_PASS),
            (CONCLUSION_UNREADABLE, STATUS_TODO)} <= seen


def test_a_unit_that_corrected_everything_is_rechecked_and_passes(tmp_path):
    folder = tmp_path / "u"
    folder.mkdir()
    path = folder / "年报.txt"
    shutil.copyfile(FIXTURES / "workspace" / "before.txt", path)
    with Workspace.open(tmp_path / "ws") as ws:
        r = audit_recorded(str(path), ws)
        for f in r.findings:  # the two table errors go out, the heading warnings are a local matter
            if f.rule == "T3-CELL":
                ws.set_decision(r.review.doc_id, f.fingerprint, "confirmed")
            else:
                ws.set_decision(r.review.doc_id, f.fingerprint, "dismissed", "地方另有规定")
        r = audit_recorded(str(path), ws)
        first = summary_rows([r], tmp_path)["年报.txt"]
        assert (first["结论"], first["审核状态"], first["错误"], first["已排除"]) == (CONCLUSION_FIX, STATUS_FIX, 2, 2)
        shutil.copyfile(FIXTURES / "samples" / "004_c4b5b95fa9e8725d.txt", path)  # the corrected report
        revised = audit_recorded(str(path), ws)
    (tmp_path / "r").mkdir()
    row = summary_rows([revised], tmp_path / "r")["年报.txt"]
    assert (row["结论"], row["审核状态"]) == (CONCLUSION_PASS, STATUS_RECHECKED) == (conclusion(revised), status(revised))
    assert row["复核结果"] == "已整改 2，未整改 0，新增 0，无法判断 0"
    assert row["已排除"] == 2  # the dismissals carried over to the revision


def test_a_status_set_by_hand_is_shown_and_problems_still_count(tmp_path):
    with Workspace.open(tmp_path / "ws") as ws:
        r = audit_recorded(sample_paths()[1], ws)  # has warnings, all undecided
        ws.set_status(r.review.doc_id, STATUS_PASS)
        r = audit_recorded(sample_paths()[1], ws)
    row = summary_rows([r], tmp_path)[Path(r.path).name]
    # The warnings still go out, so the 结论 stays 需整改; the auditor's word is shown beside it.
    assert (row["结论"], row["审核状态"]) == (CONCLUSION_FIX, STATUS_PASS)
    assert not agrees(row["结论"], row["审核状态"])
