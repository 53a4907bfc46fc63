"""The visible mark on every photo that leaves the app: "Imagen generada por computadora — no es una fotografía".

A generated face must never circulate as a real photo. The provenance PNG chunks say what made it, but they are
invisible and lost in a screenshot, so every exported, printed or CLI-written photo also carries a visible mark:

- a band along the bottom edge with the whole sentence and the case number, legible at the photo's size;
- the same sentence repeated in faint rows across the whole picture, so that cropping to the face keeps several
  pieces of it (the rows are offset from each other, so any crop of the face shows different words).

The mark is white text with a dark outline, both at low opacity: readable on light and dark skin, unobtrusive
enough to judge the face. Fixed Spanish wording (the product's language; the mark is read outside the app).
Qt-free: the CLI and the GUI call the same function.
"""

from __future__ import annotations

import functools

from PIL import Image, ImageDraw, ImageFont

MARK_TEXT = "Imagen generada por computadora — no es una fotografía"
# Fonts with the accents and the dash, tried in turn (Linux, Windows, macOS); Pillow's own font is the fallback.
FONT_CANDIDATES = ("DejaVuSans.ttf", "arial.ttf", "Arial.ttf", "Helvetica.ttc", "LiberationSans-Regular.ttf")
# Opacity (of 255) of the repeated rows across the face, and of the bottom band's background.
ROW_OPACITY = 60
BAND_OPACITY = 150
PROVENANCE_KEY = "visible_mark"  # the provenance field that records the mark's text


def mark_text(case_number: str = "") -> str:
    """The sentence the mark shows: with ``Caso <number>`` when the photo belongs to a case."""
    number = " ".join(str(case_number).split())  # one line, whatever the field holds
    return f"{MARK_TEXT} · Caso {number}" if number else MARK_TEXT


def add_visible_mark(photo: Image.Image, case_number: str = "") -> Image.Image:
    """A copy of ``photo`` (RGB) carrying the visible mark; ``photo`` itself is not changed."""
    base = photo.convert("RGBA")
    return Image.alpha_composite(base, _mark_layer(base.size, mark_text(case_number))).convert("RGB")


@functools.lru_cache(maxsize=8)  # a batch of photos shares one size and one text: the text is drawn once
def _mark_layer(size: tuple[int, int], text: str) -> Image.Image:
    width, height = size
    layer = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    font_size = max(8, round(width / 22))  # 9 px on the 200-pixel frame, grows with bigger photos
    font, full_glyphs = _font(font_size)
    if not full_glyphs:  # Pillow's own font has neither the dash nor the accent
        text = text.replace("—", "-").replace("í", "i")
    line_height = font_size + 3
    # Rows across the whole picture, each shifted, so any crop of the face holds several words of the mark.
    row_step = line_height * 3
    repeated = f"{text}   ·   {text}"
    for index, top in enumerate(range(2 * line_height, height - 2 * line_height, row_step)):
        shift = -((index * width * 3) // 7) % max(1, int(draw.textlength(text + "   ·   ", font=font)))
        draw.text(
            (-shift, top),
            repeated,
            font=font,
            fill=(255, 255, 255, ROW_OPACITY),
            stroke_width=1,
            stroke_fill=(0, 0, 0, ROW_OPACITY),
        )
    # The bottom band: the whole sentence, wrapped to the width, on a dark translucent strip.
    lines = _wrap(draw, text, font, width - 6)
    band_top = height - len(lines) * line_height - 4
    draw.rectangle((0, band_top, width, height), fill=(0, 0, 0, BAND_OPACITY))
    for number, line in enumerate(lines):
        draw.text((3, band_top + 2 + number * line_height), line, font=font, fill=(255, 255, 255, 255))
    return layer


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
