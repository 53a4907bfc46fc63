"""Turn whatever an artist has (a file, a PIL image, a numpy array) into one 8-bit grayscale sketch.

Accepted files: PNG, JPEG, BMP, TIFF (first page). Accepted modes: 1, L, LA, P (with or without
transparency), RGB, RGBA, CMYK, I;16 (16-bit), I, F. Transparent pixels become white paper.

Limits (checked from the header, BEFORE any pixel is decoded, so an image bomb costs nothing):

- at most :data:`MAX_PIXELS` pixels (50 megapixels: an A4 page scanned at 600 dpi is 35 MP);
- at most :data:`MAX_FILE_BYTES` bytes on disk;
- at least :data:`MIN_SIDE` pixels on each side (a face needs some pixels).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from s2c_desktop.errors import InputError

MAX_PIXELS = 50_000_000
MAX_FILE_BYTES = 256 * 1024 * 1024
MIN_SIDE = 16
ACCEPTED_FORMATS = ("PNG", "JPEG", "BMP", "TIFF")
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff")

EXIF_ORIENTATION = 0x0112
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
    """The bytes of an image file, after the checks that need no decoding (exists, not a folder, size)."""
    try:
        stat = path.stat()
    except FileNotFoundError:
        raise InputError(f"{path}: file not found") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    if path.is_dir():
        raise InputError(f"{path}: is a folder, not an image file")
    if stat.st_size == 0:
        raise InputError(f"{path}: empty file (0 bytes)")
    if stat.st_size > MAX_FILE_BYTES:
        raise InputError(
            f"{path}: file too large ({stat.st_size / 2**20:.0f} MiB; limit {MAX_FILE_BYTES // 2**20} MiB)"
        )
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None


def decode_image_bytes(data: bytes, label: str = "image") -> np.ndarray:
    """Decode encoded image bytes to 8-bit grayscale, refusing bombs before decoding."""
    return to_grayscale(open_image_bytes(data, label))


def open_image_bytes(data: bytes, label: str = "image") -> Image.Image:
    """Decode encoded image bytes to a loaded, upright PIL image (any mode), refusing bombs before decoding."""
    if not data:
        raise InputError(f"{label}: empty file (0 bytes)")
    try:
        with warnings.catch_warnings():
            # Pillow's own bomb check warns (or raises) in open(); we apply our stricter limit below.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=ACCEPTED_FORMATS)
    except Image.DecompressionBombError:
        raise InputError(
            f"{label}: image too large (over {MAX_PIXELS // 1_000_000} megapixels), refused unread"
        ) from None
    except UnidentifiedImageError:
        raise InputError(f"{label}: {_describe_unknown(data)}") from None
    except (OSError, SyntaxError, ValueError) as exc:
        raise InputError(f"{label}: damaged image header ({_short(exc)})") from None
    check_dimensions(image.size, label)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image.load()
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise InputError(f"{label}: damaged or truncated {image.format} file ({_short(exc)})") from None
    # Phone photos of paper sketches are often rotated by EXIF; a broken EXIF block is not worth refusing.
    with contextlib.suppress(Exception):
        if image.getexif().get(EXIF_ORIENTATION, 1) != 1:
            return ImageOps.exif_transpose(image)
    return image


def check_dimensions(size: tuple[int, int], label: str) -> None:
    width, height = size
    if width * height > MAX_PIXELS:
        raise InputError(
            f"{label}: image too large ({width}×{height} = {width * height / 1e6:.0f} megapixels; "
            f"limit {MAX_PIXELS // 1_000_000}), refused unread"
        )
    if min(width, height) < MIN_SIDE:
        raise InputError(
            f"{label}: image too small ({width}×{height}; at least {MIN_SIDE}×{MIN_SIDE} pixels)"
        )


def to_grayscale(image: Image.Image) -> np.ndarray:
    """Any PIL mode to uint8 luminance, transparent areas as white paper."""
    mode = image.mode
    if mode in ("I;16", "I;16B", "I;16L", "I;16N", "I", "F"):
        values = np.asarray(image, dtype=np.float64)
        if mode.startswith("I;16") or values.max(initial=0) > 255:
            values = values / 257.0  # 16-bit range to 8-bit
        elif mode == "F" and values.max(initial=0) <= 1.0:
            values = values * 255.0
        return np.clip(np.rint(values), 0, 255).astype(np.uint8)
    if mode == "P":
        image = image.convert("RGBA") if "transparency" in image.info else image.convert("RGB")
    elif mode in ("LA", "La", "PA", "RGBa"):
        image = image.convert("RGBA")
    elif mode not in ("1", "L", "RGB", "RGBA"):
        image = image.convert("RGB")  # CMYK, YCbCr, LAB, HSV
    if image.mode == "RGBA":
        paper = Image.new("RGBA", image.size, (255, 255, 255, 255))
        image = Image.alpha_composite(paper, image).convert("RGB")
    return np.asarray(image.convert("L"), dtype=np.uint8).copy()


def array_to_grayscale(array: np.ndarray) -> np.ndarray:
    """A numpy image (H×W, H×W×1, H×W×3 RGB, H×W×4 RGBA; uint8, uint16, bool or float in [0, 1]) to uint8 L."""
    if array.ndim == 3 and array.shape[2] == 1:
        array = array[:, :, 0]
    if array.ndim not in (2, 3) or (array.ndim == 3 and array.shape[2] not in (3, 4)):
        raise InputError(
            f"cannot use an array of shape {array.shape} as a sketch (expected H×W, H×W×3 or H×W×4)"
        )
    check_dimensions((array.shape[1], array.shape[0]), "<array>")
    if array.dtype == np.bool_:
        array = array.astype(np.uint8) * 255
    elif array.dtype == np.uint16:
        array = np.rint(array / 257.0).astype(np.uint8)
    elif np.issubdtype(array.dtype, np.floating):
        if not np.all(np.isfinite(array)):
            raise InputError("the sketch array contains NaN or infinite values")
        scale = 255.0 if array.max(initial=0) <= 1.0 else 1.0
        array = np.clip(np.rint(array * scale), 0, 255).astype(np.uint8)
    elif array.dtype != np.uint8:
        array = np.clip(array, 0, 255).astype(np.uint8)
    return to_grayscale(Image.fromarray(np.ascontiguousarray(array)))  # 2-D → L, 3 channels → RGB, 4 → RGBA


def hash_pixels(pixels: np.ndarray, mode: str = "L") -> str:
    """In-memory images have no file: hash the decoded pixels, their size and mode instead."""
    digest = hashlib.sha256(f"{pixels.shape[1]}x{pixels.shape[0]}:{mode}:".encode())
    digest.update(np.ascontiguousarray(pixels).tobytes())
    return digest.hexdigest()


def _describe_unknown(data: bytes) -> str:
    head = data[:512]
    if head.startswith(b"\x89PNG") or head.startswith(b"\xff\xd8") or head[:2] == b"BM":
        return "damaged image header (unreadable PNG/JPEG/BMP)"
    try:
        head.decode("utf-8")
        looks_text = all(ch >= 9 for ch in head)
    except UnicodeDecodeError as exc:
        # A multi-byte character cut by the 512-byte window is still text.
        looks_text = exc.start >= len(head) - 3 and all(ch >= 9 for ch in head[: exc.start])
    if looks_text:
        return "a text file, not an image (accepted: PNG, JPEG, BMP, TIFF)"
    return "not a PNG, JPEG, BMP or TIFF image"


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:120]
