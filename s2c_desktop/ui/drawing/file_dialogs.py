"""File dialogs and drag-and-drop for the drawing tab: thin wrappers over ``CanvasTab``'s ``*_to`` and
``*_from`` methods (which the tests drive directly). Strings use the "CanvasTab" translation context."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog

IMAGE_FILTER = "Images (*.png *.jpg *.jpeg *.bmp *.tif *.tiff)"
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff")


class CanvasFileDialogs:
    """Mixin for CanvasTab (needs its ``case_folder``, ``case_panel`` and the ``*_to``/``*_from`` methods)."""

    case_folder: Path | None
    case_panel: Any

    # -- dialogs (thin wrappers over the *_to / *_from methods) --------------------------------------
    def _default_name(self, suffix: str) -> str:
        number = self.case_panel.fields()["case_number"] or "caso"
        safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in number)
        base = self.case_folder if self.case_folder else Path.home()
        return str(base / f"{safe}{suffix}")

    def save_case_interactive(self, choose: bool = False) -> bool:
        if self.case_folder is not None and not choose:
            return self.save_case_to(self.case_folder)
        folder, _ = QFileDialog.getSaveFileName(self, QCoreApplication.translate("CanvasTab", "Save case as folder"), self._default_name(""))
        return bool(folder) and self.save_case_to(folder)

    def open_case_interactive(self) -> None:
        if not self.confirm_discard():
            return
        folder = QFileDialog.getExistingDirectory(self, QCoreApplication.translate("CanvasTab", "Open case folder"))
        if folder:
            self.open_case_from(folder)

    def open_sketch_interactive(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, QCoreApplication.translate("CanvasTab", "Open sketch"), "", "PNG (*.png)")
        if path:
            self.open_sketch_from(path)

    def import_scan_interactive(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, QCoreApplication.translate("CanvasTab", "Import scanned sketch"), "", IMAGE_FILTER)
        if path:
            self.import_scan_from(path)

    def save_sketch_interactive(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, QCoreApplication.translate("CanvasTab", "Save sketch"), self._default_name("-sketch.png"),
                                              "PNG (*.png)")
        if path:
            self.save_sketch_to(path if path.lower().endswith(".png") else path + ".png")

    def export_photo_interactive(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, QCoreApplication.translate("CanvasTab", "Export photo"), self._default_name("-photo.png"),
                                              "PNG (*.png)")
        if path:
            self.export_photo_to(path if path.lower().endswith(".png") else path + ".png")

    def export_sheet_interactive(self) -> None:
        path, chosen = QFileDialog.getSaveFileName(self, QCoreApplication.translate("CanvasTab", "Export case sheet"),
                                                   self._default_name("-sheet.pdf"), "PDF (*.pdf);;PNG (*.png)")
        if path:
            if Path(path).suffix.lower() not in (".pdf", ".png"):
                path += ".png" if "png" in chosen.lower() else ".pdf"
            self.export_sheet_to(path)

    # -- drag and drop: a case folder opens, an image file is imported like a scan -----------------------
    def _dropped_path(self, event: Any) -> Path | None:
        urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
        local = [Path(url.toLocalFile()) for url in urls if url.isLocalFile()]
        return local[0] if len(local) == 1 else None

    def dragEnterEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        path = self._dropped_path(event)
        if path is not None and (path.is_dir() or path.suffix.lower() in IMAGE_SUFFIXES):
            event.acceptProposedAction()

    def dropEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        path = self._dropped_path(event)
        if path is None:
            return
        event.acceptProposedAction()
        if path.is_dir():
            if self.confirm_discard():
                self.open_case_from(path)
        else:
            self.import_scan_from(path)
