"""The case panel: case number, artist, date and the witness's description, beside the drawing."""

from __future__ import annotations

import datetime as _dt

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QDateEdit,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from s2c_desktop.ui.language import follow_language


class CasePanel(QWidget):
    """Edits the case fields; ``changed`` fires on every edit (autosave and the unsaved-changes mark)."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        follow_language(self, self.retranslate)
        self.setObjectName("casePanel")
        self.title = QLabel()
        self.title.setObjectName("casePanelTitle")
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.title.setFont(font)
        self.case_number = QLineEdit()
        self.case_number.setObjectName("caseNumber")
        self.artist = QLineEdit()
        self.artist.setObjectName("caseArtist")
        self.date = QDateEdit(QDate.currentDate())
        self.date.setObjectName("caseDate")
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.notes = QPlainTextEdit()
        self.notes.setObjectName("caseNotes")
        self.notes.setTabChangesFocus(True)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.number_label = QLabel()
        self.artist_label = QLabel()
        self.date_label = QLabel()
        form.addRow(self.number_label, self.case_number)
        form.addRow(self.artist_label, self.artist)
        form.addRow(self.date_label, self.date)
        self.notes_label = QLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(form)
        layout.addWidget(self.notes_label)
        layout.addWidget(self.notes, 1)
        for label, field in (
            (self.number_label, self.case_number),
            (self.artist_label, self.artist),
            (self.date_label, self.date),
            (self.notes_label, self.notes),
        ):
            label.setBuddy(field)

        self.case_number.textEdited.connect(self.changed)
        self.artist.textEdited.connect(self.changed)
        self.date.dateChanged.connect(self.changed)
        self.notes.textChanged.connect(self._notes_changed)
        self._loading = False
        self.retranslate()

    def _notes_changed(self) -> None:
        if not self._loading:
            self.changed.emit()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Case"))
        self.number_label.setText(self.tr("Case &number:"))
        self.artist_label.setText(self.tr("&Artist:"))
        self.date_label.setText(self.tr("&Date:"))
        self.notes_label.setText(self.tr("&Witness notes:"))
        self.case_number.setPlaceholderText(self.tr("e.g. 2024-0153"))
        self.artist.setPlaceholderText(self.tr("Name of the sketch artist"))
        self.notes.setPlaceholderText(self.tr("Description given by the witness…"))

    # -- values --------------------------------------------------------------------------------------
    def fields(self) -> dict[str, str]:
        return {
            "case_number": self.case_number.text().strip(),
            "artist": self.artist.text().strip(),
            "witness_notes": self.notes.toPlainText(),
            "date": self.date.date().toString("yyyy-MM-dd"),
        }

    def set_fields(
        self, case_number: str = "", artist: str = "", witness_notes: str = "", date: str | None = None
    ) -> None:
        """Fill the panel without emitting ``changed`` (loading is not editing)."""
        self._loading = True
        blockers = [self.case_number, self.artist, self.date]
        for widget in blockers:
            widget.blockSignals(True)
        try:
            self.case_number.setText(case_number)
            self.artist.setText(artist)
            self.notes.setPlainText(witness_notes)
            parsed = QDate.fromString(date or "", "yyyy-MM-dd")
            self.date.setDate(parsed if parsed.isValid() else QDate.currentDate())
        finally:
            for widget in blockers:
                widget.blockSignals(False)
            self._loading = False

    def clear(self) -> None:
        self.set_fields(date=_dt.date.today().isoformat())
