"""End to end through a real onnxruntime session: sketch in, photo with provenance out."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from s2c_desktop import __version__
from s2c_desktop.engine.colorizer import Colorizer, ColorizeResult
from s2c_desktop.engine.loading import load_sketch
from s2c_desktop.engine.provenance import leaving_photo, read_provenance, save_photo_png
from s2c_desktop.errors import InputError, S2CError


def test_colorize_a_file(colorizer: Colorizer, cufs_sketch: Path) -> None:
    result = colorizer.colorize(cufs_sketch)
    assert isinstance(result, ColorizeResult)
    assert result.photo.mode == "RGB" and result.photo.size == (200, 250)
    assert result.sketch.mode == "L" and result.sketch.size == (200, 250)
    assert result.provider == colorizer.provider and result.latency_ms > 0
    assert result.source_path == cufs_sketch
    # The framed CUFS sketch went in unchanged.
    assert np.array_equal(np.asarray(result.sketch), load_sketch(cufs_sketch).pixels)


def test_photo_follows_the_sketch(colorizer: Colorizer, cufs_sketch: Path) -> None:
    result = colorizer.colorize(cufs_sketch)
    sketch = np.asarray(result.sketch).astype(float)
    luminance = np.asarray(result.photo.convert("L")).astype(float)
    assert np.corrcoef(sketch.ravel(), luminance.ravel())[0, 1] > 0.8
    red, _, blue = (np.asarray(result.photo)[:, :, i].astype(float).mean() for i in range(3))
    assert red > blue  # the tiny model tints warm: colour really comes from the model


def test_pil_and_numpy_inputs_give_the_same_photo(colorizer: Colorizer, cufs_sketch: Path) -> None:
    from_file = np.asarray(colorizer.colorize(cufs_sketch).photo)
    gray = load_sketch(cufs_sketch).pixels
    assert np.array_equal(np.asarray(colorizer.colorize(Image.fromarray(gray)).photo), from_file)
    assert np.array_equal(np.asarray(colorizer.colorize(gray).photo), from_file)


def test_metadata_traces_the_photo(colorizer: Colorizer, cufs_sketch: Path) -> None:
    metadata = colorizer.colorize(cufs_sketch).metadata
    assert metadata["model"] == colorizer.model_name
    assert metadata["model_sha256"] == colorizer.model_sha256
    assert metadata["input_sha256"] == hashlib.sha256(cufs_sketch.read_bytes()).hexdigest()
    assert metadata["input"] == cufs_sketch.name
    assert metadata["provider"] == "CPUExecutionProvider"
    assert metadata["fit"] == "framed" and metadata["s2c_version"] == __version__
    assert metadata["created"].endswith("+00:00")


def test_batch_gives_the_same_photos_as_one_by_one(colorizer: Colorizer, datasets: Path) -> None:
    sketches = sorted((datasets / "faces" / "cufs_ar" / "sketches").iterdir())[:5]
    batch = colorizer.colorize_batch(sketches, batch_size=3)
    assert len(batch) == 5
    for path, result in zip(sketches, batch, strict=True):
        single = colorizer.colorize(path)
        assert np.abs(np.asarray(single.photo, dtype=int) - np.asarray(result.photo, dtype=int)).max() <= 1


def test_batch_stops_on_a_bad_sketch_with_its_name(
    colorizer: Colorizer, cufs_sketch: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.png"
    bad.write_text("hello")
    with pytest.raises(InputError, match=r"bad\.png: a text file"):
        colorizer.colorize_batch([cufs_sketch, bad])


def test_unaligned_sketch_is_fitted_before_the_model(
    colorizer: Colorizer, cufsf_sketches: list[Path]
) -> None:
    result = colorizer.colorize(cufsf_sketches[0])
    assert result.photo.size == (200, 250)
    assert result.metadata["fit"].startswith(("face", "trim"))


def test_save_photo_png_writes_provenance(colorizer: Colorizer, cufs_sketch: Path, tmp_path: Path) -> None:
    result = colorizer.colorize(cufs_sketch)
    target = save_photo_png(result, tmp_path / "photo.png")
    with Image.open(target) as written:
        assert written.format == "PNG" and written.mode == "RGB" and written.size == (400, 500)  # enlarged
        marked, _ = leaving_photo(result.photo, result.metadata)
        assert np.array_equal(np.asarray(written), np.asarray(marked))  # both marks
        assert written.text["Software"] == f"Sketch2Color {__version__}"
    provenance = read_provenance(target)
    assert provenance["model_sha256"] == colorizer.model_sha256
    assert provenance["input_sha256"] == result.metadata["input_sha256"]
    assert {"model", "created", "provider", "s2c_version"} <= provenance.keys()


def test_non_latin1_file_names_survive_in_provenance(
    colorizer: Colorizer, cufs_sketch: Path, tmp_path: Path
) -> None:
    result = colorizer.colorize(cufs_sketch)
    target = save_photo_png(result, tmp_path / "photo.png", extra={"input": "портрет.png"})
    assert read_provenance(target)["input"] == "портрет.png"


def test_save_failure_leaves_nothing_behind(colorizer: Colorizer, cufs_sketch: Path, tmp_path: Path) -> None:
    result = colorizer.colorize(cufs_sketch)
    with pytest.raises(S2CError, match="cannot write"):
        save_photo_png(result, tmp_path / "missing_folder" / "photo.png")
    out = tmp_path / "out"
    out.mkdir()
    existing = out / "keep.png"
    existing.write_bytes(b"previous photo")
    broken = ColorizeResult(photo=Image.new("RGB", (0, 0)), sketch=result.sketch, latency_ms=0, provider="x")
    with pytest.raises((S2CError, ValueError, SystemError)):
        save_photo_png(broken, existing)
    assert existing.read_bytes() == b"previous photo"  # the old file is untouched …
    assert sorted(os.listdir(out)) == ["keep.png"]  # … and no temporary file is left


def test_colorizer_is_usable_from_threads(colorizer: Colorizer, cufs_sketch: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    reference = np.asarray(colorizer.colorize(cufs_sketch).photo)
    with ThreadPoolExecutor(max_workers=2) as pool:
        photos = list(pool.map(lambda _: np.asarray(colorizer.colorize(cufs_sketch).photo), range(4)))
    assert all(np.array_equal(photo, reference) for photo in photos)


def test_warm_up_runs_the_whole_pipeline(colorizer: Colorizer) -> None:
    assert colorizer.warm_up() > 0
    assert colorizer.warm_up(detectors=True) > 0
