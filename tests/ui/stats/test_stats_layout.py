"""Issue 27 §7, §12: at a 1280-pixel window the query names are whole and query 7's columns fit the table;
the map's (x, y) read-out leaves the tool bar when another chart is shown. Real StatsTab, real SQLite."""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint

from s2c_desktop.settings import Preferences
from s2c_desktop.stats import db
from s2c_desktop.ui.stats.tab import StatsTab
from tests.stats.conftest import built_db_template  # noqa: F401 (shared session fixture)


@pytest.fixture
def tab(qtbot, built_db_template, tmp_path: Path):  # noqa: ANN201, F811
    path = tmp_path / "crime.sqlite3"
    shutil.copyfile(built_db_template, path)
    widget = StatsTab(Preferences(database_path=str(path), language="en"))
    qtbot.addWidget(widget)
    widget.resize(1280, 760)
    with qtbot.waitSignal(widget.ready, timeout=10_000):
        widget.show()
    yield widget
    widget.shutdown()
    db.close_database()


def test_query_names_are_whole_and_query_7_fits_the_table(qtbot, tab, tmp_path: Path) -> None:  # noqa: ANN001
    panel = tab.query_panel
    tab.pages.setCurrentIndex(1)
    panel.select(7)
    qtbot.waitUntil(lambda: panel.result is not None and panel.result.number == 7, timeout=5_000)
    tab.grab().save(str(tmp_path / "queries_1280.png"))  # the screenshot looked at: /tmp/s27/after_q7.png

    metrics, width = panel.list.fontMetrics(), panel.list.viewport().width()
    for row in range(panel.list.count()):
        item = panel.list.item(row)
        lines = math.ceil(metrics.horizontalAdvance(item.text()) / (width - 8))
        assert panel.list.visualItemRect(item).height() >= lines * metrics.lineSpacing(), item.text()

    table = panel.table
    header = table.horizontalHeader()
    assert header.count() == 8
    assert header.length() <= table.viewport().width()
    qtbot.waitUntil(lambda: not table.horizontalScrollBar().isVisible(), timeout=2_000)


def test_the_maps_read_out_leaves_with_the_map(qtbot, tab) -> None:  # noqa: ANN001
    tab.chart_list.setCurrentRow(10)
    chart = tab.chart_widgets[11]
    qtbot.waitUntil(lambda: bool(chart.figure.axes), timeout=10_000)
    chart.canvas.draw()
    x, y = chart.figure.axes[0].transData.transform((-78.5, -7.2))
    ratio = chart.canvas.device_pixel_ratio
    qtbot.mouseMove(chart.canvas, QPoint(int(x / ratio), int(chart.canvas.height() - y / ratio)))
    qtbot.waitUntil(lambda: bool(chart.toolbar.locLabel.text()), timeout=5_000)

    tab.chart_list.setCurrentRow(0)  # another chart: the map's read-out goes
    assert chart.toolbar.locLabel.text() == ""
    tab.chart_list.setCurrentRow(10)  # and does not come back stale
    assert chart.toolbar.locLabel.text() == ""
