"""The statistics tab with real widgets (pytest-qt, offscreen), real SQLite files and a real worker thread."""

from __future__ import annotations

import csv
import shutil
import sqlite3
import time

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer, QTranslator

from s2c_desktop.settings import Preferences
from s2c_desktop.stats import db, models
from s2c_desktop.ui.stats.tab import StatsTab
from tests.stats.conftest import built_db_template  # noqa: F401 (shared session fixture)
from tests.stats.fixtures import ROWS, datacrim_bytes, db_snapshot, local_server, version_1_copy


@pytest.fixture
def populated(built_db_template, tmp_path):  # noqa: F811
    path = tmp_path / "crime.sqlite3"
    shutil.copyfile(built_db_template, path)
    return path


@pytest.fixture
def make_tab(qtbot):
    tabs = []

    def make(path, **prefs) -> StatsTab:
        tab = StatsTab(Preferences(database_path=str(path), **prefs))
        qtbot.addWidget(tab)
        tab.resize(1100, 750)
        tabs.append(tab)
        return tab

    yield make
    for tab in tabs:
        tab.shutdown()
    db.close_database()


def test_first_show_fills_findings_and_the_first_chart(qtbot, make_tab, populated):
    tab = make_tab(populated)
    with qtbot.waitSignal(tab.ready, timeout=10_000):
        tab.show()
    assert "476" in tab.findings.text() and "Lima" in tab.findings.text() and "Asalto" in tab.findings.text()
    first = tab.chart_widgets[1]
    assert not first.is_empty_state() and first.figure.axes[0].patches
    assert first.toolbar is not None and first.canvas.figure is first.figure


def test_new_user_database_is_built_in_the_worker_without_freezing(qtbot, make_tab, tmp_path, caplog):
    path = tmp_path / "fresh" / "crime.sqlite3"
    tab = make_tab(path)
    ticks = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.time()))
    timer.start(20)
    with (
        caplog.at_level("INFO", logger="s2c_desktop.stats"),
        qtbot.waitSignal(tab.taskFinished, timeout=60_000) as finished,
    ):
        tab.show()
    timer.stop()
    assert finished.args[0] is True, finished.args[1]
    assert "read 476, loaded 476" in finished.args[1]
    # The import runs in the worker, and the event loop goes on meanwhile: the timer ticks between the first
    # and the last file's record. (A wall-clock bound on the gaps failed on a busy 2-core machine: a loaded
    # machine may not run the process for seconds, which says nothing about where the work runs.)
    work = [r for r in caplog.records if r.name == "s2c_desktop.stats.importers"]
    assert work and all(r.threadName != "MainThread" for r in work), {r.threadName for r in work}
    during = [t for t in ticks if work[0].created < t < work[-1].created]
    assert len(during) >= 3, (len(during), work[-1].created - work[0].created)
    assert models.RobosLima.select().count() == 476
    assert not tab.chart_widgets[1].is_empty_state()
    assert not tab.progress.isVisible() and not tab.cancel_button.isVisible()


def test_an_older_database_is_upgraded_in_the_worker_and_keeps_its_rows(
    qtbot, make_tab, populated, tmp_path, caplog
):
    # Migration 2 rebuilds the summaries from every count row: seconds on a full SIDPOL database, which on
    # the GUI thread froze the window the first time a new version of the app opened the tab.
    old = tmp_path / "old.sqlite3"
    version_1_copy(populated, old)
    tab = make_tab(old)
    with (
        caplog.at_level("INFO", logger="s2c_desktop.stats"),
        qtbot.waitSignal(tab.taskFinished, timeout=60_000) as finished,
    ):
        tab.show()
    assert finished.args[0] is True, finished.args[1]
    steps = [r for r in caplog.records if r.getMessage().startswith("migrating crime database")]
    assert len(steps) == db.SCHEMA_VERSION - 1
    assert all(r.threadName != "MainThread" for r in steps), {r.threadName for r in steps}
    assert db.schema_version(db.current_database()) == db.SCHEMA_VERSION
    assert models.RobosLima.select().count() == 476
    assert not tab.chart_widgets[1].is_empty_state()
    assert "0 files" not in tab.status.text()  # nothing was imported: no import summary
    assert not tab.progress.isVisible() and not tab.cancel_button.isVisible()


def test_a_failed_upgrade_leaves_the_file_as_it_was_and_no_database_open(
    qtbot, make_tab, populated, tmp_path
):
    old = tmp_path / "old.sqlite3"
    version_1_copy(populated, old)
    connection = sqlite3.connect(old)  # a count in a district the file does not know: the summaries refuse it
    connection.execute(
        "INSERT INTO crimenes_datacrim"
        " (fuente, anio, mes, distrito_id, modalidad_id, cantidad, import_log_id)"
        " VALUES ('SIDPOL', 2024, 1, '999999', 999999, 3, 1)"
    )
    connection.commit()
    connection.close()
    before = db_snapshot(old)
    tab = make_tab(old)
    with qtbot.waitSignal(tab.taskFinished, timeout=60_000) as finished:
        tab.show()
    assert finished.args[0] is False
    assert "cannot open the crime database" in finished.args[1]
    assert db.current_database() is None
    assert "No crime database is open" in tab.findings.text()
    assert db_snapshot(old) == before


def test_cancel_leaves_the_database_exactly_as_before(qtbot, make_tab, populated, tmp_path):
    tab = make_tab(populated)
    with qtbot.waitSignal(tab.ready, timeout=10_000):
        tab.show()
    big = tmp_path / "datacrim.csv"
    # Big enough (160k rows) that the import is still running when Cancel is pressed.
    big.write_bytes(datacrim_bytes([(2000 + i % 20, *row[1:]) for i in range(20_000) for row in ROWS]))
    db.current_database().execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    before = db_snapshot(populated)
    with qtbot.waitSignal(tab.taskFinished, timeout=30_000) as finished:
        assert tab.import_files([big])
        assert tab.cancel_button.isVisible() and not tab.import_button.isEnabled()
        qtbot.mouseClick(tab.cancel_button, Qt.MouseButton.LeftButton)
    assert finished.args[0] is False and "Cancelled" in finished.args[1]
    assert db_snapshot(populated) == before
    assert tab.import_button.isEnabled()


def test_import_error_is_shown_and_changes_nothing(qtbot, make_tab, populated, tmp_path):
    tab = make_tab(populated)
    with qtbot.waitSignal(tab.ready, timeout=10_000):
        tab.show()
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"<html><title>Oops</title></html>")
    before = db_snapshot(populated)
    with qtbot.waitSignal(tab.taskFinished, timeout=20_000) as finished:
        tab.import_files([bad])
    assert finished.args[0] is False and "HTML page" in tab.status.text()
    assert db_snapshot(populated) == before


def test_update_from_local_datacrim_server_fills_the_police_charts(qtbot, make_tab, populated):
    with local_server() as server:
        url = server.add("/csv_controller/index", datacrim_bytes())
        tab = make_tab(populated, datacrim_url=url, download_retries=0, download_timeout_s=5.0)
        with qtbot.waitSignal(tab.ready, timeout=10_000):
            tab.show()
        with qtbot.waitSignal(tab.taskFinished, timeout=20_000) as finished:
            tab.update_datacrim()
    assert finished.args[0] is True, finished.args[1]
    tab.chart_list.setCurrentRow(3)
    chart = tab.chart_widgets[4]
    assert chart.source == "auto" and chart.year_box.currentData() == 2019
    assert "DATACRIM" in chart.figure.axes[0].get_title()


def test_chart_selectors(qtbot, make_tab, populated, tmp_path):
    tab = make_tab(populated)
    with qtbot.waitSignal(tab.ready, timeout=10_000):
        tab.show()
    tab.chart_list.setCurrentRow(2)
    district_chart = tab.chart_widgets[3]
    assert district_chart.district_box.currentText() == "San Juan de Lurigancho"
    with qtbot.waitSignal(district_chart.drawn, timeout=5_000):
        district_chart.district_box.setCurrentText("Comas")
    assert "Comas" in district_chart.figure.axes[0].get_title()

    tab.chart_list.setCurrentRow(8)
    level_chart = tab.chart_widgets[9]
    generic_bars = len(level_chart.figure.axes[0].patches)
    with qtbot.waitSignal(level_chart.drawn, timeout=5_000):
        level_chart.level_box.setCurrentIndex(2)
    assert "modality" in level_chart.figure.axes[0].get_title()
    assert len(level_chart.figure.axes[0].patches) >= generic_bars

    tab.chart_list.setCurrentRow(9)
    slider_chart = tab.chart_widgets[10]
    assert slider_chart.year_slider.value() == 2025  # the latest complete year
    with qtbot.waitSignal(slider_chart.drawn, timeout=5_000):
        slider_chart.year_slider.setValue(2019)
    assert "2019" in slider_chart.figure.axes[0].get_title() and slider_chart.year_label.text() == "2019"

    png = slider_chart.export(tmp_path / "chart10.png")
    svg = slider_chart.export(tmp_path / "chart10.svg")
    assert png.read_bytes()[:4] == b"\x89PNG" and b"<svg" in svg.read_bytes()


def test_query_tables_sort_and_export(qtbot, make_tab, populated, tmp_path):
    tab = make_tab(populated)
    with qtbot.waitSignal(tab.ready, timeout=10_000):
        tab.show()
    tab.pages.setCurrentIndex(1)
    panel = tab.query_panel
    panel.select(9)
    assert panel.result.number == 9
    assert panel.proxy.index(0, 0).data() == "Pistola"
    panel.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    counts = [panel.proxy.index(r, 1).data(Qt.ItemDataRole.UserRole) for r in range(panel.proxy.rowCount())]
    assert counts == sorted(counts)
    exported = panel.export_csv(tmp_path / "q9.csv")
    rows = list(csv.reader(exported.open(encoding="utf-8")))
    assert rows[0] == ["Weapon", "Robberies"] and [int(r[1]) for r in rows[1:]] == counts
    panel.select(5)
    assert panel.result.params["year"] == 2025 and "SIDPOL" in panel.note.text()
    assert [panel.year_box.itemData(i) for i in range(panel.year_box.count())] == [None, *range(2018, 2027)]
    assert panel.year_box.itemText(panel.year_box.count() - 1) == "2026 (partial)"
    panel.year_box.setCurrentIndex(panel.year_box.findData(2019))
    assert panel.result.params["year"] == 2019


def test_empty_states_when_the_datasets_are_missing(qtbot, make_tab, tmp_path, monkeypatch):
    monkeypatch.setenv("S2C_DATASETS", str(tmp_path / "nowhere"))
    monkeypatch.setattr("s2c_desktop.paths.candidate_datasets_dirs", lambda: [tmp_path / "nowhere"])
    tab = make_tab(tmp_path / "crime.sqlite3")
    with qtbot.waitSignal(tab.taskFinished, timeout=20_000) as finished:
        tab.show()
    assert finished.args[0] is False and "datasets folder not found" in finished.args[1]
    assert tab.chart_widgets[1].is_empty_state()
    assert "import" in tab.findings.text().lower()


class _MarkingTranslator(QTranslator):
    """A real QTranslator that marks every text it translates (stands in for the Spanish .qm)."""

    def translate(self, context, source, disambiguation=None, n=-1):  # noqa: N802
        return (
            f"«{source}»"
            if context in ("StatsTab", "StatsActions", "QueryPanel", "YearSliderChart", "charts")
            else None
        )

    def isEmpty(self):  # noqa: N802 (Qt skips translators that say they are empty)
        return False


def test_language_change_retranslates_texts_and_charts(qtbot, make_tab, populated):
    tab = make_tab(populated)
    with qtbot.waitSignal(tab.ready, timeout=10_000):
        tab.show()
    tab.chart_list.setCurrentRow(9)
    translator = _MarkingTranslator()
    app = QCoreApplication.instance()
    app.installTranslator(translator)
    try:
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)
        assert tab.import_button.text() == "«Import file…»"
        assert tab.pages.tabText(1) == "«Queries»"
        assert tab.chart_list.item(0).text().startswith("«1.")
        assert tab.findings.text().startswith("«Findings")
        assert tab.query_panel.list.item(0).text().startswith("«1.")
        assert tab.chart_widgets[10].slider_label.text() == "«Year:»"
        assert "«Reports by generic crime»" in tab.chart_widgets[10].figure.axes[0].get_title()
    finally:
        app.removeTranslator(translator)
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)
    assert tab.import_button.text() == "Import file…"


def test_a_damaged_database_file_is_reported_and_left_alone(qtbot, make_tab, tmp_path):
    path = tmp_path / "crime.sqlite3"
    path.write_bytes(b"not a database at all")
    tab = make_tab(path)
    with qtbot.waitSignal(tab.ready, timeout=10_000):
        tab.show()
    assert "Cannot open the crime database" in tab.status.text()
    assert tab.chart_widgets[1].is_empty_state()
    assert path.read_bytes() == b"not a database at all"


def test_deleting_the_tab_during_an_import_cancels_it_safely(qtbot, populated, tmp_path):
    tab = StatsTab(Preferences(database_path=str(populated)))
    with qtbot.waitSignal(tab.ready, timeout=10_000):
        tab.show()
    big = tmp_path / "datacrim.csv"
    big.write_bytes(datacrim_bytes([(2000 + i % 20, *row[1:]) for i in range(20_000) for row in ROWS]))
    before = db_snapshot(populated)
    started = []
    tab.worker.started.connect(started.append)
    assert tab.import_files([big])
    qtbot.waitUntil(lambda: bool(started), timeout=10_000)
    thread = tab.worker.thread
    tab.deleteLater()
    qtbot.waitUntil(lambda: not thread.is_alive(), timeout=30_000)  # cancelled, rolled back, ended by itself
    db.close_database()
    assert db_snapshot(populated) == before


def test_shutdown_during_an_import_returns_promptly_and_rolls_back(qtbot, make_tab, populated, tmp_path):
    tab = make_tab(populated)
    with qtbot.waitSignal(tab.ready, timeout=10_000):
        tab.show()
    big = tmp_path / "datacrim.csv"
    big.write_bytes(datacrim_bytes([(2000 + i % 20, *row[1:]) for i in range(20_000) for row in ROWS]))
    before = db_snapshot(populated)
    assert tab.import_files([big])
    start = time.perf_counter()
    tab.shutdown()
    assert time.perf_counter() - start < 20
    assert tab.worker.thread is None or not tab.worker.thread.is_alive()
    assert db_snapshot(populated) == before


def test_imports_page_lists_the_log_and_the_rejected_rows(qtbot, make_tab, populated, tmp_path):
    tab = make_tab(populated)
    with qtbot.waitSignal(tab.ready, timeout=10_000):
        tab.show()
    rows = [*ROWS, (2019, 4, "CONTRA EL PATRIMONIO", "HURTO", "HURTO SIMPLE", "LIMA", "LIMA", "ATLANTIS")]
    path = tmp_path / "datacrim.csv"
    path.write_bytes(datacrim_bytes(rows))
    with qtbot.waitSignal(tab.taskFinished, timeout=20_000):
        tab.import_files([path])
    tab.pages.setCurrentIndex(2)
    panel = tab.imports_panel
    assert panel.log_model.rowCount() == 5  # geography, robbery types, workbook, SIDPOL, this file
    newest = panel.log_model.rows[0]
    assert newest[1:7] == ("Police reports (DataCrim, INEI)", "datacrim.csv", len(rows), len(ROWS), 0, 1)
    panel.select_import(0)
    assert panel.rejected_model.rowCount() == 1
    assert "district not found: 'ATLANTIS'" in panel.rejected_model.rows[0][1]


def test_an_unexpected_exception_in_the_worker_is_reported_and_the_tab_stays_usable(
    qtbot, make_tab, populated
):
    tab = make_tab(populated)
    with qtbot.waitSignal(tab.ready, timeout=10_000):
        tab.show()
    before = db_snapshot(populated)

    def broken_task(job):
        job.progress(0, 10, "working")
        models.ImportLog.create(source="X", file_name="half-done", sha256="0")  # then a bug strikes
        raise ZeroDivisionError("a bug in the task")

    with qtbot.waitSignal(tab.taskFinished, timeout=20_000) as finished:
        assert tab.run_in_worker(lambda job: models.database_proxy.obj.atomic()(broken_task)(job), "working")
    assert finished.args == [False, "Unexpected error: ZeroDivisionError: a bug in the task"]
    assert "ZeroDivisionError: a bug in the task" in tab.status.text()
    assert tab.import_button.isEnabled() and not tab.progress.isVisible()
    assert db_snapshot(populated) == before
    with qtbot.waitSignal(tab.taskFinished, timeout=20_000) as again:  # the worker takes the next task
        assert tab.run_in_worker(lambda job: [], "working")
    assert again.args[0] is True


def test_exported_query_table_neutralises_spreadsheet_formulas(qtbot, make_tab, populated, tmp_path):
    source = tmp_path / "d.csv"
    source.write_bytes(
        datacrim_bytes([(2019, 5, "=cmd|' /C calc'!A0", "@SUM(1)", "+1+1", "LIMA", "LIMA", "150101 LIMA")])
    )
    tab = make_tab(populated)
    with qtbot.waitSignal(tab.ready, timeout=10_000):
        tab.show()
    with qtbot.waitSignal(tab.taskFinished, timeout=20_000):
        tab.import_files([source])
    tab.pages.setCurrentIndex(1)
    tab.source_box.setCurrentIndex(tab.source_box.findData("DATACRIM"))
    tab.query_panel.select(10)
    assert any(str(row[0]).startswith("=") for row in tab.query_panel.result.rows)  # shown as it is
    rows = list(csv.reader(tab.query_panel.export_csv(tmp_path / "q10.csv").open(encoding="utf-8")))
    assert [r[0].upper() for r in rows[1:] if "CALC" in r[0].upper()] == ["'=CMD|' /C CALC'!A0"]
    assert not [r for r in rows[1:] if r[0].startswith(("=", "+", "-", "@"))]


def test_the_maps_name_the_region_under_the_mouse(qtbot, make_tab, populated):
    from PySide6.QtCore import QPoint

    tab = make_tab(populated)
    with qtbot.waitSignal(tab.ready, timeout=10_000):
        tab.show()
    assert tab.chart_list.count() == 12
    tab.chart_list.setCurrentRow(10)
    chart = tab.chart_widgets[11]
    qtbot.waitUntil(lambda: not chart.is_empty_state() and bool(chart.figure.axes), timeout=10_000)
    assert chart.year_box.currentData() == 2025 and chart.crime_box.itemText(0) == "All crimes"
    chart.canvas.draw()

    def point_at(lon: float, lat: float) -> QPoint:
        x, y = chart.figure.axes[0].transData.transform((lon, lat))
        ratio = chart.canvas.device_pixel_ratio
        return QPoint(int(x / ratio), int(chart.canvas.height() - y / ratio))

    qtbot.mouseMove(chart.canvas, point_at(-78.5, -7.2))  # Cajamarca
    qtbot.waitUntil(lambda: chart.region_info.text().startswith("Cajamarca: "), timeout=5_000)
    assert "report" in chart.region_info.text()
    qtbot.mouseClick(chart.canvas, Qt.MouseButton.LeftButton, pos=point_at(-71.5, -16.4))  # Arequipa
    qtbot.waitUntil(lambda: chart.region_info.text() == "Arequipa: no data", timeout=5_000)

    tab.chart_list.setCurrentRow(11)
    districts = tab.chart_widgets[12]
    qtbot.waitUntil(lambda: bool(districts.figure.axes), timeout=10_000)
    assert districts.region_box.currentText() == "Cajamarca"  # the department with data (no Lima data)
    assert "Cajamarca" in districts.figure.axes[0].get_title()
