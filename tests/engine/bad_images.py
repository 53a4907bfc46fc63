"""Hand-made hostile image files for tests (importable as ``tests.engine.bad_images``)."""

from __future__ import annotations

import struct
import zlib


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return (
        struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    )


def png_header_only(width: int, height: int, bit_depth: int = 8, colour_type: int = 0) -> bytes:
    """A valid-looking PNG whose header claims ``width``×``height`` but holds almost no data: an image bomb's
    shape (a real one compresses a huge blank image into a few kilobytes)."""
    ihdr = struct.pack(">IIBBBBB", width, height, bit_depth, colour_type, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", ihdr)
        + png_chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + png_chunk(b"IEND", b"")
    )
