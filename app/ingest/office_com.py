"""Converting a .doc/.wps to .docx through an installed WPS Office or Microsoft Word (COM).

On a county office PC WPS Office or Word is usually installed and LibreOffice rarely is.
Both offer the Word object model over COM: ``Word.Application`` (Microsoft Word),
``KWPS.Application`` (WPS Office 2019 and later) and ``WPS.Application`` (older WPS).
``DispatchEx`` starts a private, invisible instance, so a document the auditor has open
in their own Word is not touched; the source is opened read-only from a private copy and
saved as .docx into the temporary folder.

Only Windows with pywin32 can run this; the module imports pywin32 lazily and takes the
dispatch function as a parameter so that the choice of converter and the handling of each
COM outcome are tested with fakes on any system (COM servers of Office cannot run under
Wine, where the Windows lane runs).
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.ingest.convert import ConversionFailed, ConverterAbsent

log = logging.getLogger(__name__)

# Word's WdSaveFormat wdFormatXMLDocument (.docx); WPS Writer accepts the same value.
WD_FORMAT_XML_DOCUMENT = 12
WD_ALERTS_NONE = 0
# HRESULTs that mean "this program is not installed / not registered", not "the file is bad".
NOT_INSTALLED_HRESULTS = frozenset({
    -2147221005,  # CO_E_CLASSSTRING  "Invalid class string" (ProgID unknown)
    -2147221164,  # REGDB_E_CLASSNOTREG "Class not registered"
    -2147024894,  # HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND): registered but the exe is gone
    -2146959355,  # CO_E_SERVER_EXEC_FAILURE: the server could not be started
})
# A password no real document has: a protected file then fails to open instead of showing
# a password prompt in an invisible window, which would hang the batch.
_NO_PASSWORD = "\u0001govaudit-no-password\u0001"


@dataclass(frozen=True)
class ComOffice:
    """One COM converter: ``progid`` is tried with ``dispatch`` (``win32com.client.DispatchEx``)."""

    name: str  # shown to the auditor: "Microsoft Word", "WPS Office"
    progid: str
    dispatch: Callable[[str], Any] | None = None

    def convert(self, src: Path, out_dir: Path) -> Path:
        """Save ``src`` as ``out_dir/<stem>.docx``; ConverterAbsent / ConversionFailed otherwise."""
        dispatch = self.dispatch or _pywin32_dispatch()
        out = out_dir / (src.stem + ".docx")
        with _com_apartment():
            try:
                app = dispatch(self.progid)
            except Exception as exc:  # pywintypes.com_error, or OSError from a broken registration
                log.info("COM %s unavailable: %s", self.progid, exc)
                if _hresult(exc) in NOT_INSTALLED_HRESULTS or _hresult(exc) is None:
                    raise ConverterAbsent(self.name) from exc
                raise ConverterAbsent(self.name, f"无法启动（{_describe(exc)}）") from exc
            doc = None
            try:
                _quietly(setattr, app, "Visible", False)
                _quietly(setattr, app, "DisplayAlerts", WD_ALERTS_NONE)
                doc = app.Documents.Open(str(src), False, True, False, _NO_PASSWORD, _NO_PASSWORD)
                save_as = getattr(doc, "SaveAs2", None) or doc.SaveAs
                save_as(str(out), WD_FORMAT_XML_DOCUMENT)
            except Exception as exc:
                log.info("%s could not convert %s: %s", self.progid, src, exc)
                raise ConversionFailed(self.name, _describe(exc)) from exc
            finally:
                if doc is not None:
                    _quietly(doc.Close, False)
                _quietly(app.Quit)
        if not out.exists() or out.stat().st_size == 0:
            raise ConversionFailed(self.name, "没有生成 .docx 文件")
        return out


def com_offices(suffix: str, dispatch: Callable[[str], Any] | None = None) -> list[ComOffice]:
    """The COM converters in the order to try: for a .wps WPS Office first, else Word first."""
    word = ComOffice("Microsoft Word", "Word.Application", dispatch)
    wps = [ComOffice("WPS Office", "KWPS.Application", dispatch),
           ComOffice("WPS Office", "WPS.Application", dispatch)]
    return wps + [word] if suffix.lower() == ".wps" else [word] + wps


def pywin32_available() -> bool:
    try:
        import win32com.client  # noqa: F401
    except ImportError:
        return False
    return True


def _pywin32_dispatch() -> Callable[[str], Any]:
    try:
        import win32com.client
    except ImportError as exc:
        log.warning("pywin32 cannot be imported: %s", exc)
        raise ConverterAbsent("Microsoft Word / WPS Office", "缺少 pywin32 组件") from exc
    return win32com.client.DispatchEx


class _com_apartment:
    """CoInitialize/CoUninitialize around the conversion (each worker thread needs its own)."""

    def __enter__(self):
        try:
            import pythoncom
        except ImportError:
            self._com = None
            return self
        self._com = pythoncom
        pythoncom.CoInitialize()
        return self

    def __exit__(self, *exc) -> None:
        if self._com is not None:
            self._com.CoUninitialize()


def _hresult(exc: BaseException) -> int | None:
    """The HRESULT of a pywintypes.com_error (its first argument), None for anything else."""
    code = getattr(exc, "hresult", None)
    if code is None and exc.args and isinstance(exc.args[0], int):
        code = exc.args[0]
    return code


def _describe(exc: BaseException) -> str:
    """A short reason from a com_error (its text, then Office's own excepinfo message)."""
    parts = [str(a) for a in exc.args[1:2] if a]
    info = exc.args[2] if len(exc.args) > 2 else None
    if isinstance(info, tuple) and len(info) > 2 and info[2]:
        parts.append(str(info[2]).strip())
    return "；".join(parts) or type(exc).__name__


def _quietly(fn: Callable, *args) -> None:
    try:
        fn(*args)
    except Exception:
        pass
