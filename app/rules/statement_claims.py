"""Claims without a figure that the report text makes about its tables (for ``statements``).

“未收到政府信息公开申请”, “未发生行政复议、行政诉讼”, “均已办结”, “无结转”, “均获维持 /
未被纠错”, “未收取信息处理费”, “未发出收费通知”: each is read with the table figures it
speaks of, in one clause, so that “无结转下年度，行政复议…” is no claim about 行政复议.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from app.model import Span
from app.rules import statement_words as W

_NEG = r"(?:未收到|没有收到|未接到|没有接到|未发生|没有发生|未出现|未有|未被|没有被|没有|(?<!无论)无(?!论|正当|力|法))"
_GAP = r"[^。;!?！？；,，\d]"  # one clause: “无结转下年度，行政复议…” is no claim about 行政复议
_APPL_NONE = re.compile(rf"{_NEG}({_GAP}{{0,12}}?)(?:依申请公开|信息公开申请|公开申请)"
                        rf"(?!\s*(?:而|引起|引发|产生|导致|行政复议|提起))")
_REVIEW_NONE = re.compile(rf"{_NEG}({_GAP}{{0,40}}?)行政复议(?!\s*\d)")
_LAWSUIT_NONE = re.compile(rf"{_NEG}({_GAP}{{0,40}}?)行政诉讼(?!\s*\d)")
_NOT_NEGATION = re.compile(r"减少|降低|避免|防止|以免|纠错|化解")
_ALL_DONE = re.compile(r"(?:全部|均已|均|已全部|全都|都已)(?:按时|依法|按期|及时)?办结")
_NO_CARRY = re.compile(r"(?:无|没有|未有|不存在)(?:申请)?(?P<which>上一?年度?)?(?:结转|顺延)(?P<next>(?:到|至)?下一?年度?)?")
_UPHELD = re.compile(r"(?P<done>已审结的?)?(?:均|全部|都|皆)(?:已)?(?:被|获|得到|予以)?(?P<kind>维持|胜诉)"
                     r"|(?:无|未|没有)(?:被)?(?:败诉|纠错|被纠正|撤销|确认违法)|零纠错|纠错率为?\s*0(?![.\d])")
_NO_FEE = re.compile(r"(?:未|没有|不存在|无)(?:收取|收)(?:任何)?(?:依申请公开|政府信息公开|信息公开)?(?:信息)?(?:的)?"
                     r"(?:处理费|费用)"
                     r"|不存在收取(?:政府信息公开)?信息处理费")
_NO_FEE_NOTICE = re.compile(r"(?:未|没有)(?:发出|发送|出具|送达)(?:过)?(?:政府信息公开)?(?:信息)?(?:处理费)?收费通知")
_BLOCK_WORDS = re.compile(r"行政复议|行政诉讼|起诉|应诉")


def claim_matches(text: str, a: int, b: int) -> Iterator[tuple[str, tuple[str, ...], Span, dict]]:
    """Claims in the sentence text[a:b]: (kind, keys, flat span, details)."""
    sentence = text[a:b]
    for rx, keys in ((_APPL_NONE, ("t3.new",)), (_REVIEW_NONE, ("t4.rv.total",)), (_LAWSUIT_NONE, ("t4.lit.total",))):
        for m in rx.finditer(text, a, b):
            if _NOT_NEGATION.search(m.group(1)) or (rx is _APPL_NONE and "因" in m.group(1)):
                continue
            # quote from the negation nearest the noun (“…事件发生,未接到…行政复议”)
            last = list(re.finditer(_NEG, text[m.start():m.end(1)]))
            yield "none", keys, (m.start() + last[-1].start(), m.end()), {}
    if W.APPLICATION_TOPIC.search(sentence) and not re.search(r"建议|提案|信访件|诉求|工单", sentence):
        for m in _ALL_DONE.finditer(text, a, b):
            yield "all_done", ("t3.carry_forward",), m.span(), {}
    for m in _NO_CARRY.finditer(text, a, b):
        if not (W.APPLICATION_TOPIC.search(sentence) or "结转" in m.group(0)):
            continue
        if m.group("which"):
            yield "no_carry", ("t3.carried_over",), m.span(), {}
        elif m.group("next") or re.search(r"办结|答复|办理", sentence):
            yield "no_carry", ("t3.carry_forward",), m.span(), {}
        else:
            yield "no_carry", ("t3.carried_over", "t3.carry_forward"), m.span(), {"either": True}
    for m in _UPHELD.finditer(text, a, b):
        head = text[a:m.start()]
        near = {x.group(0) for x in _BLOCK_WORDS.finditer(head[-40:])}
        if not near:
            last = list(_BLOCK_WORDS.finditer(head))
            if not last:
                continue  # 维持/胜诉 of something else
            near = {last[-1].group(0)}
        blocks = tuple(f"t4.{n}" for n in ("rv", "lit") if any((w == "行政复议") == (n == "rv") for w in near))
        kind = "upheld" if m.group("kind") == "维持" else "not_corrected"
        yield kind, blocks, m.span(), {"done": bool(m.group("done"))}
    for m in _NO_FEE.finditer(text, a, b):
        if "费用" in m.group(0) and not re.search(r"申请|信息公开|处理费", sentence):
            continue
        yield "no_fee", ("fee.info",), m.span(), {}
    for m in _NO_FEE_NOTICE.finditer(text, a, b):
        yield "no_fee_notice", ("t3.other_2",), m.span(), {}
