"""The statistics tab: charts, query tables, findings, import/update in a worker thread."""

from s2c_desktop.ui.stats.tab import StatsTab

__all__ = ["StatsTab"]
