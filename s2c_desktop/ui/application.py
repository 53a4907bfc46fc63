"""QApplication set-up: logging, the global exception hook, the language, and the main window.

Start-up runs one way: this module builds the language manager (``ui/language.py``) and the window state
(``ui/window_state.py``) and passes them into :class:`~s2c_desktop.ui.main_window.MainWindow`, which never
imports this module back.

``run_gui(args)`` is what ``s2c-desktop`` runs. Tests and the benchmark build the same pieces with
:func:`create_application` and :func:`create_main_window` so they exercise exactly what users run.
"""

from __future__ import annotations

import logging
import sys
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from s2c_desktop import APP_AUTHOR, APP_NAME, __version__
from s2c_desktop.errors import S2CError
from s2c_desktop.paths import check_user_folders, resources_dir
from s2c_desktop.printable import printable
from s2c_desktop.settings import Preferences, load_preferences
from s2c_desktop.ui.language import language_manager
from s2c_desktop.ui.window_state import WindowState

log = logging.getLogger(__name__)

EXIT_CANNOT_START = 2  # as the command line's usage and environment errors


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


def apply_overrides(prefs: Preferences, args: Any) -> Preferences:
    """Command-line options win over the stored preferences for this run (they are not saved)."""
    if getattr(args, "lang", None):
        prefs.language = args.lang
    if getattr(args, "model", None):
        prefs.model_path = str(args.model)
    if getattr(args, "datasets", None):
        prefs.datasets_dir = str(args.datasets)
    return prefs


def create_main_window(
    app: QApplication, args: Any = None, prefs: Preferences | None = None, colorizer_factory: Any = None
) -> Any:
    """Preferences, language, exception hooks and the main window (not shown yet).

    ``colorizer_factory(model_path, device)`` replaces the real model loader (the tests' seam).
    """
    from s2c_desktop.ui.errors import install_exception_hooks
    from s2c_desktop.ui.main_window import MainWindow

    stored = load_preferences()
    prefs = apply_overrides(prefs or load_preferences(), args)
    reporter = install_exception_hooks()
    languages = language_manager(app)
    languages.set_language(prefs.language)
    window = MainWindow(
        prefs,
        languages,
        WindowState(),
        stored_prefs=stored,
        reporter=reporter,
        colorizer_factory=colorizer_factory,
    )
    reporter.parent_widget = window
    return window


def refuse_to_start(problem: S2CError) -> int:
    """One ``error:`` line on stderr and one dialog, then exit: without its folders the app could save
    nothing (no autosave, no preferences, no log), so it does not open at all."""
    sys.stderr.write(f"error: {printable(problem)}\n")
    app = create_application()
    languages = language_manager(app)
    languages.set_language(Preferences().language)  # the preferences cannot be read
    box = QMessageBox(
        QMessageBox.Icon.Critical,
        QCoreApplication.translate("Startup", "Sketch2Color cannot start"),
        QCoreApplication.translate("Startup", "The folder for Sketch2Color's files cannot be used:")
        + "\n\n"
        + printable(problem),
        QMessageBox.StandardButton.Close,
    )
    try:
        box.exec()
    finally:
        languages.set_language("en")  # its translators go with the dialog (one application may start again)
    return EXIT_CANNOT_START


def run_gui(args: Any) -> int:
    from s2c_desktop.logging_setup import configure_logging

    try:
        check_user_folders()
    except S2CError as problem:
        return refuse_to_start(problem)
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
