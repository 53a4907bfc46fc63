"""Issue 27 §8 and §14: names as the official sources spell them, one spelling of crimes in queries and
charts, the study's age groups, and a catch-all result said to be one."""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from s2c_desktop.stats import charts, cleaning, models
from s2c_desktop.stats.queries import CrimeReport


def test_query_4_matches_the_sidpol_file_and_says_otros_is_a_catch_all(built_db, datasets: Path) -> None:
    # The same sum straight from the file: 2025 is SIDPOL's latest complete year.
    per_pair: Counter[tuple[str, str]] = Counter()
    with (datasets / "sidpol" / "denuncias_cajamarca.csv").open(encoding="utf-8", errors="replace") as f:
        for row in csv.reader(f, delimiter=";"):
            if row[0] == "2025":
                per_pair[(row[5].zfill(6), row[6])] += int(row[7])
    (ubigeo, modality), most = per_pair.most_common(1)[0]
    named = max((n, key) for key, n in per_pair.items() if key[1] != "Otros")
    assert (ubigeo, modality) == ("060101", "Otros")

    result = CrimeReport().query_4()
    assert [row[1:5] + row[-1:] for row in result.rows] == [("Otros", "Otros", "Otros", "Cajamarca", most)]
    assert "catch-all" in result.note
    # The SIDPOL data dictionary names the six main crimes; the note names the first of them that leads.
    assert f"{named[1][1]} in Cajamarca, {named[0]}" in result.note


def test_queries_and_charts_spell_crime_names_alike(built_db) -> None:
    report = CrimeReport()
    shown = [name for n in (4, 7) for row in report.run(n).rows for name in row[1:4]]
    shown += [row[0] for row in report.query_10().rows]
    assert shown and not [name for name in shown if name.isupper()]
    figure = charts.build_chart(9, report, level="generic")
    ticks = {label.get_text() for label in figure.axes[0].get_yticklabels()}
    assert {row[0] for row in report.query_10().rows} == ticks


def test_official_place_names_keep_their_accents(built_db) -> None:
    def name(table: type[models.BaseModel], ubigeo: str) -> str:
        return table.get_by_id(ubigeo).nombre

    assert name(models.Distrito, "061001") == "Pedro Gálvez"
    assert name(models.Distrito, "060508") == "Yonán"
    assert name(models.Distrito, "060306") == "José Gálvez"
    assert name(models.Provincia, "080900") == "La Convención"
    assert name(models.Provincia, "211100") == "San Román"
    assert name(models.Departamento, "020000") == "Áncash"
    # Matching still ignores accents: the files' own spelling finds the accented name.
    assert models.Distrito.get(models.Distrito.nombre_norm == "PEDRO GALVEZ").ubigeo == "061001"


@pytest.mark.parametrize(
    ("low", "high", "group"),
    [(34, 55, "35-55"), (57, 100, "56-100"), (55, 100, "56-100"), (22, 34, "22-34"), (40, 45, None)],
)
def test_a_typed_range_means_one_of_the_studys_groups(low: int, high: int, group: str | None) -> None:
    assert cleaning.study_age_group(low, high) == group


def test_every_stored_age_is_one_of_the_studys_groups(built_db) -> None:
    ages = [value for row in models.RobosLima.select() for value in (row.edad_victima, row.edad_delincuente)]
    ranges = {f"{a}-{b}" for value in ages for a, b in re.findall(r"(\d+)\s*-\s*(\d+)", value)}
    assert ranges == set(cleaning.AGE_GROUPS)
    assert "22-34 / 35-55" in ages  # was "22-34 / 34-55" in the workbook
    assert "34-55" not in str(CrimeReport().query_3().rows)
    log = models.ImportLog.get(models.ImportLog.source == models.SOURCE_DATA_CRIMINAL)
    assert (
        json.loads(log.repairs_json)[cleaning.RULE_AGE_GROUP] == 6
    )  # 34-55 three times, 55-100 once, 57-100 twice
