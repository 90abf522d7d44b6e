"""Packaging helpers in build/: exe dispatch, version numbers, what the bundle drops, the NSIS script.

The full frozen build is exercised by build/ci_build.sh (it takes about a minute); these
tests cover the decisions it relies on, quickly.
"""
from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path

import pytest

BUILD = Path(__file__).resolve().parent.parent / "build"


def _load(name: str):
    spec = importlib.util.spec_from_file_location(f"_build_{name}", BUILD / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


entry = _load("entry")
versionfile = _load("versionfile")
bundle_filter = _load("bundle_filter")


@pytest.mark.parametrize("exe, argv, cli", [
    (r"C:\Users\a\AppData\Local\Programs\年报审核助手\govaudit.exe", ["govaudit"], True),
    (r"C:\Users\a\AppData\Local\Programs\年报审核助手\GOVAUDIT.EXE", ["x", "--help"], True),
    ("/opt/年报审核助手/govaudit", ["govaudit", "--version"], True),
    (r"C:\Programs\年报审核助手\年报审核助手.exe", ["年报审核助手.exe", "check", "a.pdf"], True),
    (r"C:\Programs\年报审核助手\年报审核助手.exe", ["年报审核助手.exe"], False),
    (r"C:\Programs\年报审核助手\年报审核助手.exe", ["年报审核助手.exe", "--smoke-test"], False),
    # a report that happens to be called "check" is opened in the window, not a subcommand
    (r"C:\Programs\年报审核助手\年报审核助手.exe", ["年报审核助手.exe", r"D:\年报\check"], False),
])
def test_which_executable_runs_the_cli(exe, argv, cli):
    assert entry.wants_cli(exe, argv) is cli


@pytest.mark.parametrize("version, numeric", [
    ("0.1.0", "0.1.0.0"), ("1", "1.0.0.0"), ("1.2rc1", "1.2.0.0"), ("2.0.1.5.6", "2.0.1.5"),
    ("1.0+local.7", "1.0.0.0"),
])
def test_windows_version_has_four_numbers(version, numeric):
    assert versionfile.numeric_version(version) == numeric


def test_version_must_start_with_a_number():
    with pytest.raises(ValueError):
        versionfile.numeric_version("dev")


def test_version_file_carries_product_and_version(tmp_path):
    out = versionfile.write_version_file(tmp_path / "v.txt", "0.3.1", "年报审核助手.exe", "年报审核助手")
    text = out.read_text(encoding="utf-8")
    assert "filevers=(0,3,1,0)" in text
    assert "u'年报审核助手.exe'" in text and "年报审核助手开发组" in text


@pytest.mark.parametrize("dest, windows, kept", [
    ("PySide6/opengl32sw.dll", True, False),
    ("PySide6/Qt6Qml.dll", True, False),
    ("PySide6/Qt6Quick.dll", True, False),
    ("PySide6/Qt6Widgets.dll", True, True),
    ("PySide6/plugins/platforms/qwindows.dll", True, True),
    ("PySide6/plugins/imageformats/qsvg.dll", True, True),
    ("PySide6/plugins/imageformats/qtiff.dll", True, False),
    ("PySide6\\translations\\qtbase_de.qm", True, False),
    ("PySide6/translations/qtbase_zh_CN.qm", True, True),
    ("PySide6/Qt/translations/qt_zh_CN.qm", False, True),
    ("PySide6/Qt/translations/qt_zh_TW.qm", False, False),
    ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", False, False),
    ("PySide6/Qt/plugins/platforms/libqxcb.so", False, True),
    ("PySide6/Qt/plugins/platforms/libqoffscreen.so", False, True),
    ("libgtk-3.so.0", False, False),
    ("libgtk-3.so.0", True, True),   # the Linux-only list never touches a Windows bundle
    ("resources/samples/000_3e90722e65647b3d.txt", True, True),
    ("pdfminer/cmap/UniGB-UCS2-H.pickle.gz", True, True),  # Chinese PDF fonts need these
])
def test_bundle_filter(dest, windows, kept):
    assert bundle_filter.keep(dest, windows) is kept


def test_used_qt_modules_are_not_excluded():
    used = {"PySide6.QtCore", "PySide6.QtGui", "PySide6.QtWidgets", "PySide6.QtSvg"}
    assert not used & set(bundle_filter.QT_EXCLUDES)
    assert "PySide6.QtQml" in bundle_filter.QT_EXCLUDES
    # .doc/.wps through Word/WPS needs win32com; Pythonwin's MFC module is left out
    assert not {"win32com", "win32com.client", "pythoncom", "pywintypes"} & set(bundle_filter.PY_EXCLUDES)
    assert "win32ui" in bundle_filter.PY_EXCLUDES


@pytest.mark.skipif(shutil.which("makensis") is None, reason="NSIS (makensis) not installed")
def test_nsis_script_compiles_against_a_bundle(tmp_path):
    """The installer script compiles (warnings are errors) and carries the bundle's files."""
    make = _load("make")
    bundle = tmp_path / "年报审核助手"
    (bundle / "_internal" / "resources").mkdir(parents=True)
    (bundle / "年报审核助手.exe").write_bytes(b"MZ gui")
    (bundle / "govaudit.exe").write_bytes(b"MZ cli")
    (bundle / "_internal" / "resources" / "marker.txt").write_text("审核", encoding="utf-8")
    out = make.make_installer(bundle, "1.2.3", shutil.which("makensis"), tmp_path / "check-installer.exe",
                              None, make.DEFAULT_TIMESTAMP_URL, fast=True)
    data = out.read_bytes()
    assert data[:2] == b"MZ" and b"Nullsoft" in data
    assert len(data) > 30_000


def test_every_installer_message_box_has_a_silent_default():
    """An unattended install (/S) must never wait for a click: every MessageBox carries /SD."""
    nsi = (BUILD.parent / "installer" / "govaudit.nsi").read_text(encoding="utf-8-sig")
    boxes = [line.strip() for line in nsi.splitlines()
             if line.strip().startswith("MessageBox") and not line.strip().startswith(";")]
    assert boxes, "the installer has a version-check message box"
    for line in boxes:
        assert "/SD " in line, line


def _fake_bundle(folder: Path, gui_exit: int, gui_says: str) -> Path:
    """A bundle whose executables are shell scripts: the CLI works, the window's smoke test exits ``gui_exit``."""
    make = _load("make")
    bundle = folder / make.GUI_NAME
    samples = bundle / "_internal" / "resources" / "samples"
    samples.mkdir(parents=True)
    (samples / "a.txt").write_text("x", encoding="utf-8")
    scripts = {make.CLI_NAME: "echo govaudit 0.0; exit 0",
               make.GUI_NAME: f"echo '{gui_says}'; exit {gui_exit}"}
    for name, body in scripts.items():
        exe = bundle / name
        exe.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
        exe.chmod(0o755)
    return bundle


@pytest.mark.skipif(sys.platform.startswith("win"), reason="the fake executables are shell scripts")
@pytest.mark.parametrize("gui_exit, passes", [(0, True), (1, False), (2, False)])
def test_make_fails_when_the_frozen_smoke_test_fails(tmp_path, monkeypatch, capsys, gui_exit, passes):
    """Exit code 1 of ``--smoke-test`` means "not every sample was read": make.py must fail on it."""
    make = _load("make")
    bundle = _fake_bundle(tmp_path, gui_exit, "smoke test: window shown in 0.50s; samples 1/1")
    monkeypatch.setattr(make, "bundle_dir", lambda: bundle)
    monkeypatch.setattr(make, "gui_available", lambda: True)
    code = make.main(["--no-build", "--runs", "1", "--strict"])
    out = capsys.readouterr().out
    assert (code == 0) is passes, out
    if not passes:
        assert f"exited {gui_exit}" in out
