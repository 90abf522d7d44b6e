"""Legacy Word (.doc) and WPS (.wps) files: converted to .docx by an installed program, then read.

There is no reliable pure-Python reader for the old binary formats, so a copy of the file
(in a private temporary folder; the source is never written) is converted by whatever the
PC has, in this order:

1. on Windows, WPS Office or Microsoft Word through COM (app/ingest/office_com.py) —
   what a county office PC usually has; for a .wps WPS Office goes first;
2. LibreOffice (``soffice --convert-to docx``, with its own profile so that a running
   LibreOffice or a parallel batch does not block it) — a LibreOffice installed without
   its Writer component is reported as such, not as a damaged file;
3. otherwise a Chinese message naming what to install, or to save the file as .docx.
"""
from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from app.ingest.convert import ConversionFailed, ConversionTimeout, ConverterAbsent, ConverterIncomplete
from app.model import Document, ParseWarning, ReadError

log = logging.getLogger(__name__)

TIMEOUT = 120  # seconds for one LibreOffice conversion
_CANDIDATES = ("soffice", "libreoffice")
_WINDOWS = (r"C:\Program Files\LibreOffice\program\soffice.exe", r"C:\Program Files (x86)\LibreOffice\program\soffice.exe")
# The Writer core library ("sw" = StarWriter) beside soffice: a LibreOffice installed without
# Writer (Debian's libreoffice-core without libreoffice-writer, a custom Windows install)
# cannot load a .doc and only says "source file could not be loaded".
WRITER_LIBRARIES = ("libswlo.so", "swlo.dll", "libswlo.dylib")
SAVE_AS_HINT = "或用 WPS 或 Word 打开后“另存为” .docx 或 PDF 格式，再重新审核。"


class Converter(Protocol):
    name: str

    def convert(self, src: Path, out_dir: Path) -> Path: ...


def find_soffice() -> str | None:
    for name in _CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    for path in _WINDOWS:
        if os.path.exists(path):
            return path
    return None


def writer_installed(soffice: str) -> bool | None:
    """True/False when LibreOffice's program folder shows whether Writer is there; None if unknown.

    Unknown when ``soffice`` is a wrapper outside the program folder (snap, flatpak): then
    the conversion is simply tried.
    """
    program = Path(os.path.realpath(soffice)).parent
    if not any(program.glob("*lo.*")):  # not LibreOffice's program folder (no *lo.so/.dll at all)
        return None
    return any((program / name).exists() for name in WRITER_LIBRARIES)


@dataclass(frozen=True)
class LibreOffice:
    """``soffice --headless --convert-to docx`` with a private profile."""

    exe: str
    name: str = "LibreOffice"

    def convert(self, src: Path, out_dir: Path) -> Path:
        if writer_installed(self.exe) is False:
            raise ConverterIncomplete(self.name, "文字处理组件（Writer）")
        profile = out_dir / "lo-profile"
        cmd = [self.exe, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
               "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(out_dir), str(src)]
        try:
            proc = subprocess.run(cmd, capture_output=True, timeout=TIMEOUT, check=False,
                                  stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            raise ConversionTimeout(self.name, TIMEOUT) from None
        except OSError as exc:
            raise ConverterAbsent(self.name, f"无法启动（{exc.strerror or exc}）") from None
        out = out_dir / (src.stem + ".docx")
        if not out.exists():
            log.info("LibreOffice did not convert %s: rc=%s %s", src, proc.returncode,
                     proc.stderr.decode("utf-8", "replace").strip())
            raise ConversionFailed(self.name)
        return out


def converters(suffix: str, platform: str | None = None) -> list[Converter]:
    """What this PC can convert with, in the order to try (see the module docstring)."""
    platform = sys.platform if platform is None else platform
    found: list[Converter] = []
    if platform.startswith("win"):
        from app.ingest.office_com import com_offices

        found.extend(com_offices(suffix))
    exe = find_soffice()
    if exe:
        found.append(LibreOffice(exe))
    return found


def read_legacy(path: str | Path, available: list[Converter] | None = None) -> Document:
    """Convert a .doc/.wps to .docx with the first converter that works and read it.

    ``available`` defaults to :func:`converters`; ReadError (Chinese) when none worked.
    """
    p = Path(path)
    kind = "WPS" if p.suffix.lower() == ".wps" else "Word 97-2003（.doc）"
    chain = converters(p.suffix) if available is None else available
    from app.ingest.docx import read_docx

    absent: list[ConverterAbsent] = []
    incomplete: list[ConverterIncomplete] = []
    failed: list[ConversionFailed] = []
    with tempfile.TemporaryDirectory(prefix="govaudit-") as tmp:
        src = Path(tmp) / ("source" + p.suffix.lower())
        shutil.copyfile(p, src)
        for conv in chain:
            out_dir = Path(tmp) / f"out{len(absent) + len(incomplete) + len(failed)}"
            out_dir.mkdir()
            try:
                out = conv.convert(src, out_dir)
            except ConverterAbsent as exc:
                absent.append(exc)
                continue
            except ConverterIncomplete as exc:
                incomplete.append(exc)
                continue
            except ConversionFailed as exc:
                failed.append(exc)
                continue
            except ConversionTimeout as exc:
                raise ReadError("legacy_timeout", f"用 {exc.name} 转换旧版 {kind} 文件超时（{exc.seconds} 秒）："
                                f"{p.name}。请用 WPS 或 Word 另存为 .docx 或 PDF 后再审核。") from None
            doc = read_docx(out)
            doc.path = str(path)
            doc.warnings.append(ParseWarning(
                "legacy_converted", f"{p.name} 是旧版 {kind} 文件，已用 {conv.name} 转换为 .docx 后读取；"
                "表格版式可能与原文件略有差异。"))
            return doc
    raise _no_conversion(p.name, kind, absent, incomplete, failed)


def _no_conversion(name: str, kind: str, absent: list[ConverterAbsent], incomplete: list[ConverterIncomplete],
                   failed: list[ConversionFailed]) -> ReadError:
    """The one true reason no converter produced a .docx, in Chinese."""
    if failed:
        tried = "、".join(dict.fromkeys(f.name for f in failed))
        return ReadError("legacy_convert_failed", f"旧版 {kind} 文件转换失败（已尝试 {tried}），文件可能已损坏或受密码保护：{name}。"
                         "请用 WPS 或 Word 打开，确认能正常打开后另存为 .docx 或 PDF。")
    if incomplete:
        parts = "；".join(f"本机的 {i.name} 缺少{i.missing}" for i in incomplete)
        return ReadError("legacy_converter_incomplete", f"{name} 是旧版 {kind} 文件，{parts}，无法转换（文件本身没有问题）。"
                         f"请为 {incomplete[0].name} 补装该组件，或安装 WPS Office 或 Microsoft Word，" + SAVE_AS_HINT)
    return ReadError("legacy_no_converter", f"{name} 是旧版 {kind} 文件，本机没有可以转换它的软件"
                     "（WPS Office、Microsoft Word 或 LibreOffice）。请安装其中之一，" + SAVE_AS_HINT)
