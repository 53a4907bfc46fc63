"""The colour measures score the photo the app shows (after the skin-tone anchor) and the generator's own
beside it."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

from s2c_desktop.engine.colorizer import Colorizer
from s2c_desktop.engine.framing import FRAME_HEIGHT, FRAME_WIDTH
from tests.engine.tiny_model import write_tiny_hints_model
from training import measures
from training.evaluate import OnnxGenerator
from training.report import GENERATOR_COLOUR_KEYS


def test_colour_report_gives_the_app_photo_and_the_generator_alone(tmp_path: Path) -> None:
    model = write_tiny_hints_model(tmp_path)
    sketches = np.full((2, FRAME_HEIGHT, FRAME_WIDTH), 255, np.uint8)  # blank paper: a flat light photo
    photos = np.zeros((2, FRAME_HEIGHT, FRAME_WIDTH, 3), np.uint8)
    photos[0], photos[1] = (150, 100, 70), (90, 60, 45)  # two darker skins than the test model's light tone
    generator = OnnxGenerator(model)
    report = measures.colour_report(generator, sketches, photos, generator(sketches))
    assert set(GENERATOR_COLOUR_KEYS) <= report.keys()
    assert report["skin_de_true_hints"] < 3.0 < 20.0 < report["skin_de_true_hints_generator"]
    assert report["skin_de_monk7_hints"] < 3.0 < report["skin_de_monk7_hints_generator"]

    # What the evaluation scores is what the app shows for the same sketch and hint layer (the dots themselves
    # differ by a pixel of their edge: the two resample the layer to the model's size differently).
    layers = measures.true_hint_layers(photos)
    app = np.asarray(Colorizer(model, device="cpu").colorize(sketches[0], hints=layers[0], fit="none").photo)
    scored = generator(sketches[:1], layers[:1])[0]
    off_the_dots = cv2.dilate(layers[0][..., 3], np.ones((9, 9), np.uint8)) == 0
    assert np.abs(app.astype(int) - scored.astype(int))[off_the_dots].max() <= 2


def test_the_generator_alone_is_the_unanchored_photo(tmp_path: Path) -> None:
    model = write_tiny_hints_model(tmp_path)
    sketch = np.full((1, FRAME_HEIGHT, FRAME_WIDTH), 255, np.uint8)
    layer = measures.monk7_hint_layers(1)
    generator = OnnxGenerator(model)
    alone, anchored = generator(sketch, layer, anchored=False), generator(sketch, layer)
    assert not np.array_equal(alone, anchored)
    plain = np.asarray(Colorizer(model, device="cpu").colorize(sketch[0], fit="none").photo)
    x, y = 70, 160  # a cheek: no hint dot there, so the generator alone shows the flat tone it shows unhinted
    assert np.array_equal(alone[0, y, x], plain[y, x])
