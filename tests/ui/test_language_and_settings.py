"""Spanish by default, English selectable; switching in the settings retranslates the visible texts live."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QDialogButtonBox

from tests.ui.app_helpers import make_window_fixture, tiny_model_path_fixture  # noqa: F401 - fixtures


def _texts(window: Any) -> dict[str, str]:
    tab = window.drawing_tab
    return {
        "file_menu": window.file_menu.title(),
        "tab": window.tabs.tabText(0),
        "stats_tab": window.tabs.tabText(1),
        "colorize": tab.colorize_button.text(),
        "live": tab.live_check.text(),
        "case_title": tab.case_panel.title.text(),
        "number_label": tab.case_panel.number_label.text(),
        "save_action": tab.ui_actions.save_case.text(),
        "pencil": tab.ui_actions.pencil.text(),
        "device": window.device_label.text(),
        "placeholder": tab.photo.placeholder,
    }


def test_spanish_is_the_default_language(make_window: Any, qtbot: Any) -> None:
    from s2c_desktop.settings import Preferences

    assert Preferences().language == "es"
    window = make_window(lang=None)
    texts = _texts(window)
    assert texts["file_menu"] == "&Archivo"
    assert texts["tab"] == "Dibujo" and texts["stats_tab"] == "Estadísticas"
    assert texts["colorize"] == "Colorear"
    assert texts["device"].startswith("Dispositivo:")


def test_switching_language_in_settings_changes_visible_texts_without_restart(
    make_window: Any, qtbot: Any, s2c_home: Path
) -> None:
    window = make_window(lang="en")
    english = _texts(window)
    assert english["file_menu"] == "&File" and english["colorize"] == "Colorize"
    assert english["tab"] == "Drawing" and english["number_label"] == "Case &number:"

    window.show_settings()
    dialog = window.settings_dialog
    assert dialog.isVisible() and dialog.windowTitle() == "Settings"
    dialog.language.setCurrentIndex(dialog.language.findData("es"))
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    spanish = _texts(window)
    assert spanish["file_menu"] == "&Archivo"
    assert spanish["colorize"] == "Colorear" and spanish["live"] == "En vivo"
    assert spanish["tab"] == "Dibujo" and spanish["stats_tab"] == "Estadísticas"
    assert spanish["case_title"] == "Caso" and spanish["number_label"] == "&Número de caso:"
    assert spanish["save_action"] == "&Guardar caso"
    assert spanish["pencil"] == "&Lápiz"  # the canvas's own actions follow too
    assert spanish["placeholder"].startswith("Aquí aparece")
    assert all(spanish[key] != english[key] for key in english if key not in ("device",))
    # Stored for the next start.
    stored = json.loads((s2c_home / "config" / "preferences.json").read_text(encoding="utf-8"))
    assert stored["language"] == "es"

    new = dataclasses.replace(window.prefs, language="en")
    window.apply_settings(new)
    assert _texts(window)["file_menu"] == "&File"


def test_command_line_language_is_not_saved(make_window: Any, qtbot: Any, s2c_home: Path) -> None:
    window = make_window(lang="en", live_delay_ms=300)
    window.close()
    stored = json.loads((s2c_home / "config" / "preferences.json").read_text(encoding="utf-8"))
    assert stored["language"] == "es"  # --lang en was for that run only
    assert stored["live_delay_ms"] == 300


def test_settings_dialog_applies_live_delay_autosave_and_guide(make_window: Any, qtbot: Any) -> None:
    window = make_window()
    tab = window.drawing_tab
    window.show_settings()
    dialog = window.settings_dialog
    dialog.live_delay.setValue(400)
    dialog.autosave.setValue(12.5)
    dialog.guide.setChecked(False)
    dialog.accept()
    assert tab.live.delay_ms == 400
    assert tab.autosaver.timer.interval() == 12500
    assert not tab.canvas.guide_visible


def test_window_geometry_lives_in_qsettings_not_in_preferences(
    make_window: Any, qtbot: Any, s2c_home: Path
) -> None:
    window = make_window()
    window.resize(790, 590)  # inside the offscreen screen (800×600): restoreGeometry clamps to it
    window.close()
    assert (s2c_home / "config" / "window.ini").is_file()
    stored = json.loads((s2c_home / "config" / "preferences.json").read_text(encoding="utf-8"))
    assert not any("geometry" in key for key in stored)
    again = make_window()
    assert (again.size().width(), again.size().height()) == (790, 590)


def test_brush_and_guide_are_remembered_for_the_next_start(make_window: Any, qtbot: Any) -> None:
    window = make_window()
    canvas = window.drawing_tab.canvas
    canvas.set_brush_size(7.5)
    canvas.set_opacity(0.6)
    canvas.set_guide_visible(False)
    window.close()
    again = make_window()
    canvas = again.drawing_tab.canvas
    assert canvas.brush_size == 7.5 and abs(canvas.opacity - 0.6) < 1e-9 and not canvas.guide_visible
    assert again.drawing_tab.ui_actions.size.value() == 7.5
