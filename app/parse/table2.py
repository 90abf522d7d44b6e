"""Table 二 (主动公开政府信息情况), both the 2021 and the 2019 layout (FORMAT.md §4.1, §5.1)."""
from __future__ import annotations

from dataclasses import dataclass

from app.model import LabelSeen, ParseWarning, Section2, Span, TableRow, Value
from app.normalize import compact
from app.parse.glued import split_glued, splittable
from app.parse.tokens import LogicalRow
from app.template import MARKERS_2019, MARKERS_2021, section2_spec

# Row keywords (compact, normalised); the latest-ending one names the row.
_ROW_KEYWORDS: tuple[tuple[str, str], ...] = (
    ("regulations", "规章"),
    ("normative_docs", "规范性文件"),
    ("normative_docs", "规范性档案"),
    ("licensing", "行政许可"),
    ("other_services", "对外管理服务"),
    ("punishment", "行政处罚"),
    ("enforcement", "行政强制"),
    ("fees", "事业性收费"),
    ("procurement", "集中采购"),
)
# The first row of each block carries the block's column header before it.
_HEADED_ROWS = ("regulations", "licensing", "punishment", "fees", "procurement")


def detect_layout(region: str) -> str | None:
    """'2021' / '2019' / 'mixed' from the column labels of table 二, None if none seen."""
    c = compact(region)
    v21 = sum(w for m, w in MARKERS_2021 if m in c)
    v19 = sum(w for m, w in MARKERS_2019 if m in c)
    if v21 and v19:
        return "mixed"
    if v21:
        return "2021"
    if v19:
        return "2019"
    return None


def _match(label: str) -> tuple[str, int] | None:
    best = None
    for key, kw in _ROW_KEYWORDS:
        i = label.rfind(kw)
        if i >= 0 and (best is None or i + len(kw) > best[0]):
            best = (i + len(kw), key, i)
    return (best[1], best[2]) if best else None


def _header_labels(row: LogicalRow, key: str, cols: tuple[str, ...]) -> list[LabelSeen]:
    """Column labels printed between ``信息内容`` and the row label."""
    tokens = row.label_tokens
    idx = None
    for i, tok in enumerate(tokens):
        if "信息内容" in tok.text:
            idx = i
    if idx is None:
        return []
    header = []
    for tok in tokens[idx + 1:]:
        if _match(tok.text):
            break
        header.append(tok)
    if not header:
        return []
    if len(header) == len(cols):
        return [LabelSeen("section2", f"{key}.col{j}", cols[j], tok.text, tok.span)
                for j, tok in enumerate(header)]
    joined = "".join(t.text for t in header)
    span = (header[0].span[0], header[-1].span[1])
    return [LabelSeen("section2", f"{key}.header", "".join(cols), joined, span)]


def _keys_in(label: str, spec: dict) -> list[tuple[str, int]]:
    """Every row of table 二 the label names, in order of position (a column of labels
    printed apart from its numbers names several)."""
    hits: list[tuple[int, int, str]] = []
    for key, kw in _ROW_KEYWORDS:
        if key not in spec:
            continue
        at = label.find(kw)
        while at >= 0:
            hits.append((at, at + len(kw), key))
            at = label.find(kw, at + 1)
    hits.sort(key=lambda h: (h[0], -h[1]))
    out: list[tuple[str, int]] = []
    end = -1
    for a, b, key in hits:
        if a < end:
            continue  # ``规范性文件`` inside ``行政规范性文件`` is one name
        end = b
        if not out or out[-1][0] != key:
            out.append((key, a))
    return out


def _cell_alone(row: LogicalRow, at: int, row_label: str) -> bool:
    """The label piece at compact offset ``at`` is the row label alone (a table cell),
    not part of a sentence that happens to name the same thing."""
    pos = 0
    for tok in row.label_tokens:
        text = "".join(tok.text.split())
        if pos <= at < pos + len(text):
            return text.endswith(row_label[-2:]) and len(text) <= len(row_label) + 2
        pos += len(text)
    return False


@dataclass
class _Row:
    key: str
    found: str
    span: Span | None
    values: list[Value]
    exact: bool  # the label piece is the row label alone (a table cell, not a sentence)
    row: LogicalRow | None = None
    apart: bool = False


def _fit(r: _Row, want: int, row_label: str, warnings: list[ParseWarning]) -> list[Value] | None:
    """``want`` values for the row, or None when they cannot be told apart (a doubt is said)."""
    vals = list(r.values)
    if len(vals) > want:
        extra = vals[want:]
        if any(v.value != vals[0].value for v in extra) and want == 1:
            warnings.append(ParseWarning("t2-width", f"表二“{row_label}”读到{len(vals)}个数，取第一个",
                                         vals[0].span, f"表二 {row_label}"))
        return vals[:want]
    if len(vals) == want:
        return vals
    if splittable(vals, want):
        readings = split_glued(vals, want, lambda cells: True)
        if len(readings) == 1:
            warnings.append(ParseWarning(
                "t2-glued", f"表二“{row_label}”的数字粘连在一起（{''.join(v.raw for v in vals)}），"
                f"只有一种拆法，已拆成{want}个数，请核对", vals[0].span, f"表二 {row_label}"))
            return readings[0]
        warnings.append(ParseWarning(
            "t2-glued", f"表二“{row_label}”的数字粘连在一起（{''.join(v.raw for v in vals)}），"
            f"无法确定如何拆成{want}个数，视为无法读取", vals[0].span if vals else None, f"表二 {row_label}"))
        return [Value(None) for _ in range(want)]
    warnings.append(ParseWarning("t2-width", f"表二“{row_label}”只读到{len(vals)}个数（应为{want}个），"
                                 "缺少的视为无法读取", vals[0].span if vals else None, f"表二 {row_label}"))
    return vals + [Value(None) for _ in range(want - len(vals))]


def _candidates(rows: list[LogicalRow], spec: dict, warnings: list[ParseWarning]) -> dict[str, list[_Row]]:
    found: dict[str, list[_Row]] = {}
    for row in rows:
        if row.trailing or not row.values:
            continue
        label, _ = row.compact_label()
        named = _keys_in(label, spec)
        if len(named) >= 2 and all(_cell_alone(row, at, spec[k][0]) for k, at in named):
            widths = [len(spec[k][2]) for k, _ in named]
            if sum(widths) != len(row.values):
                names = "、".join(f"“{spec[k][0]}”" for k, _ in named)
                warnings.append(ParseWarning(
                    "t2-unplaced", f"表二{names}的行标签后面共有{len(row.values)}个数，与各行应有的个数不符，"
                    "无法确定各数属于哪一行，视为无法读取", row.values[0].span, "表二"))
                continue
            at = 0
            for (key, kw_at), width in zip(named, widths):
                span = row.label_span(kw_at, kw_at + len(spec[key][0]))
                found.setdefault(key, []).append(
                    _Row(key, label[kw_at:kw_at + len(spec[key][0])], span, row.values[at:at + width], True,
                         apart=True))
                at += width
            continue
        hit = _match(label)
        if hit is None:
            continue
        key, kw_at = hit
        if key not in spec:
            continue
        row_label = spec[key][0]
        # Record the row label as printed, from where the canonical label would start.
        for back in range(min(kw_at, 4), 0, -1):
            if row_label.startswith(label[kw_at - back:kw_at]):
                kw_at -= back
                break
        exact = _cell_alone(row, kw_at, row_label)
        found.setdefault(key, []).append(
            _Row(key, label[kw_at:], row.label_span(kw_at, len(label)), row.values, exact, row))
    return found


def _numbers_first(rows: list[LogicalRow], spec: dict) -> list[LogicalRow] | None:
    """Rows re-paired when each row's numbers are printed before its label: paired with the
    label after them, every row gets the number of values its columns need, paired with the
    label before them some do not. None: not this layout."""
    data = [r for r in rows if r.values or r.trailing]
    if len(data) < 3 or not data[-1].trailing:
        return None
    keys = []
    for r in data:
        hit = _match(r.compact_label()[0])
        keys.append(hit[0] if hit and hit[0] in spec else None)
    first = next((i for i, k in enumerate(keys) if k is not None), 0)
    if first == 0 or None in keys[first:]:
        return None
    width = {k: len(spec[k][2]) for k in spec}
    after = all(len(data[i].values) == width[keys[i + 1]] for i in range(first - 1, len(data) - 1))
    before = all(len(data[i].values) == width[keys[i]] for i in range(first, len(data) - 1))
    if not after or before:
        return None
    return [LogicalRow(data[i + 1].label_tokens, data[i].values) for i in range(first - 1, len(data) - 1)]


def read_table2(rows: list[LogicalRow], layout: str, warnings: list[ParseWarning]) -> tuple[Section2 | None, list[LabelSeen]]:
    spec = section2_spec(layout)
    out = Section2(layout)
    labels: list[LabelSeen] = []
    shifted = _numbers_first(rows, spec)
    if shifted is not None:
        rows = shifted
        warnings.append(ParseWarning("t2-numbers-first", "表二各行的数字印在行标签之前，"
                                     "已把每行数字与紧随其后的行标签对应，请核对", None, "表二"))
    apart = False
    for key, cands in _candidates(rows, spec, warnings).items():
        row_label, _block, cols = spec[key]
        want = len(cols)
        # the table's own row rather than a sentence that names the same thing before it
        r = max(cands, key=lambda c: (len(c.values) >= want, c.exact, -cands.index(c)))
        pieces = [c for c in cands if c.exact and not c.apart]
        if len(r.values) < want and len(pieces) >= 2 and sum(len(c.values) for c in pieces) == want:
            # the block printed in column groups, one after the other: the row's pieces joined
            r = _Row(key, pieces[0].found, pieces[0].span, [v for c in pieces for v in c.values], True,
                     pieces[0].row)
            warnings.append(ParseWarning("t2-column-groups", f"表二“{row_label}”分成{len(pieces)}段印出，"
                                         "已按行标签把各段的数字接成整行，请核对", r.values[0].span,
                                         f"表二 {row_label}"))
        vals = _fit(r, want, row_label, warnings)
        out.rows[key] = TableRow(key, r.found, r.span, vals)
        labels.append(LabelSeen("section2", key, row_label, r.found, r.span))
        apart = apart or r.apart
        if key in _HEADED_ROWS and r.row is not None:
            labels.extend(_header_labels(r.row, key, cols))
    if apart:
        warnings.append(ParseWarning("t2-labels-apart", "表二的行标签与数字分开印出，已按各行应有的个数依次对应，请核对",
                                     None, "表二"))
    if not out.rows:
        return None, labels
    out.rows = {k: out.rows[k] for k in spec if k in out.rows}
    spans = [v.span for r in out.rows.values() for v in r.values if v.span]
    out.span = (min(s[0] for s in spans), max(s[1] for s in spans)) if spans else None
    return out, labels
