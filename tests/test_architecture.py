"""The layering rules hold: no Qt in models/services, no TensorFlow in the app (import-linter)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any


def test_import_contracts_hold(repo_root: Path) -> None:
    lint = shutil.which("lint-imports") or str(Path(sys.executable).parent / "lint-imports")
    proc = subprocess.run([lint, "--no-cache"], cwd=repo_root, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "BROKEN" not in proc.stdout


def _cycles(graph: Any) -> list[list[str]]:
    """Strongly connected groups of modules (Tarjan): each one is an import cycle."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        for imported in graph.find_modules_directly_imported_by(module):
            if imported not in graph.modules:
                continue
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == module:
                    break
            if len(group) > 1 or module in graph.find_modules_directly_imported_by(module):
                found.append(sorted(group))

    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    return found


def test_no_import_cycles_in_the_app_or_training() -> None:
    """Every import counts: the ones inside functions, and the ``if TYPE_CHECKING`` ones too (they never run,
    but a reader follows them all the same: the type belongs below both modules)."""
    import grimp

    graph = grimp.build_graph("s2c_desktop", "training", exclude_type_checking_imports=False, cache_dir=None)
    assert len(graph.modules) > 50
    assert _cycles(graph) == []


def test_the_cycle_check_finds_a_cycle(tmp_path: Path, monkeypatch: Any) -> None:
    import grimp

    package = tmp_path / "loop"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("def f():\n    from loop import b\n")
    (package / "b.py").write_text("from loop import a\n")
    (package / "c.py").write_text("from loop import a\n")
    # A circle through a type-only import is a circle too.
    (package / "d.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from loop import e\n"
    )
    (package / "e.py").write_text("from loop import d\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    graph = grimp.build_graph("loop", exclude_type_checking_imports=False, cache_dir=None)
    assert _cycles(graph) == [["loop.a", "loop.b"], ["loop.d", "loop.e"]]


def test_ruff_is_clean(repo_root: Path) -> None:
    ruff = shutil.which("ruff") or str(Path(sys.executable).parent / "ruff")
    proc = subprocess.run(
        [ruff, "check", "s2c_desktop", "training", "tests", "bench"],
        cwd=repo_root,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def _all_app_modules() -> list[Any]:
    import importlib
    import pkgutil

    import s2c_desktop

    return [
        importlib.import_module(info.name)
        for info in pkgutil.walk_packages(s2c_desktop.__path__, "s2c_desktop.")
    ]


def test_every_user_error_class_derives_from_s2c_error_and_is_listed_in_errors_py() -> None:
    from s2c_desktop import errors

    modules = _all_app_modules()
    elsewhere = {
        cls.__name__: cls.__module__
        for cls in _subclasses(errors.S2CError)
        if cls.__module__ != "s2c_desktop.errors"
    }
    assert elsewhere == errors.ERRORS_DEFINED_ELSEWHERE
    # No public exception class of the app sidesteps S2CError (it would be reported as a bug, with a
    # traceback); private ones (``_Retry``) are control flow caught inside their module.
    stray = [
        f"{module.__name__}.{value.__name__}"
        for module in modules
        for value in vars(module).values()
        if isinstance(value, type)
        and issubclass(value, Exception)
        and value.__module__ == module.__name__
        and not value.__name__.startswith("_")
        and not issubclass(value, errors.S2CError)
    ]
    assert not stray


def _subclasses(cls: type) -> list[type]:
    found = []
    for sub in cls.__subclasses__():
        found += [sub, *_subclasses(sub)]
    return found


def test_no_module_of_the_app_is_over_400_lines(repo_root: Path) -> None:
    too_long = {}
    for path in sorted((repo_root / "s2c_desktop").rglob("*.py")):
        name = path.relative_to(repo_root).as_posix()
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > 400:
            too_long[name] = lines
    assert not too_long
