"""The statement extractor (app.rules.statements): what the text says about tables 二/三/四.

On real sentences (the sample reports and the blank official template, as committed in
tests/fixtures) and on hand-made variants of every statement type; sentences about
other things (信息发布, 会议, 建议提案 …) must give no statement at all.
"""
from __future__ import annotations

import re

import pytest

from app.rules.statements import extract, sentences
from tests.rules_support import FIXTURES, SAMPLES, audit, report_from_truth

_cache: dict = {}


def _statements(name: str):
    if name not in _cache:
        path = SAMPLES / name if (SAMPLES / name).exists() else FIXTURES / name
        result = audit(path)
        _cache[name] = (result.report, extract(result.report))
    return _cache[name]


def _brief(sts) -> list[tuple]:
    out = []
    for s in sts:
        if s.kind == "claim":
            out.append(("claim", s.claim, s.keys))
        else:
            value = int(s.value) if float(s.value).is_integer() else s.value
            out.append((s.kind, s.keys, value, s.sure))
    return out


# Every statement the samples make about their tables, read by hand from the reports.
REAL = {
    "000_3e90722e65647b3d.txt": [  # “受理依申请公开办件 0 条”; section 六 on the fee
        ("figure", ("t3.new",), 0, True),
        ("claim", "no_fee", ("fee.info",)),
        ("claim", "no_fee_notice", ("t3.other_2",)),
    ],
    "001_1ee85899e4f00aa5.txt": [  # “无政府信息依申请公开办理和因政府信息公开申请行政复议、提起行政诉讼的情况”
        ("claim", "none", ("t3.new",)),
        ("claim", "none", ("t4.rv.total",)),
        ("claim", "none", ("t4.lit.total",)),
    ],
    "002_3a1cadb5854a4598.txt": [  # “未接到政务公开相关举报、投诉、行政复议或行政诉讼等事件”
        ("claim", "none", ("t4.rv.total",)),
        ("claim", "none", ("t4.lit.total",)),
    ],
    "003_14adff9be6592cdd.txt": [
        ("figure", ("t3.new",), 57, True),  # 共收依申请公开57件
        ("figure", ("t4.rv.total",), 1, True),  # 全年因政府信息公开引起的行政复议1件
        ("claim", "all_done", ("t3.carry_forward",)),  # 全部办结
        ("figure", ("t2.norm.made",), 1, True),  # 共制发行政规范性文件1件,
        ("figure", ("t2.norm.repealed",), 12, True),  # 废止12件,
        ("figure", ("t2.norm.valid",), 27, True),  # 现行有效文件27件
        ("claim", "no_fee", ("fee.info",)),  # 全年未收取依申请公开费用
    ],
    "004_c4b5b95fa9e8725d.txt": [
        ("figure", ("t3.new",), 1, True),  # 2023年度共收到依申请公开1件
        ("claim", "none", ("t4.rv.total",)),
        ("claim", "none", ("t4.lit.total",)),
        ("figure", ("fee.info",), 0, True),  # 收取信息处理费0元
    ],
    "hongze-district-2024.pdf": [
        ("figure", ("t3.new",), 17, True),  # 区政府办代表区政府受理政府信息公开申请 17 件
        ("figure", ("fee.info",), 0, True),
    ],
    "huaian-city-2024.pdf": [
        ("figure", ("t3.new",), 3119, True),
        ("figure", ("t3.total",), 3050, True),
        ("figure", ("t3.carried_over",), 34, True),
        ("figure", ("t3.carry_forward",), 103, True),
        ("figure", ("t4.rv.total",), 351, True),
        ("figure", ("t4.rv.maintain",), 72, True),
        ("figure", ("t4.rv.correct",), 64, True),
        ("figure", ("t4.rv.other",), 178, True),
        ("figure", ("t4.rv.pending",), 37, True),
        ("figure", ("t4.lit.total",), 46, True),
        ("figure", ("t4.lit.maintain",), 25, True),
        ("figure", ("t4.lit.correct",), 5, True),
        ("figure", ("t4.lit.other",), 9, True),
        ("figure", ("t4.lit.pending",), 7, True),
        ("figure", ("fee.info",), 3940, True),
    ],
    "formats/seed-003.docx": "003_14adff9be6592cdd.txt",  # the same report in Word: the same statements
    "template-2021-blank.docx": [],  # “(文字描述,收取信息处理费情况在此处报告。)” is no statement
}


@pytest.mark.parametrize("name", sorted(REAL))
def test_statements_of_real_reports(name):
    want = REAL[name]
    if isinstance(want, str):
        want = REAL[want]
    _, sts = _statements(name)
    assert sorted(map(str, _brief(sts))) == sorted(map(str, want))


def test_real_statements_point_at_their_words():
    report, sts = _statements("huaian-city-2024.pdf")
    said = {s.keys: re.sub(r"\s+", "", report.text[s.span[0]:s.span[1]]) for s in sts if s.kind == "figure"}
    assert said[("t3.new",)] == "受理政府信息公开申请3119件"
    assert said[("t3.carry_forward",)] == "103件顺延到下年度"
    assert said[("t4.lit.total",)] == "行政诉讼46件"
    parts = [s for s in sts if s.keys[0].startswith("t4.lit.") and s.keys != ("t4.lit.total",)]
    assert {sts[s.parent].keys for s in parts} == {("t4.lit.total",)}
    assert all(s.section == 1 for s in sts if s.kind == "figure" and s.keys != ("fee.info",))
    fee = next(s for s in sts if s.keys == ("fee.info",))
    assert fee.section == 6 and fee.unit == "元"


def test_real_statements_name_their_cells_and_deciding_words():
    from app.model import CellRef
    from app.rules.quantities import combined

    report, sts = _statements("huaian-city-2024.pdf")
    by_keys = {s.keys: s for s in sts if s.kind == "figure"}
    assert by_keys[("t3.new",)].phrase == "受理"
    assert by_keys[("t3.carry_forward",)].phrase == "顺延到下年度"
    assert by_keys[("t4.lit.total",)].phrase == "行政诉讼"
    assert combined(report, ("t4.lit.total",)).cells == (CellRef("table4", 0, 9), CellRef("table4", 0, 14))
    assert combined(report, ("t3.total",)).cells == (CellRef("table3", "total", 6),)
    assert combined(report, ("t3.deny",)).cells == tuple(CellRef("table3", f"deny_{i}", 6) for i in range(1, 9))
    # 洪泽's table 三 has the 2019 single (六)其他处理 row
    hz, _ = _statements("hongze-district-2024.pdf")
    assert combined(hz, ("t3.other",)).cells == (CellRef("table3", "other", 6),)
    assert combined(hz, ("t3.other_2",)) is None


def test_real_statement_spans_in_a_web_copy():
    report, sts = _statements("003_14adff9be6592cdd.txt")
    texts = [report.text[s.span[0]:s.span[1]] for s in sts]
    assert "共收依申请公开57件" in texts and "现行有效文件27件" in texts and "全部办结" in texts


def test_blank_template_has_sentences_but_no_statements():
    report, sts = _statements("template-2021-blank.docx")
    assert "信息处理费" in report.text and sts == []


# ---------------------------------------------------------------- hand-made variants


def _read(text: str, section: int = 1) -> list:
    report = report_from_truth("huaian-city-2024", {section: text})
    return [s for s in extract(report) if s.section == section]


# sentence -> the statements it makes: (kind, keys, value, sure) or ("claim", claim, keys)
VARIANTS = [
    # single figures
    ("本年度共收到政府信息公开申请95件。", [("figure", ("t3.new",), 95, True)]),
    ("全年新收政府信息公开申请95件。", [("figure", ("t3.new",), 95, True)]),
    ("全年共受理依申请公开95件。", [("figure", ("t3.new",), 95, True)]),
    ("受理95件政府信息公开申请。", [("figure", ("t3.new",), 95, True)]),
    ("上年结转政府信息公开申请3件。", [("figure", ("t3.carried_over",), 3, True)]),
    ("办结政府信息公开申请93件。", [("figure", ("t3.total",), 93, True)]),
    ("答复申请93件，结转下年度继续办理2件。", [("figure", ("t3.total",), 93, True),
                                  ("figure", ("t3.carry_forward",), 2, True)]),
    ("另有2件顺延到下年度答复。", [("figure", ("t3.carry_forward",), 2, True)]),
    ("另有2件结转至2025年继续办理。", [("figure", ("t3.carry_forward",), 2, True)]),
    ("因政府信息公开被申请行政复议3件。", [("figure", ("t4.rv.total",), 3, True)]),
    ("因政府信息公开被提起行政诉讼2件。", [("figure", ("t4.lit.total",), 2, True)]),
    ("未经复议直接起诉的行政诉讼2件，复议后起诉1件。", [("figure", ("t4.ld.total",), 2, True),
                                        ("figure", ("t4.la.total",), 1, True)]),
    ("制发规章1件，废止2件，现行有效11件。", [("figure", ("t2.reg.made",), 1, True),
                                 ("figure", ("t2.reg.repealed",), 2, True),
                                 ("figure", ("t2.reg.valid",), 11, True)]),
    ("现行有效的行政规范性文件66件。", [("figure", ("t2.norm.valid",), 66, True)]),
    ("印发行政规范性文件8件。", [("figure", ("t2.norm.made",), 8, True)]),
    ("全年作出行政许可决定120件，行政处罚决定30件，行政强制5件。", [
        ("figure", ("t2.licensing",), 120, True), ("figure", ("t2.punishment",), 30, True),
        ("figure", ("t2.enforcement",), 5, True)]),
    ("全年收取行政事业性收费96171.6万元。", [("figure", ("t2.fees",), 96171.6, True)]),
    ("全年收取信息处理费3940元。", [("figure", ("fee.info",), 3940, True)]),
    ("行政复议两件。", [("figure", ("t4.rv.total",), 2, True)]),
    # combined phrases
    ("答复申请93件，其中予以公开及部分公开59件。", [("figure", ("t3.total",), 93, True),
                                     ("figure", ("t3.open", "t3.partial"), 59, True)]),
    ("不予公开3件，无法提供32件，不予处理1件，其他处理0件。", [
        ("figure", ("t3.deny",), 3, True), ("figure", ("t3.unable",), 32, True),
        ("figure", ("t3.ignore",), 1, True), ("figure", ("t3.other",), 0, True)]),
    ("收到申请95件，其中自然人90件、法人或其他组织5件。", [
        ("figure", ("t3.new",), 95, True), ("figure", ("t3.new@np",), 90, True),
        ("figure", ("t3.new@legal",), 5, True)]),
    ("上年结转和本年新收共98件。", [("figure", ("t3.carried_over", "t3.new"), 98, True)]),
    ("新收申请95件，上年结转3件，共98件。", [("figure", ("t3.new",), 95, True),
                                ("figure", ("t3.carried_over",), 3, True),
                                ("figure", ("t3.new", "t3.carried_over"), 98, True)]),
    ("受理申请98件（含上年结转3件）。", [("figure", ("t3.new", "t3.carried_over"), 98, True),
                              ("figure", ("t3.carried_over",), 3, True)]),
    ("行政复议、行政诉讼各0件。", [("figure", ("t4.rv.total",), 0, True), ("figure", ("t4.lit.total",), 0, True)]),
    ("予以公开、部分公开分别为50件、9件。", [("figure", ("t3.open",), 50, True),
                                ("figure", ("t3.partial",), 9, True)]),
    # sub-rows
    ("不予公开的申请中，属于国家秘密的1件，属于行政执法案卷的1件。", [
        ("figure", ("t3.deny_1",), 1, True), ("figure", ("t3.deny_7",), 1, True)]),
    ("因本机关不掌握相关政府信息无法提供的申请31件。", [("figure", ("t3.unable_1",), 31, True)]),
    ("本机关不掌握相关政府信息31件。", [("figure", ("t3.unable_1",), 31, False)]),  # no 申请: loose
    ("因申请人逾期不补正不再处理的申请2件。", [("figure", ("t3.other_1",), 2, True)]),
    # enumerations and shares
    ("行政复议3件，其中结果维持2件，结果纠正1件。", [
        ("figure", ("t4.rv.total",), 3, True), ("figure", ("t4.rv.maintain",), 2, True),
        ("figure", ("t4.rv.correct",), 1, True)]),
    ("被申请行政复议3件，其中2件维持原行政行为，1件尚在审理。", [
        ("figure", ("t4.rv.total",), 3, True), ("figure", ("t4.rv.maintain",), 2, True),
        ("figure", ("t4.rv.pending",), 1, True)]),
    ("答复申请93件，其中予以公开50件，占53.8%。", [
        ("figure", ("t3.total",), 93, True), ("figure", ("t3.open",), 50, True),
        ("share", ("t3.open",), 53.8, True)]),
    ("行政复议3件，结果纠正1件，纠错率33.3%。", [
        ("figure", ("t4.rv.total",), 3, True), ("figure", ("t4.rv.correct",), 1, True),
        ("share", ("t4.rv.correct",), 33.3, True)]),
    # claims
    ("本年度未收到政府信息公开申请。", [("claim", "none", ("t3.new",))]),
    ("未发生因政府信息公开引起的行政复议、行政诉讼。", [("claim", "none", ("t4.rv.total",)),
                                         ("claim", "none", ("t4.lit.total",))]),
    ("本机关未被申请行政复议。", [("claim", "none", ("t4.rv.total",))]),
    ("受理的政府信息公开申请均已办结。", [("claim", "all_done", ("t3.carry_forward",))]),
    ("本年度政府信息公开申请无结转下年度。", [("claim", "no_carry", ("t3.carry_forward",))]),
    ("无上年结转申请。", [("claim", "no_carry", ("t3.carried_over",))]),
    ("行政复议案件均获维持。", [("claim", "upheld", ("t4.rv",))]),
    ("行政复议、行政诉讼均获维持。", [("claim", "upheld", ("t4.rv", "t4.lit"))]),
    ("政府信息公开行政诉讼无败诉。", [("claim", "not_corrected", ("t4.lit",))]),
    ("全年未收取信息处理费。", [("claim", "no_fee", ("fee.info",))]),
    ("未发出信息处理费收费通知。", [("claim", "no_fee_notice", ("t3.other_2",))]),
    # shapes seen in published reports (figures changed)
    ("主动公开市政府规章13件（含新制定1件，修改4件，废止2件），主动公开行政规范性文件42件，人事任免文件106件。",
     [("figure", ("t2.reg.made",), 1, True), ("figure", ("t2.reg.repealed",), 2, True)]),
    ("全市共主动公开新增市政府规章18件（含新制定4件，修改14件）、行政规范性文件707件，其他文件34980件。",
     [("figure", ("t2.reg.made",), 4, True)]),
    ("答复政府信息公开申请3443件（含上年度转结），均在法定期限内予以答复。予以公开及部分公开1053件，占30.6%；",
     [("figure", ("t3.total",), 3443, True), ("figure", ("t3.open", "t3.partial"), 1053, True),
      ("share", ("t3.open", "t3.partial"), 30.6, False)]),
    ("全区共受理政府信息公开申请267件，答复263件，申请量比上年同期上升1.5%。其中同意公开或部分公开共81件，公开率为30.8%。",
     [("figure", ("t3.new",), 267, True), ("figure", ("t3.total",), 263, True),
      ("figure", ("t3.open", "t3.partial"), 81, True)]),
    ("全区共发生涉及政府信息公开的行政诉讼案件2件，被纠错0件。",
     [("figure", ("t4.lit.total",), 2, True), ("figure", ("t4.lit.correct",), 0, True)]),
    # loose wording: kept, but not sure
    ("全年受理95件。", [("figure", ("t3.new",), 95, False)]),
    ("新增行政规范性文件8件。", [("figure", ("t2.norm.made",), 8, False)]),
    ("公示行政处罚决定30件。", [("figure", ("t2.punishment",), 30, False)]),
    ("全市办理行政复议案件300件。", [("figure", ("t4.rv.total",), 300, False)]),
    ("全市规范性文件12件。", [("figure", ("t2.norm.made",), 12, False)]),  # which column: unsaid
]


@pytest.mark.parametrize("text,want", VARIANTS, ids=[v[0][:14] for v in VARIANTS])
def test_hand_made_statements(text, want):
    assert sorted(map(str, _brief(_read(text)))) == sorted(map(str, want))


@pytest.mark.parametrize("text", [
    "全年发布各类政府信息2428条，公开政府常务会议7期，解读信息发布7条。",
    "政务微博发布信息300条，政务新媒体共计95个，合格率均为100%。",
    "召开会议12次，组织业务培训3次，累计培训40余人次。",
    "答复人大代表建议12件，办结政协提案8件，承办人大代表建议0件。",
    "全年处理12345热线工单3000件，受理群众诉求500件。",
    "新增公开市政府及市政府办政策性文件11件。",
    "全年新增公开市政府规章1件。",  # published, not made
    "全市主动公开规章13件。",  # published, not made
    "主动公开政府信息1200条，其中规范性文件12件。",
    "本年清理行政规范性文件30件。",
    "办理行政许可事项4000件。",
    "政务公开专栏发布信息200条，其中行政许可信息150条，行政处罚信息30条。",
    "收到申请后，在5个工作日内予以答复，全市共21个部门收到申请。",
    "其中当面申请1件、网络申请2件。",  # channels, not outcomes
    "其中按期答复90件，延期答复3件。",
    "较上年增加20件，增长26.7%。",
    "下一步将有效降低行政复议、行政诉讼发生率和纠错率。",
    "未发生因政府信息公开申请而引起的投诉。",
    "联系电话0517-83605210，邮编223001，国令第711号。",
    "本报告所列数据统计期限为2024年1月1日至2024年12月31日。",
    "主动公开政府信息5500余条，约500件。",
])
def test_sentences_about_other_things_make_no_statement(text):
    assert _read(text) == []


def test_loose_statements_say_why():
    st = _read("新增行政规范性文件8件。")[0]
    assert not st.sure and "新增" in st.doubt
    st = _read("全年受理95件。")[0]
    assert not st.sure and "申请" in st.doubt


def test_a_received_figure_knows_its_other_readings():
    st = _read("共受理政府信息公开申请98件。")[0]
    assert st.keys == ("t3.new",) and ("t3.new", "t3.carried_over") in st.hints and st.loose
    st = _read("本年新收政府信息公开申请98件。")[0]
    assert st.keys == ("t3.new",) and not st.loose
    st = _read("全年共办理政府信息公开申请98件。")[0]
    assert st.keys == ("t3.total",) and ("t3.new", "t3.carried_over") in st.accept


def test_a_part_in_the_next_sentence_belongs_to_the_total_before_it():
    sts = _read("全市共受理政府信息公开申请95件。其中，予以公开50件，部分公开9件。")
    assert [sts[s.parent].keys for s in sts[1:]] == [("t3.new",), ("t3.new",)]


def test_sentences_split_at_full_stops_and_table_gaps():
    text = "甲。乙；丙     丁"
    assert [text[a:b] for a, b in sentences(text)] == ["甲", "乙", "丙", "丁"]


def test_traditional_characters_are_read_the_same():
    from app.rules.statements import extract as ex

    text = "本機關全年共受理政府信息公開申請95件，答覆93件，無結轉下年度，行政復議與訴訟均為零。"
    report = report_from_truth("huaian-city-2024", {1: text})
    keys = [(s.claim, s.keys) for s in ex(report) if s.section == 1]
    assert keys == [("", ("t3.new",)), ("", ("t3.total",)), ("no_carry", ("t3.carry_forward",))]
