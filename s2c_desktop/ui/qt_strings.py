"""Qt's own dialog texts that Qt's Spanish catalogue (``qtbase_es.qm``) leaves in English.

Listed here so ``pyside6-lupdate`` puts them in our catalogue, under Qt's own context: the language manager
installs ours next to Qt's, and Qt looks a text up in ours when its own has no translation.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

QT_TEXTS_MISSING_IN_QTBASE_ES = (
    QT_TRANSLATE_NOOP("QFileDialog", "&Look in:"),
    QT_TRANSLATE_NOOP("QFileDialog", "Files of &type:"),
)
