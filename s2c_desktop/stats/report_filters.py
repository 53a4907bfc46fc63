"""Which police-report counts a question reads: the source ("auto", one source, or "ALL"), the years it
covers (a monthly source's year is complete when all 12 months are present), a department's districts;
and the joins every question shares (a district to its province and department, a modality to its crimes).

:class:`ReportFilters` is the base of :class:`~s2c_desktop.stats.queries.CrimeReport`: every query and chart
narrows its rows through these.
"""

from __future__ import annotations

from functools import reduce
from operator import and_
from typing import Any

from peewee import Cast, Expression, Value, fn

from s2c_desktop.errors import InputError
from s2c_desktop.stats import models
from s2c_desktop.stats.cleaning import normalize_name

COUNT_SOURCES = (models.SOURCE_DATACRIM, models.SOURCE_SIDPOL)
# The tables whose rows a filter narrows: the counts and the two per-year summaries.
CountTable = type[models.CrimenesDataCrim] | type[models.ResumenDistrito] | type[models.ResumenModalidad]


# The tables the questions read, by what they hold.
Counts, Robbery, RobberyType = models.CrimenesDataCrim, models.RobosLima, models.TipoRobo
ByDistrict, ByModality = models.ResumenDistrito, models.ResumenModalidad
District, Province, Department = models.Distrito, models.Provincia, models.Departamento
Modality, Specific, Generic = models.ModalidadCrimen, models.CrimenEspecifico, models.CrimenGenerico


def with_places(query: Any, district: Any) -> Any:
    """``query`` joined to the district, province and department of its ``district`` column."""
    return (
        query.join(District, on=(District.ubigeo == district))
        .join(Province, on=(Province.ubigeo == District.provincia))
        .join(Department, on=(Department.ubigeo == Province.departamento))
    )


def with_crimes(query: Any, modality: Any) -> Any:
    """``query`` joined to the modality, specific and generic crime of its ``modality`` column."""
    return with_crime_levels(query.join(Modality, on=(Modality.id == modality)))


def with_crime_levels(query: Any) -> Any:
    """``query`` (which has the modality) joined to its specific and generic crime."""
    return query.join(Specific, on=(Specific.id == Modality.especifico)).join(
        Generic, on=(Generic.id == Specific.generico)
    )


def per_year_average(total: Any, years: list[int]) -> Any:
    return fn.ROUND(Cast(total, "REAL") / max(len(years), 1), 1)


def fetch(query: Any) -> list[tuple[Any, ...]]:
    """A peewee query's rows as SQLite gives them, plain tuples (what the queries, the charts and the CSV
    export use): no per-value conversion, which cost more than the query itself on a 2,000-row answer."""
    return list(models.database_proxy.execute(query).fetchall())


class ReportFilters:
    """Sources, years and department ranges of the crime database bound at :data:`models.database_proxy`."""

    def __init__(self) -> None:
        # Year lists are asked for by every query and chart; the data only changes on import, after
        # which the app makes a new CrimeReport.
        self._year_cache: dict[tuple[str, ...], list[tuple[int, bool]]] = {}

    def available_sources(self) -> list[str]:
        summary = models.ResumenDistrito
        return [s for s in COUNT_SOURCES if summary.select().where(summary.fuente == s).exists()]

    def resolve_source(self, source: str | None = "auto") -> tuple[str, ...]:
        wanted = (source or "auto").upper()
        if wanted == "AUTO":
            available = self.available_sources()
            return (available[0],) if available else (models.SOURCE_DATACRIM,)
        if wanted == "ALL":
            return COUNT_SOURCES
        if wanted not in COUNT_SOURCES:
            raise InputError(f"unknown source {source!r} (auto, ALL, {', '.join(COUNT_SOURCES)})")
        return (wanted,)

    def _year_coverage(self, source: str | None) -> list[tuple[int, bool]]:
        """(year, complete) pairs: a monthly source's year is complete when all 12 months are present."""
        sources = self.resolve_source(source)
        if sources not in self._year_cache:
            summary = models.ResumenDistrito
            query = (
                summary.select(summary.anio, fn.MAX(summary.meses).in_([0, 12]))
                .where(summary.fuente.in_(sources))
                .group_by(summary.anio)
                .order_by(summary.anio)
            )
            self._year_cache[sources] = [(year, bool(complete)) for year, complete in fetch(query)]
        return self._year_cache[sources]

    def years(self, source: str | None = "auto") -> list[int]:
        return [year for year, _ in self._year_coverage(source)]

    def latest_year(self, source: str | None = "auto") -> int | None:
        """The latest complete year (a year still being reported would mislead), else the latest."""
        coverage = self._year_coverage(source)
        complete = [year for year, full in coverage if full]
        if complete:
            return complete[-1]
        return coverage[-1][0] if coverage else None

    def department_range(self, department: str | None) -> tuple[str, str] | None:
        """District ubigeos of a department (by name or 2-digit code) as a bound range."""
        if not department:
            return None
        text = department.strip()
        code = text[:2] if text[:2].isdigit() else None
        if code is None:
            table = models.Departamento
            found = table.select(table.ubigeo).where(table.nombre_norm == normalize_name(text)).scalar()
            if found is None:
                names = fetch(table.select(table.nombre).order_by(table.nombre))
                known = ", ".join(name for (name,) in names)
                raise InputError(f"unknown department {department!r} (one of: {known})")
            code = found[:2]
        return code + "0000", code + "9999"

    def complete_years(self, source: str | None = "auto") -> list[int]:
        """Years with every month reported (all years of a yearly source); all years when none is."""
        coverage = self._year_coverage(source)
        return [year for year, full in coverage if full] or [year for year, _ in coverage]

    def filter_for(
        self,
        table: CountTable,
        source: str | None,
        year: int | None = None,
        department: str | None = None,
        years: list[int] | None = None,
    ) -> Expression:
        """The rows of ``table`` a question reads: its source(s), a year or some years, a department."""
        clauses = [table.fuente.in_(self.resolve_source(source))]
        if year is not None:
            clauses.append(table.anio == int(year))
        if years is not None:
            clauses.append(table.anio.in_(years) if years else Value(False))
        span = self.department_range(department)
        if span and table is models.ResumenModalidad:  # kept per department, by its 2-digit code
            clauses.append(models.ResumenModalidad.departamento == span[0][:2])
        elif span:
            clauses.append(table.distrito.between(*span))
        return reduce(and_, clauses)

    def _per_district(self, source: str | None, **narrowed: Any) -> Any:
        """Reports per district in the summary, as a CTE ``t`` (distrito_id, n)."""
        return (
            ByDistrict.select(ByDistrict.distrito.alias("distrito_id"), fn.SUM(ByDistrict.total).alias("n"))
            .where(self.filter_for(ByDistrict, source, **narrowed))
            .group_by(ByDistrict.distrito)
            .cte("t")
        )

    def _per_modality(self, source: str | None, *by: Any, **narrowed: Any) -> Any:
        """Reports per modality (and ``by``) in the summary, as a CTE ``t`` (modalidad_id, *by, n)."""
        return (
            ByModality.select(
                ByModality.modalidad.alias("modalidad_id"), *by, fn.SUM(ByModality.total).alias("n")
            )
            .where(self.filter_for(ByModality, source, **narrowed))
            .group_by(ByModality.modalidad, *by)
            .cte("t")
        )

    def year_or_latest(self, year: int | None, source: str | None) -> int | None:
        return int(year) if year is not None else self.latest_year(source)
