"""FaceNet's stem rebuilt in Keras (training/facenet_encoder.py): the weights read from the frozen graph give
the graph's own activations, and the generator's padded stem is FaceNet on a shifted image."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from s2c_desktop.errors import S2CError

pytestmark = pytest.mark.slow  # reads the 90 MB frozen graph


@pytest.fixture(scope="module")
def face_crops(datasets: Path) -> np.ndarray:
    """Two real CUFS photos, cropped to 160×160 and prewhitened exactly as the teacher feeds FaceNet."""
    import tensorflow as tf

    from training import data
    from training.teacher import FaceNetTeacher

    pairs = data.discover_pairs([datasets / "faces" / "cufs_ar"])[:2]
    photos = data.model_targets(data.PairArrays.load(pairs).photos, 250, 200)
    return FaceNetTeacher(feature_layers=()).crop(tf.constant(photos)).numpy()


def _stem_model(size: int, grid: bool):
    import keras

    from training.facenet_encoder import load_pretrained, stem_activations

    images = keras.Input((size, size, 3))
    model = keras.Model(images, stem_activations(images, "4b", grid=grid))
    assert load_pretrained(model) == 6
    return model


def test_keras_stem_reproduces_the_frozen_graph(face_crops: np.ndarray) -> None:
    from training.teacher import FaceNetTeacher

    layers = ("InceptionResnetV1/Conv2d_2b_3x3/Relu", "InceptionResnetV1/Conv2d_4b_3x3/Relu")
    teacher = FaceNetTeacher(feature_layers=layers)
    expected = [t.numpy() for t in teacher._wrapped(face_crops)[1:]]
    got = _stem_model(160, grid=False)(face_crops)
    for name, reference in zip(("2b", "4b"), expected, strict=True):
        actual = got[name].numpy()
        assert actual.shape == reference.shape  # (2, 77, 77, 64) and (2, 17, 17, 256)
        relative = np.abs(actual - reference).max() / np.abs(reference).max()
        assert relative <= 1e-3, (name, relative)


def test_grid_stem_is_facenet_on_the_image_moved_two_pixels(face_crops: np.ndarray) -> None:
    exact = _stem_model(162, grid=False)(np.pad(face_crops, ((0, 0), (2, 0), (2, 0), (0, 0))))
    grid = _stem_model(160, grid=True)(face_crops)
    band = 3  # the border cells whose receptive field reaches a padding
    for name, scale, offset in (("2b", 2, 0), ("3b", 4, 0), ("4b", 8, 1)):
        on_grid, reference = grid[name].numpy(), exact[name].numpy()
        assert on_grid.shape[1:3] == (160 // scale, 160 // scale)
        inner = slice(band, reference.shape[1] - band)
        moved = slice(band + offset, reference.shape[1] - band + offset)
        assert np.array_equal(on_grid[:, moved, moved], reference[:, inner, inner]), name


def test_prewhiten_layer_is_the_teachers_on_the_grey_sketch() -> None:
    import tensorflow as tf

    from training.facenet_encoder import FaceNetPrewhiten
    from training.teacher import prewhiten

    rng = np.random.default_rng(0)
    sketch = rng.uniform(-1, 1, (2, 40, 32, 1)).astype(np.float32)
    sketch[1] = 0.5  # a blank page: std 0, so the floor decides
    got = FaceNetPrewhiten()(sketch).numpy()
    rgb = np.repeat((sketch + 1) * 127.5, 3, axis=-1)
    mean = rgb.mean(axis=(1, 2, 3), keepdims=True)
    floor = 1 / np.sqrt(40 * 32 * 3)
    expected = (rgb - mean) / np.maximum(rgb.std(axis=(1, 2, 3), keepdims=True), floor)
    assert np.allclose(got, expected, atol=1e-4) and np.all(got[1] == 0)
    # the teacher's own rule, at its own size, gives the same numbers
    square = rng.uniform(-1, 1, (1, 160, 160, 1)).astype(np.float32)
    teacher = prewhiten(tf, tf.constant(np.repeat((square + 1) * 127.5, 3, axis=-1))).numpy()
    assert np.allclose(FaceNetPrewhiten()(square).numpy(), teacher, atol=1e-4)


def test_stem_settings_are_checked() -> None:
    import keras

    from training.facenet_encoder import stem_activations, stem_taps

    with pytest.raises(S2CError, match="stops at one of 2b, 3b, 4b"):
        stem_activations(keras.Input((64, 64, 3)), "5a")
    with pytest.raises(S2CError, match="multiple of 8"):
        stem_taps(keras.Input((60, 48, 1)))
    taps = stem_taps(keras.Input((64, 48, 1)), "4b", downscale=2)
    assert {level: tuple(t.shape[1:]) for level, t in taps.items()} == {
        1: (16, 12, 64),
        2: (8, 6, 80),
        3: (4, 3, 256),
    }
