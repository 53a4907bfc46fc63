"""Issue 27 §2: at a 1280-pixel window every action of the drawing tab's tool bars is on screen, none only in
a tool bar's ``››`` overflow (whose popup was cut off at the window's edge), in Spanish and in English."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QToolBar

from tests.ui.app_helpers import make_window_fixture, tiny_model_path_fixture  # noqa: F401 - fixtures


@pytest.mark.parametrize("lang", ["es", "en"])
def test_every_tool_bar_action_is_reachable_at_1280_pixels(
    make_window: Any, qtbot: Any, tmp_path: Path, lang: str
) -> None:
    window = make_window(lang=lang)
    window.resize(1280, 800)
    qtbot.waitUntil(lambda: window.width() == 1280, timeout=5_000)
    qtbot.wait(50)  # the tool bars lay out on the resize
    window.grab().save(str(tmp_path / f"drawing_1280_{lang}.png"))
    bars = window.drawing_tab.findChildren(QToolBar)
    assert len(bars) >= 2
    hidden = [
        f"{bar.objectName()}: {action.text() or action.objectName()}"
        for bar in bars
        if bar.isVisible()
        for action in bar.actions()
        if action.isVisible()
        and not action.isSeparator()
        and not (bar.widgetForAction(action) and bar.widgetForAction(action).isVisible())
    ]
    assert hidden == []
    names = {action.objectName() for bar in bars for action in bar.actions()}
    assert {"canvas_hints_visible", "canvas_clear_hints"} <= names
