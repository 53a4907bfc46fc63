"""The Spanish catalogue is complete (app shell, canvas, statistics tab and charts) and compiled: every English source string has a
finished translation, and the .qm the app loads is the one built from the .ts."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest


def _translatable_files(repo_root: Path) -> list[str]:
    """Every module with visible text: the Qt views, and the chart texts of the Qt-free statistics."""
    package = repo_root / "s2c_desktop"
    return sorted(str(p) for folder in ("ui", "stats") for p in (package / folder).rglob("*.py"))


def _tool(name: str) -> str:
    found = shutil.which(name) or str(Path(sys.executable).parent / name)
    if not Path(found).exists():
        pytest.skip(f"{name} not installed")
    return found


def _messages(ts: Path) -> dict[tuple[str, str], ET.Element]:
    root = ET.parse(ts).getroot()
    return {(context.findtext("name") or "", message.findtext("source") or ""): message
            for context in root.iter("context") for message in context.iter("message")}


def test_every_visible_string_has_a_finished_spanish_translation(repo_root: Path, tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.ts"
    files = _translatable_files(repo_root)
    subprocess.run([_tool("pyside6-lupdate"), *files, "-ts", str(fresh)], check=True, capture_output=True,
                   timeout=120)
    committed = _messages(repo_root / "resources" / "translations" / "s2c_es.ts")
    sources = _messages(fresh)
    assert len(sources) > 100
    missing = [key for key in sources if key not in committed]
    unfinished = [key for key in sources if key in committed
                  and (committed[key].find("translation").get("type") == "unfinished"
                       or not (committed[key].findtext("translation") or "").strip())]
    assert not missing, f"run pyside6-lupdate: {missing[:5]}"
    assert not unfinished, f"translate: {unfinished[:5]}"


def test_compiled_catalogue_translates_and_keeps_placeholders(qapp) -> None:  # noqa: ANN001
    from PySide6.QtCore import QCoreApplication, QTranslator

    from s2c_desktop.ui.language import translations_dir

    translator = QTranslator()
    assert translator.load("s2c_es", str(translations_dir()))
    QCoreApplication.installTranslator(translator)
    try:
        assert QCoreApplication.translate("MainWindow", "&File") == "&Archivo"
        assert QCoreApplication.translate("CanvasTab", "Colorize") == "Colorear"
        text = QCoreApplication.translate("MainWindow", "Device: {0}")
        assert text == "Dispositivo: {0}" and text.format("CPU") == "Dispositivo: CPU"
    finally:
        QCoreApplication.removeTranslator(translator)
    ts = _messages(translations_dir() / "s2c_es.ts")
    for (_context, source), message in ts.items():
        translation = message.findtext("translation") or ""
        for placeholder in ("{0}", "{1}"):
            assert (placeholder in source) == (placeholder in translation), (source, translation)


def test_a_missing_spanish_catalogue_leaves_the_interface_in_english_and_says_so(
        qapp, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:  # noqa: ANN001
    from PySide6.QtCore import QCoreApplication

    from s2c_desktop.ui.language import LanguageManager, translations_dir

    empty = tmp_path / "translations"
    empty.mkdir()
    manager = LanguageManager(qapp, folder=empty)
    try:
        assert manager.set_language("es") is False
        assert manager.language == "es"
        assert QCoreApplication.translate("MainWindow", "&File") == "&File"  # English, not an empty label
        assert any("s2c_es.qm not found" in record.getMessage() for record in caplog.records)
        # Back to a folder that has it: Spanish at once, no restart.
        manager.folder = translations_dir()
        assert manager.set_language("es") is True
        assert QCoreApplication.translate("MainWindow", "&File") == "&Archivo"
    finally:
        manager.set_language("en")
