"""The study's 10 queries (and the data behind the 10 charts) as plain rows with bound parameters.

Where the study's MySQL used ``MAX``/``MIN`` beside non-aggregated columns (which returns an arbitrary
row), these implement the intended meaning: the (modality, district) pairs whose total really is the
largest/smallest, every tied pair included.

Counts come from one source at a time: DataCrim (national, yearly) and SIDPOL (monthly, one department
here) overlap, so summing them would count the same reports twice. ``source="auto"`` picks DataCrim when
it has data, else SIDPOL; ``"ALL"`` sums both on purpose.
"""

from __future__ import annotations

from typing import Any

from s2c_desktop.errors import InputError
from s2c_desktop.stats.cleaning import (
    NOT_SPECIFIED,
    OTHER_WEAPON,
    UNKNOWN,
    crime_label,
    is_catch_all,
    normalize_name,
)
from s2c_desktop.stats.query_result import QUERY_TITLES, QueryResult
from s2c_desktop.stats.report_filters import ReportFilters, sql_rows
from s2c_desktop.stats.translation import translate

LEVELS = ("modality", "specific", "generic")


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
        rows = sql_rows(
            "SELECT t.nombre, t.descripcion, COUNT(r.id) AS incidents FROM tipo_robo t "
            "LEFT JOIN robos_lima r ON r.tipo_robo_id = t.id GROUP BY t.id ORDER BY incidents DESC, t.nombre"
        )
        return QueryResult(1, QUERY_TITLES[1], ["robbery_type", "description", "incidents"], rows)

    def query_2(self, department: str | None = None) -> QueryResult:
        where, params = "", []
        span = self.department_range(department)
        if span:
            where, params = "WHERE r.distrito_id BETWEEN ? AND ?", list(span)
        rows = sql_rows(
            "SELECT COALESCE(d.nombre, ?) AS district, COALESCE(p.nombre, '') AS province, COUNT(*) AS robberies "
            "FROM robos_lima r LEFT JOIN distrito d ON d.ubigeo = r.distrito_id "
            f"LEFT JOIN provincia p ON p.ubigeo = d.provincia_id {where} "
            "GROUP BY r.distrito_id ORDER BY robberies DESC, district",
            [NOT_SPECIFIED, *params],
        )
        return QueryResult(
            2, QUERY_TITLES[2], ["district", "province", "robberies"], rows, {"department": department}
        )

    def query_3(self) -> QueryResult:
        rows = sql_rows(
            "SELECT r.fecha, COALESCE(d.nombre, r.distrito_texto), t.nombre, r.edad_victima, r.edad_delincuente, "
            "r.titulo FROM robos_lima r JOIN tipo_robo t ON t.id = r.tipo_robo_id "
            "LEFT JOIN distrito d ON d.ubigeo = r.distrito_id "
            "WHERE r.edad_victima GLOB '*[0-9]*' AND r.edad_delincuente GLOB '*[0-9]*' ORDER BY r.fecha, r.id"
        )
        columns = ["date", "district", "robbery_type", "victim_age", "offender_age", "title"]
        return QueryResult(3, QUERY_TITLES[3], columns, rows)

    def _extreme_pair(
        self,
        number: int,
        best: bool,
        source: str | None,
        year: int | None,
        department: str | None,
        limit: int,
    ) -> QueryResult:
        year = self._year(year, source)
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
        params_out = {"source": self.resolve_source(source), "year": year, "department": department}
        if year is None:
            return QueryResult(number, QUERY_TITLES[number], columns, [], params_out, "no police report data")
        rows, tied = self._extreme_rows(best, source, year, department, limit)
        notes = []
        if tied > len(rows):
            notes.append(translate("queries", "{0} pairs tie; first {1} shown").format(tied, len(rows)))
        if any(is_catch_all(name) for row in rows for name in row[1:4]):
            # The source's "Otros" is every report outside its named crimes (SIDPOL's data dictionary:
            # homicide, robbery, theft, fraud, extortion, violence against women); not one crime.
            named, _ = self._extreme_rows(best, source, year, department, 1, named_only=True)
            notes.append(
                translate("queries", "'Otros' is a catch-all of the crimes the source does not name")
            )
            if named:
                _, modality, _, _, district, _, _, reports = named[0]
                notes.append(
                    translate("queries", "first named crime: {0} in {1}, {2}").format(
                        modality, district, reports
                    )
                )
        return QueryResult(number, QUERY_TITLES[number], columns, rows, params_out, "; ".join(notes))

    def _catch_all_modalities(self) -> list[int]:
        rows = sql_rows(
            "SELECT m.id, m.nombre, e.nombre, g.nombre FROM modalidad_crimen m "
            "JOIN crimen_especifico e ON e.id = m.especifico_id JOIN crimen_generico g ON g.id = e.generico_id"
        )
        return [row[0] for row in rows if any(is_catch_all(name) for name in row[1:])]

    def _extreme_rows(
        self,
        best: bool,
        source: str | None,
        year: int,
        department: str | None,
        limit: int,
        named_only: bool = False,
    ) -> tuple[list[tuple[Any, ...]], int]:
        """The pairs with the most (fewest) reports, crime names spelled for display, and how many tie."""
        where, params = self._filters(source, year, department)
        if named_only:
            excluded = self._catch_all_modalities()
            where += f" AND c.modalidad_id NOT IN ({','.join('?' * len(excluded)) or 'NULL'})"
            params += excluded
        extreme = "MAX" if best else "MIN"
        # One year's counts, read through the unique index (fuente, anio, ...), summed per pair once
        # (MATERIALIZED); the extreme, its first ties (in ubigeo order: grouped by department and
        # province) and their number all come from that one pass.
        rows = sql_rows(
            "WITH pair AS MATERIALIZED (SELECT c.distrito_id, c.modalidad_id, SUM(c.cantidad) AS n "
            f"FROM crimenes_datacrim c WHERE {where} GROUP BY c.fuente, c.distrito_id, c.modalidad_id), "
            f"best AS (SELECT {extreme}(n) AS v FROM pair WHERE n > 0), "
            "chosen AS (SELECT pair.* FROM pair, best WHERE pair.n = best.v "
            "ORDER BY pair.distrito_id, pair.modalidad_id LIMIT ?), "
            "tied AS (SELECT COUNT(*) AS k FROM pair, best WHERE pair.n = best.v) "
            "SELECT ?, m.nombre, e.nombre, g.nombre, d.nombre, p.nombre, dep.nombre, chosen.n, tied.k FROM chosen "
            "JOIN tied JOIN modalidad_crimen m ON m.id = chosen.modalidad_id "
            "JOIN crimen_especifico e ON e.id = m.especifico_id "
            "JOIN crimen_generico g ON g.id = e.generico_id JOIN distrito d ON d.ubigeo = chosen.distrito_id "
            "JOIN provincia p ON p.ubigeo = d.provincia_id JOIN departamento dep ON dep.ubigeo = p.departamento_id "
            "ORDER BY chosen.distrito_id, m.nombre",
            [*params, int(limit), year],
        )
        tied = rows[0][-1] if rows else 0
        shown = [
            (y, crime_label(m), crime_label(e), crime_label(g), *rest[:-1]) for y, m, e, g, *rest in rows
        ]
        return shown, tied

    def query_4(
        self,
        source: str | None = "auto",
        year: int | None = None,
        department: str | None = None,
        limit: int = 100,
    ) -> QueryResult:
        return self._extreme_pair(4, True, source, year, department, limit)

    def query_5(
        self,
        source: str | None = "auto",
        year: int | None = None,
        department: str | None = None,
        limit: int = 10_000,
    ) -> QueryResult:
        year = self._year(year, source)
        where, params = self._filters(source, year, department)
        rows = sql_rows(
            "WITH t AS (SELECT c.distrito_id, SUM(c.total) AS n FROM resumen_distrito c "
            f"WHERE {where} GROUP BY c.distrito_id) "
            "SELECT d.nombre, p.nombre, dep.nombre, d.ubigeo, t.n FROM t JOIN distrito d ON d.ubigeo = t.distrito_id "
            "JOIN provincia p ON p.ubigeo = d.provincia_id JOIN departamento dep ON dep.ubigeo = p.departamento_id "
            "ORDER BY t.n DESC, d.nombre LIMIT ?",
            [*params, int(limit)],
        )
        params_out = {"source": self.resolve_source(source), "year": year, "department": department}
        return QueryResult(
            5, QUERY_TITLES[5], ["district", "province", "department", "ubigeo", "reports"], rows, params_out
        )

    def query_6(self) -> QueryResult:
        rows = sql_rows(
            "SELECT CAST(strftime('%Y', fecha) AS INTEGER) AS year, "
            "(CAST(strftime('%m', fecha) AS INTEGER) + 2) / 3 AS quarter, COUNT(*) AS robberies "
            "FROM robos_lima GROUP BY year, quarter ORDER BY year IS NULL, year, quarter"
        )
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
        return self._extreme_pair(7, False, source, year, department, limit)

    def query_8(self, source: str | None = "auto", department: str | None = None) -> QueryResult:
        """Per district: reports over the source's complete years, divided by their number (a district
        without reports in a year counts that year as 0; a year still being reported is left out)."""
        years = self.complete_years(source)
        where, params = self._filters(source, None, department, years=years)
        rows = sql_rows(
            "WITH t AS (SELECT c.distrito_id, SUM(c.total) AS total FROM resumen_distrito c "
            f"WHERE {where} GROUP BY c.distrito_id) "
            "SELECT d.nombre, p.nombre, dep.nombre, t.total, ?, ROUND(CAST(t.total AS REAL) / ?, 1) AS avg "
            "FROM t JOIN distrito d ON d.ubigeo = t.distrito_id JOIN provincia p ON p.ubigeo = d.provincia_id "
            "JOIN departamento dep ON dep.ubigeo = p.departamento_id ORDER BY avg DESC, d.nombre",
            [*params, len(years), max(len(years), 1)],
        )
        columns = ["district", "province", "department", "total_reports", "years", "average_per_year"]
        return QueryResult(
            8,
            QUERY_TITLES[8],
            columns,
            rows,
            {"source": self.resolve_source(source), "department": department, "years": years},
        )

    def query_9(self) -> QueryResult:
        rows = sql_rows(
            "SELECT tipo_arma, COUNT(*) AS n FROM robos_lima GROUP BY tipo_arma ORDER BY n DESC, tipo_arma"
        )
        return QueryResult(9, QUERY_TITLES[9], ["weapon", "robberies"], rows)

    def query_10(self, source: str | None = "auto", department: str | None = None) -> QueryResult:
        """Per generic crime: reports over the source's complete years, divided by their number."""
        years = self.complete_years(source)
        where, params = self._filters(source, None, department, years=years, by_department_code=True)
        rows = sql_rows(
            "WITH per_modality AS (SELECT c.modalidad_id, SUM(c.total) AS n FROM resumen_modalidad c "
            f"WHERE {where} GROUP BY c.modalidad_id) "
            "SELECT g.nombre, SUM(pm.n) AS total, ?, ROUND(CAST(SUM(pm.n) AS REAL) / ?, 1) AS avg FROM per_modality pm "
            "JOIN modalidad_crimen m ON m.id = pm.modalidad_id JOIN crimen_especifico e ON e.id = m.especifico_id "
            "JOIN crimen_generico g ON g.id = e.generico_id GROUP BY g.id ORDER BY avg DESC, g.nombre",
            [*params, len(years), max(len(years), 1)],
        )
        rows = [(crime_label(generic), *rest) for generic, *rest in rows]
        note = translate(
            "queries",
            "yearly averages over the complete years {0}; chart 9 shows totals over all years, a year still being reported included",
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
        return sql_rows("SELECT COUNT(*) FROM robos_lima")[0][0]

    def report_count(self, source: str | None = "auto") -> int:
        where, params = self._filters(source)
        return sql_rows(f"SELECT COALESCE(SUM(c.total), 0) FROM resumen_distrito c WHERE {where}", params)[0][
            0
        ]

    def column_counts(self, column: str) -> list[tuple[str, int]]:
        """Robberies per value of one of robos_lima's text columns (a fixed whitelist, not user text)."""
        if column not in ("edad_victima", "ocupacion", "tipo_arma", "genero_victima", "medio"):
            raise ValueError(column)
        return sql_rows(
            f"SELECT {column}, COUNT(*) AS n FROM robos_lima GROUP BY {column} ORDER BY n DESC, {column}"
        )

    def robbery_districts(self) -> list[str]:
        return [
            r[0]
            for r in sql_rows(
                "SELECT DISTINCT d.nombre FROM robos_lima r JOIN distrito d "
                "ON d.ubigeo = r.distrito_id ORDER BY d.nombre"
            )
        ]

    def types_in_district(self, district: str) -> list[tuple[str, int]]:
        return sql_rows(
            "SELECT t.nombre, COUNT(*) AS n FROM robos_lima r JOIN tipo_robo t ON t.id = r.tipo_robo_id "
            "JOIN distrito d ON d.ubigeo = r.distrito_id WHERE d.nombre_norm = ? GROUP BY t.id ORDER BY n DESC, t.nombre",
            [normalize_name(district)],
        )

    def reports_by_province_year(
        self, source: str | None = "auto", department: str | None = None
    ) -> list[tuple[str, int, int]]:
        where, params = self._filters(source, None, department)
        return sql_rows(
            "WITH t AS (SELECT substr(c.distrito_id, 1, 4) AS prov, c.anio, SUM(c.total) AS n "
            f"FROM resumen_distrito c WHERE {where} GROUP BY prov, c.anio) "
            "SELECT p.nombre, t.anio, t.n FROM t JOIN provincia p ON p.ubigeo = t.prov || '00' ORDER BY p.nombre, t.anio",
            params,
        )

    def breakdown(
        self, source: str | None = "auto", year: int | None = None
    ) -> list[tuple[str, str, str, int]]:
        """(department, province, district, reports) for the sunburst."""
        where, params = self._filters(source, year)
        return sql_rows(
            "WITH t AS (SELECT c.distrito_id, SUM(c.total) AS n FROM resumen_distrito c "
            f"WHERE {where} GROUP BY c.distrito_id) "
            "SELECT dep.nombre, p.nombre, d.nombre, t.n FROM t JOIN distrito d ON d.ubigeo = t.distrito_id "
            "JOIN provincia p ON p.ubigeo = d.provincia_id JOIN departamento dep ON dep.ubigeo = p.departamento_id "
            "ORDER BY dep.nombre, p.nombre, d.nombre",
            params,
        )

    def reports_by_level(
        self, level: str = "generic", source: str | None = "auto", year: int | None = None
    ) -> list[tuple[str, int]]:
        if level not in LEVELS:
            raise InputError(f"unknown level {level!r} ({', '.join(LEVELS)})")
        name = {"modality": "m.nombre", "specific": "e.nombre", "generic": "g.nombre"}[level]
        group = {"modality": "m.id", "specific": "e.id", "generic": "g.id"}[level]
        where, params = self._filters(source, year)
        return sql_rows(
            "WITH t AS (SELECT c.modalidad_id, SUM(c.total) AS n FROM resumen_modalidad c "
            f"WHERE {where} GROUP BY c.modalidad_id) "
            f"SELECT {name}, SUM(t.n) AS total FROM t JOIN modalidad_crimen m ON m.id = t.modalidad_id "
            "JOIN crimen_especifico e ON e.id = m.especifico_id JOIN crimen_generico g ON g.id = e.generico_id "
            f"GROUP BY {group} ORDER BY total DESC, {name}",
            params,
        )

    def generic_by_year(self, source: str | None = "auto") -> list[tuple[str, int, int]]:
        where, params = self._filters(source)
        return sql_rows(
            "WITH t AS (SELECT c.modalidad_id, c.anio, SUM(c.total) AS n FROM resumen_modalidad c "
            f"WHERE {where} GROUP BY c.modalidad_id, c.anio) "
            "SELECT g.nombre, t.anio, SUM(t.n) FROM t JOIN modalidad_crimen m ON m.id = t.modalidad_id "
            "JOIN crimen_especifico e ON e.id = m.especifico_id JOIN crimen_generico g ON g.id = e.generico_id "
            "GROUP BY g.id, t.anio ORDER BY t.anio, g.nombre",
            params,
        )

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
