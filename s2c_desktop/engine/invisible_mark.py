"""The invisible watermark: an origin that a screenshot, a re-save or a crop does not strip (ADR 0018).

The provenance text chunks vanish in a screenshot or a messaging app, and the visible mark goes with a crop to
the face. So every photo that leaves the app also carries a faint pseudo-random pattern in its pixels, made
from a key only this product uses, which :func:`detect` finds again and ``s2c verify`` reports.

How (spread spectrum, four patterns, payload in their shifts; numbers and alternatives in the ADR):

- Four ±1 patterns of :data:`TILE` × :data:`TILE` cells, drawn from fixed seeds, tile the whole picture; a
  cell is 1/100 of the photo's width (2 pixels at 200×250, 4 at 400×500), smoothed, added to all three
  channels with an amplitude that follows the local texture (less on smooth skin).
- The first pattern is the anchor; each of the other three is cyclically shifted against it by a number of
  cells that carries 10 bits: 30 bits in all, :data:`PRODUCT_BITS` of a fixed product tag, 8 of the model's
  SHA-256 and 16 of the provenance hash (:func:`provenance_hash`).
- The reader brings the image to 2 pixels per cell (the whole picture when it has the frame's 4:5 shape, or
  the pixels as they are, at the export's scales, for a crop), keeps the fine detail (a high-pass), folds
  every tile onto one and finds each pattern's offset by circular cross-correlation (FFT). Periodic tiles make
  a crop or a shift harmless; resampling the whole picture to the known width undoes a resize.
- A mark is found only when all four correlation peaks stand far above the rest (z-scores, thresholds chosen
  on every real photo of the data sets: none passes) and the product tag matches.

Qt-free and numpy/OpenCV only (OpenCV imported on first use, as elsewhere in the engine): the GUI, the CLI and
the bundle self-test share it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

import numpy as np
from PIL import Image

from s2c_desktop.engine.framing import is_framed_size

TILE = 32  # cells per tile side
CELLS_ACROSS = 100  # cells across the photo's width: the pattern scales with the photo
DETECT_CELL = 2  # pixels per cell where the reader works
SHIFT_BITS = 10  # bits in one pattern's shift (TILE × TILE positions)
PRODUCT_TAG = 0b101101
PRODUCT_BITS = 6
MODEL_BITS = 8
PROVENANCE_BITS = 16
PATTERNS = 4  # the anchor and three carriers of SHIFT_BITS each
STRENGTH = 4.0  # amplitude in 8-bit levels on ordinary texture (see the ADR for the measured visibility)
# The widths (pixels) photos leave the app at (400: the super-resolution stage's; 200: without it, and older
# files): a crop keeps its pixels' scale, so the reader tries these.
EXPORT_WIDTHS = (200, 400)
ANCHOR_Z = 6.2  # the anchor's peak, in standard deviations of all its shifts (real photos: at most 5.75)
CARRIER_Z = 4.5  # each carrier's peak (real photos: at most 4.14)
SEED = "Sketch2Color invisible mark v1"
PROVENANCE_KEY = "invisible_mark"  # the provenance field that records the payload
# The provenance fields the payload's hash covers: which model, which sketch and hints, when, which case.
PROVENANCE_FIELDS = ("model_sha256", "input_sha256", "hints_sha256", "created", "case")


@dataclass(frozen=True)
class Payload:
    model_tag: int  # the first MODEL_BITS of the model's SHA-256
    provenance_tag: int  # the first PROVENANCE_BITS of the provenance hash

    def describe(self) -> str:
        """As the provenance records it: ``model:a7 provenance:5ec2``."""
        return f"model:{self.model_tag:02x} provenance:{self.provenance_tag:04x}"

    def bits(self) -> int:
        value = (PRODUCT_TAG << (MODEL_BITS + PROVENANCE_BITS)) | (self.model_tag << PROVENANCE_BITS)
        return value | self.provenance_tag


@dataclass(frozen=True)
class Detection:
    payload: Payload
    strength: float  # the weakest of the four peaks' z-scores


def provenance_hash(metadata: dict[str, str]) -> str:
    """SHA-256 (hex) of the fields that say where a photo came from (:data:`PROVENANCE_FIELDS`, JSON), so that
    a note added later does not change it."""
    fields = {key: str(metadata.get(key, "")) for key in PROVENANCE_FIELDS}
    return hashlib.sha256(json.dumps(fields, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def payload_for(metadata: dict[str, str]) -> Payload:
    """What a photo with this provenance carries: its model's and its provenance's first bits."""
    model = str(metadata.get("model_sha256", "")) or "0" * 64
    try:
        model_tag = int(model[:2], 16)
    except ValueError:
        model_tag = 0
    return Payload(model_tag, int(provenance_hash(metadata)[:4], 16))


def embed(image: Image.Image, payload: Payload) -> Image.Image:
    """A copy of ``image`` (RGB) carrying ``payload`` invisibly."""
    import cv2

    rgb = np.asarray(image.convert("RGB"), np.float32)
    height, width = rgb.shape[:2]
    cell = width / CELLS_ACROSS
    columns, rows = int(np.ceil(width / cell)) + 1, int(np.ceil(height / cell)) + 1
    cells = np.tile(_tile(payload), (rows // TILE + 1, columns // TILE + 1))[:rows, :columns]
    field = cv2.resize(cells, (round(columns * cell), round(rows * cell)), interpolation=cv2.INTER_LINEAR)
    field = field[:height, :width]
    # The channels' mean, summed by hand: exact on 8-bit values (sums below 2**24), so the same floats as
    # rgb.mean(axis=2), which costs 2.6 ms at 400×500 against 0.5 (numpy reduces a 3-long axis slowly).
    grey = (rgb[..., 0] + rgb[..., 1] + rgb[..., 2]) / 3
    texture = np.sqrt(np.maximum(cv2.blur((grey - cv2.blur(grey, (5, 5))) ** 2, (9, 9)), 0))
    amplitude = STRENGTH * np.clip(0.45 + texture / 6.0, 0.45, 1.6)
    # In place, each step over the photo once: the same values as rgb + … then clip(rint(…)), ~1 ms less.
    rgb += (amplitude * field)[..., None]
    np.rint(rgb, out=rgb)
    np.clip(rgb, 0, 255, out=rgb)
    return Image.fromarray(rgb.astype(np.uint8))


def detect(image: Image.Image) -> Detection | None:
    """The payload of a photo carrying the mark, or None (the thresholds keep real photos out)."""
    best: Detection | None = None
    for reading in read(image):
        if reading.anchor_z < ANCHOR_Z or reading.carrier_z < CARRIER_Z or reading.payload is None:
            continue
        if best is None or reading.strength > best.strength:
            best = Detection(reading.payload, reading.strength)
    return best


@dataclass(frozen=True)
class Reading:
    """What the reader saw under one guess of the image's scale, before any threshold."""

    anchor_z: float
    carrier_z: float  # the weakest carrier's peak
    payload: Payload | None  # None when the product tag does not match

    @property
    def strength(self) -> float:
        return min(self.anchor_z, self.carrier_z)


def read(image: Image.Image) -> list[Reading]:
    """One reading per guess of the image's scale (the false-positive measurements look at these)."""
    grey = np.asarray(image.convert("L"), np.float32)
    height, width = grey.shape
    return [_read(scaled) for scaled in _hypotheses(grey, width, height)]


def _hypotheses(grey: np.ndarray, width: int, height: int) -> list[np.ndarray]:
    """The image at 2 pixels per cell under each guess of its scale."""
    target = DETECT_CELL * CELLS_ACROSS
    guesses: list[np.ndarray] = []
    if is_framed_size(width, height) or abs(width / max(height, 1) - 0.8) < 0.03:  # the whole picture
        guesses.append(_resize(grey, target, round(height * target / width)))
    for export_width in EXPORT_WIDTHS:  # a crop of an export, its pixels at their scale
        factor = target / export_width
        size = (round(width * factor), round(height * factor))
        if min(size) >= DETECT_CELL * TILE and not any(g.shape[::-1] == size for g in guesses[:1]):
            guesses.append(_resize(grey, *size))
    return guesses


def _resize(grey: np.ndarray, width: int, height: int) -> np.ndarray:
    import cv2

    if (width, height) == grey.shape[::-1]:
        return grey
    shrinking = width < grey.shape[1]
    return cv2.resize(grey, (width, height), interpolation=cv2.INTER_AREA if shrinking else cv2.INTER_LINEAR)


def _read(grey: np.ndarray) -> Reading:
    import cv2

    period = DETECT_CELL * TILE
    residual = _high_pass(grey)
    # Each pixel weighed by how busy its neighbourhood is: hair and edges must not outweigh smooth skin.
    local = np.sqrt(cv2.GaussianBlur(residual * residual, (0, 0), 4.0)) + 1.0
    residual = np.clip(residual / local, -3.0, 3.0)
    height, width = residual.shape
    padded = np.zeros((-(-height // period) * period, -(-width // period) * period), np.float32)
    padded[:height, :width] = residual
    folded = padded.reshape(padded.shape[0] // period, period, padded.shape[1] // period, period).sum((0, 2))
    spectrum = np.fft.fft2(folded)
    spectrum /= np.abs(spectrum) + 1e-6  # phase only: the face's own detail weighs no more than the pattern's
    peaks = []
    for template in _templates():
        correlation = np.real(np.fft.ifft2(spectrum * np.conj(template)))
        y, x = np.unravel_index(int(np.argmax(correlation)), correlation.shape)
        z = (float(correlation[y, x]) - float(correlation.mean())) / (float(correlation.std()) + 1e-9)
        peaks.append((_refine(correlation, y, x), z))
    anchor = peaks[0][0]
    value = 0
    for (y, x), _z in peaks[1:]:
        dy = round(((y - anchor[0]) % period) / DETECT_CELL) % TILE
        dx = round(((x - anchor[1]) % period) / DETECT_CELL) % TILE
        value = (value << SHIFT_BITS) | (dy * TILE + dx)
    payload = None
    if value >> (MODEL_BITS + PROVENANCE_BITS) == PRODUCT_TAG:
        model_tag = (value >> PROVENANCE_BITS) & ((1 << MODEL_BITS) - 1)
        payload = Payload(model_tag, value & ((1 << PROVENANCE_BITS) - 1))
    return Reading(peaks[0][1], min(z for _, z in peaks[1:]), payload)


def _high_pass(grey: np.ndarray) -> np.ndarray:
    import cv2

    return grey - cv2.GaussianBlur(grey, (0, 0), 2.0)


def _refine(correlation: np.ndarray, y: int, x: int) -> tuple[float, float]:
    """The peak's position to a fraction of a pixel (a parabola through it and its neighbours)."""
    size = correlation.shape[0]

    def offset(before: float, at: float, after: float) -> float:
        curve = before - 2 * at + after
        return 0.0 if curve >= 0 else 0.5 * (before - after) / curve

    dy = offset(correlation[(y - 1) % size, x], correlation[y, x], correlation[(y + 1) % size, x])
    dx = offset(correlation[y, (x - 1) % size], correlation[y, x], correlation[y, (x + 1) % size])
    return y + dy, x + dx


def _patterns() -> list[np.ndarray]:
    patterns = []
    for index in range(PATTERNS):
        seed = int.from_bytes(hashlib.sha256(f"{SEED}/{index}".encode()).digest()[:8], "big")
        pattern = np.random.default_rng(seed).choice(np.array([-1.0, 1.0], np.float32), (TILE, TILE))
        patterns.append(pattern - pattern.mean())
    return patterns


_PATTERNS = _patterns()


def _tile(payload: Payload) -> np.ndarray:
    """One tile of cells: the anchor plus each carrier shifted by its 10 bits, unit power."""
    value = payload.bits()
    tile = _PATTERNS[0].copy()
    for index in range(1, PATTERNS):
        shift = (value >> (SHIFT_BITS * (PATTERNS - 1 - index))) & ((1 << SHIFT_BITS) - 1)
        tile += np.roll(_PATTERNS[index], (shift // TILE, shift % TILE), axis=(0, 1))
    return (tile / np.sqrt(PATTERNS)).astype(np.float32)


def _templates() -> list[np.ndarray]:
    """Each pattern as the reader sees it (2 pixels per cell, high-passed), in the frequency domain."""
    global _TEMPLATES
    if _TEMPLATES is None:
        import cv2

        period = DETECT_CELL * TILE
        _TEMPLATES = []
        for pattern in _PATTERNS:
            big = np.tile(pattern, (3, 3))
            rendered = cv2.resize(big, (3 * period, 3 * period), interpolation=cv2.INTER_LINEAR)
            centre = _high_pass(rendered)[period : 2 * period, period : 2 * period]
            _TEMPLATES.append(np.fft.fft2(centre))
    return _TEMPLATES


_TEMPLATES: list[np.ndarray] | None = None
