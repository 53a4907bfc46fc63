"""Queries 4 and 7: the (modality, district) pairs with the most or the fewest reports in a year.

Where the study's MySQL used ``MAX``/``MIN`` beside non-aggregated columns (which returns an arbitrary row),
this implements the intended meaning: the pairs whose total really is the largest/smallest, the first ties
shown and their number told.
"""

from __future__ import annotations

from typing import Any

from peewee import JOIN, Select, Value, fn

from s2c_desktop.stats.cleaning import crime_label, is_catch_all
from s2c_desktop.stats.query_result import QUERY_TITLES, QueryResult
from s2c_desktop.stats.report_filters import (
    Counts,
    Department,
    District,
    Generic,
    Modality,
    Province,
    ReportFilters,
    Specific,
    fetch,
    with_crime_levels,
    with_crimes,
    with_places,
)
from s2c_desktop.stats.translation import translate


def extreme_pair(
    report: ReportFilters,
    number: int,
    best: bool,
    source: str | None,
    year: int | None,
    department: str | None,
    limit: int,
) -> QueryResult:
    year = report.year_or_latest(year, source)
    columns = [
        "year",
        "modality",
        "specific_crime",
        "generic_crime",
        "district",
        "province",
        "department",
        "reports",
    ]
    params_out = {"source": report.resolve_source(source), "year": year, "department": department}
    if year is None:
        return QueryResult(number, QUERY_TITLES[number], columns, [], params_out, "no police report data")
    rows, tied = _extreme_rows(report, best, source, year, department, limit)
    notes = []
    if tied > len(rows):
        notes.append(translate("queries", "{0} pairs tie; first {1} shown").format(tied, len(rows)))
    if any(is_catch_all(name) for row in rows for name in row[1:4]):
        # The source's "Otros" is every report outside its named crimes (SIDPOL's data dictionary:
        # homicide, robbery, theft, fraud, extortion, violence against women); not one crime.
        named, _ = _extreme_rows(report, best, source, year, department, 1, named_only=True)
        notes.append(translate("queries", "'Otros' is a catch-all of the crimes the source does not name"))
        if named:
            _, modality, _, _, district, _, _, reports = named[0]
            notes.append(
                translate("queries", "first named crime: {0} in {1}, {2}").format(modality, district, reports)
            )
    return QueryResult(number, QUERY_TITLES[number], columns, rows, params_out, "; ".join(notes))


def _catch_all_modalities() -> list[int]:
    query = with_crime_levels(Modality.select(Modality.id, Modality.nombre, Specific.nombre, Generic.nombre))
    return [row[0] for row in fetch(query) if any(is_catch_all(name) for name in row[1:])]


def _extreme_rows(
    report: ReportFilters,
    best: bool,
    source: str | None,
    year: int,
    department: str | None,
    limit: int,
    named_only: bool = False,
) -> tuple[list[tuple[Any, ...]], int]:
    """The pairs with the most (fewest) reports, crime names spelled for display, and how many tie."""
    where = report.filter_for(Counts, source, year, department)
    if named_only:
        where &= Counts.modalidad.not_in(_catch_all_modalities())
    # One year's counts, read through the unique index (fuente, anio, ...), summed per pair once
    # (MATERIALIZED: read three times below); the extreme, its first ties (in ubigeo order: grouped by
    # department and province) and their number all come from that one pass.
    pair = (
        Counts.select(
            Counts.distrito.alias("distrito_id"),
            Counts.modalidad.alias("modalidad_id"),
            fn.SUM(Counts.cantidad).alias("n"),
        )
        .where(where)
        .group_by(Counts.fuente, Counts.distrito, Counts.modalidad)
        .cte("pair", materialized=True)
    )
    # Plain selects from the CTE (not pair.select_from, which would declare it again inside each one).
    extreme = Select([pair], [(fn.MAX if best else fn.MIN)(pair.c.n)]).where(pair.c.n > 0)
    chosen = (
        Select([pair], [pair.c.distrito_id, pair.c.modalidad_id, pair.c.n])
        .where(pair.c.n == extreme)
        .order_by(pair.c.distrito_id, pair.c.modalidad_id)
        .limit(int(limit))
        .cte("chosen")
    )
    # The ties counted apart: a window over them would sort every tie, not only the first ``limit``.
    tied = Select([pair], [fn.COUNT(pair.c.n).alias("k")]).where(pair.c.n == extreme).cte("tied")
    names = (Modality.nombre, Specific.nombre, Generic.nombre, District.nombre, Province.nombre)
    query = chosen.select_from(Value(year), *names, Department.nombre, chosen.c.n, tied.c.k)
    query = query.join(tied, JOIN.CROSS)
    query = with_places(with_crimes(query, chosen.c.modalidad_id), chosen.c.distrito_id)
    found = fetch(query.order_by(chosen.c.distrito_id, Modality.nombre).with_cte(pair, chosen, tied))
    tied = found[0][-1] if found else 0
    shown = [(y, crime_label(m), crime_label(e), crime_label(g), *rest[:-1]) for y, m, e, g, *rest in found]
    return shown, tied
