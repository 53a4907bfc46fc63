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
    image = Image.fromarray(array)
    return np.asarray(image.resize((width, height), Image.Resampling.BICUBIC), dtype=np.uint8)


def to_unit(array: np.ndarray) -> np.ndarray:
    """uint8 [0, 255] → float32 [-1, 1]; grayscale gains a channel axis."""
    out = array.astype(np.float32) / 127.5 - 1.0
    return out[..., None] if out.ndim == 2 else out


def from_unit(array: np.ndarray) -> np.ndarray:
    """float [-1, 1] → uint8 [0, 255]."""
    return np.clip((np.asarray(array) + 1.0) * 127.5 + 0.5, 0, 255).astype(np.uint8)


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


def model_inputs(sketches: np.ndarray, height: int, width: int) -> np.ndarray:
    """Frame sketches [N, 250, 200] uint8 → model input [N, H, W, 1] float32 in [-1, 1] (no jitter)."""
    return np.stack([to_unit(resize(s, height, width)) for s in sketches]).astype(np.float32)


def model_targets(photos: np.ndarray, height: int, width: int) -> np.ndarray:
    return np.stack([to_unit(resize(p, height, width)) for p in photos]).astype(np.float32)


def jitter_pair(
    sketch: np.ndarray, photo: np.ndarray, height: int, width: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Resize up, cut the same random window from both, mirror both half of the time."""
    big_h, big_w = round(height * JITTER_SCALE), round(width * JITTER_SCALE)
    sketch_big = resize(sketch, big_h, big_w)
    photo_big = resize(photo, big_h, big_w)
    top = int(rng.integers(0, big_h - height + 1))
    left = int(rng.integers(0, big_w - width + 1))
    sketch_out = sketch_big[top : top + height, left : left + width]
    photo_out = photo_big[top : top + height, left : left + width]
    if rng.random() < 0.5:
        sketch_out, photo_out = sketch_out[:, ::-1], photo_out[:, ::-1]
    return np.ascontiguousarray(sketch_out), np.ascontiguousarray(photo_out)


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
    rng = np.random.default_rng([seed, epoch])
    order = rng.permutation(len(data))
    sketches = np.empty((len(data), height, width, 1), np.float32)
    photos = np.empty((len(data), height, width, 3), np.float32)
    for slot, index in enumerate(order):
        sketch, photo = data.sketches[index], data.photos[index]
        if style_probability > 0 and rng.random() < style_probability:
            sketch = augment.restyle(sketch, photo, rng)
        if jitter:
            sketch, photo = jitter_pair(sketch, photo, height, width, rng)
        else:
            sketch, photo = resize(sketch, height, width), resize(photo, height, width)
        sketches[slot] = to_unit(sketch)
        photos[slot] = to_unit(photo)
    return sketches, photos


def dataset(sketches: np.ndarray, photos: np.ndarray, batch_size: int, *, drop_remainder: bool = True):
    """A batched tf.data pipeline over arrays that are already shuffled and augmented."""
    import tensorflow as tf

    ds = tf.data.Dataset.from_tensor_slices((sketches, photos))
    return ds.batch(batch_size, drop_remainder=drop_remainder).prefetch(2)
