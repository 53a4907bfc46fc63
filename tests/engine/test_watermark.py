"""Every photo that leaves the app carries a visible mark that cropping to the face keeps (issue 13 §8)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image

from s2c_desktop.cli.main import main
from s2c_desktop.engine.framing import CHIN, JAW_LEFT_X, JAW_RIGHT_X, LEFT_EYE
from s2c_desktop.engine.provenance import read_provenance
from s2c_desktop.imaging import open_image

# The face, from the eyebrows to the chin and jaw to jaw: what someone would crop a "photo" to.
FACE_BOX = (int(JAW_LEFT_X), int(LEFT_EYE[1]) - 30, int(JAW_RIGHT_X), int(CHIN[1]))
SENTENCE = "Imagen generada por computadora — no es una fotografía"


def assert_marked_across_the_face(marked: Image.Image, clean: Image.Image) -> None:
    """The face crop of ``marked`` holds several rows of mark, and stays close to ``clean`` (unobtrusive)."""
    box = FACE_BOX
    difference = np.abs(np.asarray(marked.crop(box), np.int16) - np.asarray(clean.crop(box), np.int16)).max(
        axis=2
    )
    mark = difference > 12
    rows_with_mark = np.flatnonzero(mark.mean(axis=1) > 0.05)
    separate_rows = int(np.count_nonzero(np.diff(rows_with_mark) > 4)) + (1 if rows_with_mark.size else 0)
    assert separate_rows >= 2, f"the mark shows in {separate_rows} band(s) of the face crop"
    for left in range(0, box[2] - box[0] - 40, 20):  # any 40-pixel-wide crop of the face still shows some
        assert mark[:, left : left + 40].mean() > 0.01, left
    assert difference.mean() < 20, "the mark hides the face"


def test_the_mark_names_the_case_and_lies_across_the_face(datasets: Path) -> None:
    from s2c_desktop.engine.watermark import add_visible_mark, mark_text

    photo = open_image(sorted((datasets / "faces" / "cufs_cuhk" / "photos").iterdir())[0], "RGB")
    marked = add_visible_mark(photo, "DIRINCRI-2024-0153")
    assert marked.size == photo.size and marked.mode == "RGB"
    assert_marked_across_the_face(marked, photo)
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
    clean = colorizer.colorize(cufs_sketch).photo
    assert_marked_across_the_face(open_image(target, "RGB"), clean)
    provenance = read_provenance(target)
    assert provenance["model_sha256"] == colorizer.model_sha256
    assert provenance["visible_mark"] == SENTENCE
