"""The main window: the drawing tab and the statistics tab, menus, status bar, settings, geometry."""

from __future__ import annotations

import dataclasses
import logging
import traceback

from PySide6.QtCore import QUrl
from PySide6.QtGui import QAction, QCloseEvent, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMenu,
    QMenuBar,
    QPlainTextEdit,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from s2c_desktop.settings import Preferences, save_preferences
from s2c_desktop.ui.actions import new_action
from s2c_desktop.ui.drawing.jobs import ColorizerFactory, ModelInfo
from s2c_desktop.ui.errors import ErrorReporter
from s2c_desktop.ui.file_places import FilePlaces
from s2c_desktop.ui.language import LanguageManager, follow_language
from s2c_desktop.ui.verify_dialog import ImageVerifier
from s2c_desktop.ui.window_state import WindowState

log = logging.getLogger(__name__)

# Preferences the settings dialog edits; the command line may override some of them for one run only.
_SESSION_FIELDS = ("language", "model_path", "datasets_dir")


class MainWindow(QMainWindow):
    def __init__(
        self,
        prefs: Preferences,
        languages: LanguageManager,
        window_state: WindowState,
        stored_prefs: Preferences | None = None,
        reporter: ErrorReporter | None = None,
        colorizer_factory: ColorizerFactory | None = None,
    ) -> None:
        super().__init__()
        follow_language(self, self.retranslate)
        from s2c_desktop.ui.drawing.tab import DrawingTab
        from s2c_desktop.ui.errors import reporter as global_reporter

        self.setObjectName("mainWindow")
        self.prefs = prefs
        self.languages = languages
        self.window_state = window_state
        self.stored_prefs = stored_prefs or dataclasses.replace(prefs)
        self.reporter = reporter or global_reporter()
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("mainTabs")
        self.setCentralWidget(self.tabs)
        self.drawing_tab = DrawingTab(prefs, self.reporter, self, colorizer_factory=colorizer_factory)
        self.tabs.addTab(self.drawing_tab, "")
        self.stats_tab = self._create_stats_tab()
        self.tabs.addTab(self.stats_tab, "")

        self.device_label = QLabel(self)
        self.device_label.setObjectName("statusDevice")
        self.latency_label = QLabel(self)
        self.latency_label.setObjectName("statusLatency")
        self.model_label = QLabel(self)
        self.model_label.setObjectName("statusModel")
        for label in (self.device_label, self.latency_label, self.model_label):
            self.statusBar().addPermanentWidget(label)
        self.model_info: ModelInfo | None = None
        self.model_failed = False

        self._build_menus()
        self.drawing_tab.statusMessage.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.drawing_tab.modelChanged.connect(self._on_model_changed)
        self.drawing_tab.latencyChanged.connect(lambda _ms: self._update_status())
        self.drawing_tab.titleChanged.connect(self._update_title)
        self.reporter.errorShown.connect(self._show_error_in_status)
        self.retranslate()
        self.resize(1360, 860)
        # First start: most room to the sketch and the photo, side by side; the case panel is narrower.
        self.drawing_tab.splitter.setSizes([600, 470, 290])
        self._restore_geometry()

    def _create_stats_tab(self) -> QWidget:
        """The statistics tab is independent: if it fails to build, it shows why and the app goes on."""
        try:
            from s2c_desktop.ui.stats.tab import StatsTab

            return StatsTab(self.prefs, parent=self)
        except Exception as exc:
            log.exception("statistics tab could not be created")
            panel = QWidget(self)
            panel.setObjectName("statsErrorPanel")
            layout = QVBoxLayout(panel)
            self._stats_error_label = QLabel(panel)
            self._stats_error_label.setWordWrap(True)
            details = QPlainTextEdit("".join(traceback.format_exception_only(type(exc), exc)), panel)
            details.setReadOnly(True)
            layout.addWidget(self._stats_error_label)
            layout.addWidget(details, 1)
            return panel

    # -- menus ---------------------------------------------------------------------------------------
    def _build_menus(self) -> None:
        drawing = self.drawing_tab.menu_actions()
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        self.recent_menu = QMenu(self.file_menu)
        self.recent_menu.setObjectName("recentCasesMenu")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        for index, group in enumerate(drawing["file"]):
            if index == 1:
                self.file_menu.addMenu(self.recent_menu)  # right after New and Open
            elif index:
                self.file_menu.addSeparator()
            self.file_menu.addActions(group)
        self.file_menu.addSeparator()
        self.verifier = ImageVerifier(self, FilePlaces(self.prefs))
        self.verify_action = new_action(self, "actionVerifyImage", self.verifier.ask)
        self.file_menu.addAction(self.verify_action)
        self.settings_action = new_action(self, "actionSettings", self.show_settings, ["Ctrl+,"])
        self.file_menu.addAction(self.settings_action)
        self.quit_action = new_action(
            self, "actionQuit", self.close, [QKeySequence(QKeySequence.StandardKey.Quit)]
        )
        self.file_menu.addAction(self.quit_action)

        self.edit_menu = self._menu(bar, drawing["edit"])
        self.view_menu = self._menu(bar, drawing["view"])
        self.colorize_menu = self._menu(bar, drawing["colorize"])

        self.help_menu = bar.addMenu("")
        for group in drawing.get("help", []):  # F1: the drawing tab's help
            self.help_menu.addActions(group)
        self.log_action = new_action(self, "actionOpenLog", self._open_log_folder)
        self.about_action = new_action(self, "actionAbout", self._about)
        self.help_menu.addAction(self.log_action)
        self.help_menu.addAction(self.about_action)

    @staticmethod
    def _menu(bar: QMenuBar, groups: list[list[QAction]]) -> QMenu:
        menu = bar.addMenu("")
        for index, group in enumerate(groups):
            if index:
                menu.addSeparator()
            menu.addActions(group)
        return menu

    def _fill_recent_menu(self) -> None:
        """Built when opened, so it always shows the current list (cases that vanished are left out)."""
        from pathlib import Path

        self.recent_menu.clear()
        folders = [folder for folder in self.prefs.recent_cases if (Path(folder) / "case.json").is_file()]
        for folder in folders:
            action = self.recent_menu.addAction(Path(folder).name)
            action.setToolTip(folder)
            action.triggered.connect(lambda _checked=False, f=folder: self._open_recent(f))
        if not folders:
            empty = self.recent_menu.addAction(self.tr("(none)"))
            empty.setEnabled(False)

    def _open_recent(self, folder: str) -> None:
        if self.drawing_tab.confirm_discard():
            self.drawing_tab.open_case_from(folder)

    # -- translations --------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.tabs.setTabText(0, self.tr("Drawing"))
        self.tabs.setTabText(1, self.tr("Statistics"))
        self.file_menu.setTitle(self.tr("&File"))
        self.recent_menu.setTitle(self.tr("&Recent cases"))
        self.edit_menu.setTitle(self.tr("&Edit"))
        self.view_menu.setTitle(self.tr("&View"))
        self.colorize_menu.setTitle(self.tr("&Colorize"))
        self.help_menu.setTitle(self.tr("&Help"))
        self.verify_action.setText(self.tr("&Verify image…"))
        self.verify_action.setStatusTip(self.tr("Tell whether photos were generated by Sketch2Color"))
        self.settings_action.setText(self.tr("&Settings…"))
        self.quit_action.setText(self.tr("&Quit"))
        self.log_action.setText(self.tr("Open the &log folder"))
        self.about_action.setText(self.tr("&About Sketch2Color"))
        if hasattr(self, "_stats_error_label"):
            self._stats_error_label.setText(
                self.tr("The statistics tab could not be loaded. The drawing tab works normally. Details:")
            )
        self._update_status()
        self._update_title()

    def _show_error_in_status(self, _title: str, message: str) -> None:
        self.statusBar().showMessage(message.splitlines()[0] if message else message, 10000)

    def _update_title(self) -> None:
        self.setWindowTitle(f"{self.drawing_tab.title()} — Sketch2Color")

    # -- status bar ----------------------------------------------------------------------------------
    def _on_model_changed(self, info: ModelInfo | None) -> None:
        self.model_info = info
        self.model_failed = info is None
        self._update_status()

    def _update_status(self) -> None:
        info = self.model_info
        if info is not None:
            device = info.device_label
            model = info.name
        elif self.model_failed:
            device, model = "—", self.tr("not available")
        else:
            device, model = "…", self.tr("loading…")
        self.device_label.setText(self.tr("Device: {0}").format(device))
        latency = self.drawing_tab.last_latency_ms
        self.latency_label.setText(
            self.tr("Last: {0}").format(f"{latency:.0f} ms" if latency is not None else "—")
        )
        self.model_label.setText(self.tr("Model: {0}").format(model))
        if info is not None:
            self.device_label.setToolTip(info.provider)
            self.model_label.setToolTip(info.sha256)

    # -- settings ------------------------------------------------------------------------------------
    def show_settings(self) -> None:
        from s2c_desktop.ui.settings_dialog import SettingsDialog

        # The dialog starts from the preferences: make them hold the brush as the artist has it now, or
        # pressing OK would put back the brush of the start of the session.
        self.drawing_tab.remember_tool_settings()
        dialog = SettingsDialog(self.prefs, self)
        dialog.setObjectName("settingsDialog")
        dialog.accepted.connect(lambda: self.apply_settings(dialog.preferences()))
        self.settings_dialog = dialog
        dialog.open()

    def apply_settings(self, new: Preferences) -> None:
        """Use ``new`` now (language included, no restart) and store it."""
        old_language = self.prefs.language
        for field in dataclasses.fields(Preferences):
            setattr(self.prefs, field.name, getattr(new, field.name))
            # What the user chose in the dialog replaces a command-line override for good.
            setattr(self.stored_prefs, field.name, getattr(new, field.name))
        self.drawing_tab.apply_preferences(self.prefs)
        if new.language != old_language:
            self.languages.set_language(new.language)
        self.save_preferences()

    def save_preferences(self) -> None:
        """Store the preferences, except command-line overrides (``--lang``, ``--model``...) of this run."""
        stored = dataclasses.replace(self.stored_prefs)
        for field in dataclasses.fields(Preferences):
            if field.name not in _SESSION_FIELDS:
                setattr(stored, field.name, getattr(self.prefs, field.name))
        try:
            save_preferences(stored)
        except OSError as exc:
            self.reporter.show_error(
                self.tr("Settings"), self.tr("Cannot save the settings: {0}").format(exc)
            )

    # -- geometry (QSettings only) -------------------------------------------------------------------
    def _restore_geometry(self) -> None:
        self.window_state.restore(self, self.drawing_tab.splitter)

    def _save_geometry(self) -> None:
        self.window_state.save(self, self.drawing_tab.splitter)

    # -- life cycle ----------------------------------------------------------------------------------
    def start(self) -> None:
        self.drawing_tab.start()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        if not self.drawing_tab.confirm_discard():
            event.ignore()
            return
        self._save_geometry()
        self.drawing_tab.remember_tool_settings()
        self.save_preferences()
        self.drawing_tab.shutdown()
        # The statistics tab may have an import running in its own thread; let it stop first.
        shutdown = getattr(self.stats_tab, "shutdown", None)
        if callable(shutdown):
            try:
                shutdown()
            except Exception:
                log.exception("statistics tab did not shut down cleanly")
        event.accept()

    def _open_log_folder(self) -> None:
        from s2c_desktop.paths import user_log_dir

        QDesktopServices.openUrl(QUrl.fromLocalFile(str(user_log_dir())))

    def _about(self) -> None:
        from s2c_desktop.ui.about_dialog import show_about_dialog

        show_about_dialog(self)
