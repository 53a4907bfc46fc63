"""A case: the sketch, the colorized photo and the case fields, kept together in one folder.

The folder format is documented in ``docs/case_format.md`` (decision: ``docs/adr/0003-case-format.md``)::

    <case folder>/
        case.json    fields, schema version, provenance of the photo, file names
        sketch.png   the artist's drawing, 8-bit grayscale, full canvas resolution
        photo.png    the last colorized photo (optional), RGB, with provenance text chunks

Every file is written atomically (temporary file + rename) and ``case.json`` is written last, so a crash or
a full disk part-way leaves the previous ``case.json`` in place and never a half-written file. The images are
referenced by name with their SHA-256, so a reader can tell when an image does not belong to the JSON.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import io
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PIL import Image, PngImagePlugin, UnidentifiedImageError

from s2c_desktop.atomic import atomic_write_bytes, atomic_write_text
from s2c_desktop.errors import InputError, S2CError

log = logging.getLogger(__name__)

CASE_FORMAT = "s2c-case"
SCHEMA_VERSION = 1
CASE_FILE = "case.json"
SKETCH_FILE = "sketch.png"
PHOTO_FILE = "photo.png"


class CaseError(S2CError):
    """A case folder cannot be read or written."""


@dataclass
class Case:
    """Everything a case folder holds. ``sketch`` is grayscale ("L"), ``photo`` RGB; both optional."""

    case_number: str = ""
    artist: str = ""
    witness_notes: str = ""
    date: str = field(default_factory=lambda: _dt.date.today().isoformat())  # ISO YYYY-MM-DD
    sketch: Image.Image | None = None
    photo: Image.Image | None = None
    # The engine's provenance for ``photo`` (model, sha256, input hash, time); empty without a photo.
    photo_metadata: dict[str, Any] = field(default_factory=dict)
    created: str = field(default_factory=lambda: _now_iso())
    modified: str = field(default_factory=lambda: _now_iso())

    def fields_dict(self) -> dict[str, str]:
        return {
            "case_number": self.case_number,
            "artist": self.artist,
            "witness_notes": self.witness_notes,
            "date": self.date,
        }


def _now_iso() -> str:
    return _dt.datetime.now(_dt.UTC).replace(microsecond=0).isoformat()


def _png_bytes(image: Image.Image, text: dict[str, Any] | None = None) -> bytes:
    info = PngImagePlugin.PngInfo()
    for key, value in (text or {}).items():
        info.add_text(f"s2c:{key}", value if isinstance(value, str) else json.dumps(value, ensure_ascii=False))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", pnginfo=info)
    return buffer.getvalue()


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def save_case(folder: str | Path, case: Case) -> Path:
    """Write ``case`` into ``folder`` (created if needed); returns the path of ``case.json``.

    Raises :class:`CaseError` with a one-line message when the folder cannot be written (full disk,
    permissions); the files already there are left as they were.
    """
    folder = Path(folder)
    case.modified = _now_iso()
    files: dict[str, Any] = {}
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if case.sketch is not None:
            data = _png_bytes(case.sketch.convert("L"))
            atomic_write_bytes(folder / SKETCH_FILE, data)
            files["sketch"] = {"name": SKETCH_FILE, "sha256": _sha256(data), "size": list(case.sketch.size)}
        if case.photo is not None:
            data = _png_bytes(case.photo.convert("RGB"), case.photo_metadata)
            atomic_write_bytes(folder / PHOTO_FILE, data)
            files["photo"] = {"name": PHOTO_FILE, "sha256": _sha256(data), "size": list(case.photo.size)}
        document = {
            "format": CASE_FORMAT,
            "schema_version": SCHEMA_VERSION,
            **case.fields_dict(),
            "created": case.created,
            "modified": case.modified,
            "files": files,
            "photo_metadata": case.photo_metadata if case.photo is not None else {},
        }
        atomic_write_text(folder / CASE_FILE, json.dumps(document, indent=2, ensure_ascii=False))
    except OSError as exc:
        raise CaseError(f"cannot save the case in {folder}: {exc.strerror or exc}") from exc
    # A photo left over from an earlier save must not be taken for this sketch's result.
    if case.photo is None and (folder / PHOTO_FILE).exists():
        try:
            (folder / PHOTO_FILE).unlink()
        except OSError as exc:
            log.warning("could not remove the old photo %s: %s", folder / PHOTO_FILE, exc)
    return folder / CASE_FILE


def is_case_folder(folder: str | Path) -> bool:
    return (Path(folder) / CASE_FILE).is_file()


def _read_image(path: Path, mode: str, expected_sha: str | None) -> Image.Image:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CaseError(f"the case file {path.name} cannot be read: {exc.strerror or exc}") from exc
    if expected_sha and _sha256(data) != expected_sha:
        # Still usable, but the user should know the folder was changed outside the app.
        log.warning("%s does not match the checksum recorded in case.json", path)
    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise CaseError(f"the case image {path.name} is damaged or not a PNG") from exc
    return image.convert(mode)


def load_case(folder: str | Path) -> Case:
    """Read a case folder written by :func:`save_case`. Raises :class:`CaseError` with a clear message."""
    folder = Path(folder)
    json_path = folder / CASE_FILE
    if not folder.is_dir():
        raise CaseError(f"case folder not found: {folder}")
    if not json_path.is_file():
        raise CaseError(f"not a case folder (no {CASE_FILE}): {folder}")
    try:
        document = json.loads(json_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise CaseError(f"{CASE_FILE} in {folder} is damaged: {exc}") from exc
    if not isinstance(document, dict) or document.get("format") != CASE_FORMAT:
        raise CaseError(f"{json_path} is not a Sketch2Color case file")
    version = document.get("schema_version")
    if not isinstance(version, int) or version > SCHEMA_VERSION:
        raise CaseError(
            f"case format version {version} is newer than this program understands ({SCHEMA_VERSION})",
            hint="update Sketch2Color",
        )
    files = document.get("files") or {}
    case = Case(
        case_number=str(document.get("case_number", "")),
        artist=str(document.get("artist", "")),
        witness_notes=str(document.get("witness_notes", "")),
        date=str(document.get("date", "")) or _dt.date.today().isoformat(),
        created=str(document.get("created", "")) or _now_iso(),
        modified=str(document.get("modified", "")) or _now_iso(),
    )
    sketch_entry = files.get("sketch")
    if isinstance(sketch_entry, dict):
        case.sketch = _read_image(folder / str(sketch_entry.get("name", SKETCH_FILE)), "L", sketch_entry.get("sha256"))
    photo_entry = files.get("photo")
    if isinstance(photo_entry, dict):
        case.photo = _read_image(folder / str(photo_entry.get("name", PHOTO_FILE)), "RGB", photo_entry.get("sha256"))
        metadata = document.get("photo_metadata")
        case.photo_metadata = metadata if isinstance(metadata, dict) else {}
    return case


def load_image_file(path: str | Path, mode: str = "L") -> Image.Image:
    """Open an image the user picked; a missing, empty or non-image file becomes an :class:`InputError`."""
    path = Path(path)
    try:
        with Image.open(path) as image:
            image.load()
            return image.convert(mode)
    except FileNotFoundError as exc:
        raise InputError(f"file not found: {path}") from exc
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise InputError(f"not a readable image: {path.name}") from exc
