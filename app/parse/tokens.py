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
BLANK_MARKS = frozenset({"/", "-", "—", "——", "--", "－", "–", "无", "\\", "、", "空", "/ "})
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
    if t == "" or t in BLANK_MARKS:
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


# Cell borders of pipe/markdown-flattened tables and box drawing: separators, not text.
_BORDER = re.compile(r"[|│┃┆┇┊┋]+")
_RULE_LINE = re.compile(r"^[:=+\-─━—]{3,}$")


def tokenize(nt: NormText, start: int, end: int) -> list[Token]:
    """Tokens of the normalised text between normalised offsets [start, end)."""
    out: list[Token] = []
    text = nt.text
    for m in _TOKEN.finditer(text, start, end):
        pieces = [(m.start(), m.end())]
        if _BORDER.search(m.group()):
            pieces, pos = [], m.start()
            for b in _BORDER.finditer(text, m.start(), m.end()):
                pieces.append((pos, b.start()))
                pos = b.end()
            pieces.append((pos, m.end()))
        for a, b in pieces:
            piece = text[a:b]
            if not piece or _RULE_LINE.match(piece):
                continue
            kind, val, unit = classify(piece)
            out.append(Token(piece, nt.span(a, b), kind, val, unit))
    return out


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
                values.append(Value(val, cell.text.strip(), cell.span, unit))
        if label or values:
            rows.append(LogicalRow(label, values))
    return rows


def grid_text(grid: Grid) -> str:
    return "".join(compact(c.text) for row in grid.rows for c in row if not c.is_repeat)
