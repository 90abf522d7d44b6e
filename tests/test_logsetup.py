"""app.logsetup: where logs go, stdio for windowed builds, crash files and the crash dialog."""
from __future__ import annotations

import logging
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from app import logsetup
from app.config import config_dir
from app.logsetup import CrashHook, LogStream, crash_message, log_dir, setup_logging, user_data_dir


@pytest.fixture
def clean_logging(monkeypatch):
    """Restore root handlers/level, excepthook and stdio after a test that calls setup_logging."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(sys, "stdout", sys.stdout)
    monkeypatch.setattr(sys, "stderr", sys.stderr)
    yield
    for h in root.handlers:
        if h not in handlers:
            h.close()
    root.handlers[:] = handlers
    root.setLevel(level)


def test_data_dir_windows_uses_localappdata():
    env = {"LOCALAPPDATA": r"C:\Users\张三\AppData\Local"}
    assert user_data_dir(env, "win32") == Path(r"C:\Users\张三\AppData\Local") / "govaudit"
    assert log_dir(env, "win32") == Path(r"C:\Users\张三\AppData\Local") / "govaudit" / "logs"


def test_data_dir_elsewhere_uses_xdg_then_home():
    assert user_data_dir({"XDG_DATA_HOME": "/srv/data"}, "linux") == Path("/srv/data/govaudit")
    assert user_data_dir({}, "linux") == Path.home() / ".local" / "share" / "govaudit"
    # an empty XDG_DATA_HOME means "unset" per the XDG spec
    assert user_data_dir({"XDG_DATA_HOME": ""}, "linux") == Path.home() / ".local" / "share" / "govaudit"


def test_data_dir_without_any_home_folder_is_under_temp(monkeypatch):
    """Windows without LOCALAPPDATA and USERPROFILE: Path.home() raises; the program must still start."""
    def no_home():
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(Path, "home", staticmethod(no_home))
    temp = Path(tempfile.gettempdir())
    assert user_data_dir({}, "win32") == temp / "AppData" / "Local" / "govaudit"
    assert user_data_dir({}, "linux") == temp / ".local" / "share" / "govaudit"
    monkeypatch.delenv("APPDATA", raising=False)
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    assert config_dir().is_relative_to(temp)


def test_program_starts_without_any_home_variable(tmp_path):
    """No LOCALAPPDATA/APPDATA/USERPROFILE/HOME at all (a scheduled task): check still runs and logs."""
    env = {k: v for k, v in os.environ.items() if k.upper() in ("SYSTEMROOT", "WINDIR", "PATH", "LANG")}
    env.update({"TMP": str(tmp_path), "TEMP": str(tmp_path), "TMPDIR": str(tmp_path)})
    code = ("import sys; from app.logsetup import setup_logging; print(setup_logging());"
            "from app.cli import main; sys.exit(main(sys.argv[1:]))")
    sample = Path(__file__).parent / "fixtures" / "samples" / "003_14adff9be6592cdd.txt"
    proc = subprocess.run([sys.executable, "-c", code, "check", str(sample), "--format", "json"],
                          env=env, capture_output=True, timeout=120, cwd=Path(__file__).parent.parent)
    assert proc.returncode in (0, 1), proc.stderr.decode("utf-8", "replace")
    assert b'"schema": 1' in proc.stdout


def isolated_env(folder: Path) -> dict[str, str]:
    """Every variable that names a user folder on Windows or elsewhere, pointed at ``folder``."""
    env = {name: str(folder) for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "LOCALAPPDATA", "APPDATA",
                                          "HOME", "USERPROFILE")}
    env["PATH"] = ""
    for name in ("SYSTEMROOT", "WINDIR"):  # Windows Python needs these to start its crypto and sockets
        if name in os.environ:
            env[name] = os.environ[name]
    return env


def test_setup_logging_writes_rotating_file_once(tmp_path, clean_logging):
    log_file = setup_logging(tmp_path / "logs")
    setup_logging(tmp_path / "logs")
    ours = [h for h in logging.getLogger().handlers if isinstance(h, logging.handlers.RotatingFileHandler)
            and Path(h.baseFilename) == log_file]
    assert len(ours) == 1, "a second setup_logging must not add a second handler"
    assert ours[0].maxBytes > 0 and ours[0].backupCount > 0
    logging.getLogger("app.test").warning("审核完成 %d", 3)
    for h in ours:
        h.flush()
    text = log_file.read_text(encoding="utf-8")
    assert "审核完成 3" in text and "WARNING app.test" in text


def test_missing_stdio_goes_to_log(tmp_path, clean_logging):
    sys.stdout = None
    sys.stderr = None
    log_file = setup_logging(tmp_path)
    assert isinstance(sys.stdout, LogStream) and isinstance(sys.stderr, LogStream)
    print("第一行\n第二", end="")
    print("行")
    sys.stderr.write("警告输出\n")
    for h in logging.getLogger().handlers:
        h.flush()
    text = log_file.read_text(encoding="utf-8")
    assert "INFO stdout: 第一行" in text
    assert "INFO stdout: 第二行" in text
    assert "WARNING stderr: 警告输出" in text


def test_present_stdio_is_left_alone(tmp_path, clean_logging):
    before = sys.stdout
    setup_logging(tmp_path)
    assert sys.stdout is before


def test_crash_hook_writes_file_and_tells_user(tmp_path, clean_logging, capsys):
    shown = []
    hook = CrashHook(tmp_path, show_dialog=lambda p: shown.append(p) or False)
    try:
        raise ValueError("表3 行数异常")
    except ValueError as exc:
        hook(type(exc), exc, exc.__traceback__)
    assert hook.last_crash_file is not None and hook.last_crash_file.parent == tmp_path
    body = hook.last_crash_file.read_text(encoding="utf-8")
    assert "ValueError: 表3 行数异常" in body and "test_crash_hook_writes_file" in body
    assert shown == [hook.last_crash_file]
    # no dialog shown -> the Chinese message goes to stderr, naming the file
    assert str(hook.last_crash_file) in capsys.readouterr().err


def test_two_crashes_in_one_second_get_two_files(tmp_path):
    import datetime as dt

    now = dt.datetime(2024, 5, 1, 9, 30, 0)
    err = RuntimeError("x")
    a = logsetup.write_crash_file(tmp_path, RuntimeError, err, None, now)
    b = logsetup.write_crash_file(tmp_path, RuntimeError, err, None, now)
    assert a != b and a.exists() and b.exists()


def test_windowed_process_crash_end_to_end(tmp_path):
    """A process without stdio (like a windowed exe) that prints and then crashes leaves a log and a crash file."""
    code = (
        "import sys; sys.stdout = None; sys.stderr = None\n"
        "from app.logsetup import setup_logging\n"
        "setup_logging()\n"
        "print('正在审核')\n"
        "raise RuntimeError('模拟崩溃')\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], env=isolated_env(tmp_path), capture_output=True, timeout=60)
    assert proc.returncode == 1
    logs = tmp_path / "govaudit" / "logs"
    crashes = list(logs.glob("crash-*.txt"))
    assert len(crashes) == 1
    assert "RuntimeError: 模拟崩溃" in crashes[0].read_text(encoding="utf-8")
    log_text = (logs / "govaudit.log").read_text(encoding="utf-8")
    assert "正在审核" in log_text and "模拟崩溃" in log_text
    assert "PySide6" not in proc.stderr.decode("utf-8", "replace")


def test_core_logsetup_does_not_import_qt(tmp_path):
    code = (
        "import sys\n"
        "from app.logsetup import setup_logging, show_crash_dialog\n"
        "setup_logging()\n"
        "assert show_crash_dialog(__import__('pathlib').Path('x')) is False\n"
        "print(sorted(m for m in sys.modules if m.startswith('PySide6')))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], env=isolated_env(tmp_path), capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"


def test_crash_dialog_shown_when_qapplication_exists(tmp_path, monkeypatch, request):
    pytest.importorskip("PySide6.QtWidgets")
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    request.getfixturevalue("qapp")
    from PySide6.QtWidgets import QMessageBox

    seen = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: seen.append(
        (box.windowTitle(), box.text(), box.button(QMessageBox.StandardButton.Ok).text())) or 0)
    path = tmp_path / "crash-1.txt"
    assert logsetup.show_crash_dialog(path) is True
    assert len(seen) == 1
    title, text, button = seen[0]
    assert text == crash_message(path) and str(path) in text
    assert "错误" in title and button == "确定"
