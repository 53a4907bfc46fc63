"""PySide6 6.12 on Python 3.11 leaks a reference to None per void call; importing the canvas must survive it."""

from __future__ import annotations

import subprocess
import sys

import pytest

from s2c_desktop.ui.drawing.canvas.none_guard import pyside_leaks_none

_VOID_CALLS = """
import sys
{prelude}
from PySide6.QtCore import QPoint
point = QPoint()
for _ in range(200_000):
    point.setX(1)  # a C++ void method
print("survived", sys.getrefcount(None))
"""


def _run(prelude: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", _VOID_CALLS.format(prelude=prelude)], capture_output=True,
                          text=True, timeout=120)


def test_importing_the_canvas_survives_many_void_calls() -> None:
    run = _run("import s2c_desktop.ui.drawing.canvas")
    assert run.returncode == 0, run.stderr
    assert "survived" in run.stdout


def test_without_the_guard_this_pyside6_would_abort() -> None:
    if sys.version_info >= (3, 12) or not pyside_leaks_none():
        pytest.skip("this PySide6/Python pair does not leak None")
    run = _run("")
    assert run.returncode != 0
    assert "deallocating None" in run.stderr
