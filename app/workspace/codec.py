"""A reading (Document + Report) to compact bytes and back, to reuse it by file hash.

Parsing a PDF costs a quarter of a second; decoding its stored reading costs about a
millisecond. The stored form is zlib-compressed JSON built from the model's dataclasses
by their type hints — plain data, so a workspace on a shared drive can never run code
(unlike pickle). Table grids and the PDF text layer are dropped: they only feed the
parser, and the parse is what is stored.
"""
from __future__ import annotations

import dataclasses
import json
import types
import typing
import zlib
from datetime import date
from functools import lru_cache
from typing import Any

from app import model
from app.model import Document, Finding, Report

FORMAT = 1  # bump when the stored shape changes incompatibly


@lru_cache(maxsize=None)
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls, vars(model))


def _encode(obj: Any) -> Any:
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        out = {}
        for f in dataclasses.fields(obj):
            value = getattr(obj, f.name)
            if f.default is not dataclasses.MISSING and value == f.default:
                continue  # defaults are not stored: smaller, and new fields decode to their default
            out[f.name] = _encode(value)
        return out
    if isinstance(obj, date):
        return obj.isoformat()
    if isinstance(obj, dict):
        return {str(k): _encode(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_encode(v) for v in obj]
    if isinstance(obj, float) and obj != obj:  # NaN never comes from a reader, but stays valid JSON
        return None
    return obj


@lru_cache(maxsize=None)
def _decoder(tp: Any):
    """A function that rebuilds a value of type ``tp`` from its JSON form (built once per type)."""
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(args) == 1:
            return _decoder(args[0])
        return _identity  # int | float and the like: JSON already has the right type
    if origin is list:
        (item,) = typing.get_args(tp) or (Any,)
        sub = _decoder(item)
        return lambda data: [sub(v) for v in data] if data is not None else None
    if origin is tuple:
        args = typing.get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            sub = _decoder(args[0])
            return lambda data: tuple(sub(v) for v in data) if data is not None else None
        subs = [_decoder(a) for a in args]
        return lambda data: tuple(f(v) for f, v in zip(subs, data)) if data is not None else None
    if origin is dict:
        sub = _decoder(typing.get_args(tp)[1])
        return lambda data: {k: sub(v) for k, v in data.items()} if data is not None else None
    if tp is date:
        return lambda data: date.fromisoformat(data) if data is not None else None
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        fields = {name: _decoder(hint) for name, hint in _hints(tp).items()}

        def build(data):
            if data is None:
                return None
            return tp(**{name: fields[name](value) for name, value in data.items() if name in fields})
        return build
    return _identity


def _identity(data: Any) -> Any:
    return data


def dumps(document: Document, report: Report) -> bytes:
    """The reading as stored: grids and the PDF text layer left out."""
    lean = dataclasses.replace(document, grids=[], layer_text=None)
    payload = {"format": FORMAT, "document": _encode(lean), "report": _encode(report)}
    return zlib.compress(json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), 6)


def loads(blob: bytes) -> tuple[Document, Report] | None:
    """The reading back, or None when it was stored in another format (read the file again)."""
    try:
        payload = json.loads(zlib.decompress(blob).decode("utf-8"))
        if payload.get("format") != FORMAT:
            return None
        return _decoder(Document)(payload["document"]), _decoder(Report)(payload["report"])
    except (ValueError, TypeError, KeyError, zlib.error):
        return None


def finding_to_json(f: Finding) -> dict:
    return _encode(f)


def finding_from_json(data: dict) -> Finding:
    return _decoder(Finding)(data)
