"""Comparing what the text states with the tables, and saying it in a finding or a doubt.

Shared by the narrative rules: the statements of a report are read once per run (cached
in the rule context) and each rule judges the ones about its table. The field a
statement names decides what it is compared with; other natural readings of the same
words are only used to explain a mismatch (“75 = 本年新收 74 + 上年结转 1”), or to accept
a figure when the wording allows them (“共办理申请 N 件” = 一+二).
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from app.model import CellRef, Finding, Report
from app.rules.base import Context, Rule, fmt_num
from app.rules.quantities import Quantity, combined, quantity
from app.rules.statements import Statement, extract
from app.rules.text import flat_narrative, is_traditional


def statements(report: Report, ctx: Context) -> list[Statement]:
    """The report's statements, read once per run."""
    if "statements" not in ctx.cache:
        if "flat" not in ctx.cache:
            if "traditional" not in ctx.cache:
                ctx.cache["traditional"] = is_traditional(report)
            ctx.cache["flat"] = flat_narrative(report, ctx.cache["traditional"])
        ctx.cache["statements"] = extract(report, ctx.cache["flat"])
    return ctx.cache["statements"]


def _decimals(x: float) -> int:
    s = f"{x:.6f}".rstrip("0")
    return len(s.split(".")[1]) if "." in s else 0


def same(stated: float, value: float) -> bool:
    """Equal at the precision both sides are written with (counts: exactly)."""
    d = min(_decimals(stated), _decimals(value))
    return abs(stated - value) <= 0.5 * 10 ** -d + 1e-9 if d else abs(stated - value) < 1e-9


@dataclass
class Verdict:
    """How a figure compares: "ok", "mismatch", "unknown" (a cell blank) or "absent" (no such table)."""

    status: str
    q: Quantity | None = None
    hint: Quantity | None = None  # another natural reading the stated figure equals


def judge(report: Report, st: Statement) -> Verdict:
    q = combined(report, st.keys)
    if q is None:
        return Verdict("absent")
    if q.value is None:
        return Verdict("unknown", q)
    if same(st.value, q.value):
        return Verdict("ok", q)
    for keys in st.accept:
        a = combined(report, keys)
        if a is not None and a.value is not None and same(st.value, a.value):
            return Verdict("ok", q)
    for keys in st.hints if st.value else ():  # 0 equals too many things to explain anything
        h = combined(report, keys)
        if h is not None and h.value is not None and same(st.value, h.value):
            return Verdict("mismatch", q, h)
    return Verdict("mismatch", q)


def expression(report: Report, keys: tuple[str, ...]) -> str:
    """“本年新收 74 + 上年结转 1” — a reading spelled out with its values."""
    parts = [quantity(report, k) for k in keys]
    return " + ".join(f"{p.short} {fmt_num(p.value)}" for p in parts if p is not None)


def explain(st: Statement, q: Quantity, hint: Quantity) -> tuple[str, str]:
    """Why the stated figure may equal ``hint`` instead of ``q``, and what to do: (note, suggestion)."""
    right = fmt_num(q.value)
    if hint.key.startswith("t4.") and hint.key.count("+") == 3:  # the block's four results
        return ("与表四该栏四项结果之和一致，可能是表四的总计填错",
                f"核对表四该栏：四项结果之和为 {fmt_num(hint.value)}，总计为 {right}，更正填错的一处。")
    if hint.key.startswith(("t4.ld.", "t4.la.")):
        return ("正文的数字只是行政诉讼其中一栏，未含另一栏",
                f"行政诉讼应写两栏之和 {right}，或写明“未经复议直接起诉”“复议后起诉”各多少件。")
    if hint.key.startswith("t2."):
        return "可能写错了栏目", f"核对正文所说的栏目，{q.short}应为 {right}。"
    if st.keys == ("t3.total",):
        note = ("正文的数字是本年新收与上年结转之和，而非已办结的件数" if "+" in hint.key
                else "正文的数字与本年新收相同，可能把收到的件数当作了办结件数")
        return note, f"办结（答复）的件数按表三（七）总计应为 {right}，或核对表格。"
    return ("正文的数字可能把上年结转的申请也算在内",
            f"若指本年新收，应写 {right}；若包括上年结转，请写明“含上年结转”，或核对表格。")


def quote(st: Statement) -> str:
    return st.quote if len(st.quote) <= 60 else st.quote[:28] + "…" + st.quote[-28:]


def figure_finding(rule: Rule, report: Report, st: Statement, v: Verdict) -> Finding:
    """A stated figure that differs from the table figure its words name."""
    q = v.q
    stated = fmt_num(st.value)
    message = f"正文“{quote(st)}”中的 {stated}{st.unit}（{q.short}）与{q.name} {fmt_num(q.value)} 不一致"
    cells = list(q.cells)
    severity = None
    if v.hint is not None:
        note, suggestion = explain(st, q, v.hint)
        message += f"；{stated} = {expression(report, tuple(v.hint.key.split('+')))}，{note}"
        cells += [c for c in v.hint.cells if c not in cells]
        if st.loose:
            severity = "info"
    else:
        suggestion = f"核对正文与表格，使{q.short}一致（表格为 {fmt_num(q.value)}）。"
    return rule.finding(message + "。", suggestion, severity=severity, cells=cells, span=st.span,
                        location=f"正文 {q.short}", current=stated, expected=f"{fmt_num(q.value)}（{q.short}）",
                        section=st.section)


def doubt(ctx: Context, rule: Rule, st: Statement, q: Quantity) -> None:
    """A loosely worded statement that disagrees: said as a doubt, never as a finding."""
    ctx.not_assessed(rule, f"正文“{quote(st)}”可能指{q.name}（{fmt_num(q.value)}），但{st.doubt}，"
                           f"未作判断，请人工核对。", span=st.span, location=f"正文 {q.short}")


def unknown(ctx: Context, rule: Rule, items: list[tuple[Statement, Quantity | None]], why: str = "") -> None:
    """Statements that could not be checked because their cells are blank or their table is missing."""
    if not items:
        return
    quotes = "、".join(f"“{quote(st)}”" for st, _ in items[:3]) + ("等" if len(items) > 3 else "")
    if not why:
        names = "、".join(dict.fromkeys(q.name for _, q in items if q is not None)) or "对应表格"
        why = f"{names}为空白或无法读取"
    ctx.not_assessed(rule, f"正文{quotes}未能核对：{why}。", span=items[0][0].span, location="正文")


def check_figures(rule: Rule, report: Report, ctx: Context, chosen: Iterable[Statement],
                  absent_reason: str = "") -> list[Finding]:
    """Judge each figure; findings for sure mismatches, doubts for loose ones and for unknown cells."""
    out: list[Finding] = []
    blank: list[tuple[Statement, Quantity | None]] = []
    for st in chosen:
        v = judge(report, st)
        if v.status in ("absent", "unknown"):
            blank.append((st, v.q))
        elif v.status == "mismatch":
            if st.sure:
                out.append(figure_finding(rule, report, st, v))
            else:
                doubt(ctx, rule, st, v.q)
    absent = [(st, q) for st, q in blank if q is None]
    unknown(ctx, rule, absent, absent_reason or "未读取到对应的表格")
    unknown(ctx, rule, [(st, q) for st, q in blank if q is not None])
    return out


def is_family(st: Statement, prefix: str) -> bool:
    return st.kind == "figure" and all(k.startswith(prefix) for k in st.keys)


def parts_of(all_st: list[Statement], k: int) -> list[Statement]:
    return [s for s in all_st if s.parent == k]


def enumeration_finding(rule: Rule, report: Report, ctx: Context, parent: Statement, parts: list[Statement],
                        complete: bool, what: str, sum_check: bool = True) -> Finding | None:
    """“办结 95 件，其中予以公开 a 件、部分公开 b 件…”: each part against its row, and their sum.

    One finding per enumeration, listing every part that differs and, when the parts are
    all the outcomes (or exceed the total), their sum against the total the sentence names.
    """
    wrong: list[tuple[Statement, Verdict]] = []
    cells: list[CellRef] = []
    blank = []
    for p in parts:
        v = judge(report, p)
        if v.status in ("absent", "unknown"):
            blank.append((p, v.q))
        elif v.status == "mismatch" and p.sure:
            wrong.append((p, v))
            cells += [c for c in v.q.cells if c not in cells]
        elif v.status == "mismatch":
            doubt(ctx, rule, p, v.q)
    unknown(ctx, rule, blank)
    total = sum(p.value for p in parts)
    parts_sum = "+".join(fmt_num(p.value) for p in parts)
    bad_sum = sum_check and (total > parent.value + 1e-9 or (complete and abs(total - parent.value) > 1e-9))
    if not wrong and not bad_sum:
        return None
    pieces = []
    for p, v in wrong:
        piece = f"“{quote(p)}”与{v.q.name} {fmt_num(v.q.value)} 不一致"
        if v.hint is not None:
            piece += f"（{fmt_num(p.value)} = {expression(report, tuple(v.hint.key.split('+')))}）"
        pieces.append(piece)
    if bad_sum:
        pieces.append(f"所列各项之和 {parts_sum} = {fmt_num(total)}，"
                      f"{'多于' if total > parent.value else '不等于'}所称的 {fmt_num(parent.value)}")
        pq = combined(report, parent.keys)
        if pq is not None:
            cells += [c for c in pq.cells if c not in cells]
    start, end = parent.span[0], max(p.span[1] for p in parts)
    head = re.sub(r"\s+", "", report.text[start:end])
    head = head if len(head) <= 80 else head[:38] + "…" + head[-38:]
    explained = wrong and not bad_sum and all(v.hint is not None for _, v in wrong)
    expected = "；".join(f"{v.q.short} {fmt_num(v.q.value)}" for _, v in wrong) or f"各项之和 = {fmt_num(parent.value)}"
    return rule.finding(
        f"正文“{head}”中，{'；'.join(pieces)}。",
        "逐项核对正文所列件数与表格，并使各项之和与总数一致。",
        severity="info" if explained else None, cells=cells, span=(start, end),
        location=f"正文 {what}（分项）", current="、".join(fmt_num(p.value) for p, _ in wrong) or parts_sum,
        expected=expected, section=parent.section)


def cells_of(report: Report, keys: Iterable[str]) -> list[CellRef]:
    out: list[CellRef] = []
    for k in keys:
        q = quantity(report, k)
        if q is not None:
            out += [c for c in q.cells if c not in out]
    return out
