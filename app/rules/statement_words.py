"""The words that tell what a figure in the report text is about (data for ``statements``).

Each entry is (role, value, pattern, sure):
- ``t3``: a table-三 quantity (value = quantity keys); ``app``: an applicant column;
- ``block``: a table-四 block (``rv`` 行政复议, ``lit`` 行政诉讼, ``ld`` 直接起诉, ``la`` 复议后起诉);
- ``part``: a table-四 result (维持/纠正/其他结果/尚未审结) of the nearest block;
- ``doc``: 规章 / 行政规范性文件; ``act``: what was done to them (制发/废止/现行有效);
- ``t2``: 行政许可/处罚/强制 decisions, 行政事业性收费; ``fee``: 信息处理费 (text only, 元);
- ``other``: things the tables do not count (信息发布, 会议, 培训, 建议提案 …): a figure whose
  nearest word is one of these is never read as a table figure.
``sure`` False marks wording that only loosely names the field (“新增公开规章”, “公示行政处罚
信息”): such a statement is checked, but a mismatch is a doubt, not a finding.
Patterns are matched on the normalised text (NFKC: ASCII punctuation, simplified characters).
"""
from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Word:
    role: str
    value: tuple[str, ...]
    rx: re.Pattern[str]
    sure: bool = True
    verb: str = ""  # t3 flows: "received" | "answered" | "handled"


def _w(role: str, value: str | tuple[str, ...], pattern: str, sure: bool = True, verb: str = "") -> Word:
    return Word(role, value if isinstance(value, tuple) else (value,), re.compile(pattern), sure, verb)


_T3_SUB = (
    ("deny_1", r"国家秘密"), ("deny_2", r"(?:其他)?法律(?:行政)?法规禁止公开"),
    ("deny_3", r"三安全一稳定|危及(?:国家安全|公共安全|经济安全|社会稳定)"),
    ("deny_4", r"(?:保护)?第三方合法权益|商业秘密|个人隐私"), ("deny_5", r"(?:三类)?内部事务(?:信息)?"),
    ("deny_6", r"(?:四类)?过程性信息"), ("deny_7", r"行政执法案卷"), ("deny_8", r"行政查询事项"),
    ("unable_1", r"(?:本机关)?不掌握(?:相关)?(?:政府)?信息|信息不存在"),
    ("unable_2", r"(?:没有现成信息)?需要?另行制作|没有现成信息"),
    ("unable_3", r"补正后(?:申请内容)?仍不明确"),
    ("ignore_1", r"信访、?举报、?投诉类?(?:申请)?"), ("ignore_2", r"重复申请"),
    ("ignore_3", r"(?:要求提供)?公开出版物"), ("ignore_4", r"(?:无正当理由)?大量反复申请"),
    ("ignore_5", r"(?:要求行政机关)?确认或重新出具(?:已获取信息)?"),
    ("other_1", r"(?:无正当理由)?逾期不补正"), ("other_2", r"(?:逾期)?未按收费通知(?:要求)?缴纳费用"),
)

WORDS: tuple[Word, ...] = (
    # --- table 三: flows
    _w("t3", "t3.new", r"本年(?:度)?新收|新收(?!费)"),
    _w("t3", "t3.carried_over", r"上一?年度?结转(?!下)|上年度?结余|往年结转|上年度?遗留"),
    _w("t3", "t3.carry_forward",
       r"结转(?:到|至|入)?下一?年度?(?:继续办理)?|结转(?:到|至)(?=\s*\d{4}\s*年)|顺延(?:到|至)?下一?年度?"
       r"|转入下一?年度?|下一?年度?继续办理"),
    _w("t3", "t3.new", r"受理|共收到|收到|接到|接收|共收|收悉|登记", verb="received"),
    _w("t3", "t3.total", r"办结|答复|答覆|办理完毕|处理完毕|完成办理|办复", verb="answered"),
    _w("t3", "t3.total", r"(?<!不再)(?<!不予)(?:办理|处理(?!费|决定))", verb="handled"),
    # --- table 三: outcomes
    _w("t3", "t3.open", r"予以公开|同意公开"),
    _w("t3", "t3.partial", r"部分公开|区分处理"),
    _w("t3", "t3.deny", r"不予公开"),
    _w("t3", "t3.unable", r"无法提供"),
    _w("t3", "t3.ignore", r"不予处理"),
    _w("t3", "t3.other", r"其他处理"),
    *(_w("t3", f"t3.{k}", p) for k, p in _T3_SUB),
    # --- table 三: applicant columns
    _w("app", "np", r"自然人"),
    _w("app", "legal", r"法人(?:或|和|及)?其他组织|法人"),
    _w("app", "biz", r"商业企业"), _w("app", "res", r"科研机构"), _w("app", "ngo", r"社会公益组织"),
    _w("app", "law", r"法律服务机构"),
    # --- table 四
    _w("block", "la", r"(?:经)?(?:行政)?复议后(?:提起)?(?:行政)?(?:诉讼|起诉)"),
    _w("block", "ld", r"(?:未经(?:行政)?复议)?直接(?:提起)?(?:行政)?(?:诉讼|起诉)"),
    _w("block", "rv", r"行政复议"),
    _w("block", "lit", r"行政诉讼|行政应诉|被(?:提起)?(?:行政)?起诉"),
    _w("part", "maintain", r"(?:结果)?维持"),
    _w("part", "correct", r"(?:结果)?纠正|纠错|被撤销|确认违法|败诉"),
    _w("part", "other", r"其他结果"),
    _w("part", "pending", r"尚未审结|未审结|尚在审理|正在审理|审理中|未结案"),
    # --- table 二
    _w("doc", "reg", r"规章(?!制度)"),
    _w("doc", "norm", r"(?:行政)?规范性文件"),
    _w("act", "made", r"制发|出台|印发|制定"),
    _w("act", "made", r"新增", sure=False),
    _w("act", "published", r"(?:主动)?公开|发布|刊发|刊登"),  # publishing documents is not making them
    _w("act", "repealed", r"废止|废除"),
    _w("act", "repealed", r"宣布失效|失效", sure=False),
    _w("act", "valid", r"现行有效|仍然有效|继续有效"),
    _w("act", "valid", r"保留|有效", sure=False),
    _w("t2", "licensing", r"行政许可(?:处理)?(?:决定)?(?:数量|数)?"),
    _w("t2", "punishment", r"行政处罚(?:处理)?(?:决定)?(?:数量|数)?"),
    _w("t2", "enforcement", r"行政强制(?:处理)?(?:决定)?(?:措施)?(?:数量|数)?"),
    _w("t2", "fees", r"行政事业性收费(?:金额)?"),
    _w("t2", "fees", r"收费金额|收费", sure=False),
    _w("fee", "info", r"(?:政府信息公开)?信息处理费|处理费|(?:依申请公开|信息公开)(?:的)?费用"),
)

# Things the tables do not count. A figure whose nearest word is one of these is not a table figure.
OTHER = re.compile(
    r"建议|提案|(?<!复)议案|信访件|来信|来访|来电|热线|工单|留言|咨询|诉求|事项|清单|目录|栏目|专栏|网站|网页|微博|微信|"
    r"公众号|新媒体|客户端|公报|解读|发布会|新闻|访谈|会议|培训|讲座|检查|督查|巡查|考核|评议|展板|宣传|图解|视频|"
    r"政策性文件|政策文件|规划|方案|通知(?!要求)|公告|动态|稿件|简报|案例|意见|批复|"
    r"同比|环比|增长|增加|减少|下降|上升|较上年|比上年|较去年|比去年|"
    r"(?<!申请)(?:发布|更新|上传|推送|转载|报送|公开|编发|刊发|采用|发送)[^,，。;；、]{0,8}?信息|信息(?:发布|更新|报送)|"
    r"清理|审查|备案|起草|征求|"
    r"(?:许可|处罚|强制)(?:决定)?信息")  # disclosed items (行政处罚信息 N 条), not decisions

# Timeliness before a verb (按期答复 3000 件, 延期答复 50 件): a subset, not the table figure.
TIMELY = re.compile(r"(?:按期|按时|如期|延期|超期|逾期|当场|限期)(?:予以|进行|作出)?\s*$")

# Before a doc noun, these say the documents were not made/repealed/kept (清理规范性文件 30 件).
DOC_NOT_ACT = re.compile(r"清理|审查|审核|备案|起草|解读|评估|征求|报送|报备")

# Publishing decisions is not making them (武政办发〔2025〕54号: the table counts all decisions).
DISCLOSED = re.compile(r"公开|公示|发布|信息|上网|推送")

# The topic of applications, which generic verbs (受理、办结) need to be read as table 三.
APPLICATION_TOPIC = re.compile(r"申请|办件")
# Disclosure as the cause of a review or lawsuit; without it, 案件/复议机关 words mean other business.
REVIEW_OTHER_BUSINESS = re.compile(r"案件|复议机关|应诉工作|办理行政复议")
DISCLOSURE_TOPIC = re.compile(r"公开")

# Conjunctions that join two named fields into one sum (“予以公开及部分公开 59 件”).
CONJUNCTION = re.compile(r"\s*(?:和|及|与|、|加|以及|或|/)\s*")
# “新收 a 件，上年结转 b 件，共 c 件”: a total of the figures just stated.
TOTAL_OF_PREVIOUS = re.compile(r"[\s,，、;；]*(?:共|合计|总计|共计|累计)(?:为|是|达)?\s*")
# Carry-over included in a received figure (“受理 3153 件（含上年结转 34 件）”).
INCLUDES_CARRIED = re.compile(r"^\s*[(（]?\s*(?:含|包括|其中)\s*上一?年度?结转")
