"""What leaves the drawing tab as files: the photo (400×500, both marks) and the case sheet (PDF/PNG).

A helper given callbacks; strings use the "DrawingTab" translation context, as before the split.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication

from s2c_desktop.errors import S2CError
from s2c_desktop.sketch.case import Case
from s2c_desktop.ui.drawing.case_sheet import export_photo_png, export_sheet_pdf, export_sheet_png


class CaseOutputs:
    def __init__(
        self,
        current_case: Callable[[], Case],
        model_info: Callable[[], Any],
        status: Callable[[str], object],
        show_error: Callable[[str, str], object],
    ) -> None:
        self._current_case = current_case
        self._model_info = model_info  # ModelInfo | None of the loaded model
        self._status = status
        self._show_error = show_error

    def sheet_model(self, case: Case) -> tuple[str, str]:
        """The model named on the sheet: the one that made the photo, else the one loaded."""
        info = self._model_info()
        name = case.photo_metadata.get("model") or (
            info.name if info else QCoreApplication.translate("DrawingTab", "(no model)")
        )
        return name, case.photo_metadata.get("model_sha256", info.sha256 if info else "")

    def export_photo_to(self, path: str | Path) -> bool:
        case = self._current_case()
        if case.photo is None:
            self._show_error(
                QCoreApplication.translate("DrawingTab", "Nothing to export"),
                QCoreApplication.translate("DrawingTab", "Colorize the sketch first."),
            )
            return False
        try:
            written = export_photo_png(path, case.photo, case.photo_metadata, case.case_number)
        except S2CError as exc:
            self._show_error(QCoreApplication.translate("DrawingTab", "Export failed"), str(exc))
            return False
        self._status(QCoreApplication.translate("DrawingTab", "Photo exported to {0}").format(str(written)))
        return True

    def export_sheet_to(self, path: str | Path) -> bool:
        path = Path(path)
        case = self._current_case()
        model_name, model_sha = self.sheet_model(case)
        try:
            if path.suffix.lower() == ".pdf":
                export_sheet_pdf(path, case, model_name, model_sha)
            else:
                export_sheet_png(path, case, model_name, model_sha)
        except S2CError as exc:
            self._show_error(QCoreApplication.translate("DrawingTab", "Export failed"), str(exc))
            return False
        self._status(QCoreApplication.translate("DrawingTab", "Case sheet exported to {0}").format(str(path)))
        return True
