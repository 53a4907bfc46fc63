"""The study's 10 queries as sortable tables with CSV export."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from s2c_desktop.atomic import atomic_write_text
from s2c_desktop.errors import S2CError
from s2c_desktop.stats.csv_export import to_csv
from s2c_desktop.stats.queries import CrimeReport
from s2c_desktop.stats.query_result import REPORT_QUERIES, QueryResult
from s2c_desktop.ui.file_places import FilePlaces
from s2c_desktop.ui.language import follow_language

ModelIndex = QModelIndex | QPersistentModelIndex


class QueryTableModel(QAbstractTableModel):
    """Plain rows; numbers sort as numbers (Qt.UserRole holds the raw value)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.headers: list[str] = []
        self.rows: list[tuple[Any, ...]] = []

    def set_result(self, headers: list[str], rows: list[tuple[Any, ...]]) -> None:
        self.beginResetModel()
        self.headers, self.rows = headers, rows
        self.endResetModel()

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        value = self.rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.UserRole:
            return value
        if role == Qt.ItemDataRole.TextAlignmentRole and isinstance(value, int | float):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and isinstance(value, str) and len(value) > 40:
            return value
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None


class FittingTable(QTableView):
    """A table whose columns fit its width: text columns wider than their share wrap their text onto more
    lines (rows grow), so no column runs off the screen (query 7 has eight, three of them long names)."""

    MIN_TEXT_COLUMN = 90

    def fit_columns(self) -> None:
        header = self.horizontalHeader()
        self.resizeColumnsToContents()
        count = header.count()
        # Leave room for the vertical scroll bar the taller (wrapped) rows may bring.
        # (the viewport without scroll bars, whatever bars the previous rows showed).
        available = self.maximumViewportSize().width() - self.verticalScrollBar().sizeHint().width() - 2
        if self.verticalHeader().isVisible():
            available -= self.verticalHeader().width()
        widths = [header.sectionSize(i) for i in range(count)]
        if not count or sum(widths) <= available:
            self.resizeRowsToContents()
            return
        # Water-filling: the narrow columns keep their width, the wide ones share what is left equally.
        fixed = 0
        order = sorted(range(count), key=lambda i: widths[i])
        for position, index in enumerate(order):
            share = (available - fixed) // (count - position)
            if widths[index] > share:
                for rest in order[position:]:
                    header.resizeSection(rest, max(self.MIN_TEXT_COLUMN, share))
                break
            fixed += widths[index]
        self.resizeRowsToContents()

    def resizeEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self.fit_columns()


class _SortProxy(QSortFilterProxyModel):
    def lessThan(self, left: ModelIndex, right: ModelIndex) -> bool:  # noqa: N802
        a, b = left.data(Qt.ItemDataRole.UserRole), right.data(Qt.ItemDataRole.UserRole)
        if a is None or b is None:
            return a is None and b is not None
        if isinstance(a, int | float) and isinstance(b, int | float):
            return a < b
        return str(a).casefold() < str(b).casefold()


class QueryPanel(QWidget):
    places: FilePlaces | None = None  # where export dialogs open (set by the tab)

    def __init__(self, report_provider: Callable[[], CrimeReport], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        follow_language(self, self.retranslate)
        self._report_provider = report_provider
        self.source = "auto"
        self.result: QueryResult | None = None
        self.titles: dict[int, str] = {}
        self.column_names: dict[str, str] = {}
        self.list = QListWidget()
        self.list.addItems([""] * 10)
        # Whole names: long ones wrap onto a second line instead of being cut at the list's edge.
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setMinimumWidth(self.list.fontMetrics().averageCharWidth() * 34)
        self.list.currentRowChanged.connect(lambda _: self.run_current())
        # Only the years the data has (a spin box stepped from year 1 and cut its "latest" label off).
        self.year_box = QComboBox()
        self.year_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.year_box.addItem("", None)
        self.year_box.currentIndexChanged.connect(lambda _: self.run_current())
        self.note = QLabel("")
        self.note.setWordWrap(True)
        self.export_button = QPushButton()
        self.export_button.clicked.connect(self._ask_export)
        self.model = QueryTableModel(self)
        self.proxy = _SortProxy(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(Qt.ItemDataRole.UserRole)
        self.table = FittingTable()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.setWordWrap(True)
        self.table.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setMaximumSectionSize(420)

        controls = QHBoxLayout()
        self.year_label = QLabel()
        controls.addWidget(self.year_label)
        controls.addWidget(self.year_box)
        controls.addStretch(1)
        controls.addWidget(self.export_button)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addLayout(controls)
        right_layout.addWidget(self.table, 1)
        right_layout.addWidget(self.note)
        splitter = QSplitter()
        splitter.addWidget(self.list)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self.retranslate()

    def retranslate(self) -> None:
        self.titles = {
            1: self.tr("1. Robbery types with description and number of incidents"),
            2: self.tr("2. Robberies per district of Lima and Callao"),
            3: self.tr("3. Robberies where the ages of victim and offender are known"),
            4: self.tr("4. Modality and district with the most reports in a year"),
            5: self.tr("5. Districts by reports in a year"),
            6: self.tr("6. Robberies per quarter and year"),
            7: self.tr("7. Modality and district with the fewest reports in a year"),
            8: self.tr("8. Average reports per district (per year)"),
            9: self.tr("9. Robberies per weapon type"),
            10: self.tr("10. Average reports per generic crime (per year)"),
        }
        self.column_names = {
            "robbery_type": self.tr("Robbery type"),
            "description": self.tr("Description"),
            "incidents": self.tr("Incidents"),
            "district": self.tr("District"),
            "province": self.tr("Province"),
            "robberies": self.tr("Robberies"),
            "date": self.tr("Date"),
            "victim_age": self.tr("Victim's age"),
            "offender_age": self.tr("Offender's age"),
            "title": self.tr("Headline"),
            "year": self.tr("Year"),
            "modality": self.tr("Modality"),
            "specific_crime": self.tr("Specific crime"),
            "generic_crime": self.tr("Generic crime"),
            "department": self.tr("Department"),
            "reports": self.tr("Reports"),
            "ubigeo": self.tr("UBIGEO"),
            "quarter": self.tr("Quarter"),
            "total_reports": self.tr("Total reports"),
            "years": self.tr("Years"),
            "average_per_year": self.tr("Average per year"),
            "weapon": self.tr("Weapon"),
        }
        for number, title in self.titles.items():
            self.list.item(number - 1).setText(title)
        self.year_box.setItemText(0, self.tr("latest complete year"))
        self.year_label.setText(self.tr("Year (queries 4, 5, 7):"))
        self.export_button.setText(self.tr("Export CSV…"))
        if self.result is not None:
            self.run_current()

    def current_number(self) -> int:
        return max(self.list.currentRow(), 0) + 1

    def select(self, number: int) -> None:
        self.list.setCurrentRow(number - 1)

    def data_changed(self, source: str) -> None:
        self.source = source
        self._fill_years()
        if self.isVisible() or self.result is not None:
            self.run_current()

    def _fill_years(self) -> None:
        report = self._report_provider()
        current = self.year_box.currentData()
        try:
            years, complete = report.years(self.source), set(report.complete_years(self.source))
        except S2CError:
            years, complete = [], set()
        self.year_box.blockSignals(True)
        while self.year_box.count() > 1:
            self.year_box.removeItem(1)
        for year in years:
            self.year_box.addItem(
                str(year) if year in complete else self.tr("{0} (partial)").format(year), year
            )
        self.year_box.setCurrentIndex(max(self.year_box.findData(current), 0) if current in years else 0)
        self.year_box.blockSignals(False)

    def run_current(self) -> QueryResult | None:
        number = self.current_number()
        params: dict[str, Any] = {"source": self.source}
        if self.year_box.currentData() is not None:
            params["year"] = self.year_box.currentData()
        try:
            result = self._report_provider().run(number, **params)
        except S2CError as exc:
            self.note.setText(str(exc))
            self.model.set_result([], [])
            return None
        self.result = result
        self.model.set_result([self.column_names.get(c, c) for c in result.columns], result.rows)
        # Show the query's own order first; clicking a header sorts.
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.proxy.sort(-1)
        self.table.fit_columns()
        notes = [self.tr("{0} rows").format(len(result.rows))]
        if number in REPORT_QUERIES:
            notes.append(self.tr("source: {0}").format(", ".join(result.params.get("source", ()))))
            if result.params.get("year"):
                notes.append(self.tr("year: {0}").format(result.params["year"]))
        if result.note:
            notes.append(result.note)
        if not result.rows:
            notes.append(self.tr("no data: import the datasets or update from DataCrim"))
        self.note.setText(" · ".join(notes))
        return result

    def showEvent(self, event: Any) -> None:  # noqa: N802
        super().showEvent(event)
        if self.result is None:
            self.select(self.current_number())
            self.run_current()

    def export_csv(self, path: str | Path) -> Path:
        """The table as shown (sorted), UTF-8 with a header row, written atomically."""
        path = Path(path)
        rows = [
            [
                self.proxy.index(row, col).data(Qt.ItemDataRole.UserRole)
                for col in range(self.proxy.columnCount())
            ]
            for row in range(self.proxy.rowCount())
        ]
        atomic_write_text(path, to_csv(self.model.headers, rows))
        return path

    def _ask_export(self) -> None:
        file_name = f"query_{self.current_number()}.csv"
        start = self.places.path(file_name) if self.places else str(Path.home() / file_name)
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export table"), start, self.tr("CSV file (*.csv)")
        )
        if not name:
            return
        if self.places:
            self.places.chose(name)
        try:
            self.export_csv(name)
        except OSError as exc:
            QMessageBox.warning(
                self, self.tr("Export table"), self.tr("Could not export the table: {0}").format(exc)
            )
