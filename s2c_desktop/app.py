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


# Qt >= 6.5's X11 plugin (xcb) needs this system library; without it Qt aborts with a plugin error that does
# not name it. The apt package is named after the library.
XCB_CURSOR_LIBRARY = "libxcb-cursor.so.0"
XCB_CURSOR_PACKAGE = "libxcb-cursor0"


def can_load(library: str) -> bool:
    try:
        ctypes.CDLL(library)
    except OSError:
        return False
    return True


def missing_system_library(
    env: Mapping[str, str], platform: str = sys.platform, loads: Callable[[str], bool] = can_load
) -> str | None:
    """The one line to print when Qt would start on X11 without ``libxcb-cursor0``; None when all is well."""
    qpa = env.get("QT_QPA_PLATFORM", "")
    on_x11 = qpa == "xcb" or (not qpa and bool(env.get("DISPLAY")) and not env.get("WAYLAND_DISPLAY"))
    if not platform.startswith("linux") or not on_x11 or loads(XCB_CURSOR_LIBRARY):
        return None
    return (
        f"error: the system library {XCB_CURSOR_PACKAGE} is missing (Qt needs it on X11); install it, "
        f"e.g. sudo apt install {XCB_CURSOR_PACKAGE}"
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
