"""The Spanish catalogue is complete (app shell, canvas, statistics tab and charts) and compiled: every
English source string has a finished translation, and the .qm the app loads is the one built from the .ts."""

from __future__ import annotations

import ast
import io
import shutil
import subprocess
import sys
import tokenize
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

TRANSLATING_CALLS = {"tr", "translate", "QT_TR_NOOP", "QT_TRANSLATE_NOOP"}


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
    return {
        (context.findtext("name") or "", message.findtext("source") or ""): message
        for context in root.iter("context")
        for message in context.iter("message")
    }


def test_every_visible_string_has_a_finished_spanish_translation(repo_root: Path, tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.ts"
    files = _translatable_files(repo_root)
    subprocess.run(
        [_tool("pyside6-lupdate"), *files, "-ts", str(fresh)], check=True, capture_output=True, timeout=120
    )
    committed = _messages(repo_root / "resources" / "translations" / "s2c_es.ts")
    sources = _messages(fresh)
    assert len(sources) > 100
    missing = [key for key in sources if key not in committed]
    unfinished = [
        key
        for key in sources
        if key in committed
        and (
            committed[key].find("translation").get("type") == "unfinished"
            or not (committed[key].findtext("translation") or "").strip()
        )
    ]
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
        assert QCoreApplication.translate("DrawingTab", "Colorize") == "Colorear"
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
    qapp, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:  # noqa: ANN001
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


def _split_translated_literals(path: Path) -> list[str]:
    """``tr("a " "b")``: calls whose text is adjacent string literals joined by Python, not one literal."""
    source = path.read_text(encoding="utf-8")
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        if name not in TRANSLATING_CALLS:
            continue
        for argument in node.args:
            text = ast.get_source_segment(source, argument) or ""
            if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                literals = [
                    token
                    for token in tokenize.generate_tokens(io.StringIO(text).readline)
                    if token.type == tokenize.STRING
                ]
                if len(literals) > 1:
                    found.append(f"{path.name}:{argument.lineno}: {argument.value[:50]!r}")
    return found


def test_no_translated_text_is_split_into_adjacent_literals(repo_root: Path, tmp_path: Path) -> None:
    # lupdate reads the source, not Python's joined string: an extractor that keeps only the first literal
    # would leave the rest of the text out of the catalogue, and the string English in the Spanish UI.
    split = [hit for file in _translatable_files(repo_root) for hit in _split_translated_literals(Path(file))]
    assert not split, f"make each one literal: {split}"
    broken = tmp_path / "broken.py"
    broken.write_text(
        'label = self.tr("Show or hide the colour hints on the "\n              "sketch")\n', encoding="utf-8"
    )
    assert len(_split_translated_literals(broken)) == 1  # the check sees the pattern it forbids


def test_the_canvas_long_tooltips_are_spanish_whole(qtbot, qapp) -> None:  # noqa: ANN001
    from PySide6.QtCore import QCoreApplication, QEvent, QTranslator

    from s2c_desktop.ui.drawing.canvas.canvas_widget import SketchCanvas
    from s2c_desktop.ui.language import translations_dir

    canvas = SketchCanvas()
    qtbot.addWidget(canvas)
    translator = QTranslator()
    assert translator.load("s2c_es", str(translations_dir()))
    QCoreApplication.installTranslator(translator)
    try:
        QCoreApplication.sendEvent(canvas, QEvent(QEvent.Type.LanguageChange))
        actions = canvas.canvas_actions()
        # The whole text in Spanish, then the shortcut the canvas adds.
        assert (
            actions["colour"]
            .toolTip()
            .startswith(
                "Pintar los colores del testigo (piel, cabello, ojos) como pequeños "
                "puntos en su propia capa; el boceto no cambia "
            )
        )
        assert (
            actions["hints_visible"]
            .toolTip()
            .startswith(
                "Mostrar u ocultar las pistas de color sobre el boceto (ocultas, siguen coloreando la foto) "
            )
        )
    finally:
        QCoreApplication.removeTranslator(translator)
