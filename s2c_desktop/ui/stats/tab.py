"""The statistics tab: findings, the 10 charts, the 10 query tables, import and DataCrim update.

On first show the tab opens the crime database (building it from the datasets folder in a worker thread
when it is new), then fills the visible chart; the other charts draw when first shown. Imports and the
DataCrim download run in a worker thread with a progress bar and a cancel button; the GUI stays live.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QProgressBar,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from s2c_desktop import paths
from s2c_desktop.errors import S2CError
from s2c_desktop.settings import Preferences
from s2c_desktop.stats import charts, db, importers, models, service
from s2c_desktop.stats.jobs import ImportJob, ImportReport
from s2c_desktop.stats.queries import CrimeReport
from s2c_desktop.ui.background import BackgroundExecutor, Outcome
from s2c_desktop.ui.errors import describe_exception
from s2c_desktop.ui.file_places import FilePlaces
from s2c_desktop.ui.language import follow_language
from s2c_desktop.ui.stats import texts
from s2c_desktop.ui.stats.actions import StatsActions, action_button
from s2c_desktop.ui.stats.chart_widgets import (
    ChartWidget,
    DistrictChart,
    LevelChart,
    ReportProvider,
    YearComboChart,
    YearSliderChart,
)
from s2c_desktop.ui.stats.imports_panel import ImportsPanel
from s2c_desktop.ui.stats.jobs import DatabaseJob
from s2c_desktop.ui.stats.map_chart import MapChart
from s2c_desktop.ui.stats.query_panel import QueryPanel
from s2c_desktop.ui.stats.sunburst_chart import SunburstChart

log = logging.getLogger(__name__)


CHART_WIDGETS: dict[int, type[ChartWidget]] = {
    3: DistrictChart,
    4: YearComboChart,
    8: SunburstChart,
    9: LevelChart,
    10: YearSliderChart,
    11: MapChart,
    12: MapChart,
}


def make_chart_widget(
    number: int, report_provider: ReportProvider, parent: QWidget | None = None
) -> ChartWidget:
    return CHART_WIDGETS.get(number, ChartWidget)(number, report_provider, parent)


def _qt_translate(context: str, text: str) -> str:
    return QCoreApplication.translate(context, text)


class StatsTab(QWidget):
    ready = Signal()  # the data is loaded and the visible chart drawn
    taskFinished = Signal(bool, str)  # noqa: N815 (Qt signal naming): success, message

    def __init__(self, preferences: Preferences, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        follow_language(self, self.retranslate)
        charts.set_translator(_qt_translate)
        self.preferences = preferences
        self._report: CrimeReport | None = None
        self._started = False
        self.reports: list[ImportReport] = []
        self.worker = BackgroundExecutor("stats-worker", self)

        self.source_box = QComboBox()
        for value in ("auto", "DATACRIM", "SIDPOL", "ALL"):
            self.source_box.addItem(value, value)
        self.source_box.currentIndexChanged.connect(lambda _: self.refresh())
        self.ui_actions = StatsActions(self, self._ask_import, self.update_datacrim, self.cancel)
        self.import_button = action_button(self.ui_actions.import_file, self)
        self.update_button = action_button(self.ui_actions.update_datacrim, self)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.progress.setMaximumWidth(240)
        self.cancel_button = action_button(self.ui_actions.cancel, self)
        self.cancel_button.setVisible(False)
        self.status = QLabel("")
        self.status.setWordWrap(True)

        top = QHBoxLayout()
        self.source_label = QLabel()
        top.addWidget(self.source_label)
        top.addWidget(self.source_box)
        top.addWidget(self.import_button)
        top.addWidget(self.update_button)
        top.addWidget(self.progress)
        top.addWidget(self.cancel_button)
        top.addWidget(self.status, 1)

        self.findings = QLabel()
        self.findings.setWordWrap(True)
        self.findings.setObjectName("statsFindings")

        chart_titles = range(1, 13)
        self.chart_list = QListWidget()
        self.chart_list.addItems([""] * len(chart_titles))
        self.chart_stack = QStackedWidget()
        # Chart widgets (a canvas and a toolbar each) are made when first shown: a faster first paint.
        self.chart_widgets: dict[int, ChartWidget] = {}
        self._chart_state: tuple[str, str] | None = None  # ("data", source) or ("message", text)
        for _ in chart_titles:
            self.chart_stack.addWidget(QWidget())
        self.chart_list.currentRowChanged.connect(self._show_chart)
        chart_split = QSplitter()
        chart_split.addWidget(self.chart_list)
        chart_split.addWidget(self.chart_stack)
        chart_split.setStretchFactor(1, 4)
        charts_page = QWidget()
        charts_layout = QVBoxLayout(charts_page)
        charts_layout.addWidget(self.findings)
        charts_layout.addWidget(chart_split, 1)

        self.places = FilePlaces(preferences)
        self.query_panel = QueryPanel(self.report, self)
        self.query_panel.places = self.places
        self.imports_panel = ImportsPanel(self)
        self.pages = QTabWidget()
        self.pages.addTab(charts_page, "")
        self.pages.addTab(self.query_panel, "")
        self.pages.addTab(self.imports_panel, "")

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.pages, 1)
        self.chart_list.setCurrentRow(0)
        self.chart_widget(1)
        self.retranslate()

    def retranslate(self) -> None:
        names = {
            "auto": self.tr("Automatic"),
            "DATACRIM": "DataCrim",
            "SIDPOL": "SIDPOL",
            "ALL": self.tr("Both (may double count)"),
        }
        for index in range(self.source_box.count()):
            self.source_box.setItemText(index, names[self.source_box.itemData(index)])
        self.source_box.setToolTip(self.tr("Source of the police report counts"))
        self.source_label.setText(self.tr("Police reports:"))
        self.ui_actions.retranslate()
        chart_titles = [
            self.tr("1. Robberies per district of Lima and Callao"),
            self.tr("2. Victims' age groups"),
            self.tr("3. Robberies per type in a district"),
            self.tr("4. Reports per district"),
            self.tr("5. Reports per year by province"),
            self.tr("6. Occupations most affected"),
            self.tr("7. Robbery types"),
            self.tr("8. Department, province, district"),
            self.tr("9. Reports by crime level"),
            self.tr("10. Generic crime per year"),
            self.tr("11. Map: departments of Peru"),
            self.tr("12. Map: districts of a department"),
        ]
        for index, title in enumerate(chart_titles):
            self.chart_list.item(index).setText(title)
        self.pages.setTabText(0, self.tr("Charts"))
        self.pages.setTabText(1, self.tr("Queries"))
        self.pages.setTabText(2, self.tr("Imports"))
        if self._report is not None and db.current_database() is not None:
            self._show_findings()
        else:
            self.findings.setText(self.tr("Loading the crime statistics…"))

    # --- data ------------------------------------------------------------------------------------

    def report(self) -> CrimeReport:
        if self._report is None:
            self._report = CrimeReport()
        return self._report

    def database_path(self) -> Path:
        return (
            Path(self.preferences.database_path)
            if self.preferences.database_path
            else db.default_database_path()
        )

    def showEvent(self, event: Any) -> None:  # noqa: N802
        super().showEvent(event)
        if not self._started:
            self._started = True
            QTimer.singleShot(0, self.start)

    def start(self) -> None:
        """Open the database, in the worker when it must first be upgraded to this version's schema (seconds
        on a full database) or built from the datasets (nothing imported yet)."""
        self._started = True
        path = self.database_path()
        try:
            upgrade = db.needs_upgrade(path)
            if not upgrade:
                db.open_database(path)
            empty = not upgrade and db.is_empty()
        except Exception as exc:  # S2CError, or a bug: either way the tab stays usable and says why
            if not isinstance(exc, S2CError):
                log.exception("cannot open the crime database")
            db.close_database()
            models.database_proxy.initialize(None)
            self._set_status(self.tr("Cannot open the crime database: {0}").format(exc), error=True)
            self.refresh()
            return
        if not upgrade and not empty:
            self.refresh()
            return
        datasets = self.preferences.datasets_dir

        def open_or_build(job: ImportJob) -> list[ImportReport]:
            if upgrade:  # opens in this thread; the GUI's reads then connect on their own
                return service.open_or_build(path, datasets, job)
            return importers.import_datasets(paths.datasets_dir(datasets), job)

        message = (
            self.tr("Updating the crime database to this version…")
            if upgrade
            else self.tr("Building the crime database from the datasets…")
        )
        self._set_chart_state(("message", message))
        self.run_in_worker(open_or_build, message)

    def refresh(self) -> None:
        """Re-read everything shown (after an import or a source change)."""
        self._report = CrimeReport()
        if db.current_database() is None:
            message = self.tr("No crime database is open.")
            self.findings.setText(message)
            self._set_chart_state(("message", message))
            self.ready.emit()
            return
        source = self.source_box.currentData() or "auto"
        try:
            self._show_findings()
            self._set_chart_state(("data", source))
            self.query_panel.data_changed(source)
            self.imports_panel.refresh()
        except S2CError as exc:
            self._set_status(str(exc), error=True)
        self.ready.emit()

    def chart_widget(self, number: int) -> ChartWidget:
        """The widget of chart ``number`` (made now if it was never shown)."""
        widget = self.chart_widgets.get(number)
        if widget is None:
            widget = make_chart_widget(number, self.report, self)
            widget.places = self.places
            self.chart_widgets[number] = widget
            placeholder = self.chart_stack.widget(number - 1)
            current = self.chart_stack.currentIndex()
            self.chart_stack.insertWidget(number - 1, widget)
            self.chart_stack.removeWidget(placeholder)
            placeholder.deleteLater()
            self.chart_stack.setCurrentIndex(current)
            self._apply_chart_state(widget)
        return widget

    def _show_chart(self, row: int) -> None:
        if row >= 0:
            self.chart_widget(row + 1)
            self.chart_stack.setCurrentIndex(row)

    def _set_chart_state(self, state: tuple[str, str]) -> None:
        self._chart_state = state
        for widget in self.chart_widgets.values():
            self._apply_chart_state(widget)

    def _apply_chart_state(self, widget: ChartWidget) -> None:
        if self._chart_state is None:
            return
        kind, value = self._chart_state
        if kind == "message":
            widget.show_message(value)
        else:
            widget.data_changed(value)

    def _show_findings(self) -> None:
        self.findings.setText(texts.findings_text(self.report(), self.source_box.currentData() or "auto"))

    # --- long work in the worker ---------------------------------------------------------------------

    def run_in_worker(self, task: Any, message: str) -> bool:
        """Long database work (given an ImportJob: progress, cancel) in the worker, one at a time; False while
        another runs. Imports, the DataCrim update and the first build all go through here."""
        if self.worker.is_busy:
            self._set_status(self.tr("Another import is still running."), error=True)
            return False
        outcome = Outcome(
            self._on_task_succeeded,
            lambda exc: self._on_task_ended(False, describe_exception(exc)),
            self._on_cancelled,
            self._on_progress,
        )
        self.worker.submit(DatabaseJob(task), outcome)
        self._set_busy(True)
        self._set_status(message)
        return True

    def import_files(self, files: list[str | Path], kind: str | None = None) -> bool:
        def run(job: ImportJob) -> list[ImportReport]:
            return importers.import_many([(Path(path), kind) for path in files], job)

        return self.run_in_worker(run, self.tr("Importing…"))

    def update_datacrim(self) -> bool:
        prefs = self.preferences

        def run(job: ImportJob) -> list[ImportReport]:
            return [
                service.update_datacrim(
                    prefs.datacrim_url,
                    timeout=prefs.download_timeout_s,
                    retries=prefs.download_retries,
                    job=job,
                )
            ]

        return self.run_in_worker(run, self.tr("Downloading DataCrim…"))

    def cancel(self) -> None:
        self.worker.cancel()
        self._set_status(self.tr("Cancelling…"))

    def _ask_import(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self,
            self.tr("Import crime data"),
            str(self.places.folder()),
            self.tr("Crime data (*.xlsx *.csv);;All files (*)"),
        )
        if files:
            self.places.chose(files[0])
            self.import_files(files)

    def _on_progress(self, done: int, total: int, text: str) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(min(done, total))
        else:
            self.progress.setRange(0, 0)  # busy indicator
        text = texts.progress_text(text)
        self.progress.setFormat(f"{text} %p%" if total > 0 else text)

    def _on_cancelled(self, _message: str) -> None:
        self._on_task_ended(False, self.tr("Cancelled; the database is unchanged."))

    def _on_task_succeeded(self, result: Any) -> None:
        self.reports = list(result or [])
        details = "\n".join(r.format().splitlines()[0] for r in self.reports) or self.tr("Done.")
        self._on_task_ended(True, details, texts.import_summary(self.reports) if self.reports else None)

    def _on_task_ended(self, success: bool, message: str, summary: str | None = None) -> None:
        self._set_busy(False)
        self._set_status(summary or message, error=not success, details=message)
        self.refresh()
        self.taskFinished.emit(success, message)

    def _set_busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.progress.setRange(0, 0)
        self.cancel_button.setVisible(busy)
        self.ui_actions.set_busy(busy)

    def _set_status(self, message: str, error: bool = False, details: str | None = None) -> None:
        self.status.setText(message)
        self.status.setStyleSheet("color: #a02020;" if error else "")
        self.status.setToolTip(details or message)

    def shutdown(self) -> None:
        """Called by the main window on close: stop a running import (it rolls back)."""
        self.worker.shutdown(30.0)
