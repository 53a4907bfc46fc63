"""The drawing tab's actions (menus, toolbar, shortcuts artists expect) and its tool bar."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDoubleSpinBox, QLabel, QSlider, QToolBar

if TYPE_CHECKING:
    from s2c_desktop.ui.drawing.tab import CanvasTab


class CanvasActions(QObject):
    def __init__(self, tab: CanvasTab) -> None:
        super().__init__(tab)
        self.tab = tab
        canvas = tab.canvas

        def make(name: str, shortcut: QKeySequence | str | None = None, checkable: bool = False) -> QAction:
            action = QAction(tab)
            action.setObjectName(name)
            if shortcut is not None:
                action.setShortcut(QKeySequence(shortcut))
                # The tab is always in a window; WindowShortcut lets the keys work wherever focus is.
                action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.setCheckable(checkable)
            tab.addAction(action)
            return action

        std = QKeySequence.StandardKey
        self.new_case = make("actionNewCase", QKeySequence(std.New))
        self.open_case = make("actionOpenCase", QKeySequence(std.Open))
        self.save_case = make("actionSaveCase", QKeySequence(std.Save))
        self.save_case_as = make("actionSaveCaseAs", "Ctrl+Shift+S")
        self.open_sketch = make("actionOpenSketch")
        self.import_scan = make("actionImportScan", "Ctrl+I")
        self.save_sketch = make("actionSaveSketch")
        self.export_photo = make("actionExportPhoto")
        self.export_sheet = make("actionExportSheet", "Ctrl+Shift+E")
        self.print_sheet = make("actionPrintSheet", QKeySequence(std.Print))  # Ctrl+P: the system print dialog
        self.colorize = make("actionColorize", "Ctrl+Return")
        self.live = make("actionLive", "Ctrl+L", checkable=True)

        # Drawing actions and their shortcuts (B, E, R, U, [ ], Ctrl+Z, Ctrl+Shift+Z, G...) belong to the
        # canvas; menus and toolbar reuse them so Qt never sees two actions with one shortcut.
        self.canvas_actions: dict[str, QAction] = canvas.canvas_actions()
        get = self.canvas_actions.get
        self.pencil, self.eraser, self.soften, self.smudge = get("pencil"), get("eraser"), get("soften"), get("smudge")
        self.undo, self.redo, self.clear = get("undo"), get("redo"), get("clear")
        self.smaller, self.bigger = get("size_down"), get("size_up")
        self.guide = get("guide")
        self.colour, self.hint_eraser, self.eyedropper = get("colour"), get("hint_eraser"), get("eyedropper")
        self.hints_visible, self.clear_hints = get("hints_visible"), get("clear_hints")
        self.zoom_in, self.zoom_out, self.zoom_fit = get("zoom_in"), get("zoom_out"), get("zoom_fit")

        self.new_case.triggered.connect(tab.new_case)
        self.open_case.triggered.connect(tab.open_case_interactive)
        self.save_case.triggered.connect(lambda: tab.save_case_interactive())
        self.save_case_as.triggered.connect(lambda: tab.save_case_interactive(choose=True))
        self.open_sketch.triggered.connect(tab.open_sketch_interactive)
        self.import_scan.triggered.connect(tab.import_scan_interactive)
        self.save_sketch.triggered.connect(tab.save_sketch_interactive)
        self.export_photo.triggered.connect(tab.export_photo_interactive)
        self.export_sheet.triggered.connect(tab.export_sheet_interactive)
        self.print_sheet.triggered.connect(tab.print_sheet_interactive)
        self.colorize.triggered.connect(tab.colorize)

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
        self.opacity.valueChanged.connect(lambda value: canvas.set_opacity(value / 100))
        canvas.opacityChanged.connect(lambda value: self.opacity.setValue(round(value * 100)))
        for widget in (self.size_label, self.size, self.opacity_label, self.opacity):
            self.toolbar.addWidget(widget)
        self.toolbar.addSeparator()
        self._add(self.undo, self.redo, self.clear)
        self.toolbar.addSeparator()
        self._add(self.guide, self.zoom_fit)

    def _add(self, *actions: QAction | None) -> None:
        for action in actions:
            if action is not None:
                self.toolbar.addAction(action)

    def _show_size(self, size: float) -> None:
        if abs(self.size.value() - size) > 0.05:
            self.size.blockSignals(True)
            self.size.setValue(size)
            self.size.blockSignals(False)

    def retranslate(self) -> None:
        """Texts of the tab's own actions; the canvas translates its drawing actions itself."""
        texts = {
            self.new_case: (self.tr("&New case"), self.tr("Start an empty case")),
            self.open_case: (self.tr("&Open case…"), self.tr("Open a saved case folder")),
            self.save_case: (self.tr("&Save case"), self.tr("Save the sketch, photo and case fields")),
            self.save_case_as: (self.tr("Save case &as…"), None),
            self.open_sketch: (self.tr("Open sketch &PNG…"), None),
            self.import_scan: (self.tr("&Import scanned sketch…"), self.tr("Fit a scan or a photo of a paper "
                                                                           "sketch into the face frame")),
            self.save_sketch: (self.tr("Save sketch as P&NG…"), None),
            self.export_photo: (self.tr("Export &photo (PNG)…"), None),
            self.export_sheet: (self.tr("Export case s&heet (PDF/PNG)…"), None),
            self.print_sheet: (self.tr("P&rint case sheet…"), self.tr("Print the case sheet (sketch, colour hints, "
                                                                     "photo, fields)")),
            self.colorize: (self.tr("&Colorize"), self.tr("Turn the sketch into a colour photo")),
            self.live: (self.tr("&Live mode"), self.tr("Update the photo after each stroke")),
        }
        for action, (text, tip) in texts.items():
            action.setText(text)
            action.setToolTip(tip or text.replace("&", "").rstrip("…"))
        self.size_label.setText(" " + self.tr("Size") + " ")
        self.opacity_label.setText(" " + self.tr("Opacity") + " ")
