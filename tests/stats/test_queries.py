from __future__ import annotations

import json

import pytest

from s2c_desktop.errors import InputError
from s2c_desktop.stats import importers, models
from s2c_desktop.stats.queries import QUERY_TITLES, CrimeReport
from tests.stats.fixtures import datacrim_bytes


def test_all_ten_queries_answer_on_the_real_data(built_db):
    report = CrimeReport()
    for number in QUERY_TITLES:
        result = report.run(number)
        assert result.rows, number
        assert all(len(row) == len(result.columns) for row in result.rows)
        json.loads(result.to_json())


def test_query_1_robbery_types_most_first(built_db):
    rows = CrimeReport().query_1().rows
    assert rows[0][0] == "Asalto" and rows[0][2] == 235
    assert sum(r[2] for r in rows) == 476
    assert all(r[1] for r in rows)  # every type has its description


def test_query_2_districts_add_up_to_all_robberies(built_db):
    rows = CrimeReport().query_2().rows
    assert sum(r[2] for r in rows) == 476
    assert rows[0][:2] == ("Lima", "Lima")
    assert ("Callao", "Callao", 39) in rows
    callao_only = CrimeReport().query_2(department="Callao").rows
    assert {r[1] for r in callao_only} == {"Callao"}


def test_query_3_only_known_ages(built_db):
    rows = CrimeReport().query_3().rows
    assert rows and all(any(c.isdigit() for c in r[3]) and any(c.isdigit() for c in r[4]) for r in rows)


def test_query_6_quarters_cover_every_robbery(built_db):
    rows = CrimeReport().query_6().rows
    assert sum(r[2] for r in rows) == 476
    assert (2016, 4, 54) in rows
    assert rows[-1] == ("no date", "", 3)  # three incidents without a date: a labelled row, not a blank one


def test_query_9_weapons(built_db):
    rows = dict(CrimeReport().query_9().rows)
    assert rows["Pistola"] == 330
    assert rows["Sin arma"] == 51 and "Sin Arma" not in rows
    # Empty weapon cells are unknown, apart from the weapons the press classed as "Otros".
    assert (rows["Otros"], rows["Sin dato"]) == (19, 49)


@pytest.fixture
def small_datacrim(geo_db, tmp_path):
    rows = [
        (2019, 50, "CONTRA EL PATRIMONIO", "HURTO", "HURTO SIMPLE", "LIMA", "LIMA", "150110 COMAS"),
        (2019, 50, "CONTRA EL PATRIMONIO", "ROBO", "ROBO AGRAVADO", "LIMA", "LIMA", "150101 LIMA"),
        (2019, 20, "CONTRA EL PATRIMONIO", "HURTO", "HURTO SIMPLE", "LIMA", "LIMA", "150101 LIMA"),
        (2019, 2, "CONTRA LA VIDA", "HOMICIDIO", "HOMICIDIO CALIFICADO", "CALLAO", "CALLAO", "070101 CALLAO"),
        (2019, 2, "CONTRA LA VIDA", "HOMICIDIO", "HOMICIDIO CALIFICADO", "CUSCO", "CUSCO", "080101 CUSCO"),
        (2018, 10, "CONTRA EL PATRIMONIO", "HURTO", "HURTO SIMPLE", "LIMA", "LIMA", "150110 COMAS"),
        (2018, 1, "CONTRA LA VIDA", "HOMICIDIO", "HOMICIDIO CALIFICADO", "LIMA", "LIMA", "150110 COMAS"),
    ]
    path = tmp_path / "small.csv"
    path.write_bytes(datacrim_bytes(rows))
    importers.import_file(path)
    return CrimeReport()


def test_query_4_returns_every_pair_tied_at_the_maximum(small_datacrim):
    result = small_datacrim.query_4()
    assert result.params["year"] == 2019
    pairs = {(r[1], r[4], r[7]) for r in result.rows}
    assert pairs == {("Hurto simple", "Comas", 50), ("Robo agravado", "Lima", 50)}
    assert {r[3] for r in result.rows} == {"Contra el patrimonio"}


def test_query_7_fewest_with_year_and_department_filters(small_datacrim):
    pairs = {(r[1], r[4], r[6]) for r in small_datacrim.query_7().rows}
    assert pairs == {("Homicidio calificado", "Callao", "Callao"), ("Homicidio calificado", "Cusco", "Cusco")}
    lima_2018 = small_datacrim.query_7(year=2018, department="Lima").rows
    assert [(r[1], r[4], r[7]) for r in lima_2018] == [("Homicidio calificado", "Comas", 1)]
    limited = small_datacrim.query_7(limit=1)
    assert len(limited.rows) == 1 and "2 pairs tie" in limited.note


def test_query_5_8_10_aggregates(small_datacrim):
    q5 = small_datacrim.query_5(year=2019).rows
    assert q5[0][:4] == ("Lima", "Lima", "Lima", "150101") and q5[0][4] == 70
    q8 = {r[0]: r[3:] for r in small_datacrim.query_8().rows}
    assert q8["Comas"] == (61, 2, 30.5)
    assert q8["Cusco"] == (2, 2, 1.0)  # no reports in 2018 counts as 0, not as a missing year
    q10 = {r[0]: r[1:] for r in small_datacrim.query_10().rows}
    assert q10["Contra el patrimonio"] == (130, 2, 65.0)
    assert q10["Contra la vida"] == (5, 2, 2.5)
    cusco = {r[0]: r[1:] for r in small_datacrim.query_10(department="Cusco").rows}
    assert cusco == {"Contra la vida": (2, 2, 1.0)}
    assert {r[0] for r in small_datacrim.query_8(department="08").rows} == {"Cusco"}


def test_averages_leave_out_a_year_still_being_reported(built_db):
    report = CrimeReport()
    assert report.years()[-1] == 2026 and 2026 not in report.complete_years()
    result = report.query_8()
    assert result.params["years"] == list(range(2018, 2026))
    assert all(row[4] == 8 for row in result.rows)


def test_filters_are_bound_parameters_not_sql(small_datacrim):
    with pytest.raises(InputError, match="unknown department"):
        small_datacrim.query_5(department="LIMA' OR '1'='1")
    with pytest.raises(InputError, match="unknown source"):
        small_datacrim.query_5(source="DATACRIM') OR 1=1 --")
    assert models.CrimenesDataCrim.select().count() == 7
    assert small_datacrim.query_5(year=1900).rows == []


def test_run_rejects_unknown_query_numbers(built_db):
    with pytest.raises(InputError, match="1 to 10"):
        CrimeReport().run(11)


def test_police_queries_on_a_database_without_reports_are_empty_not_errors(geo_db):
    report = CrimeReport()
    for number in (4, 5, 7, 8, 10):
        assert report.run(number).rows == []
