"""Which police-report counts a question reads: the source ("auto", one source, or "ALL"), the years it
covers (a monthly source's year is complete when all 12 months are present), a department's districts.

:class:`ReportFilters` is the base of :class:`~s2c_desktop.stats.queries.CrimeReport`: every query and chart
narrows its rows through these.
"""

from __future__ import annotations

from typing import Any

from s2c_desktop.errors import InputError
from s2c_desktop.stats import models
from s2c_desktop.stats.cleaning import normalize_name

COUNT_SOURCES = (models.SOURCE_DATACRIM, models.SOURCE_SIDPOL)


def sql_rows(query: str, params: list[Any] | tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    return list(models.database_proxy.execute_sql(query, tuple(params)).fetchall())


class ReportFilters:
    """Sources, years and department ranges of the crime database bound at :data:`models.database_proxy`."""

    def available_sources(self) -> list[str]:
        return [
            s
            for s in COUNT_SOURCES
            if sql_rows("SELECT 1 FROM resumen_distrito WHERE fuente = ? LIMIT 1", [s])
        ]

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

    def __init__(self) -> None:
        # Year lists are asked for by every query and chart; the data only changes on import, after
        # which the app makes a new CrimeReport.
        self._year_cache: dict[tuple[str, ...], list[tuple[int, bool]]] = {}

    def _year_coverage(self, source: str | None) -> list[tuple[int, bool]]:
        """(year, complete) pairs: a monthly source's year is complete when all 12 months are present."""
        sources = self.resolve_source(source)
        if sources not in self._year_cache:
            marks = ",".join("?" * len(sources))
            rows = sql_rows(
                f"SELECT anio, MAX(meses) IN (0, 12) FROM resumen_distrito WHERE fuente IN ({marks}) "
                "GROUP BY anio ORDER BY anio",
                sources,
            )
            self._year_cache[sources] = [(year, bool(complete)) for year, complete in rows]
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
            found = sql_rows("SELECT ubigeo FROM departamento WHERE nombre_norm = ?", [normalize_name(text)])
            if not found:
                known = ", ".join(name for (name,) in sql_rows("SELECT nombre FROM departamento ORDER BY 1"))
                raise InputError(f"unknown department {department!r} (one of: {known})")
            code = found[0][0][:2]
        return code + "0000", code + "9999"

    def complete_years(self, source: str | None = "auto") -> list[int]:
        """Years with every month reported (all years of a yearly source); all years when none is."""
        coverage = self._year_coverage(source)
        return [year for year, full in coverage if full] or [year for year, _ in coverage]

    def _filters(
        self,
        source: str | None,
        year: int | None = None,
        department: str | None = None,
        alias: str = "c",
        years: list[int] | None = None,
        by_department_code: bool = False,
    ) -> tuple[str, list[Any]]:
        sources = self.resolve_source(source)
        clauses = [f"{alias}.fuente IN ({','.join('?' * len(sources))})"]
        params: list[Any] = list(sources)
        if year is not None:
            clauses.append(f"{alias}.anio = ?")
            params.append(int(year))
        if years is not None:
            clauses.append(f"{alias}.anio IN ({','.join('?' * len(years)) or 'NULL'})")
            params += list(years)
        span = self.department_range(department)
        if span and by_department_code:
            clauses.append(f"{alias}.departamento = ?")
            params.append(span[0][:2])
        elif span:
            clauses.append(f"{alias}.distrito_id BETWEEN ? AND ?")
            params += list(span)
        return " AND ".join(clauses), params

    def _year(self, year: int | None, source: str | None) -> int | None:
        return int(year) if year is not None else self.latest_year(source)
