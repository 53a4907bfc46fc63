"""``s2c-desktop`` entry point: parse the few start-up options, then hand over to the Qt app."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from s2c_desktop import __version__
from s2c_desktop.settings import LANGUAGES


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="s2c-desktop", description="Sketch2Color Desktop")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--self-test", action="store_true", help="check model, datasets and database headless, then exit")
    parser.add_argument("--lang", choices=LANGUAGES, help="interface language for this run")
    parser.add_argument("--datasets", metavar="DIR", help="datasets folder (default: ../shared/datasets or the bundle's)")
    parser.add_argument("--model", metavar="FILE.onnx", help="generator model to use")
    parser.add_argument("--debug", action="store_true")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.self_test:
        from s2c_desktop.selftest import run_self_test

        return run_self_test(args)
    from s2c_desktop.ui.application import run_gui

    return run_gui(args)


if __name__ == "__main__":
    sys.exit(main())
