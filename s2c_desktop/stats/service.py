"""What the CLI and the statistics tab do with the database: open or build it, update from DataCrim."""

from __future__ import annotations

import time
from pathlib import Path

from s2c_desktop import paths
from s2c_desktop.stats import db, importers
from s2c_desktop.stats.download import DEFAULT_URL, check_timeout, default_deadline, download_datacrim
from s2c_desktop.stats.jobs import ImportJob, ImportReport


def open_or_build(
    database: str | Path | None = None,
    datasets: str | Path | None = None,
    job: ImportJob | None = None,
) -> list[ImportReport]:
    """Open the database; when nothing was imported yet, build it from the datasets folder."""
    db.open_database(database)
    if not db.is_empty():
        return []
    return importers.import_datasets(paths.datasets_dir(datasets), job)


def open_for_reading(
    database: str | Path | None = None, datasets: str | Path | None = None
) -> list[ImportReport]:
    """Like :func:`open_or_build`, but a built database at this schema version is opened read-only: queries
    and charts then work on read-only media and never write to the file."""
    path = db.database_path(database)
    if db.is_current(path):
        db.open_database(path, read_only=True)
        if not db.is_empty():
            return []
    return open_or_build(database, datasets)


def update_datacrim(
    url: str | None = None,
    *,
    timeout: float = 60.0,
    retries: int = 3,
    deadline_s: float | None = None,
    job: ImportJob | None = None,
) -> ImportReport:
    """Download DataCrim (cached raw) and import it in one transaction, both within ``deadline_s`` seconds
    (default :func:`default_deadline`): past it, the download stops or the import rolls back."""
    job = job or ImportJob()
    check_timeout(timeout)
    seconds = deadline_s if deadline_s is not None else default_deadline(timeout, retries)
    job.deadline = time.monotonic() + seconds
    raw = download_datacrim(
        url or DEFAULT_URL,
        timeout=timeout,
        retries=retries,
        deadline_s=max(0.0, job.deadline - time.monotonic()),
        cancel=job.cancel_event,
        progress=job.progress_callback,
    )
    return importers.import_file(raw, importers.KIND_DATACRIM, job=job)
