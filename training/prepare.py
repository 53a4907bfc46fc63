"""Align unaligned sketch/photo pairs (e.g. CUFSF) to the CUFS framing with dlib's 68 landmarks.

Each image gets its own similarity transform (rotation, uniform scale, shift — never a stretch) that puts
the eye centres on the framing's points (75, 126) and (125, 126) of the 200×250 frame. Sketches are padded
with white paper, photos with their replicated border. A pair is skipped when either image has no face.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np

from s2c_desktop.atomic import atomic_path, atomic_write_text
from s2c_desktop.engine.fitting import eye_alignment_matrix, preshrink
from s2c_desktop.engine.framing import FRAME_HEIGHT, FRAME_WIDTH
from s2c_desktop.errors import DataError, InputError
from s2c_desktop.imaging import open_image
from training import data as data_mod
from training import faces


def eye_transform(left_eye: np.ndarray, right_eye: np.ndarray) -> np.ndarray:
    """2×3 similarity matrix mapping the two eye centres onto the framing's eye points (the engine's own)."""
    if math.hypot(*(np.asarray(right_eye) - np.asarray(left_eye))) < 1e-6:
        raise ValueError("eyes coincide")
    return eye_alignment_matrix(tuple(left_eye), tuple(right_eye))


def align(image: np.ndarray, face: faces.Face, *, white_border: bool) -> np.ndarray:
    """The image warped into the 200×250 frame. Large downscales are pre-shrunk with area averaging
    so thin pencil strokes do not alias (the engine's rule)."""
    import cv2

    source, matrix = preshrink(image, eye_transform(face.left_eye, face.right_eye))
    border = (
        dict(borderMode=cv2.BORDER_CONSTANT, borderValue=(255, 255, 255) if image.ndim == 3 else 255)
        if white_border
        else dict(borderMode=cv2.BORDER_REPLICATE)
    )
    return cv2.warpAffine(source, matrix, (FRAME_WIDTH, FRAME_HEIGHT), flags=cv2.INTER_LINEAR, **border)


def _read(path: Path, mode: str) -> np.ndarray:
    try:
        return np.asarray(open_image(path, mode), dtype=np.uint8)  # the app's one decoder
    except InputError as exc:
        raise OSError(str(exc)) from exc  # prepare() counts a file it cannot read by its OSError


def _write_png(array: np.ndarray, target: Path) -> None:
    from PIL import Image

    with atomic_path(target, suffix=".png") as tmp:
        Image.fromarray(array).save(tmp, format="PNG")


def prepare(data_dir: Path, out_dir: Path, *, limit: int | None = None) -> dict:
    """Align every pair of ``data_dir`` into ``out_dir/{sketches,photos}``; returns the counts (also
    written to ``out_dir/prepare.json`` with the names of the skipped pairs)."""
    pairs = data_mod.discover_pairs([data_dir])
    if limit:
        pairs = pairs[:limit]
    (out_dir / "sketches").mkdir(parents=True, exist_ok=True)
    (out_dir / "photos").mkdir(parents=True, exist_ok=True)
    counts = {"pairs": len(pairs), "aligned": 0, "no_face_photo": 0, "no_face_sketch": 0, "unreadable": 0}
    skipped: dict[str, str] = {}
    for pair in pairs:
        try:
            photo = _read(pair.photo_path, "RGB")
            sketch = _read(pair.sketch_path, "L")
        except OSError as exc:
            counts["unreadable"] += 1
            skipped[pair.name] = f"unreadable: {exc}"
            continue
        photo_face = faces.detect(photo)
        if photo_face is None:
            counts["no_face_photo"] += 1
            skipped[pair.name] = "no face in photo"
            continue
        sketch_face = faces.detect(sketch)
        if sketch_face is None:
            counts["no_face_sketch"] += 1
            skipped[pair.name] = "no face in sketch"
            continue
        _write_png(align(photo, photo_face, white_border=False), out_dir / "photos" / f"{pair.name}.png")
        _write_png(align(sketch, sketch_face, white_border=True), out_dir / "sketches" / f"{pair.name}.png")
        counts["aligned"] += 1
    if counts["aligned"] == 0:
        raise DataError(f"no pair of {data_dir} could be aligned (no faces found)")
    atomic_write_text(
        out_dir / "prepare.json",
        json.dumps({"source": str(data_dir), **counts, "skipped": skipped}, indent=1),
    )
    return counts
