"""The tool objects on their own: start / move / finish / cancel against a StrokeSurface."""

from __future__ import annotations

import numpy as np
import pytest

from s2c_desktop.ui.drawing.canvas.tools import (
    BrushSettings,
    StrokePoint,
    StrokeSurface,
    create_tools,
    union_rect,
)


@pytest.fixture
def surface(qapp) -> StrokeSurface:
    return StrokeSurface(np.full((100, 80), 255, np.uint8))


@pytest.mark.parametrize("name", ["pencil", "eraser", "soften", "smudge"])
def test_tools_never_write_the_committed_pixels_and_cancel_restores(surface, name) -> None:
    surface.committed[40:60, :] = 0  # something for eraser, soften and smudge to act on
    surface.sync()
    committed = surface.committed.copy()
    tool = create_tools()[name]
    tool.start(surface, StrokePoint(10, 30), BrushSettings(size=8))
    for x in range(12, 70, 3):
        tool.move(StrokePoint(x, 30 + x / 2, 0.8))
    assert np.array_equal(surface.committed, committed)
    assert not np.array_equal(surface.working, committed), f"{name} changed the working copy"
    changed = tool.cancel()
    assert changed is not None and not tool.active
    assert np.array_equal(surface.working, committed)
    assert surface.coverage.max() == 0 and surface.dirty is None


def test_finish_reports_a_rect_covering_every_changed_pixel(surface) -> None:
    tool = create_tools()["pencil"]
    tool.start(surface, StrokePoint(5, 5), BrushSettings(size=4))
    tool.move(StrokePoint(60, 90))
    x, y, w, h = tool.finish()
    changed = np.argwhere(surface.working != surface.committed)
    assert changed[:, 0].min() >= y and changed[:, 0].max() < y + h
    assert changed[:, 1].min() >= x and changed[:, 1].max() < x + w
    assert surface.coverage.max() == 0, "the mask is reset for the next stroke"


def test_brush_pressure_curves() -> None:
    brush = BrushSettings(size=10, opacity=0.5)
    assert brush.width_at(1.0) == 10 and brush.width_at(0.0) == pytest.approx(2.5)
    assert brush.strength_at(1.0) == 0.5 and brush.strength_at(0.0) == pytest.approx(0.1)
    assert brush.width_at(float("nan")) == pytest.approx(2.5)
    fixed = BrushSettings(size=10, opacity=0.5, pressure_to_width=False, pressure_to_opacity=False)
    assert fixed.width_at(0.1) == 10 and fixed.strength_at(0.1) == 0.5
    assert union_rect((0, 0, 2, 2), (5, 5, 1, 1)) == (0, 0, 6, 6)
    assert union_rect(None, (1, 1, 1, 1)) == (1, 1, 1, 1)
