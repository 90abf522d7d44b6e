"""The one entry point of the cross-report checks: batch results + workspace → extra findings per report.

``cross_check`` never touches the results it is given (it may run in a worker thread
while the window shows them); ``apply_outcome`` puts its findings and doubts into the
results, replacing those of an earlier run, and is called where the results live (the
GUI thread, the command line). Nothing here imports Qt.
"""
from __future__ import annotations

import dataclasses
import gc
import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from app.across import aggregate as agg
from app.across import continuity, overview, similarity
from app.across.library import Entry, from_results, from_workspace
from app.across.settings import AcrossSettings, from_config
from app.across.units import Ambiguity, UnitMap, resolve
from app.model import AuditResult, Finding, ParseWarning
from app.rules.cross import CROSS_RULE_IDS, AggregateSum, OtherUnitName, SameAsLastYear, SameAsPeer
from app.workspace.fingerprint import assign
from app.workspace.identity import path_key

log = logging.getLogger(__name__)

AMBIGUOUS_CODE = "unit-ambiguous"
#: Doubts this module adds (replaced on every run): ambiguous units, and the not-assessed cross rules.
DOUBT_CODES = frozenset({AMBIGUOUS_CODE} | {f"not-assessed:{r}" for r in CROSS_RULE_IDS})


class Cancelled(Exception):
    """The run was given up (a newer batch replaced it)."""


@dataclass
class CrossOutcome:
    """What the cross-report checks found, keyed by ``path_key`` of each batch result."""

    findings: dict[str, list[Finding]] = field(default_factory=dict)
    warnings: dict[str, list[ParseWarning]] = field(default_factory=dict)
    entries: dict[str, Entry] = field(default_factory=dict)  # every report looked at, by entry key
    previous: dict[str, str] = field(default_factory=dict)  # entry key -> last year's entry key
    pairs: list[similarity.SimilarPair] = field(default_factory=list)  # the copied pairs, for the side-by-side view
    units: UnitMap = field(default_factory=UnitMap)
    overview: overview.Overview | None = None
    problems: list[str] = field(default_factory=list)  # settings ignored, store unreadable (Chinese)
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def ambiguous(self) -> list[Ambiguity]:
        return self.units.ambiguous

    def entry_of(self, path: str) -> Entry | None:
        return self.entries.get("file:" + path_key(path))

    def pair(self, a_path: str, b_file: str) -> similarity.SimilarPair | None:
        """The measured pair of a batch report and another report (by the path the finding names)."""
        a = "file:" + path_key(a_path)
        target = path_key(b_file)
        for p in self.pairs:
            if p.a == a and path_key(self.entries[p.b].path) == target:
                return p
        return None


def _store_inputs(ws, links, aggregates):
    from app.workspace import units as stored

    if links is None:
        links = stored.links(ws)
    if aggregates is None:
        aggregates = set(stored.aggregates(ws))
    return links, aggregates


def cross_check(results: list[AuditResult], workspace=None, config=None, *, links: Iterable | None = None,
                aggregates: Iterable[str] | None = None, cancelled: Callable[[], bool] = lambda: False,
                with_overview: bool = True) -> CrossOutcome:
    """Run every cross-report check over ``results`` and the reports kept in ``workspace``.

    ``links`` (UnitLink-like) and ``aggregates`` (unit keys) default to what the workspace
    keeps. ``cancelled`` is polled between steps; a cancelled run raises ``Cancelled``.
    Never raises otherwise: a workspace that cannot be read leaves the batch alone compared.

    The cyclic garbage collector is paused meanwhile: the run builds hundreds of thousands
    of acyclic objects, and every full collection they trigger walks all of them holding
    the GIL — in a worker thread, that froze the window for up to 100 ms at a time.
    Reference counting still frees everything; the collector's own setting is restored.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _cross_check(results, workspace, config, links, aggregates, cancelled, with_overview)
    finally:
        if was_enabled:
            gc.enable()


def _cross_check(results, workspace, config, links, aggregates, cancelled, with_overview) -> CrossOutcome:
    from app.config import RuleConfig, load_config

    cfg = config if isinstance(config, RuleConfig) else load_config()
    settings, problems = from_config(cfg)
    out = CrossOutcome(problems=list(problems))
    t0 = time.perf_counter()
    batch = from_results(results)
    library: list[Entry] = []
    if workspace is not None:
        from app.workspace import WorkspaceError

        try:
            links, aggregates = _store_inputs(workspace, links, aggregates)
            exclude = {e.doc_id for e in batch if e.doc_id is not None}
            years = {y for e in batch if e.year for y in (e.year, e.year - 1)}
            library = from_workspace(workspace, exclude, cancelled, years)
        except WorkspaceError as exc:
            out.problems.append(f"审核工作区中的以往报告无法读取，只比较本批报告：{exc.message}")
    links = list(links or [])
    aggregate_keys = set(aggregates or ())
    _check(cancelled)
    entries = batch + library
    out.entries = {e.key: e for e in entries}
    out.units = resolve({e.unit_key: e.org for e in entries if e.unit_key and e.org}, links)
    unit_of = _unit_of(out.units)
    t1 = time.perf_counter()

    by_unit_year: dict[tuple[str, int], list[Entry]] = {}
    for e in entries:
        if e.year is not None:
            by_unit_year.setdefault((unit_of(e), e.year), []).append(e)
    for e in batch:
        if e.year is None or not e.unit_key:
            continue
        candidates = by_unit_year.get((unit_of(e), e.year - 1), [])
        if candidates:
            prev = candidates[0]  # the batch's own first, then the latest kept revision
            out.previous[e.key] = prev.key
            found, doubts = continuity.check(e, prev, settings, cfg.enabled, out.units.explain(e.unit_key, prev.unit_key))
            _add(out, e, found, doubts)
        else:
            doubt = _ambiguity_doubt(e, out.units, by_unit_year, unit_of)
            if doubt is not None:
                _add(out, e, [], [doubt])
    _check(cancelled)
    t2 = time.perf_counter()

    if any(cfg.enabled(r) for r in (SameAsLastYear.id, SameAsPeer.id, OtherUnitName.id)):
        _similarity(out, batch, entries, unit_of, settings, cfg.enabled, cancelled)
    t3 = time.perf_counter()

    if aggregate_keys and cfg.enabled(AggregateSum.id):
        _aggregates(out, batch, aggregate_keys, unit_of)
    for found in out.findings.values():
        assign(found)
    if with_overview:
        marked = {out.units.unit(k) for k in aggregate_keys}
        agg_paths = [e.path for e in batch if e.unit_key and unit_of(e) in marked]
        out.overview = overview.build(_merged(results, out),
                                      unit_of=lambda r: unit_of(out.entry_of(r.path)) if out.entry_of(r.path) else None,
                                      aggregates=agg_paths)
    t4 = time.perf_counter()
    out.seconds = {"library": t1 - t0, "continuity": t2 - t1, "similarity": t3 - t2, "overview": t4 - t3}
    log.info("cross-report checks: %d reports (%d kept), %s", len(batch), len(library),
             ", ".join(f"{k} {v:.2f}s" for k, v in out.seconds.items()))
    return out


def _check(cancelled: Callable[[], bool]) -> None:
    if cancelled():
        raise Cancelled()


def _unit_of(units: UnitMap) -> Callable[[Entry], str]:
    def unit_of(e: Entry) -> str:
        return units.unit(e.unit_key) or e.key
    return unit_of


def _add(out: CrossOutcome, e: Entry, findings: list[Finding], doubts: list[ParseWarning]) -> None:
    key = path_key(e.path)
    if findings:
        out.findings.setdefault(key, []).extend(findings)
    if doubts:
        out.warnings.setdefault(key, []).extend(doubts)


def _ambiguity_doubt(e: Entry, units: UnitMap, by_unit_year, unit_of) -> ParseWarning | None:
    """Why this report was not compared with a last-year report that may be its unit's."""
    mine = units.ambiguity_of(e.unit_key) if e.unit_key else None
    if mine is None:
        root = units.unit(e.unit_key)
        for amb in units.ambiguous:
            if root in {c for c, _ in amb.candidates} and by_unit_year.get((units.unit(amb.key), e.year - 1)):
                others = "、".join(f"“{org}”" for c, org in amb.candidates if c != root)
                return ParseWarning(AMBIGUOUS_CODE, (
                    f"单位对应存疑：工作区中“{amb.org}”{e.year - 1}年的报告可能是本单位的上年度报告，"
                    f"但其名称也与{others}相近，未作跨年比较；如是同一单位，请在“单位对应”中关联。"),
                    location="单位对应")
        return None
    names = "、".join(f"“{org}”" for _, org in mine.candidates)
    return ParseWarning(AMBIGUOUS_CODE, (
        f"单位对应存疑：本报告单位“{mine.org}”与{names}的名称都相近，无法确定是哪一个单位，"
        "未作跨年比较；请在“单位对应”中关联或取消关联。"), location="单位对应")


def _similarity(out: CrossOutcome, batch: list[Entry], entries: list[Entry], unit_of, settings: AcrossSettings,
                enabled, cancelled) -> None:
    index = similarity.Index(entries, unit_of, settings, cancelled)
    try:
        _compare(out, batch, index, unit_of, settings, enabled, cancelled)
    finally:
        index.dispose()


def _compare(out: CrossOutcome, batch: list[Entry], index, unit_of, settings: AcrossSettings, enabled,
             cancelled) -> None:
    _check(cancelled)
    for e in batch:
        if e.key not in index.docs:
            continue
        _check(cancelled)
        peers: list[similarity.SimilarPair] = []
        prev_key = out.previous.get(e.key)
        for other_key, _n in sorted(index.candidates(e.key).items(), key=lambda kv: (-kv[1], kv[0])):
            other = index.docs[other_key].entry
            if other_key == prev_key:
                kind = similarity.KIND_PREV
            elif other.year == e.year and unit_of(other) != unit_of(e):
                kind = similarity.KIND_PEER
            else:
                continue  # a revision of this report, or another year of another unit
            pair = index.measure(e.key, other_key, kind)
            if not pair.copied and not pair.names:
                continue
            out.pairs.append(pair)
            if pair.names and enabled(OtherUnitName.id):
                _add(out, e, [similarity.name_finding(pair, e, other)], [])
            if pair.copied:
                if kind == similarity.KIND_PREV and enabled(SameAsLastYear.id):
                    note = out.units.explain(e.unit_key, other.unit_key) if e.unit_key and other.unit_key else ""
                    _add(out, e, [similarity.copy_finding(pair, e, other, note=note)], [])
                elif kind == similarity.KIND_PEER:
                    peers.append(pair)
        index.release(e.key)
        if peers and enabled(SameAsPeer.id):
            peers.sort(key=lambda p: (-p.strongest, p.b))
            shown, rest = peers[:settings.max_copy_findings], peers[settings.max_copy_findings:]
            for i, pair in enumerate(shown):
                others = [out.entries[p.b] for p in rest] if i == 0 else []
                _add(out, e, [similarity.copy_finding(pair, e, out.entries[pair.b], others)], [])


def _aggregates(out: CrossOutcome, batch: list[Entry], aggregate_keys: set[str], unit_of) -> None:
    marked = {out.units.unit(k) for k in aggregate_keys}
    for e in batch:
        if not e.unit_key or unit_of(e) not in marked or e.year is None:
            continue
        seen, parts = set(), []
        for p in batch:
            u = unit_of(p)
            if p.year == e.year and u not in marked and u not in seen:
                seen.add(u)
                parts.append(p)
        f = agg.compare(e, parts)
        if f is not None:
            _add(out, e, [f], [])


def _merged(results: list[AuditResult], out: CrossOutcome) -> list[AuditResult]:
    """Shallow copies of ``results`` as they will be once the outcome is applied (for the overview)."""
    merged = []
    for r in results:
        key = path_key(r.path)
        if key in out.findings or key in out.warnings or any(f.rule in CROSS_RULE_IDS for f in r.findings):
            r = dataclasses.replace(r, findings=_findings_after(r, out), warnings=_warnings_after(r, out))
        merged.append(r)
    return merged


def _findings_after(r: AuditResult, out: CrossOutcome) -> list[Finding]:
    return [f for f in r.findings if f.rule not in CROSS_RULE_IDS] + out.findings.get(path_key(r.path), [])


def _warnings_after(r: AuditResult, out: CrossOutcome) -> list[ParseWarning]:
    return [w for w in r.warnings if w.code not in DOUBT_CODES] + out.warnings.get(path_key(r.path), [])


def apply_outcome(results: list[AuditResult], out: CrossOutcome) -> list[AuditResult]:
    """Put the outcome's findings and doubts into ``results`` (replacing an earlier run's); returns those changed."""
    changed = []
    for r in results:
        findings, warnings = _findings_after(r, out), _warnings_after(r, out)
        if findings != r.findings or warnings != r.warnings:
            r.findings, r.warnings = findings, warnings
            changed.append(r)
    return changed
