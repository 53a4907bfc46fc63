"""What a one-folder bundle holds: which installed distribution each file came from, and how big each part is.

Used at build time (``bundling.notices`` asks which distributions the Analysis collected) and by
``tests/packaging`` (which asks the built folder itself, so the two answers check each other).

    python -m bundling.contents dist/s2c-desktop        # size table of the biggest parts
"""

from __future__ import annotations

import argparse
import importlib.metadata
import os
import re
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

CONTENTS_DIR = "_internal"
OWN_DISTRIBUTION = "s2c-desktop"
# Parts of the bundle that no distribution owns, named for the size table.
OWN_PARTS = {
    "datasets": "data sets (crime, geo, sidpol)",
    "resources": "resources (model, translations, icons)",
    "LICENSES": "licence notices",
}
PYTHON_PART = "Python (CPython runtime and standard library)"
SYSTEM_PART = "system libraries (Debian)"
EXECUTABLE_PART = "executable (bootloader and archived Python code)"


def canonical_name(name: str) -> str:
    """PEP 503 form: ``PySide6_Essentials`` and ``pyside6-essentials`` are one distribution."""
    return re.sub(r"[-_.]+", "-", name).lower()


@dataclass
class DistributionIndex:
    """Every installed distribution's files, by absolute path and by path relative to site-packages."""

    by_source: dict[str, str]
    by_relative: dict[str, str]
    distributions: dict[str, importlib.metadata.Distribution]
    top_level: dict[str, list[str]]  # import name → distributions

    def owner_of_source(self, path: str | os.PathLike[str]) -> str | None:
        return self.by_source.get(os.path.normpath(os.path.abspath(path)))

    def owner_of_module(self, module: str) -> str | None:
        owners = self.top_level.get(module.split(".")[0], [])
        return canonical_name(owners[0]) if owners else None


def index_distributions() -> DistributionIndex:
    by_source: dict[str, str] = {}
    by_relative: dict[str, str] = {}
    distributions: dict[str, importlib.metadata.Distribution] = {}
    for dist in importlib.metadata.distributions():
        raw_name = dist.metadata["Name"]
        if not raw_name:
            continue
        name = canonical_name(raw_name)
        if name in distributions:  # a shadowed copy further down sys.path
            continue
        distributions[name] = dist
        for file in dist.files or []:
            relative = file.as_posix()
            if relative.startswith(".."):  # console scripts in bin/
                continue
            by_relative.setdefault(relative, name)
            by_source.setdefault(os.path.normpath(os.path.abspath(dist.locate_file(file))), name)
    top_level = {module: list(names) for module, names in importlib.metadata.packages_distributions().items()}
    # top_level.txt can leave a package out (dlib-bin lists only its extension module): RECORD has them all.
    for relative, name in by_relative.items():
        first = relative.split("/", 1)[0]
        if relative.endswith(".dist-info") or ".dist-info/" in relative or first.endswith((".pth", ".data")):
            continue
        module = first.split(".", 1)[0] if "/" not in relative else first
        if module.isidentifier() and name not in top_level.setdefault(module, []):
            top_level[module].append(name)
    return DistributionIndex(by_source, by_relative, distributions, top_level)


def part_of(relative: str, index: DistributionIndex) -> str:
    """Name of the part a bundle file belongs to (``relative``: POSIX path inside the bundle folder)."""
    first, _, rest = relative.partition("/")
    if first != CONTENTS_DIR:
        return OWN_PARTS.get(first, EXECUTABLE_PART)
    top = rest.split("/", 1)[0]
    if top in OWN_PARTS:
        return OWN_PARTS[top]
    owner = index.by_relative.get(rest)
    if owner:
        return owner
    if top.startswith(("python3", "libpython3", "base_library.zip")):
        return PYTHON_PART
    if "/" not in rest and top.startswith("lib"):
        return SYSTEM_PART
    return f"other: {top}"


def bundle_files(bundle: Path) -> list[tuple[str, int]]:
    """Every regular file (POSIX path relative to ``bundle``, bytes); links count once, at their target."""
    files = []
    for folder, _dirs, names in os.walk(bundle):
        for name in names:
            path = Path(folder, name)
            if path.is_symlink():
                continue
            files.append((path.relative_to(bundle).as_posix(), path.stat().st_size))
    return files


def bundle_size(bundle: Path) -> int:
    return sum(size for _path, size in bundle_files(bundle))


def size_by_part(bundle: Path, index: DistributionIndex | None = None) -> list[tuple[str, int]]:
    index = index or index_distributions()
    totals: dict[str, int] = defaultdict(int)
    for relative, size in bundle_files(bundle):
        totals[part_of(relative, index)] += size
    return sorted(totals.items(), key=lambda item: -item[1])


def archived_modules(executable: Path) -> list[str]:
    """Names of the Python modules archived inside the bundle's executable (its PYZ)."""
    from PyInstaller.archive.readers import CArchiveReader

    package = CArchiveReader(str(executable))
    names: list[str] = list(package.toc)
    for name in package.toc:
        if name.endswith(".pyz"):
            names.extend(package.open_embedded_archive(name).toc)
    return names


def bundled_distributions(bundle: Path, executable: Path, index: DistributionIndex) -> set[str]:
    """Distributions a built bundle redistributes: owners of its files and of its archived modules."""
    owners = {index.by_relative.get(relative.partition("/")[2]) for relative, _size in bundle_files(bundle)}
    owners |= {index.owner_of_module(module) for module in archived_modules(executable)}
    return {name for name in owners if name and name != OWN_DISTRIBUTION}


def format_size_table(parts: list[tuple[str, int]], limit: int = 12) -> str:
    total = sum(size for _name, size in parts)
    lines = ["| part | MB |", "|---|---:|"]
    lines += [f"| {name} | {size / 1e6:.1f} |" for name, size in parts[:limit]]
    rest = sum(size for _name, size in parts[limit:])
    if rest:
        lines.append(f"| {len(parts) - limit} smaller parts | {rest / 1e6:.1f} |")
    lines.append(f"| **total** | **{total / 1e6:.1f}** |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Size table of a built one-folder bundle, biggest parts first."
    )
    parser.add_argument("bundle", type=Path, help="the bundle folder, e.g. dist/s2c-desktop")
    parser.add_argument("--limit", type=int, default=12, help="rows before the rest is summed up")
    args = parser.parse_args(argv)
    if not (args.bundle / CONTENTS_DIR).is_dir():
        print(f"error: {args.bundle} is not a one-folder bundle (no {CONTENTS_DIR}/ inside)", file=sys.stderr)
        return 2
    print(format_size_table(size_by_part(args.bundle), args.limit))
    return 0


if __name__ == "__main__":
    sys.exit(main())
