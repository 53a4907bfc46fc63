"""Issue 14 §1: titles say what the data covers, official names, unknown apart from "Otros", partial years."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from s2c_desktop.stats import charts, models
from s2c_desktop.stats.queries import CrimeReport
from s2c_desktop.stats.scope import report_scope


def test_titles_name_the_departments_and_years_the_data_covers(built_db):
    report = CrimeReport()
    scope = report_scope(report, "auto")
    assert scope.sources == ("SIDPOL",) and scope.departments == ("Cajamarca",)
    assert (
        scope.years == tuple(range(2018, 2027))
        and scope.label() == "SIDPOL; Cajamarca; 2018–2026 (2026 partial)"
    )
    for number in (4, 5, 8, 9, 10):
        title = charts.build_chart(number, report).axes[0].get_title()
        assert "Cajamarca" in title and "Peru" not in title and "SIDPOL" in title, (number, title)
    assert "2018–2026 (2026 partial)" in charts.build_chart(5, report).axes[0].get_title()


def test_official_names_keep_their_accents_and_spanish_capitals(built_db):
    districts = {r[0] for r in CrimeReport().query_5(source="SIDPOL", year=2024).rows}
    assert {"Jaén", "Celendín", "Cajamarca"} <= districts and "JAEN" not in districts
    assert models.Distrito.get_by_id("150135").nombre == "San Martín de Porres"
    assert models.Departamento.get_by_id("220000").nombre == "San Martín"
    modalities = {m.nombre for m in models.ModalidadCrimen.select()}
    assert "EXTORSIÓN" in modalities and "EXTORSION" not in modalities  # as SIDPOL spells it
    assert charts.crime_label("CONTRA EL PATRIMONIO") == "Contra el patrimonio"  # not "Contra El Patrimonio"


def test_query_6_labels_undated_robberies_and_query_10_explains_its_averages(built_db):
    report = CrimeReport()
    q6 = report.query_6()
    assert q6.rows[-1] == ("no date", "", 3) and "3 robberies without a date" in q6.note
    q10 = report.query_10()
    assert "averages over the complete years 2018, 2019" in q10.note and "chart 9 shows totals" in q10.note
    assert "total" in charts.build_chart(9, report).axes[0].get_title()


@pytest.fixture
def partial_year(built_db):
    """The shipped SIDPOL file reaches into 2026, of which only some months are reported."""
    report = CrimeReport()
    assert 2026 in report.years("SIDPOL") and 2026 not in report.complete_years("SIDPOL")
    return report


def test_a_partial_year_is_marked_not_drawn_as_a_drop(partial_year):
    scope = report_scope(partial_year, "SIDPOL")
    assert scope.partial_years == (2026,) and scope.period == "2018–2026 (2026 partial)"
    assert partial_year.latest_year("SIDPOL") == 2025
    figure = charts.build_chart(5, partial_year)
    axes = figure.axes[0]
    assert [t.get_text() for t in axes.get_xticklabels()][-2:] == ["2025", "2026*"]
    assert "partial year" in axes.get_xlabel()
    dashed = [line for line in axes.lines if line.get_linestyle() == "--"]
    assert dashed and all(list(line.get_xdata()) == [2025, 2026] for line in dashed)
    assert "(partial year)" in charts.build_chart(10, partial_year, year=2026).axes[0].get_title()
    assert "(partial year)" in charts.build_chart(4, partial_year, year=2026).axes[0].get_title()


def test_counts_have_whole_number_ticks_and_pie_names_sit_in_a_legend(built_db):
    report = CrimeReport()
    ticks = charts.build_chart(3, report, district="Comas").axes[0].get_yticks()
    assert all(float(t).is_integer() for t in ticks)
    pie = charts.build_chart(7, report).axes[0]
    assert pie.get_legend() is not None and len(pie.get_legend().get_texts()) == len(pie.patches)
    assert not [t for t in pie.texts if t.get_text() and not t.get_text().endswith("%")]  # no name labels


@pytest.mark.parametrize("number", [5, 7])
def test_an_exported_chart_keeps_its_right_side_legend_and_frame(built_db, tmp_path, number):
    target = tmp_path / f"c{number}.png"
    charts.save_figure(charts.build_chart(number, CrimeReport()), target)
    pixels = np.asarray(Image.open(target).convert("L"))
    inked_columns = np.flatnonzero((pixels < 200).any(axis=0))
    assert inked_columns[-1] < pixels.shape[1] - 5  # a white margin: nothing cut at the right edge
