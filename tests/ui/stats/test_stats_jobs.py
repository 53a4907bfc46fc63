"""The statistics tab's work on the shared executor: each job leaves no database connection behind."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QWidget

from s2c_desktop.stats import db, models
from s2c_desktop.ui.background import BackgroundExecutor
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

        with qtbot.waitSignal(executor.failed, timeout=10_000) as blocker:
            executor.submit(DatabaseJob(broken))
        assert isinstance(blocker.args[1], KeyError)
        # ...is closed again: the next job in the same thread starts without one.
        with qtbot.waitSignal(executor.succeeded, timeout=10_000) as blocker:
            executor.submit(DatabaseJob(lambda _job: models.database_proxy.obj.is_closed()))
        assert blocker.args[1] is True
    finally:
        executor.shutdown(10)
        db.close_database()
