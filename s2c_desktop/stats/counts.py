"""Loading count tables (SIDPOL, DataCrim) column by column with pandas, and the summary tables.

Checking 550,000 rows one at a time in Python is what made the first version slow; here each check is
a vectorised operation over a column, and names are matched once per distinct value.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from s2c_desktop.stats import cleaning, models
from s2c_desktop.stats.cleaning import normalize_name
from s2c_desktop.stats.geography import DistrictMatcher
from s2c_desktop.stats.loaders import flush_rejected, reject_row
from s2c_desktop.stats.sources import CountTable

if TYPE_CHECKING:
    from s2c_desktop.stats.importers import ImportJob, ImportReport

CHUNK = 20_000
RULE_ACCENTS = "accents removed from crime names"
RULE_EMPTY_LEVEL = "empty crime level filled from the level above"

# SIDPOL's broad categories under the DataCrim generic crime they belong to.
SIDPOL_GENERIC = {
    "HURTO": "CONTRA EL PATRIMONIO",
    "ROBO": "CONTRA EL PATRIMONIO",
    "ESTAFA": "CONTRA EL PATRIMONIO",
    "EXTORSION": "CONTRA EL PATRIMONIO",
    "HOMICIDIO": "CONTRA LA VIDA EL CUERPO Y LA SALUD",
    "VIOLENCIA CONTRA LA MUJER E INTEGRANTES": "VIOLENCIA CONTRA LA MUJER E INTEGRANTES DEL GRUPO FAMILIAR",
}


_THOUSANDS = re.compile(r"[\s.,](?=\d{3}\b)")


class CrimeHierarchy:
    """generic -> specific -> modality ids, created on first sight (names upper-case, no accents)."""

    def __init__(self) -> None:
        self.generic = {normalize_name(g.nombre): g.id for g in models.CrimenGenerico.select()}
        self.specific = {(e.generico_id, normalize_name(e.nombre)): e.id for e in models.CrimenEspecifico.select()}
        self.modality = {(m.especifico_id, normalize_name(m.nombre)): m.id for m in models.ModalidadCrimen.select()}
        self._cache: dict[tuple[str, str, str], tuple[int, tuple[str, ...]]] = {}

    @staticmethod
    def _display(text: str, rules: list[str]) -> str:
        without_note = cleaning.strip_footnote(text.strip())
        if without_note != text.strip():
            rules.append(cleaning.RULE_FOOTNOTE)
        plain = cleaning.strip_accents(without_note)
        if plain != without_note:
            rules.append(RULE_ACCENTS)
        return re.sub(r"\s+", " ", plain).upper().strip()

    def modality_id(self, generic: str, specific: str, modality: str) -> tuple[int, tuple[str, ...]]:
        key = (generic, specific, modality)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        rules: list[str] = []
        g = self._display(generic, rules)
        if not g:
            raise ValueError("empty generic crime")
        s = self._display(specific, rules)
        if not s:
            s = g
            rules.append(RULE_EMPTY_LEVEL)
        m = self._display(modality, rules)
        if not m:
            m = s
            rules.append(RULE_EMPTY_LEVEL)
        gid = self.generic.get(normalize_name(g))
        if gid is None:
            gid = self.generic[normalize_name(g)] = models.CrimenGenerico.create(nombre=g).id
        sid = self.specific.get((gid, normalize_name(s)))
        if sid is None:
            sid = self.specific[(gid, normalize_name(s))] = models.CrimenEspecifico.create(nombre=s, generico=gid).id
        mid = self.modality.get((sid, normalize_name(m)))
        if mid is None:
            mid = self.modality[(sid, normalize_name(m))] = models.ModalidadCrimen.create(nombre=m, especifico=sid).id
        cached = (mid, tuple(rules))
        self._cache[key] = cached
        return cached


UPSERT_COUNTS = (
    "INSERT INTO crimenes_datacrim (fuente, anio, mes, distrito_id, modalidad_id, cantidad, import_log_id) "
    "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(fuente, anio, mes, distrito_id, modalidad_id) "
    "DO UPDATE SET cantidad = excluded.cantidad, import_log_id = excluded.import_log_id"
)


def _keys(columns: list[Any]) -> tuple[Any, Any]:
    """(per-row key code, index of each key's first row) for the combination of text columns."""
    import numpy as np
    import pandas as pd

    combined = np.zeros(len(columns[0]), dtype=np.int64)
    for column in columns:
        codes, uniques = pd.factorize(column.fillna(""), sort=False)
        combined = combined * (len(uniques) + 1) + codes
    codes, _ = pd.factorize(combined, sort=False)
    _, first_rows = np.unique(codes, return_index=True)
    return codes, first_rows


def _count_repairs(report: ImportReport, codes: Any, rules_per_key: list[tuple[str, ...]], rows: Any) -> None:
    import numpy as np

    per_key = np.bincount(codes[rows], minlength=len(rules_per_key))
    for key, rules in enumerate(rules_per_key):
        if rules and per_key[key]:
            for rule in rules:
                report.repairs[rule] += int(per_key[key])


def load_counts(table: CountTable, source: str, log_row: models.ImportLog, report: ImportReport,
                job: ImportJob) -> None:  # fmt: skip
    """SIDPOL or DataCrim counts, checked column by column (pandas) rather than row by row.

    Rows with the same key within one file are summed; a later file with the same keys replaces their
    counts (a newer snapshot of the same statistics). Every row is loaded or rejected with its reason.
    """
    import numpy as np
    import pandas as pd

    frame = table.frame
    n = len(frame)
    report.read = n
    job.progress(0, n, "checking rows")

    def column(name: str) -> Any:
        # Not stripped here (slow on 550k rows): names are normalised per distinct value, numbers below.
        if name in table.columns:
            return frame[table.columns[name]].fillna("")
        return pd.Series("", index=frame.index)

    def numbers(text: Any) -> Any:
        values = pd.to_numeric(text, errors="coerce")
        retry = values.isna() & (text != "")
        if retry.any():  # " 12 ", "1,234", "1 234": spaces and thousands separators
            cleaned = text[retry].str.strip().str.replace(_THOUSANDS, "", regex=True)
            values[retry] = pd.to_numeric(cleaned, errors="coerce")
        return values

    reasons = np.full(n, None, dtype=object)

    def fail(mask: Any, reason: Any) -> None:
        """Give rows in ``mask`` (without an earlier reason) ``reason``: a str or a row -> str function."""
        rows = np.flatnonzero(np.asarray(mask) & pd.isna(reasons))
        for row in rows:
            reasons[row] = reason if isinstance(reason, str) else reason(row)

    fail(frame[list(table.columns.values())].isna().any(axis=1), "too few fields")
    if table.extra is not None:
        fail(table.extra, f"more than {table.width} fields")
    year_text = column("anio")
    year = numbers(year_text)
    fail(year.isna() | (year % 1 != 0) | (year < 1990) | (year > 2100), lambda r: f"year {year_text[r]!r} not valid")
    if "mes" in table.columns:
        month_text = column("mes")
        month = numbers(month_text)
        fail(month.isna() | (month % 1 != 0) | (month < 1) | (month > 12),
             lambda r: f"month {month_text[r]!r} not valid")  # fmt: skip
    else:
        month = pd.Series(models.WHOLE_YEAR, index=frame.index)
    amount_text = column("cantidad")
    amount = numbers(amount_text)
    fail(amount.isna() | (amount % 1 != 0) | (amount < 0), lambda r: f"count {amount_text[r]!r} not valid")
    job.progress(n // 4, n, "checking rows")

    # Districts: by ubigeo where the source has one (SIDPOL), else by (department, province, district).
    matcher = DistrictMatcher.from_database()
    district = np.full(n, None, dtype=object)
    ubigeo_rows = np.zeros(n, dtype=bool)
    if "ubigeo" in table.columns:
        ubigeo = column("ubigeo")
        codes, uniques = pd.factorize(ubigeo)
        uniques = [u.strip() for u in uniques]
        resolved = [u.zfill(6) if u.isdigit() and u.zfill(6) in matcher.codes else None for u in uniques]
        found = np.array([r is not None for r in resolved], dtype=bool)
        ubigeo_rows = found[codes] if len(uniques) else ubigeo_rows
        district[ubigeo_rows] = np.array(resolved, dtype=object)[codes[ubigeo_rows]]
        padded = np.array([r is not None and len(u) < 6 for u, r in zip(uniques, resolved, strict=True)], dtype=bool)
        zero_rows = padded[codes] if len(uniques) else ubigeo_rows
    names = [column("departamento"), column("provincia"), column("distrito")]
    place_codes, place_first = _keys(names)
    place_district: list[str | None] = []
    place_rules: list[tuple[str, ...]] = []
    for row in place_first:
        code, rules = matcher.match(names[0][row], names[1][row], names[2][row])
        place_district.append(code)
        place_rules.append(rules)
    by_name = ~ubigeo_rows
    district[by_name] = np.array(place_district, dtype=object)[place_codes[by_name]]
    fail(pd.isna(district),
         lambda r: f"district not found: {names[2][r].strip()!r} ({names[1][r].strip()}, {names[0][r].strip()})")  # fmt: skip
    job.progress(n // 2, n, "checking rows")

    # Crime hierarchy: generic -> specific -> modality (SIDPOL has one broad category).
    hierarchy = CrimeHierarchy()
    levels = [column("generico"), column("especifico"), column("modalidad")]
    if source == models.SOURCE_SIDPOL:
        levels = [levels[2], levels[2], levels[2]]
    crime_codes, crime_first = _keys(levels)
    crime_ids: list[int] = []
    crime_rules: list[tuple[str, ...]] = []
    crime_errors: dict[int, str] = {}
    for key, row in enumerate(crime_first):
        generic, specific, modality = (levels[0][row], levels[1][row], levels[2][row])
        if source == models.SOURCE_SIDPOL:
            generic = SIDPOL_GENERIC.get(normalize_name(modality), "OTROS")
        try:
            modality_id, rules = hierarchy.modality_id(generic, specific, modality)
        except ValueError as exc:
            modality_id, rules = -1, ()
            crime_errors[key] = str(exc)
        crime_ids.append(modality_id)
        crime_rules.append(rules)
    modality_ids = np.array(crime_ids, dtype=np.int64)[crime_codes]
    fail(modality_ids < 0, lambda r: crime_errors[int(crime_codes[r])])
    job.progress(3 * n // 4, n, "checking rows")

    valid = pd.isna(reasons)
    _count_repairs(report, place_codes, place_rules, valid & by_name)
    _count_repairs(report, crime_codes, crime_rules, valid)
    if "ubigeo" in table.columns:
        report.repairs[cleaning.RULE_UBIGEO_ZERO] += int((valid & zero_rows).sum())
    report.loaded = int(valid.sum())

    rejected: list[dict[str, Any]] = []
    for row in np.flatnonzero(~valid):
        number = table.first_row_number + int(row)
        raw = [None if pd.isna(v) else v for v in frame.iloc[row].tolist()]
        reject_row(report, log_row, rejected, number, f"row {number}: {reasons[row]}", raw)

    flat = pd.DataFrame({"anio": year[valid].astype(np.int64), "mes": month[valid].astype(np.int64),
                         "distrito": district[valid], "modalidad": modality_ids[valid],
                         "cantidad": amount[valid].astype(np.int64)})  # fmt: skip
    # One integer per key (in the unique index's order): sorting it is cheap, and grouping is only
    # needed when a key repeats (DataCrim rows are already one per key).
    key = ((flat["anio"].to_numpy() * 13 + flat["mes"].to_numpy()) * 1_000_000
           + flat["distrito"].astype(np.int64).to_numpy()) * 1_000_000 + flat["modalidad"].to_numpy()  # fmt: skip
    flat = flat.assign(key=key).sort_values("key", kind="stable")
    if flat["key"].duplicated().any():
        flat = flat.groupby("key", sort=True).agg(
            {"anio": "first", "mes": "first", "distrito": "first", "modalidad": "first", "cantidad": "sum"}
        )
    count = len(flat)
    records = list(zip([source] * count, flat["anio"].tolist(), flat["mes"].tolist(), flat["distrito"].tolist(),
                       flat["modalidad"].tolist(), flat["cantidad"].tolist(), [log_row.id] * count, strict=True))  # fmt: skip
    job.progress(n, n, "saving")
    conn = models.database_proxy.connection()
    # A source's first import cannot conflict: a plain INSERT skips the upsert's per-row conflict work.
    fresh = not conn.execute("SELECT 1 FROM crimenes_datacrim WHERE fuente = ? LIMIT 1", (source,)).fetchone()
    statement = UPSERT_COUNTS.split(" ON CONFLICT")[0] if fresh else UPSERT_COUNTS
    for start in range(0, len(records), CHUNK):
        job.check()
        conn.executemany(statement, records[start : start + CHUNK])
        job.progress(start + CHUNK, len(records), "saving")
    flush_rejected(rejected)
    job.progress(len(records), len(records), "summarising")
    rebuild_summaries(source)


def rebuild_summaries(source: str) -> None:
    """The per-year summaries every report query reads (same transaction as the import)."""
    db = models.database_proxy
    for table in ("resumen_par", "resumen_distrito", "resumen_modalidad"):
        db.execute_sql(f"DELETE FROM {table} WHERE fuente = ?", (source,))
    # Filling resumen_par and then indexing it (one sort) is faster than growing the index row by row.
    index_sql = db.execute_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'resumen_par' AND sql IS NOT NULL"
    ).fetchall()
    for name, _ in index_sql:
        db.execute_sql(f'DROP INDEX "{name}"')
    monthly = db.execute_sql("SELECT 1 FROM crimenes_datacrim WHERE fuente = ? AND mes > 0 LIMIT 1", (source,))
    if monthly.fetchone():
        db.execute_sql(
            "INSERT INTO resumen_par (fuente, anio, distrito_id, modalidad_id, total) "
            "SELECT fuente, anio, distrito_id, modalidad_id, SUM(cantidad) FROM crimenes_datacrim WHERE fuente = ? "
            "GROUP BY anio, distrito_id, modalidad_id",
            (source,),
        )
        db.execute_sql(
            "INSERT INTO resumen_distrito (fuente, anio, distrito_id, total, meses) "
            "SELECT fuente, anio, distrito_id, SUM(cantidad), COUNT(DISTINCT mes) FROM crimenes_datacrim "
            "WHERE fuente = ? GROUP BY anio, distrito_id",
            (source,),
        )
    else:  # yearly rows already are one per (year, district, modality)
        db.execute_sql(
            "INSERT INTO resumen_par (fuente, anio, distrito_id, modalidad_id, total) "
            "SELECT fuente, anio, distrito_id, modalidad_id, cantidad FROM crimenes_datacrim WHERE fuente = ?",
            (source,),
        )
        db.execute_sql(
            "INSERT INTO resumen_distrito (fuente, anio, distrito_id, total, meses) "
            "SELECT fuente, anio, distrito_id, SUM(total), 0 FROM resumen_par WHERE fuente = ? "
            "GROUP BY anio, distrito_id",
            (source,),
        )
    db.execute_sql(
        "INSERT INTO resumen_modalidad (fuente, anio, departamento, modalidad_id, total) "
        "SELECT fuente, anio, substr(distrito_id, 1, 2), modalidad_id, SUM(total) FROM resumen_par WHERE fuente = ? "
        "GROUP BY anio, substr(distrito_id, 1, 2), modalidad_id",
        (source,),
    )
    for _, sql in index_sql:
        db.execute_sql(sql)
