"""The drawing tab with colour hints, on a real model with the ``hints`` input (tests/engine/tiny_model.py):
the tool's availability, the photo following the hints, live mode, the case folder, the sheet, printing and
the exported photo (400×500)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLineEdit

from s2c_desktop.engine.provenance import read_provenance
from s2c_desktop.sketch.case import load_case
from tests.engine.tiny_model import write_tiny_hints_model
from tests.ui.app_helpers import draw_line, make_window_fixture, tiny_model_path_fixture  # noqa: F401 - fixtures
from tests.ui.drawing.canvas.events import mouse_stroke

MONK_7 = "#825c43"


@pytest.fixture(scope="module")
def hints_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_tiny_hints_model(tmp_path_factory.mktemp("tab_hints_model"))


def _photo_colour_at(tab: Any, doc_x: float, doc_y: float) -> tuple[int, int, int]:
    """The photo pixel under a document point (the 800×1000 paper maps onto the 200×250 frame)."""
    photo = np.asarray(tab.photos.image)
    return tuple(int(v) for v in photo[int(doc_y / 4), int(doc_x / 4)])  # type: ignore[return-value]


def _place_hint(tab: Any, colour: str, x: float, y: float) -> None:
    tab.hint_bar.swatches[colour].trigger()  # a swatch also picks the Colour tool
    mouse_stroke(tab.canvas, [(x, y)])


def test_hint_tool_is_disabled_with_a_reason_while_the_model_takes_no_hints(make_window: Any) -> None:
    window = make_window()  # the sketch-only tiny model, like today's bundled generator
    tab = window.drawing_tab
    colour = tab.ui_actions.colour
    assert not colour.isEnabled()
    assert "takes no colour hints" in colour.toolTip() and "s2c_tiny" in colour.toolTip()
    swatch = tab.hint_bar.swatches[MONK_7]
    assert not swatch.isEnabled() and swatch.toolTip() == colour.toolTip()
    assert not tab.hint_bar.current.isEnabled() and tab.hint_bar.current.toolTip() == colour.toolTip()
    colour.trigger()
    assert tab.canvas.tool_name == "pencil"


def test_hints_colour_the_photo_and_live_mode_follows_them(
    make_window: Any, qtbot: Any, hints_model: Path
) -> None:
    window = make_window(model=hints_model)
    tab = window.drawing_tab
    assert tab.ui_actions.colour.isEnabled() and "witness" in tab.ui_actions.colour.toolTip()
    draw_line(window, 100, 300, 700, 300)
    with qtbot.waitSignal(tab.worker.resultReady, timeout=10000):
        tab.colorize()
    assert tab.photos.metadata["hints_sha256"] == "none"
    assert _photo_colour_at(tab, 300, 600)[0] > 200, "paper stays light without hints"

    tab.ui_actions.live.setChecked(True)
    with qtbot.waitSignal(tab.worker.resultReady, timeout=10000):
        _place_hint(tab, MONK_7, 300, 600)  # the hint's change alone recolours the photo
    # A skin dot on the left cheek: the whole face takes its tone (the engine's skin-tone anchor), the other
    # cheek too.
    red, green, blue = _photo_colour_at(tab, 520, 640)
    assert abs(red - 0x82) <= 10 and abs(green - 0x5C) <= 10 and abs(blue - 0x43) <= 10
    assert tab.photos.metadata["hints_sha256"] not in ("none", "")
    assert tab.photos.metadata["skin_tone"].startswith("L*a*b*")
    assert np.asarray(tab.canvas.document.pixels)[560:640, 260:340].min() == 255, "the sketch got no colour"

    with qtbot.waitSignal(tab.worker.resultReady, timeout=10000):
        tab.canvas.undo_stack.undo()  # undo removes the hint, and live mode shows the photo without it
    assert _photo_colour_at(tab, 300, 600)[0] > 200 and tab.photos.metadata["hints_sha256"] == "none"

    with qtbot.waitSignal(tab.worker.resultReady, timeout=10000):
        tab.canvas.undo_stack.redo()
    tab.canvas.hints.set_visible(False)  # hidden hints still colour the photo: hiding is a view matter
    with qtbot.waitSignal(tab.worker.resultReady, timeout=10000):
        tab.colorize()
    assert tab.photos.metadata["hints_sha256"] != "none"


def test_case_folder_keeps_the_hints_and_the_photo_records_them(
    make_window: Any, qtbot: Any, hints_model: Path, tmp_path: Path
) -> None:
    window = make_window(model=hints_model)
    tab = window.drawing_tab
    draw_line(window)
    _place_hint(tab, MONK_7, 300, 600)
    _place_hint(tab, "#141414", 400, 150)
    tab.case_panel.set_fields(
        "2024-0153", "Ana Quispe", "Tez trigueña, cabello negro lacio, ojos oscuros.", "2024-05-17"
    )
    with qtbot.waitSignal(tab.worker.resultReady, timeout=10000):
        tab.colorize()
    folder = tmp_path / "caso"
    assert tab.save_case_to(folder)
    document = json.loads((folder / "case.json").read_text(encoding="utf-8"))
    stored = folder / "hints.png"
    assert document["files"]["hints"]["sha256"] == hashlib.sha256(stored.read_bytes()).hexdigest()
    assert document["photo_metadata"]["hints_sha256"] == tab.photos.metadata["hints_sha256"] != "none"
    assert read_provenance(folder / "photo.png")["hints_sha256"] == tab.photos.metadata["hints_sha256"]
    with Image.open(stored) as image:
        assert image.mode == "RGBA" and image.size == (800, 1000)
    hints = tab.canvas.hints.sheet.pixels.copy()

    tab.new_case()
    assert tab.canvas.hints.sheet.is_empty()
    assert tab.open_case_from(folder) and not tab.dirty
    assert np.array_equal(tab.canvas.hints.sheet.pixels, hints)
    assert not tab.canvas.undo_stack.canUndo()
    assert load_case(folder).hints is not None


def test_case_sheet_shows_the_hint_colours_by_name(
    make_window: Any, qtbot: Any, hints_model: Path, tmp_path: Path
) -> None:
    from s2c_desktop.ui.drawing.case_sheet import SHEET_WIDTH, render_sheet_image

    window = make_window(model=hints_model)
    tab = window.drawing_tab
    draw_line(window)
    _place_hint(tab, MONK_7, 300, 600)
    tab.hint_bar.use_colour(QColor("#12ab34"))  # a free colour: shown by its code
    mouse_stroke(tab.canvas, [(500, 600)])
    with qtbot.waitSignal(tab.worker.resultReady, timeout=10000):
        tab.colorize()
    case = tab.current_case()
    image = render_sheet_image(case, "s2c_tiny_hints")
    pixels = {
        (c.red(), c.green(), c.blue())
        for c in (image.pixelColor(x, y) for y in range(760, 860, 2) for x in range(60, SHEET_WIDTH // 2, 2))
    }
    assert (0x82, 0x5C, 0x43) in pixels and (0x12, 0xAB, 0x34) in pixels, "both swatches in the legend"
    from s2c_desktop.ui.drawing.hint_palette import describe_colour

    assert describe_colour((0x82, 0x5C, 0x43)) == "Skin, Monk tone 7"
    assert describe_colour((0x12, 0xAB, 0x34)) == "Colour #12ab34"
    assert tab.export_sheet_to(tmp_path / "sheet.png") and (tmp_path / "sheet.png").stat().st_size > 10_000


def test_ctrl_p_opens_the_print_dialog_and_accepting_prints(
    make_window: Any, qtbot: Any, hints_model: Path, tmp_path: Path
) -> None:
    from PySide6.QtPrintSupport import QPrintDialog

    window = make_window(model=hints_model)
    tab = window.drawing_tab
    draw_line(window)
    _place_hint(tab, MONK_7, 300, 600)
    assert tab.ui_actions.print_sheet.shortcut().toString() == "Ctrl+P"
    qtbot.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: tab.printer.dialog is not None and tab.printer.dialog.isVisible())
    dialog = tab.printer.dialog
    assert isinstance(dialog, QPrintDialog) and dialog.windowModality() == Qt.WindowModality.WindowModal
    # No printer here: the dialog offers "Print to File (PDF)" with a file named after the case; the user
    # types
    # another name and presses Print.
    file_field = dialog.findChild(QLineEdit, "filename")
    assert file_field is not None and file_field.isVisible() and file_field.text().endswith("-sheet.pdf")
    target = tmp_path / "printed.pdf"
    file_field.setText(str(target))
    dialog.accept()
    assert target.read_bytes().startswith(b"%PDF") and b"%%EOF" in target.read_bytes()[-64:]
    assert tab.printer.dialog is None
    assert not (tmp_path / "sheet.pdf").exists(), "printing is not exporting"


def test_export_photo_writes_one_print_grade_photo(make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    """Issue 25 §3: one file, 400×500 from the super-resolution stage, both marks; no blurred 4× sibling."""
    window = make_window()
    tab = window.drawing_tab
    draw_line(window)
    with qtbot.waitSignal(tab.worker.resultReady, timeout=10000):
        tab.colorize()
    assert tab.photos.image.size == (200, 250)  # the screen keeps the generator's frame
    exports = tmp_path / "exports"
    exports.mkdir()
    assert tab.export_photo_to(exports / "photo.png")
    assert sorted(path.name for path in exports.iterdir()) == ["photo.png"]
    with Image.open(exports / "photo.png") as exported:
        assert exported.size == (400, 500)
    provenance = read_provenance(exports / "photo.png")
    assert provenance["superres"].startswith("s2c_superres 2x") and provenance["model"] == "s2c_tiny"


def test_pressure_settings_reach_the_pen(make_window: Any) -> None:
    from s2c_desktop.ui.settings_dialog import SettingsDialog

    window = make_window()
    dialog = SettingsDialog(window.prefs, window)
    dialog.pressure_min_width.setValue(60)
    dialog.pressure_curve.setValue(2.0)
    window.drawing_tab.apply_preferences(dialog.preferences())
    assert window.drawing_tab.canvas.pressure_curve == (0.6, 2.0)


def test_free_colour_picker_opens_without_blocking_and_sets_the_colour(
    make_window: Any, qtbot: Any, hints_model: Path
) -> None:
    from PySide6.QtWidgets import QColorDialog

    window = make_window(model=hints_model)
    tab = window.drawing_tab
    qtbot.mouseClick(tab.hint_bar.current, Qt.MouseButton.LeftButton)
    dialog = tab.hint_bar.findChild(QColorDialog, "hintColourDialog")
    qtbot.waitUntil(lambda: dialog is not None and dialog.isVisible())
    dialog.setCurrentColor(QColor("#a1b2c3"))
    dialog.accept()
    assert tab.canvas.hints.colour == QColor("#a1b2c3") and tab.canvas.tool_name == "colour"
    assert "#a1b2c3" in tab.hint_bar.current.toolTip()
