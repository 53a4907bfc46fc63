"""The ``hints`` input: the card check both ways, the warp with the sketch's own transform, the tensor,
errors.

The hint test model (tests/engine/tiny_model.py) paints each hint's colour onto the sketch, so where a hint
lands in the photo is exactly where the model received it.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image

from s2c_desktop.engine import framing
from s2c_desktop.engine.colorizer import Colorizer
from s2c_desktop.engine.fitting import _warp, eye_alignment_matrix, fit_sketch
from s2c_desktop.engine.hints import NO_HINTS, hint_colours, hints_tensor, load_hints, warp_hints
from s2c_desktop.errors import InputError, ModelError
from tests.engine.tiny_model import hints_card_entry, write_card, write_tiny_hints_model

RED = (230, 20, 40)


@pytest.fixture(scope="module")
def hints_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_tiny_hints_model(tmp_path_factory.mktemp("hints_model"))


@pytest.fixture(scope="module")
def hint_colorizer(hints_model: Path) -> Colorizer:
    return Colorizer(hints_model, device="cpu")


def _sketch_with_feature(size: tuple[int, int], feature: tuple[int, int], radius: int) -> np.ndarray:
    """White paper, a dark dot (the "feature": an iris), and a drawn outline so trimming has a drawing to
    find."""
    width, height = size
    sketch = np.full((height, width), 255, np.uint8)
    cv2.ellipse(
        sketch, (width // 2, height // 2), (width // 3, height // 3), 0, 0, 360, 60, max(2, width // 150)
    )
    cv2.circle(sketch, feature, radius, 0, -1)
    return sketch


def _hint_dot(size: tuple[int, int], centre: tuple[int, int], radius: int, colour=RED) -> np.ndarray:
    width, height = size
    layer = np.zeros((height, width, 4), np.uint8)
    cv2.circle(layer, centre, radius, (*colour, 255), -1)
    return layer


def _centroid(mask: np.ndarray) -> np.ndarray:
    rows, cols = np.nonzero(mask)
    assert rows.size, "nothing found"
    return np.array([cols.mean(), rows.mean()])


def _weighted_centroid(weights: np.ndarray) -> np.ndarray:
    rows, cols = np.indices(weights.shape)
    return np.array([(cols * weights).sum(), (rows * weights).sum()]) / weights.sum()


def _red_in_photo(photo: Image.Image) -> np.ndarray:
    rgb = np.asarray(photo).astype(int)
    return (rgb[:, :, 0] > 150) & (rgb[:, :, 1] < 90) & (rgb[:, :, 2] < 110)


def _dark_near(sketch: Image.Image, around: np.ndarray, window: int = 12) -> np.ndarray:
    gray = np.asarray(sketch)
    x, y = (int(round(v)) for v in around)
    box = gray[max(0, y - window) : y + window, max(0, x - window) : x + window]
    return _centroid(box < 100) + [max(0, x - window), max(0, y - window)]


# --- the model and its card ------------------------------------------------------------------------------


def test_hints_model_is_recognised(hint_colorizer: Colorizer, colorizer: Colorizer) -> None:
    assert hint_colorizer.accepts_hints and hint_colorizer.card["hints"]["channels"] == "RGB + mask"
    assert not colorizer.accepts_hints  # the sketch-only tiny model, like today's bundled v2


def test_card_and_graph_must_agree_on_hints(hints_model: Path, tiny_model: Path, tmp_path: Path) -> None:
    graph_with_hints = tmp_path / "with" / hints_model.name
    graph_with_hints.parent.mkdir()
    shutil.copy(hints_model, graph_with_hints)
    write_card(graph_with_hints)  # a card without the "hints" key
    with pytest.raises(ModelError, match="has a second input 'hints' that its card does not declare"):
        Colorizer(graph_with_hints, device="cpu")

    sketch_only = tmp_path / "without" / tiny_model.name
    sketch_only.parent.mkdir()
    shutil.copy(tiny_model, sketch_only)
    write_card(sketch_only, hints=hints_card_entry())
    with pytest.raises(ModelError, match="card declares a 'hints' input that the model does not have"):
        Colorizer(sketch_only, device="cpu")

    write_card(graph_with_hints, hints={**hints_card_entry(), "shape": [None, 256, 208, 4]})
    with pytest.raises(ModelError, match="is 160×128, but its card says 256×208"):
        Colorizer(graph_with_hints, device="cpu")
    write_card(graph_with_hints, hints={**hints_card_entry(), "name": "colours"})
    with pytest.raises(ModelError, match="declares a 'colours' input"):
        Colorizer(graph_with_hints, device="cpu")


def test_hints_input_of_the_wrong_shape_is_refused(tmp_path: Path) -> None:
    import onnx
    from onnx import TensorProto, helper

    from tests.engine.tiny_model import IR_VERSION, OPSET

    nodes = [
        helper.make_node("Add", ["sketch", "hints"], ["photo"]),
    ]
    graph = helper.make_graph(
        nodes,
        "rgb_hints",
        [
            helper.make_tensor_value_info("sketch", TensorProto.FLOAT, ["N", 160, 128, 1]),
            helper.make_tensor_value_info("hints", TensorProto.FLOAT, ["N", 160, 128, 3]),
        ],
        [helper.make_tensor_value_info("photo", TensorProto.FLOAT, ["N", 160, 128, 3])],
    )
    path = tmp_path / "rgb_hints.onnx"
    onnx.save(
        helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)], ir_version=IR_VERSION), path
    )
    write_card(path, hints=hints_card_entry())
    with pytest.raises(
        ModelError, match=r"hints shape \['N', 160, 128, 3\]; expected NHWC \[N, 160, 128, 4\]"
    ):
        Colorizer(path, device="cpu")


# --- the warp: a hint lands where the sketch's feature lands ----------------------------------------------


@pytest.mark.parametrize(
    "size, feature, fit",
    [
        ((800, 1000), (300, 500), "auto"),  # the canvas paper: "framed", a plain 4× reduction
        ((900, 600), (520, 250), "none"),  # landscape scan, letterboxed
        ((900, 600), (520, 250), "auto"),  # landscape scan, trimmed and placed
        ((120, 150), (40, 70), "auto"),  # a small drawing, enlarged
    ],
)
def test_hint_dot_lands_on_the_sketch_feature(
    hint_colorizer: Colorizer, size: tuple[int, int], feature: tuple[int, int], fit: str
) -> None:
    radius = max(3, size[0] // 60)
    sketch = _sketch_with_feature(size, feature, radius)
    # The hint is bigger than the feature, so it survives the reduction to the model's 160×128.
    result = hint_colorizer.colorize(sketch, hints=_hint_dot(size, feature, radius * 2), fit=fit)
    landed = _centroid(_red_in_photo(result.photo))
    feature_in_frame = _dark_near(result.sketch, landed)
    assert np.abs(landed - feature_in_frame).max() <= 1.0, (landed, feature_in_frame, result.metadata["fit"])


def test_rotated_fit_moves_the_hints_with_the_sketch() -> None:
    # A tilted head: the similarity transform that levels the eyes turns the hint layer the same way.
    size = (600, 750)
    left_eye, right_eye = (200.0, 330.0), (380.0, 270.0)
    sketch = np.full((size[1], size[0]), 255, np.uint8)
    layer = np.zeros((size[1], size[0], 4), np.uint8)
    for eye in (left_eye, right_eye):
        centre = (int(eye[0]), int(eye[1]))
        cv2.circle(sketch, centre, 9, 0, -1)
        cv2.circle(layer, centre, 9, (*RED, 255), -1)
    matrix = eye_alignment_matrix(left_eye, right_eye)
    warped_sketch = _warp(sketch, matrix)  # exactly what fitting does to a sketch with a detected face
    frame_hints = warp_hints(load_hints(layer), matrix)
    for target in (framing.LEFT_EYE, framing.RIGHT_EYE):
        x, y = (int(v) for v in target)
        window = (slice(y - 10, y + 10), slice(x - 10, x + 10))
        ink = _weighted_centroid(255.0 - warped_sketch[window])
        hint = _weighted_centroid(frame_hints[window][:, :, 3])
        assert np.abs(ink - hint).max() <= 0.25
        assert np.abs(hint + [x - 10, y - 10] - np.array(target)).max() <= 1.0


def test_hint_colour_is_never_blended_with_transparent_black() -> None:
    # 900 px wide → 200 → 128: every edge pixel of the dot is partly covered. Premultiplied resampling keeps
    # the hint's own colour there; resampling straight RGBA would darken the rim towards black.
    size = (900, 1125)
    layer = load_hints(_hint_dot(size, (450, 560), 14))
    fitted = fit_sketch(np.full((size[1], size[0]), 255, np.uint8), "auto")
    tensor = hints_tensor(warp_hints(layer, fitted.matrix), 160, 128)
    mask = tensor[:, :, 3] == 1.0
    assert mask.sum() >= 4
    expected = np.array(RED, np.float32) / 127.5 - 1
    assert np.abs(tensor[mask, :3] - expected).max() < 1e-5
    assert not tensor[~mask].any()  # RGB is 0 where the mask is 0
    assert set(np.unique(tensor[:, :, 3])) <= {0.0, 1.0}


def test_half_opaque_counts_as_a_hint_less_does_not() -> None:
    layer = np.zeros((40, 32, 4), np.uint8)
    layer[5, 5] = (10, 200, 30, 128)
    layer[6, 6] = (10, 200, 30, 127)
    loaded = load_hints(layer)
    assert loaded.rgba[5, 5].tolist() == [10, 200, 30, 255]
    assert loaded.rgba[6, 6].tolist() == [0, 0, 0, 0]
    assert hint_colours(loaded) == [((10, 200, 30), 1)]


# --- the pipeline ------------------------------------------------------------------------------------------


def test_provenance_records_the_hint_layer(hint_colorizer: Colorizer, tmp_path: Path) -> None:
    size = (400, 500)
    sketch = _sketch_with_feature(size, (150, 250), 5)
    hints_file = tmp_path / "hints.png"
    Image.fromarray(_hint_dot(size, (150, 250), 12), "RGBA").save(hints_file)
    with_hints = hint_colorizer.colorize(sketch, hints=hints_file)
    assert with_hints.metadata["hints_sha256"] == hashlib.sha256(hints_file.read_bytes()).hexdigest()
    assert with_hints.metadata["hints"] == "hints.png"
    without = hint_colorizer.colorize(sketch)
    assert without.metadata["hints"] == without.metadata["hints_sha256"] == NO_HINTS
    assert not _red_in_photo(without.photo).any()
    transparent = hint_colorizer.colorize(sketch, hints=np.zeros((500, 400, 4), np.uint8))
    assert transparent.metadata["hints_sha256"] == NO_HINTS  # an empty layer is no hints
    assert np.array_equal(np.asarray(transparent.photo), np.asarray(without.photo))


def test_batch_takes_one_layer_for_all_or_one_per_sketch(hint_colorizer: Colorizer) -> None:
    size = (400, 500)
    sketches = [_sketch_with_feature(size, (150, 250), 5), _sketch_with_feature(size, (250, 200), 5)]
    shared = _hint_dot(size, (150, 250), 12)
    both = hint_colorizer.colorize_batch(sketches, hints=shared)
    assert all(_red_in_photo(result.photo).any() for result in both)
    mixed = hint_colorizer.colorize_batch(sketches, hints=[None, shared])
    assert [_red_in_photo(result.photo).any() for result in mixed] == [False, True]
    single = hint_colorizer.colorize(sketches[1], hints=shared)
    assert np.abs(np.asarray(single.photo, int) - np.asarray(mixed[1].photo, int)).max() <= 1
    with pytest.raises(InputError, match="1 hint layers for 2 sketches"):
        hint_colorizer.colorize_batch(sketches, hints=[shared])


def test_model_without_hints_input_refuses_hints(colorizer: Colorizer) -> None:
    sketch = _sketch_with_feature((400, 500), (150, 250), 5)
    with pytest.raises(
        ModelError, match=r"^model s2c_tiny takes no colour hints \(it has no 'hints' input\)$"
    ):
        colorizer.colorize(sketch, hints=_hint_dot((400, 500), (150, 250), 10))
    # A transparent layer says nothing: the sketch-only model still runs (the UI always passes its layer).
    result = colorizer.colorize(sketch, hints=np.zeros((500, 400, 4), np.uint8))
    assert result.metadata["hints_sha256"] == NO_HINTS


def test_bad_hint_layers_are_one_line_errors(hint_colorizer: Colorizer, tmp_path: Path) -> None:
    sketch = _sketch_with_feature((400, 500), (150, 250), 5)
    with pytest.raises(InputError, match=r"colour hints <array> are 200×250, but sketch <array> is 400×500"):
        hint_colorizer.colorize(sketch, hints=_hint_dot((200, 250), (50, 50), 5))
    opaque = tmp_path / "opaque.png"
    Image.new("RGB", (400, 500), "white").save(opaque)
    with pytest.raises(
        InputError, match=r"opaque\.png: colour hints need transparency \(RGBA\); this image is RGB"
    ):
        hint_colorizer.colorize(sketch, hints=opaque)
    with pytest.raises(InputError, match=r"H×W×4 RGBA array, not shape \(500, 400, 3\)"):
        hint_colorizer.colorize(sketch, hints=np.zeros((500, 400, 3), np.uint8))
    text = tmp_path / "hints.png"
    text.write_text("not an image")
    with pytest.raises(InputError, match="a text file, not an image"):
        hint_colorizer.colorize(sketch, hints=text)
    with pytest.raises(InputError, match="cannot use a int as colour hints"):
        hint_colorizer.colorize(sketch, hints=7)  # type: ignore[arg-type]


def test_pil_and_array_layers_agree(hint_colorizer: Colorizer) -> None:
    sketch = _sketch_with_feature((400, 500), (150, 250), 5)
    layer = _hint_dot((400, 500), (150, 250), 12)
    from_array = hint_colorizer.colorize(sketch, hints=layer)
    from_image = hint_colorizer.colorize(sketch, hints=Image.fromarray(layer, "RGBA"))
    assert np.array_equal(np.asarray(from_array.photo), np.asarray(from_image.photo))
    assert from_array.metadata["hints_sha256"] == from_image.metadata["hints_sha256"] != NO_HINTS


def test_a_kept_layer_is_warped_once_per_transform(hint_colorizer: Colorizer) -> None:
    # Live mode colorizes after every stroke while the hints stay the same: the tab keeps its HintLayer.
    layer = load_hints(_hint_dot((800, 1000), (300, 500), 12))
    fitted = fit_sketch(np.full((1000, 800), 255, np.uint8), "auto")
    first = warp_hints(layer, fitted.matrix)
    assert warp_hints(layer, fitted.matrix) is first and not first.flags.writeable
    sketch = _sketch_with_feature((800, 1000), (300, 500), 6)
    kept = [hint_colorizer.colorize(sketch, hints=layer) for _ in range(2)]
    fresh = hint_colorizer.colorize(sketch, hints=_hint_dot((800, 1000), (300, 500), 12))
    assert all(np.array_equal(np.asarray(r.photo), np.asarray(fresh.photo)) for r in kept)
