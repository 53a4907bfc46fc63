"""Sketch/photo pairs: discovery, the validation split, loading into the model's size, jitter, batches.

Any folder with ``sketches/`` and ``photos/`` whose files share a name is a *set*; the set's name is the
folder's name. Images are brought into the CUFS frame (200×250, see ``s2c_desktop.engine.framing``) and
then resized to the model's H×W, so training sees exactly what the engine feeds at inference.

Jitter (documented choice): the pair is resized to ``1.12×`` the model size, a random H×W window is cut
out of both with the same offset, and both are mirrored with probability 0.5. The original study
resized 256 → 286 (1.117×); we keep its ratio so faces move by at most ~6 % of the frame.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image

from s2c_desktop.engine import tensors
from s2c_desktop.engine.framing import FRAME_HEIGHT, FRAME_WIDTH
from s2c_desktop.errors import DataError, S2CError
from s2c_desktop.imaging import open_image
from training import augment

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff", ".webp"}
JITTER_SCALE = 1.12
DEFAULT_VALIDATION_FRACTION = 0.10


@dataclass(frozen=True)
class Pair:
    set_name: str
    name: str  # file stem shared by the sketch and the photo
    sketch_path: Path
    photo_path: Path


def _images_by_stem(folder: Path) -> dict[str, Path]:
    return {p.stem: p for p in sorted(folder.iterdir()) if p.suffix.lower() in IMAGE_SUFFIXES}


def discover_pairs(data_dirs: Iterable[str | Path]) -> list[Pair]:
    """All pairs of the given sets, sorted by set then name; a sketch without its photo is skipped."""
    pairs: list[Pair] = []
    for raw in data_dirs:
        folder = Path(raw)
        sketches, photos = folder / "sketches", folder / "photos"
        if not sketches.is_dir() or not photos.is_dir():
            raise DataError(f"not a sketch/photo set (needs sketches/ and photos/): {folder}")
        by_stem = _images_by_stem(photos)
        found = [
            Pair(folder.name, stem, path, by_stem[stem])
            for stem, path in _images_by_stem(sketches).items()
            if stem in by_stem
        ]
        if not found:
            raise DataError(f"no sketch has a photo of the same name in {folder}")
        pairs.extend(found)
    return pairs


def is_validation(pair: Pair, fraction: float = DEFAULT_VALIDATION_FRACTION) -> bool:
    """Stable across machines and runs: decided by a hash of the set and file name, never by order."""
    digest = hashlib.sha256(f"{pair.set_name}/{pair.name}".encode()).digest()
    return int.from_bytes(digest[:4], "big") / 2**32 < fraction


def split_pairs(
    pairs: Sequence[Pair], fraction: float = DEFAULT_VALIDATION_FRACTION
) -> tuple[list[Pair], list[Pair]]:
    """(train, validation). Every set with at least two pairs keeps one or more pairs for validation."""
    train: list[Pair] = []
    validation: list[Pair] = []
    for set_name in dict.fromkeys(p.set_name for p in pairs):
        members = [p for p in pairs if p.set_name == set_name]
        held = [p for p in members if is_validation(p, fraction)]
        if not held and len(members) >= 2 and fraction > 0:
            # A tiny set could hash entirely into training; hold out its smallest-hash member instead.
            held = [min(members, key=lambda p: hashlib.sha256(f"{p.set_name}/{p.name}".encode()).digest())]
        held_names = {p.name for p in held}
        validation.extend(held)
        train.extend(p for p in members if p.name not in held_names)
    return train, validation


def to_frame(image: Image.Image) -> Image.Image:
    """Bring an image to the 200×250 frame: centre-crop to 4:5 if needed, then resize (never stretch)."""
    width, height = image.size
    if (width, height) == (FRAME_WIDTH, FRAME_HEIGHT):
        return image
    target = FRAME_WIDTH / FRAME_HEIGHT
    if abs(width / height - target) > 0.01:
        if width / height > target:
            new_width = round(height * target)
            left = (width - new_width) // 2
            image = image.crop((left, 0, left + new_width, height))
        else:
            new_height = round(width / target)
            top = (height - new_height) // 2
            image = image.crop((0, top, width, top + new_height))
    return image.resize((FRAME_WIDTH, FRAME_HEIGHT), Image.Resampling.LANCZOS)


def load_frame(path: Path, mode: str) -> np.ndarray:
    """uint8 frame-sized array; ``mode`` is "L" for sketches, "RGB" for photos (any stored mode accepted)."""
    try:
        framed = to_frame(open_image(path, mode))  # the app's one decoder: formats, size limit, modes
    except S2CError as exc:
        raise DataError(f"cannot read image {path}: {exc}") from exc
    return np.asarray(framed, dtype=np.uint8)


def resize(array: np.ndarray, height: int, width: int) -> np.ndarray:
    return tensors.resize_bicubic(array, height, width)


# The engine's conversions (one copy: training sees exactly what the app feeds the model).
to_unit = tensors.to_unit
from_unit = tensors.from_unit


@dataclass
class PairArrays:
    """Frame-sized uint8 images of a list of pairs, loaded once."""

    pairs: list[Pair]
    sketches: np.ndarray  # [N, 250, 200] uint8
    photos: np.ndarray  # [N, 250, 200, 3] uint8

    @classmethod
    def load(cls, pairs: Sequence[Pair]) -> PairArrays:
        if not pairs:
            raise DataError("no pairs to load")
        sketches = np.stack([load_frame(p.sketch_path, "L") for p in pairs])
        photos = np.stack([load_frame(p.photo_path, "RGB") for p in pairs])
        return cls(list(pairs), sketches, photos)

    def __len__(self) -> int:
        return len(self.pairs)

    def without_greyscale_photos(self) -> tuple[PairArrays, list[Pair]]:
        """The pairs whose photo has colour, and the pairs left out. A greyscale photo (36 of CUFSF's 729
        training pairs) teaches grey skin and says nothing about the colour hints."""
        keep = np.array([not is_greyscale(photo) for photo in self.photos], dtype=bool)
        dropped = [pair for pair, kept in zip(self.pairs, keep, strict=True) if not kept]
        kept_pairs = [pair for pair, kept in zip(self.pairs, keep, strict=True) if kept]
        return PairArrays(kept_pairs, self.sketches[keep], self.photos[keep]), dropped


GREYSCALE_TOLERANCE = (
    2.0  # mean |R − G| and |G − B| in 8-bit levels; JPEG noise in a grey photo stays under it
)


def is_greyscale(photo: np.ndarray) -> bool:
    """True for an RGB uint8 photo whose channels are (nearly) equal everywhere."""
    rgb = photo.astype(np.int16)
    return bool(
        np.abs(rgb[..., 0] - rgb[..., 1]).mean() < GREYSCALE_TOLERANCE
        and np.abs(rgb[..., 1] - rgb[..., 2]).mean() < GREYSCALE_TOLERANCE
    )


def model_inputs(sketches: np.ndarray, height: int, width: int) -> np.ndarray:
    """Frame sketches [N, 250, 200] uint8 → model input [N, H, W, 1] float32 in [-1, 1] (no jitter)."""
    return np.stack([tensors.frame_to_model(s, height, width) for s in sketches]).astype(np.float32)


def model_targets(photos: np.ndarray, height: int, width: int) -> np.ndarray:
    return np.stack([to_unit(resize(p, height, width)) for p in photos]).astype(np.float32)


def jitter_pair(
    sketch: np.ndarray, photo: np.ndarray, height: int, width: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Resize up, cut the same random window from both, mirror both half of the time."""
    sketch_out, photo_out, _ = jitter_examples(sketch, photo, None, height, width, rng)
    return sketch_out, photo_out


def jitter_examples(
    sketch: np.ndarray,
    photo: np.ndarray,
    layer: np.ndarray | None,
    height: int,
    width: int,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """The same random window and mirroring for the sketch, the photo and the hint layer (resized with
    nearest neighbours: a hint's colour must never be blended with 'no hint')."""
    big_h, big_w = round(height * JITTER_SCALE), round(width * JITTER_SCALE)
    top = int(rng.integers(0, big_h - height + 1))
    left = int(rng.integers(0, big_w - width + 1))
    mirror = rng.random() < 0.5
    window = (slice(top, top + height), slice(left, left + width))
    outputs = []
    for array, method in (
        (sketch, Image.Resampling.BICUBIC),
        (photo, Image.Resampling.BICUBIC),
        (layer, Image.Resampling.NEAREST),
    ):
        if array is None:
            outputs.append(None)
            continue
        big = _resize_channels(array, big_w, big_h, method)[window]
        outputs.append(np.ascontiguousarray(big[:, ::-1] if mirror else big))
    return outputs[0], outputs[1], outputs[2]


def _resize_channels(array: np.ndarray, width: int, height: int, method: Image.Resampling) -> np.ndarray:
    """PIL resize of a uint8 image with any number of channels (a stroke layer has eight: RGBA and the four
    stroke-loss channels); up to four go through PIL at once, more one by one with the same rule."""
    if array.ndim == 2 or array.shape[-1] <= 4:
        return np.asarray(Image.fromarray(array).resize((width, height), method), dtype=np.uint8)
    return np.stack(
        [_resize_channels(array[..., c], width, height, method) for c in range(array.shape[-1])], -1
    )


def epoch_arrays(
    data: PairArrays,
    height: int,
    width: int,
    *,
    seed: int,
    epoch: int,
    style_probability: float = 0.5,
    jitter: bool = True,
) -> tuple[np.ndarray, np.ndarray]:
    """One epoch of training examples, shuffled: ([N, H, W, 1], [N, H, W, 3]) float32 in [-1, 1].

    Everything random is drawn from ``(seed, epoch)``, so an epoch is reproduced exactly on resume.
    """
    sketches, _, photos = epoch_examples(
        data,
        height,
        width,
        seed=seed,
        epoch=epoch,
        style_probability=style_probability,
        jitter=jitter,
        with_hints=False,
    )
    return sketches, photos


def epoch_examples(
    data: PairArrays,
    height: int,
    width: int,
    *,
    seed: int,
    epoch: int,
    style_probability: float = 0.5,
    jitter: bool = True,
    with_hints: bool = True,
    as_uint8: bool = False,
    skin_recolour: float | None = None,
    hair_recolour: float | None = None,
    recolour_targets: str = "tones",
    hint_style: str = "dots",
    recolour_painted: bool = False,
) -> tuple[np.ndarray, np.ndarray | None, np.ndarray]:
    """One epoch of (sketch, hints, photo) examples, shuffled; hints is None when ``with_hints`` is false.

    float32 model inputs by default; ``as_uint8`` keeps the images as uint8 (sketch [N, H, W, 1], photo
    [N, H, W, 3], hint layer RGBA [N, H, W, 4]) — a quarter of the memory — for ``dataset(..., uint8=True)``
    to convert per batch.

    With hints, a sample gets none at all (``hints.NO_HINT_PROBABILITY``) or 1–10 dots drawn from its photo;
    ``skin_recolour`` / ``hair_recolour`` of the hinted samples (default ``recolor.SKIN_PROBABILITY`` /
    ``HAIR_PROBABILITY``) have their skin / hair recoloured (``training.recolor``) first, and the recoloured
    part is always hinted, so the colour is knowable from the input.
    ``hint_style`` "strokes" (v4, ``training.strokes``): artist's strokes in each region's own colour; the
    layer then has eight channels, RGBA and the four of the stroke losses (``strokes.consistency_channels``).
    ``recolour_painted`` (strokes, v4h): the regions to paint are drawn first and the shares are of the
    painted skins / hairs, so an unpainted region always keeps its true colour.
    """
    from training import hints as hints_mod
    from training import recolor

    rng = np.random.default_rng([seed, epoch])
    order = rng.permutation(len(data))
    dtype = np.uint8 if as_uint8 else np.float32
    sketches = np.empty((len(data), height, width, 1), dtype)
    photos = np.empty((len(data), height, width, 3), dtype)
    if hint_style not in HINT_STYLES:
        raise S2CError(f"unknown hint style {hint_style!r} ({' or '.join(HINT_STYLES)})")
    if hint_style == "strokes" and not as_uint8:
        raise S2CError("stroke hints are made as uint8 layers (as_uint8=True) for dataset(..., uint8=True)")
    layer_channels = 4 + STROKE_AUX_CHANNELS if hint_style == "strokes" else 4
    hint_inputs = np.zeros((len(data), height, width, layer_channels), dtype) if with_hints else None
    for slot, index in enumerate(order):
        sketch, photo = data.sketches[index], data.photos[index]
        if style_probability > 0 and rng.random() < style_probability:
            sketch = augment.restyle(sketch, photo, rng)
        layer = None
        if with_hints and hint_style == "strokes":
            photo, layer = _stroke_example(
                photo, rng, skin_recolour, hair_recolour, recolour_targets, recolour_painted
            )
        elif with_hints:
            if rng.random() < hints_mod.NO_HINT_PROBABILITY:
                drawn = []
            else:
                skin = rng.random() < (recolor.SKIN_PROBABILITY if skin_recolour is None else skin_recolour)
                hair = rng.random() < (recolor.HAIR_PROBABILITY if hair_recolour is None else hair_recolour)
                photo = recolor.recolour(photo, rng, skin=skin, hair=hair, targets=recolour_targets)
                told = tuple(name for name, changed in (("skin", skin), ("hair", hair)) if changed)
                drawn = hints_mod.sample_hints(photo, rng, no_hint_probability=0.0, must_include=told)
            layer = hints_mod.render(drawn)
        if jitter:
            sketch, photo, layer = jitter_examples(sketch, photo, layer, height, width, rng)
        else:
            sketch, photo = resize(sketch, height, width), resize(photo, height, width)
            if layer is not None:
                layer = _resize_channels(layer, width, height, Image.Resampling.NEAREST)
        if as_uint8:
            sketches[slot], photos[slot] = sketch[..., None], photo
            if hint_inputs is not None and layer is not None:
                hint_inputs[slot] = layer
            continue
        sketches[slot] = to_unit(sketch)
        photos[slot] = to_unit(photo)
        if hint_inputs is not None and layer is not None:
            hint_inputs[slot] = hints_mod.to_model_input(layer)
    return sketches, hint_inputs, photos


HINT_STYLES = ("dots", "strokes")
STROKE_AUX_CHANNELS = 4  # taken away, keep, skin, hair (strokes.consistency_channels)


def _stroke_example(
    photo: np.ndarray,
    rng: np.random.Generator,
    skin_recolour: float | None,
    hair_recolour: float | None,
    recolour_targets: str,
    recolour_painted: bool = False,
) -> tuple[np.ndarray, np.ndarray]:
    """(photo, eight-channel stroke layer) for one frame sample: skin and hair recoloured independently, each
    recoloured region always painted (else its colour is unknowable), the other regions by chance.

    ``recolour_painted`` (v4h, kept by v4i on) draws the painted regions first and recolours a painted skin /
    hair with the shares given: at 1.0 no stroke carries the person's own colour, and an unpainted region
    always keeps its true one. (v4h's reason, that the couplings came from skin and hair colours correlated
    in the data, was refuted: ADR 0018 addendum 8.)"""
    from training import recolor, strokes

    skin_share = recolor.SKIN_PROBABILITY if skin_recolour is None else skin_recolour
    hair_share = recolor.HAIR_PROBABILITY if hair_recolour is None else hair_recolour
    chosen = None
    if recolour_painted:
        chosen = strokes.choose_regions(rng)
        skin = "skin" in chosen and rng.random() < skin_share
        hair = "hair" in chosen and rng.random() < hair_share
    else:
        skin, hair = rng.random() < skin_share, rng.random() < hair_share
    photo = recolor.recolour(photo, rng, skin=skin, hair=hair, targets=recolour_targets)
    told = tuple(name for name, changed in (("skin", skin), ("hair", hair)) if changed)
    masks = strokes.region_masks(photo)
    painted = strokes.sample_strokes(photo, rng, must_include=told, masks=masks, chosen=chosen)
    extra = strokes.consistency_channels(painted, masks, rng)
    return photo, np.concatenate([painted.layer, extra], axis=-1)


def dataset(*arrays: np.ndarray, batch_size: int, drop_remainder: bool = True, uint8: bool = False):
    """A batched tf.data pipeline over arrays that are already shuffled and augmented. With ``uint8`` the
    arrays are (sketch, photo[, RGBA hint layer]) as made by ``epoch_examples(as_uint8=True)``, converted to
    the model's float inputs per batch (the same rule as ``training.hints.to_model_input``)."""
    import tensorflow as tf

    ds = tf.data.Dataset.from_tensor_slices(tuple(arrays))
    if uint8:

        def to_float(sketch, photo, layer=None):
            unit = [tf.cast(sketch, tf.float32) / 127.5 - 1.0, tf.cast(photo, tf.float32) / 127.5 - 1.0]
            if layer is not None:
                mask = tf.cast(layer[..., 3:4] >= 128, tf.float32)
                unit.append(tf.concat([(tf.cast(layer[..., :3], tf.float32) / 127.5 - 1.0) * mask, mask], -1))
                if layer.shape[-1] > 4:  # stroke layers: (taken away, keep, skin, hair) masks
                    unit.append(tf.cast(layer[..., 4:] >= 128, tf.float32))
            return tuple(unit)

        ds = ds.batch(batch_size, drop_remainder=drop_remainder).map(lambda *batch: to_float(*batch))
        return ds.prefetch(2)
    return ds.batch(batch_size, drop_remainder=drop_remainder).prefetch(2)
