"""Chart 8 in the tab: the sunburst with its year selector, and the wedge under the mouse (hover or click)
named with its department, province and district and its count, in a line under the chart."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel, QWidget

from s2c_desktop.stats import sunburst
from s2c_desktop.ui.stats.chart_widgets import ReportProvider, YearComboChart


class SunburstChart(YearComboChart):
    def __init__(self, number: int, report_provider: ReportProvider, parent: QWidget | None = None) -> None:
        super().__init__(number, report_provider, parent)
        self.wedge_info = QLabel("")
        self.wedge_info.setObjectName("sunburstWedgeInfo")
        self.layout().addWidget(self.wedge_info)
        self.canvas.mpl_connect("motion_notify_event", self._on_mouse)
        self.canvas.mpl_connect("button_press_event", self._on_mouse)

    def draw(self) -> None:
        self.wedge_info.setText(self.tr("Point at a ring to see its name and count."))
        super().draw()

    def wedge_at(self, event: Any) -> tuple[tuple[str, ...], int] | None:
        hits = sunburst.sunburst_hits(self.figure)
        return hits.wedge_at(event) if hits is not None and event.inaxes is not None else None

    def _on_mouse(self, event: Any) -> None:
        found = self.wedge_at(event)
        hits = sunburst.sunburst_hits(self.figure)
        if found is None or hits is None:
            return
        path, value = found
        share = 100.0 * value / max(hits.total, 1)
        self.wedge_info.setText(
            self.tr("{0}: {1} reports ({2} %)").format(
                " › ".join(path), f"{value:,}".replace(",", " "), f"{share:.1f}"
            )
        )
