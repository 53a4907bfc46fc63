"""Variant rounds for the witness: nine faces, the next nine around the pick, one batch (issue 26)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from s2c_desktop.engine import framing, variant_faces, variants
from s2c_desktop.engine.variants import ROUND_SIZE, Variant, make_round
from s2c_desktop.engine.warp import SHAPE_PARAMETERS
from s2c_desktop.errors import InputError
from tests.engine.test_warp import face_drawing
from tests.engine.tiny_model import write_tiny_hints_model


@pytest.fixture(scope="module")
def hints_colorizer(tmp_path_factory: pytest.TempPathFactory):
    from s2c_desktop.engine.colorizer import Colorizer

    return Colorizer(write_tiny_hints_model(tmp_path_factory.mktemp("variant_model")), device="cpu")


def test_a_round_is_the_centre_and_eight_around_it() -> None:
    first = make_round(seed=1)
    assert len(first) == ROUND_SIZE and [v.index for v in first] == list(range(1, 10))
    assert first[0] == Variant(round=1, index=1, step=1.0, seed=1)  # the sketch as drawn, no colours
    assert all(set(v.shape) == set(SHAPE_PARAMETERS) for v in first[1:])
    assert all(-1.0 <= value <= 1.0 for v in first for value in v.shape.values())
    # With nothing hinted, the first round spreads skin over the Monk scale: eight different tones.
    assert len({v.skin for v in first[1:]}) == 8
    assert make_round(seed=1) == first  # seeded: the same round again


def test_the_next_round_steps_half_as_far_around_the_pick() -> None:
    pick = make_round(seed=2)[4]
    second = make_round(pick, seed=3)
    assert second[0].shape == pick.shape and second[0].skin == pick.skin
    assert all(v.round == 2 and v.step == 0.5 for v in second)
    for variant in second[1:]:
        for name in SHAPE_PARAMETERS:
            assert abs(variant.shape[name] - pick.shape[name]) <= 0.5 + 1e-9
        assert abs(variant.skin[0] - pick.skin[0]) <= variants.COLOUR_SPREAD["skin"][0] * 0.5 + 1e-6
    assert make_round(pick, step=0.2, seed=3)[1].step == 0.2
    with pytest.raises(InputError):
        make_round(pick, step=1.5)


def test_a_model_without_hints_gets_shape_only_variants() -> None:
    assert all(
        v.skin is None and v.hair is None and v.eyes is None for v in make_round(seed=4, colours=False)
    )


def test_variants_round_trip_through_json_and_refuse_anything_else() -> None:
    variant = make_round(seed=5)[3]
    again = Variant.from_json(variant.to_json())
    assert again.shape == pytest.approx(variant.shape, abs=1e-5)
    assert again.skin == pytest.approx(variant.skin, abs=1e-2)
    for bad in (
        [],
        {"format": "other"},
        {"format": "s2c-variant", "shape": {"ears": 1}},
        {"format": "s2c-variant", "shape": {"jaw": "big"}},
        {"format": "s2c-variant", "skin": [1, 2]},
        {"format": "s2c-variant", "step": float("nan")},
    ):
        with pytest.raises(InputError):
            Variant.from_json(bad)


def test_colours_become_hints_where_the_generator_reads_them() -> None:
    variant = Variant(skin=(60.0, 15.0, 25.0), eyes=(40.0, -10.0, -30.0))
    witness = np.zeros((framing.FRAME_HEIGHT, framing.FRAME_WIDTH, 4), np.uint8)
    witness[92, 100] = (250, 250, 250, 255)  # the witness's own skin hint: replaced by the variant's
    witness[40, 100] = (200, 0, 0, 255)  # a hair hint: kept (the variant sets no hair)
    layer = variant_faces.colour_frame(variant, witness)
    skin = tuple(int(v) for v in layer[92, 100, :3])
    assert skin == variants.to_rgb(variant.skin)
    assert tuple(layer[126, 75, :3]) == variants.to_rgb(variant.eyes)
    assert tuple(layer[40, 100]) == (200, 0, 0, 255)
    start = variant_faces.start_from_hints(layer)  # read back: the colours the witness already gave
    assert start.skin == pytest.approx(variant.skin, abs=2.5)  # 8-bit RGB in between
    assert start.eyes == pytest.approx(variant.eyes, abs=2.5)


def test_nine_variants_run_as_one_batch(hints_colorizer, tmp_path: Path) -> None:
    sketch = tmp_path / "face.png"
    Image.fromarray(face_drawing(4)).save(sketch)
    base = variant_faces.prepare_round(hints_colorizer, sketch)
    round_ = make_round(seed=6)
    results, elapsed_ms = variant_faces.run_round(hints_colorizer, base, round_)
    assert len(results) == ROUND_SIZE and elapsed_ms > 0
    assert len({r.metadata["model_ms"] for r in results}) == 1  # one model run shared by the nine
    assert results[0].metadata["hints"] == "none"  # the centre of round 1: the sketch as it is
    # Colours reach the model as hints at their places (the hint model paints them; no skin, so no anchor).
    blue_eyes = Variant(eyes=(40.0, 10.0, -45.0), index=2)
    results, _ = variant_faces.run_round(hints_colorizer, base, [round_[0], blue_eyes])
    photo = np.asarray(results[1].photo).astype(int)
    eye = variants.to_rgb(blue_eyes.eyes)
    x, y = (int(v) for v in framing.LEFT_EYE)
    assert np.abs(photo[y - 1 : y + 2, x - 1 : x + 2] - eye).sum(axis=2).min() < 12
    sketches = [variant_faces.variant_inputs(base, v)[0] for v in round_]
    assert not np.array_equal(sketches[0], sketches[1])  # the shape changed the sketch itself


def test_aplicar_warps_the_sketch_and_writes_the_colours_into_its_layer() -> None:
    paper = face_drawing(4)  # the canvas' 800×1000 paper, fitted by a quarter scale
    matrix = np.array([[0.25, 0, 0], [0, 0.25, 0]])
    variant = Variant(shape={"jaw": 1.0, "nose_length": -1.0}, hair=(30.0, 5.0, 10.0))
    warped, layer = variant_faces.apply_to_sketch(variant, paper, None, matrix)
    assert warped.shape == paper.shape and not np.array_equal(warped, paper)
    assert layer is not None and layer.shape == (*paper.shape, 4)
    hair = variant_faces.HAIR_SPOTS[0]
    assert tuple(layer[int(hair[1] * 4), int(hair[0] * 4), :3]) == variants.to_rgb(variant.hair)
    unchanged, no_layer = variant_faces.apply_to_sketch(Variant(), paper, None, matrix)
    assert np.array_equal(unchanged, paper) and no_layer is None
