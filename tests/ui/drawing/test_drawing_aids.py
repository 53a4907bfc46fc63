"""Drawing aids (issue 26 §5): symmetry across the face guide's axis, per-tool sizes, F1 help, paper
rotation — real widgets."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from s2c_desktop.sketch.case import load_case
from tests.ui.app_helpers import draw_line, make_window_fixture, tiny_model_path_fixture  # noqa: F401 - fixtures
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
    for name, key in (("Rotate Left", "4"), ("Rotate Right", "6"), ("Reset Rotation", "5")):
        assert f"{name}\n{key}\n" in text or f"{name}\t{key}" in text
    dialog.close()

    window = make_window(lang="es")
    try:
        spanish = window.drawing_tab.ui_actions.show_help()
        qtbot.addWidget(spanish)
        text = spanish.browser.toPlainText()
        assert "Atajos" in text and "Cómo" in text and "Variantes" in text and "Simetría" in text
        assert (
            "Girar a la izquierda" in text and "Girar a la derecha" in text and "Enderezar el papel" in text
        )
    finally:
        window.languages.set_language("en")  # the app's translators are process-wide: leave it as found


def test_keys_4_6_5_turn_the_paper_on_screen_only_and_the_case_never_keeps_it(
    make_window: Any, tmp_path: Path
) -> None:
    window = make_window()
    tab = window.drawing_tab
    canvas = tab.canvas
    view_menu = window.view_menu.actions()
    assert all(action in view_menu for action in (tab.ui_actions.rotate_left, tab.ui_actions.rotate_right))
    assert tab.ui_actions.rotate_reset in view_menu
    draw_line(window)
    tab.save_case_to(tmp_path / "upright")
    pixels, depth = canvas.document.pixels.copy(), canvas.undo_stack.count()
    assert not tab.dirty
    QTest.keyClick(canvas, Qt.Key.Key_6)
    QTest.keyClick(canvas, Qt.Key.Key_6)
    assert canvas.rotation == 30.0
    QTest.keyClick(canvas, Qt.Key.Key_4)
    QTest.keyClick(canvas, Qt.Key.Key_4, Qt.KeyboardModifier.KeypadModifier)  # the number pad too
    assert canvas.rotation == -0.0 or canvas.rotation == 0.0
    QTest.keyClick(canvas, Qt.Key.Key_6, Qt.KeyboardModifier.KeypadModifier)
    assert canvas.rotation == 15.0
    # A view change: the case is not modified, nothing to undo, the pixels as they were.
    assert not tab.dirty and canvas.undo_stack.count() == depth
    assert np.array_equal(canvas.document.pixels, pixels)
    tab.save_case_to(tmp_path / "turned")
    saved = (tmp_path / "turned" / "case.json").read_text(encoding="utf-8")
    assert "rotat" not in saved.lower()
    upright = json.loads((tmp_path / "upright" / "case.json").read_text(encoding="utf-8"))
    assert json.loads(saved).keys() == upright.keys()
    assert np.array_equal(np.asarray(load_case(tmp_path / "turned").sketch), pixels)
    QTest.keyClick(canvas, Qt.Key.Key_5)
    assert canvas.rotation == 0.0


def test_a_turned_paper_shows_its_angle_and_one_click_sets_it_upright(make_window: Any, qtbot: Any) -> None:
    window = make_window()
    window.show()
    tab = window.drawing_tab
    canvas, button = tab.canvas, tab.ui_actions.rotation_button
    assert not button.isVisible(), "upright: nothing to say"
    QTest.keyClick(canvas, Qt.Key.Key_6)
    QTest.keyClick(canvas, Qt.Key.Key_6)
    qtbot.waitUntil(button.isVisible)
    assert "30°" in button.text()
    QTest.keyClick(canvas, Qt.Key.Key_4)
    assert "15°" in button.text()
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    assert canvas.rotation == 0.0
    qtbot.waitUntil(lambda: not button.isVisible())
