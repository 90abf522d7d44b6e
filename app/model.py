"""The data model shared by every layer: document, parsed report, findings, audit result.

Plain dataclasses with no behaviour beyond small conveniences, so that the core
(ingest -> parse -> rules -> export), the command line and the Qt window all read one
and the same object. Every extracted value keeps its provenance: a character span
``(start, end)`` into ``Document.text`` (the text that the JSON ``text`` field holds).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

Span = tuple[int, int]
Severity = Literal["error", "warning", "info"]
Number = int | float

SEVERITIES: tuple[str, ...] = ("error", "warning", "info")
SEVERITY_LABELS = {"error": "错误", "warning": "警告", "info": "提示"}


# --------------------------------------------------------------------------- document


@dataclass
class CellDoubt:
    """Why a value read by OCR is not certain (None on values read from a text layer).

    ``reason`` is the Chinese sentence for the auditor, naming page and box; ``read`` is
    what the recogniser saw; ``candidates`` are the figures a digit confusion allows
    (``1O`` → 10), which only the table's own sums may confirm.
    """

    reason: str
    read: str = ""
    candidates: tuple[int | float, ...] = ()


@dataclass
class GridCell:
    """One cell of a table grid found by a format reader (PDF, Word, HTML).

    Merged cells are expanded into a rectangular grid: every grid position holds a
    ``GridCell``; the positions covered by a merged cell repeat its text and carry
    ``origin`` = (row, col) of the cell that holds it, so readers can skip repeats.
    """

    text: str
    span: Span | None = None
    origin: tuple[int, int] | None = None
    doubt: CellDoubt | None = None  # set by the OCR reader only

    @property
    def is_repeat(self) -> bool:
        return self.origin is not None


@dataclass
class Grid:
    """A table as a rectangular grid of cells (rows of equal length)."""

    rows: list[list[GridCell]]
    page: int | None = None
    span: Span | None = None


@dataclass
class ParseWarning:
    """Doubt about the reading (not a mistake in the report): shown apart from findings."""

    code: str
    message: str
    span: Span | None = None
    location: str = ""


@dataclass
class Document:
    """What a format reader produces: the plain text and the table grids found in it."""

    path: str
    format: str  # "txt" | "pdf" | "docx" | "html"
    text: str
    grids: list[Grid] = field(default_factory=list)
    pages: list[Span] = field(default_factory=list)
    encoding: str | None = None
    warnings: list[ParseWarning] = field(default_factory=list)
    # The format's own text stream when ``text`` was rebuilt around table grids (PDF):
    # the parser reads the tables from it too and says where it disagrees with the grid.
    layer_text: str | None = None
    ocr: OcrInfo | None = None  # pages read by OCR and where each piece of text was seen


@dataclass
class OcrPage:
    """A page read by OCR: its image as the reader saw it.

    Boxes are pixels of the source page image (a PDF page rendered at ``dpi``, or the
    image file as stored) scaled by ``scale`` and turned by ``angle`` degrees
    (counter-clockwise) about its centre, the deskew the reader applied.
    """

    index: int  # 0-based page of the file
    width: int
    height: int
    angle: float
    scale: float
    dpi: float | None


@dataclass
class OcrBox:
    """Provenance of one OCR reading: the page, the pixel box and the recogniser's confidence."""

    span: Span  # characters of Document.text that hold the reading
    page: int
    box: tuple[int, int, int, int]  # x0, y0, x1, y1 on the OcrPage image
    confidence: float
    read: str  # what the recogniser saw (before a cell was judged unknown)


@dataclass
class OcrInfo:
    pages: list[OcrPage] = field(default_factory=list)
    boxes: list[OcrBox] = field(default_factory=list)
    seconds: float = 0.0

    def box_at(self, span: Span | None) -> OcrBox | None:
        """The reading whose characters hold ``span`` (a value's or a finding's span)."""
        if span is None:
            return None
        for b in self.boxes:
            if b.span[0] <= span[0] and span[1] <= max(b.span[1], b.span[0] + 1):
                return b
        return None


class ReadError(Exception):
    """A file that cannot be read as a report at all; ``message`` is for the auditor."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message

    def __reduce__(self):
        # Results cross process boundaries (the GUI's process pool): pickle both fields.
        return (ReadError, (self.code, self.message))


# --------------------------------------------------------------------------- report


@dataclass
class Value:
    """One table cell: its number (None = unknown, never a silent 0) and provenance."""

    value: Number | None
    raw: str = ""
    span: Span | None = None
    unit: str | None = None  # a unit written inside the cell ("元", "件"), stripped
    doubt: CellDoubt | None = None  # OCR reading not certain: a failed check through it is a doubt
    # Set when the auditor corrected a misread cell: what was read stays in the correction.
    correction: Correction | None = None

    @property
    def unsure(self) -> bool:
        """OCR was not sure of this cell and the auditor has not corrected it."""
        return self.doubt is not None and self.correction is None

    @property
    def known(self) -> bool:
        return self.value is not None


@dataclass
class TableRow:
    """A row read by its label: the label as printed and the values after it."""

    key: str
    label: str
    label_span: Span | None
    values: list[Value]


@dataclass
class LabelSeen:
    """A fixed label of the template as it was printed, for the label-conformity rules."""

    table: str  # "section2" | "table3" | "table4" | "heading"
    key: str  # row key or column id
    canonical: str
    found: str
    span: Span | None = None


@dataclass
class Section:
    number: int  # 1..6
    title: str
    start: int
    end: int
    heading_span: Span
    numbered: bool = True  # False when the heading lacked its "一、"


@dataclass
class Section2:
    """表二 (主动公开政府信息情况). Row keys: see ``app.template.SECTION2_ROWS``."""

    layout: str  # "2021" | "2019"
    rows: dict[str, TableRow] = field(default_factory=dict)
    span: Span | None = None


@dataclass
class Table3:
    """表三 (收到和处理政府信息公开申请情况): 25 rows (2021) or 23 rows (2019) x 7 columns."""

    layout: str  # "2021" | "2019"
    rows: dict[str, TableRow] = field(default_factory=dict)
    span: Span | None = None

    def value(self, key: str, col: int) -> Number | None:
        row = self.rows.get(key)
        if row is None or col >= len(row.values):
            return None
        return row.values[col].value


@dataclass
class Table4:
    """表四 (行政复议、行政诉讼): 15 values in canonical order."""

    values: list[Value]
    span: Span | None = None


@dataclass
class Period:
    """The statistic period sentence ("统计期限为Y年1月1日至Y年12月31日")."""

    start: date | None
    end: date | None
    raw: str
    span: Span


@dataclass
class Report:
    """A parsed report: metadata, sections and typed tables, each value with provenance."""

    text: str
    org: str | None = None
    org_span: Span | None = None
    title: str | None = None
    title_span: Span | None = None
    year: int | None = None
    year_source: str | None = None  # "title" | "period" | "narrative"
    template: str = "unknown"  # "2021" | "2019" | "mixed" | "unknown"
    published: date | None = None
    published_span: Span | None = None
    period: Period | None = None
    sections: list[Section] = field(default_factory=list)
    section2: Section2 | None = None
    table3: Table3 | None = None
    table4: Table4 | None = None
    labels: list[LabelSeen] = field(default_factory=list)
    warnings: list[ParseWarning] = field(default_factory=list)
    # Characters of ``text`` read by OCR (scanned pages): findings on them about wording are doubts.
    ocr_text: list[Span] = field(default_factory=list)

    def section(self, number: int) -> Section | None:
        for s in self.sections:
            if s.number == number:
                return s
        return None

    def section_text(self, number: int) -> str:
        s = self.section(number)
        return self.text[s.start:s.end] if s else ""

    def cell(self, ref: CellRef) -> Value | None:
        """The Value a CellRef names (the naming findings use), or None when there is none."""
        if ref.table == "table4":
            vals = self.table4.values if self.table4 is not None else []
            return vals[ref.col] if 0 <= ref.col < len(vals) else None
        table = {"table3": self.table3, "section2": self.section2}.get(ref.table)
        row = table.rows.get(str(ref.row)) if table is not None else None
        if row is None or not 0 <= ref.col < len(row.values):
            return None
        return row.values[ref.col]

    def section_at(self, offset: int) -> int | None:
        """Number of the section holding ``offset`` (None before the first section)."""
        found = None
        for s in self.sections:
            if s.start <= offset < s.end:
                found = s.number
        return found


# --------------------------------------------------------------------------- findings


@dataclass(frozen=True)
class CellRef:
    """A table cell named as in the JSON contract (table3: row key, col 0..6)."""

    table: str  # "table3" | "table4" | "section2"
    row: str | int
    col: int


@dataclass
class RelatedRef:
    """Another report that takes part in a cross-report finding, and what in it does.

    ``file`` is the path the other report was read from (or last seen at, when it comes
    from the workspace); ``cells`` and ``span`` point into *that* report's tables and text.
    """

    file: str
    cells: list[CellRef] = field(default_factory=list)
    span: Span | None = None
    org: str | None = None
    year: int | None = None
    doc_id: int | None = None  # the other report's id in the workspace, when it is kept there


@dataclass
class Finding:
    """One failed check, explained with the actual numbers or words."""

    rule: str
    severity: Severity
    message: str
    suggestion: str
    cells: list[CellRef] = field(default_factory=list)
    span: Span | None = None
    title: str = ""
    location: str = ""  # e.g. 表三 “（七）总计” × 自然人
    current: str | None = None  # 现值
    expected: str | None = None  # 应为 (with how it was computed)
    section: int | None = None  # 章节 1..6
    # Identity of "the same problem" across runs and revisions: rule + place, never the
    # numbers (app.workspace.fingerprint). Filled in after the rules ran.
    fingerprint: str = ""
    own: bool = False  # added by the auditor, not by a rule
    deadline: str | None = None  # 整改时限 set by the auditor (an own finding), ISO date
    # Cross-report findings (app.across): the other report(s) and what in them takes part.
    related: list[RelatedRef] = field(default_factory=list)


# --------------------------------------------------------------------------- review


DECISIONS = ("open", "confirmed", "dismissed")
DECISION_LABELS = {"open": "待定", "confirmed": "确认", "dismissed": "排除"}
#: Reasons offered for 排除 (the auditor may type another).
DISMISS_REASONS = ("读取有误", "地方另有规定", "不适用于本单位", "已在报告中说明", "重复问题")
REPORT_STATES = ("待审核", "需整改", "审核通过", "已复核")
#: What became of an earlier finding in a revised report (复核结果).
RECHECK_LABELS = {"fixed": "已整改", "still_open": "未整改", "new": "新增", "unknown": "无法判断"}


@dataclass
class Decision:
    """The auditor's judgement of one finding (by fingerprint)."""

    kind: str = "open"  # "open" | "confirmed" | "dismissed"
    reason: str = ""  # required for "dismissed"
    comment: str = ""
    at: str = ""
    carried: bool = False  # taken over from the earlier revision of the report


@dataclass
class Correction:
    """A misread cell the auditor set right; the reading stays beside it."""

    table: str
    row: str | int
    col: int
    value: Number | None
    read_value: Number | None
    read_raw: str = ""
    at: str = ""
    carried: bool = False  # taken over from the earlier revision (its raw reading is unchanged)
    offered: bool = False  # from the earlier revision, but the raw reading changed: not applied

    @property
    def ref(self) -> CellRef:
        return CellRef(self.table, self.row, self.col)


@dataclass
class Comparison:
    """A revised report against the earlier audit of the same unit and year (复核)."""

    previous_path: str
    previous_doc: int | None
    fixed: list[Finding] = field(default_factory=list)  # the earlier findings, gone now
    still_open: list[Finding] = field(default_factory=list)  # the current findings
    new: list[Finding] = field(default_factory=list)
    unknown: list[Finding] = field(default_factory=list)  # the earlier findings
    # What it was computed from, so that it can be computed again after a correction.
    earlier: list[Finding] = field(default_factory=list, repr=False)
    earlier_decisions: dict[str, Decision] = field(default_factory=dict, repr=False)
    quotes: dict[str, str] = field(default_factory=dict, repr=False)  # own finding -> its words

    def status_of(self, fingerprint: str) -> str | None:
        """复核结果 of a current finding: "still_open" / "new" / None (not compared)."""
        if any(f.fingerprint == fingerprint for f in self.still_open):
            return "still_open"
        if any(f.fingerprint == fingerprint for f in self.new):
            return "new"
        return None

    def counts(self) -> dict[str, int]:
        return {"fixed": len(self.fixed), "still_open": len(self.still_open), "new": len(self.new),
                "unknown": len(self.unknown)}


@dataclass
class Review:
    """Everything the auditor decided about one report, as kept in the workspace."""

    doc_id: int | None = None
    sha256: str = ""
    decisions: dict[str, Decision] = field(default_factory=dict)
    corrections: list[Correction] = field(default_factory=list)
    own: list[Finding] = field(default_factory=list)
    status: str | None = None  # set by the auditor; None = the default from the findings
    comparison: Comparison | None = None
    readonly: bool = False

    def decision(self, fingerprint: str) -> Decision:
        return self.decisions.get(fingerprint) or Decision()


@dataclass
class AuditResult:
    """Everything known about one input file: the single object every view reads."""

    path: str  # as given
    status: str = "ok"  # "ok" | "error"
    error: ReadError | None = None
    document: Document | None = None
    report: Report | None = None
    findings: list[Finding] = field(default_factory=list)
    warnings: list[ParseWarning] = field(default_factory=list)
    rules_run: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    review: Review | None = None  # None: not kept in a workspace (everything undecided)

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    def decision(self, finding: Finding) -> Decision:
        if finding.own:
            return Decision("confirmed")
        return self.review.decision(finding.fingerprint) if self.review is not None else Decision()

    def all_findings(self) -> list[Finding]:
        """The rule findings, then the auditor's own."""
        own = self.review.own if self.review is not None else []
        return list(self.findings) + list(own)

    def outgoing(self) -> list[Finding]:
        """What goes to the unit: confirmed and undecided findings; dismissed ones stay home."""
        return [f for f in self.all_findings() if self.decision(f).kind != "dismissed"]

    def open_count(self, severity: str) -> int:
        """Findings of ``severity`` that still stand (confirmed or undecided, own included)."""
        return sum(1 for f in self.outgoing() if f.severity == severity)

    @property
    def ok(self) -> bool:
        return self.status == "ok"
