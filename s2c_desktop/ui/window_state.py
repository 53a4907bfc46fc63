"""Window geometry and splitter state (ADR 0002: QSettings for these only, preferences live in JSON)."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMainWindow, QSplitter

from s2c_desktop.paths import user_config_dir


def window_settings() -> QSettings:
    """An INI file beside preferences.json, so ``S2C_HOME`` isolates it like everything else."""
    return QSettings(str(user_config_dir() / "window.ini"), QSettings.Format.IniFormat)


class WindowState:
    """Restores and stores the main window's geometry and the drawing tab's splitter."""

    def __init__(self, settings: QSettings | None = None) -> None:
        self.settings = settings or window_settings()

    def restore(self, window: QMainWindow, splitter: QSplitter) -> None:
        geometry = self.settings.value("main/geometry")
        if geometry is not None:
            window.restoreGeometry(geometry)
        state = self.settings.value("main/splitter")
        if state is not None:
            splitter.restoreState(state)

    def save(self, window: QMainWindow, splitter: QSplitter) -> None:
        self.settings.setValue("main/geometry", window.saveGeometry())
        self.settings.setValue("main/splitter", splitter.saveState())
        self.settings.sync()
