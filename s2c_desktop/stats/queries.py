"""The study's 10 queries (and the data behind the 10 charts) as plain rows, built with peewee's query builder
(CTEs and a window function included): every value is a bound parameter, none is spliced into SQL text.

Queries 4 and 7 (the extreme (modality, district) pairs) live in :mod:`extreme_pairs`.

Counts come from one source at a time: DataCrim (national, yearly) and SIDPOL (monthly, one department
here) overlap, so summing them would count the same reports twice. ``source="auto"`` picks DataCrim when
it has data, else SIDPOL; ``"ALL"`` sums both on purpose.
"""

from __future__ import annotations

from typing import Any

from peewee import JOIN, Cast, Value, fn

from s2c_desktop.errors import InputError
from s2c_desktop.stats.cleaning import (
    NOT_SPECIFIED,
    OTHER_WEAPON,
    UNKNOWN,
    crime_label,
    normalize_name,
)
from s2c_desktop.stats.extreme_pairs import extreme_pair
from s2c_desktop.stats.query_result import QUERY_TITLES, QueryResult
from s2c_desktop.stats.report_filters import (
    ByDistrict,
    ByModality,
    Department,
    District,
    Generic,
    Modality,
    Province,
    ReportFilters,
    Robbery,
    RobberyType,
    Specific,
    fetch,
    per_year_average,
    with_crimes,
    with_places,
)
from s2c_desktop.stats.translation import translate

LEVELS = ("modality", "specific", "generic")
# robos_lima's text columns a chart may count by (a fixed whitelist: the name comes from our code, not a
# user).
ROBBERY_COLUMNS = ("edad_victima", "ocupacion", "tipo_arma", "genero_victima", "medio")
HAS_A_DIGIT = "*[0-9]*"  # a GLOB pattern: an age the press gave ("30", "25-30"), not "No especifica"


class CrimeReport(ReportFilters):
    """Read-only questions to the crime database bound at :data:`models.database_proxy`."""

    # --- the 10 queries --------------------------------------------------------------------------

    def run(self, number: int, **params: Any) -> QueryResult:
        if number not in QUERY_TITLES:
            raise InputError(f"no query {number}; queries are numbered 1 to 10")
        method = getattr(self, f"query_{number}")
        accepted = method.__code__.co_varnames[1 : method.__code__.co_argcount]
        return method(**{k: v for k, v in params.items() if k in accepted and v is not None})

    def query_1(self) -> QueryResult:
        incidents = fn.COUNT(Robbery.id)
        query = (
            RobberyType.select(RobberyType.nombre, RobberyType.descripcion, incidents)
            .join(Robbery, JOIN.LEFT_OUTER, on=(Robbery.tipo_robo == RobberyType.id))
            .group_by(RobberyType.id)
            .order_by(incidents.desc(), RobberyType.nombre)
        )
        return QueryResult(1, QUERY_TITLES[1], ["robbery_type", "description", "incidents"], fetch(query))

    def query_2(self, department: str | None = None) -> QueryResult:
        district, robberies = fn.COALESCE(District.nombre, NOT_SPECIFIED), fn.COUNT(Robbery.id)
        query = (
            Robbery.select(district, fn.COALESCE(Province.nombre, ""), robberies)
            .join(District, JOIN.LEFT_OUTER, on=(District.ubigeo == Robbery.distrito))
            .join(Province, JOIN.LEFT_OUTER, on=(Province.ubigeo == District.provincia))
            .group_by(Robbery.distrito)
            .order_by(robberies.desc(), district)
        )
        span = self.department_range(department)
        if span:
            query = query.where(Robbery.distrito.between(*span))
        return QueryResult(
            2,
            QUERY_TITLES[2],
            ["district", "province", "robberies"],
            fetch(query),
            {"department": department},
        )

    def query_3(self) -> QueryResult:
        query = (
            Robbery.select(
                Robbery.fecha,
                fn.COALESCE(District.nombre, Robbery.distrito_texto),
                RobberyType.nombre,
                Robbery.edad_victima,
                Robbery.edad_delincuente,
                Robbery.titulo,
            )
            .join(RobberyType, on=(RobberyType.id == Robbery.tipo_robo))
            .join(District, JOIN.LEFT_OUTER, on=(District.ubigeo == Robbery.distrito))
            .where(
                fn.glob(HAS_A_DIGIT, Robbery.edad_victima) & fn.glob(HAS_A_DIGIT, Robbery.edad_delincuente)
            )
            .order_by(Robbery.fecha, Robbery.id)
        )
        columns = ["date", "district", "robbery_type", "victim_age", "offender_age", "title"]
        return QueryResult(3, QUERY_TITLES[3], columns, fetch(query))

    def query_4(
        self,
        source: str | None = "auto",
        year: int | None = None,
        department: str | None = None,
        limit: int = 100,
    ) -> QueryResult:
        return extreme_pair(self, 4, True, source, year, department, limit)

    def query_5(
        self,
        source: str | None = "auto",
        year: int | None = None,
        department: str | None = None,
        limit: int = 10_000,
    ) -> QueryResult:
        year = self.year_or_latest(year, source)
        t = self._per_district(source, year=year, department=department)
        query = t.select_from(District.nombre, Province.nombre, Department.nombre, District.ubigeo, t.c.n)
        query = with_places(query, t.c.distrito_id).order_by(t.c.n.desc(), District.nombre).limit(int(limit))
        params_out = {"source": self.resolve_source(source), "year": year, "department": department}
        return QueryResult(
            5,
            QUERY_TITLES[5],
            ["district", "province", "department", "ubigeo", "reports"],
            fetch(query),
            params_out,
        )

    def query_6(self) -> QueryResult:
        year = Cast(fn.strftime("%Y", Robbery.fecha), "INTEGER")
        quarter = (Cast(fn.strftime("%m", Robbery.fecha), "INTEGER") + 2) / 3
        query = (
            Robbery.select(year, quarter, fn.COUNT(Robbery.id))
            .group_by(year, quarter)
            .order_by(year.is_null(), year, quarter)
        )
        rows = fetch(query)
        undated = sum(n for year, _, n in rows if year is None)
        # Robberies whose date the press did not give: their own labelled row, not a blank one.
        rows = [
            (translate("queries", "no date"), "", n) if year is None else (year, quarter, n)
            for year, quarter, n in rows
        ]
        note = ""
        if undated == 1:
            note = translate("queries", "1 robbery without a date, in the last row")
        elif undated:
            note = translate("queries", "{0} robberies without a date, in the last row").format(undated)
        return QueryResult(6, QUERY_TITLES[6], ["year", "quarter", "robberies"], rows, note=note)

    def query_7(
        self,
        source: str | None = "auto",
        year: int | None = None,
        department: str | None = None,
        limit: int = 100,
    ) -> QueryResult:
        return extreme_pair(self, 7, False, source, year, department, limit)

    def query_8(self, source: str | None = "auto", department: str | None = None) -> QueryResult:
        """Per district: reports over the source's complete years, divided by their number (a district
        without reports in a year counts that year as 0; a year still being reported is left out)."""
        years = self.complete_years(source)
        t = self._per_district(source, department=department, years=years)
        average = per_year_average(t.c.n, years)
        query = t.select_from(
            District.nombre, Province.nombre, Department.nombre, t.c.n, Value(len(years)), average
        )
        query = with_places(query, t.c.distrito_id).order_by(average.desc(), District.nombre)
        columns = ["district", "province", "department", "total_reports", "years", "average_per_year"]
        return QueryResult(
            8,
            QUERY_TITLES[8],
            columns,
            fetch(query),
            {"source": self.resolve_source(source), "department": department, "years": years},
        )

    def query_9(self) -> QueryResult:
        return QueryResult(9, QUERY_TITLES[9], ["weapon", "robberies"], self.column_counts("tipo_arma"))

    def query_10(self, source: str | None = "auto", department: str | None = None) -> QueryResult:
        """Per generic crime: reports over the source's complete years, divided by their number."""
        years = self.complete_years(source)
        t = self._per_modality(source, department=department, years=years)
        total = fn.SUM(t.c.n)
        average = per_year_average(total, years)
        query = with_crimes(
            t.select_from(Generic.nombre, total, Value(len(years)), average), t.c.modalidad_id
        )
        query = query.group_by(Generic.id).order_by(average.desc(), Generic.nombre)
        rows = [(crime_label(generic), *rest) for generic, *rest in fetch(query)]
        note = translate(
            "queries",
            "yearly averages over the complete years {0}; chart 9 shows totals over all years, a year still being reported included",  # noqa: E501 - one literal, as lupdate reads it
        ).format(", ".join(str(y) for y in years))
        return QueryResult(
            10,
            QUERY_TITLES[10],
            ["generic_crime", "total_reports", "years", "average_per_year"],
            rows,
            {"source": self.resolve_source(source), "department": department, "years": years},
            note,
        )

    # --- data behind the charts ---------------------------------------------------------------------

    def robbery_count(self) -> int:
        return int(Robbery.select(fn.COUNT(Robbery.id)).scalar())

    def report_count(self, source: str | None = "auto") -> int:
        total = fn.COALESCE(fn.SUM(ByDistrict.total), 0)
        return int(ByDistrict.select(total).where(self.filter_for(ByDistrict, source)).scalar())

    def column_counts(self, column: str) -> list[tuple[str, int]]:
        """Robberies per value of one of robos_lima's text columns (:data:`ROBBERY_COLUMNS`)."""
        if column not in ROBBERY_COLUMNS:
            raise ValueError(column)
        field, robberies = getattr(Robbery, column), fn.COUNT(Robbery.id)
        return fetch(Robbery.select(field, robberies).group_by(field).order_by(robberies.desc(), field))

    def robbery_districts(self) -> list[str]:
        query = (
            District.select(District.nombre)
            .distinct()
            .join(Robbery, on=(Robbery.distrito == District.ubigeo))
            .order_by(District.nombre)
        )
        return [name for (name,) in fetch(query)]

    def types_in_district(self, district: str) -> list[tuple[str, int]]:
        robberies = fn.COUNT(Robbery.id)
        query = (
            Robbery.select(RobberyType.nombre, robberies)
            .join(RobberyType, on=(RobberyType.id == Robbery.tipo_robo))
            .join(District, on=(District.ubigeo == Robbery.distrito))
            .where(District.nombre_norm == normalize_name(district))
            .group_by(RobberyType.id)
            .order_by(robberies.desc(), RobberyType.nombre)
        )
        return fetch(query)

    def reports_by_province_year(
        self, source: str | None = "auto", department: str | None = None
    ) -> list[tuple[str, int, int]]:
        province = fn.substr(ByDistrict.distrito, 1, 4)
        t = (
            ByDistrict.select(province.alias("prov"), ByDistrict.anio, fn.SUM(ByDistrict.total).alias("n"))
            .where(self.filter_for(ByDistrict, source, department=department))
            .group_by(province, ByDistrict.anio)
            .cte("t")
        )
        query = (
            t.select_from(Province.nombre, t.c.anio, t.c.n)
            .join(Province, on=(Province.ubigeo == t.c.prov.concat("00")))
            .order_by(Province.nombre, t.c.anio)
        )
        return fetch(query)

    def breakdown(
        self, source: str | None = "auto", year: int | None = None
    ) -> list[tuple[str, str, str, int]]:
        """(department, province, district, reports) for the sunburst."""
        t = self._per_district(source, year=year)
        query = with_places(
            t.select_from(Department.nombre, Province.nombre, District.nombre, t.c.n), t.c.distrito_id
        )
        return fetch(query.order_by(Department.nombre, Province.nombre, District.nombre))

    def reports_by_level(
        self, level: str = "generic", source: str | None = "auto", year: int | None = None
    ) -> list[tuple[str, int]]:
        if level not in LEVELS:
            raise InputError(f"unknown level {level!r} ({', '.join(LEVELS)})")
        name, group = {
            "modality": (Modality.nombre, Modality.id),
            "specific": (Specific.nombre, Specific.id),
            "generic": (Generic.nombre, Generic.id),
        }[level]
        t = self._per_modality(source, year=year)
        total = fn.SUM(t.c.n)
        query = with_crimes(t.select_from(name, total), t.c.modalidad_id)
        return fetch(query.group_by(group).order_by(total.desc(), name))

    def generic_by_year(self, source: str | None = "auto") -> list[tuple[str, int, int]]:
        t = self._per_modality(source, ByModality.anio)
        query = with_crimes(t.select_from(Generic.nombre, t.c.anio, fn.SUM(t.c.n)), t.c.modalidad_id)
        return fetch(query.group_by(Generic.id, t.c.anio).order_by(t.c.anio, Generic.nombre))

    def findings(self) -> dict[str, tuple[str, int] | None]:
        """The study's headline findings, computed from the current data (None where data is missing)."""
        district = self.query_2().rows
        types = self.query_1().rows
        occupations = [(o, n) for o, n in self.column_counts("ocupacion") if o != NOT_SPECIFIED]
        weapons = [(w, n) for w, n in self.query_9().rows if w not in (NOT_SPECIFIED, OTHER_WEAPON, UNKNOWN)]
        known_districts = [(d, n) for d, _, n in district if d != NOT_SPECIFIED]
        return {
            "district": known_districts[0] if known_districts else None,
            "robbery_type": (types[0][0], types[0][2]) if types and types[0][2] else None,
            "occupation": occupations[0] if occupations else None,
            "weapon": weapons[0] if weapons else None,
            "robberies": (str(self.robbery_count()), self.robbery_count()),
        }
