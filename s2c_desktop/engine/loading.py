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
SketchSource = str | os.PathLike[str] | Image.Image | np.ndarray


@dataclass(frozen=True)
class LoadedSketch:
    """A decoded sketch: 8-bit grayscale, white paper = 255, with where it came from."""

    pixels: np.ndarray  # uint8, shape (height, width)
    name: str  # file name, or "<image>" / "<array>" for in-memory input
    sha256: str  # of the file's bytes, or of the in-memory pixels
    path: Path | None = None

    @property
    def size(self) -> tuple[int, int]:
        """(width, height), PIL order."""
        return int(self.pixels.shape[1]), int(self.pixels.shape[0])


def load_sketch(source: Any) -> LoadedSketch:
    """Decode ``source`` into a :class:`LoadedSketch`; every problem is an :class:`InputError` naming it."""
    if isinstance(source, Image.Image):
        check_dimensions(source.size, "<image>")
        gray = to_grayscale(source)
        return LoadedSketch(gray, "<image>", hash_pixels(gray))
    if isinstance(source, np.ndarray):
        gray = array_to_grayscale(source)
        return LoadedSketch(gray, "<array>", hash_pixels(gray))
    if isinstance(source, str | os.PathLike):
        return _load_file(Path(source))
    raise InputError(
        f"cannot colorize a {type(source).__name__}: pass a file path, a PIL image or a numpy array"
    )


def _load_file(path: Path) -> LoadedSketch:
    data = read_image_file(path)
    gray = decode_image_bytes(data, label=str(path))
    return LoadedSketch(gray, path.name or str(path), hashlib.sha256(data).hexdigest(), path)


def read_image_file(path: Path) -> bytes:
    """The bytes of an image file: a regular file within the decoder's size cap."""
    return read_regular_file(path)


def decode_image_bytes(data: bytes, label: str = "image") -> np.ndarray:
    """Decode encoded image bytes to 8-bit grayscale, refusing bombs before decoding."""
    return np.asarray(decode_image(data, "L", label=label, min_side=MIN_SIDE), dtype=np.uint8).copy()


def open_image_bytes(data: bytes, label: str = "image") -> Image.Image:
    """Decode encoded image bytes to a loaded, upright PIL image (its own mode), refusing bombs before decoding."""
    return decode_image(data, None, label=label, min_side=MIN_SIDE)


def check_dimensions(size: tuple[int, int], label: str) -> None:
    """The decoder's pixel limit and the engine's minimum side (a face needs some pixels)."""
    imaging.check_dimensions(size, label, MIN_SIDE)


def to_grayscale(image: Image.Image) -> np.ndarray:
    """Any PIL mode to uint8 luminance, transparent areas as white paper."""
    return np.asarray(convert_mode(image, "L"), dtype=np.uint8).copy()


def array_to_grayscale(array: np.ndarray) -> np.ndarray:
    """A numpy image (H×W, H×W×1, H×W×3 RGB, H×W×4 RGBA; uint8, uint16, bool or float in [0, 1]) to uint8 L."""
    if array.ndim == 3 and array.shape[2] == 1:
        array = array[:, :, 0]
    if array.ndim not in (2, 3) or (array.ndim == 3 and array.shape[2] not in (3, 4)):
        raise InputError(
            f"cannot use an array of shape {array.shape} as a sketch (expected H×W, H×W×3 or H×W×4)"
        )
    check_dimensions((array.shape[1], array.shape[0]), "<array>")
    if np.issubdtype(array.dtype, np.floating) and not np.all(np.isfinite(array)):
        raise InputError("the sketch array contains NaN or infinite values")
    return to_grayscale(array_to_image(array))


def hash_pixels(pixels: np.ndarray, mode: str = "L") -> str:
    """In-memory images have no file: hash the decoded pixels, their size and mode instead."""
    digest = hashlib.sha256(f"{pixels.shape[1]}x{pixels.shape[0]}:{mode}:".encode())
    digest.update(np.ascontiguousarray(pixels).tobytes())
    return digest.hexdigest()
