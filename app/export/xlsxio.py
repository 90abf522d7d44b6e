"""Saving openpyxl workbooks quickly: in memory, and without rebuilding the same stylesheet.

A folder of unit workbooks is hundreds of small files built by one piece of code, so
two costs of openpyxl's stock writer dominate: every worksheet goes through a temporary
file (created, read back, deleted — and on Windows scanned by the virus checker each
time), and the stylesheet, the same for every workbook of the batch, is serialised
afresh for each. ``workbook_bytes`` builds the worksheets in memory and, given a
``StylesheetCache``, serialises each distinct stylesheet once. The writer covers what
our workbooks hold (cells, styles, merged ranges, validation, conditional formats,
print settings) — no charts, images, comments or macros.
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field
from zipfile import ZIP_DEFLATED, ZipFile

from openpyxl import Workbook
from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
from openpyxl.packaging.extended import ExtendedProperties
from openpyxl.styles.stylesheet import write_stylesheet
from openpyxl.workbook._writer import WorkbookWriter
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.writer.excel import ExcelWriter
from openpyxl.writer.theme import theme_xml
from openpyxl.xml.constants import ARC_APP, ARC_CORE, ARC_ROOT_RELS, ARC_STYLE, ARC_THEME, ARC_WORKBOOK, ARC_WORKBOOK_RELS
from openpyxl.xml.functions import tostring


@dataclass
class StylesheetCache:
    """Serialised stylesheets of one export run, by what they contain."""

    entries: dict[tuple, bytes] = field(default_factory=dict)

    @staticmethod
    def key(wb: Workbook) -> tuple:
        # Our workbooks register their fonts, fills and borders in one fixed order
        # (app.export.sheet.Styles), so the cell formats, the named styles and the
        # sizes of the lists identify the stylesheet.
        return (tuple(tuple(a) for a in wb._cell_styles), tuple(wb.style_names), len(wb._fonts), len(wb._fills),
                len(wb._borders), len(wb._alignments), len(wb._protections), tuple(wb._number_formats),
                len(wb._differential_styles.styles))

    def get(self, wb: Workbook) -> bytes:
        k = self.key(wb)
        data = self.entries.get(k)
        if data is None:
            data = self.entries[k] = tostring(write_stylesheet(wb))
        return data


class _MemoryWriter(ExcelWriter):
    def __init__(self, wb: Workbook, archive: ZipFile, cache: StylesheetCache | None):
        super().__init__(wb, archive)
        self.cache = cache

    def write_worksheet(self, ws):
        ws._drawing = SpreadsheetDrawing()
        writer = WorksheetWriter(ws, out=io.BytesIO())
        writer.write()
        ws._rels = writer._rels
        self._archive.writestr(ws.path[1:], writer.out.getvalue())
        self.manifest.append(ws)

    def write_data(self):
        archive, wb = self._archive, self.workbook
        archive.writestr(ARC_APP, tostring(ExtendedProperties().to_tree()))
        archive.writestr(ARC_CORE, tostring(wb.properties.to_tree()))
        archive.writestr(ARC_THEME, theme_xml)
        self._write_worksheets()
        archive.writestr(ARC_STYLE, self.cache.get(wb) if self.cache else tostring(write_stylesheet(wb)))
        writer = WorkbookWriter(wb)
        archive.writestr(ARC_ROOT_RELS, writer.write_root_rels())
        archive.writestr(ARC_WORKBOOK, writer.write())
        archive.writestr(ARC_WORKBOOK_RELS, writer.write_rels())
        self.manifest._write(archive, wb)


def workbook_bytes(wb: Workbook, cache: StylesheetCache | None = None) -> bytes:
    """The .xlsx file of ``wb``."""
    out = io.BytesIO()
    with ZipFile(out, "w", ZIP_DEFLATED, allowZip64=True) as archive:
        _MemoryWriter(wb, archive, cache).write_data()
    return out.getvalue()
