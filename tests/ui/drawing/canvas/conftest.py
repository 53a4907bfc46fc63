"""A real SketchCanvas shown on the offscreen platform."""

from __future__ import annotations

import pytest

from s2c_desktop.ui.drawing.canvas.canvas_widget import SketchCanvas

CANVAS_SIZE = (440, 540)


@pytest.fixture
def canvas(qtbot) -> SketchCanvas:
    widget = SketchCanvas()
    qtbot.addWidget(widget)
    widget.resize(*CANVAS_SIZE)
    widget.show()
    qtbot.waitExposed(widget)
    widget.zoom_to_fit()
    return widget
