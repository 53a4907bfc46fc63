"""Cases saved from the window reopen exactly; exports carry provenance; bad files become clear messages."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image
from PySide6.QtCore import Qt

from s2c_desktop.engine.provenance import leaving_photo
from s2c_desktop.sketch.case import load_case
from tests.sketch.fulldisk import disk_full
from tests.ui.app_helpers import draw_line, ink, make_window_fixture, tiny_model_path_fixture  # noqa: F401 - fixtures


def _colorized_case(window: Any, qtbot: Any) -> None:
    tab = window.drawing_tab
    draw_line(window)
    panel = tab.case_panel
    panel.set_fields("2024-0153", "Ana Quispe", "Ceja izquierda con cicatriz.\nNariz ancha.", "2024-05-17")
    with qtbot.waitSignal(tab.worker.resultReady, timeout=10000):
        tab.colorize()


def test_ctrl_s_saves_the_case_and_reopening_restores_everything(
    make_window: Any, qtbot: Any, tmp_path: Path
) -> None:
    window = make_window()
    tab = window.drawing_tab
    _colorized_case(window, qtbot)
    folder = tmp_path / "caso-2024-0153"
    tab.case_folder = folder  # as after a first "Save as": Ctrl+S then saves without asking
    tab.dirty = True
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert (folder / "case.json").is_file() and not tab.dirty
    assert "*" not in window.windowTitle() and "2024-0153" in window.windowTitle()
    sketch = tab.canvas.document.pixels.copy()
    # The case folder leaves the app: its photo carries both marks, and that is the photo read back.
    photo = np.asarray(leaving_photo(tab.photos.image, tab.photos.metadata, "2024-0153")[0])

    tab.new_case()
    assert ink(window) == 0 and tab.photo.image is None and tab.case_panel.fields()["case_number"] == ""
    assert tab.open_case_from(folder)
    assert np.array_equal(tab.canvas.document.pixels, sketch)
    assert np.array_equal(np.asarray(tab.photos.image), photo)
    assert tab.case_panel.fields() == {
        "case_number": "2024-0153",
        "artist": "Ana Quispe",
        "witness_notes": "Ceja izquierda con cicatriz.\nNariz ancha.",
        "date": "2024-05-17",
    }
    assert tab.photos.metadata["model"] == "s2c_tiny" and not tab.dirty
    assert str(folder) in window.prefs.recent_cases
    # Undo history does not survive reopening, but drawing on goes on normally.
    assert not tab.canvas.undo_stack.canUndo()


def test_opening_a_damaged_case_shows_a_message_and_keeps_the_current_work(
    make_window: Any, qtbot: Any, tmp_path: Path
) -> None:
    window = make_window()
    tab = window.drawing_tab
    draw_line(window)
    before = tab.canvas.document.pixels.copy()
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "case.json").write_text("{oops", encoding="utf-8")
    assert not tab.open_case_from(broken)
    title, message = window.reporter.messages[-1]
    assert "damaged" in message and "\n" not in message
    assert any(box.isVisible() for box in window.reporter.open_dialogs())
    assert np.array_equal(tab.canvas.document.pixels, before)
    assert message in window.statusBar().currentMessage()


def test_full_disk_while_saving_a_case_is_reported_and_nothing_is_lost(
    make_window: Any, qtbot: Any, tmp_path: Path
) -> None:
    window = make_window()
    tab = window.drawing_tab
    _colorized_case(window, qtbot)
    folder = tmp_path / "case"
    assert tab.save_case_to(folder)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    draw_line(window, 100, 400, 300, 420)
    with disk_full():
        assert not tab.save_case_to(folder)
    assert "cannot save the case" in window.reporter.messages[-1][1]
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    assert tab.dirty  # still unsaved, the user can save elsewhere
    assert tab.save_case_to(tmp_path / "elsewhere")


def test_export_photo_png_keeps_the_engine_provenance(make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    from s2c_desktop.engine.provenance import read_provenance

    window = make_window()
    tab = window.drawing_tab
    assert not tab.export_photo_to(tmp_path / "none.png")  # nothing colorized yet: told so, no file
    assert not (tmp_path / "none.png").exists()
    _colorized_case(window, qtbot)
    assert tab.export_photo_to(tmp_path / "photo.png")
    provenance = read_provenance(tmp_path / "photo.png")
    assert provenance["model"] == "s2c_tiny" and len(provenance["model_sha256"]) == 64
    assert provenance["input_sha256"]
    with Image.open(tmp_path / "photo.png") as png:
        assert png.size == (400, 500)  # the super-resolution stage


def test_export_sheet_png_and_pdf(make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    window = make_window()
    tab = window.drawing_tab
    _colorized_case(window, qtbot)
    assert tab.export_sheet_to(tmp_path / "sheet.png")
    assert tab.export_sheet_to(tmp_path / "sheet.pdf")
    with Image.open(tmp_path / "sheet.png") as sheet:
        assert sheet.width > sheet.height  # landscape
        pixels = np.asarray(sheet.convert("RGB"))
    # The photo panel is in colour (the sketch is gray): some pixels are clearly not gray.
    spread = pixels.max(axis=2).astype(int) - pixels.min(axis=2)
    assert (spread > 30).sum() > 1000
    pdf = (tmp_path / "sheet.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and b"%%EOF" in pdf[-64:] and len(pdf) > 5000
    with disk_full(2000):
        assert not tab.export_sheet_to(tmp_path / "full.pdf")
    assert not (tmp_path / "full.pdf").exists()
    assert "Cannot write full.pdf" in window.reporter.messages[-1][1]
    assert list(tmp_path.glob(".full.pdf*")) == []


def test_sketch_png_save_and_open_round_trip(make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    window = make_window()
    tab = window.drawing_tab
    draw_line(window)
    pixels = tab.canvas.document.pixels.copy()
    assert tab.save_sketch_to(tmp_path / "s.png")
    tab.canvas.clear()
    tab.open_sketch_from(tmp_path / "s.png")
    assert np.array_equal(tab.canvas.document.pixels, pixels)
    (tmp_path / "bad.png").write_bytes(b"not an image")
    tab.open_sketch_from(tmp_path / "bad.png")
    assert window.reporter.messages and "bad.png" in window.reporter.messages[-1][1]
    assert np.array_equal(tab.canvas.document.pixels, pixels)


def test_case_json_is_documented_format(make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    window = make_window()
    _colorized_case(window, qtbot)
    window.drawing_tab.save_case_to(tmp_path / "c")
    document = json.loads((tmp_path / "c" / "case.json").read_text(encoding="utf-8"))
    assert set(document) >= {
        "format",
        "schema_version",
        "case_number",
        "artist",
        "witness_notes",
        "date",
        "files",
        "photo_metadata",
        "created",
        "modified",
    }
    assert load_case(tmp_path / "c").photo is not None


def test_recent_cases_menu_reopens_a_saved_case(make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    window = make_window()
    tab = window.drawing_tab
    draw_line(window)
    tab.case_panel.set_fields("R-1")
    assert tab.save_case_to(tmp_path / "r1")
    tab.new_case()
    window.recent_menu.aboutToShow.emit()  # what opening the menu does
    entries = [a for a in window.recent_menu.actions() if a.isEnabled()]
    assert [a.text() for a in entries] == ["r1"]
    entries[0].trigger()
    assert tab.case_panel.fields()["case_number"] == "R-1" and ink(window) > 50


def test_dropping_an_image_imports_it_and_a_folder_opens_the_case(
    make_window: Any, qtbot: Any, tmp_path: Path
) -> None:
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDropEvent

    window = make_window()
    tab = window.drawing_tab

    def drop(path: Path) -> None:
        mime = QMimeData()
        mime.setUrls([QUrl.fromLocalFile(str(path))])
        event = QDropEvent(
            QPointF(10, 10),
            Qt.DropAction.CopyAction,
            mime,
            Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.NoModifier,
        )
        tab.dropEvent(event)

    sketch = np.full((500, 400), 255, np.uint8)
    sketch[240:250, 60:340] = 0
    Image.fromarray(sketch).save(tmp_path / "drawing.png")
    with qtbot.waitSignal(tab.worker.resultReady, timeout=20000):
        drop(tmp_path / "drawing.png")
    assert ink(window) > 500
    tab.case_panel.set_fields("DROP-7")
    assert tab.save_case_to(tmp_path / "dropped-case")
    tab.new_case()
    drop(tmp_path / "dropped-case")
    assert tab.case_panel.fields()["case_number"] == "DROP-7"
