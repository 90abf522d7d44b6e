"""The Word notice (整改通知 / 审核意见) one unit receives, filled into the office's template.

The template is an ordinary .docx (``resources/templates/整改通知模板.docx`` unless the
office chose its own in 设置): its letterhead, fonts, page setup and wording are the
office's; the program only replaces the {{…}} fields listed in ``FIELDS``, wherever
they are — body, tables, headers, footers — even when Word has split a field over
several runs. The paragraph holding {{问题清单}} becomes the findings, grouped by the
section of the report, numbered as in the unit's checklist, each with what to change.
A paragraph whose fields are all empty (no contact person given, no deadline because
nothing is wrong) is left out rather than printed half-empty.

The template is read once per export and each notice is made by editing only the
parts that hold fields (plain XML, lxml) and copying every other part unchanged, so
an office's template — styles, images, settings — comes through intact, and a
folder of hundreds of notices takes seconds.
"""
from __future__ import annotations

import copy
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from app.export import values as v
from app.export.cells import clean_text
from app.export.unit_xlsx import Heading
from app.model import SEVERITY_LABELS, AuditResult, Finding
from app.paths import resource_dir
from app.template import SECTION_NUMERALS, SECTION_TITLES

TEMPLATE_NAME = "整改通知模板.docx"
FINDINGS_FIELD = "问题清单"
#: The fields a template may use (documented in the README).
FIELDS = ("审核单位", "联系人", "联系电话", "单位", "年度", "报告标题", "文件名", "文书名称", "审核结论", "问题清单",
          "问题数", "整改要求", "整改期限", "日期", "清单文件")
GROUP_STYLE, ITEM_STYLE, DEMAND_STYLE = "问题分组", "问题条目", "问题要求"
OTHER_GROUP = "格式及其他方面"

_FIELD = re.compile(r"\{\{\s*([^{}\s]{1,12})\s*\}\}")
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_OFFICE_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_CORE = "docProps/core.xml"
_HEADER_FOOTER = re.compile(r"word/(header|footer)\d*\.xml$")
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_blank_text=False)


def _w(tag: str) -> str:
    return f"{{{_W}}}{tag}"


class TemplateError(Exception):
    """The notice template cannot be used; ``message`` is for the auditor."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def default_template() -> Path:
    return resource_dir() / "templates" / TEMPLATE_NAME


# --------------------------------------------------------------------------- the template


@dataclass
class NoticeTemplate:
    """A template read once: its parts, which of them hold fields, its style ids."""

    path: Path
    parts: list[tuple[zipfile.ZipInfo, bytes]]
    main: str  # the document part, e.g. "word/document.xml"
    styles: dict[str, str] = field(default_factory=dict)  # style name -> style id

    @classmethod
    def load(cls, path: str | Path | None = None) -> NoticeTemplate:
        target = Path(path) if path else default_template()
        if not target.is_file():
            raise TemplateError(f"找不到整改通知模板“{target}”。请在“设置”中重新选择模板，或清空以使用随附模板。")
        try:
            with zipfile.ZipFile(target) as z:
                parts = [(info, z.read(info)) for info in z.infolist()]
        except (OSError, zipfile.BadZipFile, RuntimeError, NotImplementedError) as exc:
            raise TemplateError(f"整改通知模板“{target.name}”不是有效的 Word（.docx）文件。") from exc
        data = {info.filename: blob for info, blob in parts}
        try:
            main = _main_part(data)
            etree.fromstring(data[main], _PARSER)
            styles = _style_ids(data.get("word/styles.xml"))
        except (KeyError, etree.XMLSyntaxError) as exc:
            raise TemplateError(f"整改通知模板“{target.name}”不是有效的 Word（.docx）文件。") from exc
        if f"{{{{{FINDINGS_FIELD}}}}}" not in re.sub(r"<[^>]+>|\s", "", data[main].decode("utf-8", "replace")):
            raise TemplateError(f"整改通知模板“{target.name}”中没有“{{{{{FINDINGS_FIELD}}}}}”，无法放入问题清单。"
                                "请在模板中要列出问题的位置单独写一段“{{问题清单}}”。")
        return cls(target, parts, main, styles)


def _main_part(data: dict[str, bytes]) -> str:
    rels = etree.fromstring(data["_rels/.rels"], _PARSER)
    for rel in rels.iter(f"{{{_PKG_REL}}}Relationship"):
        if rel.get("Type") == _OFFICE_DOC:
            return rel.get("Target", "").lstrip("/")
    raise KeyError("officeDocument")


def _style_ids(xml: bytes | None) -> dict[str, str]:
    if not xml:
        return {}
    root = etree.fromstring(xml, _PARSER)
    out = {}
    for st in root.iter(_w("style")):
        name = st.find(_w("name"))
        if name is not None and st.get(_w("styleId")):
            out[name.get(_w("val"), "")] = st.get(_w("styleId"))
    return out


# --------------------------------------------------------------------------- fields


def _texts(p) -> list:
    """The text elements of a paragraph in reading order (fields may span several)."""
    return [t for t in p.iter(_w("t")) if t.getparent() is not None and t.getparent().tag == _w("r")]


def _paragraph_text(p) -> str:
    return "".join(t.text or "" for t in _texts(p))


def _fill(p, values: dict[str, str]) -> bool:
    """Fill the fields of one paragraph, keeping each run's formatting.

    Returns True when the paragraph held fields and all of them were empty (the caller
    drops it). A field split over several runs is replaced in the run where it starts;
    the runs it reached into lose only the field's characters.
    """
    nodes = _texts(p)
    texts = [t.text or "" for t in nodes]
    full = "".join(texts)
    matches = [m for m in _FIELD.finditer(full) if m.group(1) in values]
    if not matches:
        return False
    starts, pos = [], 0
    for t in texts:
        starts.append(pos)
        pos += len(t)

    def node_at(offset: int) -> int:
        return next(k for k, s in enumerate(starts) if s <= offset < s + len(texts[k]))

    for m in reversed(matches):  # from the right: the offsets on the left stay valid
        a, b = m.span()
        i, j = node_at(a), node_at(b - 1)
        head, tail = texts[i][: a - starts[i]], texts[j][b - starts[j]:]
        value = values[m.group(1)]
        if i == j:
            texts[i] = head + value + tail
        else:
            texts[i] = head + value
            for k in range(i + 1, j):
                texts[k] = ""
            texts[j] = tail
    for node, text in zip(nodes, texts):
        if (node.text or "") != text:
            node.text = text
            node.set(_XML_SPACE, "preserve")
    return all(not values[m.group(1)] for m in matches)


def _drop(p) -> None:
    parent = p.getparent()
    if parent is None:
        return
    if parent.tag == _w("tc") and len(parent.findall(_w("p"))) == 1:
        for r in p.findall(_w("r")):  # a table cell must keep one paragraph: empty it
            p.remove(r)
        return
    parent.remove(p)


# --------------------------------------------------------------------------- findings


def _group_title(number: int | None) -> str:
    if number is None or not 1 <= number <= len(SECTION_NUMERALS):
        return OTHER_GROUP
    return f"第{SECTION_NUMERALS[number - 1]}部分“{SECTION_TITLES.get(number, '')}”"


def _numeral(n: int) -> str:
    digits = "一二三四五六七八九"
    if n < 10:
        return digits[n - 1]
    tens, ones = divmod(n, 10)
    return f"{digits[tens - 1] if tens > 1 else ''}十{digits[ones - 1] if ones else ''}"


class _Builder:
    """Makes paragraphs shaped like the {{问题清单}} paragraph of the template."""

    def __init__(self, marker, styles: dict[str, str]):
        self.marker = marker
        ppr = marker.find(_w("pPr"))
        self.ppr = copy.deepcopy(ppr) if ppr is not None else etree.Element(_w("pPr"))
        for sect in self.ppr.findall(_w("sectPr")):  # never copy a section break
            self.ppr.remove(sect)
        first_run = marker.find(_w("r"))
        rpr = first_run.find(_w("rPr")) if first_run is not None else None
        self.rpr = copy.deepcopy(rpr) if rpr is not None else None
        self.styles = styles

    def paragraph(self, style: str, runs: list[tuple[str, bool]]) -> None:
        p = etree.Element(_w("p"))
        ppr = copy.deepcopy(self.ppr)
        style_id = self.styles.get(style)
        if style_id:
            for old in ppr.findall(_w("pStyle")):
                ppr.remove(old)
            ps = etree.Element(_w("pStyle"))
            ps.set(_w("val"), style_id)
            ppr.insert(0, ps)
        p.append(ppr)
        for text, bold in runs:
            p.append(self._run(clean_text(text), bold))
        self.marker.addprevious(p)

    def _run(self, text: str, bold: bool):
        r = etree.Element(_w("r"))
        rpr = copy.deepcopy(self.rpr) if self.rpr is not None else None
        if bold:
            if rpr is None:
                rpr = etree.Element(_w("rPr"))
            if rpr.find(_w("b")) is None:
                b = etree.Element(_w("b"))
                after = [c for c in rpr if c.tag in (_w("rStyle"), _w("rFonts"))]
                rpr.insert(rpr.index(after[-1]) + 1 if after else 0, b)
        if rpr is not None:
            r.append(rpr)
        for k, line in enumerate(text.split("\n")):
            if k:
                etree.SubElement(r, _w("br"))
            t = etree.SubElement(r, _w("t"))
            t.text = line
            t.set(_XML_SPACE, "preserve")
        return r


def _fill_findings(marker, styles: dict[str, str], result: AuditResult, findings: list[Finding], h: Heading) -> None:
    """Replace the {{问题清单}} paragraph with the findings, grouped by section."""
    build = _Builder(marker, styles)
    groups: dict[int | None, list[tuple[int, Finding]]] = {}
    for n, f in enumerate(findings, 1):
        groups.setdefault(v.section_of(result, f), []).append((n, f))
    for g, section in enumerate(sorted(groups, key=lambda s: (s is None, s or 0)), 1):
        build.paragraph(GROUP_STYLE, [(f"（{_numeral(g)}）{_group_title(section)}", False)])
        for n, f in groups[section]:
            where = v.location(result, f)
            label = SEVERITY_LABELS.get(f.severity, "")
            runs = [(f"{n}. {where}" if where else f"{n}.", True),
                    (f"（{label}）：{f.message}" if label else f"：{f.message}", False)]
            expected = (f.expected or "").strip()
            if expected and expected.split("（")[0] not in f.message:  # say what it should be, once
                runs.append((f"（应为：{expected}）", False))
            build.paragraph(ITEM_STYLE, runs)
            demand = f"整改要求：{f.suggestion}" if f.suggestion else ""
            if f.deadline:
                demand += f"（整改时限：{v.deadline_of(f, h.deadline)}）"
            if demand:
                build.paragraph(DEMAND_STYLE if DEMAND_STYLE in styles else ITEM_STYLE, [(demand, False)])
    _drop(marker)


# --------------------------------------------------------------------------- one notice


def field_values(result: AuditResult, h: Heading, findings: list[Finding], checklist_name: str) -> dict[str, str]:
    o = h.office
    if findings:
        verdict = f"经审核，发现以下 {len(findings)} 个问题，请认真对照整改："
        demand = (f"请于{v.cn_date(h.deadline)}前完成整改，修改后的年度报告按程序重新发布，并将整改情况"
                  f"（附件整改清单“整改状态”栏填写后）书面反馈{o.name or '我单位'}。")
    else:
        verdict, demand = "经审核，未发现需要整改的问题。", ""
    y = v.year(result)
    values = {
        "审核单位": o.name, "联系人": o.contact, "联系电话": o.phone, "单位": h.unit, "年度": str(y) if y else "",
        "报告标题": h.report, "文件名": h.file, "文书名称": "整改通知" if findings else "审核意见",
        "审核结论": verdict, "问题清单": "", "问题数": str(len(findings)), "整改要求": demand,
        "整改期限": v.cn_date(h.deadline) if findings else "", "日期": v.cn_date(h.today), "清单文件": checklist_name,
    }
    return {k: clean_text(val) for k, val in values.items()}


def _fill_part(xml: bytes, values: dict[str, str], main: bool, styles: dict[str, str], result: AuditResult,
               findings: list[Finding], h: Heading) -> bytes:
    root = etree.fromstring(xml, _PARSER)
    empty = []
    marker = None
    for p in list(root.iter(_w("p"))):
        if main and marker is None and f"{{{{{FINDINGS_FIELD}}}}}" in re.sub(r"\s", "", _paragraph_text(p)):
            marker = p
        elif _fill(p, values):
            empty.append(p)
    for p in empty:
        _drop(p)
    if marker is not None:
        if findings:
            _fill_findings(marker, styles, result, findings, h)
        else:
            _drop(marker)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _core(xml: bytes, title: str, author: str) -> bytes:
    """The document properties: the notice's title and the office as its author."""
    root = etree.fromstring(xml, _PARSER)
    names = {"title": title, "creator": author, "lastModifiedBy": author, "description": ""}
    for el in root:
        local = etree.QName(el).localname
        if local in names:
            el.text = names[local]
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def notice_bytes(template: NoticeTemplate, result: AuditResult, h: Heading, checklist_name: str = "") -> bytes:
    """The filled .docx of one unit."""
    findings = v.in_report_order(result, result.outgoing())
    values = field_values(result, h, findings, checklist_name)
    title = clean_text(f"关于{h.unit}{values['年度']}年度政府信息公开工作年度报告的{values['文书名称']}", 255)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info, blob in template.parts:
            name = info.filename
            if name == template.main or (b"{{" in blob and _HEADER_FOOTER.match(name)):
                blob = _fill_part(blob, values, name == template.main, template.styles, result, findings, h)
            elif name == _CORE:
                blob = _core(blob, title, clean_text(h.office.name or "年报审核助手", 255))
            entry = zipfile.ZipInfo(name, info.date_time)  # the template's own entries stay untouched
            entry.external_attr = info.external_attr
            z.writestr(entry, blob, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()
