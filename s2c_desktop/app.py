"""``s2c-desktop`` entry point: parse the few start-up options, then hand over to the Qt app."""

from __future__ import annotations

import argparse
import ctypes
import os
import sys
from collections.abc import Callable, Mapping, Sequence

from s2c_desktop import __version__
from s2c_desktop.settings import LANGUAGES


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="s2c-desktop", description="Sketch2Color Desktop")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--self-test", action="store_true", help="check model, datasets and database headless, then exit"
    )
    parser.add_argument("--lang", choices=LANGUAGES, help="interface language for this run")
    parser.add_argument(
        "--datasets", metavar="DIR", help="datasets folder (default: ../shared/datasets or the bundle's)"
    )
    parser.add_argument("--model", metavar="FILE.onnx", help="generator model to use")
    parser.add_argument("--debug", action="store_true")
    return parser


# Every system library Qt's X11 platform plugin (xcb) and the Qt libraries it loads ask for by name, with the
# Debian/Ubuntu package that ships it. PySide6 bundles Qt itself and ICU; the C/C++ runtime is on every
# system.
# Without any one of these Qt aborts with a multi-line plugin error that names none of them (or the wrong one:
# since 6.5 it always blames libxcb-cursor0). tests/test_x11_library.py checks this table against the
# installed plugin's ELF headers, so a PySide6 update that needs one more library fails there.
XCB_PLUGIN_LIBRARIES: dict[str, str] = {
    "libxcb.so.1": "libxcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libX11.so.6": "libx11-6",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libGL.so.1": "libgl1",
    "libEGL.so.1": "libegl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libdbus-1.so.3": "libdbus-1-3",
    "libz.so.1": "zlib1g",
    "libzstd.so.1": "libzstd1",
}


def can_load(library: str) -> bool:
    try:
        ctypes.CDLL(library)
    except OSError:
        return False
    return True


def on_x11(env: Mapping[str, str], platform: str = sys.platform) -> bool:
    """Whether Qt will pick its xcb plugin: asked for by name, or an X11 session that is not Wayland."""
    qpa = env.get("QT_QPA_PLATFORM", "")
    x11_session = not qpa and bool(env.get("DISPLAY")) and not env.get("WAYLAND_DISPLAY")
    return platform.startswith("linux") and (qpa == "xcb" or x11_session)


def missing_packages(loads: Callable[[str], bool] = can_load) -> list[str]:
    """The packages, each once and in the table's order, whose library the xcb plugin needs and cannot
    load."""
    missing = [package for library, package in XCB_PLUGIN_LIBRARIES.items() if not loads(library)]
    return list(dict.fromkeys(missing))


def missing_system_library(
    env: Mapping[str, str], platform: str = sys.platform, loads: Callable[[str], bool] = can_load
) -> str | None:
    """The one line to print when Qt would start on X11 without a library it needs; None when all is well."""
    if not on_x11(env, platform):
        return None
    packages = missing_packages(loads)
    if not packages:
        return None
    return (
        f"error: Qt needs these system libraries on X11 and they are missing: {', '.join(packages)}; "
        f"install them, e.g. sudo apt install {' '.join(packages)}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.self_test:
        from s2c_desktop.selftest import run_self_test

        return run_self_test(args)
    problem = missing_system_library(os.environ)
    if problem:
        sys.stderr.write(problem + "\n")
        return 1
    from s2c_desktop.ui.application import run_gui

    return run_gui(args)


if __name__ == "__main__":
    sys.exit(main())
