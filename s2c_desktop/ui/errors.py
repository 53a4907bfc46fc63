"""One place where errors reach the user: a global exception hook plus a helper for expected errors.

- :class:`S2CError` (bad image, broken model, full disk...) is expected: one-line message, no traceback.
- Anything else is a bug: logged with its traceback, and the dialog says where the log is.

Dialogs are opened non-modally (``QMessageBox.open``) so an error never blocks the event loop, a worker,
or an offscreen test. Errors raised in other threads (``threading.excepthook``) are handed to the GUI
thread through a queued signal, because widgets may only be touched from there.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from types import TracebackType
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from s2c_desktop.errors import S2CError

log = logging.getLogger(__name__)


def describe_exception(exc: BaseException) -> str:
    """The text a user sees for ``exc``: its own message for S2CError, a generic line for bugs."""
    if isinstance(exc, S2CError):
        return str(exc)
    if isinstance(exc, MemoryError):
        return QCoreApplication.translate("errors", "Out of memory.")
    if isinstance(exc, OSError) and exc.strerror:
        where = f": {exc.filename}" if exc.filename else ""
        return QCoreApplication.translate("errors", "System error: {0}").format(f"{exc.strerror}{where}")
    return QCoreApplication.translate("errors", "Unexpected error: {0}").format(
        f"{type(exc).__name__}: {exc}"
    )


class ErrorReporter(QObject):
    """Shows error dialogs on the GUI thread and remembers them (the tests and the status bar read them)."""

    errorShown = Signal(str, str)  # title, message
    _fromOtherThread = Signal(str, str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.messages: list[tuple[str, str]] = []
        self.parent_widget: QWidget | None = None
        self._open_boxes: list[QMessageBox] = []
        self._fromOtherThread.connect(self._show, Qt.ConnectionType.QueuedConnection)

    def show_error(self, title: str, message: str) -> None:
        """Thread-safe: may be called from any thread."""
        app = QCoreApplication.instance()
        if app is not None and QThread.currentThread() is not app.thread():
            self._fromOtherThread.emit(title, message)
        else:
            self._show(title, message)

    @Slot(str, str)
    def _show(self, title: str, message: str) -> None:
        self.messages.append((title, message))
        self.errorShown.emit(title, message)
        if not isinstance(QCoreApplication.instance(), QApplication):
            sys.stderr.write(f"error: {message}\n")
            return
        # A bug in a paint handler would raise on every repaint: one open dialog per message is enough.
        if any(box.text() == message for box in self.open_dialogs()):
            return
        parent = self.parent_widget
        if parent is not None and not shiboken6.isValid(parent):
            parent = self.parent_widget = None
        box = QMessageBox(QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok, parent)
        box.setObjectName("errorDialog")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._open_boxes.append(box)
        box.finished.connect(lambda _result, b=box: self._forget(b))
        box.open()

    def _forget(self, box: QMessageBox) -> None:
        if box in self._open_boxes:
            self._open_boxes.remove(box)

    def open_dialogs(self) -> list[QMessageBox]:
        # A box dies with its parent window; forget those.
        self._open_boxes = [box for box in self._open_boxes if shiboken6.isValid(box)]
        return list(self._open_boxes)

    def report_exception(self, exc: BaseException, context: str = "") -> None:
        """Log ``exc`` (with traceback unless it is a user error) and show it."""
        if isinstance(exc, S2CError):
            log.info("error%s: %s", f" ({context})" if context else "", exc)
        else:
            log.error(
                "unexpected error%s",
                f" ({context})" if context else "",
                exc_info=(type(exc), exc, exc.__traceback__),
            )
        message = describe_exception(exc)
        if not isinstance(exc, S2CError):
            from s2c_desktop.logging_setup import log_file_path

            message += "\n\n" + QCoreApplication.translate(
                "errors", "Details were written to the log: {0}"
            ).format(str(log_file_path()))
        self.show_error(QCoreApplication.translate("errors", "Error"), message)


_reporter: ErrorReporter | None = None
_previous_hooks: tuple[Any, Any] | None = None


def reporter() -> ErrorReporter:
    global _reporter
    if _reporter is None:
        _reporter = ErrorReporter()
    return _reporter


_in_hook = threading.local()


def _excepthook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    if issubclass(exc_type, KeyboardInterrupt):
        QCoreApplication.quit()
        return
    # An error raised while showing an error must not loop: log it plainly and stop there.
    if getattr(_in_hook, "active", False):
        log.error("error while reporting an error", exc_info=(exc_type, exc, tb))
        return
    _in_hook.active = True
    try:
        if exc.__traceback__ is None and tb is not None:
            exc = exc.with_traceback(tb)
        reporter().report_exception(exc, "uncaught")
    except Exception:  # the hook itself must never raise: fall back to stderr
        traceback.print_exception(exc_type, exc, tb)
    finally:
        _in_hook.active = False


def _thread_excepthook(args: threading.ExceptHookArgs) -> None:
    if args.exc_value is None:
        return
    _excepthook(args.exc_type, args.exc_value, args.exc_traceback)


def install_exception_hooks() -> ErrorReporter:
    """Install the global hooks (idempotent). Slots that raise in PySide6 end up in ``sys.excepthook``."""
    global _previous_hooks
    if _previous_hooks is None:
        _previous_hooks = (sys.excepthook, threading.excepthook)
    sys.excepthook = _excepthook
    threading.excepthook = _thread_excepthook
    return reporter()


def uninstall_exception_hooks() -> None:
    global _previous_hooks
    if _previous_hooks is not None:
        sys.excepthook, threading.excepthook = _previous_hooks
        _previous_hooks = None
