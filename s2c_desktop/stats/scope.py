"""What the data really covers, named in every title, summary and finding: the departments and years
present in a police-report source (the shipped SIDPOL file is Cajamarca only), the period of the press
robberies, and the years still being reported (partial)."""

from __future__ import annotations

from dataclasses import dataclass

from s2c_desktop.stats import models
from s2c_desktop.stats.queries import CrimeReport
from s2c_desktop.stats.translation import translate

WHOLE_COUNTRY = 20  # from this many departments on, the data is "Peru" rather than a list of names
LISTED = 3  # up to this many departments are named


@dataclass(frozen=True)
class Scope:
    sources: tuple[str, ...]
    departments: tuple[str, ...]  # names of the departments with reports
    years: tuple[int, ...]
    partial_years: tuple[int, ...]  # years with some months still missing

    @property
    def place(self) -> str:
        if len(self.departments) >= WHOLE_COUNTRY:
            return translate("scope", "Peru")
        if len(self.departments) <= LISTED:
            return ", ".join(self.departments)
        return translate("scope", "{0} departments").format(len(self.departments))

    @property
    def period(self) -> str:
        if not self.years:
            return ""
        span = str(self.years[0]) if len(self.years) == 1 else f"{self.years[0]}–{self.years[-1]}"
        if self.partial_years:
            partial = ", ".join(str(y) for y in self.partial_years)
            span += " " + translate("scope", "({0} partial)").format(partial)
        return span

    def label(self) -> str:
        """ "SIDPOL; Cajamarca; 2018–2025" — source, place and years, for a title."""
        return "; ".join(part for part in ("+".join(self.sources), self.place, self.period) if part)


def departments_with_reports(report: CrimeReport, source: str | None = "auto") -> list[tuple[str, str]]:
    """(2-digit code, name) of the departments with police reports in ``source``, by name."""
    summary, department = models.ResumenModalidad, models.Departamento
    codes = {
        code
        for (code,) in summary.select(summary.departamento)
        .where(summary.fuente.in_(report.resolve_source(source)))
        .distinct()
        .tuples()
    }
    rows = department.select(department.ubigeo, department.nombre).order_by(department.nombre_norm).tuples()
    return [(ubigeo[:2], name) for ubigeo, name in rows if ubigeo[:2] in codes]


def report_scope(report: CrimeReport, source: str | None = "auto") -> Scope:
    years = report.years(source)
    complete = set(report.complete_years(source))
    partial = tuple(y for y in years if y not in complete) if len(complete) < len(years) else ()
    departments = tuple(name for _, name in departments_with_reports(report, source))
    return Scope(report.resolve_source(source), departments, tuple(years), partial)


def robbery_period(report: CrimeReport) -> str:
    """The months the press robberies cover ("2016-12 – 2017-06"), or "" without dated robberies."""
    from peewee import fn

    robbery = models.RobosLima
    first, last = robbery.select(fn.MIN(robbery.fecha), fn.MAX(robbery.fecha)).scalar(as_tuple=True)
    if not first:
        return ""
    return f"{str(first)[:7]} – {str(last)[:7]}"
