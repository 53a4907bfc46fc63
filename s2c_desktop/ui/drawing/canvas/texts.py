"""The canvas's visible texts: its actions' names and tips, and the undo history's entries.

Literal ``QCoreApplication.translate("SketchCanvas", ...)`` calls, so lupdate extracts them in the canvas's
translation context.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def action_texts() -> dict[str, tuple[str, str]]:
    """(text, tip) of each canvas action, by name."""
    return {
        "pencil": (
            QCoreApplication.translate("SketchCanvas", "&Pencil"),
            QCoreApplication.translate("SketchCanvas", "Draw with the pencil (pressure-sensitive)"),
        ),
        "eraser": (
            QCoreApplication.translate("SketchCanvas", "&Eraser"),
            QCoreApplication.translate("SketchCanvas", "Erase back to white paper"),
        ),
        "soften": (
            QCoreApplication.translate("SketchCanvas", "S&often"),
            QCoreApplication.translate("SketchCanvas", "Blur lines into soft shading"),
        ),
        "smudge": (
            QCoreApplication.translate("SketchCanvas", "S&mudge"),
            QCoreApplication.translate("SketchCanvas", "Drag graphite along the stroke"),
        ),
        "size_down": (
            QCoreApplication.translate("SketchCanvas", "Smaller Brush"),
            QCoreApplication.translate("SketchCanvas", "Make the brush smaller"),
        ),
        "size_up": (
            QCoreApplication.translate("SketchCanvas", "Larger Brush"),
            QCoreApplication.translate("SketchCanvas", "Make the brush larger"),
        ),
        "undo": (
            QCoreApplication.translate("SketchCanvas", "&Undo"),
            QCoreApplication.translate("SketchCanvas", "Undo the last change"),
        ),
        "redo": (
            QCoreApplication.translate("SketchCanvas", "&Redo"),
            QCoreApplication.translate("SketchCanvas", "Redo the last undone change"),
        ),
        "clear": (
            QCoreApplication.translate("SketchCanvas", "C&lear Sketch"),
            QCoreApplication.translate("SketchCanvas", "Wipe the whole sketch (can be undone)"),
        ),
        "zoom_in": (
            QCoreApplication.translate("SketchCanvas", "Zoom &In"),
            QCoreApplication.translate("SketchCanvas", "Magnify the sketch"),
        ),
        "zoom_out": (
            QCoreApplication.translate("SketchCanvas", "Zoom &Out"),
            QCoreApplication.translate("SketchCanvas", "Show more of the sketch"),
        ),
        "zoom_fit": (
            QCoreApplication.translate("SketchCanvas", "&Fit to Window"),
            QCoreApplication.translate("SketchCanvas", "Show the whole sheet"),
        ),
        "rotate_left": (
            QCoreApplication.translate("SketchCanvas", "Rotate &Left"),
            QCoreApplication.translate(
                "SketchCanvas",
                "Turn the paper on screen 15° anticlockwise (the sketch itself does not change)",
            ),
        ),
        "rotate_right": (
            QCoreApplication.translate("SketchCanvas", "Rotate &Right"),
            QCoreApplication.translate(
                "SketchCanvas", "Turn the paper on screen 15° clockwise (the sketch itself does not change)"
            ),
        ),
        "rotate_reset": (
            QCoreApplication.translate("SketchCanvas", "Reset Ro&tation"),
            QCoreApplication.translate("SketchCanvas", "Show the paper upright again"),
        ),
        "guide": (
            QCoreApplication.translate("SketchCanvas", "Face &Guide"),
            QCoreApplication.translate("SketchCanvas", "Show where eyes, nose and mouth sit for the model"),
        ),
        "symmetry": (
            QCoreApplication.translate("SketchCanvas", "&Symmetry"),
            QCoreApplication.translate(
                "SketchCanvas", "Mirror each stroke across the face guide's centre line"
            ),
        ),
        "colour": (
            QCoreApplication.translate("SketchCanvas", "C&olour Hint"),
            QCoreApplication.translate(
                "SketchCanvas",
                "Paint the witness's colours (skin, hair, eyes) as small dots on their own layer; the sketch is untouched",  # noqa: E501 - one literal, as lupdate reads it
            ),
        ),
        "hint_eraser": (
            QCoreApplication.translate("SketchCanvas", "Erase &Hint"),
            QCoreApplication.translate("SketchCanvas", "Remove colour hints under the brush"),
        ),
        "eyedropper": (
            QCoreApplication.translate("SketchCanvas", "E&yedropper"),
            QCoreApplication.translate("SketchCanvas", "Pick a colour from a hint or from the photo"),
        ),
        "hints_visible": (
            QCoreApplication.translate("SketchCanvas", "Show Colour &Hints"),
            QCoreApplication.translate(
                "SketchCanvas",
                "Show or hide the colour hints on the sketch (hidden hints still colour the photo)",
            ),
        ),
        "clear_hints": (
            QCoreApplication.translate("SketchCanvas", "Clear Colour Hints"),
            QCoreApplication.translate("SketchCanvas", "Remove every colour hint (can be undone)"),
        ),
    }


def stroke_texts() -> dict[str, str]:
    """Undo history entries (\"Undo Pencil stroke\") by tool."""
    return {
        "pencil": QCoreApplication.translate("SketchCanvas", "Pencil stroke"),
        "eraser": QCoreApplication.translate("SketchCanvas", "Eraser stroke"),
        "soften": QCoreApplication.translate("SketchCanvas", "Soften"),
        "smudge": QCoreApplication.translate("SketchCanvas", "Smudge"),
        "colour": QCoreApplication.translate("SketchCanvas", "Colour hint"),
        "hint_eraser": QCoreApplication.translate("SketchCanvas", "Erase colour hint"),
    }
