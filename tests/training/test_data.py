"""The data pipeline: discovery, the validation split, image modes, shapes and value ranges."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from s2c_desktop.errors import DataError
from training import data


def test_every_shared_set_keeps_a_disjoint_deterministic_validation_part(datasets: Path) -> None:
    faces = datasets / "faces"
    dirs = [faces / name for name in ("cufs_ar", "cufs_cuhk", "cufs_xm2vts")]
    pairs = data.discover_pairs(dirs)
    train, validation = data.split_pairs(pairs)
    assert len(train) + len(validation) == len(pairs) == 103 + 168 + 275
    assert {p.set_name for p in validation} == {"cufs_ar", "cufs_cuhk", "cufs_xm2vts"}
    assert not {(p.set_name, p.name) for p in train} & {(p.set_name, p.name) for p in validation}
    # Roughly 10 % per set, and the same answer on every call (hash of the name, not the order).
    for set_name in ("cufs_ar", "cufs_cuhk", "cufs_xm2vts"):
        members = [p for p in pairs if p.set_name == set_name]
        held = [p for p in validation if p.set_name == set_name]
        assert 0.04 < len(held) / len(members) < 0.18
    again = data.split_pairs(list(reversed(pairs)))[1]
    assert {p.name for p in again} == {p.name for p in validation}


def test_tiny_set_still_holds_one_pair_out(tiny_set: Path) -> None:
    train, validation = data.split_pairs(data.discover_pairs([tiny_set]))
    assert len(validation) >= 1 and len(train) >= 1


def test_model_inputs_and_epoch_arrays_have_contract_shapes_and_ranges(tiny_set: Path) -> None:
    arrays = data.PairArrays.load(data.discover_pairs([tiny_set]))
    assert arrays.sketches.shape == (4, 250, 200) and arrays.photos.shape == (4, 250, 200, 3)
    inputs = data.model_inputs(arrays.sketches, 80, 64)
    assert inputs.shape == (4, 80, 64, 1) and inputs.dtype == np.float32
    assert -1.0 <= inputs.min() < 0 < inputs.max() <= 1.0
    sketches, photos = data.epoch_arrays(arrays, 80, 64, seed=3, epoch=0, style_probability=1.0)
    assert sketches.shape == (4, 80, 64, 1) and photos.shape == (4, 80, 64, 3)
    for array in (sketches, photos):
        assert array.dtype == np.float32 and array.min() >= -1.0 and array.max() <= 1.0
    # Paper is white: the sketch's median pixel is near +1.
    assert np.median(inputs) > 0.5
    again = data.epoch_arrays(arrays, 80, 64, seed=3, epoch=0, style_probability=1.0)
    assert np.array_equal(again[0], sketches) and np.array_equal(again[1], photos)
    other_epoch = data.epoch_arrays(arrays, 80, 64, seed=3, epoch=1, style_probability=1.0)
    assert not np.array_equal(other_epoch[0], sketches)


def test_any_image_mode_and_size_is_brought_into_the_frame(tmp_path: Path) -> None:
    for kind in ("sketches", "photos"):
        (tmp_path / "mine" / kind).mkdir(parents=True)
    palette = Image.new("P", (400, 500), 0)
    palette.putpalette([255, 255, 255] * 256)
    palette.save(tmp_path / "mine" / "sketches" / "a.png")
    rgba = Image.new("RGBA", (640, 480), (10, 200, 30, 0))  # fully transparent, wide: cropped to 4:5
    rgba.save(tmp_path / "mine" / "photos" / "a.png")
    (pair,) = data.discover_pairs([tmp_path / "mine"])
    sketch = data.load_frame(pair.sketch_path, "L")
    photo = data.load_frame(pair.photo_path, "RGB")
    assert sketch.shape == (250, 200) and sketch.min() == 255
    assert photo.shape == (250, 200, 3) and photo.min() == 255  # transparency is paper


def test_bad_folders_and_files_give_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="needs sketches/ and photos/"):
        data.discover_pairs([tmp_path])
    for kind in ("sketches", "photos"):
        (tmp_path / kind).mkdir()
    Image.new("L", (200, 250), 255).save(tmp_path / "sketches" / "x.png")
    Image.new("RGB", (200, 250)).save(tmp_path / "photos" / "y.png")
    with pytest.raises(DataError, match="no sketch has a photo of the same name"):
        data.discover_pairs([tmp_path])
    broken = tmp_path / "photos" / "x.png"
    broken.write_bytes(b"not an image")
    with pytest.raises(DataError, match="cannot read image"):
        data.load_frame(broken, "RGB")


def test_greyscale_photos_can_be_left_out_of_training(tiny_set: Path) -> None:
    pairs = data.discover_pairs([tiny_set])
    arrays = data.PairArrays.load(pairs)
    grey = arrays.photos[1].mean(axis=-1, keepdims=True).round().astype(np.uint8)
    noise = np.random.default_rng(0).integers(-1, 2, size=arrays.photos[1].shape)  # JPEG-like channel noise
    arrays.photos[1] = np.clip(grey.astype(int) + noise, 0, 255).astype(np.uint8)
    kept, dropped = arrays.without_greyscale_photos()
    assert dropped == [pairs[1]]
    assert kept.pairs == [pairs[0], *pairs[2:]]
    assert len(kept.sketches) == len(kept.photos) == len(pairs) - 1
    assert not any(data.is_greyscale(photo) for photo in kept.photos)
