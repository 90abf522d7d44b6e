"""What the report text states about tables 二/三/四: figures, sums, shares and claims.

The narrative rules compare these statements with the tables. Each statement keeps the
span it was read from, the quantities (and so the cells) it names and the words that
decided it, so that a finding can say exactly which sentence disagrees with which cells.

How a figure is read: in each sentence every number with a count unit (件/条/个…) or a
money unit is taken with the nearest naming word before it (after it for “103 件顺延到
下年度”). A word for something the tables do not count (信息发布, 会议, 建议提案 …) that is
nearer than any table word means the figure is about that, and no statement is made. A
figure whose wording only loosely names a field is kept with ``sure`` False: the rules
report a mismatch of such a statement as a doubt, never as a finding.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from app.model import Report, Span
from app.rules import statement_words as W
from app.rules.statement_claims import claim_matches
from app.rules.quantities import OUTCOME_GROUPS
from app.parse.tokens import MAX_WHOLE_DIGITS
from app.rules.text import Flat, flat_narrative

_MONEY_UNITS = frozenset({"元", "万元"})
_CN_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_TOKEN = re.compile(
    r"(?<![\d.第])(?P<num>\d{1,3}(?:,\d{3})+(?![\d,])|\d+(?:\.\d+)?)\s*(?P<approx>余|多)?\s*"
    r"(?P<unit>万元|元|%|件|条|个(?!工作日|自然日|月|小时|部门|单位|乡镇|街道|村|社区|县|区|市|专题|栏目|网站|平台|账号"
    r"|方面|领域|批次|百分点|环节|项目)|宗|起|例|项|笔|人次)?"
    r"|(?<![第一二三四五六七八九十])(?P<cn>[零一二两三四五六七八九十]{1,3})(?P<cnunit>件|起|宗)")
_APPROX_BEFORE = re.compile(r"(?:约|近|超过|逾|不足|不到|上万|数)\s*$")
_SENTENCE_END = re.compile(r"[。!?;！？；]|\s{3,}")
_MAX_GAP = 25  # non-space characters between a naming word and its figure before the reading is loose
_SUB_ROW = re.compile(r"t3\.(?:deny|unable|ignore|other)_\d")
_FLOW_KEYS = frozenset({"t3.new", "t3.total", "t3.carried_over", "t3.carry_forward"})


@dataclass
class Statement:
    """One thing the text says about the tables.

    ``kind``: "figure" (a stated number), "share" (a percentage) or "claim" (“均获维持”).
    ``keys``: the quantities named, summed (``app.rules.quantities``); for a share, its numerator.
    """

    kind: str
    keys: tuple[str, ...]
    value: float | None
    unit: str
    phrase: str  # the words that decided what the statement is about
    quote: str  # the statement as written (whitespace collapsed)
    start: int  # offsets in the flat narrative
    end: int
    span: Span  # offsets in Report.text
    section: int | None
    sentence: int
    sure: bool = True
    doubt: str = ""  # why the reading is loose (Chinese)
    accept: tuple[tuple[str, ...], ...] = ()  # other readings the wording allows (equal: silent)
    hints: tuple[tuple[str, ...], ...] = ()  # readings worth naming in a message when equal
    loose: bool = False  # 受理/收到/行政诉讼: the wording admits a hint reading, so a hint match is only worth a look
    parent: int | None = None  # index of the statement this one itemises (“其中…”)
    claim: str = ""  # claims: "none" | "all_done" | "no_carry" | "upheld" | "not_corrected" |
    #                  "no_fee" | "no_fee_notice"
    base: tuple[tuple[str, ...], ...] = ()  # shares: the denominators the wording allows
    numerator: int | None = None  # shares: the statement whose share is given
    extra: dict = field(default_factory=dict)


@dataclass
class _Match:
    start: int
    end: int
    word: W.Word

    @property
    def role(self) -> str:
        return self.word.role


@dataclass
class _Token:
    start: int
    end: int
    value: float
    unit: str
    approx: bool


def _collapse(s: str) -> str:
    return re.sub(r"\s+", "", s)


def _cn_number(s: str) -> int | None:
    if s == "十":
        return 10
    if "十" in s:
        a, _, b = s.partition("十")
        tens = _CN_DIGITS.get(a, 1) if a else 1
        ones = _CN_DIGITS.get(b, 0) if b else 0
        return tens * 10 + ones if (not a or a in _CN_DIGITS) and (not b or b in _CN_DIGITS) else None
    return _CN_DIGITS[s] if len(s) == 1 else None


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence bounds in the flat narrative (。！？；, or a wide gap where a table was)."""
    out, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        if m.start() > start:
            out.append((start, m.start()))
        start = m.end()
    if start < len(text):
        out.append((start, len(text)))
    return out


def _tokens(text: str, a: int, b: int) -> list[_Token]:
    out = []
    for m in _TOKEN.finditer(text, a, b):
        if m.group("cn"):
            v = _cn_number(m.group("cn"))
            if v is not None:
                out.append(_Token(m.start(), m.end(), float(v), m.group("cnunit"), False))
            continue
        num = m.group("num").replace(",", "")
        if len(num.partition(".")[0]) > MAX_WHOLE_DIGITS:
            continue  # no count or amount a report holds (an ID, a glued run of digits): not a figure
        if not m.group("unit") and re.match(r"\s*(?:年|月|日|号)", text[m.end():m.end() + 3]):
            continue  # a date: not a figure, and the words before it still name the next figure
        approx = bool(m.group("approx")) or bool(_APPROX_BEFORE.search(text, max(a, m.start() - 4), m.start()))
        out.append(_Token(m.start(), m.end(), float(num), m.group("unit") or "", approx))
    return out


def _scan(text: str, a: int, b: int) -> tuple[list[_Match], list[tuple[int, int]]]:
    """Naming words in text[a:b] (overlaps resolved: earliest, then longest), and 'other' words."""
    found = [_Match(m.start(), m.end(), w) for w in W.WORDS for m in w.rx.finditer(text, a, b) if m.end() > m.start()]
    found.sort(key=lambda m: (m.start, -(m.end - m.start)))
    kept: list[_Match] = []
    for m in found:
        if not kept or m.start >= kept[-1].end:
            kept.append(m)
    others = [(m.start(), m.end()) for m in W.OTHER.finditer(text, a, b)]
    return kept, others


class _Reader:
    """Reads the statements of one report (one instance per report: no shared state)."""

    def __init__(self, report: Report, flat: Flat):
        self.report = report
        self.flat = flat
        self.text = flat.text
        self.out: list[Statement] = []
        self.sa = 0  # start of the sentence being read

    # ------------------------------------------------------------------ helpers
    def _new(self, kind: str, keys: tuple[str, ...], value: float | None, unit: str, phrase: str,
             start: int, end: int, sentence: int, **kw) -> Statement:
        span = self.flat.span(start, end)
        st = Statement(kind, keys, value, unit, phrase, _collapse(self.text[start:end]), start, end, span,
                       self.report.section_at(span[0]), sentence, **kw)
        self.out.append(st)
        return st

    def _gap(self, a: int, b: int) -> int:
        return len(_collapse(self.text[a:b]))

    # ------------------------------------------------------------------ figures
    def read(self) -> list[Statement]:
        sents = sentences(self.text)
        for i, (a, b) in enumerate(sents):
            self._sentence(i, a, b, sents[i - 1] if i else None)
            self._claims(i, a, b)
        return self.out

    def _topic(self, a: int, b: int, prev: tuple[int, int] | None) -> str:
        """The sentence, with the previous one when this one starts “其中…”."""
        s = self.text[a:b]
        if prev and re.match(r"\s*其中", s):
            return self.text[prev[0]:prev[1]] + s
        return s

    def _sentence(self, idx: int, a: int, b: int, prev: tuple[int, int] | None) -> None:
        self.sa = a
        tokens = _tokens(self.text, a, b)
        if not any(t.unit and not t.approx for t in tokens):
            return  # no figure in this sentence
        words, others = _scan(self.text, a, b)
        topic = self._topic(a, b, prev)
        first = len(self.out)
        if prev and re.match(r"\s*其中", self.text[a:b]):
            first = next((k for k, s in enumerate(self.out) if s.sentence == idx - 1), first)
        queue: list[tuple[str, ...]] = []  # “…分别为 a 件、b 件”: keys still to assign
        prev_end = a
        for n, tok in enumerate(tokens):
            w0, prev_end = prev_end, tok.end
            nxt = tokens[n + 1].start if n + 1 < len(tokens) else b
            if tok.approx or not tok.unit or tok.unit == "人次":
                queue.clear()
                continue
            if tok.unit == "%":
                self._share(idx, tok, w0, first, words)
                continue
            if queue and re.fullmatch(r"\s*(?:件|条|个)?\s*[、,，和及]\s*", self.text[w0:tok.start]):
                keys = queue.pop(0)
                head = self.out[-1]
                self._figure(idx, keys, tok, head.phrase, tok.start, first, head.sure, head.doubt)
                continue
            queue.clear()
            used = self._read_figure(idx, tok, w0, nxt, words, others, topic, first, queue)
            if used:
                prev_end = used  # “2 件维持原行政行为，1 件…”: 维持 is not the next figure's word

    def _read_figure(self, idx: int, tok: _Token, w0: int, nxt: int, words: list[_Match],
                     others: list[tuple[int, int]], topic: str, first: int, queue: list) -> int | None:
        """Read one figure; returns the end of a naming word after it (“103 件顺延到下年度”), if used."""
        has_doc = any(m.role == "doc" and m.start < tok.start for m in words)
        cands = [m for m in words if w0 <= m.start and m.end <= tok.start and (m.role != "act" or has_doc)]
        other_end = max((e for s, e in others if w0 <= s and e <= tok.start), default=-1)
        pick = max(cands, key=lambda m: m.end) if cands else None
        if pick is not None and other_end > pick.end:
            return None  # the figure is about something the tables do not count
        if pick is not None and pick.word.verb and W.TIMELY.search(self.text[max(w0, pick.start - 6):pick.start]):
            return None  # 按期答复 N 件: a subset
        consumed = None
        if pick is None:
            if other_end >= 0:
                return None
            if W.TOTAL_OF_PREVIOUS.fullmatch(self.text[w0:tok.start]):
                self._total_of_previous(idx, tok, w0, first)
                return None
            pick = self._after(tok, nxt, words, others)
            if pick is None:
                return None
            phrase_start, phrase_end = tok.start, pick.end
            consumed = pick.end
        else:
            pick = self._specific(pick, cands)
            phrase_start, phrase_end = pick.start, tok.end
        between = self.text[pick.end:tok.start] if pick.end <= tok.start else ""
        far = pick.end <= tok.start and self._gap(pick.end, tok.start) > _MAX_GAP
        if pick.role in ("t3", "block"):
            group = self._joined(pick, words)
            phrase_start = min(phrase_start, group[0].start)
            if len(group) > 1 and ("各" in between or "分别" in between):
                keys_list = [self._keys_of(m, words, tok) for m in group]
                if "分别" in between:  # “…分别为 a 件、b 件”: the rest go to the next figures
                    queue.extend(keys_list[1:])
                    keys_list = keys_list[:1]
            else:
                keys_list = [tuple(k for m in group for k in self._keys_of(m, words, tok))]
        else:
            keys_list = [self._keys_of(pick, words, tok)]
        for keys in keys_list:
            if keys:
                self._figure_from(idx, pick, keys, tok, phrase_start, phrase_end, first, topic, far, words)
        return consumed

    def _after(self, tok: _Token, nxt: int, words: list[_Match], others: list[tuple[int, int]]) -> _Match | None:
        """A naming word right after the figure, in the same clause (“2 件维持原行政行为”)."""
        stop = re.search(r"[,，、;；]", self.text[tok.end:nxt])
        bound = tok.end + stop.start() if stop else nxt
        after = [m for m in words if tok.end <= m.start < bound and self._gap(tok.end, m.start) <= 3
                 and m.role in ("t3", "part")]
        if not after or any(tok.end <= s < after[0].start for s, _ in others):
            return None
        return after[0]

    def _specific(self, pick: _Match, cands: list[_Match]) -> _Match:
        """Prefer the precise word in the same clause: a sub-row before its group
        (“不掌握相关政府信息无法提供的申请”), the block a qualifier names (“直接起诉的行政诉讼”)."""
        k = cands.index(pick)
        if pick.role == "block" and pick.word.value == ("lit",) and k:
            prev = cands[k - 1]
            if prev.role == "block" and prev.word.value[0] in ("ld", "la") \
                    and re.fullmatch(r"\s*的?\s*", self.text[prev.end:pick.start]):
                return prev
        if pick.role == "t3" and pick.word.value[0] in ("t3.deny", "t3.unable", "t3.ignore", "t3.other"):
            group = pick.word.value[0] + "_"
            for prev in reversed(cands[:k]):
                if prev.role == "t3" and prev.word.value[0].startswith(group) \
                        and not re.search(r"[,，、]", self.text[prev.end:pick.start]):
                    return prev
        return pick

    def _total_of_previous(self, idx: int, tok: _Token, w0: int, first: int) -> None:
        """“新收 a 件，上年结转 b 件，共 c 件”: c names the sum of the flows just stated."""
        flows = [s for s in self.out[first:] if s.sentence == idx and s.kind == "figure" and s.parent is None
                 and len(s.keys) == 1 and s.keys[0] in ("t3.new", "t3.carried_over")]
        keys = tuple(dict.fromkeys(s.keys[0] for s in flows))
        if len(keys) < 2:
            return
        start = next(k for k in range(w0, tok.start) if not self.text[k].isspace() and self.text[k] not in ",，、;；")
        self._new("figure", keys, tok.value, tok.unit, self.text[start:tok.start].strip(), start, tok.end, idx)

    def _joined(self, pick: _Match, words: list[_Match]) -> list[_Match]:
        """“予以公开及部分公开”: the fields joined to ``pick`` by conjunctions, in order."""
        group = [pick]
        k = words.index(pick)
        while k > 0:
            m = words[k - 1]
            if m.role != pick.role or not W.CONJUNCTION.fullmatch(self.text[m.end:group[0].start]):
                break
            group.insert(0, m)
            k -= 1
        return group

    def _keys_of(self, m: _Match, words: list[_Match], tok: _Token) -> tuple[str, ...]:
        role, v = m.role, m.word.value[0]
        if role == "t3":
            return m.word.value
        if role == "block":
            return (f"t4.{v}.total",)
        if role == "part":
            block = self._nearest(words, "block", tok.start)
            return (f"t4.{block.word.value[0]}.{v}",) if block else ()
        if role == "app":
            return (f"{self._applicant_row(tok.start)}@{v}",)
        if role == "doc":
            act = self._act_of(m, words)
            if act:
                return (f"t2.{v}.{act.word.value[0]}",)
            return (f"t2.{v}.made", f"t2.{v}.repealed", f"t2.{v}.valid")  # which one: unsure
        if role == "act":
            doc = self._nearest(words, "doc", m.start)
            return (f"t2.{doc.word.value[0]}.{v}",) if doc else ()
        if role == "t2":
            return (f"t2.{v}",)
        if role == "fee":
            return ("fee.info",)
        return ()

    def _act_of(self, doc: _Match, words: list[_Match]) -> _Match | None:
        """What was done to the documents, said in the clause before their noun (“共制发行政规范性文件”)."""
        acts = [a for a in words if a.role == "act" and a.end <= doc.start and a.start >= self._clause(doc.start)]
        return acts[-1] if acts else None

    def _clause(self, pos: int) -> int:
        """Start of the clause holding ``pos``: after the last comma or number, at most 40 back."""
        start = max(self.sa, pos - 40)
        for k in range(pos - 1, start - 1, -1):
            if self.text[k] in ",，、" or self.text[k].isdigit():
                return k + 1
        return start

    @staticmethod
    def _nearest(words: list[_Match], role: str, before: int) -> _Match | None:
        found = [m for m in words if m.role == role and m.end <= before]
        return found[-1] if found else None

    def _applicant_row(self, pos: int) -> str:
        for st in reversed(self.out):
            if st.kind == "figure" and st.end <= pos and len(st.keys) == 1 and st.keys[0] in _FLOW_KEYS:
                return st.keys[0]
        return "t3.new"

    def _figure_from(self, idx: int, pick: _Match, keys: tuple[str, ...], tok: _Token, p0: int, p1: int,
                     first: int, topic: str, far: bool, words: list[_Match]) -> None:
        role = pick.role
        sure, doubt = pick.word.sure, ("措辞未明确指向表格栏目" if not pick.word.sure else "")
        money = tok.unit in _MONEY_UNITS
        if money != (role == "fee" or keys == ("t2.fees",)):
            return  # 件 for a fee or 元 for a count: not this field
        if role == "doc" and len(keys) == 3:
            sure, doubt = False, "未写明是制发、废止还是现行有效的件数"
            if W.DOC_NOT_ACT.search(self.text[self._clause(pick.start):pick.start]):
                return
            if any(a.role == "act" and a.word.value == ("published",) and a.end <= pick.start for a in words):
                return  # “主动公开规章 13 件（…）、行政规范性文件 42 件”: a list of published documents
        elif role == "doc":
            act = self._act_of(pick, words)
            chain = [a for a in words if a.role == "act" and a.end == act.start]  # “新增公开”
            a0 = chain[0].start if chain else act.start
            p0 = min(p0, a0)
            if any(a.word.value == ("published",) for a in [*chain, act]):
                return  # “主动公开新增规章 18 件”, “新增公开规章 1 件”: what was published, not what was made
            if not act.word.sure:
                sure, doubt = False, f"“{self.text[a0:act.end]}”不一定指本年制发、废止或现行有效"
            keys = (f"t2.{pick.word.value[0]}.{act.word.value[0]}",)
        if role == "act":
            if pick.word.value == ("published",):
                return
            doc = self._nearest(words, "doc", pick.start)
            if doc and W.DOC_NOT_ACT.search(self.text[doc.end:pick.start]):
                return
            if not pick.word.sure:
                doubt = f"“{self.text[pick.start:pick.end]}”不一定指本年制发、废止或现行有效"
        if role in ("t3", "app"):
            # 予以公开、结转下年度… name table 三 by themselves; 受理、国家秘密、自然人… need the topic
            specific = role == "t3" and not pick.word.verb and not any(_SUB_ROW.fullmatch(k) for k in keys)
            if not W.APPLICATION_TOPIC.search(topic) and not specific:
                sure, doubt = False, "句中未提到政府信息公开申请"
        if role in ("block", "part"):
            s = self.text[self.sa:tok.start]
            if W.REVIEW_OTHER_BUSINESS.search(s) and not W.DISCLOSURE_TOPIC.search(topic):
                sure, doubt = False, "句中未提到政府信息公开，可能指其他行政复议、诉讼案件"
        if role == "t2" and W.DISCLOSED.search(self.text[self._clause(pick.start):tok.start]):
            sure, doubt = False, "公开（公示）的件数不一定等于作出的决定数量"
        if far:
            sure, doubt = False, "数字与所指栏目相隔较远"
        phrase = self.text[min(p0, pick.start) if role == "doc" else pick.start:pick.end]
        self._figure(idx, keys, tok, phrase, p0, first, sure, doubt, p1=p1, verb=pick.word.verb)

    def _figure(self, idx: int, keys: tuple[str, ...], tok: _Token, phrase: str, p0: int, first: int,
                sure: bool, doubt: str, p1: int | None = None, verb: str = "") -> None:
        """Record a figure with the other readings its wording allows (accept) or that may explain it (hints)."""
        value = tok.value / 10000 if tok.unit == "元" and keys == ("t2.fees",) else tok.value
        accept: list[tuple[str, ...]] = []
        hints: list[tuple[str, ...]] = []
        primary = keys
        if keys == ("t3.new",):
            after = self.text[tok.end:tok.end + 16]
            before = self.text[self.sa:tok.start]
            if W.INCLUDES_CARRIED.search(after):
                primary = ("t3.new", "t3.carried_over")
            elif verb == "received" and re.search(r"上一?年度?结转", before):
                accept.append(("t3.new", "t3.carried_over"))
            else:
                hints.append(("t3.new", "t3.carried_over"))
        elif keys == ("t3.total",):
            if verb == "handled":
                accept.append(("t3.new", "t3.carried_over"))
            else:
                hints.append(("t3.new", "t3.carried_over"))
            hints.append(("t3.new",))
        elif keys == ("t4.lit.total",):
            hints += [("t4.ld.total",), ("t4.la.total",)]
        if len(keys) == 1 and keys[0].startswith("t4.") and keys[0].endswith(".total"):
            b = keys[0].split(".")[1]  # the block's results add up to the text: the table total may be wrong
            hints.append(tuple(f"t4.{b}.{r}" for r in ("maintain", "correct", "other", "pending")))
        elif len(keys) == 1 and keys[0].startswith("t4.lit."):
            r = keys[0].split(".")[2]
            hints += [(f"t4.ld.{r}",), (f"t4.la.{r}",)]
        elif len(keys) == 1 and keys[0].startswith("t2.") and keys[0].count(".") == 2:
            doc = keys[0].split(".")[1]
            hints += [(f"t2.{doc}.{c}",) for c in ("made", "repealed", "valid") if f"t2.{doc}.{c}" != keys[0]]
        elif len(keys) == 3 and keys[0].startswith("t2."):  # which column is unsaid: any may match
            primary, accept = keys[:1], [keys[1:2], keys[2:3]]
        st = self._new("figure", primary, value, tok.unit, phrase, p0, p1 or tok.end, idx, sure=sure, doubt=doubt,
                       accept=tuple(accept), hints=tuple(hints),
                       loose=verb in ("received", "handled") or primary == ("t4.lit.total",))
        st.parent = self._parent_of(st, first)

    def _parent_of(self, st: Statement, first: int) -> int | None:
        """The figure a part (“其中予以公开…”, “其中结果维持…”) itemises, in the same sentence."""
        key = st.keys[0] if len(st.keys) == 1 else ""
        group = "outcome" if all(k.startswith("t3.") and _outcome_group(k) for k in st.keys) else None
        if "@" in key:
            group = "applicant"
        if key.startswith("t4.") and not key.endswith(".total"):
            block = key.split(".")[1]
            for k in range(len(self.out) - 2, first - 1, -1):
                p = self.out[k]
                if p.kind == "figure" and p.keys == (f"t4.{block}.total",):
                    return k
            return None
        if group is None:
            return None
        for k in range(len(self.out) - 2, first - 1, -1):
            p = self.out[k]
            if p.kind == "figure" and p.parent is None and set(p.keys) <= _FLOW_KEYS and p.keys != ("t3.carried_over",):
                return k
        return None

    # ------------------------------------------------------------------ shares
    def _share(self, idx: int, tok: _Token, w0: int, first: int, words: list[_Match]) -> None:
        window = self.text[w0:tok.start]
        if "纠错率" in window:
            block = self._nearest(words, "block", tok.start)
            if block:
                b = block.word.value[0]
                self._new("share", (f"t4.{b}.correct",), tok.value, "%", "纠错率", window.index("纠错率") + w0,
                          tok.end, idx, base=((f"t4.{b}.total",),))
            return
        if not re.fullmatch(r"\s*[,，(（]?\s*(?:约|共)?\s*(?:占|占比|比例|比重)[^\d]{0,14}?(?:为|是|达)?\s*"
                            r"|\s*[(（]\s*", window):
            return
        num = self.out[-1] if self.out and self.out[-1].kind == "figure" and self.out[-1].sentence == idx else None
        if num is None or num.end > w0 + 2 or num.keys[0].startswith(("t2.", "fee.")):
            return
        base: list[tuple[str, ...]] = []
        sure = True
        if re.search(r"受理|收到|新收|申请总", window):
            base.append(("t3.new",))
        elif re.search(r"办结|答复|办理", window):
            base.append(("t3.total",))
        elif num.parent is not None:
            base.append(self.out[num.parent].keys)
        elif num.keys[0].startswith("t4."):
            base.append((f"t4.{num.keys[0].split('.')[1]}.total",))
        else:
            sure = False
        if num.keys[0].startswith("t3."):
            base += [b for b in (("t3.total",), ("t3.new",), ("t3.new", "t3.carried_over")) if b not in base]
        end = tok.end + 1 if self.text[tok.end:tok.end + 1] in (")", "）") and "(" in window + "（" else tok.end
        self._new("share", num.keys, tok.value, "%", num.phrase, num.start, end, idx, sure=num.sure and sure,
                  doubt=num.doubt or ("未写明占什么的比例" if not sure else ""), base=tuple(base),
                  numerator=len(self.out) - 1)

    # ------------------------------------------------------------------ claims
    def _claims(self, idx: int, a: int, b: int) -> None:
        for claim, keys, (start, end), extra in claim_matches(self.text, a, b):
            self._new("claim", keys, None, "", self.text[start:end], start, end, idx, claim=claim, extra=extra)


def _outcome_group(key: str) -> str | None:
    row = key[3:].split("@")[0]
    g = row.split("_")[0]
    return g if g in OUTCOME_GROUPS else None


def extract(report: Report, flat: Flat | None = None) -> list[Statement]:
    """Every statement the narrative makes about tables 二/三/四, sentence by sentence."""
    return _Reader(report, flat or flat_narrative(report)).read()
