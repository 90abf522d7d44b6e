"""A linear stand-in for pdfminer's reading of damaged Flate streams.

When ``zlib.decompress`` rejects a stream (usually a bad checksum at its end),
pdfminer retries it one byte at a time and grows the output with ``bytes +=``: every
byte of input copies all the output so far. A 200 KB stream that inflates to a few
megabytes then costs hours (seen on mutated reports: a batch hung on one file).
``inflate_damaged`` keeps pdfminer's rule — an error before the last four bytes (the
checksum) is an error, later it is data loss — but feeds whole chunks, falls back to
single bytes only inside the chunk that fails, collects the output in a list and stops
at ``MAX_OUTPUT``. ``install`` puts it in place of pdfminer's function.
"""
from __future__ import annotations

import zlib

CHUNK = 16 * 1024
MAX_OUTPUT = 64 * 1024 * 1024  # no page content stream of a report comes near this


def inflate_damaged(data: bytes) -> bytes:
    """Inflate as much of ``data`` as zlib accepts; raise ``zlib.error`` for damage before the checksum."""
    d = zlib.decompressobj()
    out: list[bytes] = []
    size = 0
    for start in range(0, len(data), CHUNK):
        chunk = data[start:start + CHUNK]
        saved = d.copy()
        try:
            piece = d.decompress(chunk, MAX_OUTPUT - size + 1)
        except zlib.error:
            d = saved
            for k in range(len(chunk)):
                try:
                    piece = d.decompress(chunk[k:k + 1], MAX_OUTPUT - size + 1)
                except zlib.error:
                    if start + k < len(data) - 3:
                        raise
                    return b"".join(out)
                out.append(piece)
                size += len(piece)
                if size > MAX_OUTPUT:
                    return b"".join(out)[:MAX_OUTPUT]
            continue
        out.append(piece)
        size += len(piece)
        if size > MAX_OUTPUT or d.unconsumed_tail:
            return b"".join(out)[:MAX_OUTPUT]
        if d.eof:
            break
    return b"".join(out)


def install() -> None:
    """Replace pdfminer's byte-at-a-time retry (idempotent; pdfminer looks it up at call time)."""
    from pdfminer import pdftypes

    if getattr(pdftypes, "decompress_corrupted", None) is not inflate_damaged:
        pdftypes.decompress_corrupted = inflate_damaged
