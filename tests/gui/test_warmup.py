"""The reading core is imported in the background, so the first result's unpickling does not import it on the GUI thread."""
from __future__ import annotations

import subprocess
import sys

from guihelp import ROOT

CHILD = """
import sys
from app.gui import warmup
missing_before = [m for m in warmup.MODULES if m not in sys.modules]
thread = warmup.start()
thread.join(120)
print(len(missing_before), [m for m in warmup.MODULES if m not in sys.modules], thread.name)
"""


def test_warm_up_imports_the_core_in_a_thread_of_its_own():
    out = subprocess.run([sys.executable, "-c", CHILD], cwd=ROOT, capture_output=True, text=True, timeout=180)
    assert out.returncode == 0, out.stderr
    before, after, name = out.stdout.split(maxsplit=2)
    assert int(before) > 0  # a fresh process had not imported them
    assert after == "[]" and name.strip() == "govaudit-warmup"

