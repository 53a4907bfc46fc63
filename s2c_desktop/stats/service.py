"""What the CLI and the statistics tab do with the database: open or build it, update from DataCrim."""

from __future__ import annotations

from pathlib import Path

from s2c_desktop import paths
from s2c_desktop.stats import db, importers
from s2c_desktop.stats.download import DEFAULT_URL, download_datacrim
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
    """Download DataCrim (cached raw) and import it in one transaction."""
    job = job or ImportJob()
    raw = download_datacrim(
        url or DEFAULT_URL,
        timeout=timeout,
        retries=retries,
        deadline_s=deadline_s,
        cancel=job.cancel_event,
        progress=job.progress_callback,
    )
    return importers.import_file(raw, importers.KIND_DATACRIM, job=job)
