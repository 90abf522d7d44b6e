"""Table 三 (25 rows × 7 columns, or 23 with a single (六)其他处理 row), read by row label.

Each logical row is assigned to the template row whose keyword ends *last* in its
label text: a row's own label always follows whatever group label, header text or
leftover fragment of the previous label was printed before it
(``三、本年度办理结果（一）予以公开``, ``（三）不 4.保护第三方合法权益``), so the last keyword
is the row's own.
"""
from __future__ import annotations

import re

from app.model import LabelSeen, ParseWarning, Table3, TableRow, Value
from app.normalize import compact
from app.parse.tokens import LogicalRow
from app.template import T3_GROUPS, T3_LABELS, T3_OTHER_2019, T3_ROWS_2021, t3_keys, t3_row_title

_KEYWORDS: tuple[tuple[str, str], ...] = tuple(
    (key, kw) for key, _label, _group, kws in T3_ROWS_2021 for kw in kws
) + tuple(("other", kw) for kw in T3_OTHER_2019[3])
_NUMBERING = re.compile(r"\([一二三四五六七八九]\)|[一二三四]、|\d{1,2}[.、](?!\d)")
_OTHER_3 = re.compile(r"(^|[^0-9])3[.、]?其他$|^其他$")
MIN_VALUES = 5


def _numbering_as_dot(label: str) -> str:
    """``1、`` and ``1.`` are the same sub-item numbering (FORMAT.md §4.2 notes)."""
    return re.sub(r"^(\d{1,2})、", r"\1.", label)


def match_key(label: str, prev: str | None) -> tuple[str, int] | None:
    """(row key, start of its keyword in ``label``) by the latest-ending keyword."""
    best: tuple[int, int, str, int] | None = None
    for key, kw in _KEYWORDS:
        i = label.rfind(kw)
        if i < 0:
            continue
        cand = (i + len(kw), len(kw), key, i)
        if best is None or cand[:2] > best[:2]:
            best = cand
    if best is not None:
        key = best[2]
        # "其他处理" followed by a sub-row label is the 2021 group label, not the 2019 row.
        return key, best[3]
    if prev == "other_2" and _OTHER_3.search(label):
        return "other_3", max(0, label.rfind("3"))
    return None


def _own_label(label: str, kw_at: int) -> tuple[int, str]:
    """The row's own label: from the last numbering mark before its keyword."""
    start = 0
    for m in _NUMBERING.finditer(label):
        if m.start() <= kw_at:
            start = m.start()
    return start, label[start:]


def _without_group_fragments(own: str, key: str) -> str:
    """Drop pieces of a vertical group label that PDF text interleaves into a row label
    (``2、申请人…要`` ⏎ ``他处理`` ⏎ ``求缴纳费用…``): fragments of the group label that the
    row's own canonical label does not contain."""
    group = compact(T3_GROUPS.get(key, ""))
    canon = compact(T3_LABELS.get(key, ""))
    if not group or own == canon:
        return own
    frags = sorted({group[i:j] for i in range(len(group)) for j in range(i + 3, len(group) + 1)},
                   key=len, reverse=True)
    for frag in frags:
        if frag in own and frag not in canon and not own.startswith(frag):
            own = own.replace(frag, "", 1)
    return own


def fit_values(values: list[Value], n: int = 7) -> tuple[list[Value], str | None]:
    """Exactly ``n`` values for a row, or all unknown, with a warning when in doubt.

    Eight numbers where seven are due (an extra blank column in PDF-extracted text):
    keep the seven for which 总计 equals the sum of the six applicant columns."""
    k = len(values)
    if k == n:
        return values, None
    if k == n + 1:
        fits = []
        for drop in range(k):
            cand = values[:drop] + values[drop + 1:]
            nums = [v.value for v in cand]
            if all(x is not None for x in nums) and abs(sum(nums[:-1]) - nums[-1]) < 1e-9:
                fits.append((drop, cand))
        distinct = {tuple(v.value for v in c) for _, c in fits}
        if len(distinct) == 1:
            drop, cand = fits[-1] if values[-1].value in (0, None) else fits[0]
            return cand, (f"读到{k}个数（应为{n}个），按“总计 = 各列之和”取其中{n}个")
        return values[:n], f"读到{k}个数（应为{n}个），无法确定多出的一列，暂取前{n}个，请核对"
    if k > n:
        return values[:n], f"读到{k}个数（应为{n}个），暂取前{n}个，请核对"
    unknown = [Value(None, "", None) for _ in range(n)]
    return unknown, f"只读到{k}个数（应为{n}个），无法确定各数所在列，视为无法读取"


def read_table3(rows: list[LogicalRow], warnings: list[ParseWarning]) -> Table3 | None:
    assigned: dict[str, TableRow] = {}
    found_labels: dict[str, tuple[str, tuple[int, int] | None]] = {}
    order: list[str] = []
    prev: str | None = None
    started = False
    doubts: dict[str, list[tuple[str, tuple[int, int] | None]]] = {}
    for row in rows:
        label, _ = row.compact_label()
        # A fragment that continues the previous row's label (split around its numbers).
        if prev and prev in found_labels:
            canon = _numbering_as_dot(compact(T3_LABELS[prev]))
            have = _numbering_as_dot(found_labels[prev][0])
            if have != canon and canon.startswith(have):
                rest = canon[len(have):]
                common = 0
                while common < min(len(rest), len(label)) and rest[common] == label[common]:
                    common += 1
                if common >= 2:
                    span0 = found_labels[prev][1]
                    tail = row.label_span(0, common)
                    span = (span0[0], tail[1]) if span0 and tail else span0
                    found_labels[prev] = (found_labels[prev][0] + label[:common], span)
        if row.trailing or not row.values:
            continue
        if len(row.values) < MIN_VALUES and not started:
            continue  # narrative numbers before the table
        hit = match_key(label, prev)
        if hit is None:
            if started and len(row.values) >= MIN_VALUES:
                warnings.append(ParseWarning(
                    "t3-unlabelled-row",
                    f"表三中有一行数字（{' '.join(v.raw for v in row.values)}）找不到对应的行标签，未采用",
                    row.values[0].span, "表三"))
            continue
        key, kw_at = hit
        if key in assigned:
            warnings.append(ParseWarning(
                "t3-duplicate-row", f"表三“{T3_LABELS[key]}”出现了两次，采用第一次的数字",
                row.values[0].span, f"表三 {t3_row_title(key)}"))
            continue
        started = True
        values = row.values
        extra: list[Value] = []
        if len(values) >= 14 and len(values) % 7 == 0:
            values, extra = values[:7], values[7:]
        fitted, doubt = fit_values(values)
        if doubt:
            doubts.setdefault(doubt, []).append((key, row.values[0].span if row.values else None))
        start, own = _own_label(label, kw_at)
        own = _without_group_fragments(own, key)
        span = row.label_span(start, len(label))
        found_labels[key] = (own, span)
        assigned[key] = TableRow(key, own, span, fitted)
        order.append(key)
        prev = key
        if extra:
            nxt = _next_key(key, "2021")
            if nxt and nxt not in assigned:
                warnings.append(ParseWarning(
                    "t3-merged-rows",
                    f"表三“{t3_row_title(key)}”一行读到{len(row.values)}个数，后{len(extra)}个按顺序归入"
                    f"“{t3_row_title(nxt)}”，请核对", extra[0].span, f"表三 {t3_row_title(nxt)}"))
                assigned[nxt] = TableRow(nxt, "", None, fit_values(extra[:7])[0])
                prev = nxt
    for doubt, where in doubts.items():
        names = "、".join(f"“{t3_row_title(k)}”" for k, _ in where[:3])
        more = f"等{len(where)}行" if len(where) > 3 else ""
        warnings.append(ParseWarning("t3-row-width", f"表三{names}{more}：{doubt}", where[0][1],
                                     f"表三 {t3_row_title(where[0][0])}"))
    if not assigned:
        return None
    layout = "2019" if "other" in assigned and not any(k.startswith("other_") for k in assigned) else "2021"
    if layout == "2021" and "other" in assigned:
        assigned.pop("other")
    # Keep the label as found (for the label rules) on each row.
    for key, (own, span) in found_labels.items():
        if key in assigned:
            assigned[key].label, assigned[key].label_span = own, span
    spans = [s for r in assigned.values() for v in r.values for s in [v.span] if s]
    t3 = Table3(layout, {k: assigned[k] for k in t3_keys(layout) if k in assigned},
                (min(s[0] for s in spans), max(s[1] for s in spans)) if spans else None)
    missing = [k for k in t3_keys(layout) if k not in assigned]
    for k in missing:
        warnings.append(ParseWarning("t3-missing-row", f"表三未读到“{t3_row_title(k)}”这一行",
                                     t3.span, f"表三 {t3_row_title(k)}"))
    return t3


def _next_key(key: str, layout: str) -> str | None:
    keys = t3_keys(layout)
    i = keys.index(key) if key in keys else -1
    return keys[i + 1] if 0 <= i < len(keys) - 1 else None


def table3_labels(t3: Table3) -> list[LabelSeen]:
    return [LabelSeen("table3", key, T3_LABELS[key], row.label, row.label_span)
            for key, row in t3.rows.items() if row.label]


__all__ = ["read_table3", "table3_labels", "fit_values", "match_key"]
