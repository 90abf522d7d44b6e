"""Mutations of real report files, for the fuzz corpus and the long fuzz run.

Each mutator takes the seed's bytes and a ``random.Random`` and returns new bytes, or
None when it does not apply to that seed. Generic mutators work on any bytes (flips,
truncation, chunk deletion); format-aware ones reach the places a byte flip rarely
does: zip members and their headers, the XML inside them, HTML nesting and table
spans, MIME structure, PDF streams and cross-reference tables, and the figures and
dates in the text itself (absurd numbers, typo Chinese dates, long digit runs).
"""
from __future__ import annotations

import io
import random
import re
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass

Mutator = Callable[[bytes, random.Random], bytes | None]

# --------------------------------------------------------------------------- generic bytes


def flip_bytes(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.choice((1, 2, 8, 64))):
        i = rng.randrange(len(out))
        out[i] ^= 1 << rng.randrange(8)
    return bytes(out)


def random_bytes(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.choice((1, 16, 256))):
        out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(1, max(len(data), 2))]


def delete_chunk(data: bytes, rng: random.Random) -> bytes:
    a = rng.randrange(len(data))
    b = min(len(data), a + rng.choice((1, 16, 512, 4096)))
    return data[:a] + data[b:]


def duplicate_chunk(data: bytes, rng: random.Random) -> bytes:
    a = rng.randrange(len(data))
    b = min(len(data), a + rng.choice((16, 512, 4096)))
    return data[:b] + data[a:b] * rng.choice((1, 2, 50)) + data[b:]


GENERIC: dict[str, Mutator] = {
    "flip": flip_bytes, "random": random_bytes, "truncate": truncate,
    "delete": delete_chunk, "duplicate": duplicate_chunk,
}

# --------------------------------------------------------------------------- text content

_CN = "〇一二三四五六七八九"


def absurd_number(rng: random.Random) -> str:
    """A figure no report holds: past int()'s digit limit, past float range, a 400-digit decimal."""
    return rng.choice((
        "9" * 5000,
        "1" + "0" * 400,
        "0." + "9" * 400,
        "9" * 400 + ".5",
        "1" + "0" * 320,
        "12,345,678,901,234,567,890,123",
        "-" + "7" * 330,
        "１２３４５６７８９０" * 50,
    ))


def absurd_numbers(text: str, rng: random.Random) -> str:
    """Replace a few figures of the text with absurd ones."""
    spots = [m.span() for m in re.finditer(r"\d+", text)]
    if not spots:
        return text + absurd_number(rng)
    for a, b in sorted(rng.sample(spots, min(len(spots), rng.choice((1, 3, 20)))), reverse=True):
        text = text[:a] + absurd_number(rng) + text[b:]
    return text


def long_digit_run(text: str, rng: random.Random) -> str:
    """A run of tens of thousands of digits next to the narrative's keywords."""
    run = "".join(rng.choice("0123456789") for _ in range(rng.choice((5000, 40000))))
    at = rng.randrange(len(text) + 1)
    return text[:at] + rng.choice(("上年结转", "结转下年度", "受理公开申请", "")) + run + text[at:]


def typo_dates(text: str, rng: random.Random) -> str:
    """Chinese dates with typos (二〇二四年一二月三日), impossible days, Arabic dates gone wrong."""
    bad = rng.choice(("二〇二四年一二月三日", "二〇二四年十三月三十二日", "二〇二四年二月三十日", "二〇二四年〇月一日",
                      "2024年13月45日", "2024年2月30日", "0000年0月0日", "二〇二四年十十月一日",
                      "统计期限为2023年1月1日至2023年13月31日。", "发布日期：2024-99-99"))
    if rng.random() < 0.5:
        return text.rstrip() + "\n" + bad + "\n"
    at = rng.randrange(len(text) + 1)
    return text[:at] + bad + text[at:]


def text_mutation(text: str, rng: random.Random) -> str:
    return rng.choice((absurd_numbers, long_digit_run, typo_dates))(text, rng)


def _decode(data: bytes) -> tuple[str, str] | None:
    for enc in ("utf-8", "gb18030"):
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError:
            continue
    return None


def text_content(data: bytes, rng: random.Random) -> bytes | None:
    dec = _decode(data)
    if dec is None:
        return None
    text, enc = dec
    return text_mutation(text, rng).encode(enc, errors="replace")


# --------------------------------------------------------------------------- zip (docx)


def _members(data: bytes) -> list[tuple[zipfile.ZipInfo, bytes]] | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return [(i, zf.read(i)) for i in zf.infolist()]
    except Exception:
        return None


def _write_zip(members: list[tuple[str, bytes]]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, body in members:
            zf.writestr(name, body)
    return buf.getvalue()


def _patch_headers(data: bytes, name: str, patch: Callable[[bytearray, int, bool], None]) -> bytes:
    """Apply ``patch(buf, header_offset, central)`` to the local and central headers of member ``name``."""
    buf = bytearray(data)
    raw = name.encode()
    for sig, central, name_at in ((b"PK\x03\x04", False, 30), (b"PK\x01\x02", True, 46)):
        i = buf.find(sig)
        while i >= 0:
            nlen_at = 28 if central else 26
            (nlen,) = struct.unpack_from("<H", buf, nlen_at + i)
            if bytes(buf[i + name_at:i + name_at + nlen]) == raw:
                patch(buf, i, central)
            i = buf.find(sig, i + 4)
    return bytes(buf)


def _set_flag(bit: int) -> Callable[[bytearray, int, bool], None]:
    def patch(buf: bytearray, at: int, central: bool) -> None:
        off = at + (8 if central else 6)
        (flags,) = struct.unpack_from("<H", buf, off)
        struct.pack_into("<H", buf, off, flags | bit)
    return patch


def _set_method(method: int) -> Callable[[bytearray, int, bool], None]:
    def patch(buf: bytearray, at: int, central: bool) -> None:
        struct.pack_into("<H", buf, at + (10 if central else 8), method)
    return patch


def zip_surgery(data: bytes, rng: random.Random) -> bytes | None:
    """Damage one member of a zip: its flags, method, compressed bytes, or drop it."""
    members = _members(data)
    if not members:
        return None
    names = [i.filename for i, _ in members]
    target = "word/document.xml" if "word/document.xml" in names and rng.random() < 0.7 else rng.choice(names)
    op = rng.choice(("encrypted", "method", "inflate", "drop", "crc", "rename_ns", "size"))
    plain = [(i.filename, body) for i, body in members]
    if op == "drop":
        return _write_zip([(n, b) for n, b in plain if n != target])
    if op == "rename_ns":
        out = []
        for n, b in plain:
            if n == target:
                b = b.replace(b"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
                              b"http://purl.oclc.org/ooxml/wordprocessingml/main")
            out.append((n, b))
        return _write_zip(out)
    zipped = _write_zip(plain)
    if op == "encrypted":
        return _patch_headers(zipped, target, _set_flag(0x1))
    if op == "method":
        return _patch_headers(zipped, target, _set_method(rng.choice((1, 6, 12, 14, 93, 99))))
    if op == "size":
        def big(buf: bytearray, at: int, central: bool) -> None:
            struct.pack_into("<I", buf, at + (24 if central else 22), 0xFFFFFFF0)
        return _patch_headers(zipped, target, big)
    if op == "crc":
        def crc(buf: bytearray, at: int, central: bool) -> None:
            struct.pack_into("<I", buf, at + (16 if central else 14), rng.getrandbits(32))
        return _patch_headers(zipped, target, crc)
    # "inflate": corrupt the compressed bytes of the member so that inflating it fails
    buf = bytearray(zipped)
    with zipfile.ZipFile(io.BytesIO(zipped)) as zf:
        info = zf.getinfo(target)
    (nlen, elen) = struct.unpack_from("<HH", buf, info.header_offset + 26)
    start = info.header_offset + 30 + nlen + elen
    for _ in range(rng.choice((1, 8, 64))):
        if info.compress_size:
            buf[start + rng.randrange(info.compress_size)] ^= 0xFF
    return bytes(buf)


# --------------------------------------------------------------------------- XML inside a docx


def _xml_spans(xml: str, rng: random.Random) -> str:
    value = rng.choice(("99999999999", "4294967297", "1e9", "abc", "-5", "0", "", "1000000", "３", " 7 "))
    tag = rng.choice(("gridSpan", "gridBefore", "gridAfter"))
    if tag == "gridSpan":
        tcs = [m.end() for m in re.finditer(r"<w:tcPr>", xml)]
        if not tcs:
            return xml
        for at in sorted(rng.sample(tcs, min(len(tcs), rng.choice((1, 5, 50)))), reverse=True):
            xml = xml[:at] + f'<w:gridSpan w:val="{value}"/>' + xml[at:]
        return xml
    trs = [m.end() for m in re.finditer(r"<w:tr(?:\s[^>]*)?>", xml)]
    if not trs:
        return xml
    for at in sorted(rng.sample(trs, min(len(trs), rng.choice((1, 5, 50)))), reverse=True):
        xml = xml[:at] + f'<w:trPr><w:{tag} w:val="{value}"/></w:trPr>' + xml[at:]
    return xml


def _xml_nesting(xml: str, rng: random.Random) -> str:
    depth = rng.choice((300, 3000, 20000))
    at = xml.find("<w:body>")
    if at < 0:
        return xml
    at += len("<w:body>")
    inner = "<w:sdt><w:sdtContent>" * depth + "<w:p><w:r><w:t>深</w:t></w:r></w:p>" + "</w:sdtContent></w:sdt>" * depth
    return xml[:at] + inner + xml[at:]


def _xml_text(xml: str, rng: random.Random) -> str:
    """Absurd numbers or typo dates inside <w:t> runs."""
    runs = list(re.finditer(r"(<w:t(?:\s[^>]*)?>)([^<]*)(</w:t>)", xml))
    if not runs:
        return xml
    digits = [m for m in runs if re.search(r"\d", m.group(2))] or runs
    for m in sorted(rng.sample(digits, min(len(digits), rng.choice((1, 5)))), key=lambda m: -m.start()):
        new = text_mutation(m.group(2), rng) if m.group(2) else absurd_number(rng)
        new = new.replace("&", "&amp;").replace("<", "&lt;")
        xml = xml[:m.start(2)] + new + xml[m.end(2):]
    return xml


def _xml_break(xml: str, rng: random.Random) -> str:
    """Unbalanced or undeclared markup, a wrong root namespace, a DOCTYPE."""
    op = rng.choice(("cut", "ns", "doctype", "tag"))
    if op == "cut":
        return xml[: rng.randrange(len(xml))]
    if op == "ns":
        return xml.replace("http://schemas.openxmlformats.org/wordprocessingml/2006/main", "urn:wrong", 1)
    if op == "doctype":
        return xml.replace("?>", '?><!DOCTYPE x [<!ENTITY a "aaaa">]>', 1)
    at = rng.randrange(len(xml))
    return xml[:at] + rng.choice(("<w:p>", "</w:tc>", "<w:tbl>", "<", "&bogus;")) + xml[at:]


def docx_xml(data: bytes, rng: random.Random) -> bytes | None:
    members = _members(data)
    if not members or not any(i.filename == "word/document.xml" for i, _ in members):
        return None
    op = rng.choice((_xml_spans, _xml_spans, _xml_nesting, _xml_text, _xml_text, _xml_break))
    out = []
    for info, body in members:
        if info.filename == "word/document.xml":
            body = op(body.decode("utf-8", errors="replace"), rng).encode("utf-8")
        out.append((info.filename, body))
    return _write_zip(out)


# --------------------------------------------------------------------------- HTML and MHT


def _html_nesting(html: str, rng: random.Random) -> str:
    depth = rng.choice((260, 300, 1000, 5000))
    tag = rng.choice(("div", "span", "font", "b", "table><tr><td"))
    close = "</td></tr></table>" if tag.startswith("table") else f"</{tag}>"
    m = re.search(r"<body[^>]*>", html, re.I)
    at = m.end() if m else 0
    if rng.random() < 0.5:  # wrap the whole body: everything sits below the depth
        end = html.lower().rfind("</body>")
        end = end if end > at else len(html)
        return html[:at] + f"<{tag}>" * depth + html[at:end] + close * depth + html[end:]
    return html[:at] + f"<{tag}>" * depth + "深" + html[at:]  # never closed


def _html_spans(html: str, rng: random.Random) -> str:
    value = rng.choice(("1000", "99999999", "-1", "abc", "1e9", "0", "65535"))
    attr = rng.choice(("rowspan", "colspan"))
    tds = [m.end() for m in re.finditer(r"<t[dh](?=[\s>])", html, re.I)]
    for at in sorted(rng.sample(tds, min(len(tds), rng.choice((1, 10, 200)))), reverse=True):
        html = html[:at] + f' {attr}="{value}"' + html[at:]
    return html


def _html_rows(html: str, rng: random.Random) -> str:
    rows = rng.choice((5000, 40000))
    body = "<table>" + "<tr><td>一</td><td>1</td><td>2</td></tr>" * rows + "</table>"
    at = html.lower().rfind("</body>")
    at = at if at >= 0 else len(html)
    return html[:at] + body + html[at:]


def _html_charset(html: str, rng: random.Random) -> str:
    bogus = rng.choice(("undefined", "xn--abc", "utf\x008", "punycode", "idna", "rot13", "base64",
                        "utf-7", "x-user-defined", "unicode-escape", "zlib", "hex", "\x00"))
    new, n = re.subn(r"charset\s*=\s*[\"']?[A-Za-z0-9_\-]+", f"charset={bogus}", html, count=1, flags=re.I)
    if n:
        return new
    return f'<meta charset="{bogus}">' + html


def html_content(data: bytes, rng: random.Random) -> bytes | None:
    dec = _decode(data)
    if dec is None or "<" not in dec[0]:
        return None
    html, enc = dec
    op = rng.choice((_html_nesting, _html_spans, _html_rows, _html_charset, text_mutation))
    return op(html, rng).encode(enc, errors="replace")


def mht_content(data: bytes, rng: random.Random) -> bytes | None:
    """MIME surgery: parts nested a thousand deep, bogus part charsets, a broken boundary."""
    if b"MIME-Version" not in data[:2000] and b"mime-version" not in data[:2000].lower():
        return None
    op = rng.choice(("nest", "charset", "boundary", "encoding"))
    text = data.decode("latin-1")
    if op == "nest":
        depth = rng.choice((200, 1000, 3000))
        head = "".join(f'Content-Type: multipart/related; boundary="b{i}"\r\n\r\n--b{i}\r\n' for i in range(depth))
        return ("MIME-Version: 1.0\r\n" + head + "Content-Type: text/html; charset=utf-8\r\n\r\n").encode("latin-1") + "<html><body>深</body></html>\r\n".encode()
    if op == "charset":
        bogus = rng.choice(("undefined", "xn--abc", "utf\x008", "punycode", "idna", "rot13", "bogus-charset", "utf-7"))
        new = re.sub(r"charset=\"?[A-Za-z0-9_\-]+\"?", f'charset="{bogus}"', text, flags=re.I)
        return new.encode("latin-1")
    if op == "boundary":
        return re.sub(r'boundary="?([^";\r\n]+)"?', 'boundary="nomatch"', text, count=1).encode("latin-1")
    return re.sub(r"Content-Transfer-Encoding:\s*\S+", "Content-Transfer-Encoding: "
                  + rng.choice(("base64", "quoted-printable", "x-uuencode", "bogus")), text, flags=re.I).encode("latin-1")


# --------------------------------------------------------------------------- PDF


_STREAM = re.compile(rb"stream\r?\n")


def pdf_stream(data: bytes, rng: random.Random) -> bytes | None:
    """Corrupt the bytes of one Flate stream (fails to inflate, or inflates to garbage)."""
    starts = [m.end() for m in _STREAM.finditer(data)]
    if not starts:
        return None
    a = rng.choice(starts)
    b = data.find(b"endstream", a)
    if b <= a + 4:
        return None
    buf = bytearray(data)
    op = rng.choice(("flip", "zero", "bomb"))
    if op == "bomb":  # a valid Flate stream that inflates to much more than its content
        payload = zlib.compress(b"0 0 m " * rng.choice((200_000, 2_000_000)), 9)
        return bytes(buf[:a]) + payload + b"\n" + bytes(buf[b:])
    for _ in range(rng.choice((1, 8, 64))):
        i = rng.randrange(a + 2, b)
        buf[i] = 0 if op == "zero" else buf[i] ^ (1 << rng.randrange(8))
    return bytes(buf)


def pdf_structure(data: bytes, rng: random.Random) -> bytes | None:
    """Damage the cross-reference table, the trailer, the page tree or the object numbers."""
    if not data.startswith(b"%PDF"):
        return None
    op = rng.choice(("xref", "prev_loop", "startxref", "count", "objnum", "length", "kids"))
    if op == "xref":
        m = re.search(rb"xref\s+\d+\s+\d+\s+", data)
        if not m:
            return None
        buf = bytearray(data)
        for _ in range(20):
            i = rng.randrange(m.end(), min(len(buf), m.end() + 2000))
            if 48 <= buf[i] <= 57:
                buf[i] = rng.randrange(48, 58)
        return bytes(buf)
    if op == "prev_loop":
        m = list(re.finditer(rb"startxref\s+(\d+)", data))
        if not m:
            return None
        off = m[-1].group(1)
        return re.sub(rb"trailer\s*<<", b"trailer\n<< /Prev " + off + b" ", data) if b"trailer" in data \
            else data.replace(b"/Type /XRef", b"/Type /XRef /Prev " + off, 1)
    if op == "startxref":
        return re.sub(rb"startxref\s+\d+", b"startxref\n" + str(rng.randrange(10**9)).encode(), data)
    if op == "count":
        return re.sub(rb"/Count\s+\d+", b"/Count " + rng.choice((b"0", b"-1", b"99999999", b"1")), data)
    if op == "objnum":
        return re.sub(rb"\n(\d+) 0 obj", lambda m: b"\n" + str(int(m.group(1)) + rng.choice((1, 7))).encode()
                      + b" 0 obj" if rng.random() < 0.2 else m.group(0), data)
    if op == "length":
        return re.sub(rb"/Length\s+\d+", lambda m: b"/Length " + str(rng.randrange(10**7)).encode()
                      if rng.random() < 0.3 else m.group(0), data)
    return re.sub(rb"/Kids\s*\[", b"/Kids [" + b"1 0 R " * rng.choice((1, 50)), data, count=1)


# --------------------------------------------------------------------------- choice by format


@dataclass(frozen=True)
class Plan:
    """The mutators that fit a seed's format."""

    structural: tuple[tuple[str, Mutator], ...]


PLANS: dict[str, Plan] = {
    "txt": Plan((("text", text_content),)),
    "html": Plan((("html", html_content),)),
    "mht": Plan((("mht", mht_content), ("html", html_content))),
    "docx": Plan((("zip", zip_surgery), ("xml", docx_xml), ("xml", docx_xml))),
    "pdf": Plan((("stream", pdf_stream), ("pdfstruct", pdf_structure))),
    "doc": Plan(()),
}


def kind_of(suffix: str) -> str:
    s = suffix.lower().lstrip(".")
    return {"htm": "html", "mhtml": "mht", "wps": "doc"}.get(s, s)


def mutate(data: bytes, suffix: str, rng: random.Random) -> tuple[str, bytes]:
    """One mutant of ``data``: (how it was made, bytes). Format-aware two times in three."""
    plan = PLANS.get(kind_of(suffix), Plan(()))
    if plan.structural and rng.random() < 0.67:
        name, fn = rng.choice(plan.structural)
        out = fn(data, rng)
        if out is not None and out != data:
            return name, out
    name = rng.choice(sorted(GENERIC))
    out = GENERIC[name](data, rng)
    if not out:
        out = data[:1]
    return name, out
