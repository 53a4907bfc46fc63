"""Generator v4 (issue 24): stroke hints inside their region in the region's colour, the consistency and
imprint losses, the grid-free output, the recipe and the stroke protocol."""

from __future__ import annotations

import tomllib
from pathlib import Path

import numpy as np
import pytest

from s2c_desktop.engine.skin_tone import to_lab
from s2c_desktop.errors import S2CError
from tests.training.conftest import link_set, write_tiny_stroke_recipe
from training import data, strokes
from training.recolor import delta_e


@pytest.fixture
def frame_photos(tiny_set: Path) -> np.ndarray:
    return data.PairArrays.load(data.discover_pairs([tiny_set])).photos


def test_strokes_stay_inside_their_region_and_take_its_colour_not_the_pixel_under_them(
    frame_photos: np.ndarray,
) -> None:
    rng = np.random.default_rng(7)
    for photo in frame_photos:
        masks = strokes.region_masks(photo)
        for _ in range(5):
            painted = strokes.sample_strokes(photo, rng, must_include=strokes.REGION_NAMES, masks=masks)
            photo_lab = to_lab(photo)
            for index, name in enumerate(strokes.REGION_NAMES):
                footprint = painted.regions == index + 1
                if not footprint.any():
                    continue
                assert not (footprint & ~masks[name]).any(), f"a {name} stroke left its region"
                colours = np.unique(painted.layer[footprint][:, :3], axis=0)
                assert len(colours) == 1, "one region, one witness colour"
                stroke_lab = to_lab(colours.astype(np.uint8))[0]
                region_lab = np.median(photo_lab[masks[name]], axis=0)
                assert delta_e(stroke_lab, region_lab) < 12, "the stroke carries the region's colour"
            assert (painted.layer[..., 3] > 0).sum() == (painted.regions > 0).sum()


def test_a_stroke_is_not_the_colour_under_it(frame_photos: np.ndarray) -> None:
    # The chin under a chin band is darker than the face's colour: the stroke keeps the face's colour.
    rng = np.random.default_rng(3)
    photo = frame_photos[0]
    masks = strokes.region_masks(photo)
    band = strokes.draw_stroke(masks["skin"], rng, "skin", kind="fill")
    colour = np.array(strokes.region_colour(photo, masks["skin"], rng))
    under = photo[band].astype(np.float64)
    assert np.abs(under - colour).mean(axis=1).std() > 0, (
        "the pixels under the stroke vary; the stroke does not"
    )


def test_no_hints_for_a_share_of_samples_and_any_subset_of_regions(frame_photos: np.ndarray) -> None:
    rng = np.random.default_rng(11)
    seen = [strokes.sample_strokes(frame_photos[1], rng).hinted for _ in range(60)]
    assert () in seen
    assert len(set(seen)) >= 4


def test_consistency_channels_take_one_region_away_and_keep_everything_outside_it(
    frame_photos: np.ndarray,
) -> None:
    rng = np.random.default_rng(5)
    photo = frame_photos[2]
    masks = strokes.region_masks(photo)
    painted = strokes.sample_strokes(photo, rng, must_include=("skin", "hair"), masks=masks)
    channels = strokes.consistency_channels(painted, masks, rng)
    taken, keep = channels[..., 0] > 0, channels[..., 1] > 0
    assert taken.any() and keep.any()
    assert not (taken & keep).any()
    kept_strokes = (painted.regions > 0) & ~taken
    assert kept_strokes.any(), "the other region's strokes stay in the second pass"
    empty = strokes.consistency_channels(
        strokes.StrokeHints(painted.layer * 0, painted.regions * 0), masks, rng
    )
    assert not empty[..., :2].any(), "nothing hinted: nothing taken away, no consistency"
    assert (empty[..., 2] > 0).sum() == masks["skin"].sum() and (empty[..., 3] > 0).sum() == masks[
        "hair"
    ].sum()


def test_stroke_epochs_carry_eight_channel_layers_that_the_dataset_splits(tiny_set: Path) -> None:
    arrays = data.PairArrays.load(data.discover_pairs([tiny_set]))
    sketches, layers, photos = data.epoch_examples(
        arrays, 64, 48, seed=1, epoch=0, as_uint8=True, hint_style="strokes"
    )
    assert layers.shape == (4, 64, 48, 8)
    batch = next(iter(data.dataset(sketches, photos, layers, batch_size=4, uint8=True)))
    assert [tuple(t.shape) for t in batch] == [(4, 64, 48, 1), (4, 64, 48, 3), (4, 64, 48, 4), (4, 64, 48, 4)]
    with pytest.raises(S2CError, match="hint style"):
        data.epoch_examples(arrays, 64, 48, seed=1, epoch=0, as_uint8=True, hint_style="blobs")


def test_consistency_loss_is_zero_for_identical_photos_and_positive_otherwise() -> None:
    import tensorflow as tf

    from training import losses

    rng = np.random.default_rng(0)
    photo = tf.constant(rng.uniform(-1, 1, (2, 16, 12, 3)), tf.float32)
    keep = tf.ones((2, 16, 12, 1))
    assert float(tf.reduce_max(losses.consistency_loss(photo, photo, keep))) == 0.0
    moved = photo + tf.constant(np.r_[np.zeros((1, 16, 12, 3)), np.full((1, 16, 12, 3), 0.1)], tf.float32)
    values = losses.consistency_loss(moved, photo, keep).numpy()
    assert values[0] == 0.0 and values[1] == pytest.approx(0.1, rel=1e-5)
    nowhere = tf.zeros((2, 16, 12, 1))
    assert float(tf.reduce_max(losses.consistency_loss(moved, photo, nowhere))) == 0.0


def test_imprint_loss_prices_a_stroke_copied_into_the_photo_not_a_uniform_error() -> None:
    import tensorflow as tf

    from training import losses

    truth = np.zeros((1, 32, 32, 3), np.float32)
    hints = np.zeros((1, 32, 32, 4), np.float32)
    hints[0, 14:18, 8:24] = (0.5, 0.2, 0.1, 1.0)
    uniform = truth + 0.3
    copied = truth.copy()
    copied[0, 14:18, 8:24] = (0.5, 0.2, 0.1)
    assert float(losses.imprint_loss(tf.constant(truth), tf.constant(uniform), tf.constant(hints))[0]) < 1e-6
    assert float(losses.imprint_loss(tf.constant(truth), tf.constant(copied), tf.constant(hints))[0]) > 0.2


def test_the_output_filter_turns_a_flat_input_into_a_flat_photo() -> None:
    """A spatially flat input whose four sub-pixel channels differ is the worst case of a pixel shuffle:
    without the filter it is a 2-px grid, with it the photo is flat (the filter is zero at that period)."""
    import tensorflow as tf

    from training.models import AntiAlias, DepthToSpace

    flat = tf.constant(np.tile(np.linspace(-0.5, 0.5, 12, dtype=np.float32), (1, 8, 6, 1)))
    shuffled = DepthToSpace()(flat).numpy()
    assert shuffled.std(axis=(1, 2)).max() > 0.1, "the pixel shuffle alone prints a grid"
    filtered = AntiAlias()(DepthToSpace()(flat)).numpy()
    assert filtered.std(axis=(1, 2)).max() < 1e-6


def test_a_recipe_with_an_unknown_or_repeated_key_is_one_error_line(tmp_path: Path) -> None:
    from training.recipe import read_recipe

    recipe = tmp_path / "r.toml"
    recipe.write_text('[data]\ndata_dirs = ["x"]\n[losses]\nl1_wieght = 3\n')
    with pytest.raises(S2CError, match="unknown key 'l1_wieght'"):
        read_recipe(recipe)
    recipe.write_text('[data]\ndata_dirs = ["x"]\nseed = 1\n[model]\nseed = 2\n')
    with pytest.raises(S2CError, match="given twice"):
        read_recipe(recipe)
    recipe.write_text("[data\n")
    with pytest.raises(S2CError, match="not valid TOML"):
        read_recipe(recipe)


RECIPES = sorted((Path(__file__).parents[2] / "training" / "recipes").glob("*.toml"))


def _is_blend(recipe: Path) -> bool:
    return "blend" in tomllib.loads(recipe.read_text(encoding="utf-8"))


@pytest.mark.parametrize("recipe", RECIPES, ids=[path.stem for path in RECIPES])
def test_every_recipe_names_only_known_fields(recipe: Path) -> None:
    from training.blend import read_blend_recipe
    from training.chain import STAGE_SNAPSHOT
    from training.recipe import read_recipe

    if not _is_blend(recipe):
        values = read_recipe(recipe)
        assert values["hint_style"] == "strokes" and values["anti_alias"] is True
        return
    # A blend's architecture and every part's stage are recipes of this folder (blend trains missing parts).
    blend = read_blend_recipe(recipe)
    assert read_recipe(recipe.parents[2] / blend.architecture)["anti_alias"] is True
    for snapshot, _ in blend.parts:
        assert (recipe.parent / f"{STAGE_SNAPSHOT.match(snapshot.as_posix())['stage']}.toml").is_file()


def test_a_blend_recipe_given_to_train_says_which_command_reads_it(tmp_path: Path, capsys) -> None:
    from training.__main__ import main

    blend = next(recipe for recipe in RECIPES if _is_blend(recipe))
    assert main(["train", "--recipe", str(blend), "--out", str(tmp_path / "run")]) != 0
    error = capsys.readouterr().err.strip().splitlines()
    assert error == [f"error: recipe {blend} is a blend recipe: python -m training blend --recipe {blend}"]
    assert not (tmp_path / "run").exists()


V4B_LOSSES = {"consistency_mode": "regional", "unhinted_colour_weight": 100.0, "hinted_colour_weight": 100.0}


@pytest.mark.parametrize("extra_losses", [{}, V4B_LOSSES], ids=["v4", "v4b"])
def test_one_step_of_a_tiny_stroke_recipe_trains_and_exports_with_parity(
    datasets: Path, tmp_path: Path, extra_losses: dict[str, object]
) -> None:
    from training.__main__ import main

    data_dir = link_set(datasets / "faces" / "cufs_ar", tmp_path / "tiny_ar", count=4)
    recipe = write_tiny_stroke_recipe(tmp_path / "tiny.toml", data_dir, losses=extra_losses)
    run_dir = tmp_path / "run"
    argv = [
        "train",
        "--recipe",
        str(recipe),
        "--out",
        str(run_dir),
        "--max-steps-per-epoch",
        "1",
        "--no-progress",
    ]
    assert main(argv) == 0
    header, row = (run_dir / "metrics.csv").read_text().splitlines()[:2]
    values = dict(zip(header.split(","), row.split(","), strict=True))
    assert float(values["consist"]) >= 0.0 and float(values["imprint"]) > 0.0
    assert float(values["unhinted"]) >= 0.0
    assert main(["export", str(run_dir), "--out", str(tmp_path / "m.onnx")]) == 0
    import json

    card = json.loads((tmp_path / "m.json").read_text())
    assert card["export"]["parity_max_abs_diff"] <= 1e-3


class _TruePhotos:
    """A generator stand-in that returns the true photos whatever it is told: no imprint, no coupling."""

    accepts_hints = True

    def __init__(self, photos: np.ndarray) -> None:
        self.photos = photos

    def __call__(self, sketches: np.ndarray, layers: np.ndarray | None = None) -> np.ndarray:
        return self.photos.copy()


def test_the_stroke_protocol_finds_no_imprint_or_coupling_in_the_true_photos(tiny_set: Path) -> None:
    from training import stroke_protocol

    arrays = data.PairArrays.load(data.discover_pairs([tiny_set]))
    report = stroke_protocol.run(_TruePhotos(arrays.photos), arrays.sketches, arrays.photos)
    summary = report["summary"]
    assert summary["imprint_mean_worst"] == pytest.approx(0.0, abs=1e-6)
    assert summary["hair_to_skin"] == summary["skin_to_hair"] == summary["hair_to_background"] == 0.0
    assert summary["grid_ratio"] == pytest.approx(1.0)
    assert set(report["tones"]) == {str(t) for t in range(1, 11)}
    assert set(report["hair"]) >= {"black", "blond", "red", "grey", "white", "brown"}


def test_a_model_that_paints_the_strokes_into_the_photo_shows_their_imprint(
    tiny_set: Path, tmp_path: Path
) -> None:
    """The tiny hints model (real onnxruntime) paints each hint's colour where it lands: the protocol must see
    the strokes' outline (imprint) and their colour on the strokes' area."""
    from tests.engine.tiny_model import write_tiny_hints_model
    from training import stroke_protocol
    from training.evaluate import OnnxGenerator

    arrays = data.PairArrays.load(data.discover_pairs([tiny_set]))
    painter = OnnxGenerator(write_tiny_hints_model(tmp_path))
    report = stroke_protocol.run(painter, arrays.sketches, arrays.photos)
    assert report["summary"]["imprint_mean_worst"] > 5.0
    assert all(np.isfinite(v) for v in report["summary"].values())


def test_the_grid_spike_finds_a_two_pixel_grid_and_not_a_soft_photo(frame_photos: np.ndarray) -> None:
    import cv2

    from training.stroke_protocol import grid_spike

    grid = frame_photos.astype(np.int16).copy()
    grid[:, ::2] += 12  # a 2-px column pattern
    softened = np.stack([cv2.GaussianBlur(p, (0, 0), 1.5) for p in frame_photos])
    true = grid_spike(frame_photos)
    assert grid_spike(np.clip(grid, 0, 255).astype(np.uint8)) > 3 * true
    assert grid_spike(softened) < 1.5 * true
