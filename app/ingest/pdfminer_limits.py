"""Limits on pdfminer's Flate decoding: linear on damaged streams, and no decompression bombs.

When ``zlib.decompress`` rejects a stream (usually a bad checksum at its end),
pdfminer retries it one byte at a time and grows the output with ``bytes +=``: every
byte of input copies all the output so far. A 200 KB stream that inflates to a few
megabytes then costs hours (seen on mutated reports: a batch hung on one file).
``inflate_damaged`` keeps pdfminer's rule — an error before the last four bytes (the
checksum) is an error, later it is data loss — but feeds whole chunks, falls back to
single bytes only inside the chunk that fails, collects the output in a list and stops
at ``MAX_OUTPUT``.

A valid stream can be a bomb too: 12 KB that inflate to 12 MB of path operators (or of
a ToUnicode CMap) kept pdfminer's pure-Python parsers busy for minutes on one page. Real
streams — page content, fonts, even whole embedded CJK fonts — inflate at most a few
dozen times their size, so a stream past both ``BOMB_BYTES`` and ``BOMB_RATIO`` is
decoded as empty, as pdfminer does with a stream it cannot inflate. The table pass then
finds nothing there and the page keeps pdfium's text. ``install`` puts both in place.
"""
from __future__ import annotations

import zlib

CHUNK = 16 * 1024
MAX_OUTPUT = 64 * 1024 * 1024  # no stream of a report comes near this
BOMB_BYTES = 1024 * 1024
BOMB_RATIO = 200


def _limit(packed: int) -> int:
    """Most bytes a stream of ``packed`` bytes may inflate to."""
    return min(MAX_OUTPUT, max(BOMB_BYTES, packed * BOMB_RATIO))


def inflate(data: bytes) -> bytes:
    """``zlib.decompress`` for pdfminer, refusing a bomb (``zlib.error``: pdfminer then retries
    with ``inflate_damaged``, which refuses it too, and the stream is read as empty)."""
    d = zlib.decompressobj()
    out = d.decompress(data, _limit(len(data)) + 1)
    if len(out) > _limit(len(data)):
        raise zlib.error("stream inflates past the bomb limit")
    if not d.eof:  # truncated input: what zlib.decompress would refuse
        raise zlib.error("incomplete or truncated stream")
    return out


class _Zlib:
    """The ``zlib`` pdfminer's stream decoder sees: the module, with a bounded ``decompress``."""

    error = zlib.error

    @staticmethod
    def decompress(data: bytes, *args, **kwargs) -> bytes:
        return inflate(data)

    def __getattr__(self, name: str):
        return getattr(zlib, name)


def inflate_damaged(data: bytes) -> bytes:
    """Inflate as much of ``data`` as zlib accepts; raise ``zlib.error`` for damage before the checksum
    (or for a bomb)."""
    d = zlib.decompressobj()
    out: list[bytes] = []
    size = 0
    limit = _limit(len(data))
    for start in range(0, len(data), CHUNK):
        chunk = data[start:start + CHUNK]
        saved = d.copy()
        try:
            piece = d.decompress(chunk, limit - size + 1)
        except zlib.error:
            d = saved
            for k in range(len(chunk)):
                try:
                    piece = d.decompress(chunk[k:k + 1], limit - size + 1)
                except zlib.error:
                    if start + k < len(data) - 3:
                        raise
                    return b"".join(out)
                out.append(piece)
                size += len(piece)
                if size > limit:
                    raise zlib.error("stream inflates past the bomb limit")
            continue
        out.append(piece)
        size += len(piece)
        if size > limit:
            raise zlib.error("stream inflates past the bomb limit")
        if d.eof:
            break
    return b"".join(out)


def install() -> None:
    """Bound pdfminer's Flate decoding (idempotent; pdfminer looks both names up at call time)."""
    from pdfminer import pdftypes

    if getattr(pdftypes, "decompress_corrupted", None) is not inflate_damaged:
        pdftypes.decompress_corrupted = inflate_damaged
    if not isinstance(pdftypes.zlib, _Zlib):
        pdftypes.zlib = _Zlib()
