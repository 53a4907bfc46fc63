"""Exports: the photo as PNG (with the engine's provenance) and the case sheet as PNG or PDF.

The sheet (sketch | photo, case fields, date, model name) is painted by one function on either a QImage or
a QPdfWriter, so both formats show the same thing. Every file is written through a temporary file and a
rename (:mod:`s2c_desktop.atomic`): a full disk leaves no half-written export.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PIL import Image
from PySide6.QtCore import QCoreApplication, QMarginsF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
    QTextOption,
)

from s2c_desktop.atomic import atomic_path
from s2c_desktop.engine.provenance import leaving_photo
from s2c_desktop.errors import S2CError
from s2c_desktop.sketch import hint_legend
from s2c_desktop.sketch.case import Case
from s2c_desktop.sketch.hint_legend import legend
from s2c_desktop.ui.drawing.variant_sheet import paint_variant_rounds

# The sheet is laid out on an A4-landscape grid of these logical units, then scaled to the device.
SHEET_WIDTH = 1485
SHEET_HEIGHT = 1050


class ExportError(S2CError):
    """An export could not be written."""


def pil_to_qimage(image: Image.Image) -> QImage:
    """A deep-copied QImage (the PIL buffer may go away)."""
    if image.mode == "L":
        data = image.tobytes()
        qimage = QImage(data, image.width, image.height, image.width, QImage.Format.Format_Grayscale8)
    elif image.mode == "RGBA":  # the colour-hint layer
        data = image.tobytes()
        qimage = QImage(data, image.width, image.height, image.width * 4, QImage.Format.Format_RGBA8888)
    else:
        rgb = image.convert("RGB")
        data = rgb.tobytes()
        qimage = QImage(data, rgb.width, rgb.height, rgb.width * 3, QImage.Format.Format_RGB888)
    return qimage.copy()


def export_photo_png(
    path: str | Path, photo: Image.Image, metadata: dict[str, Any], case_number: str = ""
) -> Path:
    """Write the photo, marked (naming ``case_number``), with the engine's provenance chunks (atomically)."""
    from s2c_desktop.engine.provenance import save_image_png

    path = Path(path)
    try:
        save_image_png(photo, path, {str(k): str(v) for k, v in metadata.items()}, case_number)
    except OSError as exc:
        raise ExportError(
            QCoreApplication.translate("export", "Cannot write {0}: {1}").format(
                path.name, exc.strerror or exc
            )
        ) from exc
    return path


def _font(pixels: int, bold: bool = False) -> QFont:
    font = QFont("DejaVu Sans")
    font.setPixelSize(pixels)
    font.setBold(bold)
    return font


def checksum_warning(names: list[str]) -> str:
    """The line that tells which case files differ from the checksums recorded in case.json."""
    return QCoreApplication.translate(
        "export", "Changed outside Sketch2Color: {0} does not match the checksum recorded in the case"
    ).format(", ".join(names))


def field_text_option() -> QTextOption:
    """How a case field wraps: between words (a name never breaks mid-word), and inside a word only when
    that one word is wider than the column (a long case number or file name is never cut off)."""
    option = QTextOption(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    return option


def photo_created(case: Case) -> _dt.datetime | None:
    """When the case's photo was made, in local time (provenance ``created``); None without a photo or a
    time."""
    created = case.photo_metadata.get("created", "") if case.photo is not None else ""
    try:
        moment = _dt.datetime.fromisoformat(created)
    except ValueError:
        return None
    return moment.astimezone() if moment.tzinfo else moment


def paint_sheet(
    painter: QPainter,
    case: Case,
    model_name: str,
    model_sha256: str = "",
    generated_at: _dt.datetime | None = None,
) -> None:
    """Paint the case sheet in the SHEET_WIDTH × SHEET_HEIGHT logical space (the caller sets the window).

    "Generated" is when the photo was made (its provenance), not when the sheet is printed or exported."""
    generated_at = generated_at or photo_created(case)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    painter.fillRect(QRectF(0, 0, SHEET_WIDTH, SHEET_HEIGHT), QColor("white"))
    margin = 60.0
    ink = QColor(20, 20, 20)
    painter.setPen(ink)

    painter.setFont(_font(34, bold=True))
    title = QCoreApplication.translate("export", "Sketch2Color — case sheet")
    painter.drawText(QRectF(margin, margin - 10, 900, 50), Qt.AlignmentFlag.AlignLeft, title)
    painter.setFont(_font(26, bold=True))
    number = case.case_number or QCoreApplication.translate("export", "(no case number)")
    painter.drawText(
        QRectF(SHEET_WIDTH - margin - 600, margin - 6, 600, 50),
        Qt.AlignmentFlag.AlignRight,
        QCoreApplication.translate("export", "Case {0}").format(number),
    )
    painter.setPen(QPen(QColor(120, 120, 120), 2))
    painter.drawLine(int(margin), int(margin + 50), int(SHEET_WIDTH - margin), int(margin + 50))
    if case.checksum_mismatches:  # until the case is saved again, whoever reads the sheet must know
        painter.setPen(QColor(200, 0, 0))
        painter.setFont(_font(18, bold=True))
        painter.drawText(
            QRectF(margin, margin + 54, SHEET_WIDTH - 2 * margin, 26),
            Qt.AlignmentFlag.AlignLeft,
            "⚠ " + checksum_warning(case.checksum_mismatches),
        )

    # Two 4:5 panels side by side.
    top = margin + 80
    panel_h = 600.0
    panel_w = panel_h * 4 / 5
    gap = 44.0
    left = margin
    panels = [
        (case.sketch, QCoreApplication.translate("export", "Sketch")),
        # Printed or exported, the photo carries both marks (engine/provenance.py, leaving_photo).
        (
            leaving_photo(case.photo, case.photo_metadata, case.case_number)[0]
            if case.photo is not None
            else None,
            QCoreApplication.translate("export", "Colorized photo (generated)"),
        ),
    ]
    for index, (image, label) in enumerate(panels):
        x = left + index * (panel_w + gap)
        rect = QRectF(x, top + 36, panel_w, panel_h)
        painter.setPen(ink)
        painter.setFont(_font(22, bold=True))
        painter.drawText(QRectF(x, top, panel_w, 32), Qt.AlignmentFlag.AlignLeft, label)
        if image is not None:
            painter.drawImage(rect, pil_to_qimage(image))
            if index == 0 and case.hints is not None:  # the witness's colours where the artist placed them
                painter.drawImage(rect, pil_to_qimage(case.hints))
        else:
            painter.fillRect(rect, QColor(242, 242, 242))
            painter.setFont(_font(20))
            painter.drawText(
                rect, Qt.AlignmentFlag.AlignCenter, QCoreApplication.translate("export", "not colorized")
            )
        painter.setPen(QPen(QColor(150, 150, 150), 1.5))
        painter.drawRect(rect)

    # Case fields on the right; long values wrap instead of being cut off.
    fields_x = left + 2 * (panel_w + gap) + 6
    fields_w = SHEET_WIDTH - margin - fields_x
    bottom = top + 36 + panel_h
    y = top
    wrap = field_text_option()
    rows = [
        (QCoreApplication.translate("export", "Case number"), case.case_number or "—", 22, True),
        (QCoreApplication.translate("export", "Date"), case.date or "—", 22, True),
        (QCoreApplication.translate("export", "Artist"), case.artist or "—", 22, True),
        (QCoreApplication.translate("export", "Model"), model_name, 20, True),
    ]
    if model_sha256:
        rows.append(("SHA-256", model_sha256[:24] + "…", 15, False))
    rows.append(
        (
            QCoreApplication.translate("export", "Generated"),
            generated_at.strftime("%Y-%m-%d %H:%M %Z").strip() if generated_at else "—",
            20,
            False,
        )
    )
    for caption, value, size, bold in rows:
        painter.setPen(QColor(90, 90, 90))
        painter.setFont(_font(17))
        painter.drawText(QRectF(fields_x, y, fields_w, 24), Qt.AlignmentFlag.AlignLeft, caption)
        y += 26
        painter.setPen(ink)
        painter.setFont(_font(size, bold=bold))
        box = painter.boundingRect(QRectF(fields_x, y, fields_w, 200), value, wrap)
        painter.drawText(QRectF(fields_x, y, fields_w, box.height()), value, wrap)
        y += box.height() + 16
    painter.setPen(QColor(90, 90, 90))
    painter.setFont(_font(17))
    painter.drawText(
        QRectF(fields_x, y, fields_w, 24),
        Qt.AlignmentFlag.AlignLeft,
        QCoreApplication.translate("export", "Witness notes"),
    )
    painter.setPen(ink)
    painter.setFont(_font(18))
    notes_rect = QRectF(fields_x, y + 26, fields_w, max(40.0, bottom - (y + 26)))
    painter.drawText(
        notes_rect, int(Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignTop), case.witness_notes or "—"
    )

    paint_hint_legend(
        painter,
        case,
        QRectF(margin, bottom + 18, 2 * panel_w + gap, SHEET_HEIGHT - margin - 60 - bottom - 18),
    )
    rounds_area = QRectF(fields_x, bottom + 18, fields_w, SHEET_HEIGHT - margin - 60 - bottom - 18)
    paint_variant_rounds(painter, case, rounds_area)  # the witness's Variantes rounds (issue 26)

    painter.setPen(QColor(110, 110, 110))
    painter.setFont(_font(16))
    disclaimer = QCoreApplication.translate(
        "export",
        "The photo was generated by a machine-learning model from the sketch. It is not a photograph of a real person and must only be used as an investigative aid.",  # noqa: E501 - one literal, as lupdate reads it
    )
    painter.drawText(
        QRectF(margin, SHEET_HEIGHT - margin - 50, SHEET_WIDTH - 2 * margin, 50),
        int(Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft),
        disclaimer,
    )


def paint_hint_legend(painter: QPainter, case: Case, area: QRectF) -> None:
    """Under the sketch and the photo: the colours the witness gave, each with its name (or hex code)."""
    from s2c_desktop.sketch.hint_layer import HintSheet
    from s2c_desktop.ui.drawing.hint_palette import describe_colour, palette_order

    # Only colours that still cover an area (not slivers left by painting over), with where they sit.
    used = legend(HintSheet.from_image(case.hints).pixels) if case.hints is not None else []
    colours = sorted(used, key=lambda entry: palette_order(entry.rgb))  # skin, hair, eyes, then free colours
    painter.setPen(QColor(90, 90, 90))
    painter.setFont(_font(17))
    caption = QCoreApplication.translate("export", "Colour hints given by the witness")
    if not colours:
        caption = QCoreApplication.translate("export", "Colour hints: none (the model chose every colour)")
    elif case.photo is not None and case.photo_metadata.get("hints_sha256", "none") == "none":
        caption += " " + QCoreApplication.translate("export", "(not used for this photo)")
    painter.drawText(QRectF(area.left(), area.top(), area.width(), 24), Qt.AlignmentFlag.AlignLeft, caption)
    x, y = area.left(), area.top() + 30
    item_width, row_height = area.width() / 3, 30.0
    painter.setFont(_font(16))
    for entry in colours:
        rgb = entry.rgb
        where = ", ".join(region_name(region) for region in entry.regions)
        if x + item_width > area.right() + 1:
            x, y = area.left(), y + row_height
        if y + row_height > area.bottom():
            break
        painter.setPen(QPen(QColor(90, 90, 90), 1))
        painter.setBrush(QColor(*rgb))
        painter.drawRect(QRectF(x, y + 2, 22, 22))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QColor(20, 20, 20))
        painter.drawText(
            QRectF(x + 30, y, item_width - 36, 26),
            int(Qt.AlignmentFlag.AlignVCenter),
            QCoreApplication.translate("export", "{0} ({1})").format(describe_colour(rgb), where),
        )
        x += item_width


def region_name(region: str) -> str:
    """A legend region (:mod:`s2c_desktop.sketch.hint_legend`) in the user's language."""
    names = {
        hint_legend.EYES: QCoreApplication.translate("export", "eyes"),
        hint_legend.BROWS: QCoreApplication.translate("export", "eyebrows"),
        hint_legend.LIPS: QCoreApplication.translate("export", "lips"),
        hint_legend.FACE: QCoreApplication.translate("export", "face"),
        hint_legend.NECK: QCoreApplication.translate("export", "neck"),
        hint_legend.HAIR: QCoreApplication.translate("export", "hair"),
        hint_legend.ELSEWHERE: QCoreApplication.translate("export", "outside the face"),
    }
    return names[region]


def render_sheet_image(
    case: Case,
    model_name: str,
    model_sha256: str = "",
    scale: float = 1.0,
    generated_at: _dt.datetime | None = None,
) -> QImage:
    width, height = round(SHEET_WIDTH * scale), round(SHEET_HEIGHT * scale)
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    image.setDotsPerMeterX(round(width / 0.297))
    image.setDotsPerMeterY(round(height / 0.210))
    painter = QPainter(image)
    painter.setWindow(0, 0, SHEET_WIDTH, SHEET_HEIGHT)
    painter.setViewport(0, 0, width, height)
    paint_sheet(painter, case, model_name, model_sha256, generated_at)
    painter.end()
    return image


def export_sheet_png(path: str | Path, case: Case, model_name: str, model_sha256: str = "") -> Path:
    path = Path(path)
    image = render_sheet_image(case, model_name, model_sha256, scale=1.2)
    _write_atomically(path, lambda tmp: image.save(str(tmp), "PNG"), b"IEND")
    return path


def export_sheet_pdf(path: str | Path, case: Case, model_name: str, model_sha256: str = "") -> Path:
    path = Path(path)

    def write(tmp: Path) -> bool:
        writer = QPdfWriter(str(tmp))
        writer.setResolution(300)
        writer.setTitle(QCoreApplication.translate("export", "Case {0}").format(case.case_number or "—"))
        writer.setCreator("Sketch2Color")
        writer.setPageLayout(
            QPageLayout(
                QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Landscape, QMarginsF(0, 0, 0, 0)
            )
        )
        painter = QPainter()
        if not painter.begin(writer):
            return False
        page = writer.pageLayout().fullRectPixels(writer.resolution())
        painter.setWindow(0, 0, SHEET_WIDTH, SHEET_HEIGHT)
        painter.setViewport(page)
        paint_sheet(painter, case, model_name, model_sha256)
        return painter.end()

    _write_atomically(path, write, b"%%EOF")
    return path


def _write_atomically(path: Path, write: Callable[[Path], bool], end_marker: bytes) -> None:
    """Qt's writers do not always report a short write, so the file's own end marker is checked too."""
    try:
        with atomic_path(path) as tmp:
            if not write(tmp) or not _ends_with(tmp, end_marker):
                raise OSError(28, "the file could not be written completely (disk full?)", str(path))
    except OSError as exc:
        raise ExportError(
            QCoreApplication.translate("export", "Cannot write {0}: {1}").format(
                path.name, exc.strerror or exc
            )
        ) from exc


def _ends_with(path: Path, marker: bytes) -> bool:
    try:
        with open(path, "rb") as handle:
            handle.seek(0, 2)
            size = handle.tell()
            handle.seek(max(0, size - 64))
            return marker in handle.read()
    except OSError:
        return False
