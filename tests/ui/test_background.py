"""The one background executor: typed jobs in one thread, progress, cancel, stale results dropped, bugs
contained."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from typing import Any

import pytest
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from s2c_desktop.errors import InputError
from s2c_desktop.ui.background import BackgroundExecutor, Job, Outcome, TaskState


class Outcomes(QObject):
    """Each job's handlers, turned into signals the tests can wait on."""

    succeeded = Signal(object, object)  # job, result
    failed = Signal(object, object)  # job, exception
    cancelled = Signal(object, str)  # job, message
    progress = Signal(object, int, int, str)  # job, done, total, text

    def __init__(self, executor: BackgroundExecutor) -> None:
        super().__init__()
        self.executor = executor

    def submit(self, job: Job) -> Job:
        return self.executor.submit(
            job,
            Outcome(
                lambda result: self.succeeded.emit(job, result),
                lambda exc: self.failed.emit(job, exc),
                lambda message: self.cancelled.emit(job, message),
                lambda done, total, text: self.progress.emit(job, done, total, text),
            ),
        )


@dataclass(eq=False)
class Echo(Job):
    value: Any
    gate: threading.Event | None = None
    ran_in: list[str] = field(default_factory=list)
    lane = "echo"

    def run(self, state: TaskState) -> Any:
        self.ran_in.append(threading.current_thread().name)
        if self.gate is not None:
            assert self.gate.wait(10)
        return self.value


@dataclass(eq=False)
class Urgent(Echo):
    lane = None
    priority = 5


@dataclass(eq=False)
class Counting(Job):
    """Counts to ``steps`` reporting progress, checking for cancellation at each step."""

    steps: int
    gate: threading.Event = field(default_factory=threading.Event)

    def run(self, state: TaskState) -> int:
        for step in range(self.steps):
            state.set_progress(step, self.steps, f"step {step}")
            if step == 1:
                assert self.gate.wait(10)
            state.check("stopped on request")
        return self.steps


@dataclass(eq=False)
class Broken(Job):
    error: Exception

    def run(self, state: TaskState) -> Any:
        raise self.error


@pytest.fixture
def executor(qtbot: Any) -> Any:
    owner = QWidget()
    qtbot.addWidget(owner)
    made = BackgroundExecutor("test-worker", owner)
    yield made
    made.shutdown(10)


@pytest.fixture
def outcomes(executor: Any) -> Outcomes:
    return Outcomes(executor)


def test_jobs_run_in_the_executor_thread_and_results_arrive_on_the_gui_thread(
    executor: Any, outcomes: Outcomes, qtbot: Any
) -> None:
    job = Echo(41)
    with qtbot.waitSignal(outcomes.succeeded, timeout=5000) as blocker:
        outcomes.submit(job)
    assert blocker.args == [job, 41]
    assert job.ran_in == ["test-worker"]
    assert threading.current_thread() is threading.main_thread()
    qtbot.waitUntil(lambda: not executor.is_busy, timeout=5000)


def test_a_newer_job_in_a_lane_replaces_the_waiting_one_and_makes_the_running_one_stale(
    executor: Any, outcomes: Outcomes, qtbot: Any
) -> None:
    gate = threading.Event()
    started: list[Job] = []
    executor.started.connect(started.append)
    delivered: list[Any] = []
    outcomes.succeeded.connect(lambda job, value: delivered.append(value))
    first = outcomes.submit(Echo("first", gate))
    qtbot.waitUntil(lambda: started == [first], timeout=5000)
    middle = outcomes.submit(Echo("middle"))
    last = outcomes.submit(Echo("last"))
    gate.set()
    qtbot.waitUntil(lambda: not executor.is_busy, timeout=5000)
    assert delivered == ["last"]  # the first finished stale, the middle never ran
    assert middle.ran_in == [] and last.ran_in == ["test-worker"]
    assert executor.dropped_pending == 1 and executor.dropped_results == 1


def test_higher_priority_jobs_run_first_and_jobs_without_a_lane_are_never_dropped(
    executor: Any, outcomes: Outcomes, qtbot: Any
) -> None:
    gate = threading.Event()
    order: list[Any] = []
    outcomes.succeeded.connect(lambda job, value: order.append(value))
    outcomes.submit(Urgent("blocker", gate))
    qtbot.waitUntil(lambda: executor.running_job is not None, timeout=5000)
    outcomes.submit(Echo("normal"))
    outcomes.submit(Urgent("urgent-1"))
    outcomes.submit(Urgent("urgent-2"))
    gate.set()
    qtbot.waitUntil(lambda: not executor.is_busy, timeout=5000)
    assert order == ["blocker", "urgent-1", "urgent-2", "normal"]


def test_progress_is_reported_and_cancel_stops_the_job_at_its_next_check(
    executor: Any, outcomes: Outcomes, qtbot: Any
) -> None:
    job = Counting(steps=100)
    progress: list[tuple[int, int, str]] = []
    outcomes.progress.connect(lambda _job, done, total, text: progress.append((done, total, text)))
    outcomes.submit(job)
    qtbot.waitUntil(lambda: len(progress) == 2, timeout=5000)
    executor.cancel()
    with qtbot.waitSignal(outcomes.cancelled, timeout=5000) as blocker:
        job.gate.set()
    assert blocker.args == [job, "stopped on request"]
    assert progress == [(0, 100, "step 0"), (1, 100, "step 1")]
    qtbot.waitUntil(lambda: not executor.is_busy, timeout=5000)


def test_a_user_error_is_delivered_without_a_traceback(
    executor: Any, outcomes: Outcomes, qtbot: Any, caplog: pytest.LogCaptureFixture
) -> None:
    with qtbot.waitSignal(outcomes.failed, timeout=5000) as blocker:
        outcomes.submit(Broken(InputError("bad file")))
    assert str(blocker.args[1]) == "bad file"
    assert not [record for record in caplog.records if record.exc_info]


def test_an_unexpected_exception_is_logged_once_delivered_and_the_thread_keeps_serving(
    executor: Any, outcomes: Outcomes, qtbot: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.ERROR, logger="s2c_desktop.ui.background")
    with qtbot.waitSignal(outcomes.failed, timeout=5000) as blocker:
        outcomes.submit(Broken(ZeroDivisionError("a bug")))
    assert isinstance(blocker.args[1], ZeroDivisionError)
    logged = [record for record in caplog.records if record.exc_info]
    assert len(logged) == 1 and "Broken" in logged[0].getMessage()
    with qtbot.waitSignal(outcomes.succeeded, timeout=5000) as blocker:
        outcomes.submit(Echo("still alive"))
    assert blocker.args[1] == "still alive"


def test_deleting_the_owner_cancels_the_running_job_and_the_thread_ends(qtbot: Any) -> None:
    owner = QWidget()
    executor = BackgroundExecutor("orphan-worker", owner)
    outcomes = Outcomes(executor)
    job = Counting(steps=1000)
    progress: list[int] = []
    outcomes.progress.connect(lambda _job, done, _total, _text: progress.append(done))
    outcomes.submit(job)
    qtbot.waitUntil(lambda: len(progress) == 2, timeout=5000)
    thread = executor.thread
    assert thread is not None
    owner.deleteLater()
    qtbot.waitUntil(lambda: job.gate.set() or not thread.is_alive(), timeout=10000)


def test_a_shut_down_executor_refuses_new_work(executor: Any, outcomes: Outcomes) -> None:
    executor.shutdown(5)
    with pytest.raises(RuntimeError, match="shut down"):
        outcomes.submit(Echo(1))
