"""Legacy Word (.doc) and WPS (.wps) files: converted to .docx by LibreOffice, then read.

There is no reliable pure-Python reader for the old binary formats. When LibreOffice
is installed it converts a copy in a private temporary folder (its own profile, so a
running LibreOffice or a parallel batch does not block it); the source is never
written. Without LibreOffice the auditor is told how to save the file as .docx or PDF.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from app.model import Document, ParseWarning, ReadError

TIMEOUT = 120  # seconds for one conversion
_CANDIDATES = ("soffice", "libreoffice")
_WINDOWS = (r"C:\Program Files\LibreOffice\program\soffice.exe", r"C:\Program Files (x86)\LibreOffice\program\soffice.exe")


def find_soffice() -> str | None:
    for name in _CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    for path in _WINDOWS:
        if os.path.exists(path):
            return path
    return None


def read_legacy(path: str | Path) -> Document:
    """Convert a .doc/.wps to .docx with LibreOffice and read it; ReadError when that is impossible."""
    p = Path(path)
    kind = "WPS" if p.suffix.lower() == ".wps" else "Word 97-2003（.doc）"
    exe = find_soffice()
    if exe is None:
        raise ReadError("legacy_no_converter", f"{p.name} 是旧版 {kind} 文件，本机未安装 LibreOffice，无法直接读取。"
                        "请用 Word 或 WPS 打开后“另存为” .docx 或 PDF 格式，再重新审核。")
    from app.ingest.docx import read_docx

    with tempfile.TemporaryDirectory(prefix="govaudit-") as tmp:
        src = Path(tmp) / ("source" + p.suffix.lower())
        shutil.copyfile(p, src)
        profile = Path(tmp) / "profile"
        cmd = [exe, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
               "--convert-to", "docx:MS Word 2007 XML", "--outdir", tmp, str(src)]
        try:
            subprocess.run(cmd, capture_output=True, timeout=TIMEOUT, check=False,
                           stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            raise ReadError("legacy_timeout", f"转换旧版 {kind} 文件超时（{TIMEOUT} 秒）：{p.name}。"
                            "请用 Word 或 WPS 另存为 .docx 或 PDF 后再审核。") from None
        except OSError as exc:
            raise ReadError("legacy_convert_failed", f"无法启动 LibreOffice 转换 {p.name}：{exc}") from None
        out = Path(tmp) / "source.docx"
        if not out.exists():
            raise ReadError("legacy_convert_failed", f"旧版 {kind} 文件转换失败，文件可能已损坏或受密码保护：{p.name}。"
                            "请用 Word 或 WPS 打开后另存为 .docx 或 PDF。")
        doc = read_docx(out)
    doc.path = str(path)
    doc.warnings.append(ParseWarning("legacy_converted", f"{p.name} 是旧版 {kind} 文件，已用 LibreOffice 转换为 .docx 后读取；"
                                     "表格版式可能与原文件略有差异。"))
    return doc
