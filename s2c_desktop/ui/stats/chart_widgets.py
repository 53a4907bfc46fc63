"""One chart per widget: a matplotlib canvas with its navigation toolbar (napari-matplotlib's base style).

:class:`ChartWidget` owns the figure, the FigureCanvasQTAgg and the NavigationToolbar; ``clear()`` and
``draw()`` are the template methods. Subclasses add selectors (district, level, year slider) and pass
their values to the chart builder in :mod:`s2c_desktop.stats.charts`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg, NavigationToolbar2QT
from matplotlib.figure import Figure
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from s2c_desktop.errors import S2CError
from s2c_desktop.stats import charts, press_charts
from s2c_desktop.stats.queries import CrimeReport
from s2c_desktop.ui.file_places import FilePlaces
from s2c_desktop.ui.language import follow_language

log = logging.getLogger(__name__)

ReportProvider = Callable[[], CrimeReport]


class ChartWidget(QWidget):
    places: FilePlaces | None = None  # where export dialogs open (set by the tab)

    """Base: toolbar row (selectors + export), navigation toolbar, canvas. Draws lazily when shown."""

    drawn = Signal(int)

    def __init__(self, number: int, report_provider: ReportProvider, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        follow_language(self, self._language_changed)
        self.number = number
        self._report_provider = report_provider
        # Nothing to draw until the tab has opened the database and called data_changed().
        self._stale = False
        self.source = "auto"
        self.figure = Figure(figsize=charts.FIGSIZE, layout="constrained")
        self.canvas = FigureCanvasQTAgg(self.figure)
        self.canvas.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.toolbar = NavigationToolbar2QT(self.canvas, self)
        self._trim_toolbar()
        # The toolbar's (x, y) read-out belongs to the mouse over this chart: cleared when the mouse leaves
        # it, when the chart is redrawn and when another chart is shown (it stayed, stale, before).
        self.canvas.mpl_connect("figure_leave_event", lambda _event: self.toolbar.set_message(""))

        self.selector_row = QHBoxLayout()
        self.add_selectors(self.selector_row)
        self.selector_row.addStretch(1)
        self.export_button = QPushButton()
        self.export_button.clicked.connect(self._ask_export)
        self.selector_row.addWidget(self.export_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.selector_row)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.canvas, 1)
        self.retranslate()

    def _trim_toolbar(self) -> None:
        """matplotlib's margin and "Figure options" dialogs speak only English and edit what the charts
        already lay out (titles, axes, legends): an analyst does not need them. Its Save is our export."""
        for action in self.toolbar.actions():
            if action.text() in ("Subplots", "Customize"):
                self.toolbar.removeAction(action)
            elif action.text() == "Save":
                action.triggered.disconnect()
                action.triggered.connect(self._ask_export)

    def retranslate(self) -> None:
        self.export_button.setText(self.tr("Export PNG/SVG/PDF…"))
        # matplotlib's toolbar speaks English: its tooltips in the user's language, by action name.
        tips = {
            "Home": self.tr("Reset the original view"),
            "Back": self.tr("Back to the previous view"),
            "Forward": self.tr("Forward to the next view"),
            "Pan": self.tr("Pan with the left button, zoom with the right"),
            "Zoom": self.tr("Zoom to a rectangle"),
            "Save": self.tr("Export the chart at print size (PNG, SVG or PDF)"),
        }
        for action in self.toolbar.actions():
            key = action.data() if isinstance(action.data(), str) else action.text()
            if key in tips:
                action.setData(key)
                action.setText(tips[key])
                action.setToolTip(tips[key])
        self.retranslate_selectors()

    def retranslate_selectors(self) -> None:
        """Subclasses set their selector labels here (called again when the language changes)."""

    def _language_changed(self) -> None:
        self.retranslate()
        if not self._stale and self.figure.axes:
            self.invalidate()  # titles and labels are drawn in the current language

    # --- template methods -----------------------------------------------------------------------

    def add_selectors(self, row: QHBoxLayout) -> None:
        """Subclasses add their selector widgets to ``row``."""

    def options(self) -> dict[str, Any]:
        """Keyword options for the chart builder (from the selectors)."""
        return {"source": self.source}

    def refresh_selectors(self, report: CrimeReport) -> None:
        """Fill selectors from the data (after an import)."""

    def clear(self) -> None:
        self.figure.clear()
        self.canvas.draw_idle()

    def draw(self) -> None:
        self.toolbar.set_message("")
        report = self._report_provider()
        try:
            charts.build_chart(self.number, report, figure=self.figure, **self.options())
        except S2CError as exc:
            charts.empty_figure(charts.chart_title(self.number), str(exc), self.figure)
        except Exception as exc:  # a bug must not take the tab down (Qt would swallow it mid-show)
            log.exception("chart %d failed", self.number)
            charts.empty_figure(
                charts.chart_title(self.number),
                self.tr("Could not draw this chart: {0}").format(exc),
                self.figure,
            )
        self.canvas.draw_idle()
        self._stale = False
        self.drawn.emit(self.number)

    # --- data changes and lazy drawing ----------------------------------------------------------------

    def data_changed(self, source: str | None = None) -> None:
        """The data (or the source) changed: refill the selectors, redraw now if visible, else when shown."""
        if source is not None:
            self.source = source
        self.refresh_selectors(self._report_provider())
        self.invalidate()

    def invalidate(self) -> None:
        """A selector changed: redraw now if visible, else when shown."""
        self._stale = True
        if self.isVisible():
            self.draw()

    def ensure_drawn(self) -> None:
        if self._stale:
            self.draw()

    def showEvent(self, event: Any) -> None:  # noqa: N802 (Qt naming)
        super().showEvent(event)
        self.ensure_drawn()

    def hideEvent(self, event: Any) -> None:  # noqa: N802 (Qt naming)
        super().hideEvent(event)
        self.toolbar.set_message("")

    def show_message(self, message: str) -> None:
        """An empty state with ``message`` (e.g. no database could be opened)."""
        charts.empty_figure(charts.chart_title(self.number), message, self.figure)
        self._stale = False
        self.canvas.draw_idle()

    def is_empty_state(self) -> bool:
        return charts.is_empty_state(self.figure)

    # --- export ----------------------------------------------------------------------------------

    def export(self, path: str | Path) -> Path:
        path = Path(path)
        if path.suffix.lower() not in (".png", ".svg", ".pdf"):
            path = path.with_suffix(".png")
        # A fresh figure at print size, whatever the size of the window the chart is shown in.
        try:
            figure = charts.build_chart(self.number, self._report_provider(), **self.options())
        except S2CError as exc:
            figure = charts.empty_figure(charts.chart_title(self.number), str(exc))
        charts.save_figure(figure, path)
        return path

    def default_export_name(self) -> str:
        return self.tr("chart_{0}").format(self.number) + ".png"

    def _ask_export(self) -> None:
        name = self.default_export_name()
        start = self.places.path(name) if self.places else str(Path.home() / name)
        name, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Export chart"),
            start,
            self.tr("PNG image (*.png);;SVG image (*.svg);;PDF document (*.pdf)"),
        )
        if not name:
            return
        if self.places:
            self.places.chose(name)
        try:
            self.export(name)
        except (OSError, S2CError) as exc:
            QMessageBox.warning(
                self, self.tr("Export chart"), self.tr("Could not export the chart: {0}").format(exc)
            )


class DistrictChart(ChartWidget):
    """Chart 3: robberies per type in the chosen district."""

    def add_selectors(self, row: QHBoxLayout) -> None:
        self.district_label = QLabel()
        row.addWidget(self.district_label)
        self.district_box = QComboBox()
        self.district_box.setMinimumContentsLength(22)
        self.district_box.currentTextChanged.connect(lambda _: self.invalidate())
        row.addWidget(self.district_box)

    def retranslate_selectors(self) -> None:
        self.district_label.setText(self.tr("District:"))

    def refresh_selectors(self, report: CrimeReport) -> None:
        current = self.district_box.currentText() or press_charts.DEFAULT_DISTRICT
        districts = report.robbery_districts()
        self.district_box.blockSignals(True)
        self.district_box.clear()
        self.district_box.addItems(districts)
        index = self.district_box.findText(
            current, Qt.MatchFlag.MatchFixedString
        )  # any case: older databases
        self.district_box.setCurrentIndex(max(index, 0))
        self.district_box.blockSignals(False)

    def options(self) -> dict[str, Any]:
        return {"district": self.district_box.currentText() or None}


class LevelChart(ChartWidget):
    """Chart 9: reports by modality, specific or generic crime."""

    def add_selectors(self, row: QHBoxLayout) -> None:
        self.level_label = QLabel()
        row.addWidget(self.level_label)
        self.level_box = QComboBox()
        for level in ("generic", "specific", "modality"):
            self.level_box.addItem(level, level)
        self.level_box.currentIndexChanged.connect(lambda _: self.invalidate())
        row.addWidget(self.level_box)

    def retranslate_selectors(self) -> None:
        self.level_label.setText(self.tr("Level:"))
        names = {
            "generic": self.tr("Generic crime"),
            "specific": self.tr("Specific crime"),
            "modality": self.tr("Modality"),
        }
        for index in range(self.level_box.count()):
            self.level_box.setItemText(index, names[self.level_box.itemData(index)])

    def options(self) -> dict[str, Any]:
        return {"source": self.source, "level": self.level_box.currentData()}


class YearSliderChart(ChartWidget):
    """Chart 10: the study animated the years; here a slider picks the year."""

    def add_selectors(self, row: QHBoxLayout) -> None:
        self.slider_label = QLabel()
        row.addWidget(self.slider_label)
        self.year_slider = QSlider(Qt.Orientation.Horizontal)
        self.year_slider.setMinimumWidth(180)
        self.year_slider.setPageStep(1)
        self.year_slider.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.year_label = QLabel("")
        self.year_slider.valueChanged.connect(self._year_changed)
        row.addWidget(self.year_slider)
        row.addWidget(self.year_label)
        self._years: list[int] = []

    def retranslate_selectors(self) -> None:
        self.slider_label.setText(self.tr("Year:"))

    def refresh_selectors(self, report: CrimeReport) -> None:
        self._years = report.years(self.source)
        latest = report.latest_year(self.source)
        self.year_slider.blockSignals(True)
        self.year_slider.setEnabled(bool(self._years))
        if self._years:
            self.year_slider.setRange(self._years[0], self._years[-1])
            self.year_slider.setValue(latest or self._years[-1])
        self.year_slider.blockSignals(False)
        self.year_label.setText(str(self.year_slider.value()) if self._years else "")

    def _year_changed(self, value: int) -> None:
        self.year_label.setText(str(value))
        self.invalidate()

    def options(self) -> dict[str, Any]:
        year = self.year_slider.value() if self._years else None
        return {"source": self.source, "year": year}


class YearComboChart(ChartWidget):
    """Charts 4 and 8: one year at a time (default the latest complete year)."""

    def add_selectors(self, row: QHBoxLayout) -> None:
        self.year_label = QLabel()
        row.addWidget(self.year_label)
        self.year_box = QComboBox()
        self.year_box.currentIndexChanged.connect(lambda _: self.invalidate())
        row.addWidget(self.year_box)

    def retranslate_selectors(self) -> None:
        self.year_label.setText(self.tr("Year:"))

    def refresh_selectors(self, report: CrimeReport) -> None:
        fill_year_box(self.year_box, report, self.source, self.tr("partial year"))

    def options(self) -> dict[str, Any]:
        return {"source": self.source, "year": self.year_box.currentData()}


def fill_year_box(box: QComboBox, report: CrimeReport, source: str, partial: str) -> None:
    """The years present in ``source`` (a year still being reported marked ``partial``), keeping the
    current choice, else the latest complete year."""
    current = box.currentData()
    complete = set(report.complete_years(source))
    years = report.years(source)
    box.blockSignals(True)
    box.clear()
    for year in years:
        box.addItem(
            str(year) if year in complete or len(complete) == len(years) else f"{year} ({partial})", year
        )
    index = box.findData(current if current in years else report.latest_year(source))
    box.setCurrentIndex(max(index, 0))
    box.blockSignals(False)
