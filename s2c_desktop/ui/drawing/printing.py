"""Printing the case sheet (Ctrl+P, the system print dialog).

The sheet is painted by the same :func:`~s2c_desktop.ui.drawing.case_sheet.paint_sheet` as the PDF and PNG
exports, so paper, PDF and PNG show one thing. The print dialog is opened with ``open()``, not ``exec()``:
the app keeps painting behind it, and tests accept it programmatically.

The photo on the sheet, like every exported photo, is the super-resolution stage's 400×500 enlargement
(:mod:`s2c_desktop.engine.superres`, through ``leaving_photo``): the 4× Lanczos "print version" file it
replaced added no detail.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QMarginsF
from PySide6.QtGui import QPageLayout, QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrinterInfo
from PySide6.QtWidgets import QDialog, QWidget

from s2c_desktop.sketch.case import Case
from s2c_desktop.ui.drawing.case_sheet import (
    SHEET_HEIGHT,
    SHEET_WIDTH,
    paint_sheet,
)


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
