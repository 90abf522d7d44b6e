"""The whole program in a subprocess, as the packaging helper runs it."""
from __future__ import annotations

import os
import subprocess
import sys

from guihelp import ROOT


def test_smoke_test_mode_starts_reads_samples_and_exits_cleanly(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_DATA_HOME=str(tmp_path),
               XDG_CONFIG_HOME=str(tmp_path))
    proc = subprocess.run([sys.executable, "-m", "app.gui.main", "--smoke-test"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "samples 5/5" in proc.stdout
    assert "Fatal Python error" not in proc.stderr
