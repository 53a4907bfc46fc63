"""Creating a QAction in one call, with its slot passed in (labelme's ``newAction`` in ``labelme/utils/qt.py``
is the model): whoever builds the action says what it does, so nothing reaches back into its owner."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence


def new_action(
    parent: QObject,
    name: str,
    slot: Callable[[], object] | None = None,
    shortcuts: Sequence[QKeySequence | str] = (),
    checkable: bool = False,
    toggled: Callable[[bool], object] | None = None,
    context: Qt.ShortcutContext = Qt.ShortcutContext.WindowShortcut,
) -> QAction:
    """A named action (texts are set later, by the owner's ``retranslate``).

    ``slot`` runs on ``triggered`` (its ``checked`` argument dropped); ``toggled`` receives the new state of a
    checkable action. The window-wide shortcut context lets the keys work wherever the focus is.
    """
    action = QAction(parent)
    action.setObjectName(name)
    if shortcuts:
        action.setShortcuts([QKeySequence(key) for key in shortcuts])
        action.setShortcutContext(context)
    action.setCheckable(checkable)
    if slot is not None:
        action.triggered.connect(lambda _checked=False: slot())
    if toggled is not None:
        action.toggled.connect(toggled)
    return action
