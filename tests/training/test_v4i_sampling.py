"""v4i's sampling (ADR 0018 addenda 7 and 8): a stroke never carries the person's own colour. The painted
regions are drawn first and a painted skin or hair is recoloured to a target that knows nothing of the person,
every Monk tone alike, so an unpainted region keeps its true colour and a painted one tells nothing about the
others."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from s2c_desktop.engine.skin_tone import to_lab
from tests.training.conftest import link_set, write_tiny_stroke_recipe
from training import data, recolor, strokes
from training.recolor import delta_e


def _one_photo_many_times(tiny_set: Path, count: int) -> data.PairArrays:
    loaded = data.PairArrays.load(data.discover_pairs([tiny_set]))
    return data.PairArrays(
        [loaded.pairs[0]] * count,
        np.repeat(loaded.sketches[:1], count, axis=0),
        np.repeat(loaded.photos[:1], count, axis=0),
    )


def _examples(pairs: data.PairArrays, recolour_painted: bool) -> tuple[np.ndarray, np.ndarray]:
    _, layers, photos = data.epoch_examples(
        pairs,
        250,
        200,
        seed=5,
        epoch=0,
        style_probability=0.0,
        jitter=False,
        as_uint8=True,
        skin_recolour=1.0,
        hair_recolour=1.0,
        recolour_targets="independent",
        hint_style="strokes",
        recolour_painted=recolour_painted,
    )
    assert layers is not None
    return layers, photos


def test_an_unpainted_skin_keeps_its_true_colour_and_a_painted_one_never_does(tiny_set: Path) -> None:
    pairs = _one_photo_many_times(tiny_set, 40)
    truth = pairs.photos[0]
    skin = strokes.region_masks(truth)["skin"]
    layers, photos = _examples(pairs, recolour_painted=True)
    painted = (layers[..., 3] >= 128) & (layers[..., 6] >= 128)
    unpainted_samples = [i for i in range(len(photos)) if not painted[i].any()]
    painted_samples = [i for i in range(len(photos)) if painted[i].any()]
    assert unpainted_samples and painted_samples, "both kinds of sample occur"
    true_skin = np.median(to_lab(truth)[skin], 0)

    def skin_moved(index: int) -> float:
        return float(delta_e(np.median(to_lab(photos[index])[skin], 0), true_skin))

    # A recoloured hair's soft edge may touch a skin pixel by one level; the skin's colour stays.
    assert max(skin_moved(i) for i in unpainted_samples) < 0.2
    assert min(skin_moved(i) for i in painted_samples) > 0.5, "a painted skin is never its own colour"


def test_without_the_switch_an_unpainted_skin_may_still_be_recoloured(tiny_set: Path) -> None:
    # The rule before v4h: skin_recolour decides the recolouring and the recoloured skin is then painted, so
    # at 1.0 every sample's skin is recoloured and painted, and no sample has an unpainted skin.
    pairs = _one_photo_many_times(tiny_set, 12)
    layers, _ = _examples(pairs, recolour_painted=False)
    painted = (layers[..., 3] >= 128) & (layers[..., 6] >= 128)
    assert all(painted[i].any() for i in range(len(layers)))


def test_independent_skin_targets_do_not_depend_on_the_photo() -> None:
    light, dark = np.array([80.0, 10.0, 15.0]), np.array([35.0, 15.0, 20.0])
    for seed in range(20):
        a = recolor.skin_target(light, np.random.default_rng(seed), "independent")
        b = recolor.skin_target(dark, np.random.default_rng(seed), "independent")
        np.testing.assert_array_equal(a, b)
    continuous = [
        recolor.skin_target(light, np.random.default_rng(seed), "continuous")
        - recolor.skin_target(dark, np.random.default_rng(seed), "continuous")
        for seed in range(20)
    ]
    assert any(np.abs(gap).max() > 0 for gap in continuous), "continuous targets half follow the photo"


def test_independent_skin_targets_cover_the_light_tones_as_often_as_the_dark() -> None:
    # v4i: the tones alike (the user-weighted draw gives Monk 1-4 a fifth of the targets; they are 40 %).
    rng = np.random.default_rng(0)
    lightness = np.array(
        [recolor.skin_target(np.array([50.0, 10.0, 15.0]), rng, "independent")[0] for _ in range(3000)]
    )
    assert 0.33 < np.mean(lightness > 84.0) < 0.47
    assert 0.25 < np.mean(lightness < 35.0) < 0.4


def test_choose_regions_is_the_default_draw_of_sample_strokes(tiny_set: Path) -> None:
    photo = data.PairArrays.load(data.discover_pairs([tiny_set])).photos[0]
    masks = strokes.region_masks(photo)
    for seed in range(10):
        drawn = strokes.sample_strokes(photo, np.random.default_rng(seed), masks=masks)
        rng = np.random.default_rng(seed)
        chosen = strokes.choose_regions(rng)
        again = strokes.sample_strokes(photo, rng, masks=masks, chosen=chosen)
        np.testing.assert_array_equal(drawn.layer, again.layer)


def test_a_recipe_with_painted_recolouring_trains_and_its_card_says_so(
    datasets: Path, tmp_path: Path
) -> None:
    from training.__main__ import main

    data_dir = link_set(datasets / "faces" / "cufs_ar", tmp_path / "tiny_ar", count=4)
    recipe = write_tiny_stroke_recipe(
        tmp_path / "v4i.toml",
        data_dir,
        hints={
            "recolour_painted": True,
            "recolour_targets": "independent",
            "skin_recolour": 1.0,
            "hair_recolour": 1.0,
        },
    )
    run_dir = tmp_path / "run"
    argv = ["train", "--recipe", str(recipe), "--out", str(run_dir), "--max-steps-per-epoch", "1"]
    assert main([*argv, "--no-progress"]) == 0
    assert main(["export", str(run_dir), "--out", str(tmp_path / "v4i.onnx")]) == 0
    card = json.loads((tmp_path / "v4i.json").read_text(encoding="utf-8"))
    recolouring = json.dumps(card)
    assert "never to the photo's own skin" in recolouring
    assert "samples with skin / hair strokes" in recolouring
