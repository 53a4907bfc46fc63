"""Imports of the real datasets: every Data Criminal incident loads, every SIDPOL row loads."""

from __future__ import annotations

import json

import pytest

from s2c_desktop.errors import DataError, InputError
from s2c_desktop.stats import cleaning, importers, models
from tests.stats.fixtures import db_snapshot


def test_default_build_loads_everything_with_a_report(built_db):
    logs = {log.source: log for log in models.ImportLog.select()}
    assert models.Departamento.select().count() == 25
    assert models.Provincia.select().count() == 196
    # 1,893 district records (the README's 1,895 counts lines; two capitals' names span two lines).
    assert models.Distrito.select().count() == 1893
    assert models.RobosLima.select().count() == 476
    assert logs[models.SOURCE_DATA_CRIMINAL].rows_read == 476
    assert logs[models.SOURCE_DATA_CRIMINAL].rows_loaded == 476
    assert logs[models.SOURCE_DATA_CRIMINAL].rows_rejected == 0
    assert logs[models.SOURCE_SIDPOL].rows_read == logs[models.SOURCE_SIDPOL].rows_loaded == 17471
    assert models.RejectedRow.select().count() == 0
    repairs = json.loads(logs[models.SOURCE_DATA_CRIMINAL].repairs_json)
    for rule in (
        cleaning.RULE_DATE_BARE_DAY,
        cleaning.RULE_DATE_YEAR,
        cleaning.RULE_DATE_SWAPPED,
        cleaning.RULE_CATEGORY_SPELLING,
        cleaning.RULE_DISTRICT_ALIAS,
        cleaning.RULE_DISTRICT_FOLDED,
        cleaning.RULE_WEAPON_EMPTY,
        cleaning.RULE_AGE_EMPTY,
        cleaning.RULE_OCCUPATION_EMPTY,
    ):
        assert repairs.get(rule, 0) > 0, rule
    sidpol = json.loads(logs[models.SOURCE_SIDPOL].repairs_json)
    assert sidpol[cleaning.RULE_UBIGEO_ZERO] == 17471
    # Every SIDPOL row has its own (year, month, district, modality) key: nothing merged away.
    assert models.CrimenesDataCrim.select().where(models.CrimenesDataCrim.fuente == "SIDPOL").count() == 17471


def test_lima_district_names_match_accent_and_case_insensitively(built_db):
    by_text = {}
    for robbery in models.RobosLima.select():
        by_text.setdefault(robbery.distrito_texto, set()).add(robbery.distrito_id)
    assert by_text["Cercado de Lima"] == {"150101"}
    assert by_text["San Martín de Porres"] == by_text["San Martin de Porres"] == {"150135"}
    assert by_text["Surco"] == {"150140"}
    assert by_text["Callao"] == {"070101"}
    callao = models.Distrito.get_by_id("070101")
    assert callao.provincia.nombre == "Callao" and callao.provincia.departamento.nombre == "Callao"
    # The one incident with no district is loaded, kept as unknown.
    assert models.RobosLima.select().where(models.RobosLima.distrito.is_null()).count() == 1


def test_categories_and_empty_values_follow_the_studys_rules(built_db):
    weapons = {r.tipo_arma for r in models.RobosLima.select()}
    assert "Sin Arma" not in weapons and "Arma Blanca" not in weapons and "" not in weapons
    assert {"Sin arma", "Arma blanca", "Otros", "Pistola"} <= weapons
    assert not models.RobosLima.select().where(models.RobosLima.ocupacion == "").exists()
    assert models.RobosLima.select().where(models.RobosLima.edad_victima == "No especifica").count() > 300
    dates = [r.fecha for r in models.RobosLima.select() if r.fecha]
    assert len(dates) == 473
    assert min(dates).isoformat() == "2016-12-01" and max(dates).year == 2017


def test_reimport_is_idempotent(built_db, datasets):
    before = db_snapshot(built_db)
    for path, kind in importers.default_dataset_files(datasets):
        report = importers.import_file(path, kind)
        assert report.already_imported
        assert report.loaded == 0
    assert db_snapshot(built_db) == before


def test_csv_export_is_the_same_476_incidents_as_the_workbook(built_db, datasets):
    report = importers.import_file(datasets / "crime" / "crimenes.csv")
    assert (report.read, report.loaded, report.duplicates, report.rejected) == (476, 0, 476, 0)
    assert models.RobosLima.select().count() == 476


def test_csv_alone_loads_all_476(geo_db, datasets):
    importers.import_file(datasets / "crime" / "descripcion_crimen.csv")
    report = importers.import_file(datasets / "crime" / "crimenes.csv")
    assert (report.read, report.loaded, report.rejected) == (476, 476, 0)
    assert models.TipoRobo.select().count() == 8


def test_sidpol_without_header_row_is_accepted(geo_db, datasets, tmp_path):
    raw = (datasets / "sidpol" / "denuncias_cajamarca.csv").read_bytes()
    headerless = tmp_path / "sidpol_national.csv"
    headerless.write_bytes(raw.split(b"\r\n", 1)[1])
    report = importers.import_file(headerless)
    assert report.source == "SIDPOL"
    assert report.read == report.loaded == 17471


def test_a_database_without_geography_gets_the_shipped_one_first(empty_db, datasets):
    reports = importers.import_many([(datasets / "crime" / "grupo_data_criminal.xlsx", None)])
    assert [r.source for r in reports] == [models.SOURCE_GEOGRAPHY, models.SOURCE_DATA_CRIMINAL]
    assert reports[1].loaded == 476 and models.Distrito.select().count() == 1893
    report = importers.import_file(datasets / "sidpol" / "denuncias_cajamarca.csv")  # alone, too
    assert report.loaded == 17471


def test_without_geography_and_without_the_shipped_folder_the_error_says_what_to_do(
    empty_db, datasets, tmp_path, monkeypatch
):
    monkeypatch.setenv("S2C_DATASETS", str(tmp_path))
    monkeypatch.setattr("s2c_desktop.paths.candidate_datasets_dirs", lambda: [tmp_path])
    with pytest.raises(DataError, match="no geography .*import a geo/ folder first"):
        importers.import_file(datasets / "crime" / "crimenes.csv")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"<!DOCTYPE html><html><body>Error 500</body></html>", "HTML page"),
        (b"", "cannot tell|empty"),
        (b"LINK;TITULO;MEDIO\nhttp://x;y;z\n", "missing column"),
    ],
)
def test_bad_files_are_refused_and_change_nothing(geo_db, tmp_path, content, message):
    before = db_snapshot(geo_db)
    bad = tmp_path / "bad.csv"
    bad.write_bytes(content)
    with pytest.raises(InputError, match=message):
        importers.import_file(bad)
    assert db_snapshot(geo_db) == before


def test_a_corrupt_workbook_is_refused(geo_db, tmp_path):
    bad = tmp_path / "broken.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(InputError, match="cannot read the workbook"):
        importers.import_file(bad)


def test_geography_import_counts_the_district_without_inei_code(geo_db):
    log = models.ImportLog.get(models.ImportLog.source == "GEOGRAPHY")
    assert log.rows_read == 25 + 196 + 1893 and log.rows_rejected == 0
    assert json.loads(log.repairs_json) == {
        "district without INEI code given the next free code of its province": 1
    }
    assert models.Distrito.get_by_id("180107").nombre == "San Antonio"


def test_robbery_in_the_department_of_lima_outside_the_metropolis_loads(geo_db, tmp_path):
    header = (
        "LINK;TITULO;FECHA;MEDIO;MODALIDAD DE ROBO;TIPO DE ARMA;EDAD VICTIMA;EDAD DELINCUENTE;GENERO VICTIMA;"
        "GENERO DELINCUENTE;DISTRITO;MUERTOS;HERIDOS;OCUPACIÓN\n"
    )
    rows = (
        "http://a;Asalto en Huaral;3/12/2016;Correo;Asalto;;;;;;Huaral;;;\n"
        "http://b;Robo en Atlantis;4/12/2016;Correo;Asalto;;;;;;Atlántida;;;\n"
    )
    path = tmp_path / "robos.csv"
    path.write_bytes((header + rows).encode("cp1252"))
    report = importers.import_file(path)
    assert (report.read, report.loaded, report.rejected) == (2, 1, 1)
    assert models.RobosLima.get().distrito.nombre == "Huaral"
    rejected = models.RejectedRow.get()
    assert "Atlántida" in rejected.reason and "not a district of Lima or Callao" in rejected.reason
    assert json.loads(rejected.raw)["titulo"] == "Robo en Atlantis"
