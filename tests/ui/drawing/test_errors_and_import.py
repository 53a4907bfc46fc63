"""A broken model and bad images become clear messages in the drawing tab; drawing still works."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from tests.ui.app_helpers import (  # noqa: F401 - fixtures
    draw_line,
    ink,
    make_window_fixture,
    photographed_scan,
    tiny_model_path_fixture,
)


def test_missing_model_still_starts_shows_why_and_drawing_works(
    make_window: Any, qtbot: Any, tmp_path: Path
) -> None:
    window = make_window(model=tmp_path / "nowhere.onnx")
    tab = window.drawing_tab
    assert window.model_failed and window.model_info is None
    assert "—" in window.device_label.text() and "not available" in window.model_label.text()
    title, message = window.reporter.messages[-1]
    assert "nowhere.onnx" in message and "Drawing still works" in message
    assert any(box.isVisible() for box in window.reporter.open_dialogs())
    draw_line(window)
    assert ink(window) > 50
    with qtbot.waitSignal(tab.worker.failed, timeout=5000) as blocker:
        tab.colorize()
    assert "nowhere.onnx" in blocker.args[1] or "model" in blocker.args[1]


def test_tampered_model_is_refused_with_a_message(
    make_window: Any, qtbot: Any, tiny_model_path: Path, tmp_path: Path
) -> None:
    import shutil

    broken = tmp_path / "broken.onnx"
    shutil.copy(tiny_model_path, broken)
    shutil.copy(tiny_model_path.with_suffix(".json"), broken.with_suffix(".json"))
    with open(broken, "ab") as handle:
        handle.write(b"tampered")
    window = make_window(model=broken)
    assert window.model_failed
    assert (
        "sha256" in window.reporter.messages[-1][1].lower()
        or "checksum" in window.reporter.messages[-1][1].lower()
    )


def test_fixing_the_model_in_settings_reloads_it(
    make_window: Any, qtbot: Any, tiny_model_path: Path, tmp_path: Path
) -> None:
    window = make_window(model=tmp_path / "nowhere.onnx")
    new = window.prefs.__class__(**{**window.prefs.__dict__, "model_path": str(tiny_model_path)})
    with qtbot.waitSignal(window.drawing_tab.modelChanged, timeout=20000):
        window.apply_settings(new)
    assert not window.model_failed and "s2c_tiny" in window.model_label.text()


def test_importing_a_non_image_is_a_clear_message(make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    window = make_window()
    tab = window.drawing_tab
    draw_line(window)
    before = tab.canvas.document.pixels.copy()
    bad = tmp_path / "scan.jpg"
    bad.write_bytes(b"\xff\xd8 this is not really a jpeg")
    with qtbot.waitSignal(tab.worker.failed, timeout=10000) as blocker:
        tab.import_scan_from(bad)
    assert "scan.jpg" in blocker.args[1]
    assert window.reporter.messages[-1][0] == "Import failed"
    assert np.array_equal(tab.canvas.document.pixels, before)


def test_importing_a_scan_fits_it_into_the_frame_and_colorizes(
    make_window: Any, qtbot: Any, tmp_path: Path
) -> None:
    window = make_window()
    tab = window.drawing_tab
    with qtbot.waitSignal(tab.worker.resultReady, timeout=20000) as blocker:
        tab.import_scan_from(photographed_scan(tmp_path / "scan.png"))
    _request, outcome = blocker.args
    assert outcome.fitted.size == (200, 250)
    # The canvas shows the fitted frame (upscaled to the paper), not the raw 900×700 scan.
    expected = np.asarray(outcome.fitted.resize((800, 1000), Image.Resampling.LANCZOS))
    assert np.abs(tab.canvas.document.pixels.astype(int) - expected).mean() < 12
    assert ink(window) > 200
    assert tab.photos.image is not None and tab.photos.metadata["input"] == "scan.png"
    assert tab.canvas.undo_stack.canUndo()  # the import itself can be undone


def test_import_works_without_a_model(make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    window = make_window(model=tmp_path / "nowhere.onnx")
    tab = window.drawing_tab
    with qtbot.waitSignal(tab.worker.resultReady, timeout=20000):
        tab.import_scan_from(photographed_scan(tmp_path / "scan.png"))
    assert ink(window) > 200 and tab.photos.image is None


def test_a_colorize_right_after_an_import_does_not_swallow_it(
    make_window: Any, qtbot: Any, tmp_path: Path
) -> None:
    window = make_window()
    tab = window.drawing_tab
    done: list[str] = []
    tab.worker.resultReady.connect(lambda job, _result: done.append(type(job).__name__))
    tab.import_scan_from(photographed_scan(tmp_path / "scan.png"))
    tab.colorize()  # e.g. live mode reacting to a stroke drawn meanwhile
    qtbot.waitUntil(lambda: "ImportScan" in done and not tab.worker.is_busy, timeout=20000)
    assert ink(window) > 200
