"""A face sketch drawn by code, for the self-test: no image of a real person is needed to prove the model
runs.

The drawing sits in the model's framing (``framing``: 200×250, eyes at (75, 126) and (125, 126)), so the
engine passes it straight to the generator, as it would a sketch drawn on the app's canvas.
"""

from __future__ import annotations

from PIL import Image, ImageDraw

from s2c_desktop.engine import framing

PAPER = 255
PENCIL = 40
SHADE = 150


def draw_example_sketch() -> Image.Image:
    """A grayscale ("L") frontal face: contour, hair, brows, eyes, nose, mouth, ears, neck and some
    shading."""
    image = Image.new("L", framing.FRAME_SIZE, PAPER)
    pen = ImageDraw.Draw(image)
    (lx, ly), (rx, ry) = framing.LEFT_EYE, framing.RIGHT_EYE
    nose_x, nose_y = framing.NOSE_TIP
    mouth_x, mouth_y = framing.MOUTH_CENTRE
    chin_y = framing.CHIN[1]
    jaw_l, jaw_r = framing.JAW_LEFT_X, framing.JAW_RIGHT_X

    # Face contour and neck.
    pen.ellipse((jaw_l, 62, jaw_r, chin_y), outline=PENCIL, width=2)
    pen.line((jaw_l + 22, chin_y - 14, jaw_l + 20, 250), fill=PENCIL, width=2)
    pen.line((jaw_r - 22, chin_y - 14, jaw_r - 20, 250), fill=PENCIL, width=2)
    # Hair: a cap over the forehead, strands drawn as short strokes.
    pen.chord((jaw_l - 4, 48, jaw_r + 4, 150), 180, 360, fill=SHADE - 60, outline=PENCIL)
    for x in range(int(jaw_l), int(jaw_r), 6):
        pen.line((x, 60, x + 4, 96), fill=PENCIL, width=1)
    # Ears.
    pen.arc((jaw_l - 10, ly - 10, jaw_l + 8, ly + 30), 90, 270, fill=PENCIL, width=2)
    pen.arc((jaw_r - 8, ry - 10, jaw_r + 10, ry + 30), 270, 90, fill=PENCIL, width=2)
    # Brows, eyes (lids, iris, pupil).
    for cx, cy in ((lx, ly), (rx, ry)):
        pen.arc((cx - 16, cy - 20, cx + 16, cy - 4), 200, 340, fill=PENCIL, width=3)
        pen.ellipse((cx - 12, cy - 5, cx + 12, cy + 5), outline=PENCIL, width=2)
        pen.ellipse((cx - 5, cy - 5, cx + 5, cy + 5), fill=SHADE - 80)
        pen.ellipse((cx - 2, cy - 2, cx + 2, cy + 2), fill=0)
    # Nose: bridge shading and nostrils.
    pen.line((nose_x - 6, ly + 4, nose_x - 9, nose_y - 4), fill=SHADE, width=2)
    pen.arc((nose_x - 14, nose_y - 8, nose_x - 2, nose_y + 4), 90, 270, fill=PENCIL, width=2)
    pen.arc((nose_x + 2, nose_y - 8, nose_x + 14, nose_y + 4), 270, 90, fill=PENCIL, width=2)
    pen.line((nose_x - 6, nose_y + 3, nose_x + 6, nose_y + 3), fill=PENCIL, width=1)
    # Mouth: lips and the line between them.
    pen.line((mouth_x - 20, mouth_y, mouth_x + 20, mouth_y), fill=PENCIL, width=2)
    pen.arc((mouth_x - 18, mouth_y - 8, mouth_x + 18, mouth_y + 4), 200, 340, fill=PENCIL, width=1)
    pen.arc((mouth_x - 16, mouth_y - 6, mouth_x + 16, mouth_y + 10), 20, 160, fill=PENCIL, width=1)
    # Cheek and jaw shading: light hatching, as a sketch artist would add.
    for offset in range(0, 24, 4):
        pen.line((jaw_l + 6 + offset, mouth_y - 30, jaw_l + offset, mouth_y + 4), fill=SHADE, width=1)
        pen.line((jaw_r - 6 - offset, mouth_y - 30, jaw_r - offset, mouth_y + 4), fill=SHADE, width=1)
    return image
