"""Where file dialogs open: the open case's folder, else the folder the artist last chose, else home.

The last folder is a preference (``Preferences.last_folder``), so it survives a restart; a folder that has
since disappeared is skipped. Never the program's folder (the working directory of the process).
"""

from __future__ import annotations

from pathlib import Path

from s2c_desktop.settings import Preferences


class FilePlaces:
    def __init__(self, prefs: Preferences) -> None:
        self.prefs = prefs

    def folder(self, preferred: Path | None = None) -> Path:
        for candidate in (preferred, Path(self.prefs.last_folder) if self.prefs.last_folder else None):
            if candidate is not None and candidate.is_dir():
                return candidate
        return Path.home()

    def path(self, name: str, preferred: Path | None = None) -> str:
        """A suggested file ``name`` in :meth:`folder`."""
        return str(self.folder(preferred) / name)

    def chose(self, path: str | Path) -> None:
        """Remember where the user just chose ``path`` (a file, or a case folder: its parent either way)."""
        self.prefs.last_folder = str(Path(path).parent)

    def remember_case(self, folder: Path) -> None:
        """Put ``folder`` first in File › Recent cases (ten at most)."""
        recent = [str(folder)] + [p for p in self.prefs.recent_cases if p != str(folder)]
        self.prefs.recent_cases = recent[:10]
