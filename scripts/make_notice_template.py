"""Build the default Word template of the 整改通知 (resources/templates/整改通知模板.docx).

The template is an ordinary Word document an office may open, restyle and put its own
letterhead in (see README “整改通知模板”); the program fills the {{…}} fields
(``app.export.notice_docx.FIELDS``). This script only makes the one shipped with the
program, in the plain 公文 look: A4, 仿宋 三号 body, 宋体 title, a red line under the
office's name, page numbers at the foot.

    .venv/bin/python scripts/make_notice_template.py [--out resources/templates/整改通知模板.docx]
"""
from __future__ import annotations

import argparse
import io
import posixpath
import re
import sys
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "resources" / "templates" / "整改通知模板.docx"
RED = RGBColor(0xC0, 0x00, 0x00)


def east_asian(style_or_run, name: str) -> None:
    """Set the font for Chinese text as well (python-docx sets only the Latin one)."""
    style_or_run.font.name = name
    rpr = style_or_run.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)


def paragraph_style(doc, name: str, font: str, size: float, *, bold: bool = False, indent: bool = False,
                    align=None, space_before: float = 0, keep_next: bool = False):
    st = doc.styles.add_style(name, 1)  # WD_STYLE_TYPE.PARAGRAPH
    st.base_style = doc.styles["Normal"]
    east_asian(st, font)
    st.font.size = Pt(size)
    st.font.bold = bold
    pf = st.paragraph_format
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = Pt(28)
    pf.space_before = Pt(space_before)
    pf.space_after = Pt(0)
    if indent:
        pf.first_line_indent = Pt(size * 2)
    if align is not None:
        pf.alignment = align
    pf.keep_with_next = keep_next
    return st


def bottom_rule(paragraph, color: str = "C00000") -> None:
    ppr = paragraph._p.get_or_add_pPr()
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for k, val in (("w:val", "single"), ("w:sz", "18"), ("w:space", "6"), ("w:color", color)):
        bottom.set(qn(k), val)
    border.append(bottom)
    ppr.append(border)


def page_number(paragraph) -> None:
    paragraph.add_run("— ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)
    paragraph.add_run(" —")


def build(out: Path) -> Path:
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    normal = doc.styles["Normal"]
    east_asian(normal, "仿宋")
    normal.font.size = Pt(16)

    body = paragraph_style(doc, "通知正文", "仿宋", 16, indent=True)
    paragraph_style(doc, "通知称呼", "仿宋", 16)
    paragraph_style(doc, "通知落款", "仿宋", 16, align=WD_ALIGN_PARAGRAPH.RIGHT)
    paragraph_style(doc, "通知标题", "宋体", 22, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    paragraph_style(doc, "问题分组", "黑体", 16, indent=True, keep_next=True)
    item = paragraph_style(doc, "问题条目", "仿宋", 16, indent=True)
    item.paragraph_format.widow_control = True
    paragraph_style(doc, "问题要求", "楷体", 16, indent=True)
    head = paragraph_style(doc, "发文机关", "宋体", 22, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    head.font.color.rgb = RED
    head.paragraph_format.line_spacing = Pt(36)

    # The letterhead: the office's name in red over a red rule (replace with your own).
    doc.add_paragraph("{{审核单位}}", style=head)
    rule = doc.add_paragraph(style=body)
    bottom_rule(rule)
    doc.add_paragraph(style=body)
    doc.add_paragraph("关于{{单位}}{{年度}}年度政府信息公开工作年度报告的{{文书名称}}", style="通知标题")
    doc.add_paragraph(style=body)
    doc.add_paragraph("{{单位}}：", style="通知称呼")
    doc.add_paragraph("我单位对你单位发布的《{{报告标题}}》进行了审核。{{审核结论}}", style=body)
    doc.add_paragraph("{{问题清单}}", style="问题条目")
    doc.add_paragraph("{{整改要求}}", style=body)
    doc.add_paragraph("联系人：{{联系人}}　　联系电话：{{联系电话}}", style=body)
    doc.add_paragraph(style=body)
    doc.add_paragraph("{{审核单位}}", style="通知落款")
    doc.add_paragraph("{{日期}}", style="通知落款")

    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    page_number(footer)
    for run in footer.runs:
        east_asian(run, "宋体")
        run.font.size = Pt(14)

    props = doc.core_properties
    props.title, props.author, props.comments = "整改通知模板", "年报审核助手", "{{…}} 处由程序填写"
    out.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    doc.save(buffer)
    out.write_bytes(lean(buffer.getvalue()))
    return out


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
#: Parts of python-docx's stock package that a notice does not need (Word rebuilds them).
DROP = ("word/stylesWithEffects.xml", "docProps/thumbnail.jpeg", "customXml/")


def lean(docx: bytes) -> bytes:
    """The package without the stock template's ballast: unused styles, latent styles,
    the Word 2010 style copy, the thumbnail — 800 KB of XML every notice would carry."""
    src = zipfile.ZipFile(io.BytesIO(docx))
    data = {i.filename: src.read(i) for i in src.infolist()}
    used = set()
    for name, blob in data.items():
        if name.startswith("word/") and name.endswith(".xml") and name != "word/styles.xml":
            used |= set(re.findall(rb'w:(?:pStyle|rStyle|tblStyle) w:val="([^"]+)"', blob))
    styles = etree.fromstring(data["word/styles.xml"])
    by_id = {st.get(W + "styleId"): st for st in styles.iter(W + "style")}
    ours = {"问题分组", "问题条目", "问题要求"}  # used by the program, not by the template's text
    keep = {s.decode() for s in used} | {i for i, st in by_id.items() if st.get(W + "default") == "1"
                                          or st.find(W + "name").get(W + "val") in ours}
    todo = list(keep)
    while todo:  # what the kept styles are based on, link to or are followed by
        st = by_id.get(todo.pop())
        for ref in ("basedOn", "next", "link"):
            el = st.find(W + ref) if st is not None else None
            if el is not None and el.get(W + "val") not in keep:
                keep.add(el.get(W + "val"))
                todo.append(el.get(W + "val"))
    for sid, st in by_id.items():
        if sid not in keep:
            styles.remove(st)
    for latent in styles.findall(W + "latentStyles"):
        styles.remove(latent)
    data["word/styles.xml"] = etree.tostring(styles, xml_declaration=True, encoding="UTF-8", standalone=True)
    for name in list(data):
        if name.startswith(DROP):
            del data[name]
    for name in ("[Content_Types].xml", "_rels/.rels", "word/_rels/document.xml.rels"):
        root = etree.fromstring(data[name])
        for el in list(root):
            target = el.get("Target") or el.get("PartName") or ""
            if name == "word/_rels/document.xml.rels" and not target.startswith("/"):
                target = posixpath.normpath("word/" + target)
            target = target.lstrip("/")
            if target.startswith(DROP):
                root.remove(el)
        data[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, blob in data.items():
            z.writestr(name, blob)
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="生成随软件附带的整改通知 Word 模板")
    p.add_argument("--out", default=str(OUT))
    args = p.parse_args(argv)
    print(build(Path(args.out)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
