"""Old .doc/.wps files: which installed program converts them, and what the auditor is told when none can.

The COM path (WPS Office / Microsoft Word through pywin32) needs a real Office, which no CI
machine has and Wine cannot run: its choices and outcomes are tested here with fake COM
objects that behave as the Word object model does. The fake LibreOffice reproduces what
a real LibreOffice without its Writer component prints (checked on Debian's
libreoffice-core without libreoffice-writer: "Error: source file could not be loaded",
exit code 0, no output file).
"""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from app.ingest import legacy
from app.ingest.convert import ConverterAbsent
from app.ingest.legacy import LibreOffice, converters, read_legacy, writer_installed
from app.ingest.office_com import ComOffice, com_offices
from app.model import ReadError
from formats_helpers import FORMATS, SAMPLES, figures

DOC = FORMATS / "seed-003.doc"
CLASS_STRING = -2147221005  # CO_E_CLASSSTRING: the ProgID is not registered (program not installed)


class FakeComError(Exception):
    """Shaped like pywintypes.com_error: (hresult, text, excepinfo, argerror)."""


class FakeDocument:
    def __init__(self, office: "FakeOffice", path: str):
        self.office, self.path = office, path

    def SaveAs2(self, out: str, file_format: int) -> None:  # noqa: N802 - the COM name
        self.office.calls.append(("SaveAs2", Path(out).suffix, file_format))
        shutil.copyfile(FORMATS / "seed-003.docx", out)  # what Word writes for this .doc

    def Close(self, save: bool) -> None:  # noqa: N802
        self.office.calls.append(("Close", save))


class FakeDocuments:
    def __init__(self, office: "FakeOffice"):
        self.office = office

    def Open(self, path, confirm, read_only, add_recent, password, password_template):  # noqa: N802
        self.office.calls.append(("Open", read_only, add_recent, bool(password)))
        if self.office.cannot_open:
            raise FakeComError(-2147352567, "发生意外。", (0, "Microsoft Word", "文件已损坏，无法打开。", None, 0, -2146822494), None)
        assert Path(path).exists() and Path(path).name != DOC.name, "a private copy is opened, never the source"
        return FakeDocument(self.office, path)


class FakeOffice:
    def __init__(self, cannot_open: bool = False):
        self.calls: list[tuple] = []
        self.cannot_open = cannot_open
        self.Documents = FakeDocuments(self)
        self.Visible = True
        self.DisplayAlerts = -1

    def Quit(self) -> None:  # noqa: N802
        self.calls.append(("Quit",))


def fake_dispatch(installed: dict[str, FakeOffice], tried: list[str]):
    def dispatch(progid: str):
        tried.append(progid)
        if progid not in installed:
            raise FakeComError(CLASS_STRING, "无效的类字符串", None, None)
        return installed[progid]
    return dispatch


def test_word_converts_when_only_word_is_installed():
    word, tried = FakeOffice(), []
    chain = com_offices(".doc", fake_dispatch({"Word.Application": word}, tried))
    doc = read_legacy(DOC, chain)
    assert tried == ["Word.Application"]
    assert word.calls[0] == ("Open", True, False, True)  # read-only, not in recent files, no password prompt
    assert ("SaveAs2", ".docx", 12) in word.calls and word.calls[-2:] == [("Close", False), ("Quit",)]
    assert word.Visible is False and word.DisplayAlerts == 0
    assert doc.path == str(DOC)
    assert any(w.code == "legacy_converted" and "Microsoft Word" in w.message for w in doc.warnings)


def test_wps_office_is_used_when_word_is_absent_and_reads_like_the_text():
    wps, tried = FakeOffice(), []
    chain = com_offices(".doc", fake_dispatch({"KWPS.Application": wps}, tried))
    doc = read_legacy(DOC, chain)
    assert tried == ["Word.Application", "KWPS.Application"]
    assert any("WPS Office" in w.message for w in doc.warnings)
    from app.audit import audit_file
    from app.result import report_json

    got = report_json(audit_file(str(SAMPLES / "003_14adff9be6592cdd.txt")))
    assert figures(FORMATS / "seed-003.docx")["table3"] == got["table3"]


def test_a_wps_file_goes_to_wps_office_first():
    assert [c.progid for c in com_offices(".wps")] == ["KWPS.Application", "WPS.Application", "Word.Application"]
    assert [c.progid for c in com_offices(".DOC")] == ["Word.Application", "KWPS.Application", "WPS.Application"]


def test_old_wps_progid_is_the_last_com_chance():
    old_wps, tried = FakeOffice(), []
    read_legacy(DOC, com_offices(".doc", fake_dispatch({"WPS.Application": old_wps}, tried)))
    assert tried == ["Word.Application", "KWPS.Application", "WPS.Application"]


def test_file_office_cannot_open_is_called_damaged_naming_who_tried():
    tried = []
    installed = {"Word.Application": FakeOffice(cannot_open=True), "KWPS.Application": FakeOffice(cannot_open=True)}
    with pytest.raises(ReadError) as exc:
        read_legacy(DOC, com_offices(".doc", fake_dispatch(installed, tried)))
    assert exc.value.code == "legacy_convert_failed"
    assert "Microsoft Word、WPS Office" in exc.value.message and "损坏或受密码保护" in exc.value.message
    assert installed["Word.Application"].calls[-1] == ("Quit",), "the private Word instance is closed"


def test_nothing_installed_names_what_to_install():
    with pytest.raises(ReadError) as exc:
        read_legacy(DOC, com_offices(".doc", fake_dispatch({}, [])))
    assert exc.value.code == "legacy_no_converter"
    msg = exc.value.message
    assert all(name in msg for name in ("WPS Office", "Microsoft Word", "LibreOffice", "另存为", ".docx"))
    assert "损坏" not in msg


def test_without_pywin32_com_is_absent_not_a_crash(monkeypatch):
    monkeypatch.setitem(sys.modules, "win32com", None)
    monkeypatch.setitem(sys.modules, "win32com.client", None)
    with pytest.raises(ConverterAbsent):
        ComOffice("Microsoft Word", "Word.Application").convert(DOC, Path("."))


def test_windows_tries_com_then_libreoffice(monkeypatch):
    monkeypatch.setattr(legacy, "find_soffice", lambda: "/opt/libreoffice/program/soffice")
    names = [getattr(c, "progid", c.name) for c in converters(".doc", platform="win32")]
    assert names == ["Word.Application", "KWPS.Application", "WPS.Application", "LibreOffice"]
    assert [c.name for c in converters(".doc", platform="linux")] == ["LibreOffice"]
    monkeypatch.setattr(legacy, "find_soffice", lambda: None)
    assert converters(".doc", platform="linux") == []


def fake_libreoffice(folder: Path, with_writer: bool) -> str:
    """A LibreOffice program folder whose soffice behaves like the real one without Writer."""
    program = folder / "program"
    program.mkdir(parents=True)
    (program / "libmergedlo.so").write_bytes(b"\x7fELF")
    if with_writer:
        (program / "libswlo.so").write_bytes(b"\x7fELF")
    soffice = program / "soffice"
    soffice.write_text("#!/bin/sh\necho 'Error: source file could not be loaded' >&2\nexit 0\n", encoding="utf-8")
    soffice.chmod(0o755)
    return str(soffice)


@pytest.mark.skipif(sys.platform.startswith("win"), reason="the fake soffice is a shell script")
def test_libreoffice_without_writer_says_what_is_missing_not_that_the_file_is_bad(tmp_path):
    exe = fake_libreoffice(tmp_path, with_writer=False)
    assert writer_installed(exe) is False
    with pytest.raises(ReadError) as exc:
        read_legacy(DOC, [LibreOffice(exe)])
    assert exc.value.code == "legacy_converter_incomplete"
    msg = exc.value.message
    assert "LibreOffice 缺少文字处理组件（Writer）" in msg and "文件本身没有问题" in msg
    assert "损坏" not in msg and "密码" not in msg


@pytest.mark.skipif(sys.platform.startswith("win"), reason="the fake soffice is a shell script")
def test_libreoffice_with_writer_that_fails_blames_the_file(tmp_path):
    exe = fake_libreoffice(tmp_path, with_writer=True)
    assert writer_installed(exe) is True
    with pytest.raises(ReadError) as exc:
        read_legacy(DOC, [LibreOffice(exe)])
    assert exc.value.code == "legacy_convert_failed" and "LibreOffice" in exc.value.message


def test_incomplete_libreoffice_then_wps_office_converts(tmp_path, monkeypatch):
    """A LibreOffice without Writer is skipped when another program can convert."""
    monkeypatch.setattr(legacy, "writer_installed", lambda exe: False)
    tried = []
    chain = [LibreOffice(str(tmp_path / "soffice"))] + com_offices(".doc", fake_dispatch({"KWPS.Application": FakeOffice()}, tried))
    doc = read_legacy(DOC, chain)
    assert any("WPS Office" in w.message for w in doc.warnings)


def test_unknown_program_folder_is_not_judged(tmp_path):
    """A wrapper script outside LibreOffice's program folder (snap, flatpak): try it, do not guess."""
    wrapper = tmp_path / "soffice"
    wrapper.write_text("#!/bin/sh\n", encoding="utf-8")
    assert writer_installed(str(wrapper)) is None


@pytest.mark.skipif(sys.platform != "win32", reason="real COM needs Windows with pywin32")
def test_real_com_on_this_windows_converts_or_says_absent(tmp_path):
    """On this Windows (under Wine: no Office) every COM converter either converts or is absent."""
    pytest.importorskip("win32com.client")
    src = tmp_path / "副本 source.doc"
    shutil.copyfile(DOC, src)
    for office in com_offices(".doc"):
        out_dir = tmp_path / office.progid
        out_dir.mkdir()
        try:
            out = office.convert(src, out_dir)
        except ConverterAbsent:
            continue
        assert out.suffix == ".docx" and out.stat().st_size > 0
