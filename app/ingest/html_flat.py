"""A page read as plain lines when its markup is nested deeper than libxml2 builds a tree.

libxml2 stops at 2 048 nested elements (256 without ``huge_tree``) and silently drops
the rest of the page. Rather than report the missing half as missing sections, the
page is read without a tree: scripts and styles dropped, block and row ends become line
breaks, cell ends become spaces, every other tag is removed and entities are decoded.
Every step is a single left-to-right pass (no backtracking regex over the page), so a
20 MB page costs linear time whatever its nesting.
"""
from __future__ import annotations

import html
import re

_DROP = re.compile(r"<(?:(script|style|head|noscript|template)\b|!--)", re.I)
_BREAK = re.compile(r"<\s*(?:br|/?(?:p|div|li|tr|h[1-6]|table|section|article|center|blockquote|pre|dd|dt|ul|ol))\b[^<>]*>",
                    re.I)
_CELL = re.compile(r"<\s*/?\s*t[dh]\b[^<>]*>", re.I)
_TAG = re.compile(r"<[^<>]*>")
_SPACES = re.compile(r"[ \t\r\u00a0\u3000]+")


def _drop_blocks(text: str) -> str:
    """Remove comments and <script>…</script> and friends; an unclosed one drops the rest.

    Each search starts where the previous one ended, so the whole pass is linear.
    """
    low = text.lower()
    out: list[str] = []
    pos = 0
    while True:
        m = _DROP.search(text, pos)
        if m is None:
            out.append(text[pos:])
            break
        out.append(text[pos:m.start()])
        if m.group(1):
            end = low.find(f"</{m.group(1).lower()}", m.end())
            close = low.find(">", end) if end >= 0 else -1
            pos = close + 1 if close >= 0 else -1
        else:
            end = text.find("-->", m.end())
            pos = end + 3 if end >= 0 else -1
        if pos < 0:
            break
    return "".join(out)


def flat_lines(page: str) -> list[str]:
    """The visible text of ``page`` as non-empty lines."""
    text = _drop_blocks(page)
    text = _BREAK.sub("\n", text)
    text = _CELL.sub(" ", text)
    text = html.unescape(_TAG.sub("", text))
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return [line for line in lines if line]
