"""The witness's colour hints: an RGBA layer in the sketch's coordinates, turned into the model's ``hints``
input.

A hint layer is the size of the sketch; a pixel whose alpha is at least 50 % says "this place has this
colour", anything more transparent says nothing. The engine moves the layer into the frame with the very
transform that fitted the sketch (:attr:`FittedSketch.matrix`), so a dot on the iris lands on the iris the
model sees.

Resampling is done on premultiplied colour (RGB × mask) and the mask, then divided back: the edge of a dot
keeps its colour instead of fading towards the transparent black around it. The model input
(docs/architecture.md, "model contract") is float32 ``[H, W, 4]``: RGB in [-1, 1] where the mask is 1, 0 where
it is 0, then the mask.
"""

from __future__ import annotations

import hashlib
import math
import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from s2c_desktop.engine import framing
from s2c_desktop.engine.fitting import PRESHRINK_BELOW, preshrink
from s2c_desktop.engine.loading import (
    MIN_SIDE,
    check_dimensions,
    hash_pixels,
    open_image_bytes,
    read_image_file,
)
from s2c_desktop.errors import InputError
from s2c_desktop.imaging import convert_mode, image_header

# The Monk Skin Tone scale (E. Monk, Google, CC BY 4.0), tones 1–10: the palette the artist picks skin from
# and
# the targets training recolours skin to (training/recolor.py), so the two always agree.
MONK_SKIN_TONES = (
    "#f6ede4",
    "#f3e7db",
    "#f7ead0",
    "#eadaba",
    "#d7bd96",
    "#a07e56",
    "#825c43",
    "#604134",
    "#3a312a",
    "#292420",
)
HINT_MIN_ALPHA = 128  # of 255: at least 50 % opaque counts as a hint
NO_HINTS = "none"  # the provenance value when the photo was made without hints
# PIL modes that carry transparency; anything else would make the whole layer one big hint.
_ALPHA_MODES = ("RGBA", "LA", "PA", "RGBa", "La")

HintSource = str | os.PathLike[str] | Image.Image | np.ndarray


@dataclass(frozen=True)
class HintLayer:
    """A decoded hint layer: RGBA uint8, alpha 255 where a hint is, RGB and alpha 0 elsewhere."""

    rgba: np.ndarray  # uint8 (height, width, 4)
    name: str  # file name, or "<image>" / "<array>"
    sha256: str  # of the file's bytes, or of the in-memory pixels
    path: Path | None = None
    # Warped layers by fitting transform: live mode colorizes after every stroke while the hints stay the
    # same,
    # so a caller that keeps its HintLayer pays for decoding, hashing and warping once per hint edit.
    _frames: dict[bytes, np.ndarray] = field(default_factory=dict, compare=False, repr=False)

    @property
    def size(self) -> tuple[int, int]:
        """(width, height), PIL order."""
        return int(self.rgba.shape[1]), int(self.rgba.shape[0])

    @cached_property
    def bounds(self) -> tuple[int, int, int, int] | None:
        """(x0, y0, x1, y1) around every hint, or None for an empty layer."""
        import cv2

        # OpenCV's bounding box of the alpha's non-zero pixels: a third of numpy's time on the strided alpha.
        x, y, width, height = cv2.boundingRect(cv2.extractChannel(self.rgba, 3))
        return None if width == 0 else (x, y, x + width, y + height)

    @property
    def is_empty(self) -> bool:
        return self.bounds is None


def load_hints(source: HintSource | HintLayer) -> HintLayer:
    """Decode a hint layer (file, PIL image or H×W×4 array); an image without transparency is refused."""
    if isinstance(source, HintLayer):
        return source
    if isinstance(source, Image.Image):
        check_dimensions(source.size, "hint layer")
        rgba = _binarise(_rgba_of(source, "hint layer"))
        return HintLayer(rgba, "<image>", hash_pixels(rgba, "RGBA"))
    if isinstance(source, np.ndarray):
        rgba = _binarise(_array_to_rgba(source))
        return HintLayer(rgba, "<array>", hash_pixels(rgba, "RGBA"))
    if isinstance(source, str | os.PathLike):
        path = Path(source)
        data = read_image_file(path)
        rgba = _binarise(_rgba_of(open_image_bytes(data, str(path)), str(path)))
        return HintLayer(rgba, path.name or str(path), hashlib.sha256(data).hexdigest(), path)
    raise InputError(
        f"cannot use a {type(source).__name__} as colour hints: pass an RGBA image file, PIL image or array"
    )


def _rgba_of(image: Image.Image, label: str) -> np.ndarray:
    return np.asarray(hint_layer_image(image, label), dtype=np.uint8)


def hint_layer_image(image: Image.Image, label: str) -> Image.Image:
    """The one rule for a hint layer read from outside (``--hints``, a case's ``hints.png``): it must carry
    transparency; returned as RGBA (the decoder's one conversion, 16-bit scaled)."""
    require_transparency(image.mode, image.info, label)
    return convert_mode(image, "RGBA")


def require_transparency(mode: str, info: dict[str, Any], label: str) -> None:
    if not (mode in _ALPHA_MODES or (mode == "P" and "transparency" in info)):
        raise InputError(
            f"{label}: colour hints need transparency (RGBA); this image is {mode}, so every pixel would be "
            "a hint"
        )


def check_hint_file(path: Path) -> None:
    """What a hint file's header can tell, before the model is loaded and before its pixels are decoded (a
    49-megapixel layer costs ~0.8 GB and seconds): an accepted format within the pixel limit, with
    transparency."""
    _size, mode, info = image_header(read_image_file(path), str(path), min_side=MIN_SIDE)
    require_transparency(mode, info, str(path))


def _array_to_rgba(array: np.ndarray) -> np.ndarray:
    if array.ndim != 3 or array.shape[2] != 4:
        raise InputError(f"colour hints must be an H×W×4 RGBA array, not shape {array.shape}")
    check_dimensions((array.shape[1], array.shape[0]), "hint layer")
    if array.dtype != np.uint8:
        if np.issubdtype(array.dtype, np.floating) and (
            not np.all(np.isfinite(array)) or array.max(initial=0) > 1
        ):
            raise InputError("float colour hints must be finite values in [0, 1]")
        scale = 255.0 if np.issubdtype(array.dtype, np.floating) else 1.0
        array = np.clip(np.rint(array * scale), 0, 255).astype(np.uint8)
    return array


def _binarise(rgba: np.ndarray) -> np.ndarray:
    """Alpha ≥ 50 % → a hint (alpha 255); the rest is fully transparent with black RGB (no stray colour)."""
    import cv2

    # OpenCV's threshold and masked copy: 1.7 ms on the 800×1000 paper, where numpy's masking takes 9.
    _, keep = cv2.threshold(np.ascontiguousarray(rgba[:, :, 3]), HINT_MIN_ALPHA - 1, 255, cv2.THRESH_BINARY)
    out = cv2.bitwise_and(rgba, rgba, mask=keep)
    out[:, :, 3] = keep
    return out


def check_hint_size(layer: HintLayer, sketch_size: tuple[int, int], sketch_name: str) -> None:
    if layer.size != sketch_size:
        raise InputError(
            f"colour hints {layer.name} are {layer.size[0]}×{layer.size[1]}, but sketch {sketch_name} is "
            f"{sketch_size[0]}×{sketch_size[1]}: the hint layer must be the size of the sketch"
        )


def warp_hints(layer: HintLayer, matrix: np.ndarray | None) -> np.ndarray:
    """The layer in the 200×250 frame: float32 (250, 200, 4), premultiplied RGB (0–255 × coverage) and
    coverage.

    ``matrix`` is the sketch's fitting transform (source pixels → frame pixels); ``None`` means the sketch was
    already the frame's size."""
    if matrix is None:
        if layer.rgba.shape[:2] != (framing.FRAME_HEIGHT, framing.FRAME_WIDTH):
            raise InputError("colour hints: the sketch's fitting transform is unknown")
        matrix = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])
    key = np.asarray(matrix, np.float64).tobytes()
    frame = layer._frames.get(key)
    if frame is None:
        frame = _warp(layer, matrix)
        frame.flags.writeable = False  # shared by every later run with this transform
        if len(layer._frames) >= 4:  # a sketch is fitted one way; a few entries cover batch use
            layer._frames.clear()
        layer._frames[key] = frame
    return frame


def _warp(layer: HintLayer, matrix: np.ndarray) -> np.ndarray:
    import cv2

    if layer.bounds is None:
        return np.zeros((framing.FRAME_HEIGHT, framing.FRAME_WIDTH, 4), np.float32)
    # Only the part with hints is resampled, with a margin of transparent pixels so interpolation near the
    # crop's edge sees what is really there. Its corners sit on the pre-shrink's grid (multiples of the
    # integer
    # reduction, 4 for the canvas paper): the same cells as a shrink of the whole layer, and OpenCV's fast
    # path.
    height, width = layer.rgba.shape[:2]
    scale = min(1.0, math.sqrt(abs(float(np.linalg.det(matrix[:, :2])))))
    step = max(1, round(1 / scale)) if scale < PRESHRINK_BELOW else 1
    margin = 2 + math.ceil(2 / scale)
    x0, y0, x1, y1 = layer.bounds
    x0, y0 = max(0, (x0 - margin) // step * step), max(0, (y0 - margin) // step * step)
    x1, y1 = min(width, -(-(x1 + margin) // step) * step), min(height, -(-(y1 + margin) // step) * step)
    # The layer is premultiplied by construction (binarised: RGB is 0 wherever alpha is 0, alpha is 255 on a
    # hint), so colour needs no multiplication; coverage becomes 0–1.
    premultiplied = layer.rgba[y0:y1, x0:x1].astype(np.float32)
    premultiplied[:, :, 3] *= np.float32(1 / 255)
    cropped = np.hstack(
        [matrix[:, :2], (matrix[:, 2] + matrix[:, :2] @ np.array([x0, y0], np.float64))[:, None]]
    )
    source, m = preshrink(premultiplied, cropped)
    placed = _placed_in_frame(source, m)
    if placed is not None:
        return placed
    # Linear, not the sketch's cubic: cubic overshoots, and a mask must stay within [0, 1].
    return cv2.warpAffine(
        source, m, framing.FRAME_SIZE, flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=0
    )


def _placed_in_frame(source: np.ndarray, m: np.ndarray) -> np.ndarray | None:
    """``source`` pasted into an empty frame when ``m`` only moves it by whole pixels, else None.

    That is what the linear warp gives then, value for value (each output pixel is one source pixel × 1 plus
    its neighbours × 0), without resampling: a layer drawn on the frame-shaped paper or on a framed sketch,
    whose fitting is a plain (pre-shrunk) scale, always lands here."""
    if not (np.array_equal(m[:, :2], np.eye(2)) and np.array_equal(m[:, 2], np.round(m[:, 2]))):
        return None
    frame = np.zeros((framing.FRAME_HEIGHT, framing.FRAME_WIDTH, source.shape[2]), np.float32)
    dx, dy = int(m[0, 2]), int(m[1, 2])
    height, width = source.shape[:2]
    x0, y0 = max(dx, 0), max(dy, 0)
    x1, y1 = min(dx + width, framing.FRAME_WIDTH), min(dy + height, framing.FRAME_HEIGHT)
    if x0 < x1 and y0 < y1:
        frame[y0:y1, x0:x1] = source[y0 - dy : y1 - dy, x0 - dx : x1 - dx]
    return frame


def hints_tensor(frame_hints: np.ndarray | None, height: int, width: int) -> np.ndarray:
    """Premultiplied frame hints → the model's float32 (height, width, 4) input; ``None`` → all zeros."""
    import cv2

    if frame_hints is None:
        return np.zeros((height, width, 4), np.float32)
    if frame_hints.shape[:2] != (height, width):
        shrinking = frame_hints.shape[1] > width
        frame_hints = cv2.resize(
            frame_hints, (width, height), interpolation=cv2.INTER_AREA if shrinking else cv2.INTER_LINEAR
        )
    pixels = frame_hints.reshape(-1, 4)
    hinted = np.flatnonzero(pixels[:, 3] >= np.float32(0.5))  # indices: several times faster than a mask
    tensor = np.zeros((height * width, 4), np.float32)
    # Un-premultiply: the colour of the hint itself, never mixed with the transparent black around it.
    colour = unpremultiplied(pixels[hinted])
    tensor[hinted, :3] = np.clip(colour, 0, 255) / np.float32(127.5) - np.float32(1.0)
    tensor[hinted, 3] = 1.0
    return tensor.reshape(height, width, 4)


def unpremultiplied(pixels: np.ndarray) -> np.ndarray:
    """Premultiplied frame-hint pixels [N, 4] → their colours [N, 3] (0–255, float32)."""
    return pixels[:, :3] / pixels[:, 3:]


def hint_colours(layer: HintLayer, limit: int = 12) -> list[tuple[tuple[int, int, int], int]]:
    """The distinct colours of the layer with their pixel counts, most used first (for the case sheet)."""
    mask = layer.rgba[:, :, 3] > 0
    if not mask.any():
        return []
    colours, counts = np.unique(layer.rgba[mask, :3].reshape(-1, 3), axis=0, return_counts=True)
    order = np.argsort(-counts, kind="stable")[:limit]
    return [(tuple(int(v) for v in colours[i]), int(counts[i])) for i in order]  # type: ignore[misc]
