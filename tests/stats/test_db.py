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


def _fingerprint(path):
    """The file's sha256 and its folder's listing: a refusal must leave both exactly as they were."""
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest(), sorted(p.name for p in path.parent.iterdir())


def _crime_database_with(path, *statements, user_version=0):
    """One of our databases (checkpointed, closed), then ``statements`` run on it by another program."""
    db.open_database(path)
    db.current_database().execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close_database()
    connection = sqlite3.connect(path)
    connection.execute(
        "PRAGMA journal_mode = DELETE"
    )  # as another program keeps it: a switch shows in the hash
    for statement in statements:
        connection.execute(statement)
    if user_version:
        connection.execute(f"PRAGMA user_version = {user_version}")
    connection.commit()
    connection.close()
    return path


@pytest.mark.parametrize(
    ("statement", "named"),
    [
        ("CREATE TRIGGER wipe AFTER INSERT ON import_log BEGIN DELETE FROM robos_lima; END", "trigger wipe"),
        ("CREATE VIEW v AS SELECT * FROM distrito", "view v"),
        ("CREATE TABLE mine (x)", "table mine"),
        ("CREATE INDEX spy ON distrito (nombre)", "index spy"),
        ('DROP INDEX "roboslima_fecha"', None),  # missing index: ours still, harmless
    ],
)
def test_a_database_holding_anything_we_did_not_create_is_refused_byte_identical(tmp_path, statement, named):
    path = _crime_database_with(tmp_path / "crime.sqlite3", statement)
    before = _fingerprint(path)
    if named is None:
        db.open_database(path)
        db.close_database()
        return
    with pytest.raises(DataError, match=f"{named}.*did not create; left unchanged"):
        db.open_database(path)
    assert _fingerprint(path) == before


def test_a_trigger_on_the_counts_never_runs(tmp_path, datasets):
    """A trigger multiplying DataCrim counts by 1000 was run by an import (exit 0): now refused first."""
    path = _crime_database_with(
        tmp_path / "crime.sqlite3",
        "CREATE TRIGGER x1000 AFTER INSERT ON crimenes_datacrim "
        "BEGIN UPDATE crimenes_datacrim SET cantidad = cantidad * 1000 WHERE id = new.id; END",
    )
    with pytest.raises(DataError, match="trigger x1000"):
        db.open_database(path)


def test_a_newer_user_version_is_refused_byte_identical(tmp_path):
    path = _crime_database_with(tmp_path / "crime.sqlite3", user_version=7)
    before = _fingerprint(path)
    with pytest.raises(DataError, match="user_version 7"):
        db.open_database(path)
    assert _fingerprint(path) == before


def test_a_database_of_views_only_is_refused_byte_identical_without_side_files(tmp_path):
    path = tmp_path / "views.sqlite3"
    connection = sqlite3.connect(path)
    connection.execute("CREATE VIEW answer AS SELECT 42")
    connection.commit()
    connection.close()
    before = _fingerprint(path)
    with pytest.raises(DataError, match="left unchanged"):
        db.open_database(path)
    assert _fingerprint(path) == before


def test_a_newer_schema_is_refused_without_side_files(tmp_path):
    path = _crime_database_with(
        tmp_path / "newer.sqlite3",
        f"UPDATE schema_info SET value = '{db.SCHEMA_VERSION + 1}' WHERE key = 'version'",
    )
    before = _fingerprint(path)
    with pytest.raises(DataError, match="newer"):
        db.open_database(path)
    assert _fingerprint(path) == before
