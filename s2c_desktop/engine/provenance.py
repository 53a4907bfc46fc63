"""Every photo the app writes says what made it: PNG text chunks with the model, its hash, the input's hash.

Keys (PNG ``tEXt``): ``Software`` ("Sketch2Color <version>") and ``s2c:<field>`` for each field of
``ColorizeResult.metadata`` (model, model_sha256, provider, created, input, input_sha256, fit, ...).

A photo written here leaves the app (CLI output, *Export photo*), so it also carries the visible mark of
:mod:`s2c_desktop.engine.watermark`, recorded as ``s2c:visible_mark``. (The case folder's own ``photo.png`` is
the unmarked working copy, written by :mod:`s2c_desktop.sketch.case`.)
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from PIL import Image, PngImagePlugin

from s2c_desktop import APP_NAME, __version__
from s2c_desktop.atomic import atomic_path
from s2c_desktop.engine.watermark import PROVENANCE_KEY, add_visible_mark, mark_text
from s2c_desktop.errors import S2CError
from s2c_desktop.imaging import open_image

if TYPE_CHECKING:
    from s2c_desktop.engine.colorizer import ColorizeResult

KEY_PREFIX = "s2c:"


def png_info(metadata: dict[str, str]) -> PngImagePlugin.PngInfo:
    info = PngImagePlugin.PngInfo()
    info.add_text("Software", f"{APP_NAME} {__version__}")
    for key, value in metadata.items():
        # tEXt is Latin-1: anything else (a file name in Cyrillic) goes into an iTXt chunk instead.
        text = str(value)
        try:
            text.encode("latin-1")
            info.add_text(KEY_PREFIX + key, text)
        except UnicodeEncodeError:
            info.add_itxt(KEY_PREFIX + key, text)
    return info


# zlib level of written photos (issue 24, measured on a 200×250 photo): level 1 encodes in 4.6 ms to 72 KB, Pillow's
# default 6 in 17 ms to 65 KB, 9 in 46 ms to 64 KB; a third of `s2c colorize`'s time per image went to level 6.
PNG_COMPRESS_LEVEL = 1


def save_photo_png(
    result: ColorizeResult,
    path: str | os.PathLike[str],
    extra: dict[str, str] | None = None,
    case_number: str = "",
) -> Path:
    """Write ``result.photo``, visibly marked, to ``path`` atomically as PNG with provenance; returns the path.

    A failure (no permission, disk full) raises :class:`S2CError` and leaves nothing behind.
    """
    return save_image_png(result.photo, path, {**result.metadata, **(extra or {})}, case_number)


def save_image_png(
    image: Image.Image, path: str | os.PathLike[str], metadata: dict[str, str], case_number: str = ""
) -> Path:
    """Write a generated photo with the visible mark (naming ``case_number``) and its provenance chunks."""
    target = Path(path)
    marked = add_visible_mark(image, case_number)
    metadata = {**metadata, PROVENANCE_KEY: mark_text(case_number)}
    try:
        with atomic_path(target) as tmp:
            marked.save(tmp, format="PNG", pnginfo=png_info(metadata), compress_level=PNG_COMPRESS_LEVEL)
    except OSError as exc:
        raise S2CError(f"cannot write {target}: {exc.strerror or exc}") from None
    return target


def read_provenance(path: str | os.PathLike[str]) -> dict[str, str]:
    """The ``s2c:`` fields of a PNG written by :func:`save_photo_png` (prefix removed)."""
    image = open_image(path, None)  # the one decoder; text chunks stay in ``info`` in the decoded mode
    return {
        key[len(KEY_PREFIX) :]: str(value)
        for key, value in image.info.items()
        if isinstance(key, str) and key.startswith(KEY_PREFIX)
    }
