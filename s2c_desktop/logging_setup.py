"""One rotating log file in the user log folder, shared by the CLI and the GUI."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from s2c_desktop.paths import user_log_dir

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
    file_handler = logging.handlers.RotatingFileHandler(path, maxBytes=2_000_000, backupCount=5, encoding="utf-8")
    file_handler.setFormatter(logging.Formatter(LOG_FORMAT))
    file_handler.setLevel(logging.DEBUG if debug else logging.INFO)
    file_handler._s2c = True  # type: ignore[attr-defined]
    root.addHandler(file_handler)
    if console:
        stream = logging.StreamHandler()
        stream.setFormatter(logging.Formatter("%(levelname)s: %(message)s") if debug
                            else _ConsoleFormatter("%(levelname)s: %(message)s"))
        stream.setLevel(logging.DEBUG if debug else logging.INFO if verbose else logging.WARNING)
        stream.addFilter(lambda record: not getattr(record, "file_only", False))
        stream._s2c = True  # type: ignore[attr-defined]
        root.addHandler(stream)
    root.setLevel(logging.DEBUG if debug else logging.INFO)
    _configured_file = path
    return path
