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
    for table in (
        "departamento",
        "provincia",
        "distrito",
        "crimen_generico",
        "crimen_especifico",
        "modalidad_crimen",
        "crimenes_datacrim",
        "tipo_robo",
        "robos_lima",
        "import_log",
        "rejected_row",
    ):
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


def _foreign_database(path):
    """Someone else's SQLite file: a notes app's table, rollback journal, no schema_info."""
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
    connection.executemany("INSERT INTO notes (text) VALUES (?)", [("buy milk",), ("call Ana",)])
    connection.commit()
    connection.close()
    return path.read_bytes()


def test_an_sqlite_file_of_another_program_is_refused_byte_for_byte_unchanged(tmp_path):
    path = tmp_path / "notes.sqlite3"
    original = _foreign_database(path)
    with pytest.raises(DataError, match="another program, not a crime database; left unchanged"):
        db.open_database(path)
    assert path.read_bytes() == original
    assert not list(tmp_path.glob("notes.sqlite3-*"))  # no -wal/-shm/-journal either
    assert db.current_database() is None or db.current_database().is_closed()


def test_an_empty_sqlite_file_is_used(tmp_path):
    path = tmp_path / "empty.sqlite3"
    sqlite3.connect(path).close()
    database = db.open_database(path)
    assert db.schema_version(database) == db.SCHEMA_VERSION
    db.close_database()


def test_a_folder_given_as_the_database_is_a_clear_error(tmp_path):
    with pytest.raises(DataError, match="is a folder, not a crime database file"):
        db.open_database(tmp_path)


def test_a_schema_version_that_is_not_a_number_is_refused_unchanged(tmp_path):
    path = tmp_path / "odd.sqlite3"
    db.open_database(path)
    models.SchemaInfo.replace(key="version", value="two").execute()
    db.current_database().execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close_database()
    before = path.read_bytes()
    with pytest.raises(DataError, match="schema version 'two', not a number"):
        db.open_database(path)
    assert path.read_bytes() == before


def test_a_dropped_table_is_named_in_the_error(tmp_path):
    path = tmp_path / "damaged.sqlite3"
    db.open_database(path)
    db.current_database().execute_sql("DROP TABLE robos_lima")
    db.close_database()
    with pytest.raises(DataError, match=r"damaged: table\(s\) robos_lima missing"):
        db.open_database(path)
