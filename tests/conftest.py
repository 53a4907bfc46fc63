"""Shared test set-up: offscreen Qt, and each test gets its own user folders and preferences."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Must be set before anything imports Qt.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("MPLBACKEND", "Agg")

REPO_ROOT = Path(__file__).resolve().parent.parent


def _find_datasets() -> Path:
    from s2c_desktop.paths import datasets_dir

    return datasets_dir()


@pytest.fixture(autouse=True)
def s2c_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test writes its settings, logs, autosave and database under its own folder."""
    home = tmp_path / "s2c_home"
    home.mkdir()
    monkeypatch.setenv("S2C_HOME", str(home))
    return home


@pytest.fixture(scope="session")
def datasets() -> Path:
    """The real shared datasets (``../shared/datasets``); tests read them, never copy them into git."""
    return _find_datasets()


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture(autouse=True)
def no_window_outlives_its_test():
    """Every test starts with no window of an earlier one on screen: a window left open (a non-modal dialog
    of a closed main window, whose deletion was still queued) covers the next test's widgets and takes their
    mouse events (the sunburst's hover test failed after the variants grid's tests)."""
    yield
    import sys

    if "PySide6.QtWidgets" not in sys.modules:
        return
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        return
    for window in QApplication.topLevelWidgets():
        if window.isVisible():
            window.close()
