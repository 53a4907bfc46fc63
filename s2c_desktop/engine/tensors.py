"""The one copy of the conversions between frame images and the model's tensors.

The engine (``Colorizer``) and training (``training/data.py``, ``training/evaluate.py``) both use these, so
the generator is trained on exactly what the app feeds it and judged on exactly what the app shows.
"""

from __future__ import annotations

import numpy as np
from PIL import Image

from s2c_desktop.engine import framing


def to_unit(array: np.ndarray) -> np.ndarray:
    """uint8 [0, 255] → float32 [-1, 1] (paper 255 = +1, ink 0 = -1); grayscale gains a channel axis."""
    unit = np.multiply(array, np.float32(1 / 127.5), dtype=np.float32)
    unit -= np.float32(1.0)
    return unit[..., None] if unit.ndim == 2 else unit


def from_unit(array: np.ndarray) -> np.ndarray:
    """float [-1, 1] → uint8 [0, 255], rounding half up."""
    scaled = np.multiply(array, np.float32(127.5), dtype=np.float32)
    scaled += np.float32(128.0)
    np.clip(scaled, 0, 255, out=scaled)
    return scaled.astype(np.uint8)


def resize_bicubic(array: np.ndarray, height: int, width: int) -> np.ndarray:
    """PIL bicubic resize of a uint8 image (how a frame is brought to the model's H×W)."""
    if array.shape[:2] == (height, width):
        return array
    return np.asarray(
        Image.fromarray(array).resize((width, height), Image.Resampling.BICUBIC), dtype=np.uint8
    )


def frame_to_model(frame: np.ndarray, height: int, width: int) -> np.ndarray:
    """A frame sketch (uint8, 250×200) → the model's float32 [H, W, 1] input."""
    return to_unit(resize_bicubic(frame, height, width))


def model_to_frame(photo: np.ndarray) -> np.ndarray:
    """The model's [H, W, 3] output in [-1, 1] → a uint8 RGB frame photo (250×200)."""
    import cv2

    rgb = from_unit(photo)
    if rgb.shape[:2] != (framing.FRAME_HEIGHT, framing.FRAME_WIDTH):
        # OpenCV is several times faster than PIL here; area averaging when the model's output is larger.
        shrinking = rgb.shape[1] > framing.FRAME_WIDTH
        rgb = cv2.resize(
            rgb, framing.FRAME_SIZE, interpolation=cv2.INTER_AREA if shrinking else cv2.INTER_CUBIC
        )
    return rgb
