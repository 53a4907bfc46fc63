"""The sketch document: one grayscale raster on white paper, framed like the model's input.

The paper is four times the model frame (800×1000 for the 200×250 frame) so that strokes stay smooth when
zoomed and print sharply; the engine receives the whole sheet (a 4:5 image, so it is only scaled to the frame)
or :meth:`SketchDocument.to_frame`, an area-averaged downscale to the frame. The document is
plain numpy (uint8, 255 = white paper, 0 = black ink) and knows nothing about Qt: the canvas paints into
a working copy and commits changed rectangles here.
"""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Union

import numpy as np
from PIL import Image

from s2c_desktop.atomic import atomic_write_bytes
from s2c_desktop.engine.framing import FRAME_HEIGHT, FRAME_WIDTH
from s2c_desktop.errors import InputError
from s2c_desktop.imaging import array_to_image, check_dimensions, convert_mode, open_image

PAPER_SCALE = 4  # issue 12: 400×500 looked pixelated when zoomed and printed
DOCUMENT_WIDTH = FRAME_WIDTH * PAPER_SCALE
DOCUMENT_HEIGHT = FRAME_HEIGHT * PAPER_SCALE
WHITE = 255

# Images this far from 4:5 are letterboxed instead of resized (tolerance on the width/height ratio).
_ASPECT_TOLERANCE = 0.01

Rect = tuple[int, int, int, int]
"""(x, y, width, height) in document pixels."""

DocumentSource = Union["SketchDocument", Image.Image, np.ndarray, str, os.PathLike]
"""Anything :meth:`SketchDocument.coerce` turns into a document."""


class SketchDocument:
    """A white sheet of ``width × height`` grayscale pixels (uint8, C-contiguous, 255 = white)."""

    def __init__(self, width: int = DOCUMENT_WIDTH, height: int = DOCUMENT_HEIGHT) -> None:
        if width <= 0 or height <= 0:
            raise InputError(f"a sketch must have a positive size, not {width}×{height}")
        self._pixels = np.full((height, width), WHITE, dtype=np.uint8)

    @property
    def pixels(self) -> np.ndarray:
        """The raster, (height, width) uint8. Write into it; it is never rebound, so views stay valid."""
        return self._pixels

    # -- geometry -------------------------------------------------------------------------------------

    @property
    def width(self) -> int:
        return int(self.pixels.shape[1])

    @property
    def height(self) -> int:
        return int(self.pixels.shape[0])

    @property
    def size(self) -> tuple[int, int]:
        """(width, height), PIL order."""
        return self.width, self.height

    def bounds(self) -> Rect:
        return 0, 0, self.width, self.height

    def clip_rect(self, rect: Rect) -> Rect | None:
        """``rect`` clipped to the paper, or None when nothing of it lies on the paper."""
        x, y, w, h = rect
        left, top = max(0, x), max(0, y)
        right, bottom = min(self.width, x + w), min(self.height, y + h)
        if right <= left or bottom <= top:
            return None
        return left, top, right - left, bottom - top

    # -- pixel access ---------------------------------------------------------------------------------

    def region(self, rect: Rect) -> np.ndarray:
        """A copy of the pixels inside ``rect`` (which must lie on the paper)."""
        x, y, w, h = rect
        return self.pixels[y : y + h, x : x + w].copy()

    def write_region(self, rect: Rect, values: np.ndarray) -> None:
        x, y, w, h = rect
        if values.shape != (h, w):
            raise ValueError(f"region {rect} needs an array of shape {(h, w)}, got {values.shape}")
        self.pixels[y : y + h, x : x + w] = values

    def replace_pixels(self, values: np.ndarray) -> None:
        """Overwrite every pixel in place (the array object stays the same, views onto it stay valid)."""
        if values.shape != self.pixels.shape:
            raise ValueError(f"need shape {self.pixels.shape}, got {values.shape}")
        self.pixels[...] = values

    def clear(self) -> None:
        self.pixels.fill(WHITE)

    def is_blank(self) -> bool:
        return bool((self.pixels == WHITE).all())

    def ink_bounds(self) -> Rect | None:
        """Smallest rectangle holding every non-white pixel; None on a blank sheet."""
        ink = self.pixels != WHITE
        rows = np.flatnonzero(ink.any(axis=1))
        if rows.size == 0:
            return None
        cols = np.flatnonzero(ink.any(axis=0))
        return int(cols[0]), int(rows[0]), int(cols[-1] - cols[0] + 1), int(rows[-1] - rows[0] + 1)

    def copy(self) -> SketchDocument:
        twin = SketchDocument(self.width, self.height)
        twin.pixels[...] = self.pixels
        return twin

    # -- conversions ----------------------------------------------------------------------------------

    def to_pil(self) -> Image.Image:
        return Image.fromarray(self.pixels.copy())

    def to_frame(self) -> Image.Image:
        """The sketch at the model frame size (200×250), area-averaged so thin lines stay visible as gray."""
        return self.to_pil().resize((FRAME_WIDTH, FRAME_HEIGHT), Image.Resampling.BOX)

    @classmethod
    def from_image(
        cls, image: Image.Image | np.ndarray, width: int = DOCUMENT_WIDTH, height: int = DOCUMENT_HEIGHT
    ) -> SketchDocument:
        """Fit any image onto the paper: resized when it already has the 4:5 aspect, else letterboxed.

        Letterboxing keeps the whole image, centred on white, never stretched. Face alignment is the
        engine's job; here we only make the image fit the sheet. Colour and alpha become gray on white.
        """
        pil = _as_gray_pil(image)
        doc = cls(width, height)
        src_w, src_h = pil.size
        if src_w <= 0 or src_h <= 0:
            raise InputError("the image is empty")
        if abs((src_w / src_h) / (width / height) - 1.0) <= _ASPECT_TOLERANCE:
            fitted = (
                pil if pil.size == (width, height) else pil.resize((width, height), _resample(pil, width))
            )
            doc.pixels[...] = np.asarray(fitted, dtype=np.uint8)
            return doc
        scale = min(width / src_w, height / src_h)
        new_w = max(1, min(width, round(src_w * scale)))
        new_h = max(1, min(height, round(src_h * scale)))
        fitted = pil.resize((new_w, new_h), _resample(pil, new_w))
        left, top = (width - new_w) // 2, (height - new_h) // 2
        doc.pixels[top : top + new_h, left : left + new_w] = np.asarray(fitted, dtype=np.uint8)
        return doc

    @classmethod
    def coerce(
        cls, source: DocumentSource, size: tuple[int, int] = (DOCUMENT_WIDTH, DOCUMENT_HEIGHT)
    ) -> SketchDocument:
        """A new document of ``size`` (width, height) from a document, an image, an array or a file path."""
        width, height = size
        if isinstance(source, SketchDocument):
            if source.size == size:
                return source.copy()
            return cls.from_image(source.to_pil(), width, height)
        if isinstance(source, str | os.PathLike):
            return cls.load_png(source, size)
        return cls.from_image(source, width, height)

    # -- files ----------------------------------------------------------------------------------------

    def to_png_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.to_pil().save(buffer, format="PNG", optimize=False)
        return buffer.getvalue()

    def save_png(self, path: str | os.PathLike[str]) -> None:
        """Write the sketch as an 8-bit grayscale PNG; a failure leaves any existing file untouched."""
        target = Path(path)
        if not target.parent.exists():
            raise InputError(f"folder does not exist: {target.parent}")
        try:
            atomic_write_bytes(target, self.to_png_bytes())
        except OSError as exc:
            raise InputError(f"cannot save the sketch to {target}: {exc.strerror or exc}") from exc

    @classmethod
    def load_png(
        cls, path: str | os.PathLike[str], size: tuple[int, int] = (DOCUMENT_WIDTH, DOCUMENT_HEIGHT)
    ) -> SketchDocument:
        """Open a sketch (PNG above all; any format :mod:`s2c_desktop.imaging` accepts) and fit it to the
        paper."""
        return cls.from_image(open_image(path, "L"), *size)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, SketchDocument):
            return NotImplemented
        return self.pixels.shape == other.pixels.shape and bool(np.array_equal(self.pixels, other.pixels))

    __hash__ = None  # type: ignore[assignment]  # mutable

    def __repr__(self) -> str:
        return f"SketchDocument({self.width}×{self.height}, blank={self.is_blank()})"


def _resample(image: Image.Image, target_width: int) -> Image.Resampling:
    # Area averaging when shrinking keeps fine pencil lines; Lanczos when enlarging avoids blockiness.
    return Image.Resampling.BOX if target_width < image.width else Image.Resampling.LANCZOS


def _as_gray_pil(image: Image.Image | np.ndarray) -> Image.Image:
    if isinstance(image, SketchDocument):
        return image.to_pil()
    if isinstance(image, np.ndarray):
        image = array_to_image(image)
    if not isinstance(image, Image.Image):
        raise InputError(f"cannot make a sketch from {type(image).__name__}")
    check_dimensions(image.size, "<image>")
    return convert_mode(image, "L")  # the decoder's one conversion: alpha on paper, 16-bit scaled
