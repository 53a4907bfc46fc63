"""``s2c`` entry point: argument structure, logging and the error convention.

Convention (relied on by scripts and tests): on failure the exit status is non-zero and stderr gets one
line starting with ``error:``; a traceback only with ``--debug``. Subcommands write outputs through
:mod:`s2c_desktop.atomic`, so a failure never leaves a partial file.
"""

from __future__ import annotations

import argparse
import io
import logging
import os
import sys
import traceback
from collections.abc import Sequence

from s2c_desktop import __version__
from s2c_desktop.errors import S2CError
from s2c_desktop.printable import printable

log = logging.getLogger("s2c")

EXIT_USAGE = 2
EXIT_INTERRUPTED = 130
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, what a shell reports for a tool stopped by a closed pipe


class _Parser(argparse.ArgumentParser):
    """argparse, but usage errors follow the ``error:`` convention too."""

    def error(self, message: str) -> None:  # type: ignore[override]
        sys.stderr.write(f"error: {printable(message)} (see '{self.prog} --help')\n")
        raise SystemExit(EXIT_USAGE)


def build_parser() -> argparse.ArgumentParser:
    from s2c_desktop.cli import colorize_cmd, stats_cmd, variants_cmd, verify_cmd

    parser = _Parser(
        prog="s2c",
        description="Sketch2Color: turn face sketches into colour photos; explore Peruvian crime statistics.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="say more (device used, timings)")
    parser.add_argument("--debug", action="store_true", help="full tracebacks and debug logging")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    colorize_cmd.register(subparsers)
    stats_cmd.register(subparsers)
    verify_cmd.register(subparsers)
    variants_cmd.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version and usage errors
        return int(exc.code or 0)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE

    from s2c_desktop import paths
    from s2c_desktop.logging_setup import configure_logging

    debug = bool(args.debug)
    try:
        paths.check_user_folders()
    except S2CError as exc:
        sys.stderr.write(f"error: {printable(exc)}\n")
        return EXIT_USAGE
    try:
        log_file = configure_logging(verbose=args.verbose, debug=debug)
    except OSError as exc:
        sys.stderr.write(f"error: cannot open the log file: {printable(exc)}\n")
        return 1
    log.debug("s2c %s: %s", __version__, list(argv) if argv is not None else sys.argv[1:])
    try:
        return int(args.func(args) or 0)
    except S2CError as exc:
        log.info("error: %s", exc)
        if debug:
            traceback.print_exc()
        sys.stderr.write(f"error: {printable(exc)}\n")
        return exc.exit_code
    except KeyboardInterrupt:
        sys.stderr.write("error: interrupted\n")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader stopped reading (`s2c stats import F | head -1`): the work is done and kept; like any
        # tool killed by SIGPIPE, exit 141 without a message (there is no one left to read it).
        _discard_stdout()
        return EXIT_BROKEN_PIPE
    except Exception as exc:
        # The traceback goes to the log file only; the console gets the single error line below.
        log.error("unexpected error", exc_info=True, extra={"file_only": True})
        if debug:
            traceback.print_exc()
        sys.stderr.write(
            f"error: unexpected {type(exc).__name__}: {printable(exc)} (details in {printable(log_file)})\n"
        )
        return 1


def _discard_stdout() -> None:
    """Point stdout at /dev/null so that the interpreter's final flush does not fail on the closed pipe."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, io.UnsupportedOperation):
        pass  # stdout is not a real file (tests capture it): nothing will be flushed to a pipe


def run() -> None:
    sys.exit(main())


if __name__ == "__main__":
    run()
