"""Issue 27 §9, §10, §11, §13: charts that say when their filters leave no data, a sunburst that labels what
fits and names the rest under the mouse, exports at print size (PNG ≥ 2000 px, SVG, PDF), and no English left
in the chart tools, the imports page or the export name. Real widgets, real SQLite built from the datasets."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import QCoreApplication, QPoint, QTranslator

from s2c_desktop.stats import charts, models
from s2c_desktop.stats.queries import CrimeReport
from s2c_desktop.ui.language import translations_dir
from s2c_desktop.ui.stats.imports_panel import ImportsPanel
from s2c_desktop.ui.stats.tab import make_chart_widget
from tests.stats.conftest import built_db, built_db_template  # noqa: F401 (shared fixtures)


def texts_of(figure) -> str:  # noqa: ANN001
    return "\n".join(t.get_text() for axes in figure.axes for t in axes.texts)


def test_a_map_its_filters_leave_empty_says_so_and_where_the_data_is(built_db) -> None:  # noqa: F811
    figure = charts.build_chart(12, CrimeReport(), department="lima-callao")
    message = " ".join(texts_of(figure).split())  # wrapped to fit the map
    assert "No reports of any crime in Lima Metropolitana y Callao, 2025 (SIDPOL)" in message
    assert "This source has reports for: Cajamarca." in message
    # A map with data has no such message.
    assert "No reports" not in texts_of(charts.build_chart(12, CrimeReport(), department="06"))


def test_a_bar_chart_its_year_leaves_empty_says_the_filters_not_the_database(built_db) -> None:  # noqa: F811
    figure = charts.build_chart(9, CrimeReport(), year=2010)
    assert "No reports match these filters" in texts_of(figure)
    assert "SIDPOL; Cajamarca; 2018–2026" in texts_of(figure)


def test_the_sunburst_labels_what_fits_groups_the_rest_and_names_every_wedge(qtbot, built_db) -> None:  # noqa: F811
    chart = make_chart_widget(8, CrimeReport)
    qtbot.addWidget(chart)
    chart.resize(900, 700)
    chart.data_changed()
    with qtbot.waitSignal(chart.drawn, timeout=10_000):
        chart.show()
    hits = chart.figure.s2c_sunburst
    labels = [t.get_text() for t in chart.figure.axes[0].texts]
    # Every label carries its count; the grouped wedges say how many they hold.
    assert all("\n" in label and label.split("\n")[1].replace(" ", "").isdigit() for label in labels)
    assert any(label.startswith(("7 others", "11 others")) for label in labels)
    assert len(labels) >= len(hits.wedges) * 0.6  # at most a few slivers go unlabelled
    # The ring under the mouse is named with its path and count.
    chart.canvas.draw()
    wedge, path, value = next(w for w in hits.wedges if len(w[1]) == 3 and w[1][2] == "Jaén")
    centre = wedge.get_path().vertices.mean(axis=0)
    x, y = wedge.get_transform().transform(centre)
    ratio = chart.canvas.device_pixel_ratio
    qtbot.mouseMove(chart.canvas, QPoint(int(x / ratio), int(chart.canvas.height() - y / ratio)))
    qtbot.waitUntil(lambda: chart.wedge_info.text().startswith("Cajamarca › Jaén › Jaén: "), timeout=5_000)
    assert f"{value:,}".replace(",", " ") in chart.wedge_info.text()


def test_exports_are_print_size_png_svg_and_pdf(qtbot, built_db, tmp_path: Path) -> None:  # noqa: F811
    chart = make_chart_widget(11, CrimeReport)
    qtbot.addWidget(chart)
    chart.resize(583, 705)  # the size the tab showed it at
    chart.data_changed()
    png = chart.export(tmp_path / "map.png")
    with Image.open(png) as image:
        assert image.size[0] >= 2000
    assert b"<svg" in chart.export(tmp_path / "map.svg").read_bytes()[:500]
    assert chart.export(tmp_path / "map.pdf").read_bytes()[:5] == b"%PDF-"


@pytest.fixture
def spanish(qapp):  # noqa: ANN001, ANN201
    translator = QTranslator()
    assert translator.load("s2c_es", str(translations_dir()))
    QCoreApplication.installTranslator(translator)
    yield
    QCoreApplication.removeTranslator(translator)


def test_no_english_in_the_chart_tools_the_imports_page_or_the_export_name(qtbot, built_db, spanish) -> None:  # noqa: F811
    chart = make_chart_widget(11, CrimeReport)
    qtbot.addWidget(chart)
    shown = [action.text() for action in chart.toolbar.actions() if action.text()]
    # matplotlib's English-only "Figure options" and margins dialogs are gone; its Save is our export.
    assert not {"Customize", "Subplots", "Edit the axes and curves", "Adjust the margins"} & set(shown)
    assert chart.default_export_name() == "grafico_11.png"
    panel = ImportsPanel()
    qtbot.addWidget(panel)
    panel.refresh()
    model = panel.log_view.model()
    sources = {model.index(row, 1).data() for row in range(model.rowCount())}
    assert sources and not sources & {s for (s,) in models.ImportLog.select(models.ImportLog.source).tuples()}
    assert "Robos en la prensa (Data Criminal)" in sources
