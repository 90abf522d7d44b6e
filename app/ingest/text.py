"""Plain-text reports: detect the encoding from the bytes, never from the extension."""
from __future__ import annotations

import codecs
from pathlib import Path

from app.model import Document, ParseWarning, ReadError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _plausible_share(text: str) -> float:
    """Share of characters a report is made of: CJK, ASCII printable, whitespace, CJK punctuation."""
    if not text:
        return 0.0
    good = sum(1 for ch in text if ("\u4e00" <= ch <= "\u9fff") or (" " <= ch <= "~") or ch in "\t\n\r"
               or ("\u3000" <= ch <= "\u303f") or ("\uff00" <= ch <= "\uffef") or ch in "“”‘’…—·")
    return good / len(text)


def _looks_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: NUL bytes in ASCII characters, and a decoding that reads as text."""
    sample = data[:8000]
    sample = sample[: len(sample) // 2 * 2]
    best = None
    for enc in ("utf-16-le", "utf-16-be"):
        text = sample.decode(enc, errors="replace")
        share = _plausible_share(text)
        if share > 0.9 and "\x00" not in text and (best is None or share > best[0]):
            best = (share, enc)
    return best[1] if best else None


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Return (text, encoding). Raises ReadError for binary data."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return data.decode(enc, errors="replace"), enc
    utf16 = _looks_utf16(data) if b"\x00" in data[:8192] else None
    if utf16:
        return data.decode(utf16, errors="replace"), utf16
    if b"\x00" in data[:8192]:
        raise ReadError("binary", "文件内容是二进制数据，不是文本；可能是改了扩展名的其他文件。")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # GB18030 is a superset of GBK/GB2312 and the usual encoding of Chinese text files.
    try:
        text = data.decode("gb18030")
        if _cjk_share(text) > 0.05 or len(text) < 200:
            return text, "gb18030"
    except UnicodeDecodeError:
        pass
    # A few damaged bytes (a flipped bit, a cut multi-byte character) in an otherwise
    # UTF-8 or GB18030 Chinese text: read it with those characters shown as U+FFFD (the
    # reader says so) instead of refusing the whole report.
    for enc in ("utf-8", "gb18030"):
        text = data.decode(enc, errors="replace")
        if text.count("\ufffd") <= max(4, len(text) // 1000) and _cjk_share(text) > 0.05:
            return text, enc
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200000]).best()
    if best is None:
        raise ReadError("undecodable", "无法识别文件的文字编码，文件可能已损坏或不是文本。")
    return data.decode(best.encoding, errors="replace"), best.encoding


def _cjk_share(text: str) -> float:
    if not text:
        return 0.0
    cjk = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    return cjk / len(text)


def _control_share(text: str) -> float:
    if not text:
        return 0.0
    bad = sum(1 for ch in text if (ord(ch) < 32 and ch not in "\t\n\r\f") or ch == "\ufffd")
    return bad / len(text)


def read_text_file(path: Path) -> Document:
    data = path.read_bytes()
    text, enc = decode_bytes(data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ReadError("empty", f"文件只有空白，没有文字内容：{path.name}")
    if _control_share(text) > 0.02:
        raise ReadError("binary", "文件内容含大量控制字符或乱码，不是可读的文本；可能是改了扩展名的其他文件。")
    damaged = text.count("\ufffd")
    warnings = [ParseWarning("damaged-bytes", f"文件中有 {damaged} 处字节无法按 {enc} 解码（显示为“\ufffd”），"
                             "这些位置的文字或数字可能缺失，请核对原文件。")] if damaged else []
    return Document(path=str(path), format="txt", text=text, encoding=enc, warnings=warnings)
