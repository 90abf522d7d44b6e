"""`govaudit check --per-unit OUTDIR [--docx] [--xlsx SUMMARY] [--workspace]`, and the settings behind it."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import docx
from openpyxl import load_workbook

from app.cli import main
from app.config import config_dir, Office, RuleConfig, load_config, save_config
from app.rules import check
from app.workspace import Workspace
from app.workspace.pipeline import audit_recorded
from fixture_paths import SAMPLES
from sendback_support import all_strings, table

ROOT = Path(__file__).resolve().parent.parent
TWO = [str(SAMPLES / "000_3e90722e65647b3d.txt"), str(SAMPLES / "004_c4b5b95fa9e8725d.txt")]


def settings(tmp_path: Path, monkeypatch, **office) -> Path:
    """The user's settings (a folder of the test's own: tests/conftest.py), with the office filled in."""
    cfg = RuleConfig(office=Office(**({"name": "某县政务公开办", "contact": "赵某", "phone": "123"} | office)))
    return save_config(cfg, config_dir() / "config.toml")


def test_per_unit_docx_and_summary_from_the_command_line(tmp_path, monkeypatch, capsys):
    settings(tmp_path, monkeypatch)
    out, summary = tmp_path / "发给各单位", tmp_path / "汇总.xlsx"
    code = main(["check", *TWO, "--per-unit", str(out), "--docx", "--xlsx", str(summary)])
    err = capsys.readouterr().err
    assert code in (0, 1), err
    assert "已为 2 份报告导出 4 个文件" in err and "审核汇总已导出" in err and "尚未设置审核单位" not in err
    assert sorted(p.name for p in out.iterdir()) == [
        "昌乐县乔官镇人民政府_2023_整改清单.xlsx", "昌乐县乔官镇人民政府_2023_整改通知.docx",
        "朱阳关镇人民政府_2023_整改清单.xlsx", "朱阳关镇人民政府_2023_整改通知.docx"]
    unit = load_workbook(out / "朱阳关镇人民政府_2023_整改清单.xlsx")
    assert any("审核单位：某县政务公开办" in s for s in all_strings(unit))
    notice = docx.Document(str(out / "朱阳关镇人民政府_2023_整改通知.docx"))
    assert "某县政务公开办" in "\n".join(p.text for p in notice.paragraphs)
    assert [r["单位"] for r in table(load_workbook(summary)["汇总"])] == ["昌乐县乔官镇人民政府", "朱阳关镇人民政府"]


def test_docx_alone_is_refused_and_an_unset_office_is_pointed_out(tmp_path, monkeypatch, capsys):
    settings(tmp_path, monkeypatch, name="")
    assert main(["check", TWO[0], "--docx"]) == 2
    assert "--docx 需要与 --per-unit 一起使用" in capsys.readouterr().err
    main(["check", TWO[0], "--per-unit", str(tmp_path / "o")])
    assert "尚未设置审核单位" in capsys.readouterr().err
    (tmp_path / "a file").write_text("x")
    assert main(["check", TWO[0], "--per-unit", str(tmp_path / "a file")]) == 2
    assert "不是文件夹" in capsys.readouterr().err


def test_the_workspace_decisions_apply_to_the_unit_files(tmp_path, monkeypatch, capsys):
    settings(tmp_path, monkeypatch)
    db = tmp_path / "ws"
    with Workspace.open(db) as ws:
        r = audit_recorded(TWO[1], ws)
        heading = [f for f in r.findings if f.rule == "STR-HEADING-NUMBER"]
        assert heading
        for f in heading:
            ws.set_decision(r.review.doc_id, f.fingerprint, "dismissed", "地方另有规定")
    out, summary = tmp_path / "o", tmp_path / "s.xlsx"
    assert main(["check", TWO[1], "--workspace", str(db), "--per-unit", str(out), "--xlsx", str(summary)]) == 0
    capsys.readouterr()
    text = "\n".join(all_strings(load_workbook(out / "昌乐县乔官镇人民政府_2023_整改清单.xlsx")))
    assert not [f for f in heading if f.message in text]
    gone = table(load_workbook(summary)["已排除"])
    assert {g["问题"] for g in gone} == {f.message for f in heading} and {g["排除理由"] for g in gone} == {"地方另有规定"}


def test_workspace_without_a_place_uses_the_one_from_the_settings(tmp_path, monkeypatch, capsys):
    path = settings(tmp_path, monkeypatch)
    cfg = load_config(path)
    cfg.workspace = str(tmp_path / "共享" / "审核")
    save_config(cfg, path)
    assert main(["check", TWO[0], "--workspace"]) in (0, 1)
    capsys.readouterr()
    assert (tmp_path / "共享" / "审核" / "workspace.db").is_file()


def test_settings_round_trip_and_severity_override(tmp_path):
    cfg = RuleConfig(disabled=frozenset({"STR-RECTIFICATION"}), severities={"STR-HEADING-NUMBER": "info"},
                     office=Office(name='某"县"\\办', contact="钱某", phone="0000", fix_days=30, template="D:\\模板.docx"),
                     workspace="\\\\server\\share\\审核")
    path = save_config(cfg, tmp_path / "config.toml")
    again = load_config(path)
    assert (again.disabled, again.severities, again.office, again.workspace, again.problems) == (
        cfg.disabled, cfg.severities, cfg.office, cfg.workspace, [])
    from app.audit import audit_file

    result = audit_file(TWO[1], again)
    assert [f.severity for f in result.findings if f.rule == "STR-HEADING-NUMBER"] == ["info", "info"]
    assert not [f for f in result.findings if f.rule == "STR-RECTIFICATION"]
    assert check(result.report, RuleConfig()).findings  # the defaults are untouched
    (tmp_path / "bad.toml").write_text('[office]\nfix_days = 0\n[rules.severity]\n"T3-CELL" = "fatal"\n', encoding="utf-8")
    bad = load_config(tmp_path / "bad.toml")
    assert bad.office.fix_days == 15 and bad.severities == {} and len(bad.problems) == 2
    assert all("（" in p or "，" in p for p in bad.problems)


def test_the_command_line_runs_as_a_program_with_chinese_help():
    out = subprocess.run([sys.executable, "-m", "app", "check", "--help"], cwd=ROOT, capture_output=True, text=True,
                         encoding="utf-8")
    assert out.returncode == 0 and out.stdout.startswith("用法：govaudit check")
    assert "--per-unit 文件夹" in out.stdout and "--docx" in out.stdout
