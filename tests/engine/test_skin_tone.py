"""The skin-tone anchor (ADR 0017): which hints are skin, how the photo's skin moves, and the pipeline's use
of it.

The pipeline tests use the hint test model (tests/engine/tiny_model.py), which paints each hint onto a tinted
copy of the sketch: on blank paper its photo is one flat light tone, a face with no features, so the anchor's
effect is the only change.
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from s2c_desktop.engine import framing, skin_tone
from s2c_desktop.engine.colorizer import Colorizer
from s2c_desktop.engine.hints import load_hints, warp_hints
from tests.engine.tiny_model import write_tiny_hints_model

MONK_7 = (0x82, 0x5C, 0x43)
RED = (230, 20, 40)
BLUE_EYE = (60, 110, 170)
LIGHT_SKIN = (222, 184, 160)
BACKGROUND = (112, 122, 140)
MONK_10 = (0x29, 0x24, 0x20)
BLOND = (0xC9, 0xA6, 0x6B)


def _lab(rgb: tuple[int, int, int]) -> np.ndarray:
    return skin_tone.to_lab(np.array([rgb], np.uint8))[0]


def _delta_e(lab_a: np.ndarray, lab_b: np.ndarray) -> float:
    return float(np.linalg.norm(np.asarray(lab_a, np.float64) - np.asarray(lab_b, np.float64)))


def _frame_layer(*dots: tuple[tuple[int, int], tuple[int, int, int]], radius: int = 4) -> np.ndarray:
    layer = np.zeros((framing.FRAME_HEIGHT, framing.FRAME_WIDTH, 4), np.uint8)
    for centre, colour in dots:
        cv2.circle(layer, centre, radius, (*colour, 255), -1)
    return layer


def _frame_hints(layer: np.ndarray) -> np.ndarray:
    """The layer as the engine hands it to the anchor: warped into the frame, premultiplied."""
    return warp_hints(load_hints(layer), None)


def _face_photo() -> np.ndarray:
    """A light face on a blue-grey background: the oval lit from above (forehead lighter than the jaw)."""
    photo = np.zeros((framing.FRAME_HEIGHT, framing.FRAME_WIDTH, 3), np.uint8)
    photo[:] = BACKGROUND
    shade = np.linspace(1.06, 0.9, framing.FRAME_HEIGHT)[:, None, None]
    face = np.clip(np.array(LIGHT_SKIN, np.float32) * shade, 0, 255).astype(np.uint8)
    inside = np.zeros(photo.shape[:2], np.uint8)
    (cx, cy), (ax, ay) = skin_tone.FACE_OVAL
    cv2.ellipse(inside, (int(cx), int(cy)), (int(ax), int(ay)), 0, 0, 360, 1, -1)
    photo[inside == 1] = np.broadcast_to(face, photo.shape)[inside == 1]
    return photo


# --- which hints are skin ----------------------------------------------------------------------------------


def test_no_hints_and_hints_off_the_skin_give_no_target() -> None:
    assert skin_tone.witness_skin(None) is None
    assert skin_tone.witness_skin(_frame_hints(_frame_layer())) is None
    eyes_hair_lips = _frame_layer(
        ((75, 126), BLUE_EYE),
        ((125, 126), BLUE_EYE),
        ((100, 38), (20, 16, 14)),
        ((100, 186), (150, 60, 70)),
        ((100, 246), (20, 40, 160)),
    )
    assert skin_tone.witness_skin(_frame_hints(eyes_hair_lips)) is None


def test_a_colour_that_cannot_be_skin_is_not_taken_for_it() -> None:
    scar_and_tattoo = _frame_layer(((70, 160), RED), ((130, 160), (30, 60, 200)), ((100, 150), (40, 180, 60)))
    assert skin_tone.witness_skin(_frame_hints(scar_and_tattoo)) is None


def test_skin_dots_give_their_colour_and_other_dots_do_not_count() -> None:
    layer = _frame_layer(
        ((100, 152), MONK_7), ((100, 200), MONK_7), ((75, 126), BLUE_EYE), ((100, 38), (20, 16, 14))
    )
    target = skin_tone.witness_skin(_frame_hints(layer))
    assert target is not None and np.abs(target - _lab(MONK_7)).max() < 0.5
    assert skin_tone.describe(target).startswith("L*a*b* ") and skin_tone.describe(None) == "none"


def test_every_monk_tone_and_a_greyscale_skin_count_as_skin() -> None:
    from s2c_desktop.engine.hints import MONK_SKIN_TONES

    tones = [tuple(int(code[i : i + 2], 16) for i in (1, 3, 5)) for code in MONK_SKIN_TONES] + [
        (150, 150, 150)
    ]
    for tone in tones:
        assert skin_tone.witness_skin(_frame_hints(_frame_layer(((100, 152), tone)))) is not None, tone


# --- the shift ---------------------------------------------------------------------------------------------


def test_the_skin_moves_to_the_target_and_keeps_its_shading() -> None:
    photo = _face_photo()
    target = _lab(MONK_7)
    out = skin_tone.anchor_skin(photo, target)
    assert _delta_e(skin_tone.skin_reference(out), target) < 2.0
    lab_in, lab_out = skin_tone.to_lab(photo), skin_tone.to_lab(out)
    forehead, jaw = (92, 100), (200, 100)
    assert (
        lab_out[forehead][0] - lab_out[jaw][0] > 0.5 * (lab_in[forehead][0] - lab_in[jaw][0]) > 0
    )  # still lit
    corner = (5, 5)
    assert np.array_equal(out[corner], photo[corner])  # the background is not skin


def _strokes_layer(
    colour: tuple[int, int, int], *strokes: list[tuple[int, int]], width: int = 6
) -> np.ndarray:
    layer = np.zeros((framing.FRAME_HEIGHT, framing.FRAME_WIDTH, 4), np.uint8)
    for polyline in strokes:
        cv2.polylines(layer, [np.array(polyline, np.int32)], False, (*colour, 255), width)
    return layer


def _lit_face_photo() -> np.ndarray:
    """A face lit strongly from above: the jaw and chin far darker than the cheeks the probes read."""
    photo = _face_photo()
    shade = np.linspace(1.12, 0.55, framing.FRAME_HEIGHT)[:, None, None]
    lit = np.clip(np.array(LIGHT_SKIN, np.float32) * shade, 0, 255).astype(np.uint8)
    face = np.all(photo != BACKGROUND, axis=2)
    photo[face] = np.broadcast_to(lit, photo.shape)[face]
    return photo


JAW_AND_CHIN = ([(72, 170), (70, 190)], [(128, 170), (130, 190)], [(88, 214), (112, 214)])


def test_the_places_painted_take_the_painted_tone() -> None:
    """The witness paints the jaw and chin (ADR 0017 addendum 2): the photo's colour there becomes the tone,
    not the colour of the cheeks higher up, which the probes read."""
    photo, layer = _lit_face_photo(), _strokes_layer(MONK_7, *JAW_AND_CHIN)
    out, target = skin_tone.anchor(photo, _frame_hints(layer))
    assert target is not None and _delta_e(target, _lab(MONK_7)) < 0.5
    painted = layer[..., 3] > 0
    assert _delta_e(np.median(skin_tone.to_lab(out)[painted], axis=0), target) < 1.5
    assert _delta_e(np.median(skin_tone.to_lab(photo)[painted], axis=0), target) > 10  # it did move


def test_hair_paint_inside_the_face_oval_is_not_read_as_skin() -> None:
    """Blond bangs painted across the forehead (a skin-like hue) are not where the skin is read."""
    bangs = _strokes_layer(BLOND, [(60, 78), (100, 72), (140, 78)], width=12)
    skin = _strokes_layer(MONK_7, *JAW_AND_CHIN)
    layer = np.where(skin[..., 3:] > 0, skin, bangs)
    frame_hints = _frame_hints(layer)
    target = skin_tone.witness_skin(frame_hints)
    assert target is not None and _delta_e(target, _lab(MONK_7)) < 0.5
    painted = skin_tone.painted_skin(frame_hints, target)
    assert painted is not None
    assert not painted[bangs[..., 3] > 0].any() and painted[skin[..., 3] > 0].all()


def test_a_darker_target_keeps_the_face_shading() -> None:
    """Moving a light face to Monk 10 keeps its lightness steps: the anchor never flattens the generator's
    shading (the training's recolouring rule scales them by sqrt(target L / reference L), 0.4 here)."""
    photo = _face_photo()
    out = skin_tone.anchor_skin(photo, _lab(MONK_10))
    lab_in, lab_out = skin_tone.to_lab(photo), skin_tone.to_lab(out)
    forehead, jaw = (slice(106, 115), slice(96, 105)), (slice(196, 205), slice(96, 105))
    step_in, step_out = (
        float(np.median(lab[forehead][..., 0]) - np.median(lab[jaw][..., 0])) for lab in (lab_in, lab_out)
    )
    assert step_in > 3 and step_out > 0.8 * step_in  # 8-bit RGB is coarse at L* 15: a step is ±0.5
    assert _delta_e(skin_tone.skin_reference(out), _lab(MONK_10)) < 2.0


def test_a_photo_already_of_the_target_colour_stays_as_it_is() -> None:
    photo = _face_photo()
    out = skin_tone.anchor_skin(photo, skin_tone.skin_reference(photo))
    assert np.abs(out.astype(int) - photo.astype(int)).max() <= 1


# --- the pipeline ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hint_colorizer(tmp_path_factory: pytest.TempPathFactory) -> Colorizer:
    path: Path = write_tiny_hints_model(tmp_path_factory.mktemp("anchor_model"))
    return Colorizer(path, device="cpu")


def _blank_frame() -> np.ndarray:
    return np.full((framing.FRAME_HEIGHT, framing.FRAME_WIDTH), 255, np.uint8)


def test_the_app_photo_takes_the_witness_skin_and_says_so(hint_colorizer: Colorizer) -> None:
    plain = hint_colorizer.colorize(_blank_frame(), fit="none")
    assert plain.metadata["skin_tone"] == "none"
    hinted = hint_colorizer.colorize(_blank_frame(), hints=_frame_layer(((100, 152), MONK_7)), fit="none")
    before, after = (skin_tone.skin_reference(np.asarray(r.photo)) for r in (plain, hinted))
    target = _lab(MONK_7)
    assert _delta_e(before, target) > 20  # the test model's flat light tone
    assert _delta_e(after, target) < 3.0
    assert hinted.metadata["skin_tone"] == skin_tone.describe(target)
    prepared = hint_colorizer.prepare(_blank_frame(), "none", hints=_frame_layer(((100, 152), MONK_7)))
    assert prepared.skin_painted is not None and prepared.skin_painted[152, 100]  # read where painted


def test_hints_that_are_not_skin_leave_the_face_alone(hint_colorizer: Colorizer) -> None:
    plain = np.asarray(hint_colorizer.colorize(_blank_frame(), fit="none").photo)
    eye = hint_colorizer.colorize(_blank_frame(), hints=_frame_layer(((75, 126), BLUE_EYE)), fit="none")
    assert eye.metadata["skin_tone"] == "none"
    probe_x, probe_y = skin_tone.SKIN_PROBES[1]
    assert np.array_equal(np.asarray(eye.photo)[probe_y, probe_x], plain[probe_y, probe_x])
