"""Python offsets and Qt positions agree around characters outside the BMP (rare CJK, as in some names)."""
from __future__ import annotations

from app.gui.span_text import SpanTextEdit


def test_offsets_round_trip_and_cursor_covers_the_right_characters(qtbot):
    view = SpanTextEdit()
    qtbot.addWidget(view)
    text = "乡镇𠀀人民政府𪚥申请数量12件"
    view.load_text(text)
    for i in range(len(text) + 1):
        assert view.py_pos(view.qt_pos(i)) == i
    start = text.index("人民")
    assert view.qt_pos(start) == start + 1  # one astral character before it: one more UTF-16 unit
    assert view._cursor((start, start + 4)).selectedText() == "人民政府"
    end = text.index("12")
    assert view._cursor((end, end + 2)).selectedText() == "12"
