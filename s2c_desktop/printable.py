"""Text from outside (file names, messages quoting them) made safe to print on one line.

A file name may hold a newline, an escape sequence or a bidi override; printed as is, it splits an ``error:``
line in two (a crafted name forges a second message) or repaints the terminal. :func:`printable` escapes every
control character the way Python writes it in a string literal (``\\n``, ``\\x1b``, ``\\u202e``).
"""

from __future__ import annotations

import os
import unicodedata

# Unicode categories that are invisible or move the cursor: controls, format characters (bidi overrides,
# zero-width), line and paragraph separators, and lone surrogates (undecodable bytes in a POSIX file name).
_UNSAFE_CATEGORIES = {"Cc", "Cf", "Zl", "Zp", "Cs"}


def printable(text: object) -> str:
    """``text`` (a str, a path or anything with ``str()``) with every control character escaped."""
    value = os.fspath(text) if isinstance(text, os.PathLike) else str(text)
    if isinstance(value, bytes):
        value = os.fsdecode(value)
    if value.isprintable():
        return value
    return "".join(
        _escape(char) if unicodedata.category(char) in _UNSAFE_CATEGORIES else char for char in value
    )


def _escape(char: str) -> str:
    code = ord(char)
    named = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
    if char in named:
        return named[char]
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"
