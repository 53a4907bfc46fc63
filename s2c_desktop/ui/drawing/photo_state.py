"""The photo beside the sketch, and which drawing it was made from.

The orange "out of date" bar shows exactly when the drawing on the canvas (its pixels and its colour hints) is
not the one the photo was made from: after Clear + Undo, an import, a crash recovery or opening a case, the
two match again and there is no bar. Loading another case starts a new *generation*, so a late photo of the
case that was open before never lands on the new one.

The photo on screen carries the marks every photo leaving the app carries (``leaving_photo``: the visible mark
naming the case number, the invisible watermark), so a screenshot of the window is no unlabelled face; the
clean photo stays in ``image`` for the exports, which mark it themselves.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from PIL import Image
from PySide6.QtGui import QImage

from s2c_desktop.engine.provenance import leaving_photo
from s2c_desktop.ui.drawing.canvas.canvas_widget import SketchCanvas
from s2c_desktop.ui.drawing.case_sheet import pil_to_qimage
from s2c_desktop.ui.drawing.photo_view import PhotoView

SketchKey = tuple[int, bytes]


class PhotoState:
    def __init__(self, canvas: SketchCanvas, view: PhotoView, case_number: Callable[[], str]) -> None:
        self.canvas = canvas
        self.view = view
        self._case_number = case_number
        self.image: Image.Image | None = None
        self.metadata: dict[str, Any] = {}
        self.key: SketchKey | None = None  # the drawing the photo was made from
        self.generation = 0

    def sketch_key(self) -> SketchKey:
        """Identifies the drawing as it is now (its pixels and its colour hints) within this case."""
        digest = hashlib.blake2b(self.canvas.document.pixels.tobytes(), digest_size=16)
        digest.update(self.canvas.hints.sheet.pixels.tobytes())
        return self.generation, digest.digest()

    def has_drawing(self) -> bool:
        return not (self.canvas.document.is_blank() and self.canvas.hints.sheet.is_empty())

    def matches(self) -> bool:
        return self.key == self.sketch_key()

    def is_current(self, key: SketchKey) -> bool:
        """False for a photo of the case that was open before this one."""
        return key[0] == self.generation

    def update_stale(self) -> None:
        self.view.set_stale(self.view.image is not None and not self.matches())

    def show(
        self, photo: Image.Image | None, metadata: dict[str, Any], key: SketchKey | None, token: object = None
    ) -> None:
        self.image = photo
        self.metadata = dict(metadata) if photo is not None else {}
        self.key = key if photo is not None else None
        self.canvas.hints.photo = photo  # the eyedropper can pick from it
        self.view.set_image(self._marked(), token=token)
        self.update_stale()

    def remark(self) -> None:
        """Show the photo again with the case number as it is now (the case panel was edited)."""
        if self.image is not None:
            self.view.image = self._marked()
            self.view.update()

    def _marked(self) -> QImage | None:
        if self.image is None:
            return None
        marked, _ = leaving_photo(
            self.image, self.metadata, self._case_number(), enlarge=False
        )  # live: 200×250
        return pil_to_qimage(marked)

    def clear(self) -> None:
        self.show(None, {}, None)

    def new_generation(self) -> None:
        self.generation += 1
