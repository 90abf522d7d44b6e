"""The whole program in a subprocess, as the packaging checks run it: it must pass, and it must be able to fail."""
from __future__ import annotations

import os
import subprocess
import sys

from guihelp import ROOT

FORMATS = ROOT / "tests" / "fixtures" / "formats"


def run_smoke(tmp_path, *args: str, **extra_env: str) -> tuple[int, str, str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_DATA_HOME=str(tmp_path),
               XDG_CONFIG_HOME=str(tmp_path), LOCALAPPDATA=str(tmp_path), APPDATA=str(tmp_path), **extra_env)
    proc = subprocess.run([sys.executable, "-m", "app.gui.main", "--smoke-test", *args], cwd=ROOT, env=env,
                          capture_output=True, timeout=120)
    # strict UTF-8: the smoke test prints like the command line, whatever the system code page
    return proc.returncode, proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8", "replace")


def test_smoke_test_mode_starts_reads_samples_and_exits_cleanly(tmp_path):
    code, out, err = run_smoke(tmp_path)
    assert code == 0, out + err
    assert "samples 5/5" in out and "共 5 份" in out
    assert "FAILED" not in out
    assert "Fatal Python error" not in err


def test_smoke_test_fails_when_a_report_cannot_be_read(tmp_path):
    code, out, err = run_smoke(tmp_path, str(FORMATS / "seed-003.html"), str(FORMATS / "bad-damaged.pdf"))
    assert code == 1, out + err
    assert "samples 2/2" in out
    assert "smoke test FAILED: not read:" in out and "bad-damaged.pdf" in out


def test_smoke_test_fails_when_there_is_nothing_to_read(tmp_path):
    (tmp_path / "empty").mkdir()
    code, out, err = run_smoke(tmp_path, str(tmp_path / "empty"))
    assert code == 1, out + err
    assert "smoke test FAILED: no report files found" in out


def test_smoke_output_is_utf8_under_the_chinese_code_page(tmp_path):
    """PYTHONIOENCODING=gbk stands in for a Chinese Windows' pipe encoding (the frozen exe's case)."""
    code, out, err = run_smoke(tmp_path, PYTHONIOENCODING="gbk")
    assert code == 0, out + err
    assert "共 5 份" in out and "\r\n" not in out
