"""The thresholds of the cross-report checks, from the ``[across]`` table of the settings file.

Every value has a default; a value of the wrong type or out of range is ignored with a
Chinese note (a doubt on the reports), never a failure.
"""
from __future__ import annotations

from dataclasses import dataclass, fields, replace


@dataclass(frozen=True)
class AcrossSettings:
    #: XY-JUMP: 本年新收 grows or shrinks by this factor or more …
    jump_ratio: float = 10.0
    #: … when both years have at least this many applications.
    jump_min: int = 20
    #: XY-JUMP: 行政复议 / 行政诉讼 from none last year to at least this many.
    appear_min: int = 5
    #: SIM-*: a section is copied when this share of its words is found in the other report …
    copy_share: float = 0.5
    #: … and the shared words are at least this many characters.
    copy_min_chars: int = 100
    #: Sentences and phrases found in more than this share of all units' reports are boilerplate …
    common_share: float = 0.05
    #: … but only when they are found in at least this many units' reports.
    common_min_units: int = 4
    #: SIM-*: at most this many 雷同 findings per report (the strongest), the rest named in the last.
    max_copy_findings: int = 3


_LIMITS = {
    "jump_ratio": (1.5, 1000.0), "jump_min": (1, 10**6), "appear_min": (1, 10**6), "copy_share": (0.05, 1.0),
    "copy_min_chars": (10, 10**6), "common_share": (0.01, 1.0), "common_min_units": (2, 10**6),
    "max_copy_findings": (1, 100),
}


def from_config(config) -> tuple[AcrossSettings, list[str]]:
    """Settings from a ``RuleConfig`` (its ``across`` table); returns them and the problems found."""
    raw = getattr(config, "across", None) or {}
    settings, problems = AcrossSettings(), []
    known = {f.name: f for f in fields(AcrossSettings)}
    for key, value in raw.items():
        f = known.get(key)
        if f is None:
            problems.append(f"设置项 across.{key} 不存在，已忽略。")
            continue
        lo, hi = _LIMITS[key]
        is_int = f.type in ("int", int)
        ok = isinstance(value, (int, float)) and not isinstance(value, bool) and lo <= value <= hi
        if ok and is_int and not float(value).is_integer():
            ok = False
        if not ok:
            kind = "整数" if is_int else "数值"
            problems.append(f"设置项 across.{key} = {value!r} 应为 {lo:g} 至 {hi:g} 之间的{kind}，已使用默认值。")
            continue
        settings = replace(settings, **{key: int(value) if is_int else float(value)})
    return settings, problems
