"""The README's two commands: the app's installs only the app; the test command is exactly what CI runs."""

from __future__ import annotations

import ast
import importlib.metadata
import re
import sys
import tomllib
from pathlib import Path

from packaging.requirements import Requirement

from bundling.contents import canonical_name, index_distributions

# Imported inside try/except by the engine, which falls back to OpenCV's detector without them (eval extra).
OPTIONAL_IMPORTS = {"dlib", "face_recognition_models"}
PLATFORM_ONLY = {"msvcrt"}  # Windows' standard library


def _readme_commands(repo_root: Path) -> list[str]:
    section = (
        (repo_root / "README.md")
        .read_text(encoding="utf-8")
        .split("## Two commands", 1)[1]
        .split("\n## ", 1)[0]
    )
    # Every fenced block of the section, in order; the two commands are those that make the virtual
    # environment (the section also shows the system libraries' install line).
    blocks = [
        b.strip() for b in re.findall(r"^```[a-z]*\n(.*?)^```", section, flags=re.DOTALL | re.MULTILINE)
    ]
    return [block for block in blocks if block.startswith("python3 -m venv")]


def test_first_command_installs_only_the_app(repo_root: Path) -> None:
    app_command = _readme_commands(repo_root)[0]
    assert "pip install -e ." in app_command
    assert "[" not in app_command, "the app's command must not install extras"
    assert app_command.endswith(".venv/bin/s2c-desktop")


def test_ci_runs_exactly_the_readme_test_command(repo_root: Path) -> None:
    test_command = _readme_commands(repo_root)[1]
    assert "pytest" in test_command
    ci_lines = [line.strip() for line in (repo_root / ".ci" / "run").read_text(encoding="utf-8").splitlines()]
    assert test_command in ci_lines


def _core_closure(pyproject: dict, extras: tuple[str, ...] = ()) -> set[str]:
    """The core dependencies (and those of ``extras``) and everything they require in turn."""
    texts = list(pyproject["project"]["dependencies"])
    for extra in extras:
        texts += pyproject["project"]["optional-dependencies"][extra]
    pending = [Requirement(text).name for text in texts]
    seen: set[str] = set()
    while pending:
        name = canonical_name(pending.pop())
        if name in seen:
            continue
        seen.add(name)
        for text in importlib.metadata.requires(name) or []:
            requirement = Requirement(text)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                pending.append(requirement.name)
    return seen


def _imported_top_level_modules(package: Path) -> set[str]:
    modules: set[str] = set()
    for source in package.rglob("*.py"):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                modules.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules.add(node.module.split(".")[0])
    return modules


def test_everything_the_app_imports_comes_with_its_own_dependencies(repo_root: Path) -> None:
    pyproject = tomllib.loads((repo_root / "pyproject.toml").read_text(encoding="utf-8"))
    closure = _core_closure(pyproject)
    owners = index_distributions().top_level
    third_party = {
        m
        for m in _imported_top_level_modules(repo_root / "s2c_desktop")
        if m not in sys.stdlib_module_names and m not in PLATFORM_ONLY and m != "s2c_desktop"
    }
    assert {"PySide6", "onnxruntime", "cv2", "peewee"} <= third_party
    outside = sorted(
        m
        for m in third_party - OPTIONAL_IMPORTS
        if not {canonical_name(d) for d in owners.get(m, [])} & closure
    )
    assert outside == [], f"the app imports {outside}, which `pip install -e .` does not install"


def test_training_runs_on_the_train_and_eval_extras(repo_root: Path) -> None:
    """`pip install -e ".[train,eval]"` is enough for `python -m training` (the test command installs it)."""
    pyproject = tomllib.loads((repo_root / "pyproject.toml").read_text(encoding="utf-8"))
    closure = _core_closure(pyproject, ("train", "eval"))
    owners = index_distributions().top_level
    third_party = {
        m
        for m in _imported_top_level_modules(repo_root / "training")
        if m not in sys.stdlib_module_names and m not in {"training", "s2c_desktop"}
    }
    assert {"tensorflow", "tf2onnx"} <= third_party
    outside = sorted(m for m in third_party if not {canonical_name(d) for d in owners.get(m, [])} & closure)
    assert outside == [], f"training imports {outside}, which the train/eval extras do not install"
