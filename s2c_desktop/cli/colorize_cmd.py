"""``s2c colorize`` (implemented with the engine, issue 4)."""

from __future__ import annotations

import argparse

from s2c_desktop.errors import S2CError


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("colorize", help="turn sketches into colour photos")
    parser.add_argument("sketches", nargs="+", metavar="SKETCH")
    parser.add_argument("-o", "--output", required=True, metavar="OUT")
    parser.add_argument("--model", metavar="FILE.onnx")
    parser.add_argument("--device", choices=("auto", "cpu", "cuda"), default="auto")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    raise S2CError("colorize is not available yet")
