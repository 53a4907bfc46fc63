"""The interface language: the app's and Qt's own translators, switched live (no restart).

Source strings are English; Spanish comes from ``resources/translations/s2c_es.qm`` and Qt's ``qtbase_es.qm``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QLibraryInfo, QLocale, QObject, QTranslator

from s2c_desktop.paths import resources_dir
from s2c_desktop.settings import LANGUAGES

log = logging.getLogger(__name__)

TRANSLATION_PREFIX = "s2c_"


def translations_dir() -> Path:
    return resources_dir() / "translations"


class LanguageManager:
    """Installs the app's and Qt's own translators; switching emits LanguageChange to every widget."""

    def __init__(self, app: QCoreApplication, folder: Path | None = None) -> None:
        self.app = app
        self.folder = folder or translations_dir()  # where s2c_<language>.qm lives
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
        QLocale.setDefault(
            QLocale(QLocale.Language.Spanish if language == "es" else QLocale.Language.English)
        )
        if language == "en":
            # removeTranslator already posted LanguageChange; nothing else to load.
            self._deliver()
            return True
        ok = True
        own = QTranslator(self.app)
        if own.load(f"{TRANSLATION_PREFIX}{language}", str(self.folder)):
            self._installed.append(own)
        else:
            ok = False
            log.warning("translation %s%s.qm not found in %s", TRANSLATION_PREFIX, language, self.folder)
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


def language_manager(app: QCoreApplication) -> LanguageManager:
    """One manager per application object."""
    manager = getattr(app, "_s2c_language_manager", None)
    if manager is None:
        manager = LanguageManager(app)
        app._s2c_language_manager = manager  # type: ignore[attr-defined]
    return manager


class _LanguageFollower(QObject):
    def __init__(self, widget: QObject, retranslate: Callable[[], object]) -> None:
        super().__init__(widget)
        self._retranslate = retranslate
        widget.installEventFilter(self)

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        return False  # the widget still gets the event


def follow_language(widget: QObject, retranslate: Callable[[], object]) -> None:
    """Set ``widget``'s texts again whenever the interface language changes (Qt's LanguageChange event):
    the one way every widget of the app follows a live language switch."""
    _LanguageFollower(widget, retranslate)
