"""The colorize worker: one background thread, one onnxruntime session, only the latest request matters.

Modelled on Orange3's ``concurrent.py`` executor pattern: the GUI thread submits work and returns at once;
progress, results and errors come back as Qt signals delivered (queued) on the GUI thread.

- The :class:`~s2c_desktop.engine.colorizer.Colorizer` (and its onnxruntime session) is created once, *in*
  the worker thread, and reused for every request; a settings change asks for a reload.
- A request waiting to run is replaced by a newer one (it never runs). A request already running cannot be
  interrupted inside onnxruntime, but its result is dropped when a newer request exists, so the screen only
  ever shows the photo of the latest sketch submitted.
"""

from __future__ import annotations

import itertools
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal, Slot

from s2c_desktop.errors import ModelError, S2CError

log = logging.getLogger(__name__)

ColorizerFactory = Callable[[str | None, str], Any]


def default_colorizer_factory(model_path: str | None, device: str) -> Any:
    from s2c_desktop.engine.colorizer import Colorizer

    return Colorizer(model_path=model_path, device=device)


@dataclass
class ColorizeRequest:
    id: int
    sketch: Any  # PIL image / numpy array / path, as the engine accepts
    fit: str = "none"
    kind: str = "colorize"  # "colorize" | "import": what the GUI does with the result
    submitted_at: float = field(default_factory=time.perf_counter)
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class ImportOutcome:
    """What an "import" request produces: the fitted frame, and the photo when a model was available."""

    fitted: Any  # PIL "L" image, 200×250
    result: Any  # ColorizeResult | None
    model_error: str | None


@dataclass
class ModelInfo:
    name: str
    sha256: str
    device_label: str
    provider: str


class ColorizeWorker(QObject):
    """Submit sketches with :meth:`submit`; listen to :attr:`resultReady` / :attr:`failed`."""

    modelLoaded = Signal(object)  # ModelInfo
    modelFailed = Signal(str)  # one-line message
    started = Signal(object)  # ColorizeRequest
    resultReady = Signal(object, object)  # ColorizeRequest, ColorizeResult (latest request only)
    failed = Signal(object, str)  # ColorizeRequest, one-line message
    busyChanged = Signal(bool)

    _doneInThread = Signal(object, object)
    _failedInThread = Signal(object, object)
    _startedInThread = Signal(object)
    _modelInThread = Signal(object)

    def __init__(
        self,
        model_path: str | None = None,
        device: str = "auto",
        factory: ColorizerFactory | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._factory = factory or default_colorizer_factory
        self._model_spec: tuple[str | None, str] | None = (model_path, device)
        self._pending: ColorizeRequest | None = None
        # An import is the user's explicit file choice: a live-mode colorize must not swallow it.
        self._pending_import: ColorizeRequest | None = None
        self._stop = False
        self._cond = threading.Condition()
        self._ids = itertools.count(1)
        self._thread: threading.Thread | None = None
        # Only the worker thread touches these two; the GUI reads `colorizer` / `model_info` instead.
        self._thread_colorizer: Any = None
        self._thread_model_error: str | None = None
        self.colorizer: Any = None
        self.model_info: ModelInfo | None = None
        self.model_error: str | None = None
        self.latest_id = 0
        self.running_id: int | None = None
        # Counters the tests and the benchmark read.
        self.runs_started = 0
        self.runs_finished = 0
        self.dropped_pending = 0
        self.dropped_results = 0
        queued = Qt.ConnectionType.QueuedConnection
        self._doneInThread.connect(self._on_done, queued)
        self._failedInThread.connect(self._on_failed, queued)
        self._startedInThread.connect(self._on_started, queued)
        self._modelInThread.connect(self._on_model, queued)

    # -- GUI-thread API ------------------------------------------------------------------------------
    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="colorize-worker", daemon=True)
            self._thread.start()

    def reload_model(self, model_path: str | None, device: str) -> None:
        with self._cond:
            self._model_spec = (model_path, device)
            self._cond.notify()

    def submit(self, sketch: Any, fit: str = "none", kind: str = "colorize", **extra: Any) -> ColorizeRequest:
        request = ColorizeRequest(next(self._ids), sketch, fit, kind, extra=extra)
        with self._cond:
            if kind == "import":
                self._pending_import = request
            else:
                if self._pending is not None:
                    self.dropped_pending += 1
                self._pending = request
            self.latest_id = request.id
            self._cond.notify()
        if self.running_id is None:
            self.busyChanged.emit(True)
        return request

    @property
    def is_busy(self) -> bool:
        with self._cond:
            return self.running_id is not None or self._pending is not None or self._pending_import is not None

    def shutdown(self, timeout: float = 5.0) -> None:
        with self._cond:
            self._stop = True
            self._pending = self._pending_import = None
            self._cond.notify()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    # -- worker thread -------------------------------------------------------------------------------
    def _run(self) -> None:
        while True:
            with self._cond:
                while (not self._stop and self._pending is None and self._pending_import is None
                       and self._model_spec is None):
                    self._cond.wait()
                if self._stop:
                    return
                spec, self._model_spec = self._model_spec, None
                request = None
                if spec is None:
                    request = self._pending_import or self._pending
                if request is not None:
                    # Set here, under the lock, so `is_busy` never sees a gap between waiting and running.
                    self.running_id = request.id
                    if request is self._pending_import:
                        self._pending_import = None
                    else:
                        self._pending = None
            if spec is not None:
                self._load(*spec)
                continue
            assert request is not None
            self._startedInThread.emit(request)
            try:
                result = self._execute(request)
            except Exception as exc:  # reported on the GUI thread; the worker keeps serving
                self._failedInThread.emit(request, exc)
                continue
            self._doneInThread.emit(request, result)

    def _execute(self, request: ColorizeRequest) -> Any:
        colorizer = self._thread_colorizer
        if request.kind == "import":
            return self._import(request, colorizer)
        if colorizer is None:
            raise ModelError(self._thread_model_error or "no model loaded")
        return colorizer.colorize(request.sketch, fit=request.fit)

    def _import(self, request: ColorizeRequest, colorizer: Any) -> ImportOutcome:
        """Fit a scanned sketch into the frame; colorize it too when a model is loaded.

        Fitting needs no model, so an artist can import and keep drawing even with a broken model.
        """
        if colorizer is not None:
            result = colorizer.colorize(request.sketch, fit=request.fit)
            return ImportOutcome(result.sketch, result, None)
        from PIL import Image

        from s2c_desktop.engine.fitting import fit_sketch
        from s2c_desktop.engine.loading import load_sketch

        fitted = fit_sketch(load_sketch(request.sketch).pixels, request.fit)
        return ImportOutcome(Image.fromarray(fitted.pixels), None, self._thread_model_error)

    def _load(self, model_path: str | None, device: str) -> None:
        started = time.perf_counter()
        try:
            colorizer = self._factory(model_path, device)
        except Exception as exc:
            if not isinstance(exc, S2CError):
                log.exception("model could not be loaded")
            self._thread_colorizer = None
            self._thread_model_error = str(exc)
            self._modelInThread.emit(exc)
            return
        self._thread_colorizer = colorizer
        self._thread_model_error = None
        log.info("model %s loaded on %s in %.0f ms", getattr(colorizer, "model_name", "?"),
                 getattr(colorizer, "provider", "?"), (time.perf_counter() - started) * 1000)
        self._modelInThread.emit(colorizer)

    # -- back on the GUI thread ----------------------------------------------------------------------
    @Slot(object)
    def _on_model(self, colorizer_or_error: Any) -> None:
        if isinstance(colorizer_or_error, BaseException):
            self.colorizer = None
            self.model_info = None
            self.model_error = str(colorizer_or_error)
            self.modelFailed.emit(self.model_error)
            return
        self.colorizer = colorizer_or_error
        self.model_error = None
        self.model_info = ModelInfo(
            name=str(getattr(colorizer_or_error, "model_name", "?")),
            sha256=str(getattr(colorizer_or_error, "model_sha256", "")),
            device_label=str(getattr(colorizer_or_error, "device_label", "CPU")),
            provider=str(getattr(colorizer_or_error, "provider", "")),
        )
        self.modelLoaded.emit(self.model_info)

    @Slot(object)
    def _on_started(self, request: ColorizeRequest) -> None:
        self.runs_started += 1
        self.started.emit(request)

    def _finish(self, request: ColorizeRequest) -> bool:
        """Bookkeeping after a run; True when the request is still the latest one."""
        self.runs_finished += 1
        with self._cond:
            if self.running_id == request.id:
                self.running_id = None
        if not self.is_busy:
            self.busyChanged.emit(False)
        return request.id == self.latest_id

    @Slot(object, object)
    def _on_done(self, request: ColorizeRequest, result: Any) -> None:
        if self._finish(request) or request.kind == "import":
            self.resultReady.emit(request, result)
        else:
            self.dropped_results += 1

    @Slot(object, object)
    def _on_failed(self, request: ColorizeRequest, exc: BaseException) -> None:
        latest = self._finish(request) or request.kind == "import"
        if not isinstance(exc, S2CError):
            log.error("colorize failed", exc_info=(type(exc), exc, exc.__traceback__))
        if latest:
            from s2c_desktop.ui.errors import describe_exception

            self.failed.emit(request, describe_exception(exc))
