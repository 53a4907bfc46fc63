"""Charts 11 and 12: choropleth maps joined on INEI codes, with "no data" and districts without a polygon."""

from __future__ import annotations

from matplotlib.backend_bases import MouseEvent
from matplotlib.backends.backend_agg import FigureCanvasAgg

from s2c_desktop.stats import charts, importers, map_data, maps
from s2c_desktop.stats.queries import CrimeReport
from tests.stats.fixtures import ROWS, datacrim_bytes

# Districts created after 2007 (no polygon in INEI's 2007 limits): Mi Perú (Callao), Santa María de Huachipa.
POST_2007 = [
    (
        2019,
        40,
        "CONTRA EL PATRIMONIO",
        "ROBO",
        "ROBO AGRAVADO",
        "PROVINCIA CONSTITUCIONAL DEL CALLAO",
        "CALLAO",
        "070107 MI PERU",
    ),
    (
        2019,
        25,
        "CONTRA EL PATRIMONIO",
        "HURTO",
        "HURTO SIMPLE",
        "PROVINCIA DE LIMA 1/",
        "LIMA",
        "150144 SANTA MARIA DE HUACHIPA",
    ),
]


def _import_datacrim(tmp_path, rows):
    path = tmp_path / "datacrim.csv"
    path.write_bytes(datacrim_bytes(rows))
    importers.import_file(path, importers.KIND_DATACRIM)


def _click(figure, lon, lat):
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    axes = figure.axes[0]
    x, y = axes.transData.transform((lon, lat))
    return MouseEvent("button_press_event", canvas, x, y, button=1)


def test_department_map_colours_the_departments_with_data_and_greys_the_rest(built_db):
    report = CrimeReport()
    data = map_data.department_map(report, "SIDPOL", 2024)
    assert set(data.counts) == {"06"} and data.counts["06"] > 0
    assert len([r for r in data.regions if r.rings]) == 25
    figure = charts.build_chart(11, report, source="SIDPOL", year=2024)
    title = figure.axes[0].get_title()
    assert "2024" in title and "SIDPOL" in title and "data only for Cajamarca" in title
    assert [t.get_text() for t in figure.axes[0].get_legend().get_texts()] == ["no data"]
    colour_bar = figure.axes[0].child_axes
    assert len(colour_bar) == 1 and "reports" in colour_bar[0].get_ylabel()
    hits = maps.map_hits(figure)
    assert hits.region_at(_click(figure, -78.5, -7.2)) == ("06", "Cajamarca", data.counts["06"])  # Cajamarca
    assert hits.region_at(_click(figure, -71.5, -16.4))[1:] == ("Arequipa", None)  # no data


def test_district_map_of_one_department_and_a_crime(built_db):
    report = CrimeReport()
    everything = map_data.district_map(report, "Cajamarca", "SIDPOL", 2024)
    assert everything.area == "Cajamarca" and all(code.startswith("06") for code in everything.counts)
    assert all(r.code.startswith("06") for r in everything.regions) and len(everything.regions) >= 127
    robbery = map_data.district_map(report, "06", "SIDPOL", 2024, crime="Contra el patrimonio")
    assert 0 < sum(robbery.counts.values()) < sum(everything.counts.values())
    figure = charts.build_chart(
        12, report, source="SIDPOL", year=2024, department="Cajamarca", crime="CONTRA EL PATRIMONIO"
    )
    assert "Cajamarca" in figure.axes[0].get_title() and "Contra el patrimonio" in figure.axes[0].get_title()


def test_districts_without_a_polygon_are_reported_not_dropped(geo_db, tmp_path):
    _import_datacrim(tmp_path, [*ROWS, *POST_2007])
    report = CrimeReport()
    data = map_data.district_map(report, map_data.LIMA_CALLAO, "DATACRIM", 2019)
    assert [(code, n) for code, _, n in data.without_polygon] == [("070107", 40), ("150144", 25)]
    assert data.counts["150101"] == 1  # Lima (Cercado) has a polygon and is drawn
    figure = charts.build_chart(12, report, source="DATACRIM", year=2019)
    note = " ".join(t.get_text() for t in figure.texts)
    assert "without a polygon" in note and "(40)" in note and "(25)" in note


def test_the_maps_say_so_when_there_are_no_police_reports(empty_db):
    assert charts.is_empty_state(charts.build_chart(11, CrimeReport()))
    assert charts.is_empty_state(charts.build_chart(12, CrimeReport()))
