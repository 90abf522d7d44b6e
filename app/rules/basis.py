"""The official basis of each rule, in the words a reporting body can look up.

The rule classes carry a ``source`` note for developers (it names sections of our own
specification). What reaches a person — the 规则说明 sheet, the rule help, docs/rules.md
— cites the official texts instead: 《政府信息公开条例》 articles, 国办公开办函〔2021〕30号
and its attachment (the tables, their fixed labels and the corner note of 表三), the
fee measures, a local standard. A rule added later without an entry here still gets a
clean basis: the official parts of its ``source`` are kept, our references dropped.
"""
from __future__ import annotations

import re

REGULATION = "《政府信息公开条例》"
FORMAT_2021 = "国办公开办函〔2021〕30号"
FORMAT_2019 = "国办公开办函〔2019〕60号"
ATTACHMENT = f"{FORMAT_2021}附件《政府信息公开工作年度报告格式》"
NOT_OMIT = f"{FORMAT_2021}：年度报告内容“不能遗漏，也不宜泛化”"
ACCURATE = f"{FORMAT_2021}“明确责任”：发布内容应准确、全面，不得“内容雷同、敷衍塞责”"
#: What a rule without its own entry cites when nothing official is left of its ``source``.
GENERAL = f"{ATTACHMENT}"

BASIS: dict[str, str] = {
    "TPL-OLD-LAYOUT": f"{FORMAT_2021}：2021年度起的年度报告使用修订后的《政府信息公开工作年度报告格式》",
    "TPL-MIXED": f"{ATTACHMENT}（全部表格统一采用同一版本）",
    "TPL-NEW-EARLY": f"{FORMAT_2019}附件试行格式（2019、2020年度）；{FORMAT_2021}（2021年度起）",
    "TPL-LABEL": f"{ATTACHMENT}中表格的固定行名、列名和栏目名",
    "TPL-MISSING": f"{NOT_OMIT}；{ATTACHMENT}（表二、表三、表四的全部行列）",
    "STR-SECTIONS": f"{REGULATION}第五十条；{NOT_OMIT}",
    "STR-ORDER": f"{ATTACHMENT}（一至六部分的顺序）",
    "STR-HEADING-NUMBER": f"{ATTACHMENT}（“一、总体情况”至“六、其他需要报告的事项”的编号标题）",
    "STR-OVERVIEW-ASPECTS": (f"{FORMAT_2021}“一、总体情况”：主要包括主动公开、依申请公开、政府信息管理、"
                             "政府信息公开平台建设、监督保障等方面"),
    "STR-EMPTY": f"{REGULATION}第五十条；{NOT_OMIT}",
    "STR-PROBLEMS-MEASURES": f"{REGULATION}第五十条第（四）项：政府信息公开工作存在的主要问题及改进情况",
    "STR-RECTIFICATION": "地方年度报告编制要求（说明上一年度问题整改情况；国家格式未作统一规定，仅作提示）",
    "STR-INFO-FEE": f"《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）；{ATTACHMENT}“六、其他需要报告的事项”",
    "META-YEAR": f"{REGULATION}第四十九条：公布本行政机关“上一年度”的年度报告",
    "META-PERIOD": f"{REGULATION}第四十九条（上一年度）；四川省地方标准 DB51/T 2660—2019 第2.1条（统计期限）",
    "META-DATE-MISSING": f"{REGULATION}第四十九条（公布期限）",
    "META-DATE-EARLY": f"{REGULATION}第四十九条：报告的是“上一年度”的工作",
    "META-DEADLINE": (f"{REGULATION}第四十九条：县级以上人民政府部门每年1月31日前、县级以上地方人民政府"
                      "每年3月31日前公布；乡镇、街道按地方规定"),
    "T2-NUMBER": f"{ATTACHMENT}表二（件数为整数，收费金额以万元计）",
    "T2-FEE-UNIT": f"{ATTACHMENT}表二“本年收费金额（单位：万元）”",
    "T2-V19-DELTA": f"{FORMAT_2019}附件试行格式表二（上一年项目数量、本年增/减）",
    "T3-CELL": f"{ATTACHMENT}表三左上角注明的勾稽关系、行合计与“（七）总计”",
    "T3-COL-BALANCE": f"{ATTACHMENT}表三左上角注：“本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和”",
    "T3-TOTAL-SUM": f"{ATTACHMENT}表三“（七）总计”及“（二）部分公开（区分处理的，只计这一情形，不计其他情形）”",
    "T3-ROW-SUM": f"{ATTACHMENT}表三表头（申请人情况：自然人、法人或其他组织、其他，总计）",
    "T3-INTEGER": f"{ATTACHMENT}表三（申请件数）",
    "T3-BLANK": f"{NOT_OMIT}；地方要求“严禁擅自删减报告事项”",
    "T4-BLOCK-SUM": f"{ATTACHMENT}表四（结果维持、结果纠正、其他结果、尚未审结与总计）",
    "T4-INTEGER": f"{ATTACHMENT}表四（案件数）",
    "T4-BLANK": f"{NOT_OMIT}；{ATTACHMENT}表四",
    "NAR-APPLICATIONS": f"{ACCURATE}；{ATTACHMENT}表三",
    "NAR-REVIEW-LITIGATION": f"{ACCURATE}；{ATTACHMENT}表四",
    "NAR-DOCUMENTS": f"{ACCURATE}；{ATTACHMENT}表二",
    "NAR-NONE": f"{ACCURATE}；{ATTACHMENT}表三、表四",
    "NAR-ALL-DONE": f"{ACCURATE}；{ATTACHMENT}表三“四、结转下年度继续办理”",
}

#: Pieces of a developer's ``source`` note that are references into our own specification.
_INTERNAL = re.compile(r"FORMAT\.md|§|\b[A-Z]{1,3}-\d{2}\b|\bINV-|\bXS-|附录[A-Z]")
_PARTS = re.compile(r"[；;]")


def official(source: str) -> str:
    """The parts of a ``source`` note that cite official texts (may be "")."""
    kept = [p.strip() for p in _PARTS.split(source or "") if p.strip() and not _INTERNAL.search(p)]
    return "；".join(kept)


def basis(rule_id: str, source: str = "") -> str:
    """What ``rule_id`` rests on, citing official documents only."""
    return BASIS.get(rule_id) or official(source) or GENERAL
