"""A case: the sketch, the colorized photo and the case fields, kept together in one folder.

The folder format is documented in ``docs/case_format.md`` (decision: ``docs/adr/0003-case-format.md``)::

    <case folder>/
        case.json    fields, schema version, provenance of the photo, the image files' names and SHA-256
        sketch.png   the artist's drawing, 8-bit grayscale, full canvas resolution
        photo.png    the last colorized photo (optional), RGB, with provenance text chunks and both marks
                     (engine/provenance.py ``leaving_photo``: marked once, so a photo read back keeps them)
        hints.png    the witness's colour hints (optional), RGBA, the sketch's size, transparent = no hint

A save is all-or-nothing: a changed image is written *beside* the current one (``sketch.png`` and
``sketch-alt.png`` take turns), then ``case.json`` naming the new files replaces the old one in one rename,
the commit point. A crash or a full disk before that rename leaves the old ``case.json`` naming the old,
untouched images; the files no longer named are removed after it.

A case folder is untrusted (it arrives by USB stick or e-mail): ``case.json`` may only name plain files inside
the folder, which must be regular files of at most :data:`MAX_CASE_FILE_BYTES`, decoded by the one image
decoder (:mod:`s2c_desktop.imaging`). Anything else is a one-line :class:`CaseError`.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import hashlib
import io
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PIL import Image, PngImagePlugin

from s2c_desktop.atomic import atomic_write_bytes, atomic_write_text
from s2c_desktop.engine.hints import hint_layer_image
from s2c_desktop.engine.provenance import leaving_photo
from s2c_desktop.errors import InputError, S2CError
from s2c_desktop.imaging import Mode, decode_image, open_image, read_regular_file
from s2c_desktop.printable import printable

log = logging.getLogger(__name__)

CASE_FORMAT = "s2c-case"
SCHEMA_VERSION = 1
CASE_FILE = "case.json"
SKETCH_FILE = "sketch.png"
PHOTO_FILE = "photo.png"
HINTS_FILE = "hints.png"
ALT_SUFFIX = "-alt"  # the other name of each image, for writing a new version beside the current one
# Case images are a few hundred kilobytes at most; a case.json holds text fields only.
MAX_CASE_FILE_BYTES = 32 * 1024 * 1024
MAX_CASE_JSON_BYTES = 4 * 1024 * 1024
MAX_NAME_BYTES = 255

# Every image a case holds: files key → (usual file name, mode in memory). The key is also the Case attribute.
CASE_IMAGES: dict[str, tuple[str, Mode]] = {
    "sketch": (SKETCH_FILE, "L"),
    "photo": (PHOTO_FILE, "RGB"),
    "hints": (HINTS_FILE, "RGBA"),
}


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
    hints: Image.Image | None = None  # RGBA colour hints over the sketch; None when the witness gave none
    # The engine's provenance for ``photo`` (model, sha256, input hash, time); empty without a photo.
    photo_metadata: dict[str, Any] = field(default_factory=dict)
    created: str = field(default_factory=lambda: _now_iso())
    modified: str = field(default_factory=lambda: _now_iso())
    # Files whose bytes differ from the SHA-256 in case.json (changed outside the app); cleared by a save.
    checksum_mismatches: list[str] = field(default_factory=list)
    # The witness's Variantes rounds, oldest first (engine/variants.round_record: nine parameter sets, the
    # pick,
    # the times); kept across saves so the case shows how the face was reached.
    variant_rounds: list[dict[str, Any]] = field(default_factory=list)

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
        info.add_text(
            f"s2c:{key}", value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        )
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", pnginfo=info)
    return buffer.getvalue()


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _alternate(name: str) -> str:
    stem, dot, suffix = name.rpartition(".")
    return f"{stem}{ALT_SUFFIX}{dot}{suffix}" if dot else f"{name}{ALT_SUFFIX}"


def _current_files(folder: Path) -> dict[str, dict[str, Any]]:
    """The image entries of the case.json now in ``folder`` (empty when there is none or it is unusable)."""
    try:
        document = json.loads(
            read_regular_file(folder / CASE_FILE, MAX_CASE_JSON_BYTES, follow_symlinks=False)
        )
        files = document.get("files") if isinstance(document, dict) else None
    except (S2CError, ValueError, RecursionError):
        return {}
    return (
        {key: entry for key, entry in files.items() if isinstance(entry, dict)}
        if isinstance(files, dict)
        else {}
    )


def save_case(folder: str | Path, case: Case) -> Path:
    """Write ``case`` into ``folder`` (created if needed), all or nothing; returns the path of ``case.json``.

    Raises :class:`CaseError` with a one-line message when the folder cannot be written (full disk,
    permissions); the case already there is then left exactly as it was."""
    folder = Path(folder)
    modified = _now_iso()
    files: dict[str, Any] = {}
    written: list[Path] = []
    try:
        folder.mkdir(parents=True, exist_ok=True)
        current = _current_files(folder)
        photo_metadata: dict[str, Any] = {}
        for key, (usual_name, mode) in CASE_IMAGES.items():
            image = getattr(case, key)
            if image is None:
                continue
            if key == "photo":  # the folder leaves the app (USB stick, e-mail): its photo carries the marks
                image, photo_metadata = leaving_photo(image, case.photo_metadata, case.case_number)
            data = _png_bytes(image.convert(mode), photo_metadata if key == "photo" else None)
            sha = _sha256(data)
            entry = current.get(key, {})
            name = entry.get("name")
            if not (
                name in (usual_name, _alternate(usual_name))
                and entry.get("sha256") == sha
                and _file_sha256(folder / name) == sha
            ):
                # Never overwrite a file the current case.json names: write beside it.
                name = _alternate(usual_name) if name == usual_name else usual_name
                atomic_write_bytes(folder / name, data)
                written.append(folder / name)
            files[key] = {"name": name, "sha256": sha, "size": list(image.size)}
        document = {
            "format": CASE_FORMAT,
            "schema_version": SCHEMA_VERSION,
            **case.fields_dict(),
            "created": case.created,
            "modified": modified,
            "files": files,
            "photo_metadata": photo_metadata,
            "variant_rounds": case.variant_rounds,
        }
        atomic_write_text(
            folder / CASE_FILE, json.dumps(document, indent=2, ensure_ascii=False)
        )  # the commit
    except OSError as exc:
        for path in written:  # not named by any case.json: the folder is back to what it was
            with contextlib.suppress(OSError):
                path.unlink()
        raise CaseError(f"cannot save the case in {printable(folder)}: {exc.strerror or exc}") from exc
    case.modified = modified
    case.checksum_mismatches = []
    _remove_unnamed_images(folder, {entry["name"] for entry in files.values()})
    return folder / CASE_FILE


def _file_sha256(path: Path) -> str | None:
    try:
        return _sha256(read_regular_file(path, MAX_CASE_FILE_BYTES, follow_symlinks=False))
    except S2CError:
        return None


def _remove_unnamed_images(folder: Path, named: set[str]) -> None:
    # Old versions, and a photo from an earlier save that must not be taken for this sketch's result.
    for usual_name, _mode in CASE_IMAGES.values():
        for name in (usual_name, _alternate(usual_name)):
            if name not in named and (folder / name).is_file():
                try:
                    (folder / name).unlink()
                except OSError as exc:
                    log.warning("could not remove the old case file %s: %s", folder / name, exc)


def is_case_folder(folder: str | Path) -> bool:
    return (Path(folder) / CASE_FILE).is_file()


def _plain_name(key: str, entry: Any, usual_name: str) -> str:
    """The file name a ``files`` entry gives, if it is a plain name of a file inside the folder."""
    if not isinstance(entry, dict):
        raise CaseError(f"{CASE_FILE}: files.{key} must be an object with a file name")
    name = entry.get("name", usual_name)
    if not isinstance(name, str):
        raise CaseError(f"{CASE_FILE}: files.{key}.name must be a file name")
    plain = (
        name not in ("", ".", "..")
        and not any(separator in name for separator in ("/", "\\", ":", "\0"))
        and Path(name).name == name
        and len(name.encode("utf-8", "surrogatepass")) <= MAX_NAME_BYTES
    )
    if not plain:
        raise CaseError(
            f"{CASE_FILE}: files.{key}.name {printable(repr(name))} is not a plain file name "
            "inside the case folder"
        )
    return name


def _read_image(folder: Path, name: str, mode: Mode, expected_sha: Any, mismatches: list[str]) -> Image.Image:
    label = f"the case file {printable(name)}"
    try:
        data = read_regular_file(folder / name, MAX_CASE_FILE_BYTES, follow_symlinks=False, label=label)
        if isinstance(expected_sha, str) and expected_sha and _sha256(data) != expected_sha:
            # Still usable, but the user must be told: the folder was changed outside the app.
            log.warning("%s does not match the checksum recorded in %s", folder / name, CASE_FILE)
            mismatches.append(name)
        if mode == "RGBA":  # the hint layer: one rule with ``s2c colorize --hints`` (transparency needed)
            return hint_layer_image(decode_image(data, None, label=label), label)
        return decode_image(data, mode, label=label)
    except InputError as exc:
        raise CaseError(str(exc)) from None


def load_case(folder: str | Path) -> Case:
    """Read a case folder written by :func:`save_case`. Raises :class:`CaseError` with a clear message."""
    folder = Path(folder)
    json_path = folder / CASE_FILE
    if not folder.is_dir():
        raise CaseError(f"case folder not found: {printable(folder)}")
    if not json_path.is_file():
        raise CaseError(f"not a case folder (no {CASE_FILE}): {printable(folder)}")
    try:
        text = read_regular_file(json_path, MAX_CASE_JSON_BYTES, follow_symlinks=False, label=CASE_FILE)
        document = json.loads(text.decode("utf-8"))
    except InputError as exc:
        raise CaseError(str(exc)) from None
    except (ValueError, RecursionError) as exc:  # bad JSON, or nested deeper than the parser's stack
        raise CaseError(f"{CASE_FILE} in {printable(folder)} is damaged: {printable(str(exc))}") from exc
    if not isinstance(document, dict) or document.get("format") != CASE_FORMAT:
        raise CaseError(f"{printable(json_path)} is not a Sketch2Color case file")
    version = document.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise CaseError(
            f"{CASE_FILE}: schema_version {printable(json.dumps(version, ensure_ascii=False))} is not a "
            "whole number; the file is damaged"
        )
    if version < 1:
        raise CaseError(f"{CASE_FILE}: schema_version {version} is not a valid case format version")
    if version > SCHEMA_VERSION:
        raise CaseError(
            f"case format version {version} is newer than this program understands ({SCHEMA_VERSION})",
            hint="update Sketch2Color",
        )
    files = document.get("files") or {}
    if not isinstance(files, dict):
        raise CaseError(f"{CASE_FILE}: files must be an object naming the case's images")
    case = Case(
        case_number=str(document.get("case_number", "")),
        artist=str(document.get("artist", "")),
        witness_notes=str(document.get("witness_notes", "")),
        date=str(document.get("date", "")) or _dt.date.today().isoformat(),
        created=str(document.get("created", "")) or _now_iso(),
        modified=str(document.get("modified", "")) or _now_iso(),
    )
    for key, (usual_name, mode) in CASE_IMAGES.items():
        if key in files:
            name = _plain_name(key, files[key], usual_name)
            setattr(
                case, key, _read_image(folder, name, mode, files[key].get("sha256"), case.checksum_mismatches)
            )
    if case.photo is not None:
        metadata = document.get("photo_metadata")
        case.photo_metadata = metadata if isinstance(metadata, dict) else {}
    case.variant_rounds = _variant_rounds(document.get("variant_rounds"), folder)
    return case


MAX_VARIANT_ROUNDS = 200  # a session of many rounds is a few dozen; more is not a record the app wrote


def _variant_rounds(raw: Any, folder: Path) -> list[dict[str, Any]]:
    """The rounds a case.json lists, each checked; a damaged record is one CaseError line (the case is not
    opened half-read: the rounds are evidence of how the face was reached)."""
    from s2c_desktop.engine.variants import round_from_json

    if raw is None:
        return []
    if not isinstance(raw, list) or len(raw) > MAX_VARIANT_ROUNDS:
        raise CaseError(
            f"{CASE_FILE} in {printable(folder)}: variant_rounds must list at most {MAX_VARIANT_ROUNDS} "
            "rounds"
        )
    try:
        return [round_from_json(item) for item in raw]
    except InputError as exc:
        raise CaseError(f"{CASE_FILE} in {printable(folder)}: {exc}") from None


def load_image_file(path: str | Path, mode: Mode = "L") -> Image.Image:
    """Open an image the user picked, through the one decoder; every problem is an :class:`InputError`."""
    return open_image(path, mode)
