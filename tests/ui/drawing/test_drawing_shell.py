"""The drawing tab's shell: menus built from its actions, actions wired to their slots, drag and drop."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

from tests.ui.app_helpers import draw_line, ink, make_window_fixture, tiny_model_path_fixture  # noqa: F401 - fixtures


def test_every_drawing_action_is_in_the_main_windows_menus(make_window: Any) -> None:
    window = make_window(wait_model=False)
    in_menus = {
        action
        for menu in (
            window.file_menu,
            window.edit_menu,
            window.view_menu,
            window.colorize_menu,
            window.help_menu,
        )
        for action in menu.actions()
    }
    groups = window.drawing_tab.menu_actions()
    assert set(groups) == {"file", "edit", "view", "colorize", "help"}
    for group_list in groups.values():
        for group in group_list:
            assert set(group) <= in_menus
    assert window.recent_menu.menuAction() in window.file_menu.actions()


def test_actions_run_the_slots_they_were_given(make_window: Any, qtbot: Any) -> None:
    window = make_window()
    tab = window.drawing_tab
    draw_line(window)
    assert ink(window) > 0
    tab.ui_actions.new_case.trigger()  # no confirmation in tests: the page is blank again
    assert ink(window) == 0
    draw_line(window)
    with qtbot.waitSignal(tab.worker.resultReady, timeout=10_000):
        tab.ui_actions.colorize.trigger()
    tab.ui_actions.live.trigger()
    assert tab.live.enabled and tab.live_check.isChecked() and window.prefs.live_mode


def _drop(widget: Any, path: Path) -> None:
    """Send a real drop of ``path`` to ``widget``."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    # Qt delivers a Drop only inside a drag the window system started; call the handler it would call.
    widget.dropEvent(event)


def test_dropping_a_case_folder_opens_it_and_an_image_imports_it(
    make_window: Any, qtbot: Any, tmp_path: Path
) -> None:
    window = make_window()
    tab = window.drawing_tab
    draw_line(window)
    assert tab.save_case_to(tmp_path / "case-1")
    tab.new_case()
    assert ink(window) == 0
    _drop(tab, tmp_path / "case-1")
    assert tab.case_folder == tmp_path / "case-1" and ink(window) > 0
    tab.new_case()
    with qtbot.waitSignal(tab.worker.resultReady, timeout=20_000):
        _drop(tab, tmp_path / "case-1" / "sketch.png")
    assert ink(window) > 0
