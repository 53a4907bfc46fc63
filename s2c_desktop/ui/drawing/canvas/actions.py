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
guide      G (checkable)
=========  =====================================

Texts are set by ``SketchCanvas.retranslate_ui`` (``self.tr`` in the canvas's translation context).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QActionGroup, QKeySequence

from s2c_desktop.ui.drawing.canvas.hint_tools import HINT_TOOL_NAMES

if TYPE_CHECKING:
    from s2c_desktop.ui.drawing.canvas.canvas_widget import SketchCanvas

TOOL_SHORTCUTS = {
    "pencil": "B",
    "eraser": "E",
    "soften": "R",
    "smudge": "U",
    "colour": "C",
    "hint_eraser": "Shift+C",
    "eyedropper": "I",
}


def create_actions(canvas: SketchCanvas) -> dict[str, QAction]:
    actions: dict[str, QAction] = {}
    tools = QActionGroup(canvas)
    tools.setExclusive(True)
    for name, key in TOOL_SHORTCUTS.items():
        action = QAction(canvas)
        action.setObjectName(f"canvas_tool_{name}")
        action.setCheckable(True)
        action.setChecked(name == canvas.tool_name)
        action.setShortcut(QKeySequence(key))
        action.triggered.connect(lambda _checked=False, tool=name: canvas.set_tool(tool))
        tools.addAction(action)
        actions[name] = action
    canvas.toolChanged.connect(lambda tool: actions[tool].setChecked(True) if tool in actions else None)

    actions["size_down"] = _action(canvas, "size_down", ["["], canvas.shrink_brush)
    actions["size_up"] = _action(canvas, "size_up", ["]"], canvas.grow_brush)

    # Not QUndoStack.createUndoAction: its "Undo %1" prefix is fixed in the language of the moment it is
    # created, so a live language switch would leave the old language on the button.
    stack = canvas.undo_stack
    undo = _action(canvas, "undo", ["Ctrl+Z"], stack.undo)
    undo.setEnabled(stack.canUndo())
    stack.canUndoChanged.connect(undo.setEnabled)
    actions["undo"] = undo
    redo = _action(canvas, "redo", ["Ctrl+Shift+Z", "Ctrl+Y"], stack.redo)
    redo.setEnabled(stack.canRedo())
    stack.canRedoChanged.connect(redo.setEnabled)
    actions["redo"] = redo

    actions["clear"] = _action(canvas, "clear", ["Ctrl+Shift+Backspace", "Ctrl+Shift+Del"], canvas.clear)
    actions["zoom_in"] = _action(canvas, "zoom_in", ["Ctrl++", "Ctrl+="], canvas.zoom_in)
    actions["zoom_out"] = _action(canvas, "zoom_out", ["Ctrl+-"], canvas.zoom_out)
    actions["zoom_fit"] = _action(canvas, "zoom_fit", ["Ctrl+0"], canvas.zoom_to_fit)

    shown = _action(canvas, "hints_visible", ["H"], None)
    shown.setCheckable(True)
    shown.setChecked(canvas.hints.visible)
    shown.toggled.connect(canvas.hints.set_visible)
    canvas.hints.visibleChanged.connect(shown.setChecked)
    actions["hints_visible"] = shown
    actions["clear_hints"] = _action(canvas, "clear_hints", [], canvas.clear_hints)

    guide = _action(canvas, "guide", ["G"], None)
    guide.setCheckable(True)
    guide.setChecked(canvas.guide_visible)
    guide.toggled.connect(canvas.set_guide_visible)
    actions["guide"] = guide
    return actions


def _action(canvas: SketchCanvas, name: str, keys: list[str], slot: Callable[[], object] | None) -> QAction:
    action = QAction(canvas)
    action.setObjectName(f"canvas_{name}")
    action.setShortcuts([QKeySequence(key) for key in _unique(keys)])
    if slot is not None:
        action.triggered.connect(lambda _checked=False: slot())
    return action


def _unique(keys: list[str]) -> list[str]:
    seen: list[str] = []
    for key in keys:
        if key not in seen:
            seen.append(key)
    return seen


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
