"""The one image decoder: every image the project opens from a file goes through here.

Sketches, scans, case images, hint layers and training files are all untrusted (a case folder arrives by USB
stick or e-mail), so one place decides, in this order:

1. which bytes are read: a regular file only, at most :data:`MAX_FILE_BYTES` (:func:`read_regular_file`);
2. which decoders may run: only :data:`ACCEPTED_FORMATS`, passed to Pillow's ``Image.open(formats=...)``, so
   a PostScript/EPS file named ``.png`` never reaches Pillow's EPS plugin (which starts Ghostscript);
3. how big the image may be: the header's width × height against :data:`MAX_PIXELS`, before any pixel is
   decoded, so an image bomb costs nothing;
4. how it is turned upright and into the caller's mode (:func:`convert_mode`): EXIF orientation, alpha
   composited on white paper (or kept for ``RGBA`` layers), 16-bit and float images scaled, not clipped.

Errors are :class:`~s2c_desktop.errors.InputError` with one line naming the file. Qt-free.
"""

from __future__ import annotations

import contextlib
import io
import os
import stat
import warnings
from pathlib import Path
from typing import Any, Literal

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from s2c_desktop.errors import InputError

ACCEPTED_FORMATS = ("PNG", "JPEG", "BMP", "TIFF")
ACCEPTED_NAMES = "PNG, JPEG, BMP or TIFF"
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff")
# 50 megapixels: an A4 page scanned at 600 dpi is 35 MP; every caller shares this one limit.
MAX_PIXELS = 50_000_000
MAX_FILE_BYTES = 256 * 1024 * 1024
EXIF_ORIENTATION = 0x0112

Mode = Literal["L", "RGB", "RGBA"]
_SIXTEEN_BIT = ("I;16", "I;16B", "I;16L", "I;16N")


def read_regular_file(
    path: str | os.PathLike[str],
    max_bytes: int = MAX_FILE_BYTES,
    *,
    follow_symlinks: bool = True,
    label: str | None = None,
) -> bytes:
    """The bytes of ``path`` if it is a regular file of at most ``max_bytes``; else one-line InputError.

    Opened without blocking and checked on the open handle, so a FIFO cannot hang the reader, a device such as
    ``/dev/zero`` cannot fill memory, and a file swapped after a check is still caught.
    ``follow_symlinks=False`` refuses a symbolic link (a case folder's file must not point outside the
    folder)."""
    path = Path(path)
    label = label or str(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    if not follow_symlinks:
        if path.is_symlink():
            raise InputError(f"{label}: is a link, not a regular file")
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise InputError(f"{label}: file not found") from None
    except IsADirectoryError:
        raise InputError(f"{label}: is a folder, not an image file") from None
    except OSError as exc:
        raise InputError(f"{label}: cannot read ({exc.strerror or exc})") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise InputError(f"{label}: is a folder, not an image file")
        if not stat.S_ISREG(info.st_mode):
            raise InputError(f"{label}: not a regular file (a device, pipe or socket)")
        if info.st_size > max_bytes:
            raise InputError(f"{label}: file too large ({_mib(info.st_size)}; limit {_mib(max_bytes)})")
    except BaseException:
        os.close(fd)
        raise
    with os.fdopen(fd, "rb") as handle:
        try:
            data = handle.read(max_bytes + 1)
        except OSError as exc:
            raise InputError(f"{label}: cannot read ({exc.strerror or exc})") from None
    if len(data) > max_bytes:  # grew while being read
        raise InputError(f"{label}: file too large (over {_mib(max_bytes)})")
    if not data:
        raise InputError(f"{label}: empty file (0 bytes)")
    return data


def open_image(
    path: str | os.PathLike[str],
    mode: Mode | None = "L",
    *,
    min_side: int = 1,
    follow_symlinks: bool = True,
    label: str | None = None,
) -> Image.Image:
    """Read and decode an image file (see the module's rules); ``mode=None`` keeps the decoded mode."""
    label = label or str(path)
    data = read_regular_file(path, follow_symlinks=follow_symlinks, label=label)
    return decode_image(data, mode, label=label, min_side=min_side)


def decode_image(
    data: bytes,
    mode: Mode | None = "L",
    *,
    label: str = "image",
    min_side: int = 1,
    formats: tuple[str, ...] = ACCEPTED_FORMATS,
) -> Image.Image:
    """Decode encoded bytes: accepted formats only, size checked from the header, upright, in ``mode``.

    The returned image is fully loaded and independent of ``data``. PNG text chunks stay in ``image.info``
    when ``mode`` is None (provenance readers need them)."""
    image = _open_header(data, label, formats)
    with image:
        check_dimensions(image.size, label, min_side)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", Image.DecompressionBombWarning)
                image.load()
        except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
            raise InputError(f"{label}: damaged or truncated {image.format} file ({_short(exc)})") from None
        upright = _exif_upright(image)
        if mode is None:
            return upright.copy() if upright is image else upright
        return convert_mode(upright, mode)


def image_header(
    data: bytes, label: str = "image", *, min_side: int = 1, formats: tuple[str, ...] = ACCEPTED_FORMATS
) -> tuple[tuple[int, int], str, dict[str, Any]]:
    """(size, mode, info) from the header alone, with the same checks as :func:`decode_image` before it
    decodes: what a caller can refuse without paying for the pixels."""
    with _open_header(data, label, formats) as image:
        check_dimensions(image.size, label, min_side)
        return image.size, image.mode, dict(image.info)


def _open_header(data: bytes, label: str, formats: tuple[str, ...]) -> Image.Image:
    """The image opened on its header (pixels not decoded yet): accepted formats only."""
    if not data:
        raise InputError(f"{label}: empty file (0 bytes)")
    try:
        with warnings.catch_warnings():
            # Pillow's own bomb check warns (or raises) in open(); our stricter limit applies in the callers.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            return Image.open(io.BytesIO(data), formats=formats)
    except Image.DecompressionBombError:
        raise InputError(
            f"{label}: image too large (over {MAX_PIXELS // 1_000_000} megapixels), refused unread"
        ) from None
    except UnidentifiedImageError:
        raise InputError(f"{label}: {_describe_unknown(data)}") from None
    except (OSError, SyntaxError, ValueError) as exc:
        raise InputError(f"{label}: damaged image header ({_short(exc)})") from None


def check_dimensions(size: tuple[int, int], label: str, min_side: int = 1) -> None:
    """The one pixel limit (and a caller's minimum side), from a header or an in-memory image's size."""
    width, height = size
    if width * height > MAX_PIXELS:
        raise InputError(
            f"{label}: image too large ({width}×{height} = {width * height / 1e6:.0f} megapixels; "
            f"limit {MAX_PIXELS // 1_000_000}), refused unread"
        )
    if min(width, height) < max(1, min_side):
        raise InputError(
            f"{label}: image too small ({width}×{height}; at least {min_side}×{min_side} pixels)"
        )


def _exif_upright(image: Image.Image) -> Image.Image:
    # Phone photos of paper sketches are often rotated by EXIF; a broken EXIF block is not worth refusing.
    with contextlib.suppress(Exception):
        if image.getexif().get(EXIF_ORIENTATION, 1) != 1:
            return ImageOps.exif_transpose(image)
    return image


def convert_mode(image: Image.Image, mode: Mode) -> Image.Image:
    """Any PIL mode to ``mode``: transparency becomes white paper (kept for RGBA), 16-bit/float scaled to 8
    bits."""
    source = image.mode
    if source in _SIXTEEN_BIT or source in ("I", "F"):
        image = Image.fromarray(_scale_to_uint8(np.asarray(image), source))
    elif source == "P":
        image = image.convert("RGBA" if "transparency" in image.info else "RGB")
    elif source in ("LA", "La", "PA", "RGBa", "RGBA"):
        image = image.convert("RGBA")
    elif source not in ("1", "L", "RGB"):
        image = image.convert("RGB")  # CMYK, YCbCr, LAB, HSV
    if image.mode == "RGBA" and mode != "RGBA":
        paper = Image.new("RGBA", image.size, (255, 255, 255, 255))
        image = Image.alpha_composite(paper, image).convert("RGB")
    converted = image.convert(mode)
    return converted if converted is not image else image.copy()


def checked_image_array(
    array: np.ndarray, what: str = "an image", label: str = "<array>", min_side: int = 1
) -> np.ndarray:
    """``array`` as H×W, H×W×3 or H×W×4 (an H×W×1 array squeezed), not empty and within the pixel limit;
    anything else is refused with one line naming ``what`` it was meant to be."""
    if array.ndim == 3 and array.shape[2] == 1:
        array = array[:, :, 0]
    if array.ndim not in (2, 3) or (array.ndim == 3 and array.shape[2] not in (3, 4)):
        raise InputError(
            f"cannot use an array of shape {array.shape} as {what} (expected H×W, H×W×3 or H×W×4)"
        )
    if array.size == 0:
        raise InputError("the image is empty")
    check_dimensions((array.shape[1], array.shape[0]), label, min_side)
    return array


def array_to_image(array: np.ndarray, label: str = "<array>") -> Image.Image:
    """A numpy image (H×W, H×W×1, H×W×3 RGB, H×W×4 RGBA; uint8, uint16, bool, or float in [0, 1] or [0, 255])
    as a PIL image (L, RGB or RGBA), checked against the pixel limit like a file."""
    array = checked_image_array(array, label=label)
    if array.dtype == np.bool_:
        data = array.astype(np.uint8) * 255
    elif array.dtype == np.uint8:
        data = array
    else:
        data = _scale_to_uint8(array, "I;16" if array.dtype == np.uint16 else "F")
    return Image.fromarray(np.ascontiguousarray(data))


def _scale_to_uint8(values: np.ndarray, source_mode: str) -> np.ndarray:
    """16-bit to 8-bit by scaling (65535 → 255, never clipped to white); floats in [0, 1] stretched."""
    values = np.asarray(values, dtype=np.float64)
    if not np.all(np.isfinite(values)):
        raise InputError("the image holds NaN or infinite values")
    top = values.max(initial=0)
    if source_mode in _SIXTEEN_BIT or top > 255:
        values = values / 257.0
    elif source_mode == "F" and top <= 1.0 and values.min(initial=0) >= 0.0:
        values = values * 255.0
    return np.clip(np.rint(values), 0, 255).astype(np.uint8)


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
    return f"not a {ACCEPTED_NAMES} image"


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:120]


def _mib(size: int) -> str:
    return f"{size / 2**20:.0f} MiB" if size >= 2**20 else f"{size / 1024:.0f} KiB"
