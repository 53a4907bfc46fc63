"""Issue 27 §5: every file dialog of the app opens by one rule (ui/file_places.py): where the user last chose
a folder, in any dialog of either tab; opening or saving a case chooses the case's own folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFileDialog

from tests.ui.app_helpers import make_window_fixture, tiny_model_path_fixture  # noqa: F401 - fixtures
from tests.ui.drawing.test_drawing_defects import _colorized_case, _handle_next_modal


def _opens_in(qtbot: Any, trigger: Any) -> Path:
    seen: list[Any] = []
    _handle_next_modal(qtbot, lambda dialog: dialog.reject(), seen)
    trigger()
    assert seen and seen[0][0] is QFileDialog
    return seen[0][1]


def test_every_dialog_opens_where_the_user_last_chose_a_folder(
    make_window: Any, qtbot: Any, tmp_path: Path
) -> None:
    window = make_window()
    tab, stats = window.drawing_tab, window.stats_tab
    case = tmp_path / "cases" / "L-1"
    _colorized_case(window, qtbot, case)
    tab.dirty = False
    actions = tab.ui_actions
    # Right after saving a case, its own folder: the exports are suggested beside it.
    assert _opens_in(qtbot, actions.export_sheet.trigger) == case
    assert _opens_in(qtbot, actions.export_photo.trigger) == case
    assert _opens_in(qtbot, stats.chart_widget(1)._ask_export) == case

    # The sheet goes elsewhere: from now on every dialog, in both tabs, opens there (Open sketch and Open
    # case opened in the case folder and its parent before, the crime import in the program's folder).
    exports = tmp_path / "exports"
    exports.mkdir()
    seen: list[Any] = []

    def choose(dialog: Any) -> None:
        dialog.selectFile(str(exports / "L-1-sheet.pdf"))
        dialog.accept()

    _handle_next_modal(qtbot, choose, seen)
    actions.export_sheet.trigger()
    assert (exports / "L-1-sheet.pdf").is_file()
    for trigger in (
        actions.open_case.trigger,
        actions.open_sketch.trigger,
        actions.import_scan.trigger,
        actions.export_photo.trigger,
        stats.ui_actions.import_file.trigger,
        stats.chart_widget(1)._ask_export,
    ):
        assert _opens_in(qtbot, trigger) == exports, trigger

    # Opening a case chooses its folder again; Open case then shows the folder holding it.
    assert tab.open_case_from(case)
    assert _opens_in(qtbot, actions.export_sheet.trigger) == case
    assert _opens_in(qtbot, actions.open_case.trigger) == case.parent
