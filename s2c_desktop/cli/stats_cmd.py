"""``s2c stats`` (implemented with the statistics, issue 6)."""

from __future__ import annotations

import argparse

from s2c_desktop.errors import S2CError


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("stats", help="Peruvian crime statistics")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    raise S2CError("stats is not available yet")
