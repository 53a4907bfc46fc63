"""Issue 12 §3: the rough edges a sketch artist hit in the drawing tab, each driven through the real
widgets."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QMessageBox

from tests.ui.app_helpers import (  # noqa: F401 - fixtures
    draw_line,
    ink,
    make_window_fixture,
    photographed_scan,
    tiny_model_path_fixture,
)


def _settled(tab: Any, qtbot: Any) -> None:
    """Nothing running, nothing waiting, no live run scheduled: no further outcome can arrive."""
    qtbot.waitUntil(lambda: not tab.worker.is_busy and not tab.live.pending(), timeout=20_000)


def _colorized_case(window: Any, qtbot: Any, folder: Path) -> None:
    tab = window.drawing_tab
    draw_line(window)
    with qtbot.waitSignal(tab.worker.resultReady, timeout=20_000):
        tab.colorize()
    assert tab.save_case_to(folder)


def _handle_next_modal(qtbot: Any, handle: Callable[[Any], None], seen: list[Any]) -> None:
    """Call ``handle`` on the next modal dialog (a file dialog or a question) once it is shown; ``seen`` gets
    the dialog's type and, for a file dialog, the folder it opened in (read before the dialog is gone)."""

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, poll)
            return
        folder = Path(dialog.directory().absolutePath()) if isinstance(dialog, QFileDialog) else None
        seen.append((type(dialog), folder))
        handle(dialog)

    QTimer.singleShot(0, poll)


# -- opening a case never changes it ---------------------------------------------------------------------
def test_opening_a_saved_case_with_live_mode_on_changes_nothing(
    make_window: Any, qtbot: Any, tmp_path: Path
) -> None:
    window = make_window()
    tab = window.drawing_tab
    _colorized_case(window, qtbot, tmp_path / "case")
    stored_photo = (tmp_path / "case" / "photo.png").read_bytes()
    tab.new_case()
    tab.ui_actions.live.setChecked(True)
    _settled(tab, qtbot)
    runs = tab.worker.executor.runs_started
    assert tab.open_case_from(tmp_path / "case")
    _settled(tab, qtbot)
    assert tab.worker.executor.runs_started == runs  # no re-colorize
    assert not tab.dirty and not window.windowTitle().startswith("*") and "*" not in tab.title()
    assert not tab.photo.stale
    assert tab.save_case_to(tmp_path / "case")
    assert (tmp_path / "case" / "photo.png").read_bytes() == stored_photo


# -- the orange "out of date" bar only when the photo does not match the sketch ------------------------------
def test_no_out_of_date_bar_after_opening_a_case_or_after_clear_and_undo(
    make_window: Any, qtbot: Any, tmp_path: Path
) -> None:
    window = make_window()
    tab = window.drawing_tab
    _colorized_case(window, qtbot, tmp_path / "case")
    assert not tab.photo.stale
    tab.ui_actions.clear.trigger()
    assert tab.photo.stale  # the sketch changed: the photo is out of date
    tab.ui_actions.undo.trigger()
    assert not tab.photo.stale  # back to the sketch the photo was made from
    tab.new_case()
    assert tab.open_case_from(tmp_path / "case")
    assert tab.photo.image is not None and not tab.photo.stale


def test_no_out_of_date_bar_after_an_import_or_a_crash_recovery(
    make_window: Any, qtbot: Any, tmp_path: Path
) -> None:
    from s2c_desktop.sketch.autosave import AutosaveStore

    window = make_window()
    tab = window.drawing_tab
    with qtbot.waitSignal(tab.worker.resultReady, timeout=20_000):
        tab.import_scan_from(photographed_scan(tmp_path / "scan.png"))
    _settled(tab, qtbot)
    assert tab.photo.image is not None and not tab.photo.stale

    dead = AutosaveStore()
    dead.begin()
    dead.save(tab.current_case())  # a session that crashed with this photo on screen
    dead._release()
    [item] = AutosaveStore().find_recoverable()
    tab.new_case()
    tab.restore(item)
    assert tab.photo.image is not None and not tab.photo.stale


# -- a blank page has no photo ---------------------------------------------------------------------------
def test_start_up_and_new_case_with_live_mode_do_not_colorize_the_blank_page(
    make_window: Any, qtbot: Any
) -> None:
    window = make_window(live_mode=True)
    tab = window.drawing_tab
    assert tab.live.enabled
    _settled(tab, qtbot)
    assert tab.photo.image is None and not tab.dirty
    runs = tab.worker.executor.runs_started
    draw_line(window)
    _settled(tab, qtbot)
    assert tab.photo.image is not None and tab.worker.executor.runs_started == runs + 1
    tab.dirty = False  # as if saved; a new case must not come back modified
    assert tab.new_case()
    _settled(tab, qtbot)
    assert tab.photo.image is None and not tab.dirty and tab.worker.executor.runs_started == runs + 1


# -- importing over an unsaved drawing asks first -----------------------------------------------------------
def test_importing_a_scan_over_an_unsaved_drawing_asks_first(
    make_window: Any, qtbot: Any, tmp_path: Path
) -> None:
    window = make_window()
    tab = window.drawing_tab
    tab.ask_before_discarding = True
    try:
        draw_line(window)
        before = tab.canvas.document.pixels.copy()
        runs = tab.worker.executor.runs_started
        seen: list[Any] = []
        _handle_next_modal(qtbot, lambda box: box.button(QMessageBox.StandardButton.Cancel).click(), seen)
        assert tab.import_scan_from(photographed_scan(tmp_path / "scan.png")) is None
        assert len(seen) == 1 and seen[0][0] is QMessageBox
        _settled(tab, qtbot)
        assert tab.worker.executor.runs_started == runs and np.array_equal(tab.canvas.document.pixels, before)
        # Saying yes imports (and Undo still brings the drawing back).
        _handle_next_modal(qtbot, lambda box: box.button(QMessageBox.StandardButton.Discard).click(), seen)
        with qtbot.waitSignal(tab.worker.resultReady, timeout=20_000):
            assert tab.import_scan_from(photographed_scan(tmp_path / "scan.png")) is not None
        assert not np.array_equal(tab.canvas.document.pixels, before)
    finally:
        tab.ask_before_discarding = False  # pytest-qt closes the window before fixtures end


# -- the brush survives a language switch ------------------------------------------------------------------
def test_switching_language_in_settings_keeps_the_brush_size(make_window: Any, qtbot: Any) -> None:
    window = make_window()
    tab = window.drawing_tab
    tab.ui_actions.size.setValue(8.0)
    assert tab.canvas.brush_size == 8.0
    window.show_settings()
    dialog = window.settings_dialog
    dialog.language.setCurrentIndex(dialog.language.findData("es"))
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        dialog.accept()
    assert window.file_menu.title() == "&Archivo"
    assert tab.canvas.brush_size == 8.0 and tab.ui_actions.size.value() == 8.0


# -- file dialogs open where the case is, or where the artist last was ---------------------------------------
def test_file_dialogs_open_in_the_case_folder_then_in_the_last_used_folder(
    make_window: Any, qtbot: Any, tmp_path: Path
) -> None:
    window = make_window()
    tab = window.drawing_tab
    _colorized_case(window, qtbot, tmp_path / "case")
    seen: list[Any] = []
    _handle_next_modal(qtbot, lambda dialog: dialog.reject(), seen)
    tab.ui_actions.export_photo.trigger()
    assert seen == [(QFileDialog, tmp_path / "case")]

    # A new case has no folder yet: the dialog opens where the artist last chose a file.
    elsewhere = tmp_path / "exports"
    elsewhere.mkdir()

    def choose(dialog: Any) -> None:
        dialog.selectFile(str(elsewhere / "sketch.png"))
        dialog.accept()

    tab.new_case()
    _handle_next_modal(qtbot, choose, seen)
    tab.ui_actions.save_sketch.trigger()
    assert (elsewhere / "sketch.png").is_file()
    _handle_next_modal(qtbot, lambda dialog: dialog.reject(), seen)
    tab.ui_actions.import_scan.trigger()
    assert seen[-1] == (QFileDialog, elsewhere)
    assert window.prefs.last_folder == str(elsewhere)


def test_chart_export_defaults_to_the_last_used_folder_not_the_program_folder(
    make_window: Any, qtbot: Any, tmp_path: Path
) -> None:
    window = make_window()
    window.prefs.last_folder = str(tmp_path)
    chart = window.stats_tab.chart_widget(1)
    seen: list[Any] = []
    _handle_next_modal(qtbot, lambda dialog: dialog.reject(), seen)
    chart._ask_export()
    assert seen == [(QFileDialog, tmp_path)]


# -- the settings dialog says what it does ----------------------------------------------------------------
def test_the_settings_dialog_does_not_promise_instant_changes(make_window: Any) -> None:
    window = make_window()
    window.show_settings()
    dialog = window.settings_dialog
    dialog.language.setCurrentIndex(dialog.language.findData("es"))
    assert window.file_menu.title() == "&File"  # nothing changes before OK...
    assert "at once" not in dialog.note.text() and "OK" in dialog.note.text()  # ...and the note says so
    dialog.reject()


# -- Spanish everywhere ------------------------------------------------------------------------------------
def test_spanish_reaches_qts_file_dialog_and_the_default_file_names(
    make_window: Any, qtbot: Any, tmp_path: Path
) -> None:
    window = make_window(lang="es")
    tab = window.drawing_tab
    dialog = QFileDialog(window)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    labels = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert "Look in" not in labels and "Files of" not in labels
    tab.case_panel.case_number.setText("C-7")
    assert tab.dialogs.default_path("sheet").endswith("C-7-ficha.pdf")
    assert tab.dialogs.default_path("photo").endswith("C-7-foto.png")


# -- the case sheet ----------------------------------------------------------------------------------------
def test_the_case_sheet_wraps_the_artists_name_between_words(qapp: Any) -> None:
    from PySide6.QtGui import QFont, QFontMetricsF, QTextLayout

    from s2c_desktop.ui.drawing.case_sheet import field_text_option

    name = "Maximiliano Bartolomé Fernández Villavicencio"
    font = QFont("DejaVu Sans")
    font.setPixelSize(22)
    width = QFontMetricsF(font).horizontalAdvance("Maximiliano Bartolomé") + 4  # two words per line at most
    layout = QTextLayout(name, font)
    layout.setTextOption(field_text_option())
    layout.beginLayout()
    lines = []
    while (line := layout.createLine()).isValid():
        line.setLineWidth(width)
        lines.append(name[line.textStart() : line.textStart() + line.textLength()].strip())
    layout.endLayout()
    assert lines == ["Maximiliano Bartolomé", "Fernández", "Villavicencio"]


# -- the opacity slider --------------------------------------------------------------------------------------
def test_clicking_the_opacity_track_jumps_to_the_click(make_window: Any, qtbot: Any) -> None:
    window = make_window(wait_model=False)
    slider = window.drawing_tab.ui_actions.opacity
    slider.setValue(100)
    near_left = QPoint(round(slider.width() * 0.25), slider.height() // 2)
    qtbot.mouseClick(slider, Qt.MouseButton.LeftButton, pos=near_left)
    assert abs(slider.value() - 29) <= 8, slider.value()  # ~25 % of the track, not 100 - 10


# -- warm-up ---------------------------------------------------------------------------------------------
def test_the_model_is_warmed_up_when_it_loads(make_window: Any, qtbot: Any) -> None:
    warmed: list[str] = []

    def factory(model_path: str | None, device: str) -> Any:
        from s2c_desktop.engine.colorizer import Colorizer

        colorizer = Colorizer(model_path=model_path, device=device)
        original = colorizer.warm_up

        def warm_up(*args: Any, **kwargs: Any) -> float:
            import threading

            warmed.append(threading.current_thread().name)
            return original(*args, **kwargs)

        colorizer.warm_up = warm_up  # type: ignore[method-assign]
        return colorizer

    make_window(colorizer_factory=factory)
    assert warmed == ["colorize-worker"]  # in the worker, before the first click
