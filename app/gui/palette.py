"""Colours of the window, in one place so that list, text, tables and icons agree."""
from __future__ import annotations

# Strong colours: icons, underlines, status text.
SEVERITY_COLORS = {"error": "#c62828", "warning": "#e08a00", "info": "#1f6fb2"}
# Light tints: table cells, text backgrounds.
SEVERITY_TINTS = {"error": "#f9d3cf", "warning": "#fde9c4", "info": "#d6e7f7"}
# Quieter tints: the other cells of a finding that names its wrong cell.
QUIET_TINTS = {"error": "#fcebe9", "warning": "#fef5e4", "info": "#edf4fb"}
# A cell the auditor corrected (a misreading fixed, not a report error).
CORRECTED_CELL = "#ede7f6"
CORRECTED_TEXT = "#4527a0"
# Report list statuses.
STATUS_COLORS = {"ok": "#2e7d32", "error": "#c62828", "warning": "#e08a00", "unread": "#6d4c41",
                 "doubt": "#7b5ea7", "pending": "#777777"}

SELECTED_SPAN = "#ffe066"  # the selected finding or cell in the original text
UNKNOWN_CELL = "#9e9e9e"  # a cell that could not be read (never shown as 0)
MISSING_SECTION = "#c62828"
