"""Sections 一, 五, 六 made comparable: normalised sentences with offsets, boilerplate left out.

Copying is judged on what a unit wrote itself. So before two reports are compared,
everything every report legitimately shares is taken away: the statutory preamble
sentences (legal basis, statistic period, contact, download), the template's own words
(headings, “（文字描述）”), the titles of cited documents (《…》), and the report's own
name (“乔官镇”, “我镇” both become one mark, so that a text copied with the name changed
is still seen as copied). Numbers become one mark too: a text copied from last year with
the year changed is still a copy. What remains is kept sentence by sentence, each with
its span in the original text, so that a shared passage can be shown there.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from app.across.names import SELF_REFERENCE, forms
from app.model import Report, Span
from app.normalize import normalize
from app.rules.text import is_traditional
from app.template import SECTION2_2021, SECTION_TITLES, T3_LABELS, T4_BLOCKS, T4_RESULTS

#: The sections whose words are compared (一 总体情况, 五 问题及改进, 六 其他事项).
SECTIONS = (1, 5, 6)
#: Shingle length in characters of the compact text (about four words of Chinese).
K = 8
#: A sentence shorter than this (compact characters) is a heading or a phrase, not text.
MIN_SENTENCE = 10

_SENTENCE_END = re.compile(r"[。！？!?；;]+|\n\s*\n")
_BOOK_TITLE = re.compile(r"《[^《》\n]{1,60}》")
_NUMBER = re.compile(r"[0-9]+(?:[.,][0-9]+)*")
SELF, NUM = "@", "#"

#: Sentences of the statutory preamble and the closing formalities, in any report:
#: each tuple is a set of words that must all be in the compact sentence.
PREAMBLE = (
    ("本报告", "编制"), ("本报告", "条例"), ("本年度报告", "编制"), ("年度报告", "根据", "条例", "编制"),
    ("统计期限",), ("统计时限",), ("统计期间",), ("统计时间",), ("统计", "起至"),
    ("如对本报告",), ("疑问", "联系"), ("联系电话",), ("联系方式",), ("邮编",), ("邮政编码",), ("电子邮箱",),
    ("电子版",), ("下载",), ("本报告", "包括"), ("六个方面",), ("六个部分",), ("以下简称",),
)


def _compact_words(text: str) -> str:
    return compact(normalize(text, t2s=True).text, None)


@lru_cache(maxsize=1)
def template_sentences() -> frozenset[str]:
    """The template's own words: headings, table labels and its notes, in compact form."""
    words = list(SECTION_TITLES.values()) + list(T3_LABELS.values()) + list(T4_BLOCKS) + list(T4_RESULTS)
    for label, block, cols in SECTION2_2021.values():
        words += [label, block, *cols]
    words += ["文字描述", "文字描述，收取信息处理费情况在此处报告", "收取信息处理费情况在此处报告",
              "年度报告内容要严格按照条例第五十条的规定确定不能遗漏也不宜泛化",
              "主要包括主动公开依申请公开政府信息管理政府信息公开平台建设监督保障"]
    return frozenset(_compact_words(w) for w in words)


@dataclass
class Sentence:
    """One sentence of a section: its compact form and where each of its characters came from."""

    text: str  # compact: letters and digits only, numbers as "#", the report's own name as "@"
    span: Span  # the whole sentence in the original text
    section: int


@dataclass
class Prepared:
    """A report's comparable sentences, per section, with the boilerplate taken out."""

    sentences: list[Sentence] = field(default_factory=list)
    dropped: int = 0  # sentences left out as preamble or template
    text: str = ""  # sections 一, 五, 六 normalised, as written (to look for other units' names in)

    def section_sentences(self, number: int) -> list[Sentence]:
        return [s for s in self.sentences if s.section == number]


_PREAMBLE_WORDS = re.compile("|".join(sorted({w for words in PREAMBLE for w in words}, key=len, reverse=True)))


def is_preamble(compact: str) -> bool:
    if _PREAMBLE_WORDS.search(compact) is None:  # most sentences: no preamble word at all
        return False
    return any(all(w in compact for w in words) for words in PREAMBLE)


@lru_cache(maxsize=4096)
def _name_pattern(own: tuple[str, ...]) -> re.Pattern | None:
    return re.compile("|".join(re.escape(n) for n in own)) if own else None


_NON_WORD = re.compile(r"[^\w@#]+|_+")


def compact(sentence: str, names: re.Pattern | None) -> str:
    """The compact form of one normalised sentence: titles out, own name and numbers as marks, words only."""
    s = _BOOK_TITLE.sub("", sentence)
    if names is not None:
        s = names.sub(SELF, s)
    s = SELF_REFERENCE.sub(SELF, s)
    s = _NUMBER.sub(NUM, s)
    return _NON_WORD.sub("", s)


def _sentences(raw: str, offset: int, names: re.Pattern | None, t2s: bool) -> tuple[str, list[tuple[str, Span]]]:
    """The normalised text of ``raw`` (found at ``offset`` in the report), and its sentences: compact form, span."""
    nt = normalize(raw, t2s=t2s)
    text = nt.text
    out = []
    pos = 0
    bounds = [m.end() for m in _SENTENCE_END.finditer(text)] + [len(text)]
    for end in bounds:
        if end > pos:
            c = compact(text[pos:end], names)
            if c:
                out.append((c, (offset + nt.orig(pos), offset + nt.orig(end))))
        pos = end
    return text, out


def prepare(report: Report) -> Prepared:
    """The comparable sentences of sections 一, 五, 六 of ``report``."""
    out = Prepared()
    names = _name_pattern(forms(report.org))
    template = template_sentences()
    t2s = is_traditional(report)  # decided once for the report, as the reader does
    texts = []
    text = report.text
    for number in SECTIONS:
        sec = report.section(number)
        if sec is None:
            continue
        start = max(sec.heading_span[1], sec.start) if sec.heading_span else sec.start
        normalised, sentences = _sentences(text[start:sec.end], start, names, t2s)
        texts.append(normalised)
        for c, span in sentences:
            if len(c) < MIN_SENTENCE:
                continue
            if c in template or is_preamble(c):
                out.dropped += 1
                continue
            out.sentences.append(Sentence(c, span, number))
    out.text = "\n".join(texts)
    return out
