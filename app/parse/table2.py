"""Table 二 (主动公开政府信息情况), both the 2021 and the 2019 layout (FORMAT.md §4.1, §5.1)."""
from __future__ import annotations

from app.model import LabelSeen, ParseWarning, Section2, TableRow, Value
from app.normalize import compact
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


def read_table2(rows: list[LogicalRow], layout: str, warnings: list[ParseWarning]) -> tuple[Section2 | None, list[LabelSeen]]:
    spec = section2_spec(layout)
    out = Section2(layout)
    labels: list[LabelSeen] = []
    for row in rows:
        if row.trailing or not row.values:
            continue
        label, _ = row.compact_label()
        hit = _match(label)
        if hit is None:
            continue
        key, kw_at = hit
        if key not in spec or key in out.rows:
            continue
        row_label, _block, cols = spec[key]
        want = len(cols)
        vals = list(row.values)
        if len(vals) > want:
            extra = vals[want:]
            if any(v.value != vals[0].value for v in extra) and want == 1:
                warnings.append(ParseWarning("t2-width", f"表二“{row_label}”读到{len(vals)}个数，取第一个",
                                             vals[0].span, f"表二 {row_label}"))
            vals = vals[:want]
        elif len(vals) < want:
            warnings.append(ParseWarning("t2-width", f"表二“{row_label}”只读到{len(vals)}个数（应为{want}个），"
                                         "缺少的视为无法读取", vals[0].span if vals else None, f"表二 {row_label}"))
            vals = vals + [Value(None) for _ in range(want - len(vals))]
        # Record the row label as printed, from where the canonical label would start.
        for back in range(min(kw_at, 4), 0, -1):
            if row_label.startswith(label[kw_at - back:kw_at]):
                kw_at -= back
                break
        found = label[kw_at:]
        span = row.label_span(kw_at, len(label))
        out.rows[key] = TableRow(key, found, span, vals)
        labels.append(LabelSeen("section2", key, row_label, found, span))
        if key in _HEADED_ROWS:
            labels.extend(_header_labels(row, key, cols))
    if not out.rows:
        return None, labels
    spans = [v.span for r in out.rows.values() for v in r.values if v.span]
    out.span = (min(s[0] for s in spans), max(s[1] for s in spans)) if spans else None
    return out, labels
