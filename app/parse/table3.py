"""Table 三 (25 rows × 7 columns, or 23 with a single (六)其他处理 row), read by row label.

Each logical row is assigned to the template row whose keyword ends *last* in its
label text: a row's own label always follows whatever group label, header text or
leftover fragment of the previous label was printed before it
(``三、本年度办理结果（一）予以公开``, ``（三）不 4.保护第三方合法权益``), so the last keyword
is the row's own.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from app.model import LabelSeen, ParseWarning, Span, Table3, TableRow, Value
from app.normalize import compact
from app.parse.glued import row_sum_holds, split_glued, splittable
from app.parse.tokens import LogicalRow
from app.template import (T3_GROUPS, T3_KEYS_2021, T3_LABELS, T3_OTHER_2019, T3_ROWS_2021, t3_keys,
                          t3_result_keys, t3_row_title)

_KEYWORDS: tuple[tuple[str, str], ...] = tuple(
    (key, kw) for key, _label, _group, kws in T3_ROWS_2021 for kw in kws
) + tuple(("other", kw) for kw in T3_OTHER_2019[3])
_NUMBERING = re.compile(r"\([一二三四五六七八九]\)|[一二三四]、|\d{1,2}[.、](?!\d)")
_OTHER_3 = re.compile(r"(^|[^0-9])3[.、]?其他$|^其他$")
MIN_VALUES = 5
_DUN_NUMBER = re.compile(r"^(\d{1,2})、")
# Template order, with the 2019 single (六)其他处理 row where it stands.
_ORDER = T3_KEYS_2021[:T3_KEYS_2021.index("other_1")] + ("other",) + T3_KEYS_2021[T3_KEYS_2021.index("other_1"):]
# The column header (申请人情况 / 自然人 / 法人或其他组织 …): printed again after a page break,
# it may stand between a row's label and its numbers; its 其他 and 总计 name no row.
_HEADER_WORDS = ("申请人情况", "自然人", "法人或其他组织", "商业企业", "科研机构", "社会公益组织", "法律服务机构",
                 "其他", "总计")
_HEADER_RUN = re.compile("(?:" + "|".join(_HEADER_WORDS) + "){2,}")
_HEADER_WORD = re.compile("申请人情况|自然人|商业企业|科研机构|社会公益组织|法律服务机构|勾稽关系")


@lru_cache(maxsize=128)
def _compact_fixed(text: str) -> str:
    """``compact`` of a template label (a constant: computed once)."""
    return compact(text)


def _mask_header(label: str) -> str:
    """The label with runs of column-header words blanked out (offsets kept)."""
    return _HEADER_RUN.sub(lambda m: "\x00" * len(m.group()), label)


def _numbering_as_dot(label: str) -> str:
    """``1、`` and ``1.`` are the same sub-item numbering (FORMAT.md §4.2 notes)."""
    return _DUN_NUMBER.sub(r"\1.", label, count=1)


def match_key(label: str, prev: str | None) -> tuple[str, int] | None:
    """(row key, start of its keyword in ``label``) by the latest-ending keyword."""
    if prev == "other_2" and _OTHER_3.search(label):
        return "other_3", max(0, label.rfind("3"))  # ``(六)其他处理 … 3.其他``: the row after other_2
    best: tuple[int, int, str, int] | None = None
    for key, kw in _KEYWORDS:
        i = label.rfind(kw)
        if i < 0:
            continue
        cand = (i + len(kw), len(kw), key, i)
        if best is None or cand[:2] > best[:2]:
            best = cand
    if best is not None:
        return best[2], best[3]
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
    group = _compact_fixed(T3_GROUPS.get(key, ""))
    canon = _compact_fixed(T3_LABELS.get(key, ""))
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


@dataclass
class _Hit:
    """A table row found by its label: its values and its own label as printed."""

    key: str
    values: list[Value]
    own: str
    span: Span | None


@dataclass
class _Reading:
    """What the pass over the logical rows found, before the rows are fitted to 7 cells."""

    passes: list[dict[str, _Hit]] = field(default_factory=list)
    found_labels: dict[str, tuple[str, Span | None]] = field(default_factory=dict)
    unlabelled: list[list[Value]] = field(default_factory=list)
    duplicates: dict[str, list[Span | None]] = field(default_factory=dict)  # key -> spans of repeats
    replaced: set[str] = field(default_factory=set)  # rows whose short first reading gave way
    apart: list[str] = field(default_factory=list)


def _order(key: str) -> int:
    return _ORDER.index(key) if key in _ORDER else len(_ORDER)


def _strong(own: str, key: str) -> bool:
    """The own label starts like the template label (``一、本年新收…``, ``(三)…1.属于…``):
    a table row, not a sentence of the narrative that names the same thing."""
    canon = _numbering_as_dot(_compact_fixed(T3_LABELS.get(key, "")))
    mark = _NUMBERING.match(canon)
    return bool(mark) and _numbering_as_dot(own).startswith(mark.group()) and len(own) <= len(canon) + 12


def _segments(label: str, prev: str | None) -> list[tuple[str, int, str]]:
    """Row keys of a label printed apart from its numbers (a column of labels), in order:
    (key, start, own label) per numbered piece that names a row."""
    marks = [m.start() for m in _NUMBERING.finditer(label)]
    bounds = [0, *marks, len(label)] if marks and marks[0] > 0 else [*marks, len(label)] if marks else []
    out: list[tuple[str, int, str]] = []
    for a, b in zip(bounds, bounds[1:]):
        piece = label[a:b]
        if _HEADER_WORD.search(piece):
            continue
        hit = match_key(piece, prev)
        if hit is None or (out and _order(hit[0]) <= _order(out[-1][0])):
            continue
        out.append((hit[0], a, piece))
        prev = hit[0]
    if any(k.startswith("other_") for k, _, _ in out):
        out = [seg for seg in out if seg[0] != "other"]  # ``(六)其他处理`` here is the group label
    return out


def _scan(rows: list[LogicalRow], warnings: list[ParseWarning]) -> _Reading:
    """One pass over the logical rows: each row with numbers goes to the row its label names."""
    rd = _Reading(passes=[{}])
    found_labels = rd.found_labels
    prev: str | None = None
    started = False
    for row in rows:
        label, _ = row.compact_label()
        # A fragment that continues the previous row's label (split around its numbers).
        if prev and prev in found_labels:
            canon = _numbering_as_dot(_compact_fixed(T3_LABELS[prev]))
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
        masked = _mask_header(label)
        block = _segments(masked, prev)
        k = len(row.values)
        if len(block) >= 2 and k == 7 * len(block):
            # the label column printed apart from the numbers: pair them in order
            for i, (key, at, own) in enumerate(block):
                if key in rd.passes[-1]:
                    continue
                span = row.label_span(at, at + len(own))
                rd.passes[-1][key] = _Hit(key, row.values[7 * i:7 * i + 7], own, span)
                found_labels.setdefault(key, (own, span))
            rd.apart.append(f"{len(block)}行")
            prev, started = block[-1][0], True
            continue
        if len(block) >= 3:
            warnings.append(ParseWarning(
                "t3-labels-apart", f"表三先列出{len(block)}行标签，后面却有{k}个数（不是每行7个），"
                "无法确定各数属于哪一行，这些行视为无法读取", row.values[0].span, "表三"))
            continue
        hit = match_key(masked, prev)
        if hit is not None and len(block) >= 2 and hit[0] != block[-1][0]:
            hit = None  # several row labels before the numbers, and they do not pair up: unsure
        if hit is None:
            if started and k >= MIN_VALUES:
                rd.unlabelled.append(row.values)
            continue
        key, kw_at = hit
        cut = masked.find("\x00", kw_at)
        if cut > kw_at:
            label = label[:cut]  # a column header printed again after the row's label
        start, own = _own_label(label, kw_at)
        own = _without_group_fragments(own, key)
        if k < MIN_VALUES and not started and not _strong(own, key):
            continue  # narrative numbers before the table
        current = rd.passes[-1]
        if key in current:
            if prev is not None and _order(key) < _order(prev) and len(current) >= 3:
                current = {}
                rd.passes.append(current)  # the table goes on with its next group of columns
            elif len(current[key].values) < 7 <= len(row.values):
                # a short run named like the row (a sentence, a glued fragment) gives way to
                # the row printed whole
                rd.duplicates.setdefault(key, []).append(current[key].values[0].span)
                rd.replaced.add(key)
                del current[key]
            else:
                rd.duplicates.setdefault(key, []).append(row.values[0].span)
                continue
        started = True
        values = row.values
        extra: list[Value] = []
        if len(values) >= 14 and len(values) % 7 == 0:
            values, extra = values[:7], values[7:]
        span = row.label_span(start, len(label))
        found_labels.setdefault(key, (own, span))
        current[key] = _Hit(key, values, own, span)
        prev = key
        if extra:
            nxt = _next_key(key, "2021")
            if nxt and nxt not in current:
                warnings.append(ParseWarning(
                    "t3-merged-rows",
                    f"表三“{t3_row_title(key)}”一行读到{len(row.values)}个数，后{len(extra)}个按顺序归入"
                    f"“{t3_row_title(nxt)}”，请核对", extra[0].span, f"表三 {t3_row_title(nxt)}"))
                current[nxt] = _Hit(nxt, extra[:7], "", None)
                prev = nxt
    return rd


def _joined(rd: _Reading, warnings: list[ParseWarning]) -> dict[str, _Hit]:
    """One hit per row: the table's passes (column groups printed one after the other) joined."""
    passes = [p for p in rd.passes if len(p) >= 3] or [p for p in rd.passes if p]
    if len(passes) <= 1:
        return passes[0] if passes else {}
    out: dict[str, _Hit] = {}
    repeated = False
    for p in passes:
        for key, hit in p.items():
            have = out.get(key)
            if have is None:
                out[key] = _Hit(key, list(hit.values), hit.own, hit.span)
            elif len(have.values) >= 7:
                repeated = True
            else:
                have.values = have.values + hit.values
    if repeated:
        warnings.append(ParseWarning("t3-duplicate-row", "表三的行在文中出现了不止一遍，采用第一遍的数字",
                                     None, "表三"))
    else:
        warnings.append(ParseWarning(
            "t3-column-groups", f"表三按列分成{len(passes)}段印出，已按行标签把各段的数字接成整行，请核对",
            None, "表三"))
    return out


def _fit_rows(hits: dict[str, _Hit], warnings: list[ParseWarning]) -> dict[str, list[Value]]:
    """Seven values per row: as read, or an extra blank column dropped, or glued digits cut
    where the sums decide, or all unknown."""
    fitted: dict[str, list[Value]] = {}
    pending: dict[str, list[list[Value]]] = {}
    doubts: dict[str, list[tuple[str, Span | None]]] = {}
    for key, hit in hits.items():
        values = hit.values
        where = (key, values[0].span if values else None)
        if splittable(values, 7):
            readings = split_glued(values, 7, row_sum_holds)
            if len(readings) == 1:
                fitted[key] = readings[0]
                doubts.setdefault("数字粘连（相邻单元格之间没有分隔），按“总计 = 各列之和”唯一地拆成7个数，请核对",
                                  []).append(where)
                continue
            if len(readings) > 1:
                pending[key] = readings
                continue
        row, doubt = fit_values(values)
        fitted[key] = row
        if doubt:
            doubts.setdefault(doubt, []).append(where)
    for key, readings in _decide_by_columns(fitted, pending).items():
        where = (key, hits[key].values[0].span)
        if readings is None:
            fitted[key] = [Value(None, "", None) for _ in range(7)]
            doubts.setdefault("数字粘连，拆分方式不止一种，无法确定各数所在列，视为无法读取", []).append(where)
        else:
            fitted[key] = readings
            doubts.setdefault("数字粘连，按行、列合计唯一地拆成7个数，请核对", []).append(where)
    for doubt, where in doubts.items():
        names = "、".join(f"“{t3_row_title(k)}”" for k, _ in where[:3])
        more = f"等{len(where)}行" if len(where) > 3 else ""
        warnings.append(ParseWarning("t3-row-width", f"表三{names}{more}：{doubt}", where[0][1],
                                     f"表三 {t3_row_title(where[0][0])}"))
    return fitted


def _decide_by_columns(fitted: dict[str, list[Value]],
                       pending: dict[str, list[list[Value]]]) -> dict[str, list[Value] | None]:
    """Readings of glued rows that the column sums leave unique: 总计 = the result rows,
    and 新收 + 结转 = 总计 + 结转下年度 in every column. None: still undecided."""
    layout = "2019" if "other" in fitted or "other" in pending else "2021"
    results = t3_result_keys(layout)
    equations = [((("total", -1),) + tuple((k, 1) for k in results)),
                 (("new", 1), ("carried_over", 1), ("total", -1), ("carry_forward", -1))]
    decided: dict[str, list[Value] | None] = {}
    progress = True
    while progress and pending:
        progress = False
        for eq in equations:
            open_keys = [k for k, _ in eq if k in pending]
            if len(open_keys) != 1 or any(k not in fitted and k not in pending for k, _ in eq):
                continue
            key = open_keys[0]
            known = [(k, sign) for k, sign in eq if k != key]
            if any(v.value is None for k, _ in known for v in fitted[k]):
                continue
            sign_key = next(sign for k, sign in eq if k == key)
            good = []
            for reading in pending[key]:
                if all(sum(sign * fitted[k][c].value for k, sign in known) + sign_key * reading[c].value == 0
                       for c in range(7)):
                    good.append(reading)
            del pending[key]
            decided[key] = good[0] if len(good) == 1 else None
            if len(good) == 1:
                fitted[key] = good[0]
                progress = True
    for key in pending:
        decided[key] = None
    return decided


def _numbers_first(rows: list[LogicalRow]) -> list[LogicalRow] | None:
    """Rows re-paired when every row's numbers are printed before its label: the first run of
    numbers follows the column header alone, each later label names a row, and the table
    ends with a label (the last row's) that has no numbers after it. None: not this layout."""
    data = [r for r in rows if r.values or r.trailing]
    if len(data) < 3 or not data[-1].trailing:
        return None
    keys: list[str | None] = []
    prev = None
    for r in data:
        hit = match_key(_mask_header(r.compact_label()[0]), prev)
        keys.append(hit[0] if hit else None)
        prev = keys[-1] or prev
    first = next((i for i, k in enumerate(keys) if k is not None), 0)
    if first == 0 or len(data[first - 1].values) < MIN_VALUES or None in keys[first:]:
        return None
    if keys[-1] not in ("carry_forward", "total"):
        return None
    return [LogicalRow(data[i + 1].label_tokens, data[i].values) for i in range(first - 1, len(data) - 1)]


def read_table3(rows: list[LogicalRow], warnings: list[ParseWarning]) -> Table3 | None:
    shifted = _numbers_first(rows)
    if shifted is not None:
        rows = shifted
        warnings.append(ParseWarning(
            "t3-numbers-first", "表三各行的数字印在行标签之前，已把每行数字与紧随其后的行标签对应，请核对",
            None, "表三"))
    rd = _scan(rows, warnings)
    for key, spans in rd.duplicates.items():
        times = "两次" if len(spans) == 1 else f"{len(spans) + 1}次"
        which = "印出完整7个数的那一次" if key in rd.replaced else "第一次"
        warnings.append(ParseWarning("t3-duplicate-row", f"表三“{T3_LABELS[key]}”出现了{times}，采用{which}的数字",
                                     spans[0], f"表三 {t3_row_title(key)}"))
    hits = _joined(rd, warnings)
    if rd.apart:
        warnings.append(ParseWarning(
            "t3-labels-apart", "表三的行标签与数字分开印出（先列出各行标签，再列出各行数字），已按顺序一一对应，请核对",
            None, "表三"))
    if rd.unlabelled:
        sample = " ".join(v.raw for v in rd.unlabelled[0])
        more = f"等{len(rd.unlabelled)}行数字" if len(rd.unlabelled) > 1 else "一行数字"
        warnings.append(ParseWarning(
            "t3-unlabelled-row", f"表三中有{more}（{sample}）找不到对应的行标签，无法确定属于哪一行，未采用",
            rd.unlabelled[0][0].span, "表三"))
    if not hits:
        return None
    fitted = _fit_rows(hits, warnings)
    assigned = {key: TableRow(key, hit.own, hit.span, fitted[key]) for key, hit in hits.items()}
    layout = "2019" if "other" in assigned and not any(k.startswith("other_") for k in assigned) else "2021"
    if layout == "2021" and "other" in assigned:
        assigned.pop("other")
    # Keep the label as found (for the label rules) on each row.
    for key, (own, span) in rd.found_labels.items():
        if key in assigned:
            assigned[key].label, assigned[key].label_span = own, span
    spans = [s for r in assigned.values() for v in r.values for s in [v.span] if s]
    t3 = Table3(layout, {k: assigned[k] for k in t3_keys(layout) if k in assigned},
                (min(s[0] for s in spans), max(s[1] for s in spans)) if spans else None)
    missing = [k for k in t3_keys(layout) if k not in assigned]
    if missing and rd.unlabelled:
        # numbers are there that no label names: the rows not found may be among them, so
        # they are unknown (a doubt), not absent (which would say the report lacks them)
        for k in missing:
            t3.rows[k] = TableRow(k, "", None, [Value(None, "", None) for _ in range(7)])
        t3.rows = {k: t3.rows[k] for k in t3_keys(layout) if k in t3.rows}
        names = "、".join(f"“{t3_row_title(k)}”" for k in missing[:3]) + (f"等{len(missing)}行" if len(missing) > 3 else "")
        warnings.append(ParseWarning(
            "t3-missing-row", f"表三未读到{names}的行标签；表中另有找不到行标签的数字，这些行视为无法读取",
            t3.span, f"表三 {t3_row_title(missing[0])}"))
        return t3
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
