"""Numbers of adjacent cells glued together (``230 000023`` for 23 0 0 0 0 0 23).

Web copies that lost their cell borders print a row's numbers with some or all of the
spaces between them gone. Such digits can be cut back into cells only where the table's
own arithmetic leaves exactly one way to do it: a cell never starts with a 0 unless it
is 0, and the row (and, across rows, the column) sums must hold. Anything else stays
unknown — a guessed cell is worse than an empty one.
"""
from __future__ import annotations

import re
from collections.abc import Callable

from app.model import Value

_PLAIN_DIGITS = re.compile(r"^\d+$")
MAX_CELL_DIGITS = 7  # no count in these tables reaches ten million
MAX_DIGITS = 60  # a longer run is not a glued row: leave it unknown
_BUDGET = 20_000  # search steps per row; beyond it the row stays unknown


def splittable(values: list[Value], n: int) -> bool:
    """The values may be ``n`` cells glued together: fewer than ``n`` of them, every one a plain
    run of digits (no sign, decimal point, unit or blank mark), and digits enough for ``n``."""
    return (0 < len(values) < n and all(v.raw and _PLAIN_DIGITS.match(v.raw.strip()) for v in values)
            and sum(len(v.raw.strip()) for v in values) >= n)


def _cuts(values: list[Value], n: int, accept: Callable[[list[int]], bool],
          limit: int) -> list[list[tuple[int, int, int]]]:
    """Up to ``limit`` ways to cut the digit strings into ``n`` cells that ``accept`` takes;
    each cell as (value index, start, end) in that value's digits. ``accept`` is asked on
    every prefix too, so that it prunes the search as early as the arithmetic allows."""
    raws = [v.raw.strip() for v in values]
    if sum(len(r) for r in raws) > MAX_DIGITS:
        return []
    found: list[list[tuple[int, int, int]]] = []
    steps = 0
    cells: list[tuple[int, int, int]] = []
    nums: list[int] = []
    left = [sum(len(r) for r in raws[k:]) for k in range(len(raws) + 1)]  # digits from value k on

    def walk(k: int, pos: int) -> bool:
        nonlocal steps
        if k == len(raws):
            if len(cells) == n and accept(nums):
                found.append(list(cells))
            return len(found) < limit
        raw = raws[k]
        # cells still to make must fit the digits and values still to read
        if len(cells) + (len(raws) - k) > n or len(cells) + (len(raw) - pos) + left[k + 1] < n:
            return True
        ends = [pos + 1] if raw[pos] == "0" else range(pos + 1, min(len(raw), pos + MAX_CELL_DIGITS) + 1)
        for e in ends:
            steps += 1
            if steps > _BUDGET:
                return False
            cells.append((k, pos, e))
            nums.append(int(raw[pos:e]))
            ok = True
            if accept(nums):
                ok = walk(k + 1, 0) if e == len(raw) else walk(k, e)
            cells.pop()
            nums.pop()
            if not ok:
                return False
        return True

    complete = walk(0, 0)
    return found if complete or len(found) >= limit else []


def split_glued(values: list[Value], n: int, accept: Callable[[list[int]], bool],
                limit: int = 2) -> list[list[Value]]:
    """The readings of ``values`` as ``n`` cells that ``accept`` takes (at most ``limit``;
    more than one means the digits do not decide). Spans point at each cell's digits
    when the original text holds them one for one."""
    out = []
    for cut in _cuts(values, n, accept, limit):
        row = []
        for i, a, b in cut:
            v = values[i]
            raw = v.raw.strip()
            lead = len(v.raw) - len(v.raw.lstrip())
            span = v.span
            if span and span[1] - span[0] == len(v.raw):
                span = (span[0] + lead + a, span[0] + lead + b)
            row.append(Value(int(raw[a:b]), raw[a:b], span, None))
        out.append(row)
    return out


def row_sum_holds(cells: list[int]) -> bool:
    """Table 三: 总计 equals the six applicant columns (a shorter prefix: nothing to check yet)."""
    return len(cells) < 7 or (len(cells) == 7 and sum(cells[:6]) == cells[6])


def blocks_hold(cells: list[int]) -> bool:
    """Table 四: in each complete block of five, 总计 equals the four results."""
    return all(sum(cells[b:b + 4]) == cells[b + 4] for b in range(0, len(cells) - 4, 5))
