"""DataCrim CSV files from disk: quirks, encodings, columns by meaning, transactions."""

from __future__ import annotations

import threading

import pytest

from s2c_desktop.errors import CancelledError, InputError
from s2c_desktop.stats import cleaning, db, importers, models
from s2c_desktop.stats.importers import ImportJob
from s2c_desktop.stats.queries import CrimeReport
from tests.stats.fixtures import HEADER, ROWS, TOTAL, datacrim_bytes, db_snapshot


def _write(tmp_path, data: bytes, name: str = "datacrim.csv"):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _reports_by_district():
    rows = models.database_proxy.execute_sql(
        "SELECT distrito_id, SUM(cantidad) FROM crimenes_datacrim WHERE fuente = 'DATACRIM' GROUP BY "
        "distrito_id"
    ).fetchall()
    return dict(rows)


@pytest.mark.parametrize("encoding", ["utf-8", "latin-1", "utf-8-sig"])
def test_quirky_datacrim_file_loads_in_any_encoding(geo_db, tmp_path, encoding):
    path = _write(tmp_path, datacrim_bytes(encoding=encoding))
    report = importers.import_file(path)
    assert report.source == "DATACRIM"
    assert (report.read, report.loaded, report.rejected) == (len(ROWS), len(ROWS), 0)
    by_district = _reports_by_district()
    assert by_district["150110"] == 120  # "150110 COMAS": ubigeo in the district field
    assert by_district["070101"] == 80  # Callao: its own province, not Lima
    assert by_district["150801"] == 12  # "LIMA PROVINCIAS 2/": footnote marker
    assert by_district["010102"] == 9  # "ASUNCIÓN" matched to ASUNCION by name
    assert by_district["060101"] == 3
    assert sum(by_district.values()) == TOTAL
    # "ADMINISTRACIÓN PÚBLICA" and "ADMINISTRACION PUBLICA" are one generic crime, shown with its accents.
    names = sorted(g.nombre for g in models.CrimenGenerico.select())
    assert names == ["CONTRA EL PATRIMONIO", "CONTRA LA ADMINISTRACIÓN PÚBLICA"]
    assert report.repairs[cleaning.RULE_UBIGEO_IN_NAME] == 6
    assert models.Distrito.get_by_id("010102").nombre == "Asunción"  # the official name, shown


def test_columns_are_matched_by_meaning_not_position(geo_db, tmp_path):
    order = [7, 0, 4, 1, 2, 3, 5, 6]
    header = [
        "Distrito",
        "Año",
        "Modalidad",
        "Total de denuncias",
        "Tipo genérico",
        "Subtipo específico",
        "Departamento",
        "Provincia",
    ]
    rows = [tuple(row[i] for i in order) for row in ROWS]
    report = importers.import_file(
        _write(tmp_path, datacrim_bytes(rows, header=header)), importers.KIND_DATACRIM
    )
    assert report.loaded == len(ROWS)
    assert sum(_reports_by_district().values()) == TOTAL


def test_headerless_file_uses_the_documented_column_order(geo_db, tmp_path):
    data = datacrim_bytes().split(b"\n", 1)[1]
    report = importers.import_file(_write(tmp_path, data), importers.KIND_DATACRIM)
    assert report.loaded == len(ROWS)


def test_unmatched_rows_are_rejected_with_their_reason(geo_db, tmp_path):
    rows = [
        *ROWS,
        (2019, 4, "CONTRA EL PATRIMONIO", "HURTO", "HURTO SIMPLE", "LIMA", "LIMA", "ATLANTIS"),
        (2019, "muchos", "CONTRA EL PATRIMONIO", "HURTO", "HURTO SIMPLE", "LIMA", "LIMA", "150110 COMAS"),
    ]
    report = importers.import_file(_write(tmp_path, datacrim_bytes(rows)))
    assert (report.read, report.loaded, report.rejected) == (len(ROWS) + 2, len(ROWS), 2)
    reasons = [r.reason for r in models.RejectedRow.select().order_by(models.RejectedRow.row_number)]
    assert "district not found: 'ATLANTIS'" in reasons[0]
    assert "muchos" in reasons[1]
    assert models.ImportLog.get(models.ImportLog.source == "DATACRIM").rows_rejected == 2


def test_reimport_same_file_adds_nothing_and_a_new_snapshot_replaces_counts(geo_db, tmp_path):
    path = _write(tmp_path, datacrim_bytes())
    importers.import_file(path)
    before = db_snapshot(geo_db)
    again = importers.import_file(path)
    assert again.already_imported and db_snapshot(geo_db) == before
    newer = [(row[0], row[1] * 2, *row[2:]) for row in ROWS]
    importers.import_file(_write(tmp_path, datacrim_bytes(newer), "datacrim2.csv"))
    assert sum(_reports_by_district().values()) == 2 * TOTAL


@pytest.mark.parametrize("cut", [10, 0.5, -3])
def test_truncated_file_is_an_error_and_changes_nothing(geo_db, tmp_path, cut):
    data = datacrim_bytes()
    size = int(len(data) * cut) if isinstance(cut, float) else (cut if cut > 0 else len(data) + cut)
    before = db_snapshot(geo_db)
    with pytest.raises(InputError, match="truncated|cannot find|empty|columns"):
        importers.import_file(_write(tmp_path, data[:size]), importers.KIND_DATACRIM)
    assert db_snapshot(geo_db) == before


def test_html_page_instead_of_csv_is_an_error(geo_db, tmp_path):
    html = b"<!DOCTYPE html><html><head><title>Servicio no disponible</title></head><body></body></html>"
    with pytest.raises(InputError, match="HTML page"):
        importers.import_file(_write(tmp_path, html), importers.KIND_DATACRIM)


def test_cancel_mid_import_rolls_everything_back(geo_db, tmp_path, monkeypatch):
    monkeypatch.setattr("s2c_desktop.stats.counts.CHUNK", 2)  # several chunks from a small file
    before = db_snapshot(geo_db)
    cancel = threading.Event()
    seen = []

    def progress(done, total, message):
        seen.append(message)
        if message == "saving" and done > 0:
            cancel.set()  # after rows have been written inside the transaction

    with pytest.raises(CancelledError):
        importers.import_file(_write(tmp_path, datacrim_bytes()), job=ImportJob(progress, cancel))
    assert "saving" in seen
    assert db_snapshot(geo_db) == before


def test_a_bad_file_in_the_middle_of_a_multi_file_import_leaves_the_db_as_before(geo_db, tmp_path, datasets):
    """A real SQLite file: the good file before the bad one is rolled back too."""
    good = _write(tmp_path, datacrim_bytes(), "good.csv")
    bad = _write(tmp_path, datacrim_bytes()[:-40], "bad.csv")
    before = db_snapshot(geo_db)
    with pytest.raises(InputError, match="truncated"):
        importers.import_many(
            [(datasets / "crime" / "descripcion_crimen.csv", None), (good, None), (bad, None)]
        )
    assert db_snapshot(geo_db) == before
    # The database is fully usable afterwards and the same files import fine.
    db.close_database()
    db.open_database(geo_db)
    assert importers.import_file(good).loaded == len(ROWS)


def test_failure_inside_the_transaction_rolls_back(geo_db, tmp_path):
    before = db_snapshot(geo_db)

    def progress(done, total, message):
        if message == "saving" and done == total:
            raise RuntimeError("disk on fire")

    with pytest.raises(RuntimeError):
        importers.import_file(_write(tmp_path, datacrim_bytes()), job=ImportJob(progress))
    assert db_snapshot(geo_db) == before


def test_queries_read_datacrim_before_sidpol(built_db, tmp_path):
    report = CrimeReport()
    assert report.resolve_source("auto") == ("SIDPOL",)
    importers.import_file(_write(tmp_path, datacrim_bytes()))
    report = CrimeReport()
    assert report.resolve_source("auto") == ("DATACRIM",)
    assert report.years() == [2018, 2019]
    assert report.report_count() == TOTAL
    assert HEADER[0] == "AÑO"
