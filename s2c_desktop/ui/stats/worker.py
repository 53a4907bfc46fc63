"""Long database work (import, DataCrim update) in a QThread, with progress and cancel."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, Signal, Slot

from s2c_desktop.errors import CancelledError, S2CError
from s2c_desktop.stats import models
from s2c_desktop.stats.jobs import ImportJob

log = logging.getLogger(__name__)

Task = Callable[[ImportJob], Any]


class _Runner(QObject):
    progress = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(str)
    cancelled = Signal(str)
    done = Signal()

    def __init__(self, task: Task, cancel: threading.Event) -> None:
        super().__init__()
        self._task = task
        self._cancel = cancel

    @Slot()
    def run(self) -> None:
        job = ImportJob(progress=lambda done, total, text: self.progress.emit(done, total, text), cancel=self._cancel)
        try:
            result = self._task(job)
        except CancelledError as exc:
            self.cancelled.emit(str(exc))
        except S2CError as exc:
            self.failed.emit(str(exc))
        except Exception as exc:  # a bug: keep the GUI alive and say where the details are
            log.exception("statistics task failed")
            self.failed.emit(f"unexpected {type(exc).__name__}: {exc}")
        else:
            self.succeeded.emit(result)
        finally:
            # peewee keeps one connection per thread; this thread is about to end.
            database = models.database_proxy.obj
            if database is not None and not database.is_closed():
                database.close()
            self.done.emit()


# Threads still running, kept here so that closing the tab (deleting the TaskWorker) mid-import never
# destroys a running QThread; the import is cancelled and rolls back, and the thread ends on its own.
_RUNNING: dict[int, tuple[QThread, _Runner, threading.Event]] = {}
_RUNNING_HOOKED: list[bool] = []


def _forget(key: int) -> None:
    _RUNNING.pop(key, None)


def stop_all(wait_ms: int = 30_000) -> None:
    """Cancel every running task and wait for the threads (the application is quitting)."""
    for thread, _, cancel in list(_RUNNING.values()):
        cancel.set()
        thread.wait(wait_ms)


class TaskWorker(QObject):
    """Runs one task at a time in its own thread; signals arrive in the GUI thread."""

    progress = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(str)
    cancelled = Signal(str)
    finished = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread: QThread | None = None
        self._runner: _Runner | None = None
        self._cancel = threading.Event()

    def is_running(self) -> bool:
        return self._thread is not None

    def start(self, task: Task) -> bool:
        if self._thread is not None:
            return False
        self._cancel = threading.Event()
        app = QCoreApplication.instance()
        thread = QThread(app)  # not a child of this worker: see _RUNNING
        runner = _Runner(task, self._cancel)
        runner.moveToThread(thread)
        thread.started.connect(runner.run)
        runner.progress.connect(self.progress)
        runner.succeeded.connect(self.succeeded)
        runner.failed.connect(self.failed)
        runner.cancelled.connect(self.cancelled)
        # Direct: QThread.quit is thread-safe, and a queued call would wait for the GUI thread's event
        # loop, which is blocked while shutdown() waits for this thread.
        runner.done.connect(thread.quit, Qt.ConnectionType.DirectConnection)
        thread.finished.connect(self._on_thread_finished)
        key = id(thread)
        _RUNNING[key] = (thread, runner, self._cancel)
        thread.finished.connect(thread.deleteLater)
        thread.finished.connect(runner.deleteLater)
        thread.finished.connect(lambda: _forget(key))
        self.destroyed.connect(self._cancel.set)
        if app is not None and not _RUNNING_HOOKED:
            app.aboutToQuit.connect(stop_all)
            _RUNNING_HOOKED.append(True)
        self._thread, self._runner = thread, runner
        thread.start()
        return True

    def cancel(self) -> None:
        self._cancel.set()

    def wait(self, ms: int = 30_000) -> bool:
        return self._thread.wait(ms) if self._thread is not None else True

    @Slot()
    def _on_thread_finished(self) -> None:
        self._thread = self._runner = None
        self.finished.emit()
