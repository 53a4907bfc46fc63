"""``s2c-desktop`` with user folders it cannot use: one dialog, one ``error:`` line on stderr, exit 2."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox


def _close_the_next_dialog(seen: list[str]) -> None:
    def poll() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, poll)
            return
        seen.append(box.text())
        box.accept()

    QTimer.singleShot(0, poll)


def test_an_s2c_home_that_is_a_file_gets_a_dialog_a_line_and_exit_2(
    qapp: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from s2c_desktop.ui.application import run_gui

    home = tmp_path / "home.txt"
    home.write_text("")
    monkeypatch.setenv("S2C_HOME", str(home))
    seen: list[str] = []
    _close_the_next_dialog(seen)
    code = run_gui(argparse.Namespace(debug=False, lang=None, model=None, datasets=None))
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and err.startswith("error: ") and "S2C_HOME" in err
    assert len(seen) == 1 and str(home) in seen[0]
