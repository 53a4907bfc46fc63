"""The statistics tab's work on the shared executor: each job leaves no database connection behind."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QWidget

from s2c_desktop.stats import db, models
from s2c_desktop.ui.background import BackgroundExecutor, Outcome
from s2c_desktop.ui.stats.jobs import DatabaseJob


def test_each_database_job_closes_its_thread_connection_even_when_it_fails(
    qtbot: Any, tmp_path: Path
) -> None:
    owner = QWidget()
    qtbot.addWidget(owner)
    executor = BackgroundExecutor("stats-worker", owner)
    db.open_database(tmp_path / "crime.sqlite3")
    try:

        def broken(_job: Any) -> None:
            models.database_proxy.obj.connect(reuse_if_open=True)  # a connection in the worker thread...
            raise KeyError("a bug")

        outcomes: list[Any] = []
        executor.submit(DatabaseJob(broken), Outcome(outcomes.append, outcomes.append))
        qtbot.waitUntil(lambda: len(outcomes) == 1, timeout=10_000)
        assert isinstance(outcomes[0], KeyError)
        # ...is closed again: the next job in the same thread starts without one.
        job = DatabaseJob(lambda _job: models.database_proxy.obj.is_closed())
        executor.submit(job, Outcome(outcomes.append, outcomes.append))
        qtbot.waitUntil(lambda: len(outcomes) == 2, timeout=10_000)
        assert outcomes[1] is True
    finally:
        executor.shutdown(10)
        db.close_database()
