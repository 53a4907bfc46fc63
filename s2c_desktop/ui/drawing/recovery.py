"""Autosave after idle time, and the offer to restore unsaved work after a crash (the drawing tab's helper).

Given its callbacks, it never reaches into the tab. Strings use the "DrawingTab" translation context, as
before the split.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QTimer
from PySide6.QtWidgets import QMessageBox, QWidget

from s2c_desktop.errors import S2CError
from s2c_desktop.sketch.autosave import AutosaveStore, Recoverable
from s2c_desktop.sketch.case import Case
from s2c_desktop.ui.drawing import integrity

log = logging.getLogger(__name__)


class Autosaver(QObject):
    def __init__(
        self,
        parent: QWidget,
        store: AutosaveStore,
        current_case: Callable[[], Case],
        case_folder: Callable[[], Path | None],
        restore: Callable[[Recoverable], object],
        status: Callable[[str], object],
        show_error: Callable[[str, str], object],
    ) -> None:
        super().__init__(parent)
        self.parent_widget = parent
        self.store = store
        self._current_case = current_case
        self._case_folder = case_folder
        self._restore = restore
        self._status = status
        self._show_error = show_error
        self.pending = False  # changes not autosaved yet
        self._failed = False
        self.offer: QMessageBox | None = None  # the restore question, while it is open
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.save_now)

    def start(self) -> None:
        """Take this session's autosave slot and offer to restore the work a crash left behind."""
        recoverable = self.store.find_recoverable()
        integrity.tell_moved_aside(self._show_error, self.store.moved_aside)
        try:
            self.store.begin()
        except OSError as exc:
            self._show_error(
                QCoreApplication.translate("DrawingTab", "Autosave"),
                QCoreApplication.translate("DrawingTab", "Autosave is not available: {0}").format(exc),
            )
        if recoverable:
            self.offer_restore(recoverable[0])

    def stop(self) -> None:
        """A clean end: the slot is released, nothing is left to restore."""
        self.timer.stop()
        self.store.end_clean()

    def set_interval(self, seconds: float) -> None:
        self.timer.setInterval(int(seconds * 1000))

    def changed(self) -> None:
        """The case changed: autosave once this much *idle* time has passed (each change restarts it)."""
        self.pending = True
        self.timer.start()

    def forget_changes(self) -> None:
        """The case was saved, or replaced by one with nothing to lose."""
        self.pending = False
        self.timer.stop()
        self.store.clear_snapshot()

    def save_now(self) -> bool:
        if not self.pending:
            return True
        try:
            self.store.save(self._current_case(), self._case_folder())
        except S2CError as exc:
            self._status(QCoreApplication.translate("DrawingTab", "Autosave failed: {0}").format(str(exc)))
            if not self._failed:  # one dialog per run of failures, not one every few seconds
                self._show_error(QCoreApplication.translate("DrawingTab", "Autosave failed"), str(exc))
            self._failed = True
            return False
        self._failed = False
        self.pending = False
        log.debug("autosaved to %s", self.store.slot)
        return True

    def offer_restore(self, item: Recoverable) -> QMessageBox:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            QCoreApplication.translate("DrawingTab", "Restore unsaved work?"),
            QCoreApplication.translate(
                "DrawingTab",
                "Sketch2Color did not close properly last time. Restore the unsaved work (case {0}, autosaved at {1})?",  # noqa: E501 - one literal, as lupdate reads it
            ).format(
                item.case.case_number or QCoreApplication.translate("DrawingTab", "without number"),
                time.strftime("%Y-%m-%d %H:%M", time.localtime(item.saved_at)),
            ),
            QMessageBox.StandardButton.NoButton,
            self.parent_widget,
        )
        box.setObjectName("restoreOffer")
        restore = box.addButton(
            QCoreApplication.translate("DrawingTab", "Restore"), QMessageBox.ButtonRole.AcceptRole
        )
        restore.setObjectName("restoreButton")
        discard = box.addButton(
            QCoreApplication.translate("DrawingTab", "Discard"), QMessageBox.ButtonRole.DestructiveRole
        )
        discard.setObjectName("discardButton")
        box.setDefaultButton(restore)
        restore.clicked.connect(lambda: self._restore(item))
        discard.clicked.connect(item.discard)
        box.finished.connect(lambda _r: setattr(self, "offer", None))
        self.offer = box
        box.open()
        return box
