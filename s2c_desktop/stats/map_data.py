"""What the two maps show: report counts per department or per district, and the polygons to draw them on.

Polygons: INEI's 2007 limits, simplified (``geo/boundaries/*.geojson`` in the datasets folder, shipped with
the app). They are joined on INEI codes, never on names. A district with reports but no polygon (created
after 2007, or simplified away) is listed in :attr:`MapData.without_polygon`, never dropped silently.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from peewee import fn

from s2c_desktop.errors import DataError, InputError
from s2c_desktop.stats import models
from s2c_desktop.stats.cleaning import normalize_name
from s2c_desktop.stats.queries import CrimeReport

DEPARTMENT_FILE = "peru_departamental_simple.geojson"
DISTRICT_FILE = "peru_distrital_simple.geojson"
LIMA_CALLAO = "lima-callao"  # chart 12's region for Lima Metropolitana (province 1501) and Callao (07)
LIMA_CALLAO_PREFIXES = ("1501", "07")

Ring = list[tuple[float, float]]


@dataclass
class Region:
    code: str  # 2-digit department or 6-digit district ubigeo
    name: str
    rings: list[Ring]  # exterior rings and holes, as GeoJSON gives them (lon, lat)


@dataclass
class MapData:
    level: str  # "department" or "district"
    regions: list[Region]  # the polygons drawn
    counts: dict[str, int]  # code -> reports (codes without an entry: no data)
    year: int | None
    sources: tuple[str, ...]
    crime: str | None  # the generic crime shown, None for all
    area: str  # what the map covers, for the title ("Perú", "Cajamarca", "Lima y Callao")
    without_polygon: list[tuple[str, str, int]] = field(default_factory=list)  # (code, name, reports)
    complete_year: bool = True  # False: the year is still being reported (partial)


def boundaries_dir() -> Path:
    from s2c_desktop import paths

    return paths.datasets_dir() / "geo" / "boundaries"


@lru_cache(maxsize=4)
def _features(path: Path) -> list[dict[str, Any]]:
    try:
        with open(path, encoding="utf-8") as handle:
            return list(json.load(handle)["features"])
    except (OSError, ValueError, KeyError, TypeError, RecursionError) as exc:
        raise _damaged(path, exc) from exc


# What a boundaries file of the wrong shape raises while its features become regions (a missing key, a
# string where rings belong, a point with one coordinate, JSON nested past the parser's stack).
SHAPE_ERRORS = (KeyError, TypeError, ValueError, IndexError, AttributeError, RecursionError)


def _damaged(path: Path, exc: BaseException) -> DataError:
    reason = f"{type(exc).__name__}: {exc}" if isinstance(exc, KeyError | IndexError) else str(exc)
    return DataError(
        f"cannot read the map boundaries {path}: {reason[:200]}",
        hint="the geo/boundaries folder ships with the app; reinstall or set the datasets folder",
    )


def _regions(path: Path, region: Callable[[dict[str, Any]], Region | None]) -> list[Region]:
    """The file's features as regions (``region`` returns None to leave one out); a feature of the wrong
    shape is the file's one-line error, not a crash."""
    try:
        return [found for feature in _features(path) if (found := region(feature)) is not None]
    except SHAPE_ERRORS as exc:
        raise _damaged(path, exc) from exc


def _rings(geometry: dict[str, Any] | None) -> list[Ring]:
    if not geometry:
        return []
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    return [[(float(x), float(y)) for x, y, *_ in ring] for polygon in polygons for ring in polygon]


def department_regions() -> list[Region]:
    def region(f: dict[str, Any]) -> Region:
        properties = f["properties"]
        return Region(
            str(properties["FIRST_IDDP"]).zfill(2), str(properties["NOMBDEP"]), _rings(f["geometry"])
        )

    return _regions(boundaries_dir() / DEPARTMENT_FILE, region)


def district_regions(prefixes: tuple[str, ...]) -> list[Region]:
    """Districts whose ubigeo starts with one of ``prefixes`` (a department "06", a province "1501")."""

    def region(f: dict[str, Any]) -> Region | None:
        code = str(f["properties"]["IDDIST"]).zfill(6)
        if not code.startswith(prefixes):
            return None
        return Region(code, str(f["properties"]["NOMBDIST"]), _rings(f["geometry"]))

    return _regions(boundaries_dir() / DISTRICT_FILE, region)


def _modalities_of(crime: str | None) -> tuple[Any, str | None]:
    """(a subquery of the modality ids under the generic crime ``crime``, matched on its normalised name,
    and the crime's stored name), or (None, None) for all crimes."""
    if not crime:
        return None, None
    key = normalize_name(crime)
    generics = [g for g in models.CrimenGenerico.select() if normalize_name(g.nombre) == key]
    if not generics:
        raise InputError(
            f"unknown crime {crime!r}", hint="one of the generic crimes of the data (s2c stats query 10)"
        )
    modality, specific = models.ModalidadCrimen, models.CrimenEspecifico
    ids = [g.id for g in generics]
    return modality.select(modality.id).join(specific).where(specific.generico.in_(ids)), generics[0].nombre


def region_prefixes(region: str) -> tuple[tuple[str, ...], str]:
    """(ubigeo prefixes, display name) of chart 12's region: a department (name or code) or Lima+Callao."""
    if normalize_name(region) in (normalize_name(LIMA_CALLAO), "LIMA Y CALLAO", "LIMA CALLAO"):
        return LIMA_CALLAO_PREFIXES, "Lima Metropolitana y Callao"
    span = CrimeReport().department_range(region)
    if span is None:
        raise InputError("choose a department or Lima and Callao for the district map")
    code = span[0][:2]
    department = models.Departamento.get_or_none(models.Departamento.ubigeo == code + "0000")
    return (code,), department.nombre if department else code


def generic_crimes(report: CrimeReport, source: str | None = "auto") -> list[str]:
    """The generic crimes with reports in ``source`` (for the map's crime selector)."""
    return [name for name, _ in report.reports_by_level("generic", source=source)]


def department_map(
    report: CrimeReport, source: str | None = "auto", year: int | None = None, crime: str | None = None
) -> MapData:
    sources = report.resolve_source(source)
    year = year if year is not None else report.latest_year(source)
    summary = models.ResumenModalidad
    query = (
        summary.select(summary.departamento, fn.SUM(summary.total))
        .where(summary.fuente.in_(sources), summary.anio == year)
        .group_by(summary.departamento)
    )
    modalities, crime = _modalities_of(crime)
    if modalities is not None:
        query = query.where(summary.modalidad.in_(modalities))
    counts = {code: int(total) for code, total in query.tuples()}
    regions = department_regions()
    names = {d.ubigeo[:2]: d.nombre for d in models.Departamento.select()}
    for region in regions:
        region.name = names.get(region.code, region.name)
    drawn = {r.code for r in regions if r.rings}
    missing = [(code, names.get(code, code), n) for code, n in sorted(counts.items()) if code not in drawn]
    return MapData(
        "department",
        regions,
        counts,
        year,
        sources,
        crime,
        "Perú",
        missing,
        year in report.complete_years(source),
    )


def district_map(
    report: CrimeReport,
    region: str,
    source: str | None = "auto",
    year: int | None = None,
    crime: str | None = None,
) -> MapData:
    prefixes, area = region_prefixes(region)
    sources = report.resolve_source(source)
    year = year if year is not None else report.latest_year(source)
    # The counts themselves: the unique index (fuente, anio, ...) narrows them to one year first.
    counts = models.CrimenesDataCrim
    in_region = None
    for prefix in prefixes:
        clause = counts.distrito.startswith(prefix)
        in_region = clause if in_region is None else (in_region | clause)
    query = (
        counts.select(counts.distrito, fn.SUM(counts.cantidad))
        .where(counts.fuente.in_(sources), counts.anio == year, in_region)
        .group_by(counts.distrito)
    )
    modalities, crime = _modalities_of(crime)
    if modalities is not None:
        query = query.where(counts.modalidad.in_(modalities))
    counts = {str(code): int(total) for code, total in query.tuples()}
    regions = district_regions(prefixes)
    names = {
        d.ubigeo: d.nombre
        for d in models.Distrito.select().where(
            models.Distrito.ubigeo.in_([r.code for r in regions] + list(counts))
        )
    }
    for shape in regions:
        shape.name = names.get(shape.code, shape.name)
    drawn = {r.code for r in regions if r.rings}
    missing = [(code, names.get(code, code), n) for code, n in sorted(counts.items()) if code not in drawn]
    return MapData(
        "district",
        regions,
        counts,
        year,
        sources,
        crime,
        area,
        missing,
        year in report.complete_years(source),
    )
