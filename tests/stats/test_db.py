from __future__ import annotations

import sqlite3

import pytest

from s2c_desktop.errors import DataError
from s2c_desktop.stats import db, models


def test_new_database_has_schema_version_pragmas_and_the_studys_tables(empty_db):
    database = db.current_database()
    assert db.schema_version(database) == db.SCHEMA_VERSION
    assert database.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
    assert database.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    tables = set(database.get_tables())
    for table in ("departamento", "provincia", "distrito", "crimen_generico", "crimen_especifico",
                  "modalidad_crimen", "crimenes_datacrim", "tipo_robo", "robos_lima", "import_log",
                  "rejected_row"):  # fmt: skip
        assert table in tables
    assert db.is_empty()


def test_default_database_lives_in_the_user_data_folder(s2c_home):
    assert db.default_database_path() == s2c_home / "data" / "crime.sqlite3"


def test_foreign_keys_are_enforced(empty_db):
    with pytest.raises(Exception, match="FOREIGN KEY"):
        models.Distrito.create(ubigeo="999999", nombre="X", nombre_norm="X", provincia="999900")


def test_a_newer_schema_is_refused_and_left_alone(tmp_path):
    path = tmp_path / "newer.sqlite3"
    db.open_database(path)
    models.SchemaInfo.replace(key="version", value=str(db.SCHEMA_VERSION + 5)).execute()
    db.close_database()
    with pytest.raises(DataError, match="newer"):
        db.open_database(path)
    connection = sqlite3.connect(path)
    assert connection.execute("SELECT value FROM schema_info").fetchone()[0] == str(db.SCHEMA_VERSION + 5)
    connection.close()


def test_migrations_run_in_order_from_an_older_version(tmp_path, monkeypatch):
    path = tmp_path / "old.sqlite3"
    db.open_database(path)
    db.close_database()

    def add_column(database):
        database.execute_sql("ALTER TABLE import_log ADD COLUMN note TEXT")

    monkeypatch.setattr(db, "MIGRATIONS", [*db.MIGRATIONS, (db.SCHEMA_VERSION + 1, add_column)])
    monkeypatch.setattr(db, "SCHEMA_VERSION", db.SCHEMA_VERSION + 1)
    database = db.open_database(path)
    assert db.schema_version(database) == db.SCHEMA_VERSION
    assert "note" in [c.name for c in database.get_columns("import_log")]
    db.close_database()


def test_a_file_that_is_not_sqlite_is_refused_untouched(tmp_path):
    path = tmp_path / "notes.sqlite3"
    path.write_bytes(b"these are my notes, not a database")
    with pytest.raises(DataError, match="not an SQLite file"):
        db.open_database(path)
    assert path.read_bytes() == b"these are my notes, not a database"
