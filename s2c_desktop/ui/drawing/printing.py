"""Printing the case sheet (Ctrl+P, the system print dialog) and the photo's upscaled print version.

The sheet is painted by the same :func:`~s2c_desktop.ui.drawing.case_sheet.paint_sheet` as the PDF and PNG
exports, so paper, PDF and PNG show one thing. The print dialog is opened with ``open()``, not ``exec()``:
the app keeps painting behind it, and tests accept it programmatically.

The photo is exported twice: at the size the engine makes it (the 200×250 frame: what the model really
produced) and enlarged 4× for printing. The enlargement adds no detail, so it is labelled as such on the image
itself, in its file name and in its provenance.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PIL import Image
from PySide6.QtCore import QCoreApplication, QMarginsF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPageLayout, QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrinterInfo
from PySide6.QtWidgets import QDialog, QWidget

from s2c_desktop.engine.provenance import leaving_photo
from s2c_desktop.sketch.case import Case
from s2c_desktop.ui.drawing.case_sheet import (
    SHEET_HEIGHT,
    SHEET_WIDTH,
    export_photo_png,
    paint_sheet,
    pil_to_qimage,
)

PRINT_SCALE = 4
PRINT_SUFFIX = f"-print-{PRINT_SCALE}x"
LABEL_HEIGHT = 64  # pixels above the enlarged photo for its label


def new_printer() -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageOrientation(QPageLayout.Orientation.Landscape)
    printer.setPageMargins(QMarginsF(8, 8, 8, 8), QPageLayout.Unit.Millimeter)
    return printer


def print_sheet(printer: QPrinter, case: Case, model_name: str, model_sha256: str = "") -> bool:
    """Paint the case sheet on ``printer`` (one page, the sheet's aspect kept); False when it cannot start."""
    painter = QPainter()
    if not painter.begin(printer):
        return False
    try:
        page = printer.pageLayout().paintRectPixels(printer.resolution())
        scale = min(page.width() / SHEET_WIDTH, page.height() / SHEET_HEIGHT)
        width, height = round(SHEET_WIDTH * scale), round(SHEET_HEIGHT * scale)
        painter.setViewport((page.width() - width) // 2, (page.height() - height) // 2, width, height)
        painter.setWindow(0, 0, SHEET_WIDTH, SHEET_HEIGHT)
        paint_sheet(painter, case, model_name, model_sha256)
    finally:
        painter.end()
    return True


def print_photo_path(path: str | Path) -> Path:
    """Where the print version of ``path`` goes: ``photo.png`` → ``photo-print-4x.png``."""
    path = Path(path)
    return path.with_name(f"{path.stem}{PRINT_SUFFIX}{path.suffix or '.png'}")


def print_version(photo: Image.Image) -> Image.Image:
    """The photo enlarged 4× (Lanczos) with a label band above it saying what it is (the "generated" mark the
    export adds takes the bottom edge)."""
    enlarged = photo.convert("RGB").resize(
        (photo.width * PRINT_SCALE, photo.height * PRINT_SCALE), Image.Resampling.LANCZOS
    )
    canvas = QImage(enlarged.width, enlarged.height + LABEL_HEIGHT, QImage.Format.Format_RGB888)
    canvas.fill(QColor("white"))
    painter = QPainter(canvas)
    painter.drawImage(0, LABEL_HEIGHT, pil_to_qimage(enlarged))
    font = QFont("DejaVu Sans")
    font.setPixelSize(17)
    painter.setFont(font)
    painter.setPen(QColor(40, 40, 40))
    label = QCoreApplication.translate(
        "export",
        "Enlarged {0}× from the model's {1}×{2} photo for printing (no added detail). Generated image: not a photograph of a real person.",
    ).format(PRINT_SCALE, photo.width, photo.height)
    painter.drawText(
        QRectF(12, 6, enlarged.width - 24, LABEL_HEIGHT - 12),
        int(Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignVCenter),
        label,
    )
    painter.end()
    data = bytes(canvas.constBits())[: canvas.sizeInBytes()]
    image = Image.frombuffer(
        "RGB", (canvas.width(), canvas.height()), data, "raw", "RGB", canvas.bytesPerLine(), 1
    )
    return image.copy()


def export_photo_with_print_version(
    path: str | Path, photo: Image.Image, metadata: dict[str, Any], case_number: str = ""
) -> list[Path]:
    """Write the photo at its native size to ``path`` and the labelled print version beside it, both with the
    marks naming ``case_number`` (the print version enlarges the marked photo: the same marks, 4× bigger)."""
    marked, metadata = leaving_photo(photo, {str(k): str(v) for k, v in metadata.items()}, case_number)
    native = export_photo_png(path, marked, metadata, case_number)
    upscaled = {
        **metadata,
        "print_version": f"enlarged {PRINT_SCALE}x (Lanczos) from {photo.width}x{photo.height}; "
        "no added detail",
    }
    return [native, export_photo_png(print_photo_path(path), print_version(marked), upscaled, case_number)]


class SheetPrinter:
    """Ctrl+P for the drawing tab, given what it needs as callbacks (no mixin). Strings use the "DrawingTab"
    translation context, like the file dialogs."""

    def __init__(
        self,
        parent: QWidget,
        sheet: Callable[[], tuple[Case, str, str]],
        default_path: Callable[[str], str],
        show_error: Callable[[str, str], object],
        status: Callable[[str], object],
    ) -> None:
        self.parent = parent
        self._sheet = sheet  # (case, model name, model sha256) as the sheet shows them
        self._default_path = default_path  # kind ("sheet") -> a path in the case folder
        self._show_error = show_error
        self._status = status
        self.dialog: QPrintDialog | None = None  # the open print dialog, while it is open

    def open_dialog(self) -> QPrintDialog:
        """Open the system print dialog for the case sheet; printing starts when it is accepted."""
        printer = new_printer()
        case = self._sheet()[0]
        printer.setDocName(
            QCoreApplication.translate("DrawingTab", "Case {0}").format(case.case_number or "—")
        )
        if (
            not QPrinterInfo.availablePrinters()
        ):  # only "print to file": offer a sensible file, not an empty one
            printer.setOutputFileName(self._default_path("sheet"))
        dialog = QPrintDialog(printer, self.parent)
        dialog.setObjectName("printDialog")
        dialog.setWindowTitle(QCoreApplication.translate("DrawingTab", "Print case sheet"))
        dialog.accepted.connect(lambda: self.print_to(printer))
        dialog.finished.connect(lambda _result: setattr(self, "dialog", None))
        self.dialog = dialog
        QDialog.open(dialog)  # QPrintDialog.open() wants a receiver; QDialog's shows it window-modal, no wait
        return dialog

    def print_to(self, printer: QPrinter) -> bool:
        if not print_sheet(printer, *self._sheet()):
            self._show_error(
                QCoreApplication.translate("DrawingTab", "Print failed"),
                QCoreApplication.translate("DrawingTab", "The printer could not be started."),
            )
            return False
        self._status(
            QCoreApplication.translate("DrawingTab", "Case sheet sent to {0}").format(
                printer.outputFileName() or printer.printerName()
            )
        )
        return True
