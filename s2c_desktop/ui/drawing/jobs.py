"""The drawing tab's background work: load the model, colorize a sketch, import a scan (typed jobs).

All three run on the tab's :class:`~s2c_desktop.ui.background.BackgroundExecutor`, so they share its one
thread: the :class:`~s2c_desktop.engine.colorizer.Colorizer` (and its onnxruntime session) is created once,
*in* that thread, kept in a :class:`ModelSlot` only that thread touches, and reused for every run. A colorize
waiting to run is replaced by a newer one; a colorize already running cannot be interrupted inside
onnxruntime, but its result is dropped when a newer one was submitted, so the screen only shows the photo of
the latest sketch.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal

from s2c_desktop.errors import ModelError, S2CError
from s2c_desktop.ui.background import BackgroundExecutor, Job, Outcome, TaskState
from s2c_desktop.ui.errors import describe_exception

log = logging.getLogger(__name__)

ColorizerFactory = Callable[[str | None, str], Any]
JobT = TypeVar("JobT", bound=Job)


def default_colorizer_factory(model_path: str | None, device: str) -> Any:
    from s2c_desktop.engine.colorizer import Colorizer

    return Colorizer(model_path=model_path, device=device)


@dataclass
class ModelSlot:
    """The loaded colorizer, or why there is none. Read and written only by jobs, in the worker thread."""

    colorizer: Any = None
    error: str | None = None


@dataclass(eq=False)
class LoadModel(Job):
    """(Re)load the generator; runs before anything waiting (a colorize must use the model just chosen)."""

    slot: ModelSlot
    factory: ColorizerFactory
    model_path: str | None
    device: str
    lane = "model"
    priority = 2

    def run(self, state: TaskState) -> Any:
        started = time.perf_counter()
        try:
            colorizer = self.factory(self.model_path, self.device)
            warm_up = getattr(colorizer, "warm_up", None)
            if callable(warm_up):  # here, in the worker: the artist's first click is as fast as the rest
                warm_up()
        except Exception as exc:
            self.slot.colorizer, self.slot.error = None, str(exc)
            if isinstance(exc, S2CError):
                raise
            log.exception("model could not be loaded")
            raise ModelError(str(exc)) from exc  # logged once, here; the user gets its one line
        self.slot.colorizer, self.slot.error = colorizer, None
        log.info(
            "model %s loaded on %s in %.0f ms",
            getattr(colorizer, "model_name", "?"),
            getattr(colorizer, "provider", "?"),
            (time.perf_counter() - started) * 1000,
        )
        return colorizer


@dataclass(eq=False)
class Colorize(Job):
    """Colorize the sketch as drawn (``version`` says which drawing it was: the tab's sketch key)."""

    slot: ModelSlot
    sketch: Any  # numpy array / PIL image / path, as the engine accepts
    version: Any = 0
    fit: str = "auto"
    hints: Any = None  # RGBA colour hints in the sketch's coordinates, or None
    submitted_at: float = field(default_factory=time.perf_counter)
    lane = "colorize"

    def run(self, state: TaskState) -> Any:
        if self.slot.colorizer is None:
            raise ModelError(self.slot.error or "no model loaded")
        return self.slot.colorizer.colorize(self.sketch, hints=self.hints, fit=self.fit)


@dataclass
class ImportOutcome:
    """What an import produces: the fitted frame, and the photo when a model was available."""

    fitted: Any  # PIL "L" image, 200×250
    result: Any  # ColorizeResult | None
    model_error: str | None
    warnings: tuple[str, ...] = ()  # engine.loading's BLANK_PAGE / LOOKS_LIKE_A_PHOTO


@dataclass(eq=False)
class ImportScan(Job):
    """Fit a scanned or photographed sketch into the frame; colorize it too when a model is loaded.

    Fitting needs no model, so an artist can import and keep drawing even with a broken model. An import is
    the user's explicit file choice: a live-mode colorize never replaces it (another lane, higher priority).
    """

    slot: ModelSlot
    path: str
    fit: str = "detect"
    lane = "import"
    priority = 1

    def run(self, state: TaskState) -> ImportOutcome:
        if self.slot.colorizer is not None:
            result = self.slot.colorizer.colorize(self.path, fit=self.fit)
            return ImportOutcome(result.sketch, result, None, result.warnings)
        from PIL import Image

        from s2c_desktop.engine.fitting import fit_sketch
        from s2c_desktop.engine.loading import load_sketch

        loaded = load_sketch(self.path)
        fitted = fit_sketch(loaded.pixels, self.fit)
        return ImportOutcome(Image.fromarray(fitted.pixels), None, self.slot.error, loaded.warnings)


@dataclass
class ModelInfo:
    name: str
    sha256: str
    device_label: str
    provider: str
    accepts_hints: bool = False  # the model has the colour-hint input


class ColorizeWorker(QObject):
    """The drawing tab's jobs on its executor, with the model state the GUI shows.

    Submit with :meth:`colorize` / :meth:`import_scan`, each with the handler of its result; every delivered
    result is also announced by :attr:`resultReady`, a failure by :attr:`failed`.
    """

    modelLoaded = Signal(object)  # noqa: N815 - ModelInfo
    modelFailed = Signal(str)  # noqa: N815 - one-line message
    resultReady = Signal(object, object)  # noqa: N815 - job (Colorize | ImportScan), result (latest job only)
    failed = Signal(object, str)  # job, one-line message

    def __init__(
        self,
        model_path: str | None = None,
        device: str = "auto",
        factory: ColorizerFactory | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.factory = factory or default_colorizer_factory
        self.executor = BackgroundExecutor("colorize-worker", self)
        self.busyChanged = self.executor.busyChanged  # noqa: N815 - re-exported Qt signal
        self._slot = ModelSlot()
        self._model_spec = (model_path, device)
        self._started = False
        self.colorizer: Any = None  # the GUI's view of the loaded model (set when its job is delivered)
        self.model_info: ModelInfo | None = None
        self.model_error: str | None = None

    # -- GUI-thread API ------------------------------------------------------------------------------
    def start(self) -> None:
        """Load the model chosen at construction (in the background)."""
        if not self._started:
            self._started = True
            self.reload_model(*self._model_spec)

    def reload_model(self, model_path: str | None, device: str) -> None:
        self._model_spec = (model_path, device)
        job = LoadModel(self._slot, self.factory, model_path, device)
        self.executor.submit(job, Outcome(self._model_loaded, self._model_failed))

    def colorize(
        self, pixels: Any, version: Any, hints: Any, on_result: Callable[[Colorize, Any], object]
    ) -> Colorize:
        return self._submit(Colorize(self._slot, pixels, version, hints=hints), on_result)

    def import_scan(self, path: str, on_result: Callable[[ImportScan, ImportOutcome], object]) -> ImportScan:
        return self._submit(ImportScan(self._slot, path), on_result)

    @property
    def is_busy(self) -> bool:
        return self.executor.is_busy

    @property
    def slot(self) -> ModelSlot:
        """The model slot, for other jobs on this worker's thread (the Variantes rounds)."""
        return self._slot

    @property
    def latest_id(self) -> int:
        """The id of the latest colorize submitted (the one whose photo the screen will show)."""
        return self.executor.latest_id(Colorize.lane or "")

    @property
    def running_id(self) -> int | None:
        job = self.executor.running_job
        return job.id if job is not None else None

    def shutdown(self, timeout_s: float = 5.0) -> None:
        self.executor.shutdown(timeout_s)

    # -- outcomes, on the GUI thread -----------------------------------------------------------------
    def _submit(self, job: JobT, on_result: Callable[[JobT, Any], object]) -> JobT:
        def delivered(result: Any) -> None:
            on_result(job, result)
            self.resultReady.emit(job, result)

        def failed(exc: BaseException) -> None:
            self.failed.emit(job, describe_exception(exc))

        self.executor.submit(job, Outcome(delivered, failed))
        return job

    def _model_loaded(self, colorizer: Any) -> None:
        self.colorizer = colorizer
        self.model_error = None
        self.model_info = ModelInfo(
            name=str(getattr(colorizer, "model_name", "?")),
            sha256=str(getattr(colorizer, "model_sha256", "")),
            device_label=str(getattr(colorizer, "device_label", "CPU")),
            provider=str(getattr(colorizer, "provider", "")),
            accepts_hints=bool(getattr(colorizer, "accepts_hints", False)),
        )
        self.modelLoaded.emit(self.model_info)

    def _model_failed(self, exc: BaseException) -> None:
        message = describe_exception(exc)
        self.colorizer = self.model_info = None
        self.model_error = message
        self.modelFailed.emit(message)
