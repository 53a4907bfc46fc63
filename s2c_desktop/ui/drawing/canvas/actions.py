"""The canvas's QActions and their shortcuts, shared with the main window's menus and toolbars.

The canvas creates them once and adds them to itself, so the shortcuts work as soon as the canvas is in a
window (window-wide context; text fields still receive typed letters because they claim them through
``ShortcutOverride``). The main window should add *these* actions to its menus and toolbars rather than
create its own with the same shortcuts, which Qt would treat as ambiguous and ignore.

=========  =====================================
name       shortcut
=========  =====================================
pencil     B
eraser     E
soften     R
smudge     U
colour     C  (colour hint; disabled while the model takes no hints)
hint_eraser Shift+C
eyedropper I
hints_visible H (checkable)
clear_hints (menu only)
size_down  [
size_up    ]
undo       Ctrl+Z
redo       Ctrl+Shift+Z, Ctrl+Y
clear      Ctrl+Shift+Backspace (Ctrl+Shift+Delete)
zoom_in    Ctrl++ , Ctrl+=
zoom_out   Ctrl+-
zoom_fit   Ctrl+0
rotate_left  4  (the paper turned 15° anticlockwise on screen; view only, as in Krita)
rotate_right 6  (15° clockwise)
rotate_reset 5  (upright again)
guide      G (checkable)
symmetry   M (checkable): strokes mirrored across the face guide's axis
=========  =====================================

Texts are set by ``SketchCanvas.retranslate_ui`` (``self.tr`` in the canvas's translation context).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any, Protocol

from PySide6.QtCore import SignalInstance
from PySide6.QtGui import QAction, QActionGroup, QKeySequence, QUndoStack
from PySide6.QtWidgets import QWidget

from s2c_desktop.ui.actions import new_action
from s2c_desktop.ui.drawing.canvas.hint_layer import CanvasHints
from s2c_desktop.ui.drawing.canvas.hint_tools import HINT_TOOL_NAMES
from s2c_desktop.ui.drawing.canvas.view import ROTATION_STEP


class CanvasCommands(Protocol):
    """What the canvas's actions trigger and follow (the canvas implements it; this module never imports
    it)."""

    toolChanged: SignalInstance  # noqa: N815 - the canvas's Qt signal
    hints: CanvasHints
    undo_stack: QUndoStack
    tool_name: str
    guide_visible: bool

    def set_tool(self, name: str) -> None: ...
    def shrink_brush(self) -> None: ...
    def grow_brush(self) -> None: ...
    def clear(self) -> None: ...
    def clear_hints(self) -> None: ...
    def zoom_in(self) -> None: ...
    def zoom_out(self) -> None: ...
    def zoom_to_fit(self) -> None: ...
    def rotate_view(self, degrees: float, absolute: bool = False) -> None: ...
    def set_guide_visible(self, visible: bool) -> None: ...


TOOL_SHORTCUTS = {
    "pencil": "B",
    "eraser": "E",
    "soften": "R",
    "smudge": "U",
    "colour": "C",
    "hint_eraser": "Shift+C",
    "eyedropper": "I",
}


def create_actions(canvas: CanvasCommands, owner: QWidget) -> dict[str, QAction]:
    """The canvas's actions, children of ``owner`` (the canvas widget itself)."""

    def make(name: str, keys: list[str], slot: Callable[[], object] | None = None, **options: Any) -> QAction:
        return new_action(owner, f"canvas_{name}", slot, keys, **options)

    actions: dict[str, QAction] = {}
    tools = QActionGroup(owner)
    tools.setExclusive(True)
    for name, key in TOOL_SHORTCUTS.items():
        action = make(f"tool_{name}", [key], partial(canvas.set_tool, name), checkable=True)
        action.setChecked(name == canvas.tool_name)
        tools.addAction(action)
        actions[name] = action
    canvas.toolChanged.connect(lambda tool: actions[tool].setChecked(True) if tool in actions else None)

    actions["size_down"] = make("size_down", ["["], canvas.shrink_brush)
    actions["size_up"] = make("size_up", ["]"], canvas.grow_brush)

    # Not QUndoStack.createUndoAction: its "Undo %1" prefix is fixed in the language of the moment it is
    # created, so a live language switch would leave the old language on the button.
    stack = canvas.undo_stack
    undo = make("undo", ["Ctrl+Z"], stack.undo)
    undo.setEnabled(stack.canUndo())
    stack.canUndoChanged.connect(undo.setEnabled)
    actions["undo"] = undo
    redo = make("redo", ["Ctrl+Shift+Z", "Ctrl+Y"], stack.redo)
    redo.setEnabled(stack.canRedo())
    stack.canRedoChanged.connect(redo.setEnabled)
    actions["redo"] = redo

    actions["clear"] = make("clear", ["Ctrl+Shift+Backspace", "Ctrl+Shift+Del"], canvas.clear)
    actions["zoom_in"] = make("zoom_in", ["Ctrl++", "Ctrl+="], canvas.zoom_in)
    actions["zoom_out"] = make("zoom_out", ["Ctrl+-"], canvas.zoom_out)
    actions["zoom_fit"] = make("zoom_fit", ["Ctrl+0"], canvas.zoom_to_fit)
    actions["rotate_left"] = make("rotate_left", ["4"], partial(canvas.rotate_view, -ROTATION_STEP))
    actions["rotate_right"] = make("rotate_right", ["6"], partial(canvas.rotate_view, ROTATION_STEP))
    actions["rotate_reset"] = make("rotate_reset", ["5"], partial(canvas.rotate_view, 0.0, absolute=True))

    shown = make("hints_visible", ["H"], checkable=True)
    shown.setChecked(canvas.hints.visible)
    shown.toggled.connect(canvas.hints.set_visible)
    canvas.hints.visibleChanged.connect(shown.setChecked)
    actions["hints_visible"] = shown
    actions["clear_hints"] = make("clear_hints", [], canvas.clear_hints)

    symmetry = make("symmetry", ["M"], checkable=True)  # strokes mirrored across the face guide's axis
    symmetry.toggled.connect(lambda on: setattr(canvas.strokes, "symmetric", bool(on)))
    actions["symmetry"] = symmetry

    guide = make("guide", ["G"], checkable=True)
    guide.setChecked(canvas.guide_visible)
    guide.toggled.connect(canvas.set_guide_visible)
    actions["guide"] = guide
    return actions


def set_texts(actions: dict[str, QAction], texts: dict[str, tuple[str, str]]) -> None:
    """Apply (text, tooltip) pairs."""
    for name, (text, tip) in texts.items():
        action = actions.get(name)
        if action is None:
            continue
        action.setText(text)
        shortcut = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(f"{tip} ({shortcut})" if shortcut else tip)
        action.setStatusTip(tip)


def show_hint_availability(actions: dict[str, QAction], unavailable_reason: str) -> None:
    """Enable the colour-hint tools, or disable them with the reason they are unavailable as their tooltip."""
    for name in HINT_TOOL_NAMES:
        action = actions[name]
        action.setEnabled(not unavailable_reason)
        if unavailable_reason:
            action.setToolTip(unavailable_reason)
            action.setStatusTip(unavailable_reason)
