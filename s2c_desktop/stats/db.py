"""Opening the crime database: pragmas, schema version and migrations.

One database is active at a time (the models are bound through :data:`models.database_proxy`). peewee
gives each thread its own connection, so the GUI can read while a worker thread imports (WAL mode).
"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

from peewee import DatabaseError, SqliteDatabase

from s2c_desktop import paths
from s2c_desktop.errors import DataError
from s2c_desktop.stats import migrations, models

log = logging.getLogger(__name__)

DEFAULT_DB_NAME = "crime.sqlite3"
PRAGMAS = {
    "foreign_keys": 1,
    "journal_mode": "wal",
    "synchronous": "normal",
    "cache_size": -32_000,  # 32 MB: the 550k-row imports and group-bys stay in memory
    "busy_timeout": 10_000,
    "temp_store": "memory",
}


# Frozen in :mod:`migrations`; named here so that tests can append a step.
MIGRATIONS = migrations.MIGRATIONS
SCHEMA_VERSION = MIGRATIONS[-1][0]


def default_database_path() -> Path:
    return paths.user_data_dir() / DEFAULT_DB_NAME


def _check_is_sqlite(path: Path) -> None:
    if not path.exists() or path.stat().st_size == 0:
        return
    with open(path, "rb") as handle:
        magic = handle.read(16)
    if magic != b"SQLite format 3\x00":
        raise DataError(f"not a crime database (not an SQLite file): {path}")


def schema_version(db: SqliteDatabase) -> int:
    if "schema_info" not in db.get_tables():
        return 0
    row = models.SchemaInfo.get_or_none(models.SchemaInfo.key == "version")
    return int(row.value) if row else 0


def migrate(db: SqliteDatabase) -> int:
    current = schema_version(db)
    if current > SCHEMA_VERSION:
        raise DataError(
            f"the crime database has schema version {current}, newer than this program's {SCHEMA_VERSION}",
            hint="update Sketch2Color or choose another database",
        )
    for version, step in MIGRATIONS:
        if version <= current:
            continue
        log.info("migrating crime database to schema version %d", version)
        with db.atomic():
            step(db)
            models.SchemaInfo.replace(key="version", value=str(version)).execute()
        current = version
    return current


def open_database(path: str | Path | None = None) -> SqliteDatabase:
    """Open (creating if needed) the crime database at ``path`` and bind the models to it."""
    path = Path(path) if path else default_database_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    _check_is_sqlite(path)
    close_database()
    db = SqliteDatabase(str(path), pragmas=PRAGMAS)
    models.database_proxy.initialize(db)
    try:
        db.connect(reuse_if_open=True)
        migrate(db)
    except (DatabaseError, sqlite3.DatabaseError) as exc:
        close_database()
        raise DataError(f"cannot open the crime database {path}: {exc}") from exc
    except BaseException:
        close_database()
        raise
    return db


def current_database() -> SqliteDatabase | None:
    return models.database_proxy.obj


def current_path() -> Path | None:
    db = current_database()
    return Path(db.database) if db is not None and db.database else None


def close_database() -> None:
    db = models.database_proxy.obj
    if db is not None and not db.is_closed():
        db.close()


def is_empty(db: SqliteDatabase | None = None) -> bool:
    """True when nothing has been imported yet (a new or emptied database)."""
    return not models.ImportLog.select().exists()
