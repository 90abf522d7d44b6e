"""Turn a table region into logical rows: (label text, values), whatever the layout.

Real reports arrive as tab-separated rows, one cell per line (Word and web copies),
PDF text with labels split around their numbers, or as grids from a format reader.
All of them reduce to a stream of tokens — text pieces and number pieces — and a
table row is "the text since the previous numbers, then a run of numbers". Rows are
then recognised by the keywords of their labels (never by counting numbers), which
is what makes the reader indifferent to how the cells were laid out.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from app.model import Grid, Span, Value
from app.normalize import NormText, compact

_NUM = re.compile(
    r"^(?P<sign>[+-])?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?P<unit>万元|元|件|个|项|条|次|人次|%)?$"
)
# A figure beyond these is no count or amount a report holds (and would overflow a float
# or int()'s digit limit): it is read as unknown, with a doubt (``absurd_numbers``).
MAX_WHOLE_DIGITS = 15
MAX_FRACTION_DIGITS = 6
BLANK_MARKS = frozenset({"/", "-", "—", "——", "--", "－", "–", "无", "\\", "、", "空", "/ ",
                         "□"})  # □: a cell OCR could not read (app.ingest.ocr_values.UNREADABLE)
_TOKEN = re.compile(r"\S+")


@dataclass
class Token:
    text: str  # normalised
    span: Span  # in the original text
    kind: str  # "num" | "blank" | "text"
    value: int | float | None = None
    unit: str | None = None


def classify(text: str) -> tuple[str, int | float | None, str | None]:
    """Classify one normalised cell text as a number, a blank mark or text."""
    t = text.strip()
    if t == "" or t in BLANK_MARKS or _HTML_BLANK.fullmatch(t):
        return "blank", None, None
    m = _NUM.match(t)
    if not m:
        return "text", None, None
    raw = m.group("num").replace(",", "")
    whole, _, frac = raw.partition(".")
    if len(whole.lstrip("0")) > MAX_WHOLE_DIGITS or len(frac) > MAX_FRACTION_DIGITS:
        return "num", None, m.group("unit")  # not a count: unknown (the parser says so)
    val: int | float = float(raw) if frac else int(raw)
    if m.group("sign") == "-":
        val = -val
    return "num", val, m.group("unit")


# Cell borders of pipe/markdown-flattened tables and box drawing, HTML line breaks and
# spaces left in by converters: separators, not text.
_CELL_BORDER = re.compile(r"[|│┃┆┇┊┋]")
_SEPARATOR = re.compile(r"[|│┃┆┇┊┋]+|<br\s*/?>|&nbsp;|&#160;|&emsp;|&ensp;", re.IGNORECASE)
_HTML_BLANK = re.compile(r"(?:&nbsp;|&#160;)+", re.IGNORECASE)
_SEPARATOR_HINT = re.compile(r"[|│┃┆┇┊┋<&]")
_HAS_DIGIT = re.compile(r"\d")
_RULE_LINE = re.compile(r"^[:=+\-─━—]{3,}$")

# Page furniture inside a table: a footer line (``- 4 -``, ``第 4 页 共 7 页``, ``4/7``) and
# page counters anywhere. Their digits are no cell of the table.
_FOOTER_LINE = re.compile(
    r"^(?:[-—–－]\s*\d{1,3}\s*[-—–－]|第\s*\d{1,3}\s*页(?:\s*[/,，]?\s*共\s*\d{1,3}\s*页)?"
    r"|共\s*\d{1,3}\s*页\s*[/,，]?\s*第\s*\d{1,3}\s*页|\d{1,3}\s*/\s*\d{1,3}|page\s*\d{1,3}(?:\s*of\s*\d{1,3})?)$",
    re.IGNORECASE)
_PAGE_COUNTER = re.compile(r"第\s*\d{1,3}\s*页(?:\s*[/,，]?\s*共\s*\d{1,3}\s*页)?|共\s*\d{1,3}\s*页\s*[/,，]?\s*第\s*\d{1,3}\s*页")
# A converter's made-up column header: 数据1 数据2 … (the digits number columns, not cells).
_GENERIC_HEAD = re.compile(r"^(?P<p>数据|列|栏|字段|Column|column|col|Col)(?P<n>\d{1,2})$")

# Digits glued to the label before or after them (web copies that lost the cell borders).
_DIGITS = re.compile(r"\d+(?:\.\d+)?")
_UNIT_AFTER = frozenset("年月日号件条个项元万次人%‰页期届类岁名家户所批份")
_OPEN_BEFORE = frozenset("第〔[(（《<“\"'#")


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def glued_pieces(piece: str) -> list[tuple[int, int]]:
    """Cut a token where a number is glued to label text (``数量3001``, ``3119二、上年结转``,
    ``00000002.其他``); numbering (``2.其他``), units (``12件``, ``2023年``) and references
    (``第4页``, ``〔2021〕30号``) stay whole. Returns [start, end) pieces of ``piece``."""
    cuts: set[int] = set()
    if _GENERIC_HEAD.match(piece):
        return [(0, len(piece))]
    for m in _DIGITS.finditer(piece):
        i, j = m.start(), m.end()
        if i == 0 and j == len(piece):
            break
        before = piece[i - 1] if i else ""
        after = piece[j] if j < len(piece) else ""
        if before and (before in _OPEN_BEFORE or not (_is_han(before) or before in ")）】]》”")):
            continue
        if after in _UNIT_AFTER or (after and not (_is_han(after) or after in "(（“.、")):
            continue
        if after and after in ".、":
            nxt = piece[j + 1] if j + 1 < len(piece) else ""
            if not (_is_han(nxt) or nxt in "(（“") or "." in m.group():
                continue
            if j - i == 1 and not before:
                continue  # ``2.其他…``: numbering at the start of a label
            j -= 1  # the last digit numbers the next label: ``0000000|2.其他``
            if j == i:
                cuts.add(i)
                continue
        cuts.update(x for x in (i, j) if 0 < x < len(piece))
    if not cuts:
        return [(0, len(piece))]
    bounds = [0, *sorted(cuts), len(piece)]
    return [(a, b) for a, b in zip(bounds, bounds[1:]) if a < b]


def _furniture(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """[start, end) ranges of page furniture between ``start`` and ``end``."""
    out = []
    pos = start
    for line in text[start:end].split("\n"):
        if _FOOTER_LINE.match(line.strip()):
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    out += [(m.start(), m.end()) for m in _PAGE_COUNTER.finditer(text, start, end)]
    return sorted(out)


def _drop_generic_headers(tokens: list[Token]) -> list[Token]:
    """Remove runs of 数据1 数据2 … (two or more, numbered from 1)."""
    drop: set[int] = set()
    i = 0
    while i < len(tokens):
        t = tokens[i].text
        m = _GENERIC_HEAD.match(t) if t[-1:].isdigit() and tokens[i].kind == "text" else None
        if not m or m.group("n") != "1":
            i += 1
            continue
        j, n = i + 1, 2
        while j < len(tokens):
            mj = _GENERIC_HEAD.match(tokens[j].text)
            if not mj or mj.group("p") != m.group("p") or int(mj.group("n")) != n:
                break
            j, n = j + 1, n + 1
        if j - i >= 2:
            drop.update(range(i, j))
        i = j
    return [t for k, t in enumerate(tokens) if k not in drop]


def _pieces(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """Whitespace tokens of text[a:b], cut at cell borders and HTML line breaks/spaces."""
    out = []
    for m in _TOKEN.finditer(text, a, b):
        if not _SEPARATOR_HINT.search(m.group()):
            if not _RULE_LINE.match(m.group()):
                out.append((m.start(), m.end()))
            continue
        if _HTML_BLANK.fullmatch(m.group()):
            out.append((m.start(), m.end()))  # a cell holding only &nbsp;: a blank cell
            continue
        pos = m.start()
        for sep in _SEPARATOR.finditer(text, m.start(), m.end()):
            out.append((pos, sep.start()))
            pos = sep.end()
        out.append((pos, m.end()))
    return [(x, y) for x, y in out if x < y and not _RULE_LINE.match(text[x:y])]


def _line_tokens(nt: NormText, a: int, b: int, cells: bool) -> list[Token]:
    """Tokens of one line part. ``cells``: a pipe-table line, whose empty cells between two
    numbers are blank cells (kept, so the numbers after them stay in their columns)."""
    text = nt.text
    spans: list[tuple[int, int] | None] = []  # None: an empty cell
    if cells:
        bounds = [a, *(x for m in _CELL_BORDER.finditer(text, a, b) for x in (m.start(), m.end())), b]
        pairs = list(zip(bounds[0::2], bounds[1::2]))
        for k, (x, y) in enumerate(pairs):
            got = _pieces(text, x, y)
            if got:
                spans += got
            elif 0 < k < len(pairs) - 1 and not text[x:y].strip():
                spans.append(None)
    else:
        spans = _pieces(text, a, b)
    out: list[Token | None] = []
    for sp in spans:
        if sp is None:
            out.append(None)
            continue
        piece = text[sp[0]:sp[1]]
        kind, val, unit = classify(piece)
        if kind != "text" or not _HAS_DIGIT.search(piece):
            out.append(Token(piece, nt.span(*sp), kind, val, unit))
            continue
        for pa, pb in glued_pieces(piece):
            kind, val, unit = classify(piece[pa:pb])
            out.append(Token(piece[pa:pb], nt.span(sp[0] + pa, sp[0] + pb), kind, val, unit))
    kept: list[Token] = []
    for i, tok in enumerate(out):
        if tok is not None:
            kept.append(tok)
            continue
        before = next((t for t in reversed(out[:i]) if t is not None), None)
        after = next((t for t in out[i + 1:] if t is not None), None)
        if before is not None and after is not None and before.kind != "text" and after.kind != "text":
            at = before.span[1]
            kept.append(Token("", (at, at), "blank"))
    return kept


def tokenize(nt: NormText, start: int, end: int) -> list[Token]:
    """Tokens of the normalised text between normalised offsets [start, end)."""
    out: list[Token] = []
    text = nt.text
    segments, pos = [], start
    for a, b in _furniture(text, start, end):
        if a > pos:
            segments.append((pos, a))
        pos = max(pos, b)
    segments.append((pos, end))
    for seg_start, seg_end in segments:
        if not _CELL_BORDER.search(text, seg_start, seg_end):
            out += _line_tokens(nt, seg_start, seg_end, False)
            continue
        line_start = seg_start
        while line_start < seg_end:
            nl = text.find("\n", line_start, seg_end)
            line_end = seg_end if nl < 0 else nl
            cells = len(_CELL_BORDER.findall(text, line_start, line_end)) >= 2
            out += _line_tokens(nt, line_start, line_end, cells)
            line_start = line_end + 1
    return _drop_generic_headers(out)


@dataclass
class LogicalRow:
    """Label pieces followed by value cells."""

    label_tokens: list[Token]
    values: list[Value]
    trailing: bool = False  # label text after the last numbers (no values)

    _compact: tuple[str, list[int]] | None = field(default=None, repr=False)

    @property
    def label(self) -> str:
        return self.compact_label()[0]

    def compact_label(self) -> tuple[str, list[int]]:
        """Label without whitespace, and for each character its original offset."""
        if self._compact is None:
            chars: list[str] = []
            pos: list[int] = []
            for tok in self.label_tokens:
                s, e = tok.span
                piece = tok.text
                # spans map piece chars 1:1 when the token kept its length
                for j, ch in enumerate(piece):
                    chars.append(ch)
                    pos.append(s + j if e - s == len(piece) else s)
            self._compact = ("".join(chars), pos)
        return self._compact

    def label_span(self, a: int, b: int) -> Span | None:
        """Original span of compact label characters [a, b)."""
        _, pos = self.compact_label()
        if not pos or a >= b:
            return None
        a = max(0, min(a, len(pos) - 1))
        b = max(a + 1, min(b, len(pos)))
        return pos[a], pos[b - 1] + 1


def value_of(tok: Token) -> Value:
    return Value(tok.value, tok.text, tok.span, tok.unit)


def rows_from_tokens(tokens: list[Token]) -> list[LogicalRow]:
    """Group a token stream into rows: pending text, then a maximal run of values."""
    rows: list[LogicalRow] = []
    pending: list[Token] = []
    i, n = 0, len(tokens)
    while i < n:
        tok = tokens[i]
        if tok.kind == "text":
            pending.append(tok)
            i += 1
            continue
        run: list[Value] = []
        while i < n and tokens[i].kind != "text":
            run.append(value_of(tokens[i]))
            i += 1
        rows.append(LogicalRow(pending, run))
        pending = []
    if pending:
        rows.append(LogicalRow(pending, [], trailing=True))
    return rows


def rows_from_grid(grid: Grid) -> list[LogicalRow]:
    """One logical row per grid row: text cells form the label, the trailing
    number/blank cells (after the last text cell) are the values. Repeats of merged
    cells are skipped so a merged label is read once."""
    rows: list[LogicalRow] = []
    for cells in grid.rows:
        label: list[Token] = []
        values: list[Value] = []
        for cell in cells:
            if cell.is_repeat:
                continue
            txt = compact(cell.text)
            kind, val, unit = classify(txt)
            span = cell.span or (0, 0)
            if kind == "text":
                label.append(Token(txt, span, "text"))
                values = []  # values only count after the last label cell
            else:
                values.append(Value(val, cell.text.strip(), cell.span, unit, doubt=cell.doubt))
        if label or values:
            rows.append(LogicalRow(label, values))
    return rows


def grid_text(grid: Grid) -> str:
    return "".join(compact(c.text) for row in grid.rows for c in row if not c.is_repeat)
