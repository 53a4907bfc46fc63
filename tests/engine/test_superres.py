"""The super-resolution stage after the generator (issue 25 §3): the shipped model, checked and run."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from s2c_desktop.engine import superres
from s2c_desktop.engine.provenance import leaving_photo, save_image_png, verify_image
from s2c_desktop.errors import ModelError
from s2c_desktop.imaging import open_image


@pytest.fixture(scope="module")
def face(datasets: Path) -> Image.Image:
    return open_image(sorted((datasets / "faces" / "cufs_cuhk" / "photos").iterdir())[0], "RGB")


def test_the_shipped_stage_enlarges_the_frame_and_keeps_the_face(face: Image.Image) -> None:
    upscaler = superres.default_upscaler()
    assert upscaler is not None and upscaler.name == "s2c_superres"
    enlarged = upscaler.upscale(face)
    assert enlarged.size == (400, 500) and enlarged.mode == "RGB"
    back = np.asarray(enlarged.resize((200, 250), Image.Resampling.BOX), np.float64)
    assert np.abs(back - np.asarray(face, np.float64)).mean() < 4.0  # the same face, more pixels
    assert upscaler.upscale(enlarged) is enlarged  # only the generator's frame is enlarged


def test_every_exit_gets_400x500_marked_once(face: Image.Image, tmp_path: Path) -> None:
    photo, metadata = leaving_photo(face, {"model": "m"}, "A-1")
    assert photo.size == (400, 500) and metadata["superres"].startswith("s2c_superres 2x")
    assert leaving_photo(photo, metadata, "A-1")[0] is not None
    written = save_image_png(face, tmp_path / "photo.png", {"model": "m"}, "A-1")
    assert open_image(written, "RGB").size == (400, 500) and verify_image(written) is not None
    on_screen, _ = leaving_photo(face, {"model": "m"}, "A-1", enlarge=False)
    assert on_screen.size == (200, 250)


def test_a_model_that_does_not_match_its_card_is_refused(tmp_path: Path) -> None:
    source = superres.default_upscaler()
    assert source is not None
    shipped = Path(superres.resources_dir()) / "models" / superres.MODEL_NAME
    copy = tmp_path / superres.MODEL_NAME
    shutil.copy(shipped, copy)
    card = json.loads(shipped.with_suffix(".json").read_text(encoding="utf-8"))
    card["sha256"] = "0" * 64
    copy.with_suffix(".json").write_text(json.dumps(card), encoding="utf-8")
    with pytest.raises(ModelError, match="does not match its card"):
        superres.Upscaler(copy)


def test_without_the_stage_photos_stay_at_the_frame(
    face: Image.Image, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(superres.ENVIRONMENT, "")
    photo, metadata = leaving_photo(face, {"model": "m"})
    assert photo.size == (200, 250) and "superres" not in metadata
