"""Where file dialogs open: one rule for every dialog of the app (issue 27 §5).

**A dialog opens in the last folder the user chose, in any dialog of either tab; else the home folder.**
Opening or saving a case chooses the case's own folder (so right after, the sheet, photo and sketch exports
suggest the case folder); choosing a file chooses the folder it is in. Open case alone shows the folder that
holds the case last chosen, so its sibling cases are one click away. A save dialog always suggests a file
name. The last folder is a preference (``Preferences.last_folder``), so it survives a restart; a folder that
has since disappeared is skipped. Never the program's folder (the working directory of the process).

Before, the drawing tab preferred the open case's folder while the other dialogs took the last folder, so the
sheet export opened in the case folder and Open in wherever the last export went.
"""

from __future__ import annotations

from pathlib import Path

from s2c_desktop.settings import Preferences

CASE_FILE = "case.json"  # what makes a folder a case folder (s2c_desktop/sketch/case.py)


class FilePlaces:
    def __init__(self, prefs: Preferences) -> None:
        self.prefs = prefs

    def folder(self) -> Path:
        """Where the next dialog opens."""
        last = Path(self.prefs.last_folder) if self.prefs.last_folder else None
        return last if last is not None and last.is_dir() else Path.home()

    def case_parent(self) -> Path:
        """Where Open case opens: :meth:`folder`, or the folder holding it when it is a case folder."""
        folder = self.folder()
        return folder.parent if (folder / CASE_FILE).is_file() else folder

    def path(self, name: str) -> str:
        """A suggested file ``name`` in :meth:`folder`."""
        return str(self.folder() / name)

    def chose(self, path: str | Path) -> None:
        """The user chose the file ``path``: the next dialog opens in its folder."""
        self.prefs.last_folder = str(Path(path).parent)

    def remember_case(self, folder: Path) -> None:
        """A case was opened or saved in ``folder``: the next dialog opens there, and the case goes first in
        File › Recent cases (ten at most)."""
        self.prefs.last_folder = str(folder)
        recent = [str(folder)] + [p for p in self.prefs.recent_cases if p != str(folder)]
        self.prefs.recent_cases = recent[:10]
