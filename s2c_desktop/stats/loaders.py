"""Writing parsed source records into the database (called inside the import's transaction)."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from typing import Any

from s2c_desktop.stats import cleaning, models
from s2c_desktop.stats.cleaning import NOT_SPECIFIED, RepairCounter, normalize_name
from s2c_desktop.stats.geography import DistrictMatcher, GeoRows
from s2c_desktop.stats.jobs import ImportJob, ImportReport, RejectedRows
from s2c_desktop.stats.sources import RobberySource
from s2c_desktop.stats.translation import QT_TRANSLATE_NOOP

RULE_MEDIUM_EMPTY = QT_TRANSLATE_NOOP("rules", "empty medium -> No especifica")
RULE_TYPE_EMPTY = QT_TRANSLATE_NOOP("rules", "empty robbery type -> Otros")
RULE_TYPE_ADDED = QT_TRANSLATE_NOOP("rules", "robbery type added without description")

# --- geography -------------------------------------------------------------------------------------


def _upsert(model: type[models.BaseModel], rows: list[dict[str, Any]], updated: list[Any]) -> None:
    """Insert ``rows``, updating ``updated`` fields where the ubigeo already exists (a newer list)."""
    for start in range(0, len(rows), 500):
        model.insert_many(rows[start : start + 500]).on_conflict(
            conflict_target=[model.ubigeo], preserve=updated
        ).execute()


def load_geography(rows: GeoRows, log_row: models.ImportLog, report: ImportReport) -> None:
    report.read = len(rows.departments) + len(rows.provinces) + rows.district_rows_read
    report.repairs.update(rows.repairs)
    dep, prov, dist = models.Departamento, models.Provincia, models.Distrito
    dep_rows = [
        {"ubigeo": code, "nombre": name, "nombre_norm": normalize_name(name)}
        for code, name in rows.departments
    ]
    _upsert(dep, dep_rows, [dep.nombre, dep.nombre_norm])
    dep_codes = {row["ubigeo"] for row in dep_rows}
    prov_rows = [
        {"ubigeo": c, "nombre": n, "nombre_norm": normalize_name(n), "departamento": d}
        for c, n, d in rows.provinces
        if d in dep_codes
    ]
    _upsert(prov, prov_rows, [prov.nombre, prov.nombre_norm])
    prov_codes = {row["ubigeo"] for row in prov_rows}
    dist_rows = [
        {
            "ubigeo": c,
            "nombre": n,
            "nombre_norm": normalize_name(n),
            "provincia": p,
            "latitude": lat,
            "longitude": lon,
        }
        for c, n, p, lat, lon in rows.districts
        if p in prov_codes
    ]
    _upsert(dist, dist_rows, [dist.nombre, dist.nombre_norm, dist.latitude, dist.longitude])
    report.loaded = len(dep_rows) + len(prov_rows) + len(dist_rows)
    orphans = [(c, "province") for c, _, d in rows.provinces if d not in dep_codes] + [
        (c, "district") for c, _, p, *_ in rows.districts if p not in prov_codes
    ]
    unplaced = rows.district_rows_read - len(rows.districts)
    orphans += [("?", "district without code or known province")] * unplaced
    rejected = RejectedRows(report, log_row)
    for code, what in orphans:
        rejected.add(0, f"{what} {code} has no parent in the geography", code)
    rejected.flush()


# --- robbery types and Data Criminal robberies ----------------------------------------------------------


def _upsert_types(types: list[tuple[str, str]], repairs: RepairCounter) -> int:
    existing = {normalize_name(t.nombre): t for t in models.TipoRobo.select()}
    added = 0
    for raw_name, description in types:
        name = cleaning.clean_text(raw_name, repairs)
        if not name:
            continue
        current = existing.get(normalize_name(name))
        if current is None:
            existing[normalize_name(name)] = models.TipoRobo.create(nombre=name, descripcion=description)
            added += 1
        elif description and current.descripcion != description:
            current.descripcion = description
            current.save()
            added += 1
    return added


def load_robbery_types(types: list[tuple[str, str]], report: ImportReport) -> None:
    report.read = len(types)
    report.loaded = _upsert_types(types, report.repairs)
    report.duplicates = report.read - report.loaded


def incident_key(link: str, title: str) -> str:
    """The same incident in the workbook and its CSV export: same link and (folded) title."""
    return hashlib.sha1(f"{link.strip()}|{normalize_name(title)}".encode()).hexdigest()


def _resolve_dates(source: RobberySource) -> dict[int, tuple[Any, RepairCounter]]:
    """Index in ``source.records`` -> (date or None, or the reason (str) the date is unusable; repairs).
    Bare day numbers are resolved within their sheet (the workbook) or the whole file (the CSV)."""
    results: dict[int, tuple[Any, RepairCounter]] = {}
    groups: dict[str, list[int]] = defaultdict(list)
    for index, record in enumerate(source.records):
        groups[record.sheet].append(index)
    for indexes in groups.values():
        parsed: list[Any] = []
        usable: list[tuple[int, RepairCounter]] = []
        for index in indexes:
            local = RepairCounter()
            try:
                parsed.append(cleaning.DateCleaner(local).parse(source.records[index].values.get("fecha")))
                usable.append((index, local))
            except ValueError as exc:
                results[index] = (str(exc), local)
        fallback = [source.records[i].sheet_month for i, _ in usable]
        for offset, (index, local) in enumerate(usable):
            try:
                results[index] = (cleaning.DateCleaner(local).resolve(parsed, offset, fallback), local)
            except ValueError as exc:
                results[index] = (str(exc), local)
    return results


def _clean_robbery(values: dict[str, Any], repairs: RepairCounter) -> dict[str, Any]:
    if values.get("__error__"):
        raise ValueError(values["__error__"])
    link = cleaning.clean_text(values.get("link"), repairs)
    title = cleaning.clean_text(values.get("titulo"), repairs)
    if not link and not title:
        raise ValueError("neither link nor title: not an incident")
    weapon = cleaning.clean_or_default(
        values.get("arma"), cleaning.UNKNOWN, cleaning.RULE_WEAPON_EMPTY, repairs
    )

    def unspecified(key: str, rule: str) -> str:
        text = cleaning.clean_or_default(values.get(key), NOT_SPECIFIED, rule, repairs)
        return cleaning.unify_category(text, repairs)

    return {
        "incident_key": incident_key(link, title),
        "link": link,
        "titulo": title,
        "medio": cleaning.clean_or_default(values.get("medio"), NOT_SPECIFIED, RULE_MEDIUM_EMPTY, repairs),
        "tipo_arma": cleaning.unify_category(weapon, repairs),
        "edad_victima": cleaning.unify_age_groups(
            unspecified("edad_victima", cleaning.RULE_AGE_EMPTY), repairs
        ),
        "edad_delincuente": cleaning.unify_age_groups(
            unspecified("edad_delincuente", cleaning.RULE_AGE_EMPTY), repairs
        ),
        "genero_victima": unspecified("genero_victima", cleaning.RULE_GENDER_EMPTY),
        "genero_delincuente": unspecified("genero_delincuente", cleaning.RULE_GENDER_EMPTY),
        "ocupacion": unspecified("ocupacion", cleaning.RULE_OCCUPATION_EMPTY),
        "muertos": cleaning.clean_count(values.get("muertos"), cleaning.RULE_DEAD_EMPTY, repairs),
        "heridos": cleaning.clean_count(values.get("heridos"), cleaning.RULE_WOUNDED_EMPTY, repairs),
    }


def load_robberies(
    source: RobberySource, log_row: models.ImportLog, report: ImportReport, job: ImportJob
) -> None:
    _upsert_types(sorted(source.type_descriptions.items()), RepairCounter())
    types = {normalize_name(t.nombre): t.id for t in models.TipoRobo.select()}
    matcher = DistrictMatcher.from_database()
    known_keys = {key for (key,) in models.RobosLima.select(models.RobosLima.incident_key).tuples()}
    dates = _resolve_dates(source)
    rows: list[dict[str, Any]] = []
    rejected = RejectedRows(report, log_row, job.max_rejected_stored)
    report.read = len(source.records)
    for index, record in enumerate(source.records):
        where = f"{record.sheet} row {record.row_number}" if record.sheet else f"row {record.row_number}"
        date, local = dates[index]
        try:
            if isinstance(date, str):
                raise ValueError(f"date: {date}")
            row = _clean_robbery(record.values, local)
            type_name = cleaning.clean_or_default(
                record.values.get("modalidad"), "Otros", RULE_TYPE_EMPTY, local
            )
            type_id = types.get(normalize_name(type_name))
            if type_id is None:
                type_id = models.TipoRobo.create(nombre=type_name, descripcion="").id
                types[normalize_name(type_name)] = type_id
                local.add(RULE_TYPE_ADDED)
            district_text = cleaning.clean_text(record.values.get("distrito"), local)
            district = None
            if not district_text:
                local.add(cleaning.RULE_DISTRICT_EMPTY)
                district_text = NOT_SPECIFIED
            else:
                district = matcher.match_lima(district_text, local)
                if district is None:
                    raise ValueError(f"district {district_text!r} is not a district of Lima or Callao")
        except (ValueError, TypeError) as exc:
            rejected.add(record.row_number, f"{where}: {exc}", record.values)
            continue
        if row["incident_key"] in known_keys:
            report.duplicates += 1
            continue
        known_keys.add(row["incident_key"])
        report.repairs.update(local)
        row.update(
            fecha=date,
            tipo_robo=type_id,
            distrito=district,
            distrito_texto=district_text,
            import_log=log_row.id,
        )
        rows.append(row)
    job.progress(len(rows), len(rows), "saving robberies")
    for start in range(0, len(rows), 200):
        models.RobosLima.insert_many(rows[start : start + 200]).execute()
    report.loaded = len(rows)
    rejected.flush()
