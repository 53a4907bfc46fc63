"""One rotating log file in the user log folder, shared by the CLI and the GUI.

When the log file cannot be written (the disk is full, the folder read-only), logging must not drown the
console in logging's own tracebacks (60–90 lines per call): the file handler says so once, in one line, and
from then on writes its records to stderr, unless a console handler already writes there (the CLI keeps its
one-line ``error:`` convention; the GUI, which has no console handler, gets its records on stderr).
"""

from __future__ import annotations

import contextlib
import logging
import logging.handlers
import sys
from pathlib import Path

from s2c_desktop.paths import user_log_dir
from s2c_desktop.printable import printable

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s]: %(message)s"
_configured_file: Path | None = None


class _ConsoleFormatter(logging.Formatter):
    """One line per record: tracebacks belong in the log file (or on stderr with --debug), not the console."""

    def format(self, record: logging.LogRecord) -> str:
        saved = record.exc_info, record.exc_text, record.stack_info
        record.exc_info = record.exc_text = record.stack_info = None
        try:
            return super().format(record)
        finally:
            record.exc_info, record.exc_text, record.stack_info = saved


class _EscapingFormatter(logging.Formatter):
    """A message quoting a crafted file name cannot forge a second log line (the traceback keeps its
    lines)."""

    def formatMessage(self, record: logging.LogRecord) -> str:  # noqa: N802 - logging's name
        record.message = printable(record.message)
        return super().formatMessage(record)


class _FileHandlerWithFallback(logging.handlers.RotatingFileHandler):
    """The log file; on its first write failure, one notice line and then stderr (see the module's doc)."""

    def __init__(self, path: Path, has_console: bool) -> None:
        # delay: an unwritable log folder is found at the first record, and handled like a full disk.
        super().__init__(path, maxBytes=2_000_000, backupCount=5, encoding="utf-8", delay=True)
        self.has_console = has_console
        self.failed = False

    def emit(self, record: logging.LogRecord) -> None:
        if self.failed:
            self._to_stderr(record)
        else:
            super().emit(record)

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 - logging's name
        if self.failed:
            return
        self.failed = True
        error = sys.exc_info()[1]
        reason = getattr(error, "strerror", None) or error or "unknown error"
        with contextlib.suppress(Exception):
            if self.stream is not None:
                self.stream.close()  # may fail again flushing its buffer: the data is lost either way
        self.stream = None  # type: ignore[assignment]
        with contextlib.suppress(Exception):
            sys.stderr.write(
                f"s2c: cannot write the log file {printable(self.baseFilename)} "
                f"({printable(reason)}); logging to stderr\n"
            )
        self._to_stderr(record)

    def _to_stderr(self, record: logging.LogRecord) -> None:
        if self.has_console:
            return
        with contextlib.suppress(Exception):
            sys.stderr.write(self.format(record) + "\n")

    def close(self) -> None:
        with contextlib.suppress(OSError):  # closing flushes: a full disk must not raise here either
            super().close()


def log_file_path() -> Path:
    return user_log_dir() / "s2c.log"


def configure_logging(verbose: bool = False, debug: bool = False, console: bool = True) -> Path:
    """Log everything at INFO (DEBUG with ``debug``) to the file; the console gets warnings, or info
    with ``verbose``. Safe to call again (tests, GUI after CLI parsing)."""
    global _configured_file
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_s2c", False):
            root.removeHandler(handler)
            handler.close()
    path = log_file_path()
    file_handler = _FileHandlerWithFallback(path, has_console=console)
    file_handler.setFormatter(_EscapingFormatter(LOG_FORMAT))
    file_handler.setLevel(logging.DEBUG if debug else logging.INFO)
    file_handler._s2c = True  # type: ignore[attr-defined]
    root.addHandler(file_handler)
    if console:
        stream = logging.StreamHandler()
        stream.setFormatter(
            logging.Formatter("%(levelname)s: %(message)s")
            if debug
            else _ConsoleFormatter("%(levelname)s: %(message)s")
        )
        stream.setLevel(logging.DEBUG if debug else logging.INFO if verbose else logging.WARNING)
        stream.addFilter(lambda record: not getattr(record, "file_only", False))
        stream._s2c = True  # type: ignore[attr-defined]
        root.addHandler(stream)
    root.setLevel(logging.DEBUG if debug else logging.INFO)
    _configured_file = path
    return path
