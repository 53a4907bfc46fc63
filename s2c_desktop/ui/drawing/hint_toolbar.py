"""The colour-hint bar under the drawing tools: the palette, a free colour, eyedropper, dot size, show/clear.

Choosing a swatch also picks the Colour tool, so one click on "Monk 7" and one on the cheek place a hint.
While the model takes no hints, the painting tools and swatches are disabled and their tooltip says why;
showing, hiding and clearing hints loaded with a case stay possible.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QColorDialog, QDoubleSpinBox, QLabel, QToolBar, QToolButton, QWidget

from s2c_desktop.ui.drawing.canvas.hint_layer import MAX_HINT_SIZE, MIN_HINT_SIZE
from s2c_desktop.ui.drawing.hint_palette import Swatch, palette
from s2c_desktop.ui.language import follow_language

if TYPE_CHECKING:
    from s2c_desktop.ui.drawing.canvas.canvas_widget import SketchCanvas

SWATCH_PX = 18


def swatch_icon(colour: QColor, size: int = SWATCH_PX) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QColor(90, 90, 90))
    painter.setBrush(colour)
    painter.drawRoundedRect(1, 1, size - 2, size - 2, 3, 3)
    painter.end()
    return QIcon(pixmap)


class HintToolbar(QToolBar):
    def __init__(self, canvas: SketchCanvas, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        follow_language(self, self.retranslate)
        self.setObjectName("hintToolbar")
        self.setIconSize(QSize(SWATCH_PX, SWATCH_PX))
        self.canvas = canvas
        hints = canvas.hints
        actions = canvas.canvas_actions()
        self.title = QLabel(self)
        self.title.setObjectName("hintTitle")
        self.addWidget(self.title)
        self.addAction(actions["colour"])
        self.current = QToolButton(self)  # the colour in use; a click opens the free colour picker
        self.current.setObjectName("hintCurrentColour")
        self.current.clicked.connect(self.choose_free_colour)
        self.addWidget(self.current)
        self.addAction(actions["eyedropper"])
        self.addAction(actions["hint_eraser"])
        # The palette has a row of its own (the tab lays it out under this bar): on one row with the tools,
        # show/clear hints fell into the bar's "››" overflow at 1360 px, its popup cut off at the window edge.
        self.palette_bar = QToolBar(parent)
        self.palette_bar.setObjectName("hintPaletteBar")
        self.palette_bar.setIconSize(QSize(SWATCH_PX, SWATCH_PX))
        self.group_labels: list[QLabel] = []
        self.swatches: dict[str, QAction] = {}
        for index, (_title, group) in enumerate(palette()):
            if index:
                self.palette_bar.addSeparator()
            label = QLabel(self.palette_bar)
            self.group_labels.append(label)
            self.palette_bar.addWidget(label)
            for swatch in group:
                self.swatches[swatch.hex] = self._swatch_action(swatch)
        self.addSeparator()
        self.size_label = QLabel(self)
        self.addWidget(self.size_label)
        self.dot_size = QDoubleSpinBox(self)
        self.dot_size.setObjectName("hintSize")
        self.dot_size.setRange(MIN_HINT_SIZE, MAX_HINT_SIZE)
        self.dot_size.setDecimals(0)
        self.dot_size.setValue(hints.size)
        self.dot_size.valueChanged.connect(hints.set_size)
        hints.sizeChanged.connect(
            lambda value: self.dot_size.setValue(value) if self.dot_size.value() != value else None
        )
        self.addWidget(self.dot_size)
        self.addAction(actions["hints_visible"])
        self.addAction(actions["clear_hints"])
        hints.colourChanged.connect(self._show_colour)
        self._reason = ""
        self._show_colour(hints.colour)
        self.retranslate()

    def _swatch_action(self, swatch: Swatch) -> QAction:
        action = QAction(swatch_icon(QColor(swatch.hex)), swatch.name, self)
        action.setObjectName(f"hintSwatch{swatch.hex[1:]}")
        action.triggered.connect(lambda _checked=False, code=swatch.hex: self.use_colour(QColor(code)))
        self.palette_bar.addAction(action)
        return action

    # -- behaviour -----------------------------------------------------------------------------------
    def use_colour(self, colour: QColor) -> None:
        """Take this colour and the Colour tool (what clicking a swatch does)."""
        self.canvas.hints.set_colour(colour)
        self.canvas.set_tool("colour")

    def choose_free_colour(self) -> None:
        dialog = QColorDialog(self.canvas.hints.colour, self)
        dialog.setObjectName("hintColourDialog")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # one picker per click, gone when closed
        dialog.setWindowTitle(self.tr("Colour hint"))
        dialog.colorSelected.connect(self.use_colour)
        dialog.open()  # not exec(): the app (and a test) keeps running while the picker is open

    def show_model(self, info: Any) -> None:
        """Enable the hint tools for a model with the ``hints`` input; otherwise say why they are off."""
        if info is None:
            reason = self.tr("Colour hints need a colorization model; none is loaded yet.")
        elif not getattr(info, "accepts_hints", False):
            reason = self.tr(
                "The model {0} takes no colour hints: it has no 'hints' input. Hints work with a model trained for them (generator v3 or newer)."  # noqa: E501 - one literal, as lupdate reads it
            ).format(info.name)
        else:
            reason = ""
        self.set_available(not reason, reason)

    def set_available(self, available: bool, reason: str = "") -> None:
        self._reason = "" if available else reason
        self.canvas.set_hints_available(available, reason)
        self.current.setEnabled(available)
        for action in self.swatches.values():
            action.setEnabled(available)
        self.dot_size.setEnabled(available)
        self.retranslate()

    def _show_colour(self, colour: QColor) -> None:
        self.current.setIcon(swatch_icon(colour, 22))
        self.current.setToolTip(
            self.tr("Colour in use: {0}. Click to choose any colour.").format(colour.name())
        )

    # -- translations --------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.title.setText(" " + self.tr("Colour hints:") + " ")
        for label, (title, group) in zip(self.group_labels, palette(), strict=True):
            label.setText(" " + title + " ")
            for swatch in group:
                self.swatches[swatch.hex].setText(swatch.name)
                self.swatches[swatch.hex].setToolTip(self._reason or swatch.name)
        self.size_label.setText(" " + self.tr("Dot") + " ")
        self.dot_size.setToolTip(self._reason or self.tr("Hint dot size in pixels of the sketch"))
        self._show_colour(self.canvas.hints.colour)
        if self._reason:
            self.current.setToolTip(self._reason)
            self.title.setToolTip(self._reason)
        else:
            self.title.setToolTip(
                self.tr("The witness's colours for skin, hair and eyes, as small dots the model follows")
            )
