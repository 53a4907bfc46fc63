"""File › Verify image: the app tells a photo it made (even re-saved as JPEG) from a real one (issue 25 §2)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QMessageBox

from s2c_desktop.engine.provenance import save_image_png
from s2c_desktop.imaging import open_image
from tests.engine.transforms import jpeg60
from tests.ui.app_helpers import make_window_fixture, tiny_model_path_fixture  # noqa: F401 - fixtures


def test_verify_image_reports_each_file(make_window: Any, datasets: Path, tmp_path: Path) -> None:
    window = make_window(lang="es")
    assert window.verify_action in window.file_menu.actions()
    assert window.verify_action.text() == "&Verificar imagen…"
    real = datasets / "faces" / "cufs_cuhk" / "photos" / "000.jpg"
    real = real if real.is_file() else sorted(real.parent.iterdir())[0]
    made = save_image_png(open_image(real, "RGB"), tmp_path / "made.png", {"model": "s2c_tiny"}, "A-1")
    jpeg60(open_image(made, "RGB")).save(tmp_path / "resent.jpg")
    (tmp_path / "broken.png").write_bytes(b"not a png")

    box = window.verifier.verify_paths([made, tmp_path / "resent.jpg", real, tmp_path / "broken.png"])
    lines = box.text().splitlines()
    assert lines[0] == "made.png: generada por Sketch2Color (modelo s2c_tiny, caso A-1)"
    assert lines[1].startswith("resent.jpg: generada por Sketch2Color (modelo #00, caso desconocido")
    assert lines[2] == f"{real.name}: no se encontró la marca de Sketch2Color"
    assert lines[3].startswith("broken.png: no se puede leer")
    assert box.icon() == QMessageBox.Icon.Warning and box.isVisible()
    box.accept()
    assert window.verifier.box is None
