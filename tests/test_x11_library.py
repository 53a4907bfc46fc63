"""Issue 12 §4: on X11 without libxcb-cursor0 the app says so in one line instead of Qt's plugin abort."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from s2c_desktop.app import can_load, main, missing_system_library


def test_the_check_loads_the_real_library_by_name() -> None:
    assert can_load("libc.so.6")
    assert not can_load("libdoes-not-exist-s2c.so.0")


@pytest.mark.parametrize(
    ("env", "platform", "expected"),
    [
        ({"DISPLAY": ":0"}, "linux", True),  # X11 session, Qt picks xcb
        ({"QT_QPA_PLATFORM": "xcb"}, "linux", True),
        ({"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0"}, "linux", False),  # Qt picks Wayland
        ({"QT_QPA_PLATFORM": "offscreen", "DISPLAY": ":0"}, "linux", False),
        ({"DISPLAY": ":0"}, "win32", False),
    ],
)
def test_only_an_x11_start_needs_it(env: dict[str, str], platform: str, expected: bool) -> None:
    line = missing_system_library(env, platform, loads=lambda _name: False)
    assert (line is not None) == expected
    if line:
        assert line.startswith("error: ") and "libxcb-cursor0" in line and "\n" not in line
    assert missing_system_library(env, platform, loads=lambda _name: True) is None


def test_the_app_prints_one_line_and_exits_before_qt_starts(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setenv("DISPLAY", ":99")
    monkeypatch.setattr("s2c_desktop.app.XCB_CURSOR_LIBRARY", "libxcb-cursor-missing-s2c.so.0")
    if sys.platform.startswith("linux"):
        assert main([]) == 1
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "libxcb-cursor0" in err and "sudo apt install" in err


def test_the_real_entry_point_says_it_in_one_line(tmp_path: Path) -> None:
    """``python -m s2c_desktop`` on an X11 display whose libxcb-cursor cannot be loaded."""
    if not sys.platform.startswith("linux"):
        pytest.skip("X11 is Linux here")
    code = (
        "import sys, s2c_desktop.app as app; app.XCB_CURSOR_LIBRARY = 'libxcb-cursor-missing-s2c.so.0'; "
        "sys.exit(app.main([]))"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY")}
    env.update(DISPLAY=":99", S2C_HOME=str(tmp_path))
    proc = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        cwd=Path(__file__).resolve().parent.parent,
    )
    assert proc.returncode == 1
    assert proc.stderr.strip().count("\n") == 0 and "libxcb-cursor0" in proc.stderr
