"""The official formats as data: row keys, canonical labels, keywords (FORMAT.md §4–§6).

Kept as data so that a later national revision is a new table here, not new code.
"""
from __future__ import annotations

# ---------------------------------------------------------------- table 三 (FORMAT.md §4.2)

T3_COLUMNS: tuple[str, ...] = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")
T3_APPLICANT_COLS = range(6)
T3_TOTAL_COL = 6

# (key, canonical label, group label or "", keywords matched on the compact label)
T3_ROWS_2021: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("new", "一、本年新收政府信息公开申请数量", "", ("本年新收",)),
    ("carried_over", "二、上年结转政府信息公开申请数量", "", ("上年结转",)),
    ("open", "（一）予以公开", "三、本年度办理结果", ("予以公开",)),
    ("partial", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "三、本年度办理结果", ("部分公开", "区分处理")),
    ("deny_1", "1.属于国家秘密", "（三）不予公开", ("国家秘密",)),
    ("deny_2", "2.其他法律行政法规禁止公开", "（三）不予公开", ("禁止公开", "止公开", "其他法律")),
    ("deny_3", "3.危及“三安全一稳定”", "（三）不予公开", ("三安全一稳定", "三安全", "危及")),
    ("deny_4", "4.保护第三方合法权益", "（三）不予公开", ("第三方",)),
    ("deny_5", "5.属于三类内部事务信息", "（三）不予公开", ("内部事务",)),
    ("deny_6", "6.属于四类过程性信息", "（三）不予公开", ("过程性",)),
    ("deny_7", "7.属于行政执法案卷", "（三）不予公开", ("执法案卷",)),
    ("deny_8", "8.属于行政查询事项", "（三）不予公开", ("行政查询", "查询事项")),
    ("unable_1", "1.本机关不掌握相关政府信息", "（四）无法提供", ("不掌握",)),
    ("unable_2", "2.没有现成信息需要另行制作", "（四）无法提供", ("另行制作", "现成信息")),
    ("unable_3", "3.补正后申请内容仍不明确", "（四）无法提供", ("仍不明确", "补正后")),
    ("ignore_1", "1.信访举报投诉类申请", "（五）不予处理", ("信访", "举报投诉")),
    ("ignore_2", "2.重复申请", "（五）不予处理", ("重复申请",)),
    ("ignore_3", "3.要求提供公开出版物", "（五）不予处理", ("公开出版物", "出版物")),
    ("ignore_4", "4.无正当理由大量反复申请", "（五）不予处理", ("大量反复", "大量反覆")),
    ("ignore_5", "5.要求行政机关确认或重新出具已获取信息", "（五）不予处理", ("重新出具", "确认或")),
    ("other_1", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "（六）其他处理", ("逾期不补正",)),
    ("other_2", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "（六）其他处理", ("收费通知", "缴纳费用")),
    ("other_3", "3.其他", "（六）其他处理", ()),  # matched by position: "3.其他" after other_2
    ("total", "（七）总计", "", ("总计",)),
    ("carry_forward", "四、结转下年度继续办理", "", ("结转下年度", "继续办理")),
)

# The 2019 layout: rows 1–20 as above, then a single (六)其他处理 row.
T3_OTHER_2019 = ("other", "（六）其他处理", "三、本年度办理结果", ("其他处理",))

T3_KEYS_2021: tuple[str, ...] = tuple(r[0] for r in T3_ROWS_2021)
T3_KEYS_2019: tuple[str, ...] = tuple(
    k for k in T3_KEYS_2021 if not k.startswith("other_")
)[:-2] + ("other", "total", "carry_forward")

T3_LABELS: dict[str, str] = {r[0]: r[1] for r in T3_ROWS_2021} | {"other": T3_OTHER_2019[1]}
T3_GROUPS: dict[str, str] = {r[0]: r[2] for r in T3_ROWS_2021} | {"other": ""}

# Result rows whose sum is (七)总计 (INV-T3-TOT).
T3_RESULT_KEYS_2021: tuple[str, ...] = T3_KEYS_2021[2:-2]
T3_RESULT_KEYS_2019: tuple[str, ...] = T3_KEYS_2019[2:-2]


def t3_keys(layout: str) -> tuple[str, ...]:
    return T3_KEYS_2019 if layout == "2019" else T3_KEYS_2021


def t3_result_keys(layout: str) -> tuple[str, ...]:
    return T3_RESULT_KEYS_2019 if layout == "2019" else T3_RESULT_KEYS_2021


def t3_row_title(key: str) -> str:
    """Short human name of a row: group + label, e.g. “（三）不予公开 7.属于行政执法案卷”."""
    group = T3_GROUPS.get(key, "")
    label = T3_LABELS.get(key, key)
    if group and group != "三、本年度办理结果":
        return f"{group} {label}"
    return label


# ---------------------------------------------------------------- table 四 (FORMAT.md §4.3)

T4_BLOCKS: tuple[str, ...] = ("行政复议", "行政诉讼（未经复议直接起诉）", "行政诉讼（复议后起诉）")
T4_RESULTS: tuple[str, ...] = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")


def t4_column_title(index: int) -> str:
    return f"{T4_BLOCKS[index // 5]} {T4_RESULTS[index % 5]}"


# ---------------------------------------------------------------- table 二 (FORMAT.md §4.1, §5.1)

# key -> (row label, block header, column labels, keywords for the row label)
SECTION2_2021: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "regulations": ("规章", "第二十条第（一）项", ("本年制发件数", "本年废止件数", "现行有效件数")),
    "normative_docs": ("行政规范性文件", "第二十条第（一）项", ("本年制发件数", "本年废止件数", "现行有效件数")),
    "licensing": ("行政许可", "第二十条第（五）项", ("本年处理决定数量",)),
    "punishment": ("行政处罚", "第二十条第（六）项", ("本年处理决定数量",)),
    "enforcement": ("行政强制", "第二十条第（六）项", ("本年处理决定数量",)),
    "fees": ("行政事业性收费", "第二十条第（八）项", ("本年收费金额（单位：万元）",)),
}

SECTION2_2019: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "regulations": ("规章", "第二十条第（一）项", ("本年新制作数量", "本年新公开数量", "对外公开总数量")),
    "normative_docs": ("规范性文件", "第二十条第（一）项", ("本年新制作数量", "本年新公开数量", "对外公开总数量")),
    "licensing": ("行政许可", "第二十条第（五）项", ("上一年项目数量", "本年增/减", "处理决定数量")),
    "other_services": ("其他对外管理服务事项", "第二十条第（五）项", ("上一年项目数量", "本年增/减", "处理决定数量")),
    "punishment": ("行政处罚", "第二十条第（六）项", ("上一年项目数量", "本年增/减", "处理决定数量")),
    "enforcement": ("行政强制", "第二十条第（六）项", ("上一年项目数量", "本年增/减", "处理决定数量")),
    "fees": ("行政事业性收费", "第二十条第（八）项", ("上一年项目数量", "本年增/减")),
    "procurement": ("政府集中采购", "第二十条第（九）项", ("采购项目数量", "采购总金额")),
}


def section2_spec(layout: str) -> dict[str, tuple[str, str, tuple[str, ...]]]:
    return SECTION2_2019 if layout == "2019" else SECTION2_2021


# Template markers (FORMAT.md §6), matched on compact normalised text.
MARKERS_2021: tuple[tuple[str, int], ...] = (
    ("本年制发件数", 3), ("本年废止件数", 3), ("现行有效件数", 3), ("本年收费金额", 3),
)
MARKERS_2019: tuple[tuple[str, int], ...] = (
    ("本年新制作数量", 3), ("本年新公开数量", 3), ("对外公开总数量", 3), ("上一年项目数量", 3),
    ("本年增/减", 3), ("其他对外管理服务事项", 3), ("第二十条第(九)项", 3), ("政府集中采购", 3),
    ("采购总金额", 3),
)

# ---------------------------------------------------------------- sections (FORMAT.md §3)

SECTION_TITLES: dict[int, str] = {
    1: "总体情况",
    2: "主动公开政府信息情况",
    3: "收到和处理政府信息公开申请情况",
    4: "政府信息公开行政复议、行政诉讼情况",
    5: "存在的主要问题及改进情况",
    6: "其他需要报告的事项",
}
SECTION_NUMERALS = "一二三四五六"
