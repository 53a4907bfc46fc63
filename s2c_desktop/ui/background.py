"""The one background-work abstraction of the app: typed jobs on a one-thread executor, outcomes as Qt
signals.

The standard library runs the work: a ``concurrent.futures.ThreadPoolExecutor(max_workers=1)``. Orange3's
``Orange/widgets/utils/concurrent.py`` is the model for the Qt side: a :class:`FutureWatcher` says on the GUI
thread when a future is done. The GUI thread submits a :class:`Job` with the handlers of its outcome and
returns at once; the job runs in the pool's thread and reports through its :class:`TaskState` (progress,
cancellation). Each tab owns one executor, so a colorize never waits behind a statistics import.

The rules both tabs rely on are thin layers on the GUI thread, over a pool that only ever holds one job:

- One job at a time, the highest :attr:`Job.priority` first, then in submission order (the waiting jobs stay
  here; the pool gets the next one when the previous one is done).
- Jobs in the same :attr:`Job.lane` supersede each other: a newer one replaces one still waiting (it never
  runs), and a job that finishes after a newer one of its lane was submitted is *stale*: its outcome is
  dropped, so the screen only ever shows the outcome of the latest request.
- :meth:`BackgroundExecutor.cancel` marks the running job's state; the job stops at its next
  :meth:`TaskState.check` by raising :class:`~s2c_desktop.errors.CancelledError` (nothing changed).
- An exception that is not an :class:`~s2c_desktop.errors.S2CError` is a bug: it is logged with its traceback
  here, once, and delivered to the job's error handler like any other failure, so the GUI stays alive.
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import wait as wait_for_futures
from dataclasses import dataclass
from typing import Any, ClassVar

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal, Slot

from s2c_desktop.errors import CancelledError, S2CError

log = logging.getLogger(__name__)


class TaskState:
    """What a running job sees of the GUI: report progress, notice cancellation."""

    def __init__(self, report_progress: Callable[[int, int, str], None]) -> None:
        self._report_progress = report_progress
        self.cancel_event = threading.Event()

    def check(self, message: str = "cancelled") -> None:
        """Raise :class:`CancelledError` when the user asked to stop."""
        if self.cancel_event.is_set():
            raise CancelledError(message)

    def set_progress(self, done: int, total: int, text: str = "") -> None:
        """``total`` 0 means "busy, amount unknown"."""
        self._report_progress(done, total, text)


class Job:
    """A unit of background work. Subclasses are dataclasses (``eq=False``: a job is itself, not its inputs)
    holding their inputs, and implement :meth:`run`.

    ``run`` executes in the executor's thread: it must not touch widgets.
    """

    lane: ClassVar[str | None] = None  # jobs in one lane supersede each other (see the module docstring)
    priority: ClassVar[int] = 0
    id: int = 0  # set by the executor on submit, increasing

    def run(self, state: TaskState) -> Any:
        raise NotImplementedError


def _ignore(_message: str) -> None:
    """A cancelled job changed nothing: by default there is nothing to tell."""


@dataclass(eq=False)
class Outcome:
    """Where a job's outcome goes, given with the job when it is submitted (no dispatch on the job's type)."""

    result: Callable[[Any], object]
    error: Callable[[BaseException], object]
    cancelled: Callable[[str], object] = _ignore
    progress: Callable[[int, int, str], object] | None = None


class FutureWatcher(QObject):
    """Orange3's ``FutureWatcher``: Qt signals, delivered on the GUI thread, for one job's future.

    Parentless, and held by the future's own done callback until it has spoken: the pool's thread never emits
    through an object its owner may be deleting at that moment (a tab closed mid-import). Qt drops the queued
    signals of an executor that is gone.
    """

    done = Signal(object)  # this watcher
    progressed = Signal(object, int, int, str)  # this watcher, done, total, text

    def __init__(self, job: Job, outcome: Outcome) -> None:
        super().__init__()
        self.job = job
        self.outcome = outcome
        self.state = TaskState(self._report)
        self.future: Future[tuple[str, Any]] | None = None

    def _report(self, done: int, total: int, text: str) -> None:  # the pool's thread
        self.progressed.emit(self, done, total, text)

    def watch(self, future: Future[tuple[str, Any]]) -> None:
        self.future = future
        future.add_done_callback(lambda _future: self.done.emit(self))


@dataclass
class _PoolThread:
    """The pool's one thread, once it has started (the tests and the tab's shutdown look at it)."""

    name: str
    thread: threading.Thread | None = None

    def started(self) -> None:  # the pool's initializer, in its thread
        self.thread = threading.current_thread()
        self.thread.name = self.name


class BackgroundExecutor(QObject):
    """One worker thread running :class:`Job` objects; each outcome reaches its handlers on the GUI thread."""

    started = Signal(object)  # job
    busyChanged = Signal(bool)  # noqa: N815 - Qt signal naming

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self._pool_thread = _PoolThread(name)
        self._pool = ThreadPoolExecutor(max_workers=1, initializer=self._pool_thread.started)
        self._ids = itertools.count(1)
        self._waiting: list[FutureWatcher] = []
        self._running: FutureWatcher | None = None  # handed to the pool, outcome not delivered yet
        self._shut_down = False
        self._latest_in_lane: dict[str, int] = {}
        # Counters the tests and the benchmarks read.
        self.runs_started = 0
        self.runs_finished = 0
        self.dropped_pending = 0
        self.dropped_results = 0
        pool, running = self._pool, self._running_state
        # Deleting the owner (a tab closed mid-import) cancels the work; the thread then ends by itself.
        self.destroyed.connect(lambda *_: _stop(pool, running()))
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)

    # -- GUI-thread API ------------------------------------------------------------------------------
    def submit(self, job: Job, outcome: Outcome) -> Job:
        if self._shut_down:
            raise RuntimeError(f"{self.name} is shut down")
        job.id = next(self._ids)
        was_busy = self.is_busy
        if job.lane is not None:
            kept = [waiting for waiting in self._waiting if waiting.job.lane != job.lane]
            self.dropped_pending += len(self._waiting) - len(kept)
            self._waiting = kept
            self._latest_in_lane[job.lane] = job.id
        self._waiting.append(FutureWatcher(job, outcome))
        self._start_next()
        if not was_busy:
            self.busyChanged.emit(True)
        return job

    def latest_id(self, lane: str) -> int:
        return self._latest_in_lane.get(lane, 0)

    @property
    def is_busy(self) -> bool:
        return bool(self._waiting) or self._running is not None

    @property
    def running_job(self) -> Job | None:
        return self._running.job if self._running is not None else None

    @property
    def thread(self) -> threading.Thread | None:
        return self._pool_thread.thread

    def cancel(self) -> None:
        """Stop the running job at its next check and drop the waiting ones."""
        self.dropped_pending += len(self._waiting)
        self._waiting.clear()
        if self._running is not None:
            self._running.state.cancel_event.set()
        if not self.is_busy:
            self.busyChanged.emit(False)

    def shutdown(self, timeout_s: float = 30.0) -> None:
        """Cancel everything and wait (up to ``timeout_s``) for the thread to end. Idempotent."""
        self._shut_down = True
        self._waiting.clear()
        running = self._running.future if self._running is not None else None
        _stop(self._pool, self._running_state())
        if running is not None:
            wait_for_futures([running], timeout_s)
        if self.thread is not None:
            self.thread.join(timeout_s)

    # -- the layers over the pool, on the GUI thread --------------------------------------------------
    def _running_state(self) -> TaskState | None:
        return self._running.state if self._running is not None else None

    def _start_next(self) -> None:
        if self._running is not None or not self._waiting or self._shut_down:
            return
        watcher = max(self._waiting, key=lambda waiting: (waiting.job.priority, -waiting.job.id))
        self._waiting.remove(watcher)
        self._running = watcher
        queued = Qt.ConnectionType.QueuedConnection
        watcher.progressed.connect(self._on_progress, queued)
        watcher.done.connect(self._on_done, queued)
        watcher.watch(self._pool.submit(_run, watcher.job, watcher.state))
        self.runs_started += 1
        self.started.emit(watcher.job)

    def _is_stale(self, job: Job) -> bool:
        return job.lane is not None and self._latest_in_lane.get(job.lane) != job.id

    @Slot(object, int, int, str)
    def _on_progress(self, watcher: FutureWatcher, done: int, total: int, text: str) -> None:
        if watcher.outcome.progress is not None and not self._is_stale(watcher.job):
            watcher.outcome.progress(done, total, text)

    @Slot(object)
    def _on_done(self, watcher: FutureWatcher) -> None:
        self.runs_finished += 1
        self._running = None
        self._start_next()  # the thread gets its next job before this outcome is handled
        assert watcher.future is not None
        kind, payload = watcher.future.result() if not watcher.future.cancelled() else ("cancelled", "")
        watcher.deleteLater()
        if self._is_stale(watcher.job):
            self.dropped_results += 1
        elif kind == "succeeded":
            watcher.outcome.result(payload)
        elif kind == "cancelled":
            watcher.outcome.cancelled(str(payload))
        else:
            watcher.outcome.error(payload)
        if not self.is_busy:
            self.busyChanged.emit(False)


def _stop(pool: ThreadPoolExecutor, running: TaskState | None) -> None:
    """The running job stops at its next check; nothing else will run; the thread ends after it."""
    if running is not None:
        running.cancel_event.set()
    pool.shutdown(wait=False, cancel_futures=True)


# -- the pool's thread -----------------------------------------------------------------------------------
def _run(job: Job, state: TaskState) -> tuple[str, Any]:
    try:
        result = job.run(state)
    except CancelledError as exc:
        return "cancelled", str(exc)
    except Exception as exc:  # delivered to the GUI; the thread keeps serving
        if not isinstance(exc, S2CError):
            log.error("%s failed in %s", type(job).__name__, threading.current_thread().name, exc_info=exc)
        return "failed", exc
    return "succeeded", result
