"""The released schema migrations, run for real: a version-1 file made the way version 1 made it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from peewee import SqliteDatabase

from s2c_desktop.stats import db, importers, migrations, models
from tests.stats.fixtures import datacrim_bytes, sidpol_bytes, version_1_copy

SUMMARY_TABLES = ("resumen_distrito", "resumen_modalidad")


def _rows(path: Path, table: str) -> list[tuple]:
    connection = sqlite3.connect(path)
    try:
        return sorted(connection.execute(f"SELECT * FROM {table}").fetchall())
    finally:
        connection.close()


def _schema(connection: sqlite3.Connection) -> set[str]:
    return {sql for (sql,) in connection.execute("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL")}


def _current_database_with_counts(geo_db: Path, tmp_path: Path) -> Path:
    """Today's import of a DataCrim and a SIDPOL file (yearly and monthly counts)."""
    datacrim = tmp_path / "datacrim.csv"
    datacrim.write_bytes(datacrim_bytes())
    sidpol = tmp_path / "sidpol.csv"
    sidpol.write_bytes(
        sidpol_bytes(
            [
                (2024, 1, "CAJAMARCA", "JAEN", "JAEN", "60801", "HURTO", 4),
                (2024, 2, "CAJAMARCA", "JAEN", "JAEN", "60801", "HURTO", 6),
                (2024, 2, "CAJAMARCA", "CAJAMARCA", "CAJAMARCA", "60101", "ROBO", 2),
            ]
        )
    )
    importers.import_many([(datacrim, importers.KIND_DATACRIM), (sidpol, importers.KIND_SIDPOL)])
    db.current_database().execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close_database()
    return geo_db


def test_version_1_file_migrates_to_version_2_with_the_same_summaries(geo_db, tmp_path):
    current = _current_database_with_counts(geo_db, tmp_path)
    old = tmp_path / "v1.sqlite3"
    version_1_copy(current, old)
    connection = sqlite3.connect(old)
    assert "resumen_par" not in {n for (n,) in connection.execute("SELECT name FROM sqlite_master")}
    assert connection.execute("SELECT COUNT(*) FROM crimenes_datacrim").fetchone()[0] > 0
    connection.close()

    database = db.open_database(old)
    assert db.schema_version(database) == db.SCHEMA_VERSION == 3
    assert "resumen_par" not in database.get_tables()  # created by migration 2, dropped by migration 3
    assert (
        models.ResumenDistrito.select().where(models.ResumenDistrito.fuente == models.SOURCE_SIDPOL).exists()
    )
    db.close_database()
    for table in SUMMARY_TABLES:
        assert _rows(old, table) == _rows(current, table), table
    indexes = {
        name for (name,) in sqlite3.connect(old).execute("SELECT name FROM sqlite_master WHERE type='index'")
    }
    assert not indexes & set(migrations.V1_INDEXES_DROPPED_IN_V2)


def test_the_frozen_migrations_build_what_todays_models_describe(tmp_path):
    migrated = tmp_path / "migrated.sqlite3"
    db.open_database(migrated)
    db.close_database()
    described = SqliteDatabase(str(tmp_path / "models.sqlite3"))
    models.database_proxy.initialize(described)
    described.create_tables(models.ALL_MODELS)
    described.close()
    models.database_proxy.initialize(None)
    with sqlite3.connect(migrated) as a, sqlite3.connect(tmp_path / "models.sqlite3") as b:
        assert _schema(a) == _schema(b)


def test_summaries_from_memory_equal_summaries_rebuilt_from_the_table(geo_db, tmp_path):
    """A first import aggregates in memory (fill_summaries); updates and migrations re-aggregate from the
    table (rebuild_summaries). Both must give the same rows, monthly and yearly sources alike."""
    from s2c_desktop.stats import summaries

    _current_database_with_counts(geo_db, tmp_path)
    db.open_database(geo_db)
    filled = {table: _rows(geo_db, table) for table in SUMMARY_TABLES}
    for source in (models.SOURCE_DATACRIM, models.SOURCE_SIDPOL):
        summaries.rebuild_summaries(source)
    db.current_database().execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    rebuilt = {table: _rows(geo_db, table) for table in SUMMARY_TABLES}
    db.close_database()
    assert filled == rebuilt
    assert all(filled[table] for table in SUMMARY_TABLES)
