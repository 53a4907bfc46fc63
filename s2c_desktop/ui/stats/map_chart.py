"""Charts 11 and 12 in the tab: the choropleth maps, with year, crime and region selectors, and the name
and count of the region under the mouse (hover or click) in a line under the map."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from s2c_desktop.stats import figures, map_data, maps, scope
from s2c_desktop.stats.queries import CrimeReport
from s2c_desktop.ui.stats.chart_widgets import ChartWidget, ReportProvider, fill_year_box


class MapChart(ChartWidget):
    """Chart 11 (departments of Peru) or 12 (districts of one department, or of Lima and Callao)."""

    def __init__(self, number: int, report_provider: ReportProvider, parent: QWidget | None = None) -> None:
        super().__init__(number, report_provider, parent)
        self.region_info = QLabel("")
        self.region_info.setObjectName("mapRegionInfo")
        self.layout().addWidget(self.region_info)
        self.canvas.mpl_connect("motion_notify_event", self._on_mouse)
        self.canvas.mpl_connect("button_press_event", self._on_mouse)

    def add_selectors(self, row: QHBoxLayout) -> None:
        self.year_label = QLabel()
        self.year_box = QComboBox()
        self.crime_label = QLabel()
        self.crime_box = QComboBox()
        self.crime_box.setMinimumContentsLength(18)
        widgets: list[QWidget] = [self.year_label, self.year_box, self.crime_label, self.crime_box]
        self.region_box: QComboBox | None = None
        if self.number == 12:
            self.region_label = QLabel()
            self.region_box = QComboBox()
            self.region_box.setMinimumContentsLength(16)
            widgets += [self.region_label, self.region_box]
        for widget in widgets:
            row.addWidget(widget)
        for box in (self.year_box, self.crime_box, self.region_box):
            if box is not None:
                box.currentIndexChanged.connect(lambda _: self.invalidate())

    def retranslate_selectors(self) -> None:
        self.year_label.setText(self.tr("Year:"))
        self.crime_label.setText(self.tr("Crime:"))
        if self.crime_box.count():
            self.crime_box.setItemText(0, self.tr("All crimes"))
        if self.region_box is not None:
            self.region_label.setText(self.tr("Area:"))
            if self.region_box.count():
                self.region_box.setItemText(0, self.tr("Lima and Callao"))

    def refresh_selectors(self, report: CrimeReport) -> None:
        fill_year_box(self.year_box, report, self.source, self.tr("partial year"))
        current_crime = self.crime_box.currentData()
        self.crime_box.blockSignals(True)
        self.crime_box.clear()
        self.crime_box.addItem(self.tr("All crimes"), None)
        for name in map_data.generic_crimes(report, self.source):
            self.crime_box.addItem(figures.crime_label(name), name)
        self.crime_box.setCurrentIndex(max(self.crime_box.findData(current_crime), 0))
        self.crime_box.blockSignals(False)
        if self.region_box is not None:
            current_region = self.region_box.currentData()
            departments = scope.departments_with_reports(report, self.source)
            self.region_box.blockSignals(True)
            self.region_box.clear()
            self.region_box.addItem(self.tr("Lima and Callao"), map_data.LIMA_CALLAO)
            for code, name in departments:
                self.region_box.addItem(name, code)
            lima_has_data = any(code in ("07", "15") for code, _ in departments)
            fallback = map_data.LIMA_CALLAO if lima_has_data or not departments else departments[0][0]
            index = self.region_box.findData(current_region if current_region is not None else fallback)
            self.region_box.setCurrentIndex(max(index, 0))
            self.region_box.blockSignals(False)

    def options(self) -> dict[str, Any]:
        options = {
            "source": self.source,
            "year": self.year_box.currentData(),
            "crime": self.crime_box.currentData(),
        }
        if self.region_box is not None:
            options["department"] = self.region_box.currentData()
        return options

    def draw(self) -> None:
        self.region_info.setText(self.tr("Point at a region to see its name and count."))
        super().draw()

    def region_at(self, event: Any) -> tuple[str, str, int | None] | None:
        hits = maps.map_hits(self.figure)
        return hits.region_at(event) if hits is not None and event.inaxes is not None else None

    def _on_mouse(self, event: Any) -> None:
        region = self.region_at(event)
        if region is None:
            return
        _code, name, count = region
        if count is None:
            self.region_info.setText(self.tr("{0}: no data").format(name))
        elif count == 1:
            self.region_info.setText(self.tr("{0}: 1 report").format(name))
        else:
            self.region_info.setText(self.tr("{0}: {1} reports").format(name, count))
