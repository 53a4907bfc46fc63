"""Every photo the app writes says what made it: PNG text chunks with the model, its hash, the input's hash.

Keys (PNG ``tEXt``): ``Software`` ("Sketch2Color <version>") and ``s2c:<field>`` for each field of
``ColorizeResult.metadata`` (model, model_sha256, provider, created, input, input_sha256, fit, ...).

A photo written here leaves the app (CLI output, *Export photo*), so it also carries the visible mark of
:mod:`s2c_desktop.engine.visible_mark`, recorded as ``s2c:visible_mark``. (The case folder's own ``photo.png``
is the unmarked working copy, written by :mod:`s2c_desktop.sketch.case`.)
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PIL import Image, PngImagePlugin

from s2c_desktop import APP_NAME, __version__
from s2c_desktop.atomic import atomic_path
from s2c_desktop.engine import invisible_mark, superres
from s2c_desktop.engine.png_file import encode_png
from s2c_desktop.engine.visible_mark import PROVENANCE_KEY, add_visible_mark, mark_text
from s2c_desktop.errors import S2CError
from s2c_desktop.imaging import ACCEPTED_FORMATS, decode_image, open_image, read_regular_file

if TYPE_CHECKING:
    from s2c_desktop.engine.colorizer import ColorizeResult

KEY_PREFIX = "s2c:"
VERIFY_FORMATS = (*ACCEPTED_FORMATS, "WEBP")  # a photo sent through a messaging app often comes back as WebP
CASE_KEY = "case"  # the case number the marks name, when the photo belongs to a case


def leaving_photo(
    image: Image.Image, metadata: dict[str, str], case_number: str = "", *, enlarge: bool = True
) -> tuple[Image.Image, dict[str, str]]:
    """The photo as it leaves the app, and its provenance: enlarged to print size by the super-resolution
    stage (``enlarge``; the screen keeps 200×250), the visible mark naming ``case_number``, then the invisible
    watermark carrying the model's and the provenance's first bits. Already marked (its provenance records the
    visible mark): returned as it is."""
    if min(image.size) < 1:
        raise S2CError("the photo is empty (no pixels)")
    metadata = {str(key): str(value) for key, value in metadata.items()}
    if PROVENANCE_KEY in metadata:
        return image.convert("RGB"), metadata
    if enlarge:
        image, metadata = superres.enlarged(image, metadata)
    number = " ".join(str(case_number).split())
    marked = {**metadata, PROVENANCE_KEY: mark_text(number), **({CASE_KEY: number} if number else {})}
    payload = invisible_mark.payload_for(marked)
    photo = invisible_mark.embed(add_visible_mark(image, number), payload)
    return photo, {**marked, invisible_mark.PROVENANCE_KEY: payload.describe()}


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


def save_photo_png(
    result: ColorizeResult,
    path: str | os.PathLike[str],
    extra: dict[str, str] | None = None,
    case_number: str = "",
) -> Path:
    """Write ``result.photo``, marked (:func:`leaving_photo`), to ``path`` atomically as PNG with provenance;
    returns the path.

    A failure (no permission, disk full) raises :class:`S2CError` and leaves nothing behind.
    """
    return save_image_png(result.photo, path, {**result.metadata, **(extra or {})}, case_number)


def save_image_png(
    image: Image.Image, path: str | os.PathLike[str], metadata: dict[str, str], case_number: str = ""
) -> Path:
    """Write a generated photo with both marks (naming ``case_number``) and its provenance chunks."""
    target = Path(path)
    marked, metadata = leaving_photo(image, metadata, case_number)
    try:
        with atomic_path(target) as tmp:
            tmp.write_bytes(encode_png(marked, png_info(metadata)))  # engine/png_file.py: why not Pillow's
    except OSError as exc:
        raise S2CError(f"cannot write {target}: {exc.strerror or exc}") from None
    return target


def read_provenance(path: str | os.PathLike[str]) -> dict[str, str]:
    """The ``s2c:`` fields of a PNG written by :func:`save_photo_png` (prefix removed)."""
    return _provenance_fields(open_image(path, None))  # text chunks stay in ``info`` in the decoded mode


def _provenance_fields(image: Image.Image) -> dict[str, str]:
    return {
        key[len(KEY_PREFIX) :]: str(value)
        for key, value in image.info.items()
        if isinstance(key, str) and key.startswith(KEY_PREFIX)
    }


@dataclass(frozen=True)
class Origin:
    """What the pixels of a marked photo say about where it came from."""

    model: str  # the model's name (from the provenance, or the installed model's card), else "#<tag>"
    case: str | None  # the case number; None when the provenance chunks are gone or do not match
    provenance_tag: str  # the payload's provenance bits, hex
    strength: float  # the detection's z-score


def verify_image(path: str | os.PathLike[str]) -> Origin | None:
    """Whether the image's pixels carry Sketch2Color's invisible watermark, and what it says (None: no mark).

    PNG, JPEG, BMP, TIFF and WebP files are read (one decoder, the size limits of :mod:`s2c_desktop.imaging`);
    a file that cannot be read raises :class:`S2CError` with one line."""
    label = str(path)
    image = decode_image(read_regular_file(path, label=label), None, label=label, formats=VERIFY_FORMATS)
    detection = invisible_mark.detect(image.convert("RGB"))
    if detection is None:
        return None
    payload = detection.payload
    chunks = _provenance_fields(image)
    tag = f"{payload.provenance_tag:04x}"
    if chunks and invisible_mark.provenance_hash(chunks)[:4] == tag:  # the chunks belong to these pixels
        return Origin(chunks.get("model", "?"), chunks.get(CASE_KEY, ""), tag, detection.strength)
    return Origin(_model_named_by(payload.model_tag), None, tag, detection.strength)


def _model_named_by(model_tag: int) -> str:
    """The installed model's name when its SHA-256 starts with the payload's model bits, else the bits."""
    from s2c_desktop.engine.model import read_card, resolve_model_path

    try:
        card = read_card(resolve_model_path(None))
    except S2CError:
        card = None
    if card is not None and card.sha256[:2] == f"{model_tag:02x}":
        return card.name
    return f"#{model_tag:02x}"
