"""The case sheet's record of the witness's Variantes rounds (issue 26): each round's step, pick, time and the
picked face's parameters; the nine parameter sets of every round stay in ``case.json``."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter

from s2c_desktop.sketch.case import Case

MAX_LINES = 12  # the column's room; older rounds give way to the latest


def part_names() -> dict[str, str]:
    return {
        "face_width": QCoreApplication.translate("export", "face width"),
        "jaw": QCoreApplication.translate("export", "jaw"),
        "eye_size": QCoreApplication.translate("export", "eye size"),
        "eye_spacing": QCoreApplication.translate("export", "eye spacing"),
        "nose_length": QCoreApplication.translate("export", "nose length"),
        "nose_width": QCoreApplication.translate("export", "nose width"),
        "mouth_width": QCoreApplication.translate("export", "mouth width"),
        "brow_height": QCoreApplication.translate("export", "brow height"),
        "skin": QCoreApplication.translate("export", "skin"),
        "hair": QCoreApplication.translate("export", "hair"),
        "eyes": QCoreApplication.translate("export", "eyes"),
    }


def round_line(record: dict[str, Any]) -> str:
    """One round in words: "Round 2 (step 0.5), picked 5 at 20:01: face width +0.37, …; hair #2b1e16"."""
    head = QCoreApplication.translate("export", "Round {0} (step {1})").format(
        record.get("round"), f"{record.get('step', 0):g}"
    )
    pick = record.get("pick")
    if pick is None:
        return head + ": " + QCoreApplication.translate("export", "no pick")
    variant = record["variants"][pick - 1]
    names = part_names()
    shape = [f"{names[k]} {v:+.2f}" for k, v in variant.get("shape", {}).items() if abs(v) >= 0.005]
    colours = [
        f"{names.get(name, name)} {code}" for name, code in (variant.get("colours_rgb") or {}).items() if code
    ]
    when = str(record.get("picked_at", ""))[11:16]
    picked = QCoreApplication.translate("export", "picked {0}").format(pick) + (
        f" ({when} UTC)" if when else ""
    )
    return f"{head}, {picked}: " + ("; ".join([", ".join(shape)] + colours) if shape or colours else "—")


def paint_variant_rounds(painter: QPainter, case: Case, area: QRectF) -> None:
    """The rounds, latest last, in ``area`` (nothing when the witness saw none)."""
    if not case.variant_rounds:
        return
    lines = [round_line(record) for record in case.variant_rounds][-MAX_LINES:]
    painter.setPen(QColor(90, 90, 90))
    font = QFont()
    font.setPixelSize(17)
    painter.setFont(font)
    title = QCoreApplication.translate("export", "Variants shown to the witness: {0} rounds").format(
        len(case.variant_rounds)
    )
    painter.drawText(QRectF(area.left(), area.top(), area.width(), 24), Qt.AlignmentFlag.AlignLeft, title)
    font.setPixelSize(14)
    painter.setFont(font)
    painter.setPen(QColor(20, 20, 20))
    painter.drawText(
        QRectF(area.left(), area.top() + 26, area.width(), area.height() - 26),
        int(Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignTop),
        "\n".join(lines),
    )
