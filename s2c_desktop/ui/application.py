"""QApplication set-up: logging, the global exception hook, translations, and the main window.

``run_gui(args)`` is what ``s2c-desktop`` runs. Tests and the benchmark build the same pieces with
:func:`create_application` and :func:`create_main_window` so they exercise exactly what users run.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QLibraryInfo, QLocale, QSettings, QTranslator
from PySide6.QtWidgets import QApplication

from s2c_desktop import APP_AUTHOR, APP_NAME, __version__
from s2c_desktop.paths import resources_dir, user_config_dir
from s2c_desktop.settings import LANGUAGES, Preferences, load_preferences

log = logging.getLogger(__name__)

TRANSLATION_PREFIX = "s2c_"


def translations_dir() -> Path:
    return resources_dir() / "translations"


def window_settings() -> QSettings:
    """Window geometry and splitter state only (ADR 0002): an INI file beside preferences.json, so
    ``S2C_HOME`` isolates it like everything else."""
    return QSettings(str(user_config_dir() / "window.ini"), QSettings.Format.IniFormat)


class LanguageManager:
    """Installs the app's and Qt's own translators; switching emits LanguageChange to every widget."""

    def __init__(self, app: QCoreApplication) -> None:
        self.app = app
        self.language = "en"
        self._installed: list[QTranslator] = []

    def set_language(self, language: str) -> bool:
        """Switch to ``language`` ("es" or "en"); True when the app's own catalogue was found.

        English is the source language: it needs no catalogue. A missing catalogue is logged and the
        interface stays in English rather than failing.
        """
        if language not in LANGUAGES:
            language = "es"
        for translator in self._installed:
            self.app.removeTranslator(translator)
        self._installed.clear()
        self.language = language
        QLocale.setDefault(QLocale(QLocale.Language.Spanish if language == "es" else QLocale.Language.English))
        if language == "en":
            # removeTranslator already posted LanguageChange; nothing else to load.
            self._deliver()
            return True
        ok = True
        own = QTranslator(self.app)
        if own.load(f"{TRANSLATION_PREFIX}{language}", str(translations_dir())):
            self._installed.append(own)
        else:
            ok = False
            log.warning("translation %s%s.qm not found in %s", TRANSLATION_PREFIX, language, translations_dir())
        # Qt's own strings (standard buttons, file dialogs).
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        qt_translator = QTranslator(self.app)
        if qt_translator.load(f"qtbase_{language}", qt_dir):
            self._installed.append(qt_translator)
        for translator in self._installed:
            self.app.installTranslator(translator)
        self._deliver()
        return ok

    def _deliver(self) -> None:
        """Deliver the posted LanguageChange events now, so every visible text is switched on return."""
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)


def create_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if app is None:
        app = QApplication(argv if argv is not None else sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_AUTHOR)
    app.setApplicationVersion(__version__)
    app.setApplicationDisplayName("Sketch2Color")
    # Fusion looks the same on every platform and under Xvfb.
    app.setStyle("Fusion")
    icon = resources_dir() / "icons" / "s2c.svg"
    if icon.is_file():
        from PySide6.QtGui import QIcon

        app.setWindowIcon(QIcon(str(icon)))
    return app


def language_manager(app: QCoreApplication) -> LanguageManager:
    """One manager per application object."""
    manager = getattr(app, "_s2c_language_manager", None)
    if manager is None:
        manager = LanguageManager(app)
        app._s2c_language_manager = manager  # type: ignore[attr-defined]
    return manager


def apply_overrides(prefs: Preferences, args: Any) -> Preferences:
    """Command-line options win over the stored preferences for this run (they are not saved)."""
    if getattr(args, "lang", None):
        prefs.language = args.lang
    if getattr(args, "model", None):
        prefs.model_path = str(args.model)
    if getattr(args, "datasets", None):
        prefs.datasets_dir = str(args.datasets)
    return prefs


def create_main_window(app: QApplication, args: Any = None, prefs: Preferences | None = None,
                       colorizer_factory: Any = None) -> Any:
    """Preferences, language, exception hooks and the main window (not shown yet).

    ``colorizer_factory(model_path, device)`` replaces the real model loader (the tests' seam).
    """
    from s2c_desktop.ui.errors import install_exception_hooks
    from s2c_desktop.ui.main_window import MainWindow

    stored = load_preferences()
    prefs = apply_overrides(prefs or load_preferences(), args)
    reporter = install_exception_hooks()
    language_manager(app).set_language(prefs.language)
    window = MainWindow(prefs, stored_prefs=stored, reporter=reporter, colorizer_factory=colorizer_factory)
    reporter.parent_widget = window
    return window


def run_gui(args: Any) -> int:
    from s2c_desktop.logging_setup import configure_logging

    try:
        configure_logging(debug=bool(getattr(args, "debug", False)))
    except OSError as exc:
        sys.stderr.write(f"warning: cannot open the log file: {exc}\n")
    log.info("Sketch2Color Desktop %s starting", __version__)
    app = create_application()
    window = create_main_window(app, args)
    window.show()
    window.start()
    code = app.exec()
    log.info("Sketch2Color Desktop exits (%s)", code)
    return int(code)
