from __future__ import annotations

import pytest
from matplotlib.figure import Figure
from PIL import Image

from s2c_desktop.stats import charts, press_charts
from s2c_desktop.stats.queries import CrimeReport


@pytest.mark.parametrize("number", range(1, 11))
def test_every_chart_draws_the_real_data(built_db, number, tmp_path):
    figure = charts.build_chart(number, CrimeReport())
    assert isinstance(figure, Figure)
    assert not charts.is_empty_state(figure)
    axes = figure.axes[0]
    assert axes.get_title()
    assert axes.patches or axes.lines  # bars, wedges or lines: real marks, not a blank axis
    target = tmp_path / f"chart_{number}.png"
    charts.save_figure(figure, target)
    with Image.open(target) as image:
        assert image.size[0] > 400


@pytest.mark.parametrize("number", range(1, 11))
def test_empty_states_say_what_is_missing(empty_db, number):
    figure = charts.build_chart(number, CrimeReport())
    assert charts.is_empty_state(figure)
    texts = " ".join(t.get_text() for t in figure.axes[0].texts)
    assert "import" in texts.lower() or "update" in texts.lower()


def test_chart_options(built_db):
    report = CrimeReport()
    sjl = charts.build_chart(3, report)
    assert "San Juan de Lurigancho" in sjl.axes[0].get_title()
    callao = charts.build_chart(3, report, district="Callao")
    assert "Callao" in callao.axes[0].get_title()
    nowhere = charts.build_chart(3, report, district="Atlantis")
    assert charts.is_empty_state(nowhere)
    generic = charts.build_chart(9, report, level="generic")
    modality = charts.build_chart(9, report, level="modality")
    assert len(generic.axes[0].patches) <= len(modality.axes[0].patches)
    y2019 = charts.build_chart(10, report, year=2019)
    assert "2019" in y2019.axes[0].get_title()


def test_chart_draws_into_a_given_figure_and_svg_export(built_db, tmp_path):
    figure = Figure()
    same = charts.build_chart(7, CrimeReport(), figure=figure)
    assert same is figure
    charts.save_figure(figure, tmp_path / "types.svg")
    assert (tmp_path / "types.svg").read_text(encoding="utf-8").lstrip().startswith("<?xml")


def test_age_groups_fold_typing_variants(built_db):
    counts, known = press_charts.age_group_counts(CrimeReport())
    assert set(counts) <= set(press_charts.AGE_GROUPS)
    assert known == 122
