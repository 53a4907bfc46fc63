"""The ways a photo is changed after it leaves the app, which the invisible watermark must survive (issue 25
§2).

Shared by ``tests/engine/test_invisible_mark.py`` and ``bench/bench_invisible_mark.py``, so the test and the
measurement in ADR 0018 mean the same transformations.
"""

from __future__ import annotations

import io
from collections.abc import Callable

from PIL import Image, ImageEnhance


def _reencoded(image: Image.Image, fmt: str, **options: object) -> Image.Image:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    buffer.seek(0)
    with Image.open(buffer) as decoded:
        return decoded.convert("RGB")


def jpeg60(image: Image.Image) -> Image.Image:
    return _reencoded(image, "JPEG", quality=60)


def webp(image: Image.Image) -> Image.Image:
    """PNG → WebP at Pillow's default (lossy, quality 80)."""
    return _reencoded(image, "WEBP")


def half(image: Image.Image) -> Image.Image:
    return image.resize((image.width // 2, image.height // 2), Image.Resampling.BILINEAR)


def double(image: Image.Image) -> Image.Image:
    return image.resize((image.width * 2, image.height * 2), Image.Resampling.BICUBIC)


def face_crop(image: Image.Image) -> Image.Image:
    """The face only: 60 % of the area (77.5 % of each side) around the face's centre, off the tile grid."""
    side = 0.6**0.5
    width, height = round(image.width * side), round(image.height * side)
    left, top = (image.width - width) // 2 + 3, (image.height - height) // 2 + 5
    return image.crop((left, top, left + width, top + height))


def screenshot(image: Image.Image) -> Image.Image:
    """What a screenshot of the window gives: the photo resampled to the size it was shown at (90 %) and 2 %
    brighter."""
    shown = image.resize((round(image.width * 0.9), round(image.height * 0.9)), Image.Resampling.BILINEAR)
    return ImageEnhance.Brightness(shown).enhance(1.02)


TRANSFORMS: dict[str, Callable[[Image.Image], Image.Image]] = {
    "unchanged": lambda image: image,
    "jpeg60": jpeg60,
    "resize50": half,
    "resize200": double,
    "face_crop60": face_crop,
    "screenshot": screenshot,
    "webp": webp,
}
