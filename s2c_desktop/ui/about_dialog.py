"""Help › About: version, what the photo is (an investigative aid, never evidence), and the third-party parts
the app is built on, with their licences. The full texts are in the installer's ``LICENSES/`` folder
(written at build time, docs/adr/0004-packaging.md); the button opens it.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from s2c_desktop import __version__, paths


@dataclass(frozen=True)
class ThirdParty:
    name: str
    licence: str  # SPDX-style; a proper name, shown untranslated
    used_for: str  # English source text, translated when shown
    notice: tuple[str, ...]  # names of its entry in LICENSES/index.json (a distribution may go by several)


THIRD_PARTY = (
    ThirdParty(
        "Qt 6 / PySide6",
        "LGPL-3.0",
        QT_TRANSLATE_NOOP("AboutDialog", "user interface"),
        ("PySide6_Essentials", "PySide6"),
    ),
    ThirdParty(
        "ONNX Runtime",
        "MIT",
        QT_TRANSLATE_NOOP("AboutDialog", "runs the colorization model"),
        ("onnxruntime", "onnxruntime-gpu"),
    ),
    ThirdParty(
        "OpenCV",
        "Apache-2.0",
        QT_TRANSLATE_NOOP("AboutDialog", "finds and aligns the face in a sketch"),
        ("opencv-python-headless", "opencv-python"),
    ),
    ThirdParty(
        "matplotlib",
        "PSF-based (matplotlib)",
        QT_TRANSLATE_NOOP("AboutDialog", "charts and maps"),
        ("matplotlib",),
    ),
    ThirdParty(
        "NumPy", "BSD-3-Clause", QT_TRANSLATE_NOOP("AboutDialog", "image and number arrays"), ("numpy",)
    ),
    ThirdParty(
        "pandas", "BSD-3-Clause", QT_TRANSLATE_NOOP("AboutDialog", "reads the statistics files"), ("pandas",)
    ),
    ThirdParty("Pillow", "MIT-CMU", QT_TRANSLATE_NOOP("AboutDialog", "reads and writes images"), ("pillow",)),
    ThirdParty("peewee", "MIT", QT_TRANSLATE_NOOP("AboutDialog", "crime database (SQLite)"), ("peewee",)),
    ThirdParty("Python", "PSF-2.0", QT_TRANSLATE_NOOP("AboutDialog", "runtime"), ("CPython",)),
    ThirdParty(
        "UBIGEO (ubigeo-peru-aumentado)",
        "MIT",
        QT_TRANSLATE_NOOP("AboutDialog", "departments, provinces and districts"),
        ("UBIGEO (ubigeo-peru-aumentado)",),
    ),
    ThirdParty(
        "peru-geojson",
        "MPL-2.0",
        QT_TRANSLATE_NOOP("AboutDialog", "map boundaries"),
        ("Peru boundaries GeoJSON (peru-geojson)",),
    ),
    ThirdParty(
        "SIDPOL (Cajamarca)",
        "ODC-By-1.0",
        QT_TRANSLATE_NOOP("AboutDialog", "police reports by district"),
        ("SIDPOL police reports, Cajamarca",),
    ),
    ThirdParty(
        "Data Criminal",
        QT_TRANSLATE_NOOP("AboutDialog", "no licence stated; provenance noted"),
        QT_TRANSLATE_NOOP("AboutDialog", "example robbery statistics (Lima, 2016-2017)"),
        ("Data Criminal (Lima robberies in the press, 2016-2017)",),
    ),
)


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle(self.tr("About Sketch2Color"))
        heading = QLabel(f"<b>Sketch2Color Desktop {__version__}</b>", self)
        summary = QLabel(
            self.tr("Forensic sketch colorization and crime statistics for Peru.")
            + "\n"
            + self.tr("A generated photo is an investigative aid, never evidence."),
            self,
        )
        summary.setWordWrap(True)
        self.table = QTableWidget(len(THIRD_PARTY), 3, self)
        self.table.setObjectName("thirdPartyTable")
        self.table.setHorizontalHeaderLabels([self.tr("Component"), self.tr("Licence"), self.tr("Used for")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        for row, part in enumerate(THIRD_PARTY):
            for column, text in enumerate((part.name, self.tr(part.licence), self.tr(part.used_for))):
                self.table.setItem(row, column, QTableWidgetItem(text))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.licenses_folder = paths.licenses_dir()
        where = QLabel(self)
        where.setObjectName("licensesLocation")
        where.setWordWrap(True)
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        self.open_licenses = QPushButton(self.tr("Open licences folder"), self)
        self.open_licenses.setObjectName("openLicensesButton")
        buttons.addButton(self.open_licenses, QDialogButtonBox.ButtonRole.ActionRole)
        if self.licenses_folder is not None:
            where.setText(
                self.tr("Full licence texts and notices of everything in this installation: {0}").format(
                    self.licenses_folder
                )
            )
            self.open_licenses.clicked.connect(self._open_licenses_folder)
        else:
            where.setText(
                self.tr(
                    "Running from source: each installed package carries its licence; the installer gathers them all in its LICENSES folder."  # noqa: E501 - one literal, as lupdate reads it
                )
            )
            self.open_licenses.setEnabled(False)
        layout = QVBoxLayout(self)
        for widget in (heading, summary, self.table, where, buttons):
            layout.addWidget(widget)
        self.resize(800, 560)

    def _open_licenses_folder(self) -> None:
        if self.licenses_folder is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.licenses_folder)))


def show_about_dialog(parent: QWidget) -> AboutDialog:
    """Open the dialog window-modal and return it (tests look inside); it deletes itself when closed."""
    dialog = AboutDialog(parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
