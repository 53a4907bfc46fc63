"""Variantes in the drawing tab (issue 26): the 3×3 grid from the current sketch in the background, picks and
finer rounds, Aplicar as one undoable edit, cancel, and the rounds in the case file — real widgets, real
model."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PySide6.QtCore import QSize, Qt

from s2c_desktop.errors import CancelledError
from s2c_desktop.ui.background import TaskState
from tests.engine.tiny_model import write_tiny_hints_model
from tests.ui.app_helpers import GatedColorizer, draw_line, make_window_fixture, tiny_model_path_fixture  # noqa: F401
from tests.ui.drawing.canvas.events import line_points, mouse_stroke


@pytest.fixture(scope="module")
def hints_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_tiny_hints_model(tmp_path_factory.mktemp("variants_tab_model"))


def _face(window: Any) -> None:
    draw_line(window, 200, 300, 600, 300)
    draw_line(window, 250, 500, 350, 505)
    draw_line(window, 450, 505, 550, 500)
    draw_line(window, 320, 730, 480, 730)


def _wait_round(qtbot: Any, tab: Any, number: int) -> Any:
    dialog = tab.variants.dialog
    qtbot.waitUntil(
        lambda: tab.variants.current is not None and tab.variants.current.variants[0].round == number,
        timeout=20000,
    )
    qtbot.waitUntil(lambda: all(tile.isEnabled() for tile in dialog.tiles), timeout=5000)
    return dialog


def test_v_shows_nine_faces_then_a_finer_round_around_the_pick(
    make_window: Any, qtbot: Any, hints_model: Path
) -> None:
    window = make_window(model=hints_model)
    tab = window.drawing_tab
    _face(window)
    assert tab.ui_actions.variants.shortcut().toString() == "V"
    assert tab.ui_actions.variants in [a for group in tab.menu_actions()["colorize"] for a in group]
    assert (
        tab.ui_actions.variants
        in window.findChild(type(tab.ui_actions.variants), "actionVariants").parent().actions()
    )
    tab.ui_actions.variants.trigger()
    dialog = _wait_round(qtbot, tab, 1)
    assert dialog.isVisible() and not dialog.isModal()
    assert len(dialog.tiles) == 9 and all(not tile.icon().isNull() for tile in dialog.tiles)
    assert "Round 1" in dialog.heading.text()
    assert not dialog.apply_button.isEnabled()
    first = tab.variants.current.variants
    qtbot.mouseClick(dialog.tiles[4], Qt.MouseButton.LeftButton)  # the witness picks face 5
    dialog = _wait_round(qtbot, tab, 2)
    second = tab.variants.current.variants
    assert second[0].shape == first[4].shape and second[0].step == 0.5
    assert dialog.apply_button.isEnabled()
    assert len(tab.variants.rounds) == 1 and tab.variants.rounds[0]["pick"] == 5
    assert tab.variants.rounds[0]["elapsed_ms"] > 0 and tab.variants.rounds[0]["picked_at"]
    assert tab.dirty


def test_the_grid_never_blocks_drawing_and_cancel_drops_the_round(
    make_window: Any, qtbot: Any, hints_model: Path
) -> None:
    gated = GatedColorizer()
    window = make_window(model=hints_model, colorizer_factory=gated.factory)
    tab = window.drawing_tab
    _face(window)
    tab.open_variants()
    assert gated.entered.acquire(timeout=10)  # the round is in the model, in the worker thread
    dialog = tab.variants.dialog
    assert dialog.progress.isVisible() and dialog.cancel_button.isEnabled()
    before = tab.canvas.document.pixels.copy()
    mouse_stroke(tab.canvas, line_points(100, 900, 700, 900))  # the artist keeps drawing meanwhile
    assert not np.array_equal(before, tab.canvas.document.pixels)
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    gated.gate.set()
    qtbot.waitUntil(lambda: dialog.heading.text() == "Cancelled.", timeout=10000)
    assert tab.variants.current is None and all(tile.icon().isNull() for tile in dialog.tiles)
    assert gated.threads and all(name != "MainThread" for name in gated.threads)


def test_a_cancelled_round_job_stops_before_the_model(hints_model: Path) -> None:
    from s2c_desktop.engine.colorizer import Colorizer
    from s2c_desktop.ui.drawing.jobs import ModelSlot
    from s2c_desktop.ui.drawing.variants_panel import VariantRound

    job = VariantRound(
        ModelSlot(Colorizer(hints_model, device="cpu")), np.full((1000, 800), 255, np.uint8), None
    )
    state = TaskState(lambda *_: None)
    state.cancel_event.set()
    with pytest.raises(CancelledError):
        job.run(state)
    assert len(job.run(TaskState(lambda *_: None)).photos) == 9


def test_aplicar_is_one_undoable_edit_of_sketch_and_hints(
    make_window: Any, qtbot: Any, hints_model: Path
) -> None:
    window = make_window(model=hints_model)
    tab = window.drawing_tab
    _face(window)
    sketch_before = tab.canvas.document.pixels.copy()
    hints_before = tab.canvas.hints.sheet.pixels.copy()
    tab.open_variants()
    dialog = _wait_round(qtbot, tab, 1)
    coloured = next(
        i for i, v in enumerate(tab.variants.current.variants, 1) if v.hair is not None or v.skin is not None
    )
    qtbot.mouseClick(dialog.tiles[coloured - 1], Qt.MouseButton.LeftButton)
    _wait_round(qtbot, tab, 2)
    depth = tab.canvas.undo_stack.index()
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    assert tab.canvas.undo_stack.index() == depth + 1  # ONE step
    assert not np.array_equal(sketch_before, tab.canvas.document.pixels)  # the warp is in the sketch
    assert tab.canvas.hints.sheet.pixels[..., 3].any()  # the colours are in the hint layer
    assert not dialog.isVisible()
    tab.canvas.undo_stack.undo()
    assert np.array_equal(sketch_before, tab.canvas.document.pixels)
    assert np.array_equal(hints_before, tab.canvas.hints.sheet.pixels)


def test_rounds_go_into_the_case_file_and_come_back(
    make_window: Any, qtbot: Any, hints_model: Path, tmp_path: Path
) -> None:
    window = make_window(model=hints_model)
    tab = window.drawing_tab
    _face(window)
    tab.open_variants()
    dialog = _wait_round(qtbot, tab, 1)
    qtbot.mouseClick(dialog.tiles[2], Qt.MouseButton.LeftButton)
    _wait_round(qtbot, tab, 2)
    dialog.close()  # round 2 was seen without a pick: kept with pick null
    assert [r["pick"] for r in tab.variants.rounds] == [3, None]
    assert tab.save_case_to(tmp_path / "case")
    document = json.loads((tmp_path / "case" / "case.json").read_text(encoding="utf-8"))
    assert [r["round"] for r in document["variant_rounds"]] == [1, 2]
    assert len(document["variant_rounds"][0]["variants"]) == 9
    assert tab.new_case() and tab.variants.rounds == []
    assert tab.open_case_from(tmp_path / "case")
    assert [r["pick"] for r in tab.variants.rounds] == [3, None]


def test_the_case_sheet_lists_the_rounds_and_the_picks(qapp: Any) -> None:
    from PIL import Image

    from s2c_desktop.engine.variants import Variant, make_round, round_record
    from s2c_desktop.sketch.case import Case
    from s2c_desktop.ui.drawing.case_sheet import render_sheet_image
    from s2c_desktop.ui.drawing.variant_sheet import round_line

    picked = Variant(shape={"jaw": 0.5}, hair=(20.0, 2.0, 5.0))
    first = [picked, *make_round(seed=3)[1:]]
    record = round_record(first, 1, 600.0, "2026-12-06T20:01:30+00:00")
    line = round_line(record)
    assert (
        line.startswith("Round 1 (step 1), picked 1 (20:01 UTC)") and "jaw +0.50" in line and "hair #" in line
    )
    assert round_line(round_record(make_round(picked, seed=4), None, 500.0)) == "Round 2 (step 0.5): no pick"

    def rendered(rounds: list) -> np.ndarray:
        case = Case(case_number="7", sketch=Image.new("L", (800, 1000), 255), variant_rounds=rounds)
        image = render_sheet_image(case, "s2c_tiny").convertToFormat(render_sheet_image(case, "x").format())
        return np.array(image.constBits()).reshape(image.height(), image.bytesPerLine())

    assert (rendered([record]) != rendered([])).any()


def test_the_nine_faces_on_screen_carry_the_mark(make_window: Any, qtbot: Any, hints_model: Path) -> None:
    """Issue 25: a screenshot of the grid is no unlabelled face either (the top band of the visible mark)."""
    window = make_window(model=hints_model)
    tab = window.drawing_tab
    _face(window)
    tab.ui_actions.variants.trigger()
    dialog = _wait_round(qtbot, tab, 1)
    for tile, photo in zip(dialog.tiles, tab.variants.current.photos, strict=True):
        shown = tile.icon().pixmap(QSize(*photo.size)).toImage()
        assert shown.width() == photo.width
        band = [shown.pixelColor(x, 2).lightness() for x in range(0, photo.width, 4)]
        clean = [photo.convert("L").getpixel((x, 2)) for x in range(0, photo.width, 4)]
        assert sum(band) < 0.6 * sum(clean), "no dark band along the top edge"
