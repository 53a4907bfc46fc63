"""Generator v3's data side: colour hints sampled from the photo, recolouring, the measures (all NumPy)."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from training import data, hints, measures, recolor


@pytest.fixture
def frame_pairs(tiny_set: Path) -> data.PairArrays:
    return data.PairArrays.load(data.discover_pairs([tiny_set]))


def test_hints_take_the_photos_own_colour_and_stay_in_the_frame(frame_pairs: data.PairArrays) -> None:
    rng = np.random.default_rng(0)
    photo = frame_pairs.photos[0]
    drawn = [h for _ in range(50) for h in hints.sample_hints(photo, rng)]
    assert drawn and all(0 <= h.x < 200 and 0 <= h.y < 250 for h in drawn)
    for hint in drawn[:20]:
        size = hints.PATCH.get(hint.region, hints.DEFAULT_PATCH)
        assert hint.rgb == hints.patch_median(photo, hint.x, hint.y, size)
    assert {h.region for h in drawn} >= {"skin", "hair"}
    counts = [len(hints.sample_hints(photo, rng)) for _ in range(400)]
    assert 0.2 < np.mean(np.array(counts) == 0) < 0.4  # a good share of samples carries no hints
    assert max(counts) <= hints.MAX_HINTS


def test_model_input_follows_the_contract() -> None:
    layer = hints.render([hints.Hint("skin", 100, 92, (200, 100, 50), 3.0)])
    tensor = hints.to_model_input(layer)
    assert tensor.shape == (250, 200, 4) and tensor.dtype == np.float32
    mask = tensor[..., 3]
    assert set(np.unique(mask)) == {0.0, 1.0} and mask[92, 100] == 1.0 and mask[10, 10] == 0.0
    assert np.allclose(tensor[92, 100, :3], np.array([200, 100, 50]) / 127.5 - 1.0)
    assert np.all(tensor[mask == 0][:, :3] == 0.0)  # RGB is zero where there is no hint


def test_recolouring_moves_the_skin_to_the_target_tone_and_keeps_the_background(
    frame_pairs: data.PairArrays, monkeypatch: pytest.MonkeyPatch
) -> None:
    photo = frame_pairs.photos[0]
    monkeypatch.setattr(recolor, "MONK_WEIGHTS", np.eye(10)[6])  # always Monk tone 7
    out = recolor.recolour(photo, np.random.default_rng(1), skin=True, hair=False)
    target = recolor.hex_rgb(recolor.MONK_TONES[6])
    before = measures.skin_delta_e(photo[None], target)
    after = measures.skin_delta_e(out[None], target)
    assert after < 8.0 < before
    corner = (slice(0, 12), slice(0, 12))  # background, far from the face
    assert np.abs(out[corner].astype(int) - photo[corner].astype(int)).max() <= 2
    again = recolor.recolour(photo, np.random.default_rng(1), skin=True, hair=False)
    assert np.array_equal(out, again)  # seeded


def test_epoch_examples_hint_every_recoloured_sample_and_reproduce(frame_pairs: data.PairArrays) -> None:
    sketches, layers, photos = data.epoch_examples(frame_pairs, 64, 48, seed=3, epoch=0, as_uint8=True)
    assert (
        sketches.shape == (4, 64, 48, 1) and photos.shape == (4, 64, 48, 3) and layers.shape == (4, 64, 48, 4)
    )
    assert sketches.dtype == np.uint8
    assert set(np.unique(layers[..., 3])) <= {0, 255}  # nearest-neighbour: a hint is never half a hint
    again = data.epoch_examples(frame_pairs, 64, 48, seed=3, epoch=0, as_uint8=True)
    assert all(np.array_equal(a, b) for a, b in zip((sketches, layers, photos), again, strict=True))
    floats = data.epoch_examples(frame_pairs, 64, 48, seed=3, epoch=0)
    assert np.allclose(floats[0], sketches / 127.5 - 1.0, atol=1e-6)
    assert np.allclose(
        floats[1],
        np.concatenate(
            [(layers[..., :3] / 127.5 - 1.0) * (layers[..., 3:] >= 128), layers[..., 3:] >= 128], axis=-1
        ),
        atol=1e-6,
    )


def test_detail_ratio_is_one_for_real_photos_and_falls_with_blur(frame_pairs: data.PairArrays) -> None:
    photos = frame_pairs.photos
    assert measures.detail_ratio(photos, photos) == pytest.approx(1.0)
    blurred = np.stack([cv2.GaussianBlur(p, (0, 0), 1.0) for p in photos])
    very = np.stack([cv2.GaussianBlur(p, (0, 0), 2.0) for p in photos])
    assert measures.detail_ratio(very, photos) < measures.detail_ratio(blurred, photos) < 0.6


def test_skin_delta_e_is_zero_on_the_same_photo_and_large_across_tones(frame_pairs: data.PairArrays) -> None:
    photos = frame_pairs.photos
    assert measures.skin_delta_e(photos, photos) == pytest.approx(0.0, abs=1e-6)
    assert measures.skin_delta_e(photos, measures.MONK_7) > 10.0


def test_evaluation_skin_hints_must_spread_to_score(frame_pairs: data.PairArrays) -> None:
    photos = frame_pairs.photos[:3]
    layer = measures.monk7_hint_layers(1)[0]
    half = hints.DEFAULT_PATCH // 2
    for x, y in hints.SKIN_PROBES:  # no hint pixel inside a measured patch
        assert layer[y - half : y + half + 1, x - half : x + half + 1, 3].max() == 0
    echoed = photos.copy()  # a generator that only copies the dots back onto the face
    under = layer[..., 3] > 0
    echoed[:, under] = layer[under][:, :3]
    assert measures.skin_delta_e(echoed, measures.MONK_7) > 10.0
    painted = photos.copy()  # one that spreads the hinted tone over the skin
    for x, y in hints.SKIN_PROBES:
        painted[:, y - 8 : y + 9, x - 8 : x + 9] = measures.MONK_7
    assert measures.skin_delta_e(painted, measures.MONK_7) < 1.0
    true_layers = measures.true_hint_layers(photos)  # true hints carry the photo's own skin colour
    nose_x, nose_y = hints.EVALUATION_SKIN_HINTS[0]
    assert tuple(true_layers[0, nose_y, nose_x, :3]) == hints.skin_colour(photos[0])


def test_the_recolouring_share_is_a_setting(frame_pairs: data.PairArrays) -> None:
    def photos(skin: float) -> np.ndarray:
        return data.epoch_examples(
            frame_pairs,
            64,
            48,
            seed=5,
            epoch=0,
            as_uint8=True,
            jitter=False,
            skin_recolour=skin,
            hair_recolour=0.0,
        )[2]

    plain = data.epoch_examples(
        frame_pairs, 64, 48, seed=5, epoch=0, as_uint8=True, jitter=False, with_hints=False
    )[2]
    assert np.array_equal(photos(0.0), plain)  # nothing recoloured: the true photos
    hinted = [i for i in range(len(plain)) if not np.array_equal(photos(1.0)[i], plain[i])]
    layers = data.epoch_examples(
        frame_pairs,
        64,
        48,
        seed=5,
        epoch=0,
        as_uint8=True,
        jitter=False,
        skin_recolour=1.0,
        hair_recolour=0.0,
    )[1]
    assert hinted and all(layers[i, ..., 3].max() == 255 for i in hinted)  # every recoloured photo is hinted


def test_continuous_targets_fill_the_gaps_between_the_tones() -> None:
    # A model trained on ten tones snapped a reddish true hint (AR, a* 25) to the nearest tone (a* 5): the
    # continuous targets must cover chroma and lightness between and around the tones.
    tones = recolor.to_lab(np.array([recolor.hex_rgb(t) for t in recolor.MONK_TONES], np.uint8))
    reference = np.array([65.0, 24.0, 30.0])  # an AR photo's skin
    rng = np.random.default_rng(3)
    old = np.array([recolor.skin_target(reference, rng, "tones") for _ in range(400)])
    new = np.array([recolor.skin_target(reference, rng, "continuous") for _ in range(400)])
    gap = lambda targets: np.min(np.linalg.norm(targets[:, None, :] - tones[None], axis=-1), axis=1)  # noqa: E731
    assert np.median(gap(old)) < 4 < np.median(gap(new))  # off the ten points
    assert (recolor.delta_e(new, reference) < 12).mean() > 0.3  # the photo's own neighbourhood is a target
    assert new[:, 0].min() >= 15 and new[:, 0].max() <= 95
    with pytest.raises(ValueError, match="unknown recolouring targets"):
        recolor.skin_target(reference, rng, "palette")


def test_cli_refuses_a_recolouring_share_outside_0_to_1(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from training.__main__ import main

    with pytest.raises(SystemExit) as exit_info:
        main(["train", "--data", str(tmp_path), "--out", str(tmp_path / "run"), "--skin-recolour", "1.5"])
    assert exit_info.value.code == 2
    assert "expected a number from 0 to 1, got '1.5'" in capsys.readouterr().err
    assert not (tmp_path / "run").exists()
