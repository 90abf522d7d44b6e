"""What a converter of old Word/WPS files can report, apart from success.

The reader of .doc/.wps (app/ingest/legacy.py) tries the converters it finds in turn and
must tell the auditor the true reason when none worked: nothing to convert with (say what
to install), a converter that is installed but incomplete (say what is missing — never blame
the file), or converters that opened the file and failed (the file may be damaged or
protected).
"""
from __future__ import annotations


class ConverterAbsent(Exception):
    """The converter is not installed or cannot be started; try the next one."""

    def __init__(self, name: str, detail: str = ""):
        super().__init__(f"{name}: {detail}" if detail else name)
        self.name = name
        self.detail = detail


class ConverterIncomplete(Exception):
    """Installed, but a part needed for word-processing files is missing (``missing`` is Chinese)."""

    def __init__(self, name: str, missing: str):
        super().__init__(f"{name}: {missing}")
        self.name = name
        self.missing = missing


class ConversionFailed(Exception):
    """The converter ran on the file and produced no .docx (damaged, protected, unsupported)."""

    def __init__(self, name: str, detail: str = ""):
        super().__init__(f"{name}: {detail}" if detail else name)
        self.name = name
        self.detail = detail


class ConversionTimeout(Exception):
    """The converter did not finish within its time."""

    def __init__(self, name: str, seconds: int):
        super().__init__(f"{name}: {seconds} s")
        self.name = name
        self.seconds = seconds
