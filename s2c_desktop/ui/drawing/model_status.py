"""What the drawing tab tells the artist about the model and failed runs (status line, one dialog).

Strings use the "DrawingTab" translation context, as before the split.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication

from s2c_desktop.ui.drawing.jobs import ColorizeWorker, ImportScan, ModelInfo


class ModelStatus:
    def __init__(
        self,
        worker: ColorizeWorker,
        hint_bar: Any,
        status: Callable[[str], object],
        show_error: Callable[[str, str], object],
        model_changed: Callable[[ModelInfo | None], object],
        live_enabled: Callable[[], bool],
    ) -> None:
        self.worker = worker
        self.hint_bar = hint_bar
        self._status = status
        self._show_error = show_error
        self._model_changed = model_changed
        self._live_enabled = live_enabled
        worker.failed.connect(self.run_failed)
        worker.modelLoaded.connect(self.model_loaded)
        worker.modelFailed.connect(self.model_failed)

    def run_failed(self, job: Any, message: str) -> None:
        is_import = isinstance(job, ImportScan)
        title = (
            QCoreApplication.translate("DrawingTab", "Import failed")
            if is_import
            else QCoreApplication.translate("DrawingTab", "Colorize failed")
        )
        self._status(f"{title}: {message}")
        # Live mode must not open a dialog per stroke for the same broken model.
        if is_import or not self._live_enabled():
            self._show_error(title, message)

    def model_loaded(self, info: ModelInfo) -> None:
        self._status(
            QCoreApplication.translate("DrawingTab", "Model {0} ready on {1}").format(
                info.name, info.device_label
            )
        )
        self.hint_bar.show_model(self.worker.model_info)
        self._model_changed(info)

    def model_failed(self, message: str) -> None:
        self.hint_bar.show_model(self.worker.model_info)
        self._model_changed(None)
        text = QCoreApplication.translate(
            "DrawingTab",
            "The colorization model could not be loaded: {0}. Drawing still works; fix the model in Settings.",  # noqa: E501 - one literal, as lupdate reads it
        ).format(message)
        self._status(text)
        self._show_error(QCoreApplication.translate("DrawingTab", "Model not available"), text)
