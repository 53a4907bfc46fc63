"""The statistics tab's background work (imports, the DataCrim update) as jobs on the shared executor."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from s2c_desktop.stats import models
from s2c_desktop.stats.jobs import ImportJob
from s2c_desktop.ui.background import Job, TaskState

DatabaseTask = Callable[[ImportJob], Any]


@dataclass(eq=False)
class DatabaseJob(Job):
    """Long database work given an :class:`ImportJob` (progress and cancel, as the importers expect).

    Cancelling raises :class:`~s2c_desktop.errors.CancelledError` inside the importer, which rolls back.
    """

    task: DatabaseTask
    lane = "database"  # one import at a time; the tab refuses a second one while this runs

    def run(self, state: TaskState) -> Any:
        job = ImportJob(progress=state.set_progress, cancel=state.cancel_event)
        try:
            return self.task(job)
        finally:
            # peewee keeps one connection per thread: close this thread's so the file is not held open.
            database = models.database_proxy.obj
            if database is not None and not database.is_closed():
                database.close()
