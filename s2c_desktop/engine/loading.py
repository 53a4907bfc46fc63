"""Turn whatever an artist has (a file, a PIL image, a numpy array) into one 8-bit grayscale sketch.

Files are read and decoded by the one image decoder, :mod:`s2c_desktop.imaging` (accepted formats: PNG, JPEG,
BMP, TIFF first page; the pixel limit :data:`MAX_PIXELS` checked from the header; EXIF orientation; 16-bit
scaled). Transparent pixels become white paper. A sketch needs at least :data:`MIN_SIDE` pixels on each side.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from s2c_desktop import imaging
from s2c_desktop.errors import InputError
from s2c_desktop.imaging import (  # noqa: F401 - re-exported: the engine's callers name them from here
    ACCEPTED_FORMATS,
    IMAGE_SUFFIXES,
    MAX_FILE_BYTES,
    MAX_PIXELS,
    array_to_image,
    convert_mode,
    decode_image,
    read_regular_file,
)

MIN_SIDE = 16
BLANK_PAGE = "the page is blank"
LOOKS_LIKE_A_PHOTO = "this looks like a photo, not a sketch"
# Ink = pixels this much darker than the page's median; a page with less ink than this fraction is blank.
INK_CONTRAST = 48
BLANK_INK_FRACTION = 0.0005
# Hasler–Süsstrunk colourfulness: the dataset's sketches score ≤ 9 (scans of tinted paper too), photos ≥ 19.
PHOTO_COLOURFULNESS = 15.0
_COLOUR_SAMPLE_PIXELS = 65_536
SketchSource = str | os.PathLike[str] | Image.Image | np.ndarray


@dataclass(frozen=True)
class LoadedSketch:
    """A decoded sketch: 8-bit grayscale, white paper = 255, with where it came from."""

    pixels: np.ndarray  # uint8, shape (height, width)
    name: str  # file name, or "<image>" / "<array>" for in-memory input
    sha256: str  # of the file's bytes, or of the in-memory pixels
    path: Path | None = None
    # Things the artist should know but that do not stop colorizing: BLANK_PAGE, LOOKS_LIKE_A_PHOTO.
    warnings: tuple[str, ...] = ()

    @property
    def size(self) -> tuple[int, int]:
        """(width, height), PIL order."""
        return int(self.pixels.shape[1]), int(self.pixels.shape[0])


def load_sketch(source: Any) -> LoadedSketch:
    """Decode ``source`` into a :class:`LoadedSketch`; every problem is an :class:`InputError` naming it."""
    if isinstance(source, Image.Image):
        check_dimensions(source.size, "<image>")
        gray = to_grayscale(source)
        return LoadedSketch(gray, "<image>", hash_pixels(gray), warnings=sketch_warnings(source, gray))
    if isinstance(source, np.ndarray):
        gray = array_to_grayscale(source)
        colour = array_to_image(source) if source.ndim == 3 and source.shape[2] in (3, 4) else None
        return LoadedSketch(gray, "<array>", hash_pixels(gray), warnings=sketch_warnings(colour, gray))
    if isinstance(source, str | os.PathLike):
        return _load_file(Path(source))
    raise InputError(
        f"cannot colorize a {type(source).__name__}: pass a file path, a PIL image or a numpy array"
    )


def _load_file(path: Path) -> LoadedSketch:
    data = read_image_file(path)
    image = open_image_bytes(data, label=str(path))
    gray = to_grayscale(image)
    return LoadedSketch(
        gray,
        path.name or str(path),
        hashlib.sha256(data).hexdigest(),
        path,
        warnings=sketch_warnings(image, gray),
    )


def read_image_file(path: Path) -> bytes:
    """The bytes of an image file: a regular file within the decoder's size cap."""
    return read_regular_file(path)


def decode_image_bytes(data: bytes, label: str = "image") -> np.ndarray:
    """Decode encoded image bytes to 8-bit grayscale, refusing bombs before decoding."""
    return np.asarray(decode_image(data, "L", label=label, min_side=MIN_SIDE), dtype=np.uint8).copy()


def open_image_bytes(data: bytes, label: str = "image") -> Image.Image:
    """Decode encoded image bytes to a loaded, upright PIL image (its own mode), refusing bombs before
    decoding."""
    return decode_image(data, None, label=label, min_side=MIN_SIDE)


def check_dimensions(size: tuple[int, int], label: str) -> None:
    """The decoder's pixel limit and the engine's minimum side (a face needs some pixels)."""
    imaging.check_dimensions(size, label, MIN_SIDE)


def sketch_warnings(image: Image.Image | None, gray: np.ndarray) -> tuple[str, ...]:
    """A blank page, or a colour photo given as a sketch: colorized anyway, but the artist is told."""
    found: list[str] = []
    median = pixel_median(gray[:: _sample_step(gray.shape), :: _sample_step(gray.shape)])
    if np.count_nonzero(gray < median - INK_CONTRAST) < BLANK_INK_FRACTION * gray.size:
        found.append(BLANK_PAGE)
    elif (
        image is not None
        and image.mode not in ("1", "L", "LA", "La", "I", "F")
        and not image.mode.startswith("I;16")
    ):
        step = _sample_step((image.height, image.width))
        small = image
        if step > 1:
            small = image.resize(
                (max(1, image.width // step), max(1, image.height // step)), Image.Resampling.NEAREST
            )
        if colourfulness(np.asarray(convert_mode(small, "RGB"))) >= PHOTO_COLOURFULNESS:
            found.append(LOOKS_LIKE_A_PHOTO)
    return tuple(found)


def _sample_step(shape: tuple[int, ...]) -> int:
    return max(1, int((shape[0] * shape[1] / _COLOUR_SAMPLE_PIXELS) ** 0.5))


def pixel_median(pixels: np.ndarray) -> float:
    """``np.median`` of the pixels; for 8-bit ones read off their histogram (the same value, four times
    faster than sorting)."""
    if pixels.dtype != np.uint8:
        return float(np.median(pixels))
    cumulative = np.cumsum(np.bincount(pixels.ravel(), minlength=256))
    middle = (pixels.size - 1) // 2  # the middle value's rank, and the next one's for an even count
    low, high = np.searchsorted(cumulative, [middle + 1, pixels.size // 2 + 1])
    return (float(low) + float(high)) / 2


def colourfulness(rgb: np.ndarray) -> float:
    """Hasler and Süsstrunk's colourfulness of an 8-bit RGB image.

    The opponent channels stay integers (yellow–blue doubled): numpy sums integers exactly in float64, and
    halving is exact in binary, so this is the float64 formula's value to the last bit, without its float64
    copies of the image."""
    red, green, blue = (rgb[..., channel].astype(np.int16) for channel in range(3))
    red_green, yellow_blue_doubled = red - green, red + green - 2 * blue  # (red + green) / 2 - blue, × 2
    spread = np.hypot(red_green.std(), 0.5 * yellow_blue_doubled.std())
    return float(spread + 0.3 * np.hypot(red_green.mean(), 0.5 * yellow_blue_doubled.mean()))


def to_grayscale(image: Image.Image) -> np.ndarray:
    """Any PIL mode to uint8 luminance, transparent areas as white paper."""
    return np.asarray(convert_mode(image, "L"), dtype=np.uint8).copy()


def array_to_grayscale(array: np.ndarray) -> np.ndarray:
    """A numpy image (H×W, H×W×1, H×W×3 RGB, H×W×4 RGBA; uint8, uint16, bool or float in [0, 1]) to uint8
    L."""
    array = imaging.checked_image_array(array, "a sketch", min_side=MIN_SIDE)
    if np.issubdtype(array.dtype, np.floating) and not np.all(np.isfinite(array)):
        raise InputError("the sketch array contains NaN or infinite values")
    return to_grayscale(array_to_image(array))


def hash_pixels(pixels: np.ndarray, mode: str = "L") -> str:
    """In-memory images have no file: hash the decoded pixels, their size and mode instead."""
    digest = hashlib.sha256(f"{pixels.shape[1]}x{pixels.shape[0]}:{mode}:".encode())
    digest.update(np.ascontiguousarray(pixels))  # the buffer itself: no copy of the pixels
    return digest.hexdigest()
