"""Structure rules: the six sections, their numbering, and what sections 一, 五, 六 must say."""
from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

from app.model import Finding, Report
from app.normalize import normalize
from app.rules.base import Context, Rule
from app.rules.enumeration import enumeration_problems
from app.rules.text import is_traditional, plain
from app.template import SECTION_NUMERALS, SECTION_TITLES

_SINCE_2021 = "国办公开办函〔2021〕30号"


def _format_2021_applies(report: Report, rule: Rule, ctx: Context) -> bool:
    """Whether the report must follow the 2021 format; when not (or unknown), say “not assessed”.

    The 2021 format applies from report year 2021 on. Without a year, a report laid out
    in the 2021 format is held to it.
    """
    year = report.year
    if year is not None and year < 2021:
        ctx.not_assessed(rule, f"报告年度为{year}年，此项是2021版格式（{_SINCE_2021}）起的要求，"
                               f"{year}年度报告不作此要求，未评估。")
        return False
    if year is None and report.template != "2021":
        ctx.not_assessed(rule, "未识别出报告年度，无法确定是否适用2021版格式的这项要求。")
        return False
    return True


def _sec_name(n: int) -> str:
    return f"第{SECTION_NUMERALS[n - 1]}部分“{SECTION_TITLES[n]}”"


def _plain_body(report: Report, number: int, ctx: Context) -> str:
    """Section body normalised for keyword search (traditional -> simplified, NFKC)."""
    if "traditional" not in ctx.cache:
        ctx.cache["traditional"] = is_traditional(report)
    return plain(_body(report, number)[0], ctx.cache["traditional"])


def _body(report: Report, number: int) -> tuple[str, int]:
    """Section text after its heading, and the offset of that text in the report."""
    s = report.section(number)
    if s is None:
        return "", 0
    start = max(s.heading_span[1], s.start) if s.heading_span else s.start
    return report.text[start:s.end], start


class SectionsPresent(Rule):
    id = "STR-SECTIONS"
    family = "structure"
    severity = "error"
    title = "六个部分齐全"
    doc = ("年度报告应包括总体情况、主动公开、收到和处理申请、行政复议和行政诉讼、存在的问题及改进情况、"
           "其他需要报告的事项六个部分（条例第五十条），“不能遗漏”。每缺一个部分报告一次。")
    source = "FORMAT.md §3、§8.2 S-01；条例第五十条"
    example = "缺少第五部分“存在的主要问题及改进情况”"

    def run(self, report: Report, ctx: Context) -> Iterator[Finding]:
        if not report.text.strip():
            ctx.not_assessed(self, "没有可审核的文字。")
            return
        present = {s.number for s in report.sections}
        if not present:
            yield self.finding("未识别出任何部分标题（一、总体情况 … 六、其他需要报告的事项）。",
                               "按国家格式分六个部分撰写，并使用“一、”至“六、”编号的标题。",
                               location="章节结构", current="0个部分", expected="6个部分")
            return
        for n in range(1, 7):
            if n not in present:
                yield self.finding(f"缺少{_sec_name(n)}。", f"补写{_sec_name(n)}。", location="章节结构",
                                   current="缺失", expected=f"{SECTION_NUMERALS[n - 1]}、{SECTION_TITLES[n]}", section=n)


class SectionsOrder(Rule):
    id = "STR-ORDER"
    family = "structure"
    severity = "warning"
    title = "六个部分的顺序"
    doc = "六个部分应按一至六的顺序排列；顺序颠倒通常是复制粘贴时放错了位置。"
    source = "FORMAT.md §8.2 S-02"
    example = "第四部分出现在第三部分之前"

    def run(self, report: Report, ctx: Context) -> Iterator[Finding]:
        order = [s for s in sorted(report.sections, key=lambda s: s.start)]
        for prev, cur in itertools.pairwise(order):
            if cur.number < prev.number:
                yield self.finding(f"{_sec_name(cur.number)}出现在{_sec_name(prev.number)}之后。",
                                   "按一至六的顺序排列各部分。", span=cur.heading_span, location="章节顺序",
                                   section=cur.number)


_SUB_NUMBERED = re.compile(r"^\s*[（(]([一二三四五六七八九十])[）)]")
_ASPECT_HINT = re.compile(r"主动公开|依申请|信息管理|平台建设|监督保障|监督|保障")


class HeadingNumbers(Rule):
    id = "STR-HEADING-NUMBER"
    family = "structure"
    severity = "warning"
    title = "标题缺少编号"
    doc = ("部分标题应带“一、”至“六、”编号，第一部分的子标题应依次编为“（一）”“（二）”……"
           "漏掉编号的标题在排版后很难辨认层次，也说明报告未按格式核对。")
    source = "FORMAT.md §3；国办公开办函〔2021〕30号 报告内容“一、总体情况”"
    example = "第一部分标题“总体情况”缺少编号“一、”"

    def run(self, report: Report, ctx: Context) -> Iterator[Finding]:
        for s in report.sections:
            if not s.numbered:
                head = report.text[s.heading_span[0]:s.heading_span[1]].strip() or SECTION_TITLES[s.number]
                yield self.finding(f"{_sec_name(s.number)}的标题“{head}”缺少编号“{SECTION_NUMERALS[s.number - 1]}、”。",
                                   f"改为“{SECTION_NUMERALS[s.number - 1]}、{head}”。", span=s.heading_span,
                                   location=f"第{SECTION_NUMERALS[s.number - 1]}部分标题", current=head,
                                   expected=f"{SECTION_NUMERALS[s.number - 1]}、{head}", section=s.number)
        yield from self._sub_headings(report)

    def _sub_headings(self, report: Report) -> Iterator[Finding]:
        """An unnumbered short line among （一）（二）… sub-headings of section 一."""
        body, offset = _body(report, 1)
        if not body:
            return
        numbered: list[str] = []
        pos = 0
        for line in body.split("\n"):
            start = offset + pos
            pos += len(line) + 1
            text = line.strip()
            m = _SUB_NUMBERED.match(line)
            if m:
                numbered.append(m.group(1))
                continue
            if (len(numbered) >= 2 and 4 <= len(text) <= 30 and not re.search(r"[。，,；;：:]", text)
                    and _ASPECT_HINT.search(text)):
                nxt = "一二三四五六七八九十"[min(len(numbered), 9)]
                lead = len(line) - len(line.lstrip())
                yield self.finding(
                    f"第一部分子标题“{text}”缺少编号（前面已有（{'）（'.join(numbered)}），此处应为“（{nxt}）”）。",
                    f"改为“（{nxt}）{text}”。", span=(start + lead, start + lead + len(text)),
                    location="第一部分子标题", current=text, expected=f"（{nxt}）{text}", section=1)
                numbered.append(nxt)


ASPECTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("主动公开", ("主动公开",)),
    ("依申请公开", ("依申请", "公开申请")),
    ("政府信息管理", ("信息管理", "保密审查", "公开属性", "审查", "审核")),
    ("政府信息公开平台建设", ("平台", "网站", "新媒体", "公众号", "专栏")),
    ("监督保障", ("监督", "保障", "考核", "评议", "责任追究")),
)


class OverviewAspects(Rule):
    id = "STR-OVERVIEW-ASPECTS"
    family = "structure"
    severity = "warning"
    title = "第一部分涵盖五个方面"
    doc = ("2021版格式要求“总体情况”主要包括主动公开、依申请公开、政府信息管理、政府信息公开平台建设、"
           "监督保障五个方面。按关键词检查，缺少的方面一并列出。2020年度及以前的报告不适用2021版格式，"
           "不作此项检查（在“读取存疑”中注明未评估）。")
    source = "国办公开办函〔2021〕30号 报告内容（一）总体情况"
    example = "第一部分“总体情况”未涉及：政府信息管理、监督保障"

    def run(self, report: Report, ctx: Context) -> Iterator[Finding]:
        body = _plain_body(report, 1, ctx)
        if report.section(1) is None:
            ctx.not_assessed(self, "未找到第一部分。")
            return
        if not _format_2021_applies(report, self, ctx):
            return
        missing = [name for name, words in ASPECTS if not any(w in body for w in words)]
        if missing:
            s = report.section(1)
            yield self.finding(f"第一部分“总体情况”未涉及：{'、'.join(missing)}。",
                               f"补写{'、'.join(missing)}方面的情况。", span=s.heading_span,
                               location="第一部分", current=f"缺{len(missing)}个方面", section=1)


class SectionEmpty(Rule):
    id = "STR-EMPTY"
    family = "structure"
    severity = "error"
    title = "第一、五部分不得为空"
    doc = "“总体情况”和“存在的主要问题及改进情况”必须有实际内容；只有标题没有正文属于遗漏报告事项。"
    source = "FORMAT.md §8.2 S-09；条例第五十条"
    example = "第五部分“存在的主要问题及改进情况”只有标题，没有内容"

    def run(self, report: Report, ctx: Context) -> Iterator[Finding]:
        for n in (1, 5):
            s = report.section(n)
            if s is None:
                continue
            body, _ = _body(report, n)
            if len(re.sub(r"\s", "", body)) < 5:
                yield self.finding(f"{_sec_name(n)}只有标题，没有内容。", f"补写{_sec_name(n)}的内容。",
                                   span=s.heading_span, location=f"第{SECTION_NUMERALS[n - 1]}部分", section=n)


_PROBLEM = re.compile(r"问题|不足|短板|差距|薄弱|有待|不够|不高|滞后")
_MEASURE = re.compile(r"改进|措施|举措|下一步|今后|将(?:进一步|继续|持续|加强|切实)|加强|提升|完善")


class ProblemsMeasures(Rule):
    id = "STR-PROBLEMS-MEASURES"
    family = "structure"
    severity = "warning"
    title = "第五部分写明问题和改进措施"
    doc = "第五部分应既写存在的主要问题，也写相应的改进措施（条例第五十条第（四）项），只写一方面即不完整。"
    source = "FORMAT.md §8.4 C-03；条例第五十条（四）"
    example = "第五部分只列出了问题，未写改进措施"

    def run(self, report: Report, ctx: Context) -> Iterator[Finding]:
        s = report.section(5)
        if s is None:
            ctx.not_assessed(self, "未找到第五部分。")
            return
        body = _plain_body(report, 5, ctx)
        if len(re.sub(r"\s", "", body)) < 5:
            return  # STR-EMPTY reports it
        lacks = [name for name, rx in (("存在的问题", _PROBLEM), ("改进措施", _MEASURE)) if not rx.search(body)]
        if lacks:
            yield self.finding(f"第五部分未写{'和'.join(lacks)}。", f"补写{'和'.join(lacks)}。",
                               span=s.heading_span, location="第五部分", section=5)


class Rectification(Rule):
    id = "STR-RECTIFICATION"
    family = "structure"
    severity = "info"
    title = "第五部分报告上一年度问题的整改情况"
    doc = ("多地要求第五部分说明上一年度报告所列问题的整改情况（如“2022年问题整改情况”）。"
           "国家格式原文未能确认这一要求，因此只作提示，可在设置中关闭。")
    source = "FORMAT.md §8.4 C-04（未确认的要求）"
    example = "第五部分未说明上一年度（2022年）问题的整改情况"

    def run(self, report: Report, ctx: Context) -> Iterator[Finding]:
        s = report.section(5)
        if s is None:
            ctx.not_assessed(self, "未找到第五部分。")
            return
        body = _plain_body(report, 5, ctx)
        prev = [r"上一?年度?", r"去年", r"以往", r"往年"]
        if report.year:
            prev.append(str(report.year - 1) + r"\s*年")
        rx = re.compile(rf"(?:{'|'.join(prev)})[^。；;]{{0,30}}整改|整改[^。；;]{{0,6}}(?:{'|'.join(prev)})")
        if not rx.search(body.replace("\n", "")):
            last = f"（{report.year - 1}年）" if report.year else ""
            yield self.finding(f"第五部分未说明上一年度{last}问题的整改情况。",
                               f"增加“上一年度{last}问题整改情况”一段，逐条说明整改结果。",
                               span=s.heading_span, location="第五部分", section=5)


_FEE_STATEMENT = re.compile(r"处理费|(?:依申请公开|信息公开|申请)[^。；;]{0,6}费用|收费通知")


class InformationFee(Rule):
    id = "STR-INFO-FEE"
    family = "structure"
    severity = "warning"
    title = "第六部分说明信息处理费收取情况"
    doc = ("自2021年度起，第六部分应说明按《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）"
           "收取信息处理费的情况，未收取也应写明（如“收取信息处理费0元”）。这里的信息处理费不是"
           "表二的“行政事业性收费”，两者不作比较；只写“无”不算说明。2020年度及以前的报告不作此项检查"
           "（在“读取存疑”中注明未评估）。")
    source = "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）；国办公开办函〔2021〕30号 表格模板第六部分注"
    example = "第六部分只写“无”，未说明信息处理费收取情况"

    def run(self, report: Report, ctx: Context) -> Iterator[Finding]:
        if not _format_2021_applies(report, self, ctx):
            return
        s = report.section(6)
        if s is None:
            ctx.not_assessed(self, "未找到第六部分。")
            return
        body = _plain_body(report, 6, ctx)
        if not _FEE_STATEMENT.search(body.replace("\n", "")):
            said = re.sub(r"\s+", "", body)[:20]
            yield self.finding(
                f"第六部分未说明信息处理费收取情况{f'（原文仅为“{said}”）' if said else ''}。",
                "写明本年度按《政府信息公开信息处理费管理办法》收取信息处理费的情况，未收取写“收取信息处理费0元”。",
                span=s.heading_span, location="第六部分", current=said or "空", section=6)


class Section5Numbering(Rule):
    id = "STR-ENUMERATION"
    family = "structure"
    severity = "warning"
    title = "第五部分的分项编号连续、不重复"
    doc = ("第五部分逐条列出问题和改进措施时，“一是、二是、三是……”和“（一）（二）（三）……”应依次编号："
           "跳过一个编号（“二是”之后是“四是”）或同一编号用了两次，多半是删改时漏了一条或忘了改号。"
           "新的一组从“一是”或“（一）”重新开始的不算。")
    source = "《条例》第五十条（四）“政府信息公开工作存在的主要问题及改进情况”；国办公开办函〔2021〕30号 报告内容"
    example = "第五部分“四是”前缺少“三是”（此前为“二是”）"
    good = "一是政策解读形式单一；二是队伍力量不足。下一步，一是丰富解读形式；二是加强培训。"
    bad = "一是政策解读形式单一；二是队伍力量不足；四是平台建设滞后。"

    def run(self, report: Report, ctx: Context) -> Iterator[Finding]:
        s = report.section(5)
        if s is None:
            ctx.not_assessed(self, "未找到第五部分。")
            return
        body, offset = _body(report, 5)
        if "traditional" not in ctx.cache:
            ctx.cache["traditional"] = is_traditional(report)
        nt = normalize(body, t2s=ctx.cache["traditional"])
        for p in enumeration_problems(nt.text):
            a, b = nt.span(p.start, p.end)
            yield self.finding(f"第五部分{p.message}。", p.suggestion, span=(offset + a, offset + b),
                               location="第五部分 分项编号", current=p.found, expected=p.expected, section=5)


RULES = (SectionsPresent, SectionsOrder, HeadingNumbers, OverviewAspects, SectionEmpty,
         ProblemsMeasures, Section5Numbering, Rectification, InformationFee)
