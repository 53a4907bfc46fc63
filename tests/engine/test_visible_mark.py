"""Every photo that leaves the app carries a visible mark, and the mark keeps the face clear (issue 25 §1)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image

from s2c_desktop.cli.main import main
from s2c_desktop.engine.provenance import read_provenance
from s2c_desktop.engine.superres import default_upscaler
from s2c_desktop.engine.visible_mark import face_oval_mask
from s2c_desktop.imaging import open_image

SENTENCE = "Imagen generada por computadora — no es una fotografía"


def as_exported(clean: Image.Image) -> Image.Image:
    """The clean photo at the size it leaves the app (the super-resolution stage's, when installed)."""
    upscaler = default_upscaler()
    return upscaler.upscale(clean) if upscaler is not None else clean


def assert_marked_outside_the_face(marked: Image.Image, clean: Image.Image) -> None:
    """Bands along the top and bottom edges and text around the face; the face oval itself untouched (but for
    the invisible watermark's faint pattern, when the photo carries it)."""
    assert clean.size == marked.size
    difference = np.abs(np.asarray(marked, np.int16) - np.asarray(clean, np.int16)).max(axis=2)
    face = face_oval_mask(marked.size)
    assert np.percentile(difference[face], 99) < 16, "text over the face"
    height = marked.height
    band = max(10, height // 25)
    assert (difference[:band] > 20).mean() > 0.4, "no band along the top edge"
    assert (difference[-band:] > 20).mean() > 0.4, "no band along the bottom edge"
    around = ~face
    around[:band] = around[-band:] = False
    assert (difference[around] > 20).mean() > 0.05, "no text around the face"


def test_the_mark_names_the_case_and_keeps_the_face_clear(datasets: Path) -> None:
    from s2c_desktop.engine.visible_mark import add_visible_mark, mark_text

    photo = open_image(sorted((datasets / "faces" / "cufs_cuhk" / "photos").iterdir())[0], "RGB")
    marked = add_visible_mark(photo, "DIRINCRI-2024-0153")
    assert marked.size == photo.size and marked.mode == "RGB"
    assert_marked_outside_the_face(marked, photo)
    assert np.array_equal(
        np.asarray(marked)[face_oval_mask(photo.size)], np.asarray(photo)[face_oval_mask(photo.size)]
    )
    assert mark_text("DIRINCRI-2024-0153") == f"{SENTENCE} · Caso DIRINCRI-2024-0153"
    assert mark_text("line\nbreak") == f"{SENTENCE} · Caso line break"


def test_cli_photos_carry_the_mark_and_keep_their_provenance(
    tiny_model: Path, colorizer, cufs_sketch: Path, tmp_path: Path
) -> None:
    target = tmp_path / "photo.png"
    assert (
        main(["colorize", "--model", str(tiny_model), "--device", "cpu", str(cufs_sketch), "-o", str(target)])
        == 0
    )
    clean = as_exported(colorizer.colorize(cufs_sketch).photo)
    assert_marked_outside_the_face(open_image(target, "RGB"), clean)
    provenance = read_provenance(target)
    assert provenance["model_sha256"] == colorizer.model_sha256
    assert provenance["visible_mark"] == SENTENCE
    assert main(["verify", str(target)]) == 0  # and the invisible watermark


def test_the_face_oval_follows_the_framing_at_any_size() -> None:
    from s2c_desktop.engine.framing import CHIN, JAW_LEFT_X, JAW_RIGHT_X, LEFT_EYE, RIGHT_EYE

    for scale in (1, 2):
        mask = face_oval_mask((200 * scale, 250 * scale))
        for x, y in (LEFT_EYE, RIGHT_EYE, (JAW_LEFT_X, LEFT_EYE[1]), (JAW_RIGHT_X, LEFT_EYE[1]), CHIN):
            assert mask[int(y * scale), int(x * scale)], (x, y)
        assert not mask[5 * scale, 5 * scale] and not mask[-5 * scale, 100 * scale]
