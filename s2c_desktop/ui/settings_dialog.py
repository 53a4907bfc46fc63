"""The settings dialog: language (applied at once), model and device, live mode, autosave, drawing."""

from __future__ import annotations

import dataclasses

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from s2c_desktop.engine.model import DEVICES
from s2c_desktop.settings import LANGUAGES, Preferences
from s2c_desktop.ui.file_places import FilePlaces
from s2c_desktop.ui.language import follow_language

# Language names are shown in their own language, so a user can find theirs whatever the current one is.
LANGUAGE_NAMES = {"es": "Español", "en": "English"}
assert set(LANGUAGE_NAMES) == set(LANGUAGES), "every interface language needs its own name here"


class SettingsDialog(QDialog):
    def __init__(self, prefs: Preferences, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        follow_language(self, self.retranslate)
        self._original = dataclasses.replace(prefs)
        self.language = QComboBox(self)
        self.language.setObjectName("settingsLanguage")
        for code, name in LANGUAGE_NAMES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(prefs.language)))
        self.device = QComboBox(self)
        self.device.setObjectName("settingsDevice")
        for code in DEVICES:
            self.device.addItem("", code)
        self.device.setCurrentIndex(max(0, self.device.findData(prefs.device)))
        self.model_path = QLineEdit(prefs.model_path or "", self)
        self.model_path.setObjectName("settingsModelPath")
        self.model_browse = QPushButton(self)
        self.model_browse.clicked.connect(self._browse_model)
        model_row = QHBoxLayout()
        model_row.addWidget(self.model_path, 1)
        model_row.addWidget(self.model_browse)
        self.live_delay = QSpinBox(self)
        self.live_delay.setObjectName("settingsLiveDelay")
        self.live_delay.setRange(0, 5000)
        self.live_delay.setSingleStep(50)
        self.live_delay.setSuffix(" ms")
        self.live_delay.setValue(prefs.live_delay_ms)
        self.autosave = QDoubleSpinBox(self)
        self.autosave.setObjectName("settingsAutosave")
        self.autosave.setRange(0.5, 600)
        self.autosave.setDecimals(1)
        self.autosave.setSuffix(" s")
        self.autosave.setValue(prefs.autosave_seconds)
        self.guide = QCheckBox(self)
        self.guide.setChecked(prefs.show_face_guide)
        # The pen: how thin a light touch draws, and how fast the width grows with pressure.
        self.pressure_min_width = QSpinBox(self)
        self.pressure_min_width.setObjectName("settingsPressureMinWidth")
        self.pressure_min_width.setRange(0, 100)
        self.pressure_min_width.setSuffix(" %")
        self.pressure_min_width.setValue(round(prefs.pressure_min_width * 100))
        self.pressure_curve = QDoubleSpinBox(self)
        self.pressure_curve.setObjectName("settingsPressureCurve")
        self.pressure_curve.setRange(0.25, 4.0)
        self.pressure_curve.setSingleStep(0.25)
        self.pressure_curve.setDecimals(2)
        self.pressure_curve.setValue(prefs.pressure_curve)
        self.datasets = QLineEdit(prefs.datasets_dir or "", self)
        self.datasets.setObjectName("settingsDatasets")

        self.labels = {
            name: QLabel(self)
            for name in ("language", "device", "model", "live", "autosave", "datasets", "min_width", "curve")
        }
        form = QFormLayout()
        form.addRow(self.labels["language"], self.language)
        form.addRow(self.labels["device"], self.device)
        form.addRow(self.labels["model"], model_row)
        form.addRow(self.labels["live"], self.live_delay)
        form.addRow(self.labels["autosave"], self.autosave)
        form.addRow("", self.guide)
        form.addRow(self.labels["min_width"], self.pressure_min_width)
        form.addRow(self.labels["curve"], self.pressure_curve)
        form.addRow(self.labels["datasets"], self.datasets)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addWidget(self.buttons)
        self.retranslate()
        self.resize(560, self.sizeHint().height())

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Settings"))
        self.labels["language"].setText(self.tr("Language:"))
        self.labels["device"].setText(self.tr("Compute device:"))
        self.labels["model"].setText(self.tr("Model file:"))
        self.labels["live"].setText(self.tr("Live mode: wait between runs"))
        self.labels["autosave"].setText(self.tr("Autosave after idle:"))
        self.labels["datasets"].setText(self.tr("Datasets folder:"))
        self.guide.setText(self.tr("Show the face guide"))
        self.labels["min_width"].setText(self.tr("Pen: width at the lightest touch:"))
        self.labels["curve"].setText(self.tr("Pen: pressure curve:"))
        self.pressure_min_width.setToolTip(
            self.tr(
                "Line width at the lightest pen pressure, as a share of the brush size (100 %: pressure does not change the width)"  # noqa: E501 - one literal, as lupdate reads it
            )
        )
        self.pressure_curve.setToolTip(
            self.tr(
                "1 = linear. Below 1: a light hand reaches the full width sooner (soft pen). Above 1: full width needs a firm press (hard pen)."  # noqa: E501 - one literal, as lupdate reads it
            )
        )
        self.model_browse.setText(self.tr("Browse…"))
        self.model_path.setPlaceholderText(self.tr("(the model shipped with the program)"))
        self.datasets.setPlaceholderText(self.tr("(found automatically)"))
        for index, text in enumerate(
            (self.tr("Automatic (GPU if available)"), self.tr("CPU"), self.tr("GPU (CUDA)"))
        ):
            self.device.setItemText(index, text)
        self.note.setText(
            self.tr("Changes apply when you press OK; the language changes without restarting.")
        )

    def _browse_model(self) -> None:
        # The model chosen so far, else where every dialog opens (ui/file_places.py).
        start = self.model_path.text().strip() or str(FilePlaces(self._original).folder())
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Choose the model"), start, "ONNX (*.onnx)")
        if path:
            self.model_path.setText(path)

    def preferences(self) -> Preferences:
        """A copy of the original preferences with the dialog's values."""
        prefs = dataclasses.replace(self._original)
        prefs.language = str(self.language.currentData())
        prefs.device = str(self.device.currentData())
        prefs.model_path = self.model_path.text().strip() or None
        prefs.live_delay_ms = int(self.live_delay.value())
        prefs.autosave_seconds = float(self.autosave.value())
        prefs.show_face_guide = self.guide.isChecked()
        prefs.pressure_min_width = self.pressure_min_width.value() / 100
        prefs.pressure_curve = float(self.pressure_curve.value())
        prefs.datasets_dir = self.datasets.text().strip() or None
        return prefs.validated()
