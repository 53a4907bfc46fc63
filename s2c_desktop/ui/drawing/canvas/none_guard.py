"""Keep Python 3.11 alive under PySide6 6.12's ``None`` reference leak.

PySide6/shiboken6 6.12.0 wheels, on CPython 3.11, return ``None`` from every C++ ``void`` method without
taking a reference (on 3.12+ ``None`` is immortal, so it does not matter there). Each call such as
``widget.update()`` or ``painter.save()`` therefore lowers ``None``'s reference count by one, and after a
few tens of thousands of calls — seconds of drawing — CPython aborts with "Fatal Python error:
none_dealloc: deallocating None". Measured here: ``QPoint().setX(1)`` 100 times lowers it by 100.

The remedy is to make ``None`` effectively immortal, as 3.12 does: add 2**40 to its count once. At a
million leaked references per minute that lasts two years. The probe runs only on CPython < 3.12 and
only patches when the leak is actually observed, so fixed PySide6 versions are left alone.
"""

from __future__ import annotations

import ctypes
import logging
import platform
import sys

_HEADROOM = 1 << 40
_protected = False

log = logging.getLogger(__name__)


def pyside_leaks_none() -> bool:
    """True when calling a C++ void method through PySide6 loses a reference to ``None``."""
    from PySide6.QtCore import QPoint

    point = QPoint()
    before = sys.getrefcount(None)
    for _ in range(64):
        point.setX(1)
    return sys.getrefcount(None) < before - 32


def protect_none_refcount() -> bool:
    """Give ``None`` a huge reference count if PySide6 leaks it; returns True when it patched."""
    global _protected
    if _protected or sys.version_info >= (3, 12) or platform.python_implementation() != "CPython":
        return False
    if not pyside_leaks_none():
        return False
    # ob_refcnt is the first field of every PyObject in release builds of CPython.
    refcount = ctypes.c_ssize_t.from_address(id(None))
    refcount.value += _HEADROOM
    _protected = True
    log.warning("PySide6 leaks references to None on this Python; None's count was raised to compensate")
    return True
