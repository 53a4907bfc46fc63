"""Broken and hostile files (issue 14 §4): each is refused or loaded row by row, never half-imported."""

from __future__ import annotations

import sqlite3
import threading
import zipfile

import pytest

from s2c_desktop.errors import CancelledError, DataError
from s2c_desktop.stats import db, importers, models, sources
from s2c_desktop.stats.jobs import ImportJob
from tests.stats.fixtures import ROWS, datacrim_bytes, db_snapshot, sidpol_bytes


def _write(tmp_path, name, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _mixed_encoding(data_latin1: bytes, every: int = 2) -> bytes:
    """The file in UTF-8, except every ``every``-th line left in Latin-1 (a file pasted together)."""
    lines = data_latin1.decode("cp1252").splitlines(keepends=True)
    return b"".join(line.encode("cp1252" if index % every else "utf-8") for index, line in enumerate(lines))


def test_a_utf8_csv_with_latin1_lines_matches_the_clean_data(built_db, datasets, tmp_path):
    types_before = models.TipoRobo.select().count()
    mixed = _write(
        tmp_path, "crimenes_mixed.csv", _mixed_encoding((datasets / "crime" / "crimenes.csv").read_bytes())
    )
    report = importers.import_file(mixed)
    assert (report.read, report.loaded, report.duplicates, report.rejected) == (476, 0, 476, 0)
    assert models.RobosLima.select().count() == 476
    assert models.TipoRobo.select().count() == types_before
    texts = [r.titulo + r.medio + r.ocupacion for r in models.RobosLima.select()]
    assert not [t for t in texts if "Ã" in t or "Â" in t]


def _as_a_browser_decodes_windows_1252(data: bytes) -> str:
    """Each byte as Windows-1252, the five undefined ones as C1 characters (the WHATWG decoder)."""
    out = []
    for byte in data:
        try:
            out.append(bytes([byte]).decode("cp1252"))
        except UnicodeDecodeError:
            out.append(chr(byte))
    return "".join(out)


def test_a_csv_stored_as_mojibake_is_repaired_and_deduplicated(built_db, datasets, tmp_path):
    clean = (datasets / "crime" / "crimenes.csv").read_bytes().decode("cp1252")
    garbled = _as_a_browser_decodes_windows_1252(clean.encode("utf-8"))
    assert "Ã" in garbled
    double = _write(tmp_path, "crimenes_double.csv", garbled.encode("utf-8"))
    report = importers.import_file(double)
    assert (report.loaded, report.duplicates) == (0, 476)


def test_a_datacrim_file_with_latin1_lines_keeps_its_accents(geo_db, tmp_path):
    rows = [
        *ROWS,
        (
            2019,
            2,
            "CONTRA LA ADMINISTRACIÓN PÚBLICA",
            "PECULADO",
            "PECULADO DOLOSO",
            "AMAZONAS",
            "CHACHAPOYAS",
            "ASUNCIÓN",
        ),
    ]
    data = _mixed_encoding(datacrim_bytes(rows, encoding="cp1252"))
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    report = importers.import_file(_write(tmp_path, "datacrim.csv", data), importers.KIND_DATACRIM)
    assert report.rejected == 0
    generic = {sources.normalize_name(g.nombre) for g in models.CrimenGenerico.select()}
    assert generic == {"CONTRA EL PATRIMONIO", "CONTRA LA ADMINISTRACION PUBLICA"}
    names = {m.nombre for m in models.ModalidadCrimen.select()} | {
        g.nombre for g in models.CrimenGenerico.select()
    }
    assert not [n for n in names if "Ã" in n or "\ufffd" in n or "\u201c" in n]


@pytest.mark.parametrize("count", ["inf", "Infinity", "-inf", "1e400", "NaN", "99999999999999999999999"])
def test_an_infinite_or_overflowing_count_is_rejected_and_the_rest_loads(geo_db, tmp_path, count):
    rows = [
        *ROWS,
        (2019, count, "CONTRA EL PATRIMONIO", "HURTO", "HURTO SIMPLE", "CAJAMARCA", "JAEN", "JAEN"),
    ]
    report = importers.import_file(_write(tmp_path, "d.csv", datacrim_bytes(rows)), importers.KIND_DATACRIM)
    assert (report.loaded, report.rejected) == (len(ROWS), 1)
    assert f"count {count!r} not valid" in report.rejection_examples[0][1]


@pytest.mark.parametrize("count", ["inf", "1e400", "99999999999999999999999"])
def test_an_infinite_count_in_sidpol_is_rejected(geo_db, tmp_path, count):
    rows = [
        (2024, 1, "CAJAMARCA", "JAEN", "JAEN", "60801", "HURTO", 3),
        (2024, 2, "CAJAMARCA", "JAEN", "JAEN", "60801", "HURTO", count),
    ]
    report = importers.import_file(_write(tmp_path, "s.csv", sidpol_bytes(rows)), importers.KIND_SIDPOL)
    assert (report.loaded, report.rejected) == (1, 1)


@pytest.mark.parametrize("value", ["inf", "1e400", "-3", "2.5"])
def test_an_infinite_dead_or_wounded_count_rejects_only_that_robbery(geo_db, datasets, tmp_path, value):
    text = (datasets / "crime" / "crimenes.csv").read_bytes().decode("cp1252").splitlines()
    header = text[0].split(";")
    dead = next(i for i, h in enumerate(header) if sources.normalize_name(h) == "MUERTOS")
    cells = text[1].split(";")
    cells[dead] = value
    text[1] = ";".join(cells)
    path = _write(tmp_path, "crimenes.csv", ("\n".join(text) + "\n").encode("cp1252"))
    report = importers.import_file(path)
    assert (report.loaded, report.rejected) == (475, 1)
    assert "not a count" in report.rejection_examples[0][1]


def _workbook_claiming_the_whole_sheet(tmp_path):
    """5 KB: two real rows and one blank cell at XFD1048576, so the sheet claims A1:XFD1048576."""
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "ENERO"
    sheet.append(["LINK", "TITULO", "FECHA", "MEDIO", "MODALIDAD DE ROBO", "TIPO DE ARMA", "DISTRITO"])
    sheet.append(["http://a", "Asalto en Comas", "2017-01-05", "Diario", "Asalto", "Pistola", "Comas"])
    sheet.append(["http://b", "Robo en Surco", "2017-01-06", "Diario", "Arrebato", "Sin arma", "Surco"])
    sheet["XFD1048576"] = " "
    hostile = tmp_path / "hostile.xlsx"
    workbook.save(hostile)
    with zipfile.ZipFile(hostile) as archive:
        assert b'<dimension ref="A1:XFD1048576"' in archive.read("xl/worksheets/sheet1.xml")
    return hostile


@pytest.mark.timeout(60)  # a parse bounded by the claimed size took minutes
def test_an_xlsx_claiming_a_million_rows_is_read_by_its_real_rows(geo_db, tmp_path):
    hostile = _workbook_claiming_the_whole_sheet(tmp_path)
    assert hostile.stat().st_size < 6_000
    report = importers.import_file(hostile)
    assert (report.read, report.loaded) == (2, 2)


def test_parsing_a_workbook_can_be_cancelled(geo_db, tmp_path):
    hostile = _workbook_claiming_the_whole_sheet(tmp_path)
    cancel = threading.Event()
    cancel.set()
    before = db_snapshot(geo_db)
    with pytest.raises(CancelledError):
        sources.read_data_criminal_workbook(str(hostile), check=ImportJob(cancel=cancel).check)
    with pytest.raises(CancelledError):
        importers.import_file(hostile, job=ImportJob(cancel=cancel))
    assert db_snapshot(geo_db) == before


def _hold_write_lock(path):
    connection = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
    connection.execute("BEGIN IMMEDIATE")
    return connection


def test_a_second_import_waits_then_says_another_import_is_running(geo_db, tmp_path, monkeypatch):
    monkeypatch.setattr(importers, "IMPORT_WAIT_S", 0.5)
    other = _hold_write_lock(geo_db)  # another process's import, in the middle of its transaction
    try:
        with pytest.raises(DataError, match=r"another import is running on this database \(waited 0.5 s\)"):
            importers.import_file(_write(tmp_path, "d.csv", datacrim_bytes()), importers.KIND_DATACRIM)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert not models.CrimenesDataCrim.select().exists()


def test_a_second_import_that_waits_for_the_first_then_loads(geo_db, tmp_path, monkeypatch):
    monkeypatch.setattr(importers, "IMPORT_WAIT_S", 30)
    other = _hold_write_lock(geo_db)
    finish_first = threading.Timer(0.3, lambda: (other.execute("COMMIT"), other.close()))
    finish_first.start()
    report = importers.import_file(_write(tmp_path, "d.csv", datacrim_bytes()), importers.KIND_DATACRIM)
    finish_first.join()
    assert report.loaded == len(ROWS)


def test_the_lock_wait_does_not_change_the_connections_busy_timeout(geo_db, tmp_path):
    importers.import_file(_write(tmp_path, "d.csv", datacrim_bytes()), importers.KIND_DATACRIM)
    assert (
        db.current_database().execute_sql("PRAGMA busy_timeout").fetchone()[0] == db.PRAGMAS["busy_timeout"]
    )
