"""The cross-report checks on real reports: the seeds, the two real PDFs, and copies made into a last year.

Last year (tests/fixtures/across/make_fixtures.py): 乔官镇 2022 with 2 applications carried
into 2023 (the 2023 report says 0), 朱阳关镇 2022 signed without 人民政府 and with 5 行政规范性文件
in force (2023: 0), 获嘉县城关镇 2020 in the 2019 section-二 format; this year, 后宫乡 2023
with section 五 copied from 乔官镇 (naming 乔官镇). Exactly these give findings; the unrelated
real reports give none.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.across import apply_outcome, cross_check
from app.across.run import AMBIGUOUS_CODE
from app.audit import audit_file
from app.config import RuleConfig
from app.model import CellRef
from app.workspace import Workspace
from app.workspace import units as stored
from app.workspace.pipeline import audit_recorded
from fixture_paths import FIXTURES, SAMPLES

ACROSS = FIXTURES / "across"
LAST_YEAR = sorted((ACROSS / "last-year").glob("*.txt"))
THIS_YEAR = [SAMPLES / "000_3e90722e65647b3d.txt", ACROSS / "this-year" / "houguan-2023.txt",
             SAMPLES / "002_3a1cadb5854a4598.txt", SAMPLES / "003_14adff9be6592cdd.txt",
             SAMPLES / "004_c4b5b95fa9e8725d.txt", SAMPLES / "hongze-district-2024.pdf",
             SAMPLES / "huaian-city-2024.pdf"]
REAL = [SAMPLES / f"{s}.txt" for s in ("000_3e90722e65647b3d", "001_1ee85899e4f00aa5", "002_3a1cadb5854a4598",
                                        "003_14adff9be6592cdd", "004_c4b5b95fa9e8725d")] + \
    [SAMPLES / "hongze-district-2024.pdf", SAMPLES / "huaian-city-2024.pdf"]

EXPECTED = {
    "000_3e90722e65647b3d.txt": {("XY-VALID", "warning"), ("SIM-PREV-YEAR", "warning")},
    "houguan-2023.txt": {("SIM-PEER", "warning"), ("SIM-OTHER-NAME", "error")},
    "002_3a1cadb5854a4598.txt": {("SIM-PREV-YEAR", "warning")},
    "003_14adff9be6592cdd.txt": set(),
    "004_c4b5b95fa9e8725d.txt": {("XY-CARRY", "error"), ("SIM-PREV-YEAR", "warning"), ("SIM-PEER", "warning")},
    "hongze-district-2024.pdf": set(),
    "huaian-city-2024.pdf": set(),
}
CROSS_PREFIXES = ("XY-", "SIM-", "AGG-")


def cross(result) -> list:
    return [f for f in result.findings if f.rule.startswith(CROSS_PREFIXES)]


def kinds(result) -> set[tuple[str, str]]:
    return {(f.rule, f.severity) for f in cross(result)}


def by_name(results) -> dict:
    return {Path(r.path).name: r for r in results}


@pytest.fixture(scope="module")
def through_workspace(tmp_path_factory):
    """Last year audited earlier into the workspace (its files gone since); this year checked against it."""
    tmp = tmp_path_factory.mktemp("ws")
    old = tmp / "2022"
    old.mkdir()
    with Workspace.open(tmp / "workspace.db") as ws:
        for p in LAST_YEAR:
            audit_recorded(str(shutil.copy(p, old / p.name)), ws)
        shutil.rmtree(old)  # last year's files are not at hand this year: the workspace kept their readings
        results = [audit_recorded(str(p), ws) for p in THIS_YEAR]
        outcome = cross_check(results, ws, RuleConfig())
    apply_outcome(results, outcome)
    return results, outcome


def test_exactly_the_expected_findings_through_the_workspace(through_workspace):
    results, _ = through_workspace
    assert {name: kinds(r) for name, r in by_name(results).items()} == EXPECTED
    for r in results:  # one finding per rule and report, never a flood
        rules = [f.rule for f in cross(r)]
        assert len(rules) == len(set(rules))


def test_exactly_the_expected_findings_with_last_year_in_the_batch():
    results = [audit_file(str(p)) for p in THIS_YEAR + LAST_YEAR]
    apply_outcome(results, cross_check(results, None, RuleConfig()))
    got = {name: kinds(r) for name, r in by_name(results).items()}
    assert got == EXPECTED | {p.name: set() for p in LAST_YEAR}


def test_unrelated_real_reports_give_nothing():
    results = [audit_file(str(p)) for p in REAL]
    outcome = cross_check(results, None, RuleConfig())
    assert outcome.findings == {} and outcome.warnings == {} and outcome.pairs == []


def test_carry_over_names_both_reports_and_both_cells(through_workspace):
    results, _ = through_workspace
    r = by_name(results)["004_c4b5b95fa9e8725d.txt"]
    (f,) = [f for f in r.findings if f.rule == "XY-CARRY"]
    assert f.cells == [CellRef("table3", "carried_over", 0), CellRef("table3", "carried_over", 6)]
    assert "自然人 本年填 0、上年结转下年度 2" in f.message and "总计 本年填 0、上年结转下年度 2" in f.message
    assert "“昌乐县乔官镇人民政府”2022年报告" in f.message
    (rel,) = f.related
    assert Path(rel.file).name == "qiaoguan-2022.txt" and rel.year == 2022 and rel.doc_id is not None
    assert rel.cells == [CellRef("table3", "carry_forward", 0), CellRef("table3", "carry_forward", 6)]
    assert r.report.text[f.span[0]:f.span[1]] == "0"  # this year's 上年结转 自然人 cell
    assert f.fingerprint.startswith("XY-CARRY:")


def test_a_unit_renamed_without_its_suffix_is_recognised_and_said(through_workspace):
    results, outcome = through_workspace
    r = by_name(results)["000_3e90722e65647b3d.txt"]
    (f,) = [f for f in r.findings if f.rule == "XY-VALID"]
    assert f.message.startswith("表二 “行政规范性文件” × 现行有效件数 = 0，") and "应为 5" in f.message
    assert "“朱阳关镇人民政府”与“朱阳关镇”仅差“人民政府”“办事处”等后缀" in f.message
    assert f.related[0].org == "朱阳关镇" and f.related[0].cells == [CellRef("section2", "normative_docs", 2)]
    assert outcome.units.same("朱阳关镇人民政府", "朱阳关镇")
    (prev,) = [f for f in r.findings if f.rule == "SIM-PREV-YEAR"]  # its copied text is said with the same note
    assert "仅差“人民政府”“办事处”等后缀" in prev.message


def test_the_2019_to_2021_change_is_not_compared_and_says_why(through_workspace):
    results, _ = through_workspace
    r = by_name(results)["002_3a1cadb5854a4598.txt"]
    doubts = [w for w in r.warnings if w.code == "not-assessed:XY-VALID"]
    assert len(doubts) == 1 and "2019 版格式" in doubts[0].message and "含义不同" in doubts[0].message
    assert not [f for f in r.findings if f.rule in ("XY-VALID", "XY-CARRY")]


def test_a_copied_section_is_stated_with_share_other_report_and_sentences(through_workspace):
    results, outcome = through_workspace
    r = by_name(results)["houguan-2023.txt"]
    (peer,) = [f for f in r.findings if f.rule == "SIM-PEER"]
    assert peer.message.startswith("第五部分有 ")
    share = int(peer.message.split("有 ", 1)[1].split("%", 1)[0])
    assert share >= 95
    assert "“昌乐县乔官镇人民政府”2023年报告" in peer.message and "针对政策解读材料的质量不高" in peer.message
    assert Path(peer.related[0].file).name == "004_c4b5b95fa9e8725d.txt"
    other = by_name(results)["004_c4b5b95fa9e8725d.txt"].report.text
    rel = peer.related[0].span
    assert "针对政策解读材料的质量不高" in other[rel[0]:rel[1]]
    assert "针对政策解读材料的质量不高" in r.report.text[peer.span[0]:peer.span[1]]
    (name,) = [f for f in r.findings if f.rule == "SIM-OTHER-NAME"]
    assert r.report.text[name.span[0]:name.span[1]] == "乔官镇" and "等 2 处" in name.message
    # Section 一 of 后宫乡 is its own: not reported, and not counted in the share.
    pair = outcome.pair(r.path, peer.related[0].file)
    assert pair.copied == [5] and pair.sections[1].share < 0.2


def test_last_years_text_is_sim_prev_year_not_a_peer(through_workspace):
    results, _ = through_workspace
    r = by_name(results)["004_c4b5b95fa9e8725d.txt"]
    (prev,) = [f for f in r.findings if f.rule == "SIM-PREV-YEAR"]
    assert "与本单位 2022 年报告相同" in prev.message
    assert "第一部分有 100% 的文字" in prev.message


def _with_section1(text: str, insert: str) -> str:
    head = "一、总体情况"
    i = text.index(head) + len(head)
    return text[:i] + "\n" + insert + "\n" + text[i:]


PREAMBLE = ("根据《中华人民共和国政府信息公开条例》（国务院令第711号，以下简称《条例》）和《国务院办公厅政府信息与政务公开办公室"
            "关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（国办公开办函〔2021〕30号）要求，"
            "{org}编制本报告。本报告所列数据的统计期限为2023年1月1日至2023年12月31日。本报告电子版可在{org}"
            "门户网站“政府信息公开”专栏下载。如对本报告有任何疑问，请与{org}党政办公室联系（地址：{org}人民路1号，"
            "邮编：000000，联系电话：0000-0000000）。本报告包括总体情况、主动公开政府信息情况、收到和处理政府信息公开"
            "申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项六个部分。")


def test_the_preamble_alone_never_counts_as_copying(tmp_path):
    """Two unrelated reports whose section 一 both open with the same long statutory preamble."""
    paths = []
    for stem, org in (("000_3e90722e65647b3d", "朱阳关镇"), ("001_1ee85899e4f00aa5", "后宫乡")):
        text = (SAMPLES / f"{stem}.txt").read_text(encoding="utf-8")
        out = tmp_path / f"{stem}.txt"
        out.write_text(_with_section1(text, PREAMBLE.format(org=org)), encoding="utf-8")
        paths.append(out)
    results = [audit_file(str(p)) for p in paths]
    assert all(PREAMBLE[:20] in r.report.section_text(1) for r in results)
    outcome = cross_check(results, None, RuleConfig())
    assert outcome.findings == {} and outcome.pairs == []


def test_a_copy_with_the_name_changed_is_still_a_copy(tmp_path):
    """后宫乡's section 五 copied from 乔官镇 with every 乔官镇 turned into 后宫乡: SIM-PEER, no name error."""
    text = (ACROSS / "this-year" / "houguan-2023.txt").read_text(encoding="utf-8").replace("乔官镇", "后宫乡")
    copy = tmp_path / "后宫乡-改名.txt"
    copy.write_text(text, encoding="utf-8")
    results = [audit_file(str(copy)), audit_file(str(SAMPLES / "004_c4b5b95fa9e8725d.txt"))]
    apply_outcome(results, cross_check(results, None, RuleConfig()))
    assert kinds(results[0]) == {("SIM-PEER", "warning")}


def test_an_ambiguous_unit_is_shown_not_guessed_and_a_manual_link_settles_it(tmp_path):
    """Last year's “城关镇人民政府” fits 获嘉县城关镇 and 封丘县城关镇 alike: no comparison until linked."""
    last = (ACROSS / "last-year" / "chengguan-2020-v2019.txt").read_text(encoding="utf-8")
    last = last.replace("获嘉县城关镇人民政府", "城关镇人民政府")
    last_lines = last.split("\n")
    k = next(i for i, line in enumerate(last_lines) if line.startswith("四、结转下年度继续办理"))
    last_lines[k] = "四、结转下年度继续办理\t\t1\t0\t0\t0\t0\t0\t1"
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "城关镇-2020.txt").write_text("\n".join(last_lines), encoding="utf-8")
    huojia = SAMPLES / "002_3a1cadb5854a4598.txt"
    fengqiu = tmp_path / "封丘县城关镇-2021.txt"
    fengqiu.write_text(huojia.read_text(encoding="utf-8").replace("获嘉县", "封丘县"), encoding="utf-8")
    with Workspace.open(tmp_path / "ws.db") as ws:
        audit_recorded(str(tmp_path / "old" / "城关镇-2020.txt"), ws)
        batch = [audit_recorded(str(huojia), ws), audit_recorded(str(fengqiu), ws)]
        outcome = cross_check(batch, ws, RuleConfig())
        apply_outcome(batch, outcome)
        assert [a.org for a in outcome.ambiguous] == ["城关镇人民政府"]
        for r in batch:
            assert not [f for f in r.findings if f.rule.startswith("XY-")]
            (doubt,) = [w for w in r.warnings if w.code == AMBIGUOUS_CODE]
            assert "城关镇人民政府" in doubt.message and "关联" in doubt.message
        stored.set_link(ws, "城关镇人民政府", "获嘉县城关镇人民政府", linked=True)
        outcome = cross_check(batch, ws, RuleConfig())
        apply_outcome(batch, outcome)
        carry = [f for f in batch[0].findings if f.rule == "XY-CARRY"]
        assert len(carry) == 1 and "审核人员已将" in carry[0].message
        assert not [f for f in batch[1].findings if f.rule.startswith("XY-")]  # 封丘县 stays apart
        assert not [w for w in batch[0].warnings if w.code == AMBIGUOUS_CODE]
        stored.set_link(ws, "城关镇人民政府", "获嘉县城关镇人民政府", linked=False)
        outcome = cross_check(batch, ws, RuleConfig())
        apply_outcome(batch, outcome)
        assert not [f for f in batch[0].findings if f.rule.startswith("XY-")]


def test_big_jumps_are_info_with_both_figures():
    """The real 淮安市 2024 PDF against a 2023 report of the city with 150 applications and no 复议/诉讼."""
    results = [audit_file(str(SAMPLES / "huaian-city-2024.pdf")), audit_file(str(ACROSS / "jumps" / "huaian-2023.txt"))]
    apply_outcome(results, cross_check(results, None, RuleConfig()))
    jumps = {f.location: f for f in results[0].findings if f.rule == "XY-JUMP"}
    assert set(jumps) == {"表三 “一、本年新收” × 总计", "表四 行政复议 总计", "表四 行政诉讼 总计"}
    assert all(f.severity == "info" for f in jumps.values())
    assert "3119 件" in jumps["表三 “一、本年新收” × 总计"].message and "为 150 件" in jumps["表三 “一、本年新收” × 总计"].message
    assert "351 件" in jumps["表四 行政复议 总计"].message and "46 件" in jumps["表四 行政诉讼 总计"].message
    assert jumps["表四 行政诉讼 总计"].cells == [CellRef("table4", 0, 9), CellRef("table4", 0, 14)]
    cfg = RuleConfig(across={"jump_ratio": 50, "appear_min": 400})  # thresholds are settings
    apply_outcome(results, cross_check(results, None, cfg))
    assert not [f for f in results[0].findings if f.rule == "XY-JUMP"]


def test_rerunning_replaces_and_never_duplicates(through_workspace):
    results, outcome = through_workspace
    before = {r.path: [f.fingerprint for f in r.findings] for r in results}
    apply_outcome(results, outcome)
    again = cross_check(results, None, RuleConfig())  # the batch alone, no workspace: last year is gone
    apply_outcome(results, again)
    after = {Path(r.path).name: kinds(r) for r in results}
    assert after["004_c4b5b95fa9e8725d.txt"] == {("SIM-PEER", "warning")}
    apply_outcome(results, outcome)
    assert {r.path: [f.fingerprint for f in r.findings] for r in results} == before


def test_a_disabled_rule_is_not_run(tmp_path):
    results = [audit_file(str(p)) for p in THIS_YEAR + LAST_YEAR]
    cfg = RuleConfig(disabled=frozenset({"SIM-PEER", "SIM-PREV-YEAR", "XY-CARRY"}))
    apply_outcome(results, cross_check(results, None, cfg))
    got = {k for r in results for k in kinds(r)}
    assert got == {("XY-VALID", "warning"), ("SIM-OTHER-NAME", "error")}


def test_the_county_aggregate_is_compared_with_the_sum_of_its_units_and_kept_apart_in_the_overview():
    city, district = SAMPLES / "huaian-city-2024.pdf", SAMPLES / "hongze-district-2024.pdf"
    results = [audit_file(str(city)), audit_file(str(district))]
    outcome = cross_check(results, None, RuleConfig(), aggregates={"淮安市人民政府"})
    apply_outcome(results, outcome)
    (agg,) = [f for f in results[0].findings if f.rule == "AGG-T3-SUM"]
    assert agg.severity == "info" and "不必恰好等于各单位之和" in agg.message
    assert "“一、本年新收政府信息公开申请数量”总计：汇总报告 3119，各单位合计 95" in agg.message
    assert [Path(r.file).name for r in agg.related] == ["hongze-district-2024.pdf"]
    assert not [f for f in results[1].findings if f.rule == "AGG-T3-SUM"]
    figures = {f.label: f for f in outcome.overview.figures[2024]}
    assert figures["本年新收申请"].value == 95 and figures["本年新收申请"].aggregate == 3119
    assert [u.aggregate for u in outcome.overview.units] == [True, False]


def test_settings_out_of_range_are_said_and_the_defaults_used():
    results = [audit_file(str(p)) for p in THIS_YEAR[:2]]
    outcome = cross_check(results, None, RuleConfig(across={"copy_share": 5, "no_such": 1, "jump_min": 2.5}))
    assert len(outcome.problems) == 3 and all("across." in p for p in outcome.problems)


def test_the_overview_counts_one_report_per_unit_and_year():
    results = [audit_file(str(p)) for p in THIS_YEAR + LAST_YEAR]
    outcome = cross_check(results, None, RuleConfig())
    ov = outcome.overview
    assert ov.total == 10 and ov.unit_count == 7  # 朱阳关镇 and 朱阳关镇人民政府 are one unit
    assert sum(ov.by_status.values()) == 10 and ov.similar == 4
    by_rule = {rc.rule: rc for rc in ov.by_rule}
    assert by_rule["XY-CARRY"].counts["error"] == 1 and len(by_rule["SIM-PEER"].paths) == 2
    assert ov.years[0] == 2023 and {f.label: f.known for f in ov.figures[2023]}["本年新收申请"] == 4


def test_a_check_stopped_while_indexing_ends_as_cancelled_not_as_an_error():
    """Closing the window mid-check: the half-built index is disposed of and the run says it was cancelled."""
    from app.across.run import Cancelled

    results = [audit_file(str(p)) for p in REAL[:5]]
    polls = iter([False, False, True])  # stop on the third poll: inside the index's construction
    with pytest.raises(Cancelled):
        cross_check(results, None, RuleConfig(), cancelled=lambda: next(polls, True))
