"""Title, issuing body, report year, statistic period and publication date.

The report year comes from the title, then from the statistic-period sentence, and
only then from the narrative — never from document numbers such as 〔2021〕30号, from
国务院令第711号 or from the publication date (FORMAT.md §11, "misleading years").
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date

from app.model import Period, Span
from app.normalize import NormText

_TITLE = re.compile(
    r"^(?P<org>.*?)(?P<year>(?:19|20)\d{2})年度?(?P<mid>.*?)"
    r"(?:政府信息公开|政务公开|政务信息公开|信息公开)(?:工作)?(?:年度)?(?:工作)?(?:报告|年报)"
)
_FURNITURE = re.compile(r"^(-\s*\d+\s*-|第?\s*\d+\s*页|TOP|top|首页.*|当前位置.*|\d+)$")

_DATE = r"(?P<{p}y>\d{{4}})\s*年\s*(?P<{p}m>\d{{1,2}})\s*月\s*(?P<{p}d>\d{{1,2}})\s*日"
_PERIOD = re.compile(
    r"统计[^。\n]{0,12}?(?:期限|时限|区间|期间|时间|周期|范围|截止)[^。0-9]{0,8}?"
    + _DATE.format(p="a") + r"\s*(?:起)?\s*(?:至|到|—|-|~)\s*" + _DATE.format(p="b")
)
_PERIOD_GARBLED = re.compile(
    r"统计[^。\n]{0,12}?(?:期限|时限|区间|期间|时间|周期|范围)[^。0-9]{0,8}?"
    r"(?P<raw>[0-9][0-9年月日\s]{2,20}(?:起)?\s*(?:至|到)\s*[0-9][0-9年月日\s]{2,20}日?)"
)
_PUB_LABEL = re.compile(
    r"(?:发布日期|发布时间|成文日期|发文日期|公开日期|日期)\s*[:：]?\s*"
    r"(?P<y>\d{4})\s*[-年/.]\s*(?P<m>\d{1,2})\s*[-月/.]\s*(?P<d>\d{1,2})"
)
_DATE_LINE = re.compile(r"^(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日$")
_CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "O": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}
_CN_DATE_LINE = re.compile(r"^(?P<y>[〇○零O一二三四五六七八九]{4})年(?P<m>[一二三四五六七八九十]{1,3})月"
                           r"(?P<d>[一二三四五六七八九十]{1,3})日$")
_YEAR_IN_TEXT = re.compile(r"(?<![〔\[(（\d])((?:19|20)\d{2})\s*年(?!\s*\d{1,2}\s*月\s*\d{1,2}\s*日)")


@dataclass
class Meta:
    title: str | None = None
    title_span: Span | None = None
    org: str | None = None
    org_span: Span | None = None
    year: int | None = None
    year_source: str | None = None
    period: Period | None = None
    published: date | None = None
    published_span: Span | None = None
    bad_date: tuple[str, Span] | None = None  # a date that could not be read (typo, 2月30日)


def _lines(nt: NormText, start: int, end: int) -> list[tuple[int, int, str]]:
    """(start, end, compact text) of non-empty lines in [start, end), furniture dropped."""
    out = []
    pos = start
    for line in nt.text[start:end].split("\n"):
        s = pos
        pos += len(line) + 1
        c = "".join(line.split())
        if c and not _FURNITURE.match(c):
            out.append((s, s + len(line), c))
    return out


def _safe_date(y: int, m: int | None, d: int | None) -> date | None:
    if m is None or d is None:
        return None
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _cn_number(s: str) -> int | None:
    """十二 -> 12; None for a typo such as 一二 or 十十 (the date is then unreadable, not an error)."""
    try:
        if s == "十":
            return 10
        if s.startswith("十"):
            return 10 + _CN_DIGITS[s[1]]
        if "十" in s:
            a, _, b = s.partition("十")
            return _CN_DIGITS[a] * 10 + (_CN_DIGITS[b] if b else 0)
        return _CN_DIGITS[s]
    except (KeyError, IndexError):
        return None


# Page furniture that crawlers and CMS exports put before the issuing body in a title line:
# a field label (标题: / 名称: / 发布机构:), a breadcrumb (首页 > …), a hashtag or Markdown.
_FIELD_LABEL = re.compile(r"^.*[:：]")
_CRUMB = re.compile(r"^.*[>»›]")
_TAGS = re.compile(r"#[^#\s]{1,40}#|【[^】]{0,12}】|\[[^\]]{0,12}\]")
_HASHTAG = re.compile(r"^\s*#[^#\s]{1,40}\s+(?=\S)")
_MARKUP = re.compile(r"[#*_>|`]+|<[^>]{1,40}>")
_SITE_WORDS = ("网站", "门户", "首页", "频道", "栏目", "专栏", "政务公开", "信息公开", "当前位置", "您的位置")


def clean_org(raw: str) -> str:
    """The issuing body from the text before the year in a title line, page furniture removed."""
    org = _HASHTAG.sub("", _TAGS.sub(" ", raw))
    org = _CRUMB.sub("", _FIELD_LABEL.sub("", org))
    org = _MARKUP.sub(" ", org)
    # a date or an index number left before the org (``发布日期:2024-01-15 XX局``): no part of it
    chunks = [c for c in org.split() if not re.search(r"\d", c)] or org.split()
    # ``XX县人民政府门户网站 XX县2023年…``: a site name, then the title
    if len(chunks) >= 2 and any(w in c for c in chunks[:-1] for w in _SITE_WORDS):
        chunks = chunks[-1:]
    return "".join(chunks).strip("《》“”\"'【】〖〗[]")


def _title_lines(nt: NormText, head_end: int) -> list[tuple[str, list[int]]]:
    """Non-furniture lines of the head: compact text and, per character, its normalised offset."""
    out = []
    pos = 0
    for line in nt.text[:head_end].split("\n"):
        s = pos
        pos += len(line) + 1
        offsets = [s + i for i, ch in enumerate(line) if not ch.isspace()]
        c = "".join(line[i - s] for i in offsets)
        if c and not _FURNITURE.match(c):
            out.append((c, offsets))
        if len(out) >= 20:
            break
    return out


def find_title(nt: NormText, head_end: int) -> Meta:
    """The title: the first line (joined with up to two lines before it) that reads
    ``{org}{Y}年…政府信息公开…报告``; a title with the org on its own line is joined.
    Page furniture before the org (``标题:``, ``#XX县人民政府``, breadcrumbs) is not the org."""
    meta = Meta()
    lines = _title_lines(nt, head_end)
    for i in range(len(lines)):
        if "报告" not in lines[i][0] and "年报" not in lines[i][0]:
            continue
        best = None
        for back in range(0, 3):
            if i - back < 0:
                break
            joined = "".join(l[0] for l in lines[i - back:i + 1])
            m = _TITLE.match(joined)
            if m:
                best = (back, m, joined)
                if clean_org(m.group("org")) or m.group("mid"):
                    break
        if best is None:
            continue
        back, m, joined = best
        offsets = [o for l in lines[i - back:i + 1] for o in l[1]]
        # the raw text before the year keeps the spaces that end a hashtag or a label
        first, year_at = offsets[0], offsets[m.start("year")]
        org = clean_org(nt.text[first:year_at]) if m.group("org") else ""
        before = joined[:m.start("year")]
        org_at = at = before.rfind(org) if org else -1
        if org_at < 0:
            org_at = m.start("year")
        if not org:
            org = clean_org(m.group("mid"))
            at = joined.find(org, m.start("mid")) if org else -1
        meta.title = joined[org_at:m.end()]
        meta.title_span = nt.span(offsets[org_at], offsets[m.end() - 1] + 1)
        meta.org_span = nt.span(offsets[at], offsets[at + len(org) - 1] + 1) if at >= 0 else meta.title_span
        meta.org = org or None
        meta.year, meta.year_source = int(m.group("year")), "title"
        return meta
    return meta


def find_period(nt: NormText) -> Period | None:
    m = _PERIOD.search(nt.text)
    if m:
        a = _safe_date(int(m["ay"]), int(m["am"]), int(m["ad"]))
        b = _safe_date(int(m["by"]), int(m["bm"]), int(m["bd"]))
        s, e = nt.span(m.start(), m.end())
        return Period(a, b, "".join(m.group().split()), (s, e))
    g = _PERIOD_GARBLED.search(nt.text)
    if g:
        s, e = nt.span(g.start("raw"), g.end("raw"))
        return Period(None, None, "".join(g.group("raw").split()), (s, e))
    return None


def find_published(nt: NormText, head_end: int) -> tuple[date | None, Span | None]:
    """A labelled date in the page head (web copies), else a date line in the signature."""
    m = _PUB_LABEL.search(nt.text, 0, max(head_end, 0))
    if m:
        d = _safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
        if d:
            return d, nt.span(m.start("y"), m.end())
    tail = _lines(nt, max(0, len(nt.text) - 600), len(nt.text))[-10:]
    for s, e, c in reversed(tail):
        dm = _DATE_LINE.match(c)
        if dm:
            d = _safe_date(int(dm["y"]), int(dm["m"]), int(dm["d"]))
            if d:
                return d, nt.span(s, e)
        cm = _CN_DATE_LINE.match(c)
        if cm:
            y = int("".join(str(_CN_DIGITS[ch]) for ch in cm["y"]))
            d = _safe_date(y, _cn_number(cm["m"]), _cn_number(cm["d"]))
            if d:
                return d, nt.span(s, e)
    return None, None


def unreadable_date(nt: NormText, head_end: int) -> tuple[str, Span] | None:
    """A labelled or signature date that looks like a date but is none (二〇二四年一二月三日, 2月30日)."""
    m = _PUB_LABEL.search(nt.text, 0, max(head_end, 0))
    if m and _safe_date(int(m["y"]), int(m["m"]), int(m["d"])) is None:
        return m.group(), nt.span(m.start(), m.end())
    for s, e, c in reversed(_lines(nt, max(0, len(nt.text) - 600), len(nt.text))[-10:]):
        if _DATE_LINE.match(c) or _CN_DATE_LINE.match(c):
            return c, nt.span(s, e)
    return None


def narrative_year(text: str) -> int | None:
    """Most frequent "YYYY年" in the narrative, ignoring dates and bracketed numbers."""
    years = Counter(int(y) for y in _YEAR_IN_TEXT.findall(text))
    if not years:
        return None
    return years.most_common(1)[0][0]


def read_metadata(nt: NormText, head_end: int) -> Meta:
    meta = find_title(nt, head_end)
    meta.period = find_period(nt)
    if meta.year is None and meta.period and meta.period.end:
        meta.year, meta.year_source = meta.period.end.year, "period"
    if meta.year is None:
        y = narrative_year(nt.text)
        if y:
            meta.year, meta.year_source = y, "narrative"
    meta.published, meta.published_span = find_published(nt, head_end)
    if meta.published is None:
        meta.bad_date = unreadable_date(nt, head_end)
    return meta
