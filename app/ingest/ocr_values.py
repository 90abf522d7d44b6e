"""How far an OCR reading of a table cell is trusted: a figure, a doubtful figure or unknown.

The recogniser always answers something; a wrong digit taken at face value would make
the rules accuse the report of an error it does not contain. So a value cell's reading
is judged here before any rule sees it:

- a clean number read with high confidence is the cell's value;
- a clean number with middling confidence keeps its value but carries a doubt, so that
  a failed equation through it is reported as a doubt, not an error;
- low confidence, a reading that is not a number, or an implausible one (a leading
  zero, too many digits) makes the cell unknown: its text becomes ``UNREADABLE`` (the
  mark Chinese print uses for an illegible character), which the parser reads as an
  unknown value, and the doubt says what was seen;
- letters the recogniser confuses with digits (O/D→0, l/I→1, S→5, B→8) give the
  candidate figure, still unknown: only the table's own row and column sums, agreeing
  with it, may later decide it (``app.rules.t3_equations.resolve``); so does a clean
  figure read with low confidence.
"""
from __future__ import annotations

import re

from app.model import CellDoubt

UNREADABLE = "□"
SURE = 0.90  # at or above: the reading is taken as it is
UNSURE = 0.75  # below: the reading is not used at all
MAX_DIGITS = 9

_CONFUSABLE = str.maketrans({"O": "0", "o": "0", "D": "0", "Q": "0", "〇": "0",
                             "l": "1", "I": "1", "|": "1", "i": "1", "!": "1",
                             "S": "5", "s": "5", "B": "8"})
_NUMBER = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^\d+(?:\.\d+)?$")
_BLANKS = frozenset({"/", "／", "-", "－", "—", "——", "–", "无", "\\", "空"})
_UNIT = re.compile(r"(万元|元|件|个|项|条|次|人次|%)$")


def looks_numeric(text: str) -> bool:
    """A reading that is a figure, a blank mark, or digits with a few confusable letters."""
    t = _squeeze(text)
    if not t:
        return False
    if t in _BLANKS or _NUMBER.match(_UNIT.sub("", t)):
        return True
    mapped = _UNIT.sub("", t).translate(_CONFUSABLE)
    return bool(_NUMBER.match(mapped)) and sum(ch.isdigit() for ch in t) >= len(t) / 2


def figure_like(text: str) -> bool:
    """A short reading that is a figure, a blank mark, or a figure with letters the
    recogniser confuses with digits (a lone "0" read as "o")."""
    t = _squeeze(text)
    if not t or len(t) > 12:
        return False
    if t in _BLANKS:
        return True
    return bool(_NUMBER.match(_UNIT.sub("", t).translate(_CONFUSABLE)))


def _squeeze(text: str) -> str:
    return re.sub(r"\s", "", text).replace("，", ",").replace("。", ".").replace("．", ".")


def judge(text: str, confidence: float, where: str) -> tuple[str, CellDoubt | None]:
    """(text for the grid, doubt) of a value cell read as ``text`` with ``confidence``.

    ``where`` names the page and box for the doubt's message.
    """
    t = _squeeze(text)
    if not t:
        return "", None
    if t in _BLANKS:
        if confidence >= UNSURE:
            return t, None
        return UNREADABLE, CellDoubt(f"{where}识别为“{t}”但置信度低（{confidence:.2f}），视为无法读取", t)
    unit = _UNIT.search(t)
    body = t[:unit.start()] if unit else t
    if _NUMBER.match(body):
        digits = re.sub(r"\D", "", body.split(".")[0])
        if len(digits) > MAX_DIGITS or (len(digits) > 1 and digits.startswith("0") and "," not in body):
            return UNREADABLE, CellDoubt(f"{where}识别为“{t}”，不像一个件数，视为无法读取", t)
        if confidence >= SURE:
            return t, None
        if confidence >= UNSURE:
            return t, CellDoubt(f"{where}识别为“{t}”，置信度一般（{confidence:.2f}），请对照原件", t)
        # the figure read stays a candidate: only agreeing row and column sums may use it
        value = float(body.replace(",", "")) if "." in body else int(body.replace(",", ""))
        return UNREADABLE, CellDoubt(f"{where}识别为“{t}”但置信度低（{confidence:.2f}），视为无法读取", t, (value,))
    mapped = body.translate(_CONFUSABLE)
    if _NUMBER.match(mapped):  # at any confidence: only agreeing row and column sums may use it
        value = float(mapped.replace(",", "")) if "." in mapped else int(mapped.replace(",", ""))
        return UNREADABLE, CellDoubt(f"{where}识别为“{t}”，其中有易与数字混淆的字母，暂按无法读取处理",
                                     t, (value,))
    return UNREADABLE, CellDoubt(f"{where}识别为“{t}”，不是数字，视为无法读取", t)
