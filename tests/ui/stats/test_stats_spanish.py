"""The statistics tab in Spanish (the shipped catalogue): no English left, local times, Spanish plurals."""

from __future__ import annotations

import datetime as dt
import shutil
import time

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QTranslator

from s2c_desktop.settings import Preferences
from s2c_desktop.stats import charts, db
from s2c_desktop.stats.jobs import ImportReport
from s2c_desktop.ui.stats import texts
from s2c_desktop.ui.stats.imports_panel import local_time
from s2c_desktop.ui.stats.tab import StatsTab
from tests.stats.conftest import built_db_template  # noqa: F401 (shared session fixture)


@pytest.fixture
def spanish(qapp):
    from s2c_desktop.ui.language import translations_dir

    translator = QTranslator()
    assert translator.load("s2c_es", str(translations_dir()))
    QCoreApplication.installTranslator(translator)
    QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)
    yield
    QCoreApplication.removeTranslator(translator)
    QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)


@pytest.fixture
def tab(qtbot, spanish, built_db_template, tmp_path):  # noqa: F811
    path = tmp_path / "crime.sqlite3"
    shutil.copyfile(built_db_template, path)
    widget = StatsTab(Preferences(database_path=str(path)))
    qtbot.addWidget(widget)
    widget.resize(1100, 750)
    with qtbot.waitSignal(widget.ready, timeout=10_000):
        widget.show()
    yield widget
    widget.shutdown()
    db.close_database()


def test_findings_name_the_scope_of_each_source_in_spanish(tab):
    text = tab.findings.text()
    assert text.startswith(
        "Hallazgos de 476 robos reportados por la prensa en Lima y Callao (2016-12 – 2017-06)"
    )
    assert "Denuncias policiales (SIDPOL): Cajamarca, 2018–2026 (2026 parcial)." in text


def test_no_english_left_in_queries_imports_and_chart_tools(tab):
    tab.pages.setCurrentIndex(1)
    panel = tab.query_panel
    assert panel.year_box.itemText(0) == "último año completo"
    panel.select(7)
    if "tie" in (panel.result.note or "") or "empatan" in panel.note.text():
        assert "empatan" in panel.note.text() and "tie" not in panel.note.text()
    panel.select(6)
    assert panel.result.rows[-1][0] == "sin fecha" and "3 robos sin fecha" in panel.note.text()
    panel.select(10)
    assert "promedios anuales" in panel.note.text() and "el gráfico 9 muestra totales" in panel.note.text()

    tab.pages.setCurrentIndex(2)
    imports = tab.imports_panel
    assert imports.log_model.headers[0] == "Hora"
    repairs = " ".join(str(row[-1]) for row in imports.log_model.rows)
    assert "distrito reconocido por alias" in repairs and "district matched" not in repairs

    tips = {action.toolTip() for action in tab.chart_widgets[1].toolbar.actions() if action.toolTip()}
    assert (
        "Exportar el gráfico a tamaño de impresión (PNG, SVG o PDF)" in tips
        and "Restablecer la vista original" in tips
    )
    assert not {"Reset original view", "Zoom to rectangle", "Configure subplots"} & tips
    assert charts.chart_title(1) == "Robos por distrito de Lima y Callao"
    assert texts.progress_text("summarising") == "resumiendo"
    assert texts.progress_text("reading crimenes.csv") == "leyendo crimenes.csv"


def test_the_import_summary_speaks_spanish_plurals(spanish):
    one = ImportReport("DATACRIM", "a.csv", read=1, loaded=1)
    assert texts.import_summary([one]) == (
        "Importación de 1 archivo: 1 fila cargada, 0 filas rechazadas, "
        "0 archivos ya importados (ver Importaciones)."
    )
    two = [
        ImportReport("DATACRIM", "a.csv", loaded=5, rejected=1),
        ImportReport("SIDPOL", "b.csv", already_imported=True),
    ]
    assert texts.import_summary(two) == (
        "Importación de 2 archivos: 5 filas cargadas, 1 fila rechazada, "
        "1 archivo ya importado (ver Importaciones)."
    )


def test_import_times_are_shown_in_local_time(monkeypatch):
    monkeypatch.setenv("TZ", "America/Lima")
    time.tzset()
    try:
        assert local_time(dt.datetime(2026, 11, 29, 21, 5, 0)) == "2026-11-29 16:05:00"  # stored in UTC
        assert local_time("2026-11-29 21:05:00.123456") == "2026-11-29 16:05:00"
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
