"""Variantes (``V``, Colorear › Variantes): a 3×3 grid of whole faces for the witness to pick from (issue 26).

The rounds are the engine's (:mod:`s2c_desktop.engine.variants`, the same as ``s2c variants``): nine variants
of the current sketch made as ONE batch by the tab's model, in the tab's background executor, so the grid
never blocks drawing; the window shows progress and can cancel. A click on a face picks it and asks for the
next round around it with half the step; "Aplicar" writes the picked variant's shape into the sketch and its
colours into the hint layer as one undoable edit. Every round (its nine parameter sets, the pick, the times)
is kept for the case file and its sheet (:attr:`VariantsController.rounds`).
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from PIL import Image
from PySide6.QtCore import QObject, QSize, Signal
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from s2c_desktop.engine.provenance import leaving_photo
from s2c_desktop.engine.variant_faces import (
    RoundInput,
    apply_to_sketch,
    prepare_round,
    run_round,
    start_from_hints,
)
from s2c_desktop.engine.variants import ROUND_SIZE, Variant, make_round, round_record
from s2c_desktop.errors import ModelError
from s2c_desktop.ui.background import Job, Outcome, TaskState
from s2c_desktop.ui.drawing.case_sheet import pil_to_qimage
from s2c_desktop.ui.drawing.jobs import ColorizeWorker, ModelSlot
from s2c_desktop.ui.errors import describe_exception

TILE = QSize(160, 200)  # a face of the grid on screen (the frame's 4:5)


@dataclass
class RoundOutcome:
    base: RoundInput  # the sketch fitted once: every later round of the session starts from it
    variants: list[Variant]
    photos: list[Image.Image]
    elapsed_ms: float


@dataclass(eq=False)
class VariantRound(Job):
    """One round: the nine variants around ``centre`` (None: the first), made as one batch by the tab's
    model."""

    slot: ModelSlot
    sketch: np.ndarray  # the paper, copied: the artist keeps drawing while this runs
    hints: Any  # the engine's hint layer, or None
    centre: Variant | None = None
    base: RoundInput | None = None
    seed: int | None = None
    started: float = field(default_factory=time.perf_counter)
    lane = "variants"
    priority = 1  # before a waiting live colorize: the witness is looking at the grid

    def run(self, state: TaskState) -> RoundOutcome:
        colorizer = self.slot.colorizer
        if colorizer is None:
            raise ModelError(self.slot.error or "no model loaded")
        state.set_progress(0, 3)
        base = self.base or prepare_round(colorizer, self.sketch, self.hints)
        state.check()
        start = None if self.centre is not None else start_from_hints(base.frame_hints)
        variants = make_round(self.centre, seed=self.seed, colours=colorizer.accepts_hints, start=start)
        state.set_progress(1, 3)
        results, _ = run_round(colorizer, base, variants)
        state.check()  # onnxruntime cannot be interrupted: a cancelled round's photos are dropped here
        state.set_progress(3, 3)
        elapsed = (time.perf_counter() - self.started) * 1000
        return RoundOutcome(base, variants, [result.photo for result in results], elapsed)


class VariantsDialog(QDialog):
    """The grid: nine face buttons, the round's line, progress with Cancel, Aplicar and Close."""

    picked = Signal(int)  # 1–9
    applyRequested = Signal()  # noqa: N815 - Qt signal naming
    cancelRequested = Signal()  # noqa: N815

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("variantsDialog")
        self.setModal(False)  # the artist keeps drawing beside it
        self.heading = QLabel(self)
        self.heading.setObjectName("variantsHeading")
        self.tiles: list[QToolButton] = []
        grid = QGridLayout()
        for index in range(1, ROUND_SIZE + 1):
            tile = QToolButton(self)
            tile.setObjectName(f"variant{index}")
            tile.setIconSize(TILE)
            tile.setCheckable(True)
            tile.setEnabled(False)
            tile.clicked.connect(lambda _checked=False, i=index: self.picked.emit(i))
            grid.addWidget(tile, (index - 1) // 3, (index - 1) % 3)
            self.tiles.append(tile)
        self.progress = QProgressBar(self)
        self.progress.setObjectName("variantsProgress")
        self.cancel_button = QPushButton(self)
        self.cancel_button.setObjectName("variantsCancel")
        self.cancel_button.clicked.connect(self.cancelRequested.emit)
        self.apply_button = QPushButton(self)
        self.apply_button.setObjectName("variantsApply")
        self.apply_button.setEnabled(False)
        self.apply_button.clicked.connect(self.applyRequested.emit)
        self.close_button = QPushButton(self)
        self.close_button.setObjectName("variantsClose")
        self.close_button.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addWidget(self.progress, 1)
        for button in (self.cancel_button, self.apply_button, self.close_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(grid)
        layout.addLayout(buttons)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Variants"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.apply_button.setText(self.tr("Apply"))
        self.apply_button.setToolTip(self.tr("Write the picked face's shape and colours into the sketch"))
        self.close_button.setText(self.tr("Close"))

    def set_busy(self, busy: bool, done: int = 0, total: int = 0) -> None:
        self.progress.setVisible(busy)
        self.progress.setRange(0, total)
        self.progress.setValue(done)
        self.cancel_button.setEnabled(busy)
        for tile in self.tiles:
            tile.setEnabled(not busy and not tile.icon().isNull())

    def show_round(self, outcome: RoundOutcome) -> None:
        first = outcome.variants[0]
        self.heading.setText(
            self.tr("Round {0} (step {1}): click the face closest to the one you saw").format(
                first.round, f"{first.step:g}"
            )
        )
        for tile, photo in zip(self.tiles, outcome.photos, strict=True):
            marked, _ = leaving_photo(photo, {}, enlarge=False)  # on screen too: never an unlabelled face
            tile.setIcon(QIcon(QPixmap.fromImage(pil_to_qimage(marked))))
            tile.setChecked(False)
        self.set_busy(False)

    def show_message(self, text: str) -> None:
        self.heading.setText(text)
        self.set_busy(False)


class VariantsController(QObject):
    """The witness's rounds for the drawing tab: submits them, shows them, records picks, applies the
    choice."""

    roundsChanged = Signal()  # noqa: N815 - a round was recorded (the case changed)
    applied = Signal()

    def __init__(self, parent: QWidget, canvas: Any, worker: ColorizeWorker) -> None:
        super().__init__(parent)
        self._parent = parent
        self.canvas = canvas
        self.worker = worker
        self.rounds: list[dict[str, Any]] = []  # recorded rounds, for the case file and sheet
        self.dialog: VariantsDialog | None = None
        self.job: VariantRound | None = None
        self.current: RoundOutcome | None = None  # on screen, its pick not recorded yet
        self.chosen: Variant | None = None  # the last pick: what Aplicar writes
        self._base: RoundInput | None = None

    def open(self) -> VariantRound | None:
        """Show the grid and start a first round from the sketch as it is now."""
        if self.dialog is None:
            self.dialog = VariantsDialog(self._parent)
            self.dialog.picked.connect(self.pick)
            self.dialog.applyRequested.connect(self.apply)
            self.dialog.cancelRequested.connect(self.cancel)
            self.dialog.finished.connect(lambda _result: self._record_pending())
        self._record_pending()
        self._base, self.chosen = None, None
        self.dialog.apply_button.setEnabled(False)
        self.dialog.show()
        self.dialog.raise_()
        return self._submit(None)

    def _submit(self, centre: Variant | None) -> VariantRound:
        hints = self.canvas.hints.engine_layer() if self.worker.model_info is not None else None
        if self.worker.model_info is not None and not self.worker.model_info.accepts_hints:
            hints = None
        job = VariantRound(self.worker.slot, self.canvas.document.pixels.copy(), hints, centre, self._base)
        self.job = job
        assert self.dialog is not None
        self.dialog.set_busy(True, 0, 0)
        self.worker.executor.submit(job, Outcome(self._show, self._failed, self._cancelled, self._progress))
        return job

    def _progress(self, done: int, total: int, _text: str) -> None:
        if self.dialog is not None:
            self.dialog.set_busy(True, done, total)

    def _show(self, outcome: RoundOutcome) -> None:
        self.current, self._base = outcome, outcome.base
        if self.dialog is not None:
            self.dialog.show_round(outcome)

    def _failed(self, exc: BaseException) -> None:
        if self.dialog is not None:
            self.dialog.show_message(describe_exception(exc))

    def _cancelled(self, _message: str) -> None:
        if self.dialog is not None:
            self.dialog.show_message(self.tr("Cancelled."))

    def cancel(self) -> None:
        if self.job is not None and self.worker.executor.running_job is self.job:
            self.worker.executor.cancel()

    def pick(self, index: int) -> VariantRound | None:
        """The witness picked face ``index`` (1–9): record the round and vary around it, half the step."""
        if self.current is None or not 1 <= index <= len(self.current.variants):
            return None
        self.chosen = self.current.variants[index - 1]
        self._record(index)
        if self.dialog is not None:
            self.dialog.apply_button.setEnabled(True)
        return self._submit(self.chosen)

    def _record(self, pick: int | None) -> None:
        if self.current is None:
            return
        when = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        self.rounds.append(
            round_record(self.current.variants, pick, self.current.elapsed_ms, when if pick else "")
        )
        self.current = None
        self.roundsChanged.emit()

    def _record_pending(self) -> None:
        """A round shown but left without a pick is kept too (pick null): the witness saw it."""
        self._record(None)

    def apply(self) -> bool:
        """Write the picked variant into the sketch (shape) and the hint layer (colours): ONE undo step."""
        if self.chosen is None or self._base is None:
            return False
        sheet = self.canvas.hints.sheet
        hints = None if sheet.is_empty() else sheet.pixels.copy()
        sketch, layer = apply_to_sketch(
            self.chosen, self.canvas.document.pixels, hints, self._base.matrix, self._base.marks
        )
        stack = self.canvas.undo_stack
        stack.beginMacro(self.tr("Apply variant"))
        try:
            self.canvas.load_document(sketch)
            if layer is not None:
                self.canvas.hints.replace(layer, self.tr("Apply variant"))
        finally:
            stack.endMacro()
        self._base = None
        self.applied.emit()
        if self.dialog is not None:
            self.dialog.close()  # applied: the witness is done (V starts afresh from the new sketch)
        return True

    def set_rounds(self, rounds: list[dict[str, Any]]) -> None:
        """The rounds of an opened or restored case (a new case: none)."""
        self.rounds = list(rounds)
        self.current, self.chosen, self._base = None, None, None
