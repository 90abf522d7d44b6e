"""The Word 整改通知: opens in python-docx, holds the unit's findings, fills an office's own template."""
from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest
from docx.shared import Pt
from openpyxl import load_workbook

from app.audit import audit_file
from app.config import Office
from app.export.atomic import ExportError
from app.export.notice_docx import FIELDS, NoticeTemplate, TemplateError, default_template
from app.export.sendback import export_units
from app.model import Decision, Review
from sendback_support import OFFICE, OWN_MESSAGE, TODAY, docx_strings, reviewed, sample_paths, table


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("notice")
    results = reviewed(tmp)
    outcome = export_units(results, tmp / "out", OFFICE, notices=True, today=TODAY)
    assert not outcome.failed
    return results, outcome


def test_every_unit_gets_a_notice_beside_its_checklist(exported):
    results, outcome = exported
    assert len(outcome.written) == len(results)
    for unit in outcome.written:
        assert unit.notice.name == unit.checklist.name.replace("整改清单.xlsx", "整改通知.docx")
        assert unit.notice.parent == unit.checklist.parent


def test_the_notice_holds_the_findings_numbered_as_in_the_checklist(exported):
    results, outcome = exported
    by_path = {u.path: u for u in outcome.written}
    for r in results:
        unit = by_path[r.path]
        text = "\n".join(docx_strings(unit.notice))
        assert "{{" not in text and "}}" not in text
        rows = table(load_workbook(unit.checklist)["整改清单"])
        for row in rows:
            assert f"{row['序号']}. " in text and row["问题"] in text and row["整改要求"] in text
        for f in r.all_findings():
            if r.decision(f).kind == "dismissed":
                assert f.message not in text
        for w in r.warnings:
            assert w.message not in text
        for words in ("某某县人民政府办公室", "联系人：王某某", "联系电话：0000-12345678", "2025年3月5日",
                      f"{r.report.org}：", "请于2025年3月20日前完成整改"):
            assert words in text, (unit.notice.name, words)
        assert f"关于{r.report.org}{r.report.year}年度政府信息公开工作年度报告的整改通知" in text
        assert f"发现以下 {len(rows)} 个问题" in text


def test_findings_are_grouped_by_section_and_the_own_one_is_there(exported):
    results, outcome = exported
    unit = next(u for u in outcome.written if u.org == "淮安市洪泽区人民政府")
    paragraphs = [p for p in docx.Document(str(unit.notice)).paragraphs]
    groups = [p.text for p in paragraphs if p.style.name == "问题分组"]
    assert groups[0] == "（一）第一部分“总体情况”"
    assert "（三）第六部分“其他需要报告的事项”" in groups and groups[-1] == "（四）格式及其他方面"
    own = next(p for p in paragraphs if OWN_MESSAGE in p.text)
    assert own.style.name == "问题条目" and own.runs[0].bold
    demand = paragraphs[paragraphs.index(own) + 1]
    assert demand.style.name == "问题要求" and "整改时限：2025年3月31日" in demand.text


def test_a_report_without_problems_gets_an_audit_opinion(tmp_path):
    r = audit_file(sample_paths()[0])
    r.review = Review(decisions={f.fingerprint: Decision("dismissed", "读取有误") for f in r.findings})
    outcome = export_units([r], tmp_path, OFFICE, notices=True, today=TODAY)
    text = "\n".join(docx_strings(outcome.written[0].notice))
    assert "的审核意见" in text and "经审核，未发现需要整改的问题。" in text
    assert "请于" not in text and "整改要求" not in text


def test_empty_office_details_leave_no_half_empty_lines(tmp_path):
    r = audit_file(sample_paths()[1])
    outcome = export_units([r], tmp_path, Office(), notices=True, today=TODAY)
    lines = docx_strings(outcome.written[0].notice)
    assert not [t for t in lines if t.startswith("联系人：")]
    assert "书面反馈我单位" in "\n".join(lines)


def _office_template(path: Path) -> Path:
    """An office's own template: a letterhead in the header, a field Word split over runs, a table."""
    doc = docx.Document()
    header = doc.sections[0].header.paragraphs[0]
    header.text = "XX县人民政府办公室文件　"
    for part in ("{{审", "核单", "位}}"):  # Word splits a field where it was edited
        header.add_run(part).font.size = Pt(9)
    doc.add_paragraph("致：{{单位}}（{{年度}}年度）")
    doc.add_paragraph("{{ 问题清单 }}")
    table = doc.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "联系人"
    table.cell(0, 1).text = "{{联系人}}"
    doc.add_paragraph("附件：{{清单文件}}；共 {{问题数}} 个问题；文件：{{文件名}}")
    doc.save(path)
    return path


def test_an_office_template_with_its_own_letterhead(tmp_path):
    template = _office_template(tmp_path / "我的模板.docx")
    r = audit_file(sample_paths()[1])
    office = Office(name="XX县政务公开办", contact="李某", template=str(template))
    outcome = export_units([r], tmp_path / "out", office, notices=True, today=TODAY)
    notice = docx.Document(str(outcome.written[0].notice))
    header = notice.sections[0].header.paragraphs[0]
    assert header.text == "XX县人民政府办公室文件　XX县政务公开办"
    assert header.runs[1].font.size == Pt(9)  # the run keeps its formatting
    texts = [p.text for p in notice.paragraphs]
    assert f"致：{r.report.org}（2023年度）" in texts
    assert notice.tables[0].cell(0, 1).text == "李某"
    assert any(t.startswith("附件：后宫乡_2023_整改清单.xlsx；共 ") and "001_1ee85899e4f00aa5.txt" in t for t in texts)
    assert "{{" not in "\n".join(docx_strings(outcome.written[0].notice))
    items = [t for t in texts if re.match(r"\d+\. ", t)]
    assert len(items) == len(r.outgoing())


def test_a_template_without_the_findings_field_is_refused_in_chinese(tmp_path):
    bad = tmp_path / "无清单.docx"
    doc = docx.Document()
    doc.add_paragraph("{{单位}}：请整改。")
    doc.save(bad)
    with pytest.raises(TemplateError) as err:
        NoticeTemplate.load(bad)
    assert "{{问题清单}}" in err.value.message
    with pytest.raises(ExportError) as err:
        export_units([audit_file(sample_paths()[1])], tmp_path / "o", Office(template=str(bad)), notices=True)
    assert err.value.code == "template"
    not_word = tmp_path / "x.docx"
    not_word.write_bytes(b"not a zip")
    with pytest.raises(TemplateError) as err:
        NoticeTemplate.load(not_word)
    assert "不是有效的 Word" in err.value.message
    with pytest.raises(TemplateError) as err:
        NoticeTemplate.load(tmp_path / "missing.docx")
    assert "找不到" in err.value.message


def test_the_shipped_template_uses_only_known_fields():
    text = "\n".join(docx_strings(default_template()))
    used = set(re.findall(r"\{\{(.+?)\}\}", text))
    assert used <= set(FIELDS) and "问题清单" in used
