"""The drawing tab's controller: canvas + photo + case panel, colorize/live, case files, autosave, exports.

The main window builds its menus from this tab's actions (:meth:`DrawingTab.menu_actions`); the tab owns
the actions (:class:`DrawingActions`, created with its methods as their slots) and the behaviour behind them.
Every file operation goes through a ``*_to``/``*_from`` method taking a path; the dialogs
(:class:`CaseFileDialogs`) only ask for the path, so tests drive exactly what the dialogs drive.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from s2c_desktop.errors import S2CError
from s2c_desktop.settings import Preferences
from s2c_desktop.sketch.autosave import AutosaveStore, Recoverable
from s2c_desktop.sketch.case import Case, load_case, save_case
from s2c_desktop.sketch.document import SketchDocument
from s2c_desktop.ui.drawing import integrity
from s2c_desktop.ui.drawing.actions import DrawingActions
from s2c_desktop.ui.drawing.case_panel import CasePanel
from s2c_desktop.ui.drawing.file_dialogs import CaseFileDialogs
from s2c_desktop.ui.drawing.hint_toolbar import HintToolbar
from s2c_desktop.ui.drawing.jobs import Colorize, ColorizerFactory, ColorizeWorker, ImportOutcome, ImportScan
from s2c_desktop.ui.drawing.live import LiveScheduler
from s2c_desktop.ui.drawing.model_status import ModelStatus
from s2c_desktop.ui.drawing.outputs import CaseOutputs
from s2c_desktop.ui.drawing.photo_state import PhotoState
from s2c_desktop.ui.drawing.photo_view import PhotoPanel, side_by_side
from s2c_desktop.ui.drawing.printing import SheetPrinter
from s2c_desktop.ui.drawing.recovery import Autosaver
from s2c_desktop.ui.drawing.variants_panel import VariantsController
from s2c_desktop.ui.errors import ErrorReporter
from s2c_desktop.ui.file_places import FilePlaces
from s2c_desktop.ui.language import follow_language

log = logging.getLogger(__name__)


class DrawingTab(QWidget):
    statusMessage = Signal(str)
    modelChanged = Signal(object)  # ModelInfo | None
    latencyChanged = Signal(float)
    titleChanged = Signal()

    def __init__(
        self,
        prefs: Preferences,
        reporter: ErrorReporter,
        parent: QWidget | None = None,
        autosave: AutosaveStore | None = None,
        colorizer_factory: ColorizerFactory | None = None,
    ) -> None:
        super().__init__(parent)
        follow_language(self, self.retranslate)
        from s2c_desktop.ui.drawing.canvas.canvas_widget import SketchCanvas

        self.setObjectName("drawingTab")
        self.prefs = prefs
        self.reporter = reporter
        self.case_folder: Path | None = None
        self.dirty = False
        self.checksum_mismatches: list[str] = []  # of the opened case; on the sheet until saved again
        self.last_latency_ms: float | None = None
        self.ask_before_discarding = True  # tests and scripted runs turn the confirmation off
        self._loading = False
        self.autosave = autosave or AutosaveStore()

        self.canvas = SketchCanvas(self)
        self.canvas.setObjectName("sketchCanvas")
        self.photo_panel = PhotoPanel(self)
        self.photo = self.photo_panel.photo
        self.case_panel = CasePanel(self)
        self.photos = PhotoState(self.canvas, self.photo, lambda: self.case_panel.fields()["case_number"])
        self.worker = ColorizeWorker(prefs.model_path, prefs.device, colorizer_factory, parent=self)
        self._model_spec = (prefs.model_path, prefs.device)
        self.live = LiveScheduler(self.worker, self.colorize, prefs.live_delay_ms, parent=self)
        self.variants = VariantsController(self, self.canvas, self.worker)  # V: the witness's rounds
        self.variants.roundsChanged.connect(self._mark_dirty)
        self.dialogs = CaseFileDialogs(self, self, FilePlaces(prefs))
        self.ui_actions = DrawingActions(self, self.canvas, self)
        self.hint_bar = HintToolbar(self.canvas, self)
        self.outputs = CaseOutputs(
            self.current_case,
            lambda: self.worker.model_info,
            self.statusMessage.emit,
            self.reporter.show_error,
        )
        self.printer = SheetPrinter(
            self,
            lambda: (case := self.current_case(), *self.outputs.sheet_model(case)),
            self.dialogs.default_path,
            self.reporter.show_error,
            self.statusMessage.emit,
        )

        self.colorize_button = self.photo_panel.colorize_button
        self.colorize_button.clicked.connect(self.colorize)
        self.live_check = self.photo_panel.live_check
        self.live_check.toggled.connect(self.ui_actions.live.setChecked)
        self.ui_actions.live.toggled.connect(self.live_check.setChecked)

        self.splitter = side_by_side(self, self.canvas, self.photo_panel, self.case_panel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.ui_actions.toolbar)
        layout.addWidget(self.hint_bar)
        layout.addWidget(self.hint_bar.palette_bar)
        layout.addWidget(self.splitter, 1)

        self.autosaver = Autosaver(
            self,
            self.autosave,
            self.current_case,
            lambda: self.case_folder,
            self.restore,
            self.statusMessage.emit,
            self.reporter.show_error,
        )

        self.canvas.sketchChanged.connect(self._on_sketch_changed)
        self.canvas.hints.changed.connect(self._on_sketch_changed)  # new hints: a new photo (live mode too)
        self.case_panel.changed.connect(self._on_case_edited)
        self.model_status = ModelStatus(
            self.worker,
            self.hint_bar,
            self.statusMessage.emit,
            self.reporter.show_error,
            self.modelChanged.emit,
            lambda: self.live.enabled,
        )
        self.worker.busyChanged.connect(self.photo.set_busy)
        self.apply_preferences(prefs)
        self.retranslate()
        self.hint_bar.show_model(self.worker.model_info)
        self.setAcceptDrops(True)

    # -- life cycle ----------------------------------------------------------------------------------
    def start(self) -> None:
        """Load the model in the background, take the autosave slot and offer to restore lost work."""
        self.worker.start()
        self.autosaver.start()

    def remember_tool_settings(self) -> None:
        """Keep the brush as the artist left it for the next start."""
        self.prefs.brush_size = float(self.ui_actions.tool_sizes.sizes.get("pencil", self.canvas.brush_size))
        self.prefs.brush_opacity = max(0.05, float(self.canvas.opacity))
        self.prefs.show_face_guide = bool(self.canvas.guide_visible)

    def shutdown(self) -> None:
        self.live.set_enabled(False)
        self.worker.shutdown()
        self.autosaver.stop()

    def apply_preferences(self, prefs: Preferences) -> None:
        spec = (prefs.model_path, prefs.device)
        reload = spec != self._model_spec
        self._model_spec = spec
        self.prefs = prefs
        self.live.set_delay(prefs.live_delay_ms)
        self.autosaver.set_interval(prefs.autosave_seconds)
        self.canvas.set_guide_visible(prefs.show_face_guide)
        self.canvas.set_brush_size(prefs.brush_size)
        self.canvas.set_opacity(prefs.brush_opacity)
        self.canvas.set_pressure_curve(prefs.pressure_min_width, prefs.pressure_curve)
        if self.ui_actions.live.isChecked() != prefs.live_mode:
            self.ui_actions.live.setChecked(prefs.live_mode)
        if reload:
            self.worker.reload_model(prefs.model_path, prefs.device)

    # -- translations --------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.ui_actions.retranslate()
        self.titleChanged.emit()

    def menu_actions(self) -> dict[str, list[list[Any]]]:
        """This tab's actions per menu, in groups (see :meth:`DrawingActions.menus`)."""
        return self.ui_actions.menus()

    def dragEnterEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        self.dialogs.drag_enter(event)

    def dropEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        self.dialogs.drop(event)

    def case_number(self) -> str:
        return self.case_panel.fields()["case_number"]

    def title(self) -> str:
        name = self.case_number() or (self.case_folder.name if self.case_folder else "")
        name = name or self.tr("New case")
        return f"{name}{' *' if self.dirty else ''}"

    # -- colorize ------------------------------------------------------------------------------------
    def colorize(self) -> Colorize | None:
        """Send the current sketch to the worker; returns at once. A blank page has no photo: no run."""
        if not self.photos.has_drawing():
            self.statusMessage.emit(self.tr("The page is blank: draw or import a sketch first."))
            self.photos.clear()  # the photo of a drawing that is gone
            return None
        pixels = self.canvas.document.pixels.copy()  # the GUI keeps drawing while the worker runs
        info = self.worker.model_info
        hints = self.canvas.hints.engine_layer() if info is not None and info.accepts_hints else None
        return self.worker.colorize(pixels, self.photos.sketch_key(), hints, self._on_colorized)

    def print_sheet(self) -> None:
        self.printer.open_dialog()

    def open_variants(self) -> object:
        return self.variants.open()

    def set_live(self, enabled: bool) -> None:
        self.live.set_enabled(enabled)
        self.prefs.live_mode = enabled
        if enabled and not self.photos.matches() and self.photos.has_drawing():
            self.colorize()

    def _on_sketch_changed(self) -> None:
        self.photos.update_stale()
        if self._loading:
            return  # a case being opened, restored or started is not a change by the artist
        self._mark_dirty()
        # The canvas emits this once per committed change: the end of a stroke, undo, redo, clear, load.
        self.live.sketch_changed()

    def _on_colorized(self, job: Colorize, result: Any) -> None:
        if self.photos.is_current(job.version):  # not a late photo of the case that was open before
            self._show_result(result, job.version, job)

    def _show_result(
        self, result: Any, key: tuple[int, bytes], request: Colorize | ImportScan | None = None
    ) -> None:
        self.photos.show(result.photo, result.metadata, key, token=request)
        self.last_latency_ms = float(result.latency_ms)
        self.latencyChanged.emit(self.last_latency_ms)
        self._mark_dirty()

    # -- import / open / save sketch -----------------------------------------------------------------
    def import_scan_from(self, path: str | Path) -> ImportScan | None:
        """Fit a scanned or photographed sketch into the frame (in the worker) and load it.

        The import replaces the drawing (Undo brings it back): an unsaved drawing is not replaced unasked.
        """
        if (
            self.ask_before_discarding
            and self.dirty
            and self.photos.has_drawing()
            and not self.dialogs.ask_to_replace_drawing()
        ):
            return None
        self.statusMessage.emit(self.tr("Importing {0}…").format(Path(path).name))
        return self.worker.import_scan(str(path), self._finish_import)

    def _finish_import(self, request: ImportScan, outcome: ImportOutcome) -> None:
        self.canvas.load_document(SketchDocument.from_image(outcome.fitted))
        self._after_sketch_replaced()
        if outcome.result is not None:
            self._show_result(outcome.result, self.photos.sketch_key(), request)
        self.statusMessage.emit(self.tr("Imported {0}").format(Path(request.path).name))
        integrity.tell_import_warnings(self.reporter.show_error, outcome.warnings)

    def open_sketch_from(self, path: str | Path) -> None:
        try:
            document = SketchDocument.load_png(path)
        except S2CError as exc:
            self.reporter.show_error(self.tr("Cannot open the sketch"), str(exc))
            return
        self.canvas.load_document(document)
        self._after_sketch_replaced()

    def save_sketch_to(self, path: str | Path) -> bool:
        try:
            self.canvas.document.save_png(path)
        except (S2CError, OSError) as exc:
            self.reporter.report_exception(exc if isinstance(exc, S2CError) else _as_user_error(exc, path))
            return False
        self.statusMessage.emit(self.tr("Sketch saved to {0}").format(str(path)))
        return True

    def _after_sketch_replaced(self) -> None:
        self.photos.update_stale()
        self._mark_dirty()

    # -- cases ---------------------------------------------------------------------------------------
    def current_case(self) -> Case:
        fields = self.case_panel.fields()
        sheet = self.canvas.hints.sheet
        return Case(
            sketch=self.canvas.document.to_pil(),
            photo=self.photos.image,
            hints=None if sheet.is_empty() else sheet.to_pil(),
            photo_metadata=self.photos.metadata if self.photos.image is not None else {},
            checksum_mismatches=list(self.checksum_mismatches),
            variant_rounds=list(self.variants.rounds),
            **fields,
        )

    def sheet_warnings(self) -> list[str]:
        return integrity.sheet_warnings(self.checksum_mismatches)

    def save_case_to(self, folder: str | Path) -> bool:
        try:
            save_case(folder, self.current_case())
        except S2CError as exc:
            self.reporter.show_error(self.tr("Cannot save the case"), str(exc))
            return False
        self.case_folder = Path(folder)
        self.dirty = False
        self.checksum_mismatches = []  # saved by the app: the checksums match again
        self.autosaver.forget_changes()
        self.dialogs.places.remember_case(self.case_folder)
        self.statusMessage.emit(self.tr("Case saved in {0}").format(str(folder)))
        self.titleChanged.emit()
        return True

    def open_case_from(self, folder: str | Path) -> bool:
        try:
            case = load_case(folder)
        except S2CError as exc:
            self.reporter.show_error(self.tr("Cannot open the case"), str(exc))
            return False
        self._load_case(case, Path(folder))
        self.dirty = False
        self.autosaver.forget_changes()  # nothing to lose: the case is on disk as opened
        self.dialogs.places.remember_case(Path(folder))
        integrity.tell_checksum_mismatches(self.reporter.show_error, case.checksum_mismatches)
        self.statusMessage.emit(self.tr("Case {0} opened").format(case.case_number or Path(folder).name))
        self.titleChanged.emit()
        return True

    def _load_case(self, case: Case, folder: Path | None) -> None:
        # A new/opened/restored case starts a fresh undo history; loading it is no edit (and no live run).
        self.photos.new_generation()
        self._loading = True
        try:
            self.canvas.reset_document(case.sketch, case.hints)
            self.case_panel.set_fields(case.case_number, case.artist, case.witness_notes, case.date)
        finally:
            self._loading = False
        self.checksum_mismatches = list(case.checksum_mismatches)
        self.variants.set_rounds(case.variant_rounds)
        self.photos.show(case.photo, case.photo_metadata, self.photos.sketch_key())  # the stored pair matches
        self.case_folder = folder

    def new_case(self) -> bool:
        if not self.confirm_discard():
            return False
        self._load_case(Case(), None)
        self.case_panel.clear()
        self.dirty = False
        self.autosaver.forget_changes()
        self.titleChanged.emit()
        return True

    def confirm_discard(self) -> bool:
        """Ask before unsaved work is dropped: Save / Discard / Cancel. True when it is fine to go on."""
        return not self.dirty or not self.ask_before_discarding or self.dialogs.ask_to_keep_unsaved_work()

    # -- autosave and restore ------------------------------------------------------------------------
    def _mark_dirty(self) -> None:
        was = self.dirty
        self.dirty = True
        self.autosaver.changed()
        if not was:
            self.titleChanged.emit()

    def _on_case_edited(self) -> None:
        if self._loading:
            return
        self.photos.remark()  # the mark on screen names the case number as typed
        self._mark_dirty()
        self.titleChanged.emit()

    def restore(self, item: Recoverable) -> None:
        self._load_case(item.case, Path(item.origin_folder) if item.origin_folder else None)
        item.discard()
        self._mark_dirty()
        self.autosaver.save_now()  # the restored work now lives in this session's slot
        self.statusMessage.emit(self.tr("Unsaved work restored"))
        self.titleChanged.emit()

    # -- exports (the dialogs and the tests call these with a path) ---------------------------------
    def export_photo_to(self, path: str | Path) -> bool:
        return self.outputs.export_photo_to(path)

    def export_sheet_to(self, path: str | Path) -> bool:
        return self.outputs.export_sheet_to(path)


def _as_user_error(exc: OSError, path: str | Path) -> S2CError:
    return S2CError(f"cannot write {Path(path).name}: {exc.strerror or exc}")
