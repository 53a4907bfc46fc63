"""Imports with a ceiling (issue 29 §3): the update's deadline covers download and import, count files are
checked in chunks, rejected rows are stored up to a cap (all counted), a mostly invalid file is refused."""

from __future__ import annotations

import threading
import time

import pytest

from s2c_desktop.errors import DataError, InputError
from s2c_desktop.stats import importers, models, service
from s2c_desktop.stats.importers import ImportJob
from tests.stats.fixtures import ROWS, TOTAL, datacrim_bytes, db_snapshot


def _bad_rows(count: int) -> list[tuple]:
    return [
        (2019, 1, "CONTRA EL PATRIMONIO", "HURTO", "HURTO", "X", "Y", f"NOWHERE {i}") for i in range(count)
    ]


def test_the_deadline_covers_the_import_not_only_the_download(geo_db, server):
    """The download ends in time; the import then runs past the deadline and rolls back."""
    url = server.add("/csv", datacrim_bytes())
    before = db_snapshot(geo_db)
    seen: list[str] = []
    deadline_s = 2.0
    started = time.monotonic()

    def progress(done, total, message):
        seen.append(message)
        if message.startswith("reading"):  # the import has begun: let the deadline pass meanwhile
            passed = threading.Event()
            while time.monotonic() < started + deadline_s + 0.1:
                passed.wait(0.05)

    with pytest.raises(DataError, match="did not finish in time.*during the import.*database is unchanged"):
        service.update_datacrim(url, timeout=5, retries=0, deadline_s=deadline_s, job=ImportJob(progress))
    assert any(m.startswith("reading") for m in seen)
    assert db_snapshot(geo_db) == before


def test_rejected_rows_are_stored_up_to_the_cap_and_all_counted(geo_db, tmp_path):
    path = tmp_path / "datacrim.csv"
    path.write_bytes(datacrim_bytes([*ROWS, *_bad_rows(7)]))
    report = importers.import_file(path, importers.KIND_DATACRIM, job=ImportJob(max_rejected_stored=3))
    assert (report.read, report.loaded, report.rejected) == (len(ROWS) + 7, len(ROWS), 7)
    assert models.RejectedRow.select().count() == 3
    assert models.ImportLog.get(models.ImportLog.file_name == "datacrim.csv").rows_rejected == 7


def test_a_file_of_mostly_invalid_rows_is_refused_and_changes_nothing(geo_db, tmp_path):
    path = tmp_path / "datacrim.csv"
    path.write_bytes(datacrim_bytes([*ROWS, *_bad_rows(len(ROWS) + 1)]))
    before = db_snapshot(geo_db)
    with pytest.raises(InputError, match=f"{len(ROWS) + 1} of {2 * len(ROWS) + 1} rows are invalid"):
        importers.import_file(path, importers.KIND_DATACRIM)
    assert db_snapshot(geo_db) == before


def test_chunks_give_the_same_counts_as_one_pass(geo_db, tmp_path):
    """Three rows per chunk: keys repeated across chunks are still summed, rows still numbered."""
    path = tmp_path / "datacrim.csv"
    path.write_bytes(datacrim_bytes([*ROWS, ROWS[0], *_bad_rows(1)]))
    report = importers.import_file(path, importers.KIND_DATACRIM, job=ImportJob(chunk_rows=3))
    assert (report.read, report.loaded, report.rejected) == (len(ROWS) + 2, len(ROWS) + 1, 1)
    total = models.database_proxy.execute_sql(
        "SELECT SUM(cantidad) FROM crimenes_datacrim WHERE fuente = 'DATACRIM'"
    ).fetchone()[0]
    assert total == TOTAL + ROWS[0][1]
    assert report.rejection_examples[0][0] == len(ROWS) + 3  # file row of the bad record (header is row 1)
