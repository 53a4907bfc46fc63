"""The visible mark on every photo that leaves the app, kept off the face it labels.

A generated face must never circulate as a real photo, so every exported, printed, CLI-written or on-screen
photo says so in words. The words must not hide the face: with faint rows of text across the eyes and mouth,
the identity judge recognised the marked photos less often than the sketch they came from (issue 25). So the
mark lies only where the face is not:

- a band along the top edge: "Imagen generada por computadora";
- a band along the bottom edge: "no es una fotografía" and the case number;
- faint rows of the sentence across the rest of the picture, masked out of the face oval (the framing's face
  contour of :mod:`s2c_desktop.engine.framing`, widened by :data:`FACE_MARGIN`), so the hair, the ears and the
  background still carry words.

A crop to the face alone removes the words; the invisible watermark (:mod:`s2c_desktop.engine.invisible_mark`)
survives it and ``s2c verify`` reads it. Fixed Spanish wording (the product's language; the mark is read
outside the app). Qt-free: the CLI, the GUI and the case sheet call the same function.
"""

from __future__ import annotations

import functools

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from s2c_desktop.engine.framing import FACE_GUIDE

MARK_TEXT = "Imagen generada por computadora — no es una fotografía"
TOP_TEXT = "Imagen generada por computadora"
BOTTOM_TEXT = "No es una fotografía"
# Fonts with the accents and the dash, tried in turn (Linux, Windows, macOS); Pillow's own font is the
# fallback.
FONT_CANDIDATES = ("DejaVuSans.ttf", "arial.ttf", "Arial.ttf", "Helvetica.ttc", "LiberationSans-Regular.ttf")
# Opacity (of 255) of the rows around the face, and of the bands' dark background.
ROW_OPACITY = 40
BAND_OPACITY = 160
# The face oval is widened by this fraction of the frame's width on every side: the judge's landmarks
# (eyebrows, jaw line) sit on the contour itself.
FACE_MARGIN = 0.05
MIN_FONT = 7  # pixels: the smallest band text, still legible at the frame's 200×250
PROVENANCE_KEY = "visible_mark"  # the provenance field that records the mark's text


def mark_text(case_number: str = "") -> str:
    """The sentence the mark shows: with ``Caso <number>`` when the photo belongs to a case."""
    number = _one_line(case_number)
    return f"{MARK_TEXT} · Caso {number}" if number else MARK_TEXT


def add_visible_mark(photo: Image.Image, case_number: str = "") -> Image.Image:
    """A copy of ``photo`` (RGB, any 4:5 size) carrying the visible mark; ``photo`` itself is not changed."""
    base = photo.convert("RGBA")
    layer = _mark_layer(base.size, _one_line(case_number))
    return Image.alpha_composite(base, layer).convert("RGB")


def face_oval_mask(size: tuple[int, int]) -> np.ndarray:
    """Boolean [height, width]: True inside the face oval (with its margin) of a frame-shaped image."""
    width, height = size
    centre_x, centre_y = FACE_GUIDE.face_centre[0] * width, FACE_GUIDE.face_centre[1] * height
    radius_x = (FACE_GUIDE.face_radii[0] + FACE_MARGIN) * width
    radius_y = FACE_GUIDE.face_radii[1] * height + FACE_MARGIN * width
    ys, xs = np.mgrid[0:height, 0:width]
    return ((xs + 0.5 - centre_x) / radius_x) ** 2 + ((ys + 0.5 - centre_y) / radius_y) ** 2 <= 1.0


def _one_line(text: str) -> str:
    return " ".join(str(text).split())  # one line, whatever the field holds


@functools.lru_cache(maxsize=8)  # a batch of photos shares one size and one text: the mark is drawn once
def _mark_layer(size: tuple[int, int], case_number: str) -> Image.Image:
    width, height = size
    font_size = max(8, round(width / 22))  # 9 px on the 200-pixel frame, grows with bigger photos
    font, full_glyphs = _font(font_size)
    line_height = font_size + 3

    def fit(text: str) -> str:
        return text if full_glyphs else text.replace("—", "-").replace("í", "i")  # Pillow's font lacks them

    rows = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(rows)
    sentence = fit(mark_text(case_number))
    repeated = f"{sentence}   ·   {sentence}"
    period = max(1, int(draw.textlength(sentence + "   ·   ", font=font)))
    for index, top in enumerate(range(line_height, height, line_height * 2)):
        shift = ((index * width * 3) // 7) % period  # each row starts elsewhere in the sentence
        draw.text(
            (-shift, top),
            repeated,
            font=font,
            fill=(255, 255, 255, ROW_OPACITY),
            stroke_width=1,
            stroke_fill=(0, 0, 0, ROW_OPACITY),
        )
    alpha = np.asarray(rows.getchannel("A")).copy()
    alpha[face_oval_mask(size)] = 0  # the face stays clear
    rows.putalpha(Image.fromarray(alpha))

    layer = Image.new("RGBA", size, (0, 0, 0, 0))
    bands = ImageDraw.Draw(layer)
    oval = np.flatnonzero(face_oval_mask(size).any(axis=1))
    bottom_text = fit(f"{BOTTOM_TEXT} · Caso {case_number}" if case_number else BOTTOM_TEXT)
    top_font, top_lines, top_step = _fitted(bands, fit(TOP_TEXT), width, int(oval[0]), font_size)
    bottom_font, bottom_lines, bottom_step = _fitted(
        bands, bottom_text, width, height - int(oval[-1]) - 1, font_size
    )
    top_height = len(top_lines) * top_step + 3
    bottom_top = height - len(bottom_lines) * bottom_step - 3
    bands.rectangle((0, 0, width, top_height), fill=(0, 0, 0, BAND_OPACITY))
    bands.rectangle((0, bottom_top, width, height), fill=(0, 0, 0, BAND_OPACITY))
    for band_font, lines, step, first in (
        (top_font, top_lines, top_step, 1),
        (bottom_font, bottom_lines, bottom_step, bottom_top + 1),
    ):
        for number, line in enumerate(lines):
            left = max(3, (width - int(bands.textlength(line, font=band_font))) // 2)
            bands.text((left, first + number * step), line, font=band_font, fill=(255, 255, 255, 255))
    # The rows sit under the bands, so the bands' own words stay legible.
    return Image.alpha_composite(rows, layer)


def _fitted(
    draw: ImageDraw.ImageDraw, text: str, width: int, room: int, font_size: int
) -> tuple[ImageFont.FreeTypeFont | ImageFont.ImageFont, list[str], int]:
    """The band's font, lines and line step: the largest size down to MIN_FONT whose lines fit in ``room``
    pixels (the strip between the edge and the face oval); a long case number may still need more."""
    for size in range(font_size, MIN_FONT - 1, -1):
        font, _ = _font(size)
        lines = _wrap(draw, text, font, width - 6)
        if len(lines) * (size + 3) + 3 <= room or size == MIN_FONT:
            return font, lines, size + 3
    raise AssertionError("unreachable")


@functools.lru_cache(maxsize=8)  # finding a system font searches folders: once per size, not per photo
def _font(size: int) -> tuple[ImageFont.FreeTypeFont | ImageFont.ImageFont, bool]:
    for name in FONT_CANDIDATES:
        try:
            return ImageFont.truetype(name, size), True
        except OSError:
            continue
    return ImageFont.load_default(size=size), False


def _wrap(
    draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont | ImageFont.ImageFont, width: int
) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        candidate = f"{current} {word}".strip()
        if current and draw.textlength(candidate, font=font) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    return [*lines, current] if current else lines
