"""Issue 27 §3, §4: the case sheet's legend lists only the hint colours that still cover an area, each with
the part of the face it sits on; its "Generated" time is when the photo was made, not when the sheet is
printed."""

from __future__ import annotations

import datetime as dt

import numpy as np
from PIL import Image, ImageDraw
from PySide6.QtGui import QImage

from s2c_desktop.engine import framing
from s2c_desktop.sketch.case import Case
from s2c_desktop.sketch.document import DOCUMENT_HEIGHT, DOCUMENT_WIDTH, PAPER_SCALE
from s2c_desktop.sketch.hint_legend import legend
from s2c_desktop.ui.drawing.case_sheet import photo_created, render_sheet_image
from s2c_desktop.ui.drawing.hint_palette import EYE_COLOURS, HAIR_COLOURS

BLOND, BLACK, BLUE_EYES = HAIR_COLOURS[4], HAIR_COLOURS[0], EYE_COLOURS[4]
DOT = 12  # radius: the hint tool's default dot is 24 px across on the 800-pixel paper


def rgb(code: str) -> tuple[int, int, int]:
    return tuple(int(code[i : i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]


def hints_painted_over() -> Image.Image:
    """Blond on the hair, then black over it a pixel to the side: only edge slivers of blond are left."""
    layer = Image.new("RGBA", (DOCUMENT_WIDTH, DOCUMENT_HEIGHT), (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    x, y = 100 * PAPER_SCALE, 45 * PAPER_SCALE  # the top of the head
    draw.ellipse((x - DOT, y - DOT, x + DOT, y + DOT), fill=(*rgb(BLOND), 255))
    draw.ellipse((x - DOT + 1, y - DOT, x + DOT + 1, y + DOT + 1), fill=(*rgb(BLACK), 255))
    ex, ey = (v * PAPER_SCALE for v in framing.LEFT_EYE)
    draw.ellipse((ex - 8, ey - 8, ex + 8, ey + 8), fill=(*rgb(BLUE_EYES), 255))
    return layer


def test_a_colour_painted_over_is_left_out_and_each_one_names_its_region() -> None:
    layer = hints_painted_over()
    pixels = np.asarray(layer)
    left_blond = int((pixels[:, :, :3] == rgb(BLOND)).all(axis=2).sum())
    assert 0 < left_blond < 40  # the slivers the issue saw (17 pixels)
    entries = legend(pixels)
    assert [(e.rgb, e.regions) for e in entries] == [(rgb(BLACK), ("hair",)), (rgb(BLUE_EYES), ("eyes",))]


def strip(image: QImage, top: int, bottom: int) -> np.ndarray:
    image = image.convertToFormat(QImage.Format.Format_RGB888)
    rows = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine())
    return rows[top:bottom, : image.width() * 3].reshape(bottom - top, image.width(), 3)


def test_the_sheet_shows_no_swatch_of_a_painted_over_colour(qapp) -> None:  # noqa: ANN001
    case = Case(case_number="L-1", sketch=Image.new("L", (DOCUMENT_WIDTH, DOCUMENT_HEIGHT), 255))
    case.hints = hints_painted_over()
    image = render_sheet_image(case, "s2c_tiny")
    legend_rows = strip(image, 800, image.height() - 120)  # under the two panels, above the disclaimer
    has = lambda code: bool((legend_rows == rgb(code)).all(axis=2).any())  # noqa: E731
    assert has(BLACK) and has(BLUE_EYES)
    assert not has(BLOND)


def test_generated_is_when_the_photo_was_made(qapp) -> None:  # noqa: ANN001
    made = dt.datetime(2024, 5, 17, 10, 0, tzinfo=dt.UTC)
    case = Case(
        case_number="L-2",
        sketch=Image.new("L", (DOCUMENT_WIDTH, DOCUMENT_HEIGHT), 255),
        photo=Image.new("RGB", framing.FRAME_SIZE, (128, 100, 90)),
        photo_metadata={"created": made.isoformat(timespec="seconds")},
    )
    assert photo_created(case) == made
    sheet = render_sheet_image(case, "s2c_tiny")
    assert sheet == render_sheet_image(case, "s2c_tiny", generated_at=made.astimezone())
    assert sheet != render_sheet_image(case, "s2c_tiny", generated_at=dt.datetime.now().astimezone())
    # Without a photo there is no generation time to give.
    assert photo_created(Case(case_number="L-3")) is None
