"""Copied text (雷同): sections 一, 五, 六 against last year's report and against other units'.

How it scales: every report's comparable sentences (``textprep``) are cut into character
shingles; sentences and shingles found in more than a set share of all units' reports
are boilerplate and dropped. An inverted index from shingle to reports then yields, for
each report of the batch, only the reports it shares enough shingles with — 500 reports
need no 125 000 pairwise comparisons, only those few candidates are measured exactly.

What is measured: the share of a section's characters covered by shingles that the
other report also holds (anywhere in its sections 一, 五, 六), and which sentences are
shared (a sentence more than half covered), paired with the other report's sentence
that holds most of them. Both reports of a copied pair get a finding, each naming the
other: who copied whom is the auditor's call.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import chain

from app.across.library import Entry
from app.across.names import DIVISION_END, core, distinctive_forms, forms
from app.across.settings import AcrossSettings
from app.across.textprep import K, SECTIONS, Prepared, Sentence, prepare
from app.model import Finding, RelatedRef, Span
from app.normalize import normalize
from app.rules.cross import OtherUnitName, SameAsLastYear, SameAsPeer
from app.template import SECTION_NUMERALS

#: A pair is measured exactly when the reports share at least this many shingles (copying) …
CANDIDATE_SHINGLES = 30
#: … or this many, when the other unit's name stands in this report (a leftover name).
NAME_CANDIDATE_SHINGLES = 8
#: A sentence is “shared” when at least this share of its characters is found in the other report.
SENTENCE_SHARE = 0.5
#: How many shared sentences a message quotes, and how long each quote may be.
QUOTE_SENTENCES, QUOTE_CHARS = 3, 36

KIND_PREV, KIND_PEER = "prev", "peer"


@dataclass
class SharedSentence:
    a: Span  # the sentence in this report's text
    b: Span | None  # the other report's sentence holding most of it
    section: int
    share: float


@dataclass
class Passage:
    """Consecutive shared sentences: one marked passage in each text of the side-by-side view."""

    a: Span
    b: Span | None
    section: int
    chars: int


@dataclass
class SectionShare:
    share: float
    shared: int  # compact characters found in the other report
    total: int  # compact characters of the section (boilerplate left out)


@dataclass
class SimilarPair:
    """Report ``a`` measured against report ``b`` (entry keys); not symmetric."""

    a: str
    b: str
    kind: str  # "prev" (same unit, last year) | "peer" (another unit, same year)
    sections: dict[int, SectionShare] = field(default_factory=dict)
    sentences: list[SharedSentence] = field(default_factory=list)
    passages: list[Passage] = field(default_factory=list)
    copied: list[int] = field(default_factory=list)  # sections over the thresholds
    names: list[tuple[Span, str]] = field(default_factory=list)  # the other unit's name in a's shared text

    def percent(self, section: int) -> str:
        """The share of a section, rounded down: a text with one word changed is never “100%”."""
        return f"{int(self.sections[section].share * 100)}%"

    @property
    def strongest(self) -> float:
        return max((self.sections[n].share for n in self.copied), default=0.0)


@dataclass
class _Doc:
    entry: Entry
    unit: str
    prepared: Prepared
    kept: list[Sentence] = field(default_factory=list)  # the sentences that are not common to many reports
    shingles: set[int] = field(default_factory=set)  # hashes of the non-common shingles of ``kept``
    owner: dict[int, int] | None = None  # shingle -> index in ``kept`` (built when needed)
    measured: list[tuple[list[int], int]] | None = None  # per kept sentence: its shingles, its non-common length
    text: str = ""  # sections 一, 五, 六 as written (normalised), to look for other units' names
    names: tuple[str, ...] = ()  # this unit's distinctive names (looked for in other reports)


def _hashes(text: str) -> list[int]:
    return [hash(text[i:i + K]) for i in range(len(text) - K + 1)]


def _union(starts: Iterable[int], length: int) -> int:
    """Characters covered by shingles starting at ``starts`` (sorted) in a sentence of ``length``."""
    covered, end = 0, -1
    for s in starts:
        a, b = max(s, end), min(s + K, length)
        if b > a:
            covered += b - a
        end = max(end, s + K)
    return covered


class Index:
    """The batch and the workspace library, prepared for comparison (built once per run)."""

    def __init__(self, entries: list[Entry], unit_of: Callable[[Entry], str], settings: AcrossSettings,
                 cancelled: Callable[[], bool] = lambda: False):
        self.settings = settings
        self.docs: dict[str, _Doc] = {}
        self.common: set[int] = set()
        self.postings: dict[int, list[str]] = {}  # set here too: a run cancelled while indexing disposes of it
        for e in entries:
            if e.report is None or e.year is None:
                continue
            if cancelled():
                return
            doc = _Doc(e, unit_of(e), prepare(e.report))
            doc.text = doc.prepared.text
            doc.names = distinctive_forms(e.org) if e.org else ()
            self.docs[e.key] = doc
        units = {d.unit for d in self.docs.values()}
        n_units = len(units)
        cut = max(settings.common_min_units, int(settings.common_share * n_units) + 1)
        self.common_cut = cut
        # Sentences, then shingles, found in the reports of ``cut`` or more units are boilerplate.
        sentence_units: dict[str, set[str]] = {}
        for d in self.docs.values():
            for s in d.prepared.sentences:
                sentence_units.setdefault(s.text, set()).add(d.unit)
        common_sentences = {t for t, us in sentence_units.items() if len(us) >= cut}
        _drain(sentence_units)
        for d in self.docs.values():
            d.kept = [s for s in d.prepared.sentences if s.text not in common_sentences]
            d.shingles = set(chain.from_iterable(_hashes(s.text) for s in d.kept))
        # Which shingles two or more reports hold (set operations, report by report: no single long
        # call that holds the GIL), then how many reports hold each of those, and of the many, how many units.
        seen: set[int] = set()
        twice: set[int] = set()
        for d in self.docs.values():
            twice |= d.shingles & seen
            seen |= d.shingles
        _drain_set(seen)
        held: Counter = Counter()
        for d in self.docs.values():
            held.update(d.shingles & twice)
        many = {h for h, n in held.items() if n >= cut}
        _drain(held)
        unit_sets: dict[int, set[str]] = {}
        for d in self.docs.values():
            for h in d.shingles & many:
                unit_sets.setdefault(h, set()).add(d.unit)
        self.common = {h for h, us in unit_sets.items() if len(us) >= cut}
        # Only shingles two reports share can make a pair: only those are indexed.
        shared = twice - self.common
        self.postings: dict[int, list[str]] = {}
        for key, d in self.docs.items():
            d.shingles -= self.common
            for h in d.shingles & shared:
                found = self.postings.get(h)
                if found is None:
                    self.postings[h] = [key]
                else:
                    found.append(key)

    def candidates(self, key: str) -> Counter:
        """Reports sharing enough shingles with ``key`` to be measured, with how many.

        Enough for copying, or fewer when the other unit's name stands in this report's text.
        """
        d = self.docs[key]
        postings = self.postings
        counts = Counter(chain.from_iterable(postings[h] for h in d.shingles if h in postings))
        counts.pop(key, None)
        out = Counter()
        for k, n in counts.items():
            if n >= CANDIDATE_SHINGLES or (n >= NAME_CANDIDATE_SHINGLES and self._named(d, self.docs[k])):
                out[k] = n
        return out

    @staticmethod
    def _named(a: _Doc, b: _Doc) -> bool:
        return any(name in a.text for name in b.names)

    def _measured(self, d: _Doc) -> list[tuple[list[int], int]]:
        """Each kept sentence's shingles and its length without common shingles (once per report)."""
        if d.measured is None:
            d.measured = []
            for s in d.kept:
                hs = _hashes(s.text)
                common = [j for j, h in enumerate(hs) if h in self.common]
                d.measured.append((hs, len(s.text) - _union(common, len(s.text))))
        return d.measured

    def dispose(self) -> None:
        """Free the index piece by piece: one big deallocation would hold the GIL for tens of milliseconds."""
        _drain(self.postings)
        for d in self.docs.values():
            d.shingles = set()
            d.owner = None
            d.measured = None

    def release(self, key: str) -> None:
        """Forget what was kept to measure ``key`` against others (memory, after its pairs are done)."""
        self.docs[key].measured = None

    # ------------------------------------------------------------------ one pair

    def measure(self, a_key: str, b_key: str, kind: str) -> SimilarPair:
        a, b = self.docs[a_key], self.docs[b_key]
        pair = SimilarPair(a_key, b_key, kind)
        totals: dict[int, list[int]] = {n: [0, 0] for n in SECTIONS}
        shared_idx: list[tuple[int, float, list[int]]] = []
        bset = b.shingles
        for i, (s, (hs, base)) in enumerate(zip(a.kept, self._measured(a))):
            if bset.isdisjoint(hs):
                totals[s.section][1] += base
                continue
            hits = [j for j, h in enumerate(hs) if h in bset]
            covered = min(_union(hits, len(s.text)), base)
            totals[s.section][0] += covered
            totals[s.section][1] += base
            if base and covered / base >= SENTENCE_SHARE:
                shared_idx.append((i, covered / base, [hs[j] for j in hits]))
        for n, (covered, base) in totals.items():
            if base:
                pair.sections[n] = SectionShare(covered / base, covered, base)
        st = self.settings
        pair.copied = [n for n, sh in pair.sections.items()
                       if sh.share >= st.copy_share and sh.shared >= st.copy_min_chars]
        if shared_idx:
            owner = self._owner(b)
            for i, share, hashes in shared_idx:
                votes = Counter(owner[h] for h in hashes if h in owner)
                j = votes.most_common(1)[0][0] if votes else None
                pair.sentences.append(SharedSentence(a.kept[i].span, b.kept[j].span if j is not None else None,
                                                     a.kept[i].section, share))
            pair.passages = _passages(pair.sentences, a.kept, b.kept, a.entry.report.text)
            if kind == KIND_PEER and self._named(a, b):
                pair.names = _foreign_names(a.entry, b.entry, pair.sentences)
        return pair

    def _owner(self, d: _Doc) -> dict[int, int]:
        if d.owner is None:
            d.owner = {}
            for i, s in enumerate(d.kept):
                for h in _hashes(s.text):
                    d.owner.setdefault(h, i)
        return d.owner


def _drain(container: dict) -> None:
    """Empty a large dict in small steps (the GIL is handed over between them)."""
    while container:
        container.popitem()


def _drain_set(container: set) -> None:
    while container:
        container.pop()


def _passages(sentences: list[SharedSentence], a_kept: list[Sentence], b_kept: list[Sentence],
              a_text: str = "") -> list[Passage]:
    """Runs of shared sentences that follow each other in both texts, merged within a paragraph."""
    b_index = {s.span: i for i, s in enumerate(b_kept)}
    a_index = {s.span: i for i, s in enumerate(a_kept)}
    out: list[Passage] = []
    last: tuple[int, int | None] | None = None
    for sh in sentences:
        ai, bi = a_index[sh.a], b_index.get(sh.b) if sh.b else None
        chars = sh.a[1] - sh.a[0]
        gap = a_text[out[-1].a[1]:sh.a[0]] if out else ""
        new_paragraph = "\n" in gap or a_text[sh.a[0]:sh.a[1]].lstrip(" \t\u3000").startswith("\n")
        if (out and last is not None and ai == last[0] + 1 and out[-1].section == sh.section and not new_paragraph
                and bi is not None and last[1] is not None and bi == last[1] + 1):
            p = out[-1]
            p.a = (p.a[0], sh.a[1])
            p.b = (p.b[0], sh.b[1]) if p.b and sh.b else p.b
            p.chars += chars
        else:
            out.append(Passage(sh.a, sh.b, sh.section, chars))
        last = (ai, bi)
    return out


def related_units(a_org: str | None, b_org: str | None) -> bool:
    """One name is a division the other lies in (“绥中县” and “绥中县某镇”): naming it is no leftover."""
    ca, cb = core(a_org) or "", core(b_org) or ""
    if not ca or not cb:
        return False
    return (ca.startswith(cb) and cb[-1] in DIVISION_END) or (cb.startswith(ca) and ca[-1] in DIVISION_END)


def _foreign_names(a: Entry, b: Entry, shared: list[SharedSentence]) -> list[tuple[Span, str]]:
    """Where ``b``'s name stands in ``a``'s text shared with ``b`` (a leftover of copying)."""
    if not b.org or related_units(a.org, b.org):
        return []
    own = set(forms(a.org))
    names = [f for f in distinctive_forms(b.org) if not any(f in o for o in own)]
    if not names:
        return []
    text = a.report.text
    out: list[tuple[Span, str]] = []
    for sh in shared:
        nt = normalize(text[sh.a[0]:sh.a[1]])
        for name in names:
            pos = nt.text.find(name)
            if pos >= 0:
                s0, s1 = nt.span(pos, pos + len(name))
                span = (sh.a[0] + s0, sh.a[0] + s1)
                if not any(o[0] <= span[0] < o[1] for o, _ in out):
                    out.append((span, name))
                break
    return out


# --------------------------------------------------------------------------- findings


def _section_name(n: int) -> str:
    return f"第{SECTION_NUMERALS[n - 1]}部分"


def _quote(text: str, span: Span) -> str:
    s = " ".join(text[span[0]:span[1]].split()).strip("，,；;。 ")
    return s if len(s) <= QUOTE_CHARS else s[:QUOTE_CHARS] + "…"


def _related(b: Entry, span: Span | None) -> RelatedRef:
    return RelatedRef(file=b.path, cells=[], span=span, org=b.org, year=b.year, doc_id=b.doc_id)


def copy_finding(pair: SimilarPair, a: Entry, b: Entry, others: list[Entry] = (), note: str = "") -> Finding:
    """SIM-PREV-YEAR / SIM-PEER: the shares, the other report, the shared sentences."""
    rule = SameAsLastYear() if pair.kind == KIND_PREV else SameAsPeer()
    shares = "、".join(f"{_section_name(n)}有 {pair.percent(n)} 的文字（约 {pair.sections[n].shared} 字）"
                       for n in sorted(pair.copied))
    other = "本单位上年度报告" if pair.kind == KIND_PREV else b.label()
    if pair.kind == KIND_PREV:
        other = f"本单位 {b.year} 年报告" if b.year else other
    in_copied = [s for s in pair.sentences if s.section in pair.copied]
    quotes = "；".join(f"“{_quote(a.report.text, s.a)}”" for s in in_copied[:QUOTE_SENTENCES])
    more = f"等 {len(in_copied)} 句" if len(in_copied) > QUOTE_SENTENCES else ""
    message = f"{shares}与{other}相同（已除去法规名称、统计期限等各报告共有的表述）。相同的句子如：{quotes}{more}。"
    if note:
        message += f"（{note}。）"
    if others:
        message += "另有 " + "、".join(o.label() for o in others[:5]) + (" 等" if len(others) > 5 else "") \
            + f" {len(others)} 份报告与本报告也有大段相同文字。"
    first = next((p for p in pair.passages if p.section in pair.copied), pair.passages[0] if pair.passages else None)
    where = f"与{b.label()}雷同" if pair.kind == KIND_PEER else "与本单位上年度报告雷同"
    suggestion = ("结合本单位本年度的实际工作重新撰写雷同部分，避免照搬照抄；确属上级统一要求的表述，可排除此问题并注明原因。"
                  if pair.kind == KIND_PEER else
                  "结合本年度工作的实际情况重新撰写，如实反映本年度新的做法、问题和改进措施，避免照搬上年度报告。")
    f = rule.finding(message, suggestion, span=first.a if first else None, location=where, section=min(pair.copied),
                     current="；".join(f"{_section_name(n)} {pair.percent(n)}" for n in sorted(pair.copied)))
    f.related.append(_related(b, first.b if first else None))
    return f


def name_finding(pair: SimilarPair, a: Entry, b: Entry) -> Finding:
    """SIM-OTHER-NAME: another unit's name inside text shared with that unit's report."""
    rule = OtherUnitName()
    (span, name), count = pair.names[0], len(pair.names)
    section = a.report.section_at(span[0])
    where_text = _section_name(section) if section else "报告正文"
    times = f"等 {count} 处" if count > 1 else ""
    b_span = next((s.b for s in pair.sentences if s.a[0] <= span[0] < s.a[1]), None)
    message = (f"{where_text}出现其他单位的名称“{name}”{times}，所在段落与{b.label()}相同，"
               f"疑为照搬该单位报告后未改名。")
    f = rule.finding(message, f"把“{name}”改为本单位名称，并核实该段内容是否符合本单位实际。", span=span,
                     location=f"其他单位名称“{name}”", section=section, current=name,
                     expected=a.org or "本单位名称")
    f.related.append(_related(b, b_span))
    return f
