"""CUFSF alignment: one real pair lands its eyes on the CUFS framing, checked with dlib on the output."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from s2c_desktop.engine.framing import LEFT_EYE, RIGHT_EYE
from training import faces
from training.__main__ import main
from training.prepare import eye_transform

from .conftest import link_set


def test_eye_transform_maps_the_eyes_onto_the_framing() -> None:
    left, right = np.array([300.0, 410.0]), np.array([420.0, 380.0])  # tilted, wider apart
    matrix = eye_transform(left, right)
    mapped = [matrix @ np.array([*point, 1.0]) for point in (left, right)]
    assert np.allclose(mapped[0], LEFT_EYE) and np.allclose(mapped[1], RIGHT_EYE)
    # A similarity: equal scale on both axes, no shear.
    assert np.isclose(np.hypot(*matrix[:, 0]), np.hypot(*matrix[:, 1]))


def test_prepare_aligns_a_cufsf_pair_to_the_cufs_eye_rows(datasets: Path, tmp_path: Path) -> None:
    source = link_set(datasets / "faces" / "cufsf_unaligned", tmp_path / "cufsf", count=1)
    out = tmp_path / "aligned"
    assert main(["prepare", "--data", str(source), "--out", str(out)]) == 0
    (sketch_path,) = (out / "sketches").iterdir()
    (photo_path,) = (out / "photos").iterdir()
    for path, mode in ((sketch_path, "L"), (photo_path, "RGB")):
        image = np.asarray(Image.open(path).convert(mode))
        assert image.shape[:2] == (250, 200)
        face = faces.detect(image)
        assert face is not None
        assert np.allclose(face.left_eye, LEFT_EYE, atol=4.0), face.left_eye
        assert np.allclose(face.right_eye, RIGHT_EYE, atol=4.0), face.right_eye
    # Sketches are padded with paper, not black.
    sketch = np.asarray(Image.open(sketch_path))
    assert sketch[0].min() > 100 or sketch[-1].min() > 100
    report = json.loads((out / "prepare.json").read_text())
    assert report["aligned"] == report["pairs"] == 1


def test_prepare_reports_pairs_without_faces_and_fails_when_none_align(tmp_path: Path, capsys) -> None:
    source = tmp_path / "blank"
    for kind in ("sketches", "photos"):
        (source / kind).mkdir(parents=True)
        Image.new("RGB", (300, 400), (255, 255, 255)).save(source / kind / "nobody.png")
    assert main(["prepare", "--data", str(source), "--out", str(tmp_path / "out")]) != 0
    assert "no pair of" in capsys.readouterr().err
    assert not list((tmp_path / "out" / "sketches").glob("*.png"))


@pytest.mark.parametrize("bad", ["nosuchdir"])
def test_prepare_on_a_missing_folder_fails_clearly(tmp_path: Path, bad: str, capsys) -> None:
    assert main(["prepare", "--data", str(tmp_path / bad), "--out", str(tmp_path / "out")]) != 0
    assert "not a sketch/photo set" in capsys.readouterr().err
