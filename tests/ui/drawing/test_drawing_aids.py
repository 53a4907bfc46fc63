"""Drawing aids (issue 26 §5): symmetry across the face guide's axis, per-tool sizes, F1 help — real
widgets."""

from __future__ import annotations

from typing import Any

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tests.ui.app_helpers import make_window_fixture, tiny_model_path_fixture  # noqa: F401 - fixtures
from tests.ui.drawing.canvas.events import line_points, mouse_stroke


def test_symmetry_mirrors_each_stroke_across_the_guide_axis_as_one_undo_step(make_window: Any) -> None:
    tab = make_window().drawing_tab
    canvas = tab.canvas
    assert tab.ui_actions.symmetry.shortcut().toString() == "M" and not tab.ui_actions.symmetry.isChecked()
    mouse_stroke(canvas, line_points(100, 300, 200, 300))
    pixels = canvas.document.pixels
    assert pixels[295:306, 95:205].min() < 128 and pixels[295:306, 595:705].min() == 255  # plain: no mirror
    canvas.undo_stack.undo()
    QTest.keyClick(canvas, Qt.Key.Key_M)
    assert tab.ui_actions.symmetry.isChecked()
    depth = canvas.undo_stack.index()
    mouse_stroke(canvas, line_points(100, 300, 200, 330))
    pixels = canvas.document.pixels
    width = canvas.document.width
    assert np.array_equal(pixels[:, : width // 2], pixels[:, ::-1][:, : width // 2])  # the two halves mirror
    assert pixels[290:340, 600:700].min() < 128
    assert canvas.undo_stack.index() == depth + 1
    canvas.undo_stack.undo()
    assert canvas.document.is_blank()
    mouse_stroke(canvas, line_points(380, 500, 420, 500))  # across the axis: applied once, not darker
    QTest.keyClick(canvas, Qt.Key.Key_M)
    mouse_stroke(canvas, line_points(100, 700, 150, 700))
    assert canvas.document.pixels[690:710, 645:705].min() == 255  # off again


def test_pencil_and_eraser_keep_their_own_sizes(make_window: Any) -> None:
    tab = make_window().drawing_tab
    canvas = tab.canvas
    pencil = canvas.brush_size
    QTest.keyClick(canvas, Qt.Key.Key_E)
    eraser = canvas.brush_size
    assert canvas.tool_name == "eraser" and eraser > pencil
    QTest.keyClick(canvas, Qt.Key.Key_BracketRight)  # ] grows only the active tool
    assert canvas.brush_size > eraser
    eraser = canvas.brush_size
    QTest.keyClick(canvas, Qt.Key.Key_B)
    assert canvas.tool_name == "pencil" and canvas.brush_size == pencil
    assert tab.ui_actions.size.value() == round(pencil, 1)  # the size box follows the tool
    QTest.keyClick(canvas, Qt.Key.Key_BracketLeft)
    smaller = canvas.brush_size
    assert smaller < pencil
    QTest.keyClick(canvas, Qt.Key.Key_E)
    assert canvas.brush_size == eraser
    QTest.keyClick(canvas, Qt.Key.Key_B)
    assert canvas.brush_size == smaller


def test_f1_lists_every_shortcut_and_a_how_to_in_both_languages(make_window: Any, qtbot: Any) -> None:
    window = make_window(lang="en")
    tab = window.drawing_tab
    assert tab.ui_actions.help.shortcut().toString() == "F1"
    assert tab.ui_actions.help in window.help_menu.actions()
    dialog = tab.ui_actions.show_help()
    qtbot.addWidget(dialog)
    text = dialog.browser.toPlainText()
    for expected in ("How to", "Shortcuts", "Variants", "Symmetry", "Ctrl+Z", "Ctrl + mouse wheel"):
        assert expected in text
    assert "\tV" in text or "V\n" in text
    dialog.close()

    window = make_window(lang="es")
    try:
        spanish = window.drawing_tab.ui_actions.show_help()
        qtbot.addWidget(spanish)
        text = spanish.browser.toPlainText()
        assert "Atajos" in text and "Cómo" in text and "Variantes" in text and "Simetría" in text
    finally:
        window.languages.set_language("en")  # the app's translators are process-wide: leave it as found
