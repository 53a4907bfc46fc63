"""The one background-work abstraction of the app: a one-thread executor running typed jobs.

Modelled on Orange3's ``Orange/widgets/utils/concurrent.py`` (``TaskState`` and ``ConcurrentMixin``): the GUI
thread submits a :class:`Job` and returns at once; the job runs in the executor's single thread and reports
through its :class:`TaskState` (progress, cancellation); its result, error or cancellation comes back as a Qt
signal delivered on the GUI thread. Each tab owns one executor (the drawing tab's colorize runs never wait
behind a statistics import), and every background job of the app is a :class:`Job` subclass.

Rules both tabs rely on:

- One thread, one job at a time, the highest :attr:`Job.priority` first, then in submission order.
- Jobs in the same :attr:`Job.lane` supersede each other: a newer one replaces one still waiting (it never
  runs), and a job that finishes after a newer one of its lane was submitted is *stale*: its result, error or
  cancellation is dropped, so the screen only ever shows the outcome of the latest request.
- :meth:`BackgroundExecutor.cancel` marks the running job's state; the job stops at its next
  :meth:`TaskState.check` by raising :class:`~s2c_desktop.errors.CancelledError` (nothing changed).
- An exception that is not an :class:`~s2c_desktop.errors.S2CError` is a bug: it is logged with its traceback
  here, once, and delivered like any other failure so the GUI stays alive.
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Callable
from typing import Any, ClassVar

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal, Slot

from s2c_desktop.errors import CancelledError, S2CError

log = logging.getLogger(__name__)


class TaskState:
    """What a running job sees of the GUI: report progress, notice cancellation."""

    def __init__(self, report_progress: Callable[[int, int, str], None]) -> None:
        self._report_progress = report_progress
        self.cancel_event = threading.Event()

    def is_cancelled(self) -> bool:
        return self.cancel_event.is_set()

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


class _Emitter(QObject):
    """Carries the worker thread's news to the executor (queued, so it arrives on the GUI thread).

    Parentless and owned by the :class:`_Queue` the thread holds: a thread must never emit through an object
    that its owner may be deleting at that moment (the tab closed mid-import), and this one lives as long as
    the thread needs it. Qt drops queued calls to an executor that is gone.
    """

    started = Signal(object)
    progress = Signal(object, int, int, str)
    ended = Signal(object, str, object)  # job, "succeeded" | "failed" | "cancelled", payload


class _Queue:
    """The state the GUI thread and the worker thread share, behind one condition variable."""

    def __init__(self) -> None:
        self.cond = threading.Condition()
        self.pending: list[Job] = []
        self.states: dict[int, TaskState] = {}
        self.active: Job | None = None  # running in the thread right now
        self.stop = False
        self.undelivered = 0  # jobs taken by the thread whose outcome the GUI has not handled yet
        self.emitter = _Emitter()

    def cancel_all(self) -> None:
        with self.cond:
            self.stop = True
            self.pending.clear()
            for state in self.states.values():
                state.cancel_event.set()
            self.cond.notify_all()


class BackgroundExecutor(QObject):
    """One worker thread running :class:`Job` objects; outcomes arrive as signals on the GUI thread."""

    started = Signal(object)  # job
    progress = Signal(object, int, int, str)  # job, done, total, text
    succeeded = Signal(object, object)  # job, result (never a stale job's)
    failed = Signal(object, object)  # job, exception (never a stale job's)
    cancelled = Signal(object, str)  # job, message (never a stale job's)
    busyChanged = Signal(bool)  # noqa: N815 - Qt signal naming

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self._queue = _Queue()
        self._ids = itertools.count(1)
        self._latest_in_lane: dict[str, int] = {}
        self.thread: threading.Thread | None = None
        self.running_job: Job | None = None  # the job the GUI last saw start (until its outcome arrives)
        # Counters the tests and the benchmarks read.
        self.runs_started = 0
        self.runs_finished = 0
        self.dropped_pending = 0
        self.dropped_results = 0
        queued = Qt.ConnectionType.QueuedConnection
        self._queue.emitter.started.connect(self._on_started, queued)
        self._queue.emitter.progress.connect(self._on_progress, queued)
        self._queue.emitter.ended.connect(self._on_ended, queued)
        queue = self._queue
        # Deleting the owner (a tab closed mid-import) cancels the work; the thread then ends by itself.
        self.destroyed.connect(lambda *_: queue.cancel_all())
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)

    # -- GUI-thread API ------------------------------------------------------------------------------
    def submit(self, job: Job) -> Job:
        job.id = next(self._ids)
        queue = self._queue
        with queue.cond:
            if queue.stop:
                raise RuntimeError(f"{self.name} is shut down")
            was_busy = self._busy_locked()
            if job.lane is not None:
                kept = [waiting for waiting in queue.pending if waiting.lane != job.lane]
                self.dropped_pending += len(queue.pending) - len(kept)
                queue.pending = kept
                self._latest_in_lane[job.lane] = job.id
            queue.pending.append(job)
            queue.cond.notify_all()
        self._ensure_thread()
        if not was_busy:
            self.busyChanged.emit(True)
        return job

    def latest_id(self, lane: str) -> int:
        return self._latest_in_lane.get(lane, 0)

    @property
    def is_busy(self) -> bool:
        with self._queue.cond:
            return self._busy_locked()

    def cancel(self) -> None:
        """Stop the running job at its next check and drop the waiting ones."""
        queue = self._queue
        with queue.cond:
            self.dropped_pending += len(queue.pending)
            queue.pending.clear()
            for state in queue.states.values():
                state.cancel_event.set()
        if not self.is_busy:
            self.busyChanged.emit(False)

    def shutdown(self, timeout_s: float = 30.0) -> None:
        """Cancel everything and wait (up to ``timeout_s``) for the thread to end. Idempotent."""
        self._queue.cancel_all()
        if self.thread is not None:
            self.thread.join(timeout_s)

    # -- worker thread -------------------------------------------------------------------------------
    def _ensure_thread(self) -> None:
        if self.thread is None:
            # The thread holds the queue (not this QObject, which its owner may delete at any time).
            self.thread = threading.Thread(
                target=_serve, args=(self._queue, self.name), name=self.name, daemon=True
            )
            self.thread.start()

    def _busy_locked(self) -> bool:
        queue = self._queue
        return bool(queue.pending) or queue.active is not None or queue.undelivered > 0

    # -- back on the GUI thread ----------------------------------------------------------------------
    @Slot(object)
    def _on_started(self, job: Job) -> None:
        self.running_job = job
        self.runs_started += 1
        self.started.emit(job)

    @Slot(object, int, int, str)
    def _on_progress(self, job: Job, done: int, total: int, text: str) -> None:
        if not self._is_stale(job):
            self.progress.emit(job, done, total, text)

    @Slot(object, str, object)
    def _on_ended(self, job: Job, outcome: str, payload: Any) -> None:
        self.runs_finished += 1
        with self._queue.cond:
            self._queue.undelivered -= 1
            if self.running_job is job:
                self.running_job = None
            busy = self._busy_locked()
        if self._is_stale(job):
            self.dropped_results += 1
        elif outcome == "succeeded":
            self.succeeded.emit(job, payload)
        elif outcome == "cancelled":
            self.cancelled.emit(job, str(payload))
        else:
            self.failed.emit(job, payload)
        if not busy:
            self.busyChanged.emit(False)

    def _is_stale(self, job: Job) -> bool:
        return job.lane is not None and self._latest_in_lane.get(job.lane) != job.id


# -- the worker thread -------------------------------------------------------------------------------------
def _serve(queue: _Queue, name: str) -> None:
    emitter = queue.emitter
    while True:
        with queue.cond:
            queue.cond.wait_for(lambda: queue.stop or bool(queue.pending))
            if queue.stop:
                return
            job = max(queue.pending, key=lambda waiting: (waiting.priority, -waiting.id))
            queue.pending = [waiting for waiting in queue.pending if waiting is not job]
            state = TaskState(
                lambda done, total, text, job=job: emitter.progress.emit(job, done, total, text)
            )
            queue.states[job.id] = state
            # Under the lock, so `is_busy` never sees a gap between waiting and running.
            queue.active = job
            queue.undelivered += 1
        emitter.started.emit(job)
        outcome, payload = _run(job, state, name)
        with queue.cond:
            queue.active = None
            queue.states.pop(job.id, None)
            queue.cond.notify_all()
        emitter.ended.emit(job, outcome, payload)


def _run(job: Job, state: TaskState, name: str) -> tuple[str, Any]:
    try:
        result = job.run(state)
    except CancelledError as exc:
        return "cancelled", str(exc)
    except Exception as exc:  # delivered to the GUI; the thread keeps serving
        if not isinstance(exc, S2CError):
            log.error("%s failed in %s", type(job).__name__, name, exc_info=exc)
        return "failed", exc
    return "succeeded", result
