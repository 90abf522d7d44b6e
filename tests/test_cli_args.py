"""The command line's arguments: file names beginning with "-", and usage errors in Chinese."""
from __future__ import annotations

import json
import shutil

import pytest

from app.cli import main
from formats_helpers import SAMPLES

SAMPLE = SAMPLES / "000_3e90722e65647b3d.txt"


def test_an_existing_file_named_like_an_option_is_a_file(tmp_path, monkeypatch, capsys):
    shutil.copy(SAMPLE, tmp_path / "-2023年报.txt")
    monkeypatch.chdir(tmp_path)
    assert main(["check", "-2023年报.txt", "--format", "json", "--no-text", "--xlsx", "-清单.xlsx"]) in (0, 1)
    out = json.loads(capsys.readouterr().out)
    assert [r["file"] for r in out["reports"]] == ["-2023年报.txt"]  # as given, not "./-2023年报.txt"
    assert (tmp_path / "-清单.xlsx").is_file()


def test_double_dash_still_works(tmp_path, monkeypatch, capsys):
    shutil.copy(SAMPLE, tmp_path / "-a.txt")
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--format", "json", "--no-text", "--", "-a.txt"]) in (0, 1)
    assert [r["file"] for r in json.loads(capsys.readouterr().out)["reports"]] == ["-a.txt"]


@pytest.mark.parametrize("argv,words", [
    (["check", str(SAMPLE), "--format", "json", "--nonsense"], "无法识别的参数：--nonsense"),
    (["check"], "缺少必需的参数"),
    (["check", str(SAMPLE), "--format", "xml"], "参数 --format：无效的取值“xml”"),
    (["check", str(SAMPLE), "--jobs", "many"], "参数 --jobs：“many”不是有效的值"),
    (["check", str(SAMPLE), "--jobs"], "参数 --jobs：需要一个值"),
])
def test_usage_errors_are_in_chinese(capsys, argv, words):
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert words in err, err
    assert "unrecognized" not in err and "required" not in err and "invalid choice" not in err


def test_a_missing_file_named_like_an_option_is_a_missing_file(capsys):
    assert main(["check", "-missing.pdf"]) == 2
    err = capsys.readouterr().err
    assert "文件不存在：-missing.pdf" in err and "usage" not in err


def test_help_is_in_chinese(capsys):
    with pytest.raises(SystemExit):
        main(["check", "-h"])
    out = capsys.readouterr().out
    assert out.startswith("用法：") and "选项" in out and "显示本帮助并退出" in out
    assert "usage" not in out and "options:" not in out


def test_bad_jobs_or_timeout_values(capsys):
    assert main(["check", str(SAMPLE), "--jobs", "0"]) == 2
    assert main(["check", str(SAMPLE), "--timeout", "-1"]) == 2
    assert "--jobs 应为正整数" in capsys.readouterr().err
