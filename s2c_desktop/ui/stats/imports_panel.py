"""The import log and the rejected rows: every source row is accounted for, and the user can see how."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QLabel, QSplitter, QTableView, QVBoxLayout, QWidget

from s2c_desktop.stats import db, models
from s2c_desktop.ui.language import follow_language
from s2c_desktop.ui.stats.query_panel import QueryTableModel


def local_time(stored: dt.datetime | str) -> str:
    """The import log keeps UTC (portable between machines); people read their own clock."""
    moment = stored if isinstance(stored, dt.datetime) else dt.datetime.fromisoformat(str(stored))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone().strftime("%Y-%m-%d %H:%M:%S")


class ImportsPanel(QWidget):
    def source_name(self, source: str) -> str:
        """The import's source as the analyst knows it (the log stores a code such as ``DATA_CRIMINAL``)."""
        names = {
            models.SOURCE_GEOGRAPHY: self.tr("Geography (UBIGEO)"),
            models.SOURCE_ROBBERY_TYPES: self.tr("Robbery types"),
            models.SOURCE_DATA_CRIMINAL: self.tr("Press robberies (Data Criminal)"),
            models.SOURCE_DATACRIM: self.tr("Police reports (DataCrim, INEI)"),
            models.SOURCE_SIDPOL: self.tr("Police reports (SIDPOL)"),
        }
        return names.get(source, source)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        follow_language(self, self.retranslate)
        self.log_model = QueryTableModel(self)
        self.rejected_model = QueryTableModel(self)
        self.log_view = QTableView()
        self.log_view.setModel(self.log_model)
        self.log_view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.log_view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.log_view.horizontalHeader().setStretchLastSection(True)
        self.log_view.selectionModel().selectionChanged.connect(lambda *_: self._show_rejected())
        self.rejected_view = QTableView()
        self.rejected_view.setModel(self.rejected_model)
        self.rejected_view.horizontalHeader().setStretchLastSection(True)
        self.log_label = QLabel()
        self.rejected_label = QLabel()
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.log_label)
        top_layout.addWidget(self.log_view)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(self.rejected_label)
        bottom_layout.addWidget(self.rejected_view)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self._log_ids: list[int] = []
        self.retranslate()

    def retranslate(self) -> None:
        self.log_label.setText(
            self.tr("Imports (each one a single transaction; the same file twice adds nothing):")
        )
        self.rejected_label.setText(
            self.tr("Rows of the selected import that could not be loaded, with the reason:")
        )
        self.refresh()

    def refresh(self) -> None:
        headers = [
            self.tr("Time"),
            self.tr("Source"),
            self.tr("File"),
            self.tr("Read"),
            self.tr("Loaded"),
            self.tr("Duplicates"),
            self.tr("Rejected"),
            self.tr("Repairs"),
        ]
        rows: list[tuple[Any, ...]] = []
        self._log_ids = []
        if db.current_database() is not None:
            for log in models.ImportLog.select().order_by(models.ImportLog.id.desc()):
                repairs = json.loads(log.repairs_json or "{}")
                summary = ", ".join(
                    f"{QCoreApplication.translate('rules', rule)}: {count}"
                    for rule, count in sorted(repairs.items())
                )
                rows.append(
                    (
                        local_time(log.imported_at),
                        self.source_name(log.source),
                        log.file_name,
                        log.rows_read,
                        log.rows_loaded,
                        log.rows_duplicate,
                        log.rows_rejected,
                        summary,
                    )
                )
                self._log_ids.append(log.id)
        self.log_model.set_result(headers, rows)
        self.log_view.resizeColumnsToContents()
        self._show_rejected()

    def _show_rejected(self) -> None:
        headers = [self.tr("Row"), self.tr("Reason"), self.tr("Values")]
        selected = self.log_view.selectionModel().selectedRows()
        rows: list[tuple[Any, ...]] = []
        if selected and db.current_database() is not None:
            log_id = self._log_ids[selected[0].row()]
            query = models.RejectedRow.select().where(models.RejectedRow.import_log == log_id)
            rows = [
                (r.row_number, r.reason, r.raw)
                for r in query.order_by(models.RejectedRow.row_number).limit(5000)
            ]
        self.rejected_model.set_result(headers, rows)
        self.rejected_view.resizeColumnsToContents()

    def select_import(self, index: int) -> None:
        self.log_view.selectRow(index)
