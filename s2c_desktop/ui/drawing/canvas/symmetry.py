"""Symmetry (issue 26 §5): a finished stroke is mirrored across the face guide's vertical axis, the paper's
centre line (the guide is centred: ``FACE_GUIDE.face_centre`` x = 0.5), and both halves are one undo step.

Works on what the stroke did, for any paper tool: its change of every pixel (darker for the pencil, lighter
for the eraser) is copied to the mirrored pixels; where a stroke meets its own mirror image (on the axis) the
stronger change wins, so nothing is applied twice."""

from __future__ import annotations

import numpy as np

from s2c_desktop.ui.drawing.canvas.commands import PixelChange


def mirror_change(paper: np.ndarray, change: PixelChange) -> PixelChange:
    """``change`` (of the committed ``paper``) and its mirror image, as one change of the rows it touches."""
    x, y, w, h = change.rect
    strip = paper[y : y + h].astype(np.int16)
    delta = np.zeros_like(strip)
    delta[:, x : x + w] = change.after.astype(np.int16) - change.before.astype(np.int16)
    mirrored = delta[:, ::-1]
    combined = np.where(np.abs(mirrored) > np.abs(delta), mirrored, delta)
    columns = np.flatnonzero((combined != 0).any(axis=0))
    if columns.size == 0:
        return change
    left, right = int(columns[0]), int(columns[-1]) + 1
    after = np.clip(strip[:, left:right] + combined[:, left:right], 0, 255).astype(np.uint8)
    return PixelChange((left, y, right - left, h), paper[y : y + h, left:right].copy(), after, change.text)
