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


def _check_is_ours(path: Path) -> None:
    """Refuse, before anything writes to it, a file that is not a crime database of ours.

    Looked at read-only: opening with our pragmas would already switch someone else's SQLite file to WAL
    mode, and migrating would add our tables to it.
    """
    if path.is_dir():
        raise DataError(f"{path} is a folder, not a crime database file")
    if not path.exists() or path.stat().st_size == 0:
        return
    try:
        with open(path, "rb") as handle:
            magic = handle.read(16)
    except OSError as exc:
        raise DataError(f"cannot read the crime database {path}: {exc.strerror or exc}") from exc
    if magic != b"SQLite format 3\x00":
        raise DataError(f"not a crime database (not an SQLite file): {path}")
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            tables = {
                name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            }
            version = None
            if "schema_info" in tables:
                row = connection.execute("SELECT value FROM schema_info WHERE key = 'version'").fetchone()
                version = row[0] if row else None
        finally:
            connection.close()
    except sqlite3.DatabaseError as exc:
        raise DataError(f"cannot read the crime database {path}: {exc}") from exc
    if tables and "schema_info" not in tables:
        raise DataError(
            f"{path} is an SQLite database of another program, not a crime database; left unchanged",
            hint="choose a new file name or an existing crime database",
        )
    if version is not None and not str(version).isdigit():
        raise DataError(
            f"the crime database {path} has schema version {version!r}, not a number: it is damaged "
            "or not ours; left unchanged"
        )


def schema_version(db: SqliteDatabase) -> int:
    if "schema_info" not in db.get_tables():
        return 0
    row = models.SchemaInfo.get_or_none(models.SchemaInfo.key == "version")
    if row is None:
        return 0
    if not str(row.value).isdigit():
        raise DataError(f"the crime database has schema version {row.value!r}, not a number")
    return int(row.value)


def _check_tables(db: SqliteDatabase, path: Path) -> None:
    missing = sorted({model._meta.table_name for model in models.ALL_MODELS} - set(db.get_tables()))
    if missing:
        raise DataError(
            f"the crime database {path} is damaged: table(s) {', '.join(missing)} missing",
            hint="choose another database or build a new one",
        )


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
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DataError(
            f"cannot create the folder for the crime database {path}: {exc.strerror or exc}"
        ) from exc
    _check_is_ours(path)
    close_database()
    db = SqliteDatabase(str(path), pragmas=PRAGMAS)
    models.database_proxy.initialize(db)
    try:
        db.connect(reuse_if_open=True)
        migrate(db)
        _check_tables(db, path)
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
