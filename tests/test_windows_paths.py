"""What a county PC's paths look like: a Chinese user profile with a space, network shares,
folders deeper than 260 characters, a checklist held open by Excel, a database on a Chinese path.

The tests marked Windows-only run on Windows Python in the Windows lane (build/windows_check.sh,
under Wine); the others run everywhere.
"""
from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from app.audit import audit_file
from app.export.atomic import ExportError
from app.export.xlsx import write_checklist
from app.ingest import iter_report_files
from app.result import report_json
from app.winpaths import long_path, short_path
from fixture_paths import SAMPLES

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = SAMPLES / "003_14adff9be6592cdd.txt"
windows_only = pytest.mark.skipif(sys.platform != "win32", reason="Windows behaviour")


def figures(path: str) -> dict:
    data = report_json(audit_file(path))
    data.pop("file")
    return data


@pytest.mark.parametrize("given, extended", [
    (r"C:\年报\a.pdf", r"C:\年报\a.pdf"),
    ("C:\\" + "长" * 300 + "\\a.pdf", "\\\\?\\C:\\" + "长" * 300 + "\\a.pdf"),
    ("\\\\县政府服务器\\政务公开\\" + "乡" * 300 + "\\a.pdf", "\\\\?\\UNC\\县政府服务器\\政务公开\\" + "乡" * 300 + "\\a.pdf"),
    ("\\\\?\\C:\\" + "长" * 300, "\\\\?\\C:\\" + "长" * 300),
    ("C:\\a\\..\\" + "长" * 300 + "/b.txt", "\\\\?\\C:\\" + "长" * 300 + "\\b.txt"),  # the \\?\ form takes no .. or /
])
def test_long_windows_paths_get_the_extended_form(given, extended):
    assert long_path(given, platform="win32") == extended
    assert long_path(short_path(extended), platform="win32") == extended


def test_other_systems_keep_paths_as_they_are():
    deep = "/srv/" + "长" * 300
    assert long_path(deep, platform="linux") == deep
    assert long_path(deep, platform="linux", always=True) == deep
    assert short_path("/srv/a") == "/srv/a"


def test_folder_walk_uses_the_extended_form_but_reports_the_given_one():
    assert long_path(r"\\srv\share\年报", platform="win32", always=True) == r"\\?\UNC\srv\share\年报"


def deep_folder(base: Path) -> Path:
    """A folder more than 300 characters deep, with long Chinese names as on a county share."""
    folder = base
    while len(str(folder)) < 320:
        folder = folder / "各乡镇街道政府信息公开工作年度报告汇总材料（第二批次补充报送）"
    folder.mkdir(parents=True)
    return folder


def test_reports_and_checklist_deeper_than_max_path(tmp_path):
    folder = deep_folder(tmp_path)
    shutil.copyfile(SAMPLE, long_path(str(folder / "某镇 2023 年报.txt")))
    files = iter_report_files([str(tmp_path)])
    assert [Path(f).name for f in files] == ["某镇 2023 年报.txt"] and len(files[0]) > 300
    result = audit_file(files[0])
    assert result.ok, result.error and result.error.message
    assert report_json(result)["file"] == files[0]  # the ordinary form, as the auditor knows it
    out = write_checklist([result], folder / "整改清单.xlsx")
    assert Path(long_path(str(out))).stat().st_size > 0


def test_chinese_user_profile_with_a_space(tmp_path):
    """Logs, settings and an export under C:\\Users\\张 三\\… (on Windows the profile path is Chinese)."""
    profile = tmp_path / "Users" / "张 三"
    local, roaming = profile / "AppData" / "Local", profile / "AppData" / "Roaming"
    local.mkdir(parents=True)
    roaming.mkdir(parents=True)
    env = dict(os.environ, USERPROFILE=str(profile), HOME=str(profile), LOCALAPPDATA=str(local),
               APPDATA=str(roaming), XDG_DATA_HOME=str(local), XDG_CONFIG_HOME=str(roaming))
    out = profile / "桌面" / "整改 清单.xlsx"
    out.parent.mkdir()
    code = ("import sys; from app.logsetup import setup_logging; setup_logging();"
            "from app.cli import main; sys.exit(main(sys.argv[1:]))")
    proc = subprocess.run([sys.executable, "-c", code, "check", str(SAMPLE), "--xlsx", str(out)],
                          cwd=ROOT, env=env, capture_output=True, timeout=120)
    assert proc.returncode in (0, 1), proc.stderr.decode("utf-8", "replace")
    assert out.stat().st_size > 0
    log = local / "govaudit" / "logs" / "govaudit.log"
    assert "start pid=" in log.read_text(encoding="utf-8")


def test_workspace_database_on_a_chinese_path(tmp_path):
    """SQLite under a Chinese user folder with a space: by path, and by file: URI (read-only opening)."""
    folder = tmp_path / "Users" / "张 三" / "AppData" / "Local" / "govaudit"
    folder.mkdir(parents=True)
    db = folder / "工作区 2024.sqlite3"
    with sqlite3.connect(db) as con:
        con.execute("create table report (path text primary key, org text)")
        con.execute("insert into report values (?, ?)", (r"\\县政府服务器\年报\某镇.pdf", "某镇人民政府"))
    con.close()
    assert db.exists()
    ro = sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True)
    try:
        assert ro.execute("select org from report").fetchone() == ("某镇人民政府",)
        with pytest.raises(sqlite3.OperationalError):
            ro.execute("insert into report values ('x', 'y')")
    finally:
        ro.close()


@windows_only
def test_checklist_held_open_by_excel_is_refused_cleanly(tmp_path):
    """Excel opens a workbook without sharing: the new checklist must not replace it, nor leave a half file."""
    import ctypes
    from ctypes import wintypes

    target = tmp_path / "整改清单.xlsx"
    target.write_bytes(b"old workbook")
    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    kernel32.CreateFileW.restype = wintypes.HANDLE
    kernel32.CreateFileW.argtypes = [wintypes.LPCWSTR, wintypes.DWORD, wintypes.DWORD, wintypes.LPVOID,
                                     wintypes.DWORD, wintypes.DWORD, wintypes.HANDLE]
    generic_read_write, no_sharing, open_existing = 0xC0000000, 0, 3
    handle = kernel32.CreateFileW(str(target), generic_read_write, no_sharing, None, open_existing, 0x80, None)
    assert handle not in (None, wintypes.HANDLE(-1).value), ctypes.get_last_error()
    try:
        with pytest.raises(ExportError) as exc:
            write_checklist([audit_file(str(SAMPLE))], target)
    finally:
        kernel32.CloseHandle(handle)
    assert exc.value.code == "locked" and "Excel" in exc.value.message
    assert target.read_bytes() == b"old workbook"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["整改清单.xlsx"]


@pytest.mark.skipif(sys.platform != "win32" and os.geteuid() == 0, reason="root may write any file on POSIX")
def test_read_only_checklist_is_never_overwritten(tmp_path):
    """Windows replaces a read-only file on some file systems (and under Wine), POSIX always: refuse it everywhere."""
    target = tmp_path / "整改清单.xlsx"
    target.write_bytes(b"old workbook")
    os.chmod(target, 0o444)  # on Windows: the read-only attribute
    try:
        with pytest.raises(ExportError) as exc:
            write_checklist([audit_file(str(SAMPLE))], target)
        assert exc.value.code == "readonly" and "只读" in exc.value.message and "整改清单.xlsx" in exc.value.message
        assert target.read_bytes() == b"old workbook"
        assert sorted(p.name for p in tmp_path.iterdir()) == ["整改清单.xlsx"]
    finally:
        os.chmod(target, 0o666)


def wine_unc_share(name: str) -> Path | None:
    """Under Wine, \\\\server\\share is the folder dosdevices/unc/server/share of the prefix."""
    prefix = os.environ.get("WINEPREFIX")
    if not prefix:
        return None
    folder = Path("Z:" + prefix.replace("/", "\\")) / "dosdevices" / "unc" / "govaudit-test" / name
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@windows_only
def test_reports_on_a_network_share(tmp_path):
    local = wine_unc_share("年报 共享")
    if local is None:
        pytest.skip("no test share (the Windows lane runs this under Wine)")
    try:
        (local / "2023").mkdir(exist_ok=True)
        shutil.copyfile(SAMPLE, local / "2023" / "某镇.txt")
        share = r"\\govaudit-test\年报 共享"
        files = iter_report_files([share])
        assert files == [share + r"\2023\某镇.txt"]
        result = audit_file(files[0])
        assert result.ok and report_json(result)["file"] == files[0]
        assert figures(files[0]) == figures(str(SAMPLE))
        out = write_checklist([result], share + r"\2023\整改清单.xlsx")
        assert str(out).startswith(share) and out.stat().st_size > 0
        proc = subprocess.run([sys.executable, "-m", "app", "check", share, "--format", "json"], cwd=ROOT,
                              capture_output=True, timeout=120)
        assert json.loads(proc.stdout.decode("utf-8"))["reports"][0]["file"] == files[0]
    finally:
        shutil.rmtree(local, ignore_errors=True)
