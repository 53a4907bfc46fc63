"""The statistics tab's actions (import a file, update from DataCrim, cancel), built with their slots passed
in; the tab's buttons show them, so a text or an enabled state is set once, on the action."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QToolButton, QWidget

from s2c_desktop.ui.actions import new_action


class StatsActions(QObject):
    def __init__(
        self,
        tab: QWidget,
        import_file: Callable[[], object],
        update_datacrim: Callable[[], object],
        cancel: Callable[[], object],
    ) -> None:
        super().__init__(tab)
        self.import_file = new_action(tab, "actionImportCrimeData", import_file)
        self.update_datacrim = new_action(tab, "actionUpdateDataCrim", update_datacrim)
        self.cancel = new_action(tab, "actionCancelImport", cancel)

    def set_busy(self, busy: bool) -> None:
        """While an import runs: no second one, and the cancel action is live."""
        self.import_file.setEnabled(not busy)
        self.update_datacrim.setEnabled(not busy)
        self.cancel.setEnabled(busy)

    def retranslate(self) -> None:
        texts = {
            self.import_file: self.tr("Import file…"),
            self.update_datacrim: self.tr("Update from DataCrim"),
            self.cancel: self.tr("Cancel"),
        }
        for action, text in texts.items():
            action.setText(text)
            action.setIconText(text)  # the button shows the icon text, which Qt derives without the "…"


def action_button(action: QAction, parent: QWidget) -> QToolButton:
    """A push-button look for an action: its text and enabled state follow the action."""
    button = QToolButton(parent)
    button.setDefaultAction(action)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    return button
