"""Issues 12 §4 and 27 §15: on X11 without a library Qt's xcb plugin needs, the app names the missing ones in
one line instead of Qt's multi-line plugin abort (which blames libxcb-cursor0 whatever is missing)."""

from __future__ import annotations

import os
import re
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from s2c_desktop.app import XCB_PLUGIN_LIBRARIES, can_load, main, missing_packages, missing_system_library

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the xcb plugin is Linux's")

# The C/C++ runtime: present wherever Python itself runs.
RUNTIME = {"libc.so.6", "libm.so.6", "libdl.so.2", "libpthread.so.0", "librt.so.1", "libgcc_s.so.1"}
RUNTIME |= {"libstdc++.so.6", "ld-linux-x86-64.so.2", "ld-linux-aarch64.so.1"}


def needed(elf: Path) -> list[str]:
    """The DT_NEEDED names of a 64-bit little-endian ELF file (what ``readelf -d`` lists as NEEDED)."""
    data = elf.read_bytes()
    assert data[:6] == b"\x7fELF\x02\x01", f"{elf} is not a 64-bit little-endian ELF file"
    (shoff,) = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", data, 0x3A)
    sections = [struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize) for i in range(shnum)]
    names = []
    for _name, kind, _flags, _addr, offset, size, link, *_ in sections:
        if kind != 6:  # SHT_DYNAMIC
            continue
        strings_offset = sections[link][4]
        for tag, value in struct.iter_unpack("<qQ", data[offset : offset + size]):
            if tag == 1:  # DT_NEEDED
                end = data.index(b"\0", strings_offset + value)
                names.append(data[strings_offset + value : end].decode())
    return names


def xcb_plugin() -> Path:
    import PySide6

    return Path(PySide6.__file__).parent / "Qt" / "plugins" / "platforms" / "libqxcb.so"


def system_libraries_of_the_plugin() -> set[str]:
    """What the plugin and the Qt libraries it loads (bundled beside it) need from the system."""
    bundled = xcb_plugin().parent.parent.parent / "lib"
    todo, seen, system = [xcb_plugin()], set(), set()
    while todo:
        for name in needed(todo.pop()):
            if name in seen:
                continue
            seen.add(name)
            if (bundled / name).exists():
                todo.append(bundled / name)
            elif name not in RUNTIME:
                system.add(name)
    return system


@linux_only
def test_the_table_names_every_system_library_the_installed_plugin_needs() -> None:
    system = system_libraries_of_the_plugin()
    assert {"libxcb-icccm.so.4", "libxcb-keysyms.so.1", "libxcb-cursor.so.0"} <= system
    assert system - set(XCB_PLUGIN_LIBRARIES) == set()


@linux_only
def test_the_check_agrees_with_the_dynamic_loader_on_this_machine() -> None:
    """Whatever this machine lacks (``ldd`` says 'not found'), the check names exactly those packages."""
    out = subprocess.run(["ldd", str(xcb_plugin())], capture_output=True, text=True, check=True).stdout
    not_found = set(re.findall(r"^\s*(\S+) => not found", out, re.MULTILINE))
    assert set(missing_packages()) == {XCB_PLUGIN_LIBRARIES[name] for name in not_found}


def test_the_check_loads_the_real_library_by_name() -> None:
    assert can_load("libc.so.6")
    assert not can_load("libdoes-not-exist-s2c.so.0")


def test_the_line_names_the_missing_packages_and_only_those() -> None:
    absent = {"libxcb-icccm.so.4", "libxcb-keysyms.so.1"}
    line = missing_system_library({"DISPLAY": ":0"}, "linux", loads=lambda name: name not in absent)
    assert line is not None and line.startswith("error: ") and "\n" not in line
    assert "libxcb-icccm4" in line and "libxcb-keysyms1" in line
    assert "libxcb-cursor0" not in line
    assert line.endswith("sudo apt install libxcb-icccm4 libxcb-keysyms1")


def test_a_package_with_two_missing_libraries_is_named_once() -> None:
    absent = {"libglib-2.0.so.0", "libgthread-2.0.so.0"}
    assert missing_packages(lambda name: name not in absent) == ["libglib2.0-0"]


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
def test_only_an_x11_start_needs_them(env: dict[str, str], platform: str, expected: bool) -> None:
    line = missing_system_library(env, platform, loads=lambda _name: False)
    assert (line is not None) == expected
    if line:
        assert line.startswith("error: ") and "libxcb-cursor0" in line and "\n" not in line
    assert missing_system_library(env, platform, loads=lambda _name: True) is None


MISSING = {"libxcb-missing-s2c.so.0": "libxcb-missing-s2c0"}


@linux_only
def test_the_app_prints_one_line_and_exits_before_qt_starts(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setenv("DISPLAY", ":99")
    monkeypatch.setattr("s2c_desktop.app.XCB_PLUGIN_LIBRARIES", {**XCB_PLUGIN_LIBRARIES, **MISSING})
    assert main([]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "libxcb-missing-s2c0" in err and "sudo apt install" in err


@linux_only
def test_the_real_entry_point_says_it_in_one_line(tmp_path: Path) -> None:
    """``python -m s2c_desktop`` on an X11 display where one of the plugin's libraries cannot be loaded."""
    code = (
        f"import sys, s2c_desktop.app as app; app.XCB_PLUGIN_LIBRARIES.update({MISSING!r}); "
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
    assert proc.stderr.strip().count("\n") == 0 and "libxcb-missing-s2c0" in proc.stderr
