"""F1: the drawing tab's help — every shortcut (read from the actions themselves, so it never goes stale) and
a short how-to, in the interface's language (issue 26 §5)."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget


def shortcut_rows(actions: Iterable[QAction]) -> list[tuple[str, str]]:
    """(what, keys) for every action with a shortcut, in menu order, each action once."""
    rows: list[tuple[str, str]] = []
    seen: set[int] = set()
    for action in actions:
        if id(action) in seen or action.shortcut().isEmpty():
            continue
        seen.add(id(action))
        keys = ", ".join(key.toString(QKeySequence.SequenceFormat.NativeText) for key in action.shortcuts())
        rows.append((action.text().replace("&", "").rstrip("…"), keys))
    return rows


class HelpDialog(QDialog):
    def __init__(self, actions: Iterable[QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("drawingHelp")
        self.setWindowTitle(self.tr("Drawing help"))
        self.resize(620, 720)
        self.browser = QTextBrowser(self)
        self.browser.setObjectName("helpText")
        self.browser.setHtml(self.html(shortcut_rows(actions)))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)

    def html(self, rows: list[tuple[str, str]]) -> str:
        gestures = [
            (self.tr("Zoom around the pointer"), self.tr("Ctrl + mouse wheel")),
            (self.tr("Move the paper"), self.tr("Space + drag, or the middle button")),
            (self.tr("Cancel the stroke being drawn"), "Esc"),
        ]
        table = "".join(
            f"<tr><td>{escape(what)}</td><td><b>{escape(keys)}</b></td></tr>"
            for what, keys in rows + gestures
        )
        steps = [
            self.tr("Draw the face over the guide (G): the eyes on the guide's eyes, the chin on its chin."),
            self.tr(
                "Colorize (Ctrl+Enter), or turn on live mode (Ctrl+L) to see the photo after each stroke."
            ),
            self.tr("Paint the witness's colours with the Colour tool (C): skin, hair, eyes."),
            self.tr(
                "Variants (V): the witness clicks the face closest to the one they saw; the next nine vary around it. Apply writes the chosen face into the sketch (one Ctrl+Z takes it back)."  # noqa: E501 - one literal, as lupdate reads it
            ),
            self.tr("Save the case (Ctrl+S) and print its sheet (Ctrl+P)."),
        ]
        how_to = "".join(f"<li>{escape(step)}</li>" for step in steps)
        return (
            f"<h3>{escape(self.tr('How to'))}</h3><ol>{how_to}</ol>"
            f"<h3>{escape(self.tr('Shortcuts'))}</h3><table cellpadding='3'>{table}</table>"
        )
