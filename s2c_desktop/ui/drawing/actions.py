"""The drawing tab's actions (menus, toolbar, shortcuts artists expect) and its tool bar."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDoubleSpinBox,
    QLabel,
    QProxyStyle,
    QSlider,
    QStyle,
    QToolBar,
    QToolButton,
    QWidget,
)

from s2c_desktop.ui.actions import new_action
from s2c_desktop.ui.drawing.canvas.canvas_widget import SketchCanvas
from s2c_desktop.ui.drawing.canvas.tool_sizes import ToolSizes
from s2c_desktop.ui.drawing.file_dialogs import CaseFileDialogs


class JumpToClickStyle(QProxyStyle):
    """A click on a slider's track puts the handle there (not a page step of 10 % towards the click)."""

    def __init__(self, slider: QSlider) -> None:
        super().__init__(slider.style().name())
        self.setParent(slider)  # lives as long as the slider

    def styleHint(
        self,
        hint: QStyle.StyleHint,
        option: Any = None,
        widget: Any = None,  # noqa: N802
        data: Any = None,
    ) -> int:
        if hint == QStyle.StyleHint.SH_Slider_AbsoluteSetButtons:
            return int(Qt.MouseButton.LeftButton.value)
        return super().styleHint(hint, option, widget, data)


class DrawingCommands(Protocol):
    """What the tab's own actions do (the tab itself; the file commands go through its dialogs)."""

    dialogs: CaseFileDialogs

    def new_case(self) -> object: ...
    def print_sheet(self) -> object: ...
    def colorize(self) -> object: ...
    def open_variants(self) -> object: ...
    def set_live(self, enabled: bool) -> object: ...


class DrawingActions(QObject):
    """The drawing tab's actions, built with their slots passed in, and its tool bar."""

    def __init__(self, tab: QWidget, canvas: SketchCanvas, commands: DrawingCommands) -> None:
        super().__init__(tab)
        self._tab = tab

        def make(name: str, slot: Callable[[], object] | None, *shortcuts: QKeySequence | str) -> QAction:
            action = new_action(tab, name, slot, shortcuts)
            tab.addAction(action)  # the tab is always in a window: its shortcuts work wherever the focus is
            return action

        std = QKeySequence.StandardKey
        dialogs = commands.dialogs
        self.new_case = make("actionNewCase", commands.new_case, QKeySequence(std.New))
        self.open_case = make("actionOpenCase", dialogs.open_case, QKeySequence(std.Open))
        self.save_case = make("actionSaveCase", dialogs.save_case, QKeySequence(std.Save))
        self.save_case_as = make("actionSaveCaseAs", lambda: dialogs.save_case(choose=True), "Ctrl+Shift+S")
        self.open_sketch = make("actionOpenSketch", dialogs.open_sketch)
        self.import_scan = make("actionImportScan", dialogs.import_scan, "Ctrl+I")
        self.save_sketch = make("actionSaveSketch", dialogs.save_sketch)
        self.export_photo = make("actionExportPhoto", dialogs.export_photo)
        self.export_sheet = make("actionExportSheet", dialogs.export_sheet, "Ctrl+Shift+E")
        # Ctrl+P: the system print dialog
        self.print_sheet = make("actionPrintSheet", commands.print_sheet, QKeySequence(std.Print))
        self.colorize = make("actionColorize", commands.colorize, "Ctrl+Return")
        self.variants = make("actionVariants", commands.open_variants, "V")
        self.help = make("actionDrawingHelp", self.show_help, QKeySequence(std.HelpContents))  # F1
        self.live = make("actionLive", None, "Ctrl+L")
        self.live.setCheckable(True)
        self.live.toggled.connect(commands.set_live)

        # Drawing actions and their shortcuts (B, E, R, U, [ ], Ctrl+Z, Ctrl+Shift+Z, G...) belong to the
        # canvas; menus and toolbar reuse them so Qt never sees two actions with one shortcut.
        self.canvas_actions: dict[str, QAction] = canvas.canvas_actions()
        get = self.canvas_actions.get
        self.pencil, self.eraser, self.soften, self.smudge = (
            get("pencil"),
            get("eraser"),
            get("soften"),
            get("smudge"),
        )
        self.undo, self.redo, self.clear = get("undo"), get("redo"), get("clear")
        self.smaller, self.bigger = get("size_down"), get("size_up")
        self.guide, self.symmetry = get("guide"), get("symmetry")
        self.colour, self.hint_eraser, self.eyedropper = get("colour"), get("hint_eraser"), get("eyedropper")
        self.hints_visible, self.clear_hints = get("hints_visible"), get("clear_hints")
        self.zoom_in, self.zoom_out, self.zoom_fit = get("zoom_in"), get("zoom_out"), get("zoom_fit")
        self.rotate_left, self.rotate_right = get("rotate_left"), get("rotate_right")
        self.rotate_reset = get("rotate_reset")

        self.tool_sizes = ToolSizes(canvas)  # the pencil and the eraser keep their own sizes

        self.toolbar = QToolBar(tab)
        self.toolbar.setObjectName("drawingToolbar")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self._add(self.pencil, self.eraser, self.soften, self.smudge)
        self.toolbar.addSeparator()
        self.size_label = QLabel(tab)
        self.size = QDoubleSpinBox(tab)
        self.size.setObjectName("brushSize")
        self.size.setRange(0.5, 200.0)
        self.size.setDecimals(1)
        self.size.setValue(canvas.brush_size)
        self.size.valueChanged.connect(canvas.set_brush_size)
        canvas.brushSizeChanged.connect(self._show_size)
        self.opacity_label = QLabel(tab)
        self.opacity = QSlider(Qt.Orientation.Horizontal, tab)
        self.opacity.setObjectName("brushOpacity")
        self.opacity.setRange(5, 100)
        self.opacity.setValue(round(canvas.opacity * 100))
        self.opacity.setMaximumWidth(120)
        self.opacity.setStyle(JumpToClickStyle(self.opacity))
        self.opacity.valueChanged.connect(lambda value: canvas.set_opacity(value / 100))
        canvas.opacityChanged.connect(lambda value: self.opacity.setValue(round(value * 100)))
        for widget in (self.size_label, self.size, self.opacity_label, self.opacity):
            self.toolbar.addWidget(widget)
        self.toolbar.addSeparator()
        self._add(self.undo, self.redo, self.clear)
        self.toolbar.addSeparator()
        self._add(self.guide, self.symmetry, self.zoom_fit)
        # Shown only while the paper is turned: the angle, and a click sets it upright (as 5 does).
        self.rotation_button = QToolButton(tab)
        self.rotation_button.setObjectName("paperRotation")
        self.rotation_button.clicked.connect(self.rotate_reset.trigger)
        self.rotation_slot = self.toolbar.addWidget(self.rotation_button)
        canvas.rotationChanged.connect(self._show_rotation)
        self._show_rotation(canvas.rotation)

    def menus(self) -> dict[str, list[list[QAction]]]:
        """The actions of each menu ("file", "edit", "view", "colorize") in groups; the main window builds its
        menus from this, with a separator between groups."""

        def group(*actions: QAction | None) -> list[QAction]:
            return [action for action in actions if action is not None]

        return {
            "file": [
                group(self.new_case, self.open_case),
                group(self.save_case, self.save_case_as),
                group(self.open_sketch, self.import_scan, self.save_sketch),
                group(self.export_photo, self.export_sheet, self.print_sheet),
            ],
            "edit": [
                group(self.undo, self.redo, self.clear),
                group(self.pencil, self.eraser, self.soften, self.smudge, self.smaller, self.bigger),
                group(self.symmetry),
                group(self.colour, self.hint_eraser, self.eyedropper, self.clear_hints),
            ],
            "view": [
                group(self.guide, self.hints_visible, self.zoom_in, self.zoom_out, self.zoom_fit),
                group(self.rotate_left, self.rotate_right, self.rotate_reset),
            ],
            "colorize": [group(self.colorize, self.live), group(self.variants)],
            "help": [group(self.help)],
        }

    def show_help(self) -> QDialog:
        """F1: the shortcuts of every action of the tab and the canvas, and a short how-to."""
        from s2c_desktop.ui.drawing.help_dialog import HelpDialog

        actions = [a for groups in self.menus().values() for g in groups for a in g]
        dialog = HelpDialog([*actions, *self.canvas_actions.values()], self._tab)
        dialog.show()
        self.help_dialog = dialog
        return dialog

    def _add(self, *actions: QAction | None) -> None:
        for action in actions:
            if action is not None:
                self.toolbar.addAction(action)

    def _show_size(self, size: float) -> None:
        if abs(self.size.value() - size) > 0.05:
            self.size.blockSignals(True)
            self.size.setValue(size)
            self.size.blockSignals(False)

    def _show_rotation(self, degrees: float) -> None:
        self._rotation = degrees
        self.rotation_slot.setVisible(round(degrees) % 360 != 0)
        self.rotation_button.setText(self.tr("Paper at {0}° · upright (5)").format(f"{degrees:g}"))
        self.rotation_button.setToolTip(
            self.tr("The paper is turned on screen only; click to set it upright")
        )

    def retranslate(self) -> None:
        """Texts of the tab's own actions; the canvas translates its drawing actions itself."""
        texts = {
            self.new_case: (self.tr("&New case"), self.tr("Start an empty case")),
            self.open_case: (self.tr("&Open case…"), self.tr("Open a saved case folder")),
            self.save_case: (self.tr("&Save case"), self.tr("Save the sketch, photo and case fields")),
            self.save_case_as: (self.tr("Save case &as…"), None),
            self.open_sketch: (self.tr("Open sketch &PNG…"), None),
            self.import_scan: (
                self.tr("&Import scanned sketch…"),
                self.tr("Fit a scan or a photo of a paper sketch into the face frame"),
            ),
            self.save_sketch: (self.tr("Save sketch as P&NG…"), None),
            self.export_photo: (self.tr("Export &photo (PNG)…"), None),
            self.export_sheet: (self.tr("Export case s&heet (PDF/PNG)…"), None),
            self.print_sheet: (
                self.tr("P&rint case sheet…"),
                self.tr("Print the case sheet (sketch, colour hints, photo, fields)"),
            ),
            self.colorize: (self.tr("&Colorize"), self.tr("Turn the sketch into a colour photo")),
            self.live: (self.tr("&Live mode"), self.tr("Update the photo after each stroke")),
            self.help: (
                self.tr("Drawing &help"),
                self.tr("Shortcuts and how to draw, colorize and pick variants"),
            ),
            self.variants: (
                self.tr("&Variants…"),
                self.tr("Nine variants of the face for the witness to pick from (V)"),
            ),
        }
        for action, (text, tip) in texts.items():
            action.setText(text)
            action.setToolTip(tip or text.replace("&", "").rstrip("…"))
        self._show_rotation(self._rotation)
        self.size_label.setText(" " + self.tr("Size") + " ")
        self.opacity_label.setText(" " + self.tr("Opacity") + " ")
