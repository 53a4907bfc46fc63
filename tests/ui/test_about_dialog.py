"""Help › About: the third-party parts with their licences, and the way to the installer's LICENSES folder."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator
from PySide6.QtWidgets import QLabel

from s2c_desktop.ui.about_dialog import THIRD_PARTY, AboutDialog
from tests.ui.app_helpers import make_window_fixture, tiny_model_path_fixture  # noqa: F401 - fixtures


def _rows(dialog: AboutDialog) -> dict[str, tuple[str, str]]:
    table = dialog.table
    return {
        table.item(row, 0).text(): (table.item(row, 1).text(), table.item(row, 2).text())
        for row in range(table.rowCount())
    }


def test_lists_the_redistributed_parts_with_their_licences(qtbot: Any) -> None:
    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    rows = _rows(dialog)
    assert len(rows) == len(THIRD_PARTY)
    assert rows["Qt 6 / PySide6"][0] == "LGPL-3.0"
    assert rows["ONNX Runtime"][0] == "MIT"
    for name in ("OpenCV", "matplotlib", "NumPy", "pandas", "Pillow", "peewee", "Python"):
        assert name in rows
    assert rows["peru-geojson"][0] == "MPL-2.0"
    assert rows["UBIGEO (ubigeo-peru-aumentado)"][0] == "MIT"
    assert rows["SIDPOL (Cajamarca)"][0] == "ODC-By-1.0"
    assert "Data Criminal" in rows
    assert all(used_for for _licence, used_for in rows.values())


def test_from_source_there_is_no_licences_folder_to_open(qtbot: Any) -> None:
    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    assert dialog.licenses_folder is None
    assert not dialog.open_licenses.isEnabled()
    assert "LICENSES" in dialog.findChild(QLabel, "licensesLocation").text()


def test_in_the_installer_it_points_to_the_licences_beside_the_executable(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "LICENSES").mkdir()
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(tmp_path / "s2c-desktop"))
    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    assert dialog.licenses_folder == (tmp_path / "LICENSES").resolve()
    assert dialog.open_licenses.isEnabled()
    assert str(tmp_path / "LICENSES") in dialog.findChild(QLabel, "licensesLocation").text()


def test_speaks_spanish(qtbot: Any) -> None:
    from s2c_desktop.ui.language import translations_dir

    translator = QTranslator()
    assert translator.load("s2c_es", str(translations_dir()))
    QCoreApplication.installTranslator(translator)
    try:
        dialog = AboutDialog()
        qtbot.addWidget(dialog)
        assert dialog.windowTitle() == "Acerca de Sketch2Color"
        assert _rows(dialog)["Qt 6 / PySide6"][1] == "interfaz de usuario"
    finally:
        QCoreApplication.removeTranslator(translator)


def test_help_about_opens_it_from_the_main_window(make_window: Any, qtbot: Any) -> None:
    window = make_window()
    window.about_action.trigger()
    qtbot.waitUntil(
        lambda: window.findChild(AboutDialog) is not None and window.findChild(AboutDialog).isVisible()
    )
    dialog = window.findChild(AboutDialog)
    assert dialog.table.rowCount() == len(THIRD_PARTY)
    dialog.reject()
