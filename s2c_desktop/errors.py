"""User-facing errors.

Anything raised as :class:`S2CError` is a problem with the user's input or environment that we can
describe in one line; the CLI prints it as ``error: <message>`` and the GUI shows it in a dialog.
Every other exception is a bug and is logged with its traceback.

Every user-facing error class derives from :class:`S2CError`. The general ones are defined here; the others
live next to the code that raises them and are listed in :data:`ERRORS_DEFINED_ELSEWHERE` (a test checks
that the list is complete, so a newcomer finds every error class from this file).
"""

from __future__ import annotations


class S2CError(Exception):
    """An error whose message is meant for the user (one line, no traceback)."""

    exit_code = 1

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message if not self.hint else f"{self.message} ({self.hint})"


class InputError(S2CError):
    """Bad input file or argument."""


class ModelError(S2CError):
    """The ONNX model is missing, tampered, corrupt or cannot run on the requested device."""


class DataError(S2CError):
    """A dataset or database cannot be read or written."""


class CancelledError(S2CError):
    """Long work stopped on the user's request; nothing was changed."""


# name -> module, for the error classes defined next to the code that raises them.
ERRORS_DEFINED_ELSEWHERE: dict[str, str] = {
    "CaseError": "s2c_desktop.sketch.case",  # a case folder that cannot be read or written
    "DownloadError": "s2c_desktop.stats.download",  # the DataCrim download failed
    "ExportError": "s2c_desktop.ui.drawing.case_sheet",  # a photo or case sheet could not be exported
}
