"""Sketch in, photo out: the one object the app, the CLI and the bundle self-test use.

    colorizer = Colorizer()                      # loads and checks the model once (ModelError)
    result = colorizer.colorize("sketch.jpg")    # InputError for a bad sketch
    result = colorizer.colorize("sketch.jpg", hints="hints.png")  # the witness's colours (RGBA, sketch-sized)
    save_photo_png(result, "photo.png")          # s2c_desktop.engine.provenance

Thread-safe: one Colorizer can serve several threads (onnxruntime sessions are), and is meant to live as
long as the app: creating it is the slow part (see bench/bench_engine.py, first-call latency).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from s2c_desktop import __version__
from s2c_desktop.engine import framing, skin_tone, tensors
from s2c_desktop.engine.fitting import FIT_MODES, FittedSketch, fit_sketch
from s2c_desktop.engine.hints import (
    NO_HINTS,
    HintLayer,
    HintSource,
    check_hint_size,
    hints_tensor,
    load_hints,
    warp_hints,
)
from s2c_desktop.engine.loading import LoadedSketch, SketchSource, load_sketch
from s2c_desktop.engine.model import DEVICE_LABELS, load_model
from s2c_desktop.errors import InputError, ModelError

log = logging.getLogger(__name__)

DEFAULT_BATCH_SIZE = 8


@dataclass
class PreparedSketch:
    """A sketch decoded and fitted into the frame, ready for the model."""

    source: LoadedSketch
    fitted: FittedSketch
    started: float  # perf_counter() when decoding began, for end-to-end latency
    hints: HintLayer | None = None  # None, or a layer with at least one hint
    frame_hints: np.ndarray | None = None  # the hints in the frame, premultiplied (see engine/hints.py)
    # The skin colour the hints give (CIELAB, skin_tone.witness_skin), or None: read here, while the frame
    # hints are still in the CPU's cache (after the model has run they are not).
    skin_target: np.ndarray | None = None
    skin_painted: np.ndarray | None = None  # where the hints paint that colour (skin_tone.painted_skin)


@dataclass
class ColorizeResult:
    photo: Image.Image  # RGB, 200×250 frame
    sketch: Image.Image  # "L", the sketch as fitted into the frame (what the model saw)
    latency_ms: float  # decode → preprocess → model → postprocess
    provider: str
    metadata: dict[str, str] = field(default_factory=dict)
    source_path: Path | None = None
    warnings: tuple[str, ...] = ()  # the loader's: a blank page, a photo given as a sketch


class Colorizer:
    def __init__(
        self,
        model_path: str | os.PathLike[str] | None = None,
        device: str = "auto",
        threads: int | None = None,
    ) -> None:
        started = time.perf_counter()
        self._model = load_model(model_path, device=device, threads=threads)
        self.load_ms = (time.perf_counter() - started) * 1000
        self.provider: str = self._model.provider
        self.device_label: str = DEVICE_LABELS.get(self.provider, self.provider)
        self.fallback_reason: str | None = self._model.fallback_reason  # why "auto" ended up on the CPU
        self.model_name: str = self._model.card.name
        self.model_sha256: str = self._model.card.sha256
        self.model_path: Path = self._model.path
        self.card: dict[str, Any] = self._model.card.data
        self.input_size: tuple[int, int] = (self._model.height, self._model.width)
        self.accepts_hints: bool = self._model.hints_name is not None  # the model has a colour-hint input
        log.info("colorizer ready: %s on %s (%.0f ms)", self.model_name, self.provider, self.load_ms)

    def __repr__(self) -> str:
        return f"Colorizer({self.model_name!r}, provider={self.provider!r}, input={self.input_size})"

    def warm_up(self, detectors: bool = False) -> float:
        """Run a blank frame through the whole pipeline once; returns its milliseconds.

        The first run of a session allocates its buffers and loads lazy imports (≈ the cost of several
        later runs): call this where loading happens (the app's worker thread) so the artist's first
        click is as fast as the rest. ``detectors=True`` also loads the face detectors (≈ 1.5 s for
        dlib's landmarks), which only imported, unframed sketches need."""
        from s2c_desktop.engine.fitting import preload_detectors

        started = time.perf_counter()
        self.colorize(np.full((framing.FRAME_HEIGHT, framing.FRAME_WIDTH), 255, np.uint8), fit="none")
        if detectors:
            preload_detectors()
        return (time.perf_counter() - started) * 1000

    # --- the whole pipeline ---------------------------------------------------------------------------

    def colorize(
        self, sketch: SketchSource, hints: HintSource | HintLayer | None = None, fit: str = "auto"
    ) -> ColorizeResult:
        """``hints``: an RGBA layer the size of the sketch, in its coordinates (transparent = no hint)."""
        return self.run([self.prepare(sketch, fit, hints=hints)])[0]

    def colorize_batch(
        self,
        sketches: Iterable[SketchSource],
        hints: HintSource | HintLayer | Sequence[HintSource | HintLayer | None] | None = None,
        fit: str = "auto",
        batch_size: int = DEFAULT_BATCH_SIZE,
    ) -> list[ColorizeResult]:
        """All-or-nothing: the first bad sketch raises its InputError. The CLI uses prepare/run per file.

        ``hints``: one layer for every sketch, or a list with one layer (or None) per sketch."""
        sources = list(sketches)
        if isinstance(hints, list | tuple):
            if len(hints) != len(sources):
                raise InputError(f"{len(hints)} hint layers for {len(sources)} sketches: give one per sketch")
            per_sketch = list(hints)
        else:
            layer = None if hints is None else load_hints(hints)  # decoded once, shared
            per_sketch = [layer] * len(sources)
        prepared = [
            self.prepare(sketch, fit, hints=layer) for sketch, layer in zip(sources, per_sketch, strict=True)
        ]
        step = max(1, batch_size)
        results: list[ColorizeResult] = []
        for start in range(0, len(prepared), step):
            results.extend(self.run(prepared[start : start + step]))
        return results

    # --- the steps, for callers that handle failures per sketch ----------------------------------------

    def prepare(
        self, sketch: SketchSource, fit: str = "auto", hints: HintSource | HintLayer | None = None
    ) -> PreparedSketch:
        """Decode and fit one sketch and its hints (InputError on bad input); cheap to run in worker threads.

        Hints for a model without the input are a ModelError, unless the layer is empty."""
        if fit not in FIT_MODES:
            raise InputError(f"unknown fit mode {fit!r} (choose from {', '.join(FIT_MODES)})")
        started = time.perf_counter()
        layer = None if hints is None else load_hints(hints)
        if layer is not None and layer.is_empty:
            layer = None  # a transparent layer says nothing: the photo is made without hints
        if layer is not None and not self.accepts_hints:
            raise ModelError(self.no_hints_reason())
        loaded = load_sketch(sketch)
        fitted = fit_sketch(loaded.pixels, fit)
        if layer is None:
            return PreparedSketch(loaded, fitted, started)
        check_hint_size(layer, loaded.size, loaded.name)
        frame_hints = warp_hints(layer, fitted.matrix)
        target = skin_tone.witness_skin(frame_hints)
        painted = skin_tone.painted_skin(frame_hints, target)
        return PreparedSketch(loaded, fitted, started, layer, frame_hints, target, painted)

    def no_hints_reason(self) -> str:
        """One line saying why this model cannot take colour hints (for errors and the UI's tooltip)."""
        return f"model {self.model_name} takes no colour hints (it has no 'hints' input)"

    def run(self, prepared: Sequence[PreparedSketch]) -> list[ColorizeResult]:
        """Run the model on already prepared sketches, in one batch."""
        if not prepared:
            return []
        limit = self._batch_limit(len(prepared))
        if len(prepared) > limit:  # a model exported with a fixed batch size
            out: list[ColorizeResult] = []
            for start in range(0, len(prepared), limit):
                out.extend(self.run(prepared[start : start + limit]))
            return out
        feeds = {
            self._model.input_name: _batch([self._to_model_input(item.fitted.pixels) for item in prepared])
        }
        if self._model.hints_name is not None:
            height, width = self.input_size
            feeds[self._model.hints_name] = _batch(
                [hints_tensor(item.frame_hints, height, width) for item in prepared]
            )
        elif any(item.hints is not None for item in prepared):
            raise ModelError(self.no_hints_reason())
        model_started = time.perf_counter()
        try:
            output = self._model.session.run([self._model.output_name], feeds)[0]
        except Exception as exc:  # a model that loads but cannot run (bad graph, out of memory)
            raise ModelError(f"the model failed while running: {str(exc).splitlines()[0][:200]}") from None
        model_ms = (time.perf_counter() - model_started) * 1000
        expected = (len(prepared), self._model.height, self._model.width, 3)
        if output.shape != expected:
            raise ModelError(f"the model returned shape {output.shape}; expected {expected}")
        created = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        results = []
        for item, photo_array in zip(prepared, output, strict=True):
            photo = self._to_photo(photo_array, item.skin_target, item.skin_painted)
            latency_ms = (time.perf_counter() - item.started) * 1000
            results.append(
                ColorizeResult(
                    photo=photo,
                    sketch=Image.fromarray(item.fitted.pixels),
                    latency_ms=latency_ms,
                    provider=self.provider,
                    metadata=self._metadata(item, created, model_ms / len(prepared)),
                    source_path=item.source.path,
                    warnings=item.source.warnings,
                )
            )
        return results

    # --- conversions ----------------------------------------------------------------------------------

    def _batch_limit(self, wanted: int) -> int:
        wanted = max(1, wanted)
        return min(wanted, self._model.max_batch) if self._model.max_batch else wanted

    def _to_model_input(self, frame: np.ndarray) -> np.ndarray:
        height, width = self.input_size
        return tensors.frame_to_model(frame, height, width)  # exactly what training feeds the generator

    def _to_photo(
        self, array: np.ndarray, skin_target: np.ndarray | None, skin_painted: np.ndarray | None = None
    ) -> Image.Image:
        """The model's output as the frame photo, its skin moved to the witness's skin colour (CIELAB) if
        the hints give one (skin_tone.anchor's rule, read where they paint it)."""
        if not np.isfinite(array.sum()):  # one pass: any NaN or infinity poisons the sum
            raise ModelError("the model returned NaN or infinite values")
        frame = tensors.model_to_frame(array)
        return Image.fromarray(
            frame if skin_target is None else skin_tone.anchor_skin(frame, skin_target, skin_painted)
        )

    def _metadata(self, item: PreparedSketch, created: str, model_ms: float) -> dict[str, str]:
        return {
            "model": self.model_name,
            "model_sha256": self.model_sha256,
            "provider": self.provider,
            "created": created,
            "input": item.source.name,
            "input_sha256": item.source.sha256,
            "fit": item.fitted.describe(),
            "hints": item.hints.name if item.hints is not None else NO_HINTS,
            "hints_sha256": item.hints.sha256 if item.hints is not None else NO_HINTS,
            "skin_tone": skin_tone.describe(item.skin_target),  # where the anchor moved the skin, or "none"
            "model_ms": f"{model_ms:.1f}",
            "s2c_version": __version__,
        }


def _batch(arrays: list[np.ndarray]) -> np.ndarray:
    """The model's batch of these inputs; one input is a view of itself (no copy)."""
    return arrays[0][None] if len(arrays) == 1 else np.stack(arrays)
