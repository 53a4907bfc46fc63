"""The bundle's ``LICENSES/`` folder, written at build time from what the bundle really contains.

- every installed distribution that owns a collected file or module: its licence files (``License-File``
  metadata and licence-like files it installs) and a ``NOTICE.txt`` with its name, version, licence and home;
- the CPython runtime, the PyInstaller bootloader, and the system libraries copied from the build machine
  (their Debian ``copyright`` files, found with ``dpkg``);
- the data sets: their own licence files plus the provenance notes kept in ``bundling/datasets/``.

A collected file that nothing accounts for stops the build: a bundle is not shipped with a missing notice.
``LICENSES/README.txt`` indexes it all; ``LICENSES/index.json`` is the same list for tools and tests.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

from bundling.contents import OWN_DISTRIBUTION, DistributionIndex, canonical_name, index_distributions

HERE = Path(__file__).resolve().parent
LICENCE_TEXTS = HERE / "licence_texts"
DATASET_NOTES = HERE / "datasets"
LICENCE_FILE_NAME = re.compile(
    r"^(LICEN[CS]E|COPYING|NOTICE|AUTHORS|COPYRIGHT|ThirdPartyNotices)", re.IGNORECASE
)
# Distributions whose metadata names the licence but ships no text: the text we keep for it.
# PySide6/shiboken6 are "LGPL-3.0-only OR GPL-2.0-only OR GPL-3.0": the bundle uses them under LGPL-3.0,
# which is the GPL-3.0 plus additional permissions, so both texts travel.
TEXTS_BY_LICENCE = {
    "LGPL-3.0": ["LGPL-3.0.txt", "GPL-3.0.txt"],
    "Apache": ["Apache-2.0.txt"],
}
ALWAYS_INCLUDED = ["pyinstaller"]  # its bootloader starts every bundle, though no collected file is its own
LGPL_NOTE = (
    "Qt and PySide6 are used under the GNU LGPL 3.0. They are shipped as separate, unmodified shared "
    "libraries\n(_internal/PySide6/Qt/lib and _internal/PySide6/*.so): you may replace them with your own "
    "build of the same\nQt/PySide6 version. Source code: https://code.qt.io and "
    "https://download.qt.io/official_releases/QtForPython/\n"
)


@dataclass
class Notice:
    kind: str  # "python package" | "runtime" | "system library" | "data set"
    name: str
    version: str
    licence: str
    folder: str  # relative to LICENSES/
    covers: list[str]  # for system libraries: the bundled library files


def licence_summary(metadata: dict[str, str] | object) -> str:
    """One line: License-Expression, else a short License field, else the licence classifiers."""
    get = metadata.get  # type: ignore[attr-defined]
    expression = (get("License-Expression") or "").strip()
    if expression:
        return expression
    field = (get("License") or "").strip()
    if field and "\n" not in field and len(field) <= 80:
        return field
    classifiers = [
        c.split("::")[-1].strip() for c in metadata.get_all("Classifier") or [] if c.startswith("License ::")
    ]  # type: ignore[attr-defined]
    if classifiers:
        return " / ".join(classifiers)
    return field.splitlines()[0][:80] if field else ""


def _licence_files(dist: object) -> list[Path]:
    found: dict[str, Path] = {}
    for file in dist.files or []:  # type: ignore[attr-defined]
        if LICENCE_FILE_NAME.match(file.name) and not file.as_posix().startswith(".."):
            path = Path(dist.locate_file(file))  # type: ignore[attr-defined]
            if path.is_file():
                found.setdefault(file.as_posix(), path)
    return [found[key] for key in sorted(found)]


def write_distribution_notice(name: str, index: DistributionIndex, out: Path) -> Notice:
    dist = index.distributions[name]
    metadata = dist.metadata
    version = metadata["Version"] or "?"
    licence = licence_summary(metadata)
    folder = out / "python" / f"{metadata['Name']}-{version}"
    folder.mkdir(parents=True, exist_ok=True)
    copied = []
    for path in _licence_files(dist):
        # Keep the path inside the distribution, so numpy's 17 LICENSE files do not overwrite each other.
        relative = next(
            (f.as_posix() for f in dist.files or [] if Path(dist.locate_file(f)) == path), path.name
        ).replace("/", "__")
        shutil.copyfile(path, folder / relative)
        copied.append(relative)
    if not copied:
        for key, texts in TEXTS_BY_LICENCE.items():
            if key.lower() in licence.lower():
                for text in texts:
                    shutil.copyfile(LICENCE_TEXTS / text, folder / text)
                    copied.append(text)
    if not copied and not licence:
        raise SystemExit(
            f"error: distribution {name} has neither a licence file nor a licence in its metadata"
        )
    homes = [metadata["Home-page"] or ""] + [
        u.split(",", 1)[-1].strip() for u in metadata.get_all("Project-URL") or []
    ]
    lines = [
        f"{metadata['Name']} {version}",
        f"Licence: {licence or 'see the licence files in this folder'}",
        f"Home: {next((h for h in homes if h), 'unknown')}",
        f"Licence files: {', '.join(copied) if copied else '(none shipped; the licence above applies)'}",
    ]
    if name in ("pyside6-essentials", "shiboken6"):
        lines += ["", LGPL_NOTE]
    (folder / "NOTICE.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return Notice(
        "python package", metadata["Name"], version, licence, folder.relative_to(out).as_posix(), []
    )


def write_python_notice(out: Path) -> Notice:
    """CPython: the interpreter library, its extension modules and the standard library."""
    folder = out / "python-runtime"
    folder.mkdir(parents=True, exist_ok=True)
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    for candidate in (stdlib / "LICENSE.txt", Path(sys.base_prefix) / "LICENSE.txt"):
        if candidate.is_file():
            shutil.copyfile(candidate, folder / "LICENSE.txt")
            break
    else:
        raise SystemExit(f"error: CPython's LICENSE.txt not found under {stdlib} or {sys.base_prefix}")
    version = ".".join(map(str, sys.version_info[:3]))
    return Notice("runtime", "CPython", version, "PSF-2.0", folder.relative_to(out).as_posix(), [])


def _path_variants(path: Path) -> set[str]:
    """Merged /usr: dpkg may have recorded a library under /lib or /usr/lib, by its link name or its
    target."""
    variants = {str(path), os.path.realpath(path)}
    for item in list(variants):
        if item.startswith("/lib"):
            variants.add("/usr" + item)
        elif item.startswith("/usr/lib"):
            variants.add(item[len("/usr") :])
    return variants


def _debian_packages(libraries: list[Path]) -> dict[Path, str]:
    """The Debian package that installed each library (one ``dpkg-query`` call for them all)."""
    if not libraries or not shutil.which("dpkg-query"):
        return {}
    variants = {library: _path_variants(library) for library in libraries}
    everything = sorted(set().union(*variants.values()))
    # Exit status 1 when some variant is unknown to dpkg; the known ones are still listed.
    listing = subprocess.run(["dpkg-query", "-S", *everything], capture_output=True, text=True).stdout
    owner_by_path = {}
    for line in listing.splitlines():
        package, _, path = line.partition(": ")
        owner_by_path[path.strip()] = package.split(",")[0].strip()
    found = {}
    for library, names in variants.items():
        owner = next((owner_by_path[name] for name in sorted(names) if name in owner_by_path), None)
        if owner:
            found[library] = owner
    return found


def write_system_notices(libraries: Iterable[Path], out: Path) -> list[Notice]:
    """One ``copyright`` file per Debian package the bundle copied a library from."""
    by_package: dict[str, list[str]] = {}
    unknown = []
    unique = sorted(set(libraries))
    packages = _debian_packages(unique)
    for library in unique:
        package = packages.get(library)
        if package is None:
            unknown.append(str(library))
        else:
            by_package.setdefault(package, []).append(library.name)
    if unknown:
        raise SystemExit("error: no licence notice for these bundled libraries: " + ", ".join(unknown))
    notices = []
    folder = out / "system"
    folder.mkdir(parents=True, exist_ok=True)
    versions = _debian_versions(list(by_package))
    for package, names in sorted(by_package.items()):
        plain = package.split(":")[0]
        source = Path("/usr/share/doc") / plain / "copyright"
        if not source.is_file():
            raise SystemExit(f"error: {source} missing: cannot write the notice of {', '.join(names)}")
        shutil.copyfile(source, folder / f"{plain}.copyright.txt")
        notices.append(
            Notice(
                "system library",
                plain,
                versions.get(package, "?"),
                "see copyright file",
                f"system/{plain}.copyright.txt",
                sorted(names),
            )
        )
    return notices


def _debian_versions(packages: list[str]) -> dict[str, str]:
    if not packages:
        return {}
    listing = subprocess.run(
        ["dpkg-query", "-W", "-f=${binary:Package}\t${Version}\n", *packages], capture_output=True, text=True
    ).stdout
    versions = dict(line.split("\t", 1) for line in listing.splitlines() if "\t" in line)
    # dpkg names a package "libffi8:amd64" in one listing and "libffi8" in the other.
    return {
        package: versions.get(package) or versions.get(package.split(":")[0], "?") for package in packages
    }


def write_licenses(
    collected: Iterable[tuple[str, str | None, str]],
    out: Path,
    datasets: Path,
    project_root: Path,
    work: Path,
    title: str,
) -> list[Notice]:
    """Write ``out`` (the bundle's LICENSES/) for the PyInstaller TOC entries ``collected``
    (``a.pure + a.binaries + a.datas``: destination, source path, type code). ``work`` is PyInstaller's work
    folder, where it packs the standard library into ``base_library.zip``."""
    from bundling.shipped_data import write_dataset_notices

    index = index_distributions()
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    ours = [os.path.normpath(p) + os.sep for p in (project_root, datasets)]
    python_roots = {os.path.normpath(p) + os.sep for p in (sys.base_prefix, sys.base_exec_prefix, work)}
    distributions = {canonical_name(name) for name in ALWAYS_INCLUDED}
    system_libraries: list[Path] = []
    unaccounted = []
    for _dest, source, typecode in collected:
        if not source:
            continue
        path = os.path.normpath(os.path.abspath(source))
        owner = index.owner_of_source(path)
        if owner:
            distributions.add(owner)
        elif any(path.startswith(root) for root in ours):
            continue
        elif any(path.startswith(root) for root in python_roots):
            continue  # CPython's library, extension modules and standard library: one notice below
        elif typecode in ("BINARY", "EXTENSION"):
            system_libraries.append(Path(path))
        else:
            unaccounted.append(path)
    if unaccounted:
        raise SystemExit(
            "error: no licence notice for these bundled files: " + ", ".join(sorted(unaccounted)[:20])
        )
    distributions.discard(OWN_DISTRIBUTION)
    notices = [write_distribution_notice(name, index, out) for name in sorted(distributions)]
    notices.append(write_python_notice(out))
    notices += write_system_notices(system_libraries, out)
    notices += write_dataset_notices(datasets, out)
    _write_index(notices, out, title)
    return notices


def _write_index(notices: list[Notice], out: Path, title: str) -> None:
    lines = [
        title,
        "=" * len(title),
        "",
        "Written when this installer was built, from the packages, libraries and data it contains.",
        "Each folder below holds the licence texts and a NOTICE or source note.",
        "",
    ]
    headings = {
        "python package": "Python packages",
        "runtime": "Runtime",
        "system library": "System libraries",
        "data set": "Data sets",
    }
    for kind, heading in headings.items():
        entries = [notice for notice in notices if notice.kind == kind]
        if not entries:
            continue
        lines += [heading, ""]
        for notice in entries:
            version = f" {notice.version}" if notice.version else ""
            covers = f" (for {', '.join(notice.covers)})" if kind == "system library" else ""
            licence = notice.licence or "see the licence file"
            lines.append(f"- {notice.name}{version}: {licence} -> {notice.folder}{covers}")
        lines.append("")
    (out / "README.txt").write_text("\n".join(lines), encoding="utf-8")
    (out / "index.json").write_text(
        json.dumps([asdict(n) for n in notices], indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
