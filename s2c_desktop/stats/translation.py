"""The text of charts and maps in the user's language: the app installs Qt's translator, the CLI keeps
English.

Kept below :mod:`charts` and :mod:`maps` so both can translate without importing each other.
"""

from __future__ import annotations

from collections.abc import Callable

_translator: Callable[[str, str], str] = lambda context, text: text  # noqa: E731


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 (the name lupdate looks for)
    """Marks ``text`` for the Spanish catalogue where it is defined; it is translated where shown."""
    return text


def set_translator(function: Callable[[str, str], str]) -> None:
    global _translator
    _translator = function


def translate(context: str, text: str) -> str:
    return _translator(context, text)
