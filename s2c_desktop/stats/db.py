"""Opening the crime database: pragmas, schema version and migrations.

One database is active at a time (the models are bound through :data:`models.database_proxy`). peewee
gives each thread its own connection, so the GUI can read while a worker thread imports (WAL mode).
"""

from __future__ import annotations

import logging
import os
import sqlite3
from pathlib import Path
from urllib.parse import urlparse
from urllib.request import url2pathname

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
# Reading only: the journal mode and sync level are the writer's business (and cannot be set read-only).
READ_ONLY_PRAGMAS = {k: v for k, v in PRAGMAS.items() if k not in ("journal_mode", "synchronous")}


# Frozen in :mod:`migrations`; named here so that tests can append a step.
MIGRATIONS = migrations.MIGRATIONS
SCHEMA_VERSION = MIGRATIONS[-1][0]


def default_database_path() -> Path:
    return paths.user_data_dir() / DEFAULT_DB_NAME


# SQLite's own bookkeeping, written by ANALYZE (a user may have run it): statistics, never code.
SQLITE_STATISTICS = ("sqlite_stat1", "sqlite_stat2", "sqlite_stat3", "sqlite_stat4")


def read_only_uri(path: Path, *, immutable: bool) -> str:
    """An SQLite URI that cannot write to ``path``. ``immutable`` also skips the locks and the WAL index, so
    not even a ``-shm`` file appears (for files that must stay byte-identical, or a read-only filesystem);
    it is only right when no other connection is writing, i.e. when no ``-wal`` file lies beside it."""
    return f"{path.resolve().as_uri()}?{'immutable=1' if immutable else 'mode=ro'}"


def _has_wal(path: Path) -> bool:
    return Path(f"{path}-wal").exists()


def expected_schema(version: int) -> dict[str, tuple[str, str, str | None]]:
    """name -> (type, table, SQL) of everything the migrations up to ``version`` create, as sqlite_master
    holds it: the reference a database given to us is compared against."""
    reference = SqliteDatabase(":memory:")
    try:
        for number, step in MIGRATIONS:
            if number <= version:
                step(reference)
        return _schema_rows(reference.connection())
    finally:
        reference.close()


def _schema_rows(connection: sqlite3.Connection) -> dict[str, tuple[str, str, str | None]]:
    rows = connection.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
    return {name: (kind, table, " ".join(sql.split()) if sql else None) for kind, name, table, sql in rows}


def _check_is_ours(path: Path) -> int:
    """Refuse, before anything writes to it, a file that is not a crime database of ours.

    Looked at read-only (immutable when no writer is active, so the file stays byte-identical and no
    ``-shm`` appears): opening with our pragmas would already switch someone else's file to WAL mode,
    migrating would add our tables to it, and a trigger or view of theirs would run inside our imports.
    Refused: anything in the schema the migrations did not create, a ``user_version`` (we never set one),
    a schema version that is not a number or newer than ours. Returns the schema version (0: empty).
    """
    if path.is_dir():
        raise DataError(f"{path} is a folder, not a crime database file")
    if not path.exists() or path.stat().st_size == 0:
        return 0
    try:
        with open(path, "rb") as handle:
            magic = handle.read(16)
    except OSError as exc:
        raise DataError(f"cannot read the crime database {path}: {exc.strerror or exc}") from exc
    if magic != b"SQLite format 3\x00":
        raise DataError(f"not a crime database (not an SQLite file): {path}")
    try:
        connection = sqlite3.connect(read_only_uri(path, immutable=not _has_wal(path)), uri=True)
        try:
            schema = _schema_rows(connection)
            user_version = connection.execute("PRAGMA user_version").fetchone()[0]
            version = None
            if schema.get("schema_info", ("",))[0] == "table":
                row = connection.execute("SELECT value FROM schema_info WHERE key = 'version'").fetchone()
                version = row[0] if row else None
        finally:
            connection.close()
    except sqlite3.DatabaseError as exc:
        raise DataError(f"cannot read the crime database {path}: {exc}") from exc
    for name in SQLITE_STATISTICS:
        schema.pop(name, None)
    if not schema:
        return 0  # an empty SQLite file: ours to fill
    unchanged = "left unchanged"
    if "schema_info" not in schema:
        raise DataError(
            f"{path} is an SQLite database of another program, not a crime database; {unchanged}",
            hint="choose a new file name or an existing crime database",
        )
    if user_version:
        raise DataError(
            f"the crime database {path} has user_version {user_version}, which Sketch2Color never sets: "
            f"made by a newer or another program; {unchanged}",
            hint="update Sketch2Color or choose another database",
        )
    number = _checked_version(version, f"the crime database {path}", f"; {unchanged}")
    expected = expected_schema(number)
    for name, (kind, _table, _sql) in sorted(schema.items()):
        if name not in expected:
            raise DataError(
                f"the crime database {path} holds {kind} {name} that Sketch2Color did not create; "
                f"{unchanged}",
                hint="remove it with an SQLite tool, or choose another database",
            )
        if expected[name] != schema[name]:
            raise DataError(
                f"the crime database {path} has {kind} {name} changed from what Sketch2Color created; "
                f"{unchanged}",
                hint="choose another database or build a new one",
            )
    return number


def _checked_version(value: object, database: str, unchanged: str = "") -> int:
    """The schema version a database records, refused unless it is a number no newer than this program's."""
    if value is None or not str(value).isdigit():
        raise DataError(
            f"{database} has schema version {value!r}, not a number: it is damaged or not ours{unchanged}"
        )
    if int(str(value)) > SCHEMA_VERSION:
        raise DataError(
            f"{database} has schema version {value}, newer than this program's {SCHEMA_VERSION}{unchanged}",
            hint="update Sketch2Color or choose another database",
        )
    return int(str(value))


def schema_version(db: SqliteDatabase) -> int:
    if "schema_info" not in db.get_tables():
        return 0
    row = models.SchemaInfo.get_or_none(models.SchemaInfo.key == "version")
    if row is None:
        return 0
    return _checked_version(row.value, "the crime database")


def _check_tables(db: SqliteDatabase, path: Path) -> None:
    missing = sorted({model._meta.table_name for model in models.ALL_MODELS} - set(db.get_tables()))
    if missing:
        raise DataError(
            f"the crime database {path} is damaged: table(s) {', '.join(missing)} missing",
            hint="choose another database or build a new one",
        )


def migrate(db: SqliteDatabase) -> int:
    current = schema_version(db)
    for version, step in MIGRATIONS:
        if version <= current:
            continue
        log.info("migrating crime database to schema version %d", version)
        with db.atomic():
            step(db)
            models.SchemaInfo.replace(key="version", value=str(version)).execute()
        current = version
    return current


def database_path(path: str | Path | None = None) -> Path:
    """``path``, or the default database when none is given."""
    return Path(path) if path else default_database_path()


def is_current(path: Path) -> bool:
    """Whether ``path`` holds a crime database of ours at this program's schema version, so that it can be
    opened read-only (nothing to migrate). Checked read-only; a foreign file raises its refusal."""
    return path.is_file() and _check_is_ours(path) == SCHEMA_VERSION


def needs_upgrade(path: Path) -> bool:
    """Whether ``path`` holds a crime database of ours at an older schema version: opening it migrates, which
    on a full database rewrites its summaries (seconds), so the app does it in a worker. Checked read-only."""
    return path.is_file() and 0 < _check_is_ours(path) < SCHEMA_VERSION


def open_database(path: str | Path | None = None, *, read_only: bool = False) -> SqliteDatabase:
    """Open (creating if needed) the crime database at ``path`` and bind the models to it.

    ``read_only``: for queries and charts; works on read-only media (a CD, a read-only share), where the
    database must already be at this schema version (:func:`is_current`)."""
    path = database_path(path)
    if not read_only:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DataError(
                f"cannot create the folder for the crime database {path}: {exc.strerror or exc}"
            ) from exc
    version = _check_is_ours(path)
    if read_only and version != SCHEMA_VERSION:
        raise DataError(
            f"the crime database {path} has schema version {version}, not {SCHEMA_VERSION}: it cannot be "
            "upgraded while opened read-only",
            hint="open it once where it can be written",
        )
    close_database()
    if read_only:
        # No writer can share a read-only filesystem: there, skip the locks and the WAL index it cannot hold.
        immutable = not _has_wal(path) and not os.access(path.parent, os.W_OK)
        db = SqliteDatabase(read_only_uri(path, immutable=immutable), pragmas=READ_ONLY_PRAGMAS, uri=True)
    else:
        db = SqliteDatabase(str(path), pragmas=PRAGMAS)
    models.database_proxy.initialize(db)
    try:
        db.connect(reuse_if_open=True)
        if not read_only:
            migrate(db)
        _check_tables(db, path)
    except (DatabaseError, sqlite3.DatabaseError) as exc:
        _unbind()
        raise DataError(f"cannot open the crime database {path}: {exc}") from exc
    except BaseException:
        _unbind()
        raise
    return db


def _unbind() -> None:
    """After a failed open: no database is current, rather than a closed one that queries would reopen."""
    close_database()
    models.database_proxy.initialize(None)


def current_database() -> SqliteDatabase | None:
    return models.database_proxy.obj


def current_path() -> Path | None:
    db = current_database()
    if db is None or not db.database:
        return None
    if str(db.database).startswith("file:"):  # opened read-only through a URI
        return Path(url2pathname(urlparse(db.database).path))
    return Path(db.database)


def close_database() -> None:
    db = models.database_proxy.obj
    if db is not None and not db.is_closed():
        db.close()


def is_empty(db: SqliteDatabase | None = None) -> bool:
    """True when nothing has been imported yet (a new or emptied database)."""
    return not models.ImportLog.select().exists()
