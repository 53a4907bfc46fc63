"""The witness's colour hints as a layer above the sketch: RGBA, the paper's size, transparent where no hint
is.

The layer is never drawn into the sketch: it is stored beside it (``hints.png`` in the case folder) and given
to the engine as ``Colorizer.colorize(sketch, hints=layer)``. Hints are painted without antialiasing, so every
pixel is either a pure hint colour (alpha 255) or nothing (alpha 0, RGB 0): the same form the engine reduces
any hint layer to (alpha ≥ 50 % is a hint), so what the artist sees is exactly what the model gets.
"""

from __future__ import annotations

import numpy as np
from PIL import Image

from s2c_desktop.engine.hints import HINT_MIN_ALPHA, hint_colours
from s2c_desktop.engine.hints import HintLayer as EngineHintLayer
from s2c_desktop.sketch.document import DOCUMENT_HEIGHT, DOCUMENT_WIDTH, Rect


class HintSheet:
    """A transparent RGBA sheet (uint8, (height, width, 4), C-contiguous) for colour hints."""

    def __init__(self, width: int = DOCUMENT_WIDTH, height: int = DOCUMENT_HEIGHT) -> None:
        self._pixels = np.zeros((height, width, 4), np.uint8)

    @property
    def pixels(self) -> np.ndarray:
        """The raster; never rebound, so views onto it (the canvas' QImage) stay valid."""
        return self._pixels

    @property
    def size(self) -> tuple[int, int]:
        return int(self._pixels.shape[1]), int(self._pixels.shape[0])

    def region(self, rect: Rect) -> np.ndarray:
        x, y, w, h = rect
        return self._pixels[y : y + h, x : x + w].copy()

    def write_region(self, rect: Rect, values: np.ndarray) -> None:
        x, y, w, h = rect
        if values.shape != (h, w, 4):
            raise ValueError(f"region {rect} needs an array of shape {(h, w, 4)}, got {values.shape}")
        self._pixels[y : y + h, x : x + w] = values

    def replace_pixels(self, values: np.ndarray) -> None:
        if values.shape != self._pixels.shape:
            raise ValueError(f"need shape {self._pixels.shape}, got {values.shape}")
        self._pixels[...] = values

    def is_empty(self) -> bool:
        return not bool(self._pixels[:, :, 3].any())

    def colours(self, limit: int = 12) -> list[tuple[tuple[int, int, int], int]]:
        """The hint colours in use with their pixel counts, most used first."""
        return hint_colours(EngineHintLayer(self._pixels, "<hints>", ""), limit)

    def to_pil(self) -> Image.Image:
        return Image.fromarray(self._pixels.copy(), "RGBA")

    def pixels_or_none(self) -> np.ndarray | None:
        """A copy for the engine, or None when there is no hint (the photo is then made without hints)."""
        return None if self.is_empty() else self._pixels.copy()

    @classmethod
    def from_image(
        cls, image: Image.Image, width: int = DOCUMENT_WIDTH, height: int = DOCUMENT_HEIGHT
    ) -> HintSheet:
        """A stored hint layer fitted to paper of this size: nearest-neighbour, so colours stay pure; any
        alpha below 50 % is dropped, as the engine would."""
        rgba = image.convert("RGBA")
        if rgba.size != (width, height):
            rgba = rgba.resize((width, height), Image.Resampling.NEAREST)
        array = np.asarray(rgba, np.uint8)
        sheet = cls(width, height)
        mask = array[:, :, 3] >= HINT_MIN_ALPHA
        sheet._pixels[mask, :3] = array[mask, :3]
        sheet._pixels[mask, 3] = 255
        return sheet
