"""Measures of generator v3 (issue 11): detail, skin colour under three hint conditions, the teacher's rank-1.

- **Detail ratio**: variance of the Laplacian of the grayscale photo after resizing the 200×250 frame to
  100×125 (area), over the face region rows 20–110, columns 15–85; divided by the same figure averaged over
  the true photos of the set (1.0 = as detailed as real photos; a real photo blurred by σ = 1 px ≈ 0.3).
- **Skin ΔE** (CIE 1976) at the forehead and both cheeks (median of 9×9 patches): (a) without hints against
  the true photo, (b) with hints taken from the true photo, against it, (c) with hints of Monk tone 7 skin
  and near-black hair, against that tone. The skin hints sit on the nose and chin, never on a measured
  point (``hints.EVALUATION_SKIN_HINTS``): the colour has to spread over the face to count. (b) and (c) are
  measured on the photo as the app shows it, after the engine's skin-tone anchor (ADR 0017), and on the
  generator's own photo (keys ending ``_generator``).
- **Teacher rank-1**: FaceNet's own identification rate — the training teacher, reported beside dlib's (the
  judge) and clearly labelled as such; it is not evidence of identity.
"""

from __future__ import annotations

import cv2
import numpy as np

from training import hints as hints_mod
from training.recolor import HAIR_COLOURS, MONK_TONES, delta_e, hex_rgb, to_lab
from training.report import GENERATOR_ALONE

DETAIL_SIZE = (100, 125)  # (width, height) the frame is reduced to
DETAIL_ROWS = (20, 110)
DETAIL_COLS = (15, 85)
MONK_7 = hex_rgb(MONK_TONES[6])  # #825c43
NEAR_BLACK_HAIR = hex_rgb(HAIR_COLOURS["black"])


def detail(photo: np.ndarray) -> float:
    """Variance of the Laplacian over the face region of a frame photo [250, 200, 3] uint8."""
    gray = cv2.cvtColor(np.ascontiguousarray(photo), cv2.COLOR_RGB2GRAY)
    small = cv2.resize(gray, DETAIL_SIZE, interpolation=cv2.INTER_AREA).astype(np.float64)
    laplacian = cv2.Laplacian(small, cv2.CV_64F)
    return float(laplacian[DETAIL_ROWS[0] : DETAIL_ROWS[1], DETAIL_COLS[0] : DETAIL_COLS[1]].var())


def detail_ratio(photos: np.ndarray, true_photos: np.ndarray) -> float:
    reference = float(np.mean([detail(p) for p in true_photos]))
    return float(np.mean([detail(p) for p in photos]) / max(reference, 1e-9))


def skin_lab(photo: np.ndarray) -> np.ndarray:
    """CIELAB of the median 9×9 patch at each skin probe: [3, 3]."""
    colours = [hints_mod.patch_median(photo, x, y, 9) for x, y in hints_mod.SKIN_PROBES]
    return to_lab(np.array(colours, np.uint8))


def skin_delta_e(photos: np.ndarray, targets: np.ndarray | tuple[int, int, int]) -> float:
    """Mean ΔE over photos and the three skin probes; ``targets`` are frame photos (their own skin is the
    target) or one RGB colour for all."""
    if isinstance(targets, tuple):
        target_lab = to_lab(np.array([targets], np.uint8))[0]
        values = [delta_e(skin_lab(p), target_lab) for p in photos]
    else:
        values = [delta_e(skin_lab(p), skin_lab(t)) for p, t in zip(photos, targets, strict=True)]
    return float(np.mean(values))


def true_hint_layers(photos: np.ndarray) -> np.ndarray:
    """RGBA frame layers with dots on the skin probes and the hair, coloured from each true photo."""
    return np.stack([hints_mod.render(hints_mod.fixed_hints(p)) for p in photos])


def monk7_hint_layers(count: int) -> np.ndarray:
    layer = hints_mod.render(hints_mod.fixed_hints(None, {"skin": MONK_7, "hair": NEAR_BLACK_HAIR}))
    return np.repeat(layer[None], count, axis=0)


def colour_report(generator, sketches: np.ndarray, photos: np.ndarray, unhinted: np.ndarray) -> dict:
    """Skin ΔE without hints, with true hints and with Monk-7 hints (the latter two need a hints model): the
    photo as the app shows it, and (keys ending ``GENERATOR_ALONE``) the generator's own, before the
    anchor."""
    report = {"skin_de_no_hints": skin_delta_e(unhinted, photos)}
    if getattr(generator, "accepts_hints", False):
        for name, layers, target in (
            ("true_hints", true_hint_layers(photos), photos),
            ("monk7_hints", monk7_hint_layers(len(sketches)), MONK_7),
        ):
            # The model runs once; the photo as the app shows it is the anchor applied to the generator's own.
            alone = generator(sketches, layers, anchored=False)
            report[f"skin_de_{name}"] = skin_delta_e(generator.anchor(alone, layers), target)
            report[f"skin_de_{name}{GENERATOR_ALONE}"] = skin_delta_e(alone, target)
    return report


def teacher_ranks(probes: np.ndarray, gallery_photos: np.ndarray, teacher=None) -> np.ndarray:
    """Rank of each probe's own photo (index i) among ``gallery_photos`` by FaceNet cosine similarity."""
    from training import data as data_mod
    from training.teacher import FaceNetTeacher

    teacher = teacher or FaceNetTeacher()
    probe_vectors = teacher.embed_numpy(np.stack([data_mod.to_unit(p) for p in probes]))
    gallery_vectors = teacher.embed_numpy(np.stack([data_mod.to_unit(p) for p in gallery_photos]))
    similarity = probe_vectors @ gallery_vectors.T
    own = similarity[np.arange(len(probes)), np.arange(len(probes))]
    return 1 + np.sum(similarity > own[:, None], axis=1)
