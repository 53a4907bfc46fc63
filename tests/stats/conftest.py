"""Crime database fixtures: real SQLite files, built once from the real datasets and copied per test."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from s2c_desktop.stats import db, importers
from tests.stats.fixtures import local_server


@pytest.fixture(scope="session")
def built_db_template(tmp_path_factory: pytest.TempPathFactory, datasets: Path) -> Path:
    path = tmp_path_factory.mktemp("crime") / "template.sqlite3"
    db.open_database(path)
    importers.import_datasets(datasets)
    database = db.current_database()
    database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close_database()
    return path


@pytest.fixture(scope="session")
def geo_db_template(tmp_path_factory: pytest.TempPathFactory, datasets: Path) -> Path:
    path = tmp_path_factory.mktemp("geo") / "geo.sqlite3"
    db.open_database(path)
    importers.import_file(datasets / "geo", importers.KIND_GEOGRAPHY)
    db.current_database().execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close_database()
    return path


def _open_copy(template: Path, target: Path) -> Path:
    shutil.copyfile(template, target)
    db.open_database(target)
    return target


@pytest.fixture
def built_db(built_db_template: Path, tmp_path: Path) -> Iterator[Path]:
    """A database built from the real datasets (geography, robbery types, workbook, SIDPOL)."""
    yield _open_copy(built_db_template, tmp_path / "crime.sqlite3")
    db.close_database()


@pytest.fixture
def geo_db(geo_db_template: Path, tmp_path: Path) -> Iterator[Path]:
    """A database with only the geography loaded."""
    yield _open_copy(geo_db_template, tmp_path / "crime.sqlite3")
    db.close_database()


@pytest.fixture
def empty_db(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "empty.sqlite3"
    db.open_database(path)
    yield path
    db.close_database()


@pytest.fixture
def server() -> Iterator:
    with local_server() as running:
        yield running
