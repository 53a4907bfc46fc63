"""Print-grade pixels: the 2× face super-resolution stage that runs after the generator (issue 25 §3).

The generator makes 200×250 photos; what leaves the app (export, case, case sheet, print, CLI) is enlarged to
400×500 by a small trained network (``resources/models/s2c_superres.onnx``, trained by ``python -m training
superres``; its card beside it holds its sha256 and its measurements). Live mode keeps 200×250 on screen.

A missing model leaves photos at 200×250 (a source checkout without it, a test with another model folder); a
model that does not match its card is refused, as the generator is.
"""

from __future__ import annotations

import functools
import logging
import os
import threading
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from s2c_desktop.engine.framing import FRAME_SIZE
from s2c_desktop.engine.model import file_sha256, read_card, session_options
from s2c_desktop.errors import ModelError
from s2c_desktop.paths import resources_dir

log = logging.getLogger(__name__)

MODEL_NAME = "s2c_superres.onnx"
SCALE = 2
PROVENANCE_KEY = "superres"  # the provenance field naming the stage that enlarged the photo


ENVIRONMENT = "S2C_SUPERRES_MODEL"  # another model file; "" switches the stage off (the 200×250 path)


class Upscaler:
    def __init__(self, path: Path) -> None:
        import onnxruntime as ort

        card = read_card(path)
        if file_sha256(path) != card.sha256:
            raise ModelError(f"super-resolution model {path.name} does not match its card")
        self.name = card.name
        self.sha256 = card.sha256
        self._session = ort.InferenceSession(
            str(path), session_options(1), providers=["CPUExecutionProvider"]
        )  # one thread: measured ≤ 60 ms at 200×250 (docs/adr/0020-superres.md)
        self._input = self._session.get_inputs()[0].name
        self._lock = threading.Lock()

    def upscale(self, photo: Image.Image) -> Image.Image:
        """A 200×250 photo enlarged to 400×500 (any other size is returned as it is)."""
        if photo.size != FRAME_SIZE:
            return photo
        pixels = np.asarray(photo.convert("RGB"), np.float32)[None] / 127.5 - 1.0
        with self._lock:
            result = self._session.run(None, {self._input: pixels})[0][0]
        return Image.fromarray(np.clip(np.rint((result + 1.0) * 127.5), 0, 255).astype(np.uint8))

    def provenance(self) -> str:
        return f"{self.name} {SCALE}x (sha256 {self.sha256[:12]})"


@functools.lru_cache(maxsize=4)
def _load(path: str) -> Upscaler | None:
    if not path or not Path(path).is_file():
        return None
    return Upscaler(Path(path))


def default_upscaler() -> Upscaler | None:
    """The shipped stage (or ``$S2C_SUPERRES_MODEL``), loaded once; None when it is not installed."""
    return _load(os.environ.get(ENVIRONMENT, str(resources_dir() / "models" / MODEL_NAME)))


def enlarged(photo: Image.Image, metadata: dict[str, Any]) -> tuple[Image.Image, dict[str, Any]]:
    """The photo at print size with its provenance noting the stage; unchanged when there is no stage or the
    photo is not a 200×250 frame (already enlarged, or from elsewhere)."""
    upscaler = default_upscaler()
    if upscaler is None or photo.size != FRAME_SIZE:
        return photo, metadata
    return upscaler.upscale(photo), {**metadata, PROVENANCE_KEY: upscaler.provenance()}
