"""Which data sets the bundle ships, and their notices.

The bundle ships what the app shows: ``crime/``, ``geo/`` (with ``boundaries/``, read by the statistics maps)
and ``sidpol/``. Never ``faces/``: those sketch/photo pairs are research data of real people, for training and
tests only, not for redistribution. The list is an allow-list, so a data set added to ``../shared/datasets``
later does not travel until someone decides it should.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from bundling.notices import LICENCE_FILE_NAME, Notice

NOTES = Path(__file__).resolve().parent / "dataset_notes"
NOTE_NAME = ("SOURCE", "PROVENANCE")


@dataclass(frozen=True)
class ShippedDataSet:
    folder: str  # inside the datasets folder
    name: str
    licence: str
    required: tuple[str, ...]  # files the app reads: the build stops when one is missing


SHIPPED = (
    ShippedDataSet(
        "crime",
        "Data Criminal (Lima robberies in the press, 2016-2017)",
        "no licence stated; provenance",
        ("crimenes.csv", "descripcion_crimen.csv", "grupo_data_criminal.xlsx"),
    ),
    ShippedDataSet(
        "geo",
        "UBIGEO (ubigeo-peru-aumentado)",
        "MIT",
        ("ubigeo_departamento.csv", "ubigeo_provincia.csv", "ubigeo_distrito.csv", "LICENSE"),
    ),
    ShippedDataSet(
        "geo/boundaries",
        "Peru boundaries GeoJSON (peru-geojson)",
        "MPL-2.0",
        (
            "peru_departamental_simple.geojson",
            "peru_provincial_simple.geojson",
            "peru_distrital_simple.geojson",
            "LICENSE-MPL-2.0",
        ),
    ),
    ShippedDataSet(
        "sidpol",
        "SIDPOL police reports, Cajamarca",
        "ODC-By-1.0",
        ("denuncias_cajamarca.csv", "diccionario_datos_denuncias_policiales.xlsx"),
    ),
)
TOP_FOLDERS = sorted({entry.folder.split("/")[0] for entry in SHIPPED})


def _is_notice(path: Path) -> bool:
    return bool(LICENCE_FILE_NAME.match(path.name)) or path.name.startswith(NOTE_NAME)


def dataset_datas(datasets: Path) -> list[tuple[str, str]]:
    """(source file, bundle folder) pairs for PyInstaller's ``datas``: the shipped folders and our notes."""
    missing = [
        f"{entry.folder}/{name}"
        for entry in SHIPPED
        for name in entry.required
        if not (datasets / entry.folder / name).is_file()
    ]
    if missing:
        raise SystemExit(
            f"error: the datasets folder {datasets} lacks {', '.join(missing)} (set S2C_DATASETS)"
        )
    pairs = []
    for top in TOP_FOLDERS:
        for path in sorted((datasets / top).rglob("*")):
            if path.is_file():
                pairs.append((str(path), str(Path("datasets") / path.parent.relative_to(datasets))))
    for path in sorted(NOTES.rglob("*")):
        if path.is_file():
            pairs.append((str(path), str(Path("datasets") / path.parent.relative_to(NOTES))))
    return pairs


def write_dataset_notices(datasets: Path, out: Path) -> list[Notice]:
    """LICENSES/datasets/<folder>/: each shipped data set's licence files and our source/provenance note."""
    notices = []
    for entry in SHIPPED:
        folder = out / "datasets" / entry.folder.replace("/", "-")
        folder.mkdir(parents=True, exist_ok=True)
        sources = [p for p in (datasets / entry.folder).iterdir() if p.is_file() and _is_notice(p)]
        sources += [p for p in (NOTES / entry.folder).iterdir() if p.is_file()]
        for source in sources:
            shutil.copyfile(source, folder / source.name)
        notices.append(
            Notice(
                "data set",
                entry.name,
                "",
                entry.licence,
                folder.relative_to(out).as_posix(),
                sorted(p.name for p in sources),
            )
        )
    return notices
