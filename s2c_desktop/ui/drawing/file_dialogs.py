"""File dialogs and drag-and-drop for the drawing tab.

A helper object, not a mixin: it is given the owner that does the work (the tab's ``*_to``/``*_from``
methods, which the tests drive directly, as :class:`CaseFileOwner` says) and asks the user for the path.
Strings use the "DrawingTab" translation context, as before the split.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from s2c_desktop.ui.file_places import FilePlaces

IMAGE_FILTER = "Images (*.png *.jpg *.jpeg *.bmp *.tif *.tiff)"
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff")


class CaseFileOwner(Protocol):
    """What the drawing tab does once a path is chosen (each returns whether it worked, where it matters)."""

    case_folder: Path | None  # the open case's folder, if it was saved or opened

    def case_number(self) -> str: ...
    def save_case_to(self, folder: str | Path) -> bool: ...
    def open_case_from(self, folder: str | Path) -> bool: ...
    def open_sketch_from(self, path: str | Path) -> object: ...
    def import_scan_from(self, path: str | Path) -> object: ...
    def save_sketch_to(self, path: str | Path) -> bool: ...
    def export_photo_to(self, path: str | Path) -> bool: ...
    def export_sheet_to(self, path: str | Path) -> bool: ...
    def confirm_discard(self) -> bool: ...  # True when unsaved work may be dropped


class CaseFileDialogs:
    def __init__(self, parent: QWidget, owner: CaseFileOwner, places: FilePlaces) -> None:
        self.parent = parent
        self.do = owner
        self.places = places

    def default_path(self, kind: str) -> str:
        """The suggested file for ``kind`` ("sheet", "photo", "sketch" or "" for the case folder itself),
        named after the case number in the interface's language, where dialogs open (ui/file_places.py)."""
        names = {
            "sheet": QCoreApplication.translate("DrawingTab", "-sheet") + ".pdf",
            "photo": QCoreApplication.translate("DrawingTab", "-photo") + ".png",
            "sketch": QCoreApplication.translate("DrawingTab", "-sketch") + ".png",
            "": "",
        }
        number = self.do.case_number() or QCoreApplication.translate("DrawingTab", "case")
        safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in number)
        return self.places.path(f"{safe}{names[kind]}")

    def _start_folder(self) -> str:
        return str(self.places.folder())

    def _chosen(self, path: str) -> Path:
        self.places.chose(path)
        return Path(path)

    # -- dialogs -------------------------------------------------------------------------------------
    def save_case(self, choose: bool = False) -> bool:
        folder = self.do.case_folder
        if folder is not None and not choose:
            return self.do.save_case_to(folder)
        chosen, _ = QFileDialog.getSaveFileName(
            self.parent,
            QCoreApplication.translate("DrawingTab", "Save case as folder"),
            self.default_path(""),
        )
        return bool(chosen) and self.do.save_case_to(self._chosen(chosen))

    def open_case(self) -> None:
        if not self.do.confirm_discard():
            return
        folder = QFileDialog.getExistingDirectory(
            self.parent,
            QCoreApplication.translate("DrawingTab", "Open case folder"),
            str(self.places.case_parent()),
        )
        if folder:
            self.do.open_case_from(self._chosen(folder))

    def open_sketch(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self.parent,
            QCoreApplication.translate("DrawingTab", "Open sketch"),
            self._start_folder(),
            "PNG (*.png)",
        )
        if path:
            self.do.open_sketch_from(self._chosen(path))

    def import_scan(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self.parent,
            QCoreApplication.translate("DrawingTab", "Import scanned sketch"),
            self._start_folder(),
            IMAGE_FILTER,
        )
        if path:
            self.do.import_scan_from(self._chosen(path))

    def save_sketch(self) -> None:
        path = self._ask_png(QCoreApplication.translate("DrawingTab", "Save sketch"), "sketch")
        if path:
            self.do.save_sketch_to(path)

    def export_photo(self) -> None:
        path = self._ask_png(QCoreApplication.translate("DrawingTab", "Export photo"), "photo")
        if path:
            self.do.export_photo_to(path)

    def export_sheet(self) -> None:
        path, chosen = QFileDialog.getSaveFileName(
            self.parent,
            QCoreApplication.translate("DrawingTab", "Export case sheet"),
            self.default_path("sheet"),
            "PDF (*.pdf);;PNG (*.png)",
        )
        if path:
            if Path(path).suffix.lower() not in (".pdf", ".png"):
                path += ".png" if "png" in chosen.lower() else ".pdf"
            self.do.export_sheet_to(self._chosen(path))

    def _ask_png(self, title: str, kind: str) -> Path | None:
        path, _ = QFileDialog.getSaveFileName(self.parent, title, self.default_path(kind), "PNG (*.png)")
        if not path:
            return None
        return self._chosen(path if path.lower().endswith(".png") else path + ".png")

    # -- questions -----------------------------------------------------------------------------------
    def ask_to_keep_unsaved_work(self) -> bool:
        """Save / Discard / Cancel before unsaved work is dropped; True when it is fine to go on."""
        answer = QMessageBox.question(
            self.parent,
            QCoreApplication.translate("DrawingTab", "Unsaved changes"),
            QCoreApplication.translate("DrawingTab", "The current case has unsaved changes. Save them?"),
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Save:
            return self.save_case()
        return answer == QMessageBox.StandardButton.Discard

    def ask_to_replace_drawing(self) -> bool:
        """Before an import replaces an unsaved drawing (Undo would bring it back)."""
        answer = QMessageBox.question(
            self.parent,
            QCoreApplication.translate("DrawingTab", "Replace the drawing?"),
            QCoreApplication.translate(
                "DrawingTab",
                "The imported scan replaces the current drawing, which is not saved (Undo brings it back). Replace it?",  # noqa: E501 - one literal, as lupdate reads it
            ),
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Discard

    # -- drag and drop: a case folder opens, an image file is imported like a scan --------------------
    @staticmethod
    def dropped_path(event: Any) -> Path | None:
        urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
        local = [Path(url.toLocalFile()) for url in urls if url.isLocalFile()]
        return local[0] if len(local) == 1 else None

    def drag_enter(self, event: Any) -> None:
        path = self.dropped_path(event)
        if path is not None and (path.is_dir() or path.suffix.lower() in IMAGE_SUFFIXES):
            event.acceptProposedAction()

    def drop(self, event: Any) -> None:
        path = self.dropped_path(event)
        if path is None:
            return
        event.acceptProposedAction()
        if path.is_dir():
            if self.do.confirm_discard():
                self.do.open_case_from(path)
        else:
            self.do.import_scan_from(path)
