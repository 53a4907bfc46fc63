"""What the drawing tab tells the artist about untrusted files (issue 13): an autosave that could not be read,
a case file changed outside the app, an imported image that is blank or a photo. Strings use the "DrawingTab"
translation context, like the file dialogs."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication

from s2c_desktop.engine.loading import BLANK_PAGE, LOOKS_LIKE_A_PHOTO
from s2c_desktop.ui.drawing.case_sheet import checksum_warning

ShowError = Callable[[str, str], None]


def _tr(text: str) -> str:
    return QCoreApplication.translate("DrawingTab", text)


def tell_moved_aside(show_error: ShowError, moved_aside: Sequence[Any]) -> None:
    """Unreadable autosaves were moved out of the way at start-up (see AutosaveStore), so this is said
    once."""
    for broken in moved_aside:
        show_error(
            _tr("Autosave could not be restored"),
            _tr("Unsaved work from an earlier session could not be read ({0}). It was kept in {1}.").format(
                broken.reason, str(broken.path)
            ),
        )


def tell_checksum_mismatches(show_error: ShowError, names: Sequence[str]) -> None:
    if names:
        show_error(_tr("Case changed outside Sketch2Color"), checksum_warning(list(names)))


def sheet_warnings(checksum_mismatches: Sequence[str]) -> list[str]:
    """The lines the case sheet shows in red (until the case is saved again)."""
    return [checksum_warning(list(checksum_mismatches))] if checksum_mismatches else []


def tell_import_warnings(show_error: ShowError, warnings: Sequence[str]) -> None:
    """Imported anyway (undo takes it back); the artist decides."""
    if warnings:
        texts = {
            BLANK_PAGE: _tr("The page is blank."),
            LOOKS_LIKE_A_PHOTO: _tr("This looks like a photo, not a sketch."),
        }
        show_error(
            _tr("Check the imported image"), " ".join(texts.get(warning, warning) for warning in warnings)
        )
