"""The drawing tab with untrusted files (issue 13 §3, §7, §8): a broken autosave is told once and the app
starts; a checksum mismatch is told (which file) and shown on the case sheet until saved; exported and printed
photos carry the visible mark."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from s2c_desktop.cli.main import main
from s2c_desktop.engine.provenance import read_provenance
from s2c_desktop.imaging import open_image
from s2c_desktop.sketch.autosave import AutosaveStore
from s2c_desktop.sketch.case import Case
from tests.engine.test_visible_mark import as_exported, assert_marked_outside_the_face
from tests.ui.app_helpers import draw_line, make_window_fixture, tiny_model_path_fixture  # noqa: F401 - fixtures


def _colorized(window: Any, qtbot: Any, number: str = "2024-0153") -> Any:
    tab = window.drawing_tab
    draw_line(window)
    tab.case_panel.set_fields(number, "Ana Quispe", "Nariz ancha.", "2024-05-17")
    with qtbot.waitSignal(tab.worker.resultReady, timeout=10000):
        tab.colorize()
    return tab


def _messages(window: Any) -> list[tuple[str, str]]:
    return list(window.reporter.messages)


def test_a_broken_autosave_is_told_once_and_the_app_starts(make_window: Any) -> None:
    crashed = AutosaveStore()
    crashed.begin()
    crashed.save(Case(case_number="lost", sketch=Image.new("L", (400, 500), 255)))
    snapshot = crashed.slot / "snapshot" / "case.json"
    document = json.loads(snapshot.read_text(encoding="utf-8"))
    document["files"] = ["sketch.png"]  # the shape that stopped the app at every start
    snapshot.write_text(json.dumps(document), encoding="utf-8")
    crashed._release()  # the session died

    window = make_window()
    told = [message for _title, message in _messages(window) if "autosave" in message.lower()]
    assert len(told) == 1, _messages(window)
    assert "autosave-broken" in told[0]  # where it was kept
    assert window.drawing_tab.autosaver.offer is None  # nothing restorable was offered
    window.close()
    before = len(_messages(window))
    second = make_window()
    assert [m for _t, m in _messages(second)[before:] if "autosave" in m.lower()] == []  # told once only


def _sheet_pixels(tab: Any) -> np.ndarray:
    from s2c_desktop.ui.drawing.case_sheet import render_sheet_image

    image = render_sheet_image(tab.current_case(), "s2c_tiny", generated_at=dt.datetime(2024, 5, 17, 12, 0))
    image = image.convertToFormat(image.Format.Format_RGB888)
    return (
        np.frombuffer(image.constBits(), np.uint8)
        .reshape(image.height(), image.bytesPerLine())[:, : image.width() * 3]
        .copy()
    )


def test_a_checksum_mismatch_is_told_and_on_the_sheet_until_saved(
    make_window: Any, qtbot: Any, tmp_path: Path
) -> None:
    window = make_window()
    tab = _colorized(window, qtbot)
    folder = tmp_path / "case"
    assert tab.save_case_to(folder)
    clean_sheet = _sheet_pixels(tab)
    sketch_name = json.loads((folder / "case.json").read_text())["files"]["sketch"]["name"]
    changed = np.asarray(Image.open(folder / sketch_name)).copy()
    changed[10:20, 10:20] = 0  # someone edited the sketch outside the app
    Image.fromarray(changed).save(folder / sketch_name)

    before = len(_messages(window))
    assert tab.open_case_from(folder)
    told = _messages(window)[before:]
    assert len(told) == 1 and sketch_name in told[0][1], told
    assert tab.checksum_mismatches == [sketch_name]
    marked_sheet = _sheet_pixels(tab)
    assert tab.sheet_warnings() and sketch_name in tab.sheet_warnings()[0]
    # The warning is painted on the sheet (red text where the clean sheet had none).
    red = (marked_sheet[:, 0::3].astype(int) - marked_sheet[:, 1::3] > 80).sum()
    red_before = (clean_sheet[:, 0::3].astype(int) - clean_sheet[:, 1::3] > 80).sum()
    assert red > red_before + 200
    tab.case_panel.set_fields("2024-0153", "Ana Quispe", "Nariz ancha, revisada.", "2024-05-17")
    assert tab.checksum_mismatches == [sketch_name]  # still shown while unsaved
    assert tab.save_case_to(folder)
    assert tab.checksum_mismatches == [] and tab.sheet_warnings() == []


def test_exported_photo_carries_the_mark_with_the_case_number(
    make_window: Any, qtbot: Any, tmp_path: Path
) -> None:
    window = make_window()
    tab = _colorized(window, qtbot, number="DIRINCRI-77")
    assert tab.export_photo_to(tmp_path / "photo.png")
    exported = open_image(tmp_path / "photo.png", "RGB")
    assert_marked_outside_the_face(exported, as_exported(tab.photos.image))
    provenance = read_provenance(tmp_path / "photo.png")
    assert provenance["visible_mark"].endswith("Caso DIRINCRI-77")
    assert provenance["model"] == "s2c_tiny"  # the provenance chunks stay


def test_the_photo_on_the_printed_sheet_is_marked(make_window: Any, qtbot: Any) -> None:
    window = make_window()
    tab = _colorized(window, qtbot)
    tab.photos.image = Image.new("RGB", (200, 250), (120, 120, 120))  # a flat photo: any detail is the mark
    pixels = _sheet_pixels(tab)
    # The photo panel: the second of the two 4:5 panels (see case_sheet.paint_sheet's layout).
    panel = pixels[200:760, 600 * 3 : 1040 * 3].reshape(560, -1, 3)
    assert (np.abs(panel.astype(int) - 120).max(axis=2) > 25).mean() > 0.01


def test_importing_a_photo_or_a_blank_page_warns_but_imports(
    make_window: Any, qtbot: Any, datasets: Path, tmp_path: Path
) -> None:
    """Issue 13 §15 in the app: the same warnings as the CLI, after the image is imported anyway."""
    window = make_window()
    tab = window.drawing_tab
    photo = sorted((datasets / "faces" / "cufs_cuhk" / "photos").iterdir())[0]
    before = len(_messages(window))
    with qtbot.waitSignal(tab.worker.resultReady, timeout=20000):
        tab.import_scan_from(photo)
    told = _messages(window)[before:]
    assert len(told) == 1 and "photo, not a sketch" in told[0][1], told
    blank = tmp_path / "blank.png"
    Image.new("L", (400, 500), 250).save(blank)
    with qtbot.waitSignal(tab.worker.resultReady, timeout=20000):
        tab.import_scan_from(blank)
    told = _messages(window)[before + 1 :]
    assert len(told) == 1 and "blank" in told[0][1], told


def _shown(tab: Any) -> Image.Image:
    """The photo as the drawing tab paints it on screen."""
    shown = tab.photo.image.convertToFormat(tab.photo.image.Format.Format_RGB888)
    data = bytes(shown.constBits())[: shown.sizeInBytes()]
    return Image.frombuffer(
        "RGB", (shown.width(), shown.height()), data, "raw", "RGB", shown.bytesPerLine(), 1
    )


def test_the_photo_on_screen_is_marked_and_follows_the_case_number(
    make_window: Any, qtbot: Any, tmp_path: Path, datasets: Path
) -> None:
    """A screenshot of the window is no unlabelled face: the photo on screen carries both marks (issue 25)."""
    window = make_window()
    tab = _colorized(window, qtbot, number="A-1")
    face = open_image(sorted((datasets / "faces" / "cufs_cuhk" / "photos").iterdir())[0], "RGB")
    tab.photos.show(
        face, tab.photos.metadata, tab.photos.sketch_key()
    )  # a face-like photo, as the model gives
    assert_marked_outside_the_face(_shown(tab), face)
    assert tab.photos.image is face  # the clean photo stays for the exports, which mark it themselves
    _shown(tab).save(tmp_path / "screenshot.png")
    assert main(["verify", str(tmp_path / "screenshot.png")]) == 0
    before = np.asarray(_shown(tab)).copy()
    tab.case_panel.case_number.setText("B-2")
    tab.case_panel.case_number.textEdited.emit("B-2")  # as typing does
    assert not np.array_equal(np.asarray(_shown(tab))[-12:], before[-12:])  # the bottom band names B-2
