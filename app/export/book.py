"""A small .xlsx writer for our sheets: a title block over one plain table, printable.

openpyxl models every cell, style and setting as descriptor-checked objects, which is
what made a folder of several hundred unit workbooks slow (most of ~20 ms a workbook
went to building and serialising those objects). Our workbooks hold only strings and
integers in a few fixed styles, merged title lines, one filter, one dropdown, two
conditional colours and a print setup, so they are written here directly as the XML
that openpyxl itself writes for them (element order as in the schema, strings inline).
openpyxl is still what defines the styles — the stylesheet is made once per export
from ``app.export.sheet.Styles`` — and what the tests read the files back with.
"""
from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from xml.sax.saxutils import escape, quoteattr

from openpyxl import Workbook
from openpyxl.packaging.extended import ExtendedProperties
from openpyxl.styles.differential import DifferentialStyle
from openpyxl.styles.stylesheet import write_stylesheet
from openpyxl.utils import get_column_letter
from openpyxl.writer.theme import theme_xml
from openpyxl.xml.functions import tostring

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


# --------------------------------------------------------------------------- styles


@dataclass
class StyleTable:
    """The stylesheet of an export and the index of each cell format in it.

    ``xf[(name, quote)]``: the format of named style ``name`` (``quote``: the text mark
    that keeps a formula-like string text when edited). ``dxf``: conditional fills.
    """

    stylesheet: bytes
    xf: dict[tuple[str, bool], int]
    dxf: dict[str, int]

    @classmethod
    def build(cls) -> StyleTable:
        from app.export.sheet import Styles

        wb = Workbook()
        st = Styles(wb)
        ws = wb.active
        xf = {("", False): 0}
        row = 0
        for name in st.names():
            for quote in (False, True):
                row += 1
                cell = ws.cell(row=row, column=1)
                cell.style = name
                cell.quotePrefix = quote
                xf[(name, quote)] = cell.style_id
        dxf = {key: wb._differential_styles.add(DifferentialStyle(fill=fill)) for key, fill in st.dxf_fills().items()}
        return cls(tostring(write_stylesheet(wb)), xf, dxf)

    def index(self, name: str, quote: bool = False) -> int:
        return self.xf.get((name, quote), self.xf.get((name, False), 0))


# --------------------------------------------------------------------------- the model


@dataclass
class Validation:
    sqref: str
    choices: tuple[str, ...]
    title: str
    error: str
    prompt: str


@dataclass
class Sheet:
    """One worksheet: cells by row, row heights, column widths, and how it prints."""

    title: str
    hidden: bool = False
    cells: dict[int, dict[int, tuple[object, str, bool]]] = field(default_factory=dict)
    heights: dict[int, float] = field(default_factory=dict)
    widths: dict[int, tuple[float, bool]] = field(default_factory=dict)  # column -> (width, hidden)
    merges: list[str] = field(default_factory=list)
    freeze_row: int = 0  # rows above this stay on screen
    filter_ref: str = ""
    print_rows: tuple[int, int] | None = None  # repeated on every printed page
    print_area: str = ""
    footer: str = ""  # the raw footer code string
    validations: list[Validation] = field(default_factory=list)
    colours: list[tuple[str, str, str]] = field(default_factory=list)  # (sqref, value, dxf key)
    printable: bool = True

    def put(self, row: int, col: int, value, style: str = "", quote: bool = False) -> None:
        self.cells.setdefault(row, {})[col] = (value, style, quote)

    def restyle(self, row: int, col: int, style: str) -> None:
        value, _, quote = self.cells.get(row, {}).get(col, (None, "", False))
        self.put(row, col, value, style, quote)

    def value(self, row: int, col: int):
        return self.cells.get(row, {}).get(col, (None,))[0]

    def append(self, values) -> int:
        row = max(self.cells, default=0) + 1
        for c, value in enumerate(values, 1):
            self.put(row, c, value)
        return row

    @property
    def max_row(self) -> int:
        return max(self.cells, default=0)

    @property
    def max_col(self) -> int:
        return max((max(r) for r in self.cells.values() if r), default=0)


@dataclass
class Properties:
    title: str = ""
    subject: str = ""
    creator: str = ""
    description: str = ""
    keywords: str = ""
    language: str = "zh-CN"


@dataclass
class Book:
    sheets: list[Sheet] = field(default_factory=list)
    properties: Properties = field(default_factory=Properties)
    active: int = 0

    def create_sheet(self, title: str) -> Sheet:
        sheet = Sheet(title)
        self.sheets.append(sheet)
        return sheet

    def __getitem__(self, title: str) -> Sheet:
        return next(s for s in self.sheets if s.title == title)

    def to_bytes(self, styles: StyleTable) -> bytes:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("[Content_Types].xml", _content_types(len(self.sheets)))
            z.writestr("_rels/.rels", _root_rels())
            z.writestr("docProps/app.xml", _APP_XML)
            z.writestr("docProps/core.xml", _core(self.properties))
            z.writestr("xl/workbook.xml", _workbook(self))
            z.writestr("xl/_rels/workbook.xml.rels", _workbook_rels(len(self.sheets)))
            z.writestr("xl/styles.xml", styles.stylesheet)
            z.writestr("xl/theme/theme1.xml", theme_xml)
            for i, sheet in enumerate(self.sheets, 1):
                z.writestr(f"xl/worksheets/sheet{i}.xml", _sheet_xml(sheet, styles, i - 1 == self.active))
        return out.getvalue()


# --------------------------------------------------------------------------- package parts

_APP_XML = tostring(ExtendedProperties().to_tree())


def _content_types(n: int) -> str:
    sheets = "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
                     'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' for i in range(1, n + 1))
    return (_XML_HEAD + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/theme/theme1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'theme+xml"/>'
            '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'spreadsheetml.styles+xml"/>'
            + sheets +
            '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.'
            'core-properties+xml"/>'
            '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'extended-properties+xml"/></Types>')


def _root_rels() -> str:
    return (_XML_HEAD + f'<Relationships xmlns="{_PKG}">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'officeDocument" Target="xl/workbook.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/'
            'core-properties" Target="docProps/core.xml"/>'
            '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'extended-properties" Target="docProps/app.xml"/></Relationships>')


def _workbook_rels(n: int) -> str:
    sheets = "".join(f'<Relationship Id="rId{i}" Type="{_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
                     for i in range(1, n + 1))
    return (_XML_HEAD + f'<Relationships xmlns="{_PKG}">{sheets}'
            f'<Relationship Id="rId{n + 1}" Type="{_REL}/styles" Target="styles.xml"/>'
            f'<Relationship Id="rId{n + 2}" Type="{_REL}/theme" Target="theme/theme1.xml"/></Relationships>')


def _core(p: Properties) -> str:
    now = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return (_XML_HEAD + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
            'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f"<dc:title>{escape(p.title)}</dc:title><dc:subject>{escape(p.subject)}</dc:subject>"
            f"<dc:creator>{escape(p.creator)}</dc:creator><cp:keywords>{escape(p.keywords)}</cp:keywords>"
            f"<dc:description>{escape(p.description)}</dc:description>"
            f"<cp:lastModifiedBy>{escape(p.creator)}</cp:lastModifiedBy><dc:language>{escape(p.language)}</dc:language>"
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{now}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{now}</dcterms:modified></cp:coreProperties>')


def _quoted_sheet(title: str) -> str:
    return "'" + title.replace("'", "''") + "'"


def _absolute(ref: str) -> str:
    """``A6:N12`` → ``$A$6:$N$12``."""
    import re

    return re.sub(r"([A-Z]+)(\d+)", r"$\1$\2", ref)


def _workbook(book: Book) -> str:
    sheets, names = [], []
    for i, s in enumerate(book.sheets):
        state = ' state="hidden"' if s.hidden else ""
        sheets.append(f'<sheet name={quoteattr(s.title)} sheetId="{i + 1}"{state} r:id="rId{i + 1}"/>')
        q = _quoted_sheet(s.title)
        if s.filter_ref:
            names.append(f'<definedName name="_xlnm._FilterDatabase" localSheetId="{i}" hidden="1">'
                         f"{escape(q)}!{_absolute(s.filter_ref)}</definedName>")
        if s.print_rows:
            a, b = s.print_rows
            names.append(f'<definedName name="_xlnm.Print_Titles" localSheetId="{i}">{escape(q)}!${a}:${b}</definedName>')
        if s.print_area:
            names.append(f'<definedName name="_xlnm.Print_Area" localSheetId="{i}">'
                         f"{escape(q)}!{_absolute(s.print_area)}</definedName>")
    defined = f"<definedNames>{''.join(names)}</definedNames>" if names else ""
    return (_XML_HEAD + f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><workbookPr/>'
            f'<bookViews><workbookView visibility="visible" minimized="0" showHorizontalScroll="1" '
            f'showVerticalScroll="1" showSheetTabs="1" tabRatio="600" firstSheet="0" activeTab="{book.active}" '
            f'autoFilterDateGrouping="1"/></bookViews><sheets>{"".join(sheets)}</sheets>{defined}'
            '<calcPr calcId="124519" fullCalcOnLoad="1"/></workbook>')


# --------------------------------------------------------------------------- the worksheet


def _text(value: str) -> str:
    return f'<is><t xml:space="preserve">{escape(value)}</t></is>'


def _sheet_xml(s: Sheet, styles: StyleTable, selected: bool) -> str:
    out = [_XML_HEAD, f'<worksheet xmlns="{_MAIN}">']
    out.append('<sheetPr><outlinePr summaryBelow="1" summaryRight="1"/>'
               + ('<pageSetUpPr fitToPage="1"/>' if s.printable else '<pageSetUpPr/>') + "</sheetPr>")
    last_col, last_row = max(s.max_col, max(s.widths, default=1), 1), max(s.max_row, 1)
    out.append(f'<dimension ref="A1:{get_column_letter(last_col)}{last_row}"/>')
    view = '<sheetView workbookViewId="0"' + (' tabSelected="1"' if selected else "") + ">"
    if s.freeze_row > 1:
        top = f"A{s.freeze_row}"
        view += (f'<pane ySplit="{s.freeze_row - 1}" topLeftCell="{top}" activePane="bottomLeft" state="frozen"/>'
                 f'<selection pane="bottomLeft" activeCell="{top}" sqref="{top}"/>')
    else:
        view += '<selection activeCell="A1" sqref="A1"/>'
    out.append(f"<sheetViews>{view}</sheetView></sheetViews>")
    out.append('<sheetFormatPr baseColWidth="8" defaultRowHeight="15"/>')
    if s.widths:
        cols = "".join(f'<col min="{c}" max="{c}" width="{w:g}"' + (' hidden="1"' if hidden else "")
                       + ' customWidth="1"/>' for c, (w, hidden) in sorted(s.widths.items()))
        out.append(f"<cols>{cols}</cols>")
    out.append("<sheetData>")
    index = styles.index
    for r in sorted(set(s.cells) | set(s.heights)):
        height = s.heights.get(r)
        attrs = f' ht="{height:g}" customHeight="1"' if height else ""
        cells = []
        for c, (value, style, quote) in sorted(s.cells.get(r, {}).items()):
            ref = f"{get_column_letter(c)}{r}"
            xf = index(style, quote) if (style or quote) else 0
            sattr = f' s="{xf}"' if xf else ""
            if value is None or value == "":
                cells.append(f'<c r="{ref}"{sattr}/>')
            elif isinstance(value, bool) or not isinstance(value, (int, float)):
                cells.append(f'<c r="{ref}"{sattr} t="inlineStr">{_text(str(value))}</c>')
            else:
                cells.append(f'<c r="{ref}"{sattr} t="n"><v>{value}</v></c>')
        out.append(f'<row r="{r}"{attrs}>{"".join(cells)}</row>')
    out.append("</sheetData>")
    if s.filter_ref:
        out.append(f'<autoFilter ref="{s.filter_ref}"/>')
    if s.merges:
        out.append(f'<mergeCells count="{len(s.merges)}">'
                   + "".join(f'<mergeCell ref="{m}"/>' for m in s.merges) + "</mergeCells>")
    priority = 0
    by_range: dict[str, list[str]] = {}
    for sqref, value, key in s.colours:
        priority += 1
        by_range.setdefault(sqref, []).append(
            f'<cfRule type="cellIs" dxfId="{styles.dxf[key]}" priority="{priority}" operator="equal">'
            f"<formula>{escape(_excel_string(value))}</formula></cfRule>")
    for sqref, rules in by_range.items():
        out.append(f'<conditionalFormatting sqref="{sqref}">{"".join(rules)}</conditionalFormatting>')
    if s.validations:
        items = "".join(
            f'<dataValidation type="list" allowBlank="1" showInputMessage="1" showErrorMessage="1" '
            f"errorTitle={quoteattr(v.title)} error={quoteattr(v.error)} promptTitle={quoteattr(v.title)} "
            f'prompt={quoteattr(v.prompt)} sqref="{v.sqref}"><formula1>{escape(_excel_string(",".join(v.choices)))}'
            "</formula1></dataValidation>" for v in s.validations)
        out.append(f'<dataValidations count="{len(s.validations)}">{items}</dataValidations>')
    if s.printable:
        out.append('<printOptions horizontalCentered="1"/>')
        out.append('<pageMargins left="0.4" right="0.4" top="0.5" bottom="0.6" header="0.25" footer="0.3"/>')
        out.append('<pageSetup orientation="landscape" paperSize="9" fitToHeight="0" fitToWidth="1"/>')
        if s.footer:
            out.append(f"<headerFooter><oddFooter>{escape(s.footer)}</oddFooter></headerFooter>")
    else:
        out.append('<pageMargins left="0.75" right="0.75" top="1" bottom="1" header="0.5" footer="0.5"/>')
    out.append("</worksheet>")
    return "".join(out)


def _excel_string(text: str) -> str:
    """A string literal in a formula: in double quotes, quotes doubled."""
    return '"' + text.replace('"', '""') + '"'
