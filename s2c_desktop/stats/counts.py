"""Loading count tables (SIDPOL, DataCrim) column by column with pandas, and the summary tables.

Checking 550,000 rows one at a time in Python is what made the first version slow; here each check is
a vectorised operation over a column, and names are matched once per distinct value.
"""

from __future__ import annotations

import re
from itertools import repeat
from typing import TYPE_CHECKING, Any

from s2c_desktop.stats import cleaning, models
from s2c_desktop.stats.cleaning import normalize_name
from s2c_desktop.stats.count_frames import CountFile, CountTable
from s2c_desktop.stats.crime_hierarchy import SIDPOL_GENERIC, CrimeHierarchy
from s2c_desktop.stats.geography import DistrictMatcher
from s2c_desktop.stats.jobs import ImportJob, ImportReport, RejectedRows
from s2c_desktop.stats.summaries import fill_summaries, rebuild_summaries

if TYPE_CHECKING:
    import numpy as np

CHUNK = 20_000
_THOUSANDS = re.compile(r"[\s.,](?=\d{3}\b)")


# Raw SQL through the connection's executemany, not peewee's insert_many: building a query for 550,000 rows
# in Python would double the import (issue 14's bench). Every value is bound; a source's first import takes
# the plain INSERT (it cannot conflict), a later one the upsert (a newer snapshot replaces the same keys).
INSERT_COUNTS = (
    "INSERT INTO crimenes_datacrim (fuente, anio, mes, distrito_id, modalidad_id, cantidad, import_log_id) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)"
)
UPSERT_COUNTS = (
    INSERT_COUNTS + " ON CONFLICT(fuente, anio, mes, distrito_id, modalidad_id) "
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


class _RowChecks:
    """The first reason each row cannot load (None while it still can), and the table's text columns."""

    def __init__(self, table: CountTable) -> None:
        import numpy as np

        self.table = table
        self.n = len(table.frame)
        self.reasons = np.full(self.n, None, dtype=object)
        used = table.frame[list(table.columns.values())]
        # A short record's missing fields are the only NaNs (the parser keeps "" as ""); fill them once.
        self.short = used.isna().any(axis=1)
        self.text = used.fillna("") if self.short.any() else used

    def column(self, name: str) -> Any:
        """A field's text (not stripped here, slow on 550k rows: names are normalised per distinct value)."""
        import pandas as pd

        if name in self.table.columns:
            return self.text[self.table.columns[name]]
        return pd.Series("", index=self.table.frame.index)

    def fail(self, mask: Any, reason: Any) -> None:
        """Give rows in ``mask`` (without an earlier reason) ``reason``: a str or a row -> str function."""
        import numpy as np
        import pandas as pd

        for row in np.flatnonzero(np.asarray(mask) & pd.isna(self.reasons)):
            self.reasons[row] = reason if isinstance(reason, str) else reason(row)

    def valid(self) -> Any:
        import pandas as pd

        return pd.isna(self.reasons)


def _numbers(text: Any) -> Any:
    import numpy as np
    import pandas as pd

    if not text.str.contains("_", regex=False).any():  # Python's float() would accept "1_000"
        try:  # the common case, every cell a plain number: one C loop instead of pandas' parser
            return pd.Series(text.to_numpy(dtype=object).astype(np.float64), index=text.index)
        except (ValueError, TypeError):
            pass
    values = pd.to_numeric(text, errors="coerce")
    retry = values.isna() & (text != "")
    if retry.any():  # " 12 ", "1,234", "1 234": spaces and thousands separators
        cleaned = text[retry].str.strip().str.replace(_THOUSANDS, "", regex=True)
        values[retry] = pd.to_numeric(cleaned, errors="coerce")
    return values


def _check_numbers(checks: _RowChecks) -> tuple[Any, Any, Any]:
    """(year, month, count) per row; rows with an unusable one get their reason."""
    import numpy as np
    import pandas as pd

    table = checks.table
    checks.fail(checks.short, "too few fields")
    if table.extra is not None:
        checks.fail(table.extra, f"more than {table.width} fields")
    year_text = checks.column("anio")
    year = _numbers(year_text)
    checks.fail(
        year.isna() | (year % 1 != 0) | (year < 1990) | (year > 2100),
        lambda r: f"year {year_text[r]!r} not valid",
    )
    if "mes" in table.columns:
        month_text = checks.column("mes")
        month = _numbers(month_text)
        checks.fail(
            month.isna() | (month % 1 != 0) | (month < 1) | (month > 12),
            lambda r: f"month {month_text[r]!r} not valid",
        )
    else:
        month = pd.Series(models.WHOLE_YEAR, index=table.frame.index)
    amount_text = checks.column("cantidad")
    amount = _numbers(amount_text)
    # inf, 1e400 and 10^23 parse as floats: refused here, before the int64 conversion would wrap them.
    checks.fail(
        amount.isna()
        | ~np.isfinite(amount)
        | (amount % 1 != 0)
        | (amount < 0)
        | (amount > cleaning.MAX_COUNT),
        lambda r: f"count {amount_text[r]!r} not valid",
    )
    return year, month, amount


class _Districts:
    """Each row's district: by ubigeo where the source has one (SIDPOL), else by (department, province,
    district) names, matched once per distinct combination."""

    def __init__(self, checks: _RowChecks, matcher: DistrictMatcher) -> None:
        import numpy as np
        import pandas as pd

        n = checks.n
        self.codes = np.full(n, None, dtype=object)
        by_ubigeo = np.zeros(n, dtype=bool)
        self.zero_restored = np.zeros(n, dtype=bool)
        if "ubigeo" in checks.table.columns:
            codes, uniques = pd.factorize(checks.column("ubigeo"))
            uniques = [u.strip() for u in uniques]
            resolved = [u.zfill(6) if u.isdigit() and u.zfill(6) in matcher.codes else None for u in uniques]
            if uniques:
                by_ubigeo = np.array([r is not None for r in resolved], dtype=bool)[codes]
                self.codes[by_ubigeo] = np.array(resolved, dtype=object)[codes[by_ubigeo]]
                padded = [r is not None and len(u) < 6 for u, r in zip(uniques, resolved, strict=True)]
                self.zero_restored = np.array(padded, dtype=bool)[codes]
        names = [checks.column("departamento"), checks.column("provincia"), checks.column("distrito")]
        self.place_codes, place_first = _keys(names)
        matched = [matcher.match(names[0][row], names[1][row], names[2][row]) for row in place_first]
        self.place_rules = [rules for _, rules in matched]
        self.by_name = ~by_ubigeo
        self.codes[self.by_name] = np.array([code for code, _ in matched], dtype=object)[
            self.place_codes[self.by_name]
        ]
        checks.fail(
            pd.isna(self.codes),
            lambda r: (
                f"district not found: {names[2][r].strip()!r} ({names[1][r].strip()}, {names[0][r].strip()})"
            ),
        )

    def count_repairs(self, report: ImportReport, valid: np.ndarray, has_ubigeo: bool) -> None:
        _count_repairs(report, self.place_codes, self.place_rules, valid & self.by_name)
        if has_ubigeo:
            report.repairs[cleaning.RULE_UBIGEO_ZERO] += int((valid & self.zero_restored).sum())


class _Crimes:
    """Each row's modality id in the generic -> specific -> modality hierarchy (SIDPOL has one broad
    category, filed under the DataCrim generic crime it belongs to)."""

    def __init__(self, checks: _RowChecks, source: str, hierarchy: CrimeHierarchy) -> None:
        import numpy as np

        levels = [checks.column("generico"), checks.column("especifico"), checks.column("modalidad")]
        if source == models.SOURCE_SIDPOL:
            levels = [levels[2], levels[2], levels[2]]
        self.codes, first_rows = _keys(levels)
        ids: list[int] = []
        self.rules: list[tuple[str, ...]] = []
        errors: dict[int, str] = {}
        for key, row in enumerate(first_rows):
            generic, specific, modality = (levels[0][row], levels[1][row], levels[2][row])
            if source == models.SOURCE_SIDPOL:
                generic = SIDPOL_GENERIC.get(normalize_name(modality), "OTROS")
            try:
                modality_id, rules = hierarchy.modality_id(generic, specific, modality)
            except ValueError as exc:
                modality_id, rules = -1, ()
                errors[key] = str(exc)
            ids.append(modality_id)
            self.rules.append(rules)
        self.ids = np.array(ids, dtype=np.int64)[self.codes]
        checks.fail(self.ids < 0, lambda r: errors[int(self.codes[r])])


def _reject_invalid(checks: _RowChecks, rejected: RejectedRows) -> None:
    import numpy as np
    import pandas as pd

    table = checks.table
    for row in np.flatnonzero(~checks.valid()):
        number = table.first_row_number + int(row)
        raw = [None if pd.isna(v) else v for v in table.frame.iloc[row].tolist()]
        rejected.add(number, f"row {number}: {checks.reasons[row]}", raw)


def _records(
    valid: Any, year: Any, month: Any, districts: Any, modalities: Any, amount: Any
) -> tuple[Any, ...]:
    """(year, month, district, modality, count) per key, in the unique index's order; rows with the same
    key within one file are summed. Plain numpy: pandas' frame machinery cost more than the work."""
    import numpy as np

    valid = np.asarray(valid)
    anio = np.asarray(year)[valid].astype(np.int64)
    mes = np.asarray(month)[valid].astype(np.int64)
    district_codes = np.asarray(districts)[valid]
    modality = np.asarray(modalities)[valid]
    cantidad = np.asarray(amount)[valid].astype(np.int64)
    # One integer per key: sorting it is cheap, and summing is only needed when a key repeats.
    key = ((anio * 13 + mes) * 1_000_000 + district_codes.astype(np.int64)) * 1_000_000 + modality
    order = np.argsort(key, kind="stable")
    key = key[order]
    first = np.ones(len(key), dtype=bool)
    first[1:] = key[1:] != key[:-1]
    cantidad = cantidad[order]
    if not first.all():
        cantidad = np.add.reduceat(cantidad, np.flatnonzero(first))
    order = order[first]
    return anio[order], mes[order], district_codes[order], modality[order], cantidad


def _save(source: str, log_id: int, columns: tuple[Any, ...], job: ImportJob) -> bool:
    """Store the records (one per key, as :func:`_records` gives them); True when they are the source's
    first (nothing was updated)."""
    counts = models.CrimenesDataCrim
    if source not in (models.SOURCE_DATACRIM, models.SOURCE_SIDPOL):
        raise ValueError(f"not a count source: {source!r}")
    # A source's first import cannot conflict: a plain INSERT skips the upsert's per-row conflict work.
    fresh = not counts.select().where(counts.fuente == source).exists()
    statement = INSERT_COUNTS if fresh else UPSERT_COUNTS
    n = len(columns[0])
    records = list(
        zip(repeat(source, n), *(column.tolist() for column in columns), repeat(log_id, n), strict=True)
    )
    conn = models.database_proxy.connection()
    # A first import appends every row: building the unique index once afterwards (one sort) is cheaper
    # than growing it row by row. The records are already one per key; a duplicate would fail the
    # CREATE and roll the import back.
    unique_indexes = []
    if fresh:
        unique_indexes = [
            (i.name, i.sql) for i in models.database_proxy.get_indexes(counts._meta.table_name) if i.unique
        ]
        for name, _ in unique_indexes:  # a name from SQLite's own catalogue (identifiers cannot be bound)
            conn.execute(f'DROP INDEX "{name}"')
    for start in range(0, len(records), CHUNK):
        job.check()
        conn.executemany(statement, records[start : start + CHUNK])
        job.progress(start + CHUNK, len(records), "saving")
    for _, sql in unique_indexes:
        conn.execute(sql)
    return fresh


def load_counts(
    source_file: CountFile,
    source: str,
    log_row: models.ImportLog,
    report: ImportReport,
    job: ImportJob,
) -> None:
    """SIDPOL or DataCrim counts, checked column by column (pandas) rather than row by row, one chunk of
    rows at a time: memory stays bounded whatever the file's size, and a cancel or the update's deadline
    acts between chunks.

    Rows with the same key within one file are summed; a later file with the same keys replaces their
    counts (a newer snapshot of the same statistics). Every row is loaded or rejected with its reason.
    """
    import numpy as np

    matcher, hierarchy = DistrictMatcher.from_database(), CrimeHierarchy()
    rejected = RejectedRows(report, log_row, job.max_rejected_stored)
    parts: list[tuple[Any, ...]] = []
    for table in source_file.tables(job.chunk_rows):
        job.check()
        checks = _RowChecks(table)
        report.read += checks.n
        year, month, amount = _check_numbers(checks)
        districts = _Districts(checks, matcher)
        crimes = _Crimes(checks, source, hierarchy)
        valid = np.asarray(checks.valid())
        districts.count_repairs(report, valid, "ubigeo" in table.columns)
        _count_repairs(report, crimes.codes, crimes.rules, valid)
        report.loaded += int(valid.sum())
        _reject_invalid(checks, rejected)
        # Only the valid rows' five numbers are kept from each chunk (the text columns are dropped).
        parts.append(
            tuple(np.asarray(column)[valid] for column in (year, month, districts.codes, crimes.ids, amount))
        )
        job.progress(report.read, 0, "checking rows")
    rejected.flush()
    merged = [np.concatenate([part[i] for part in parts]) for i in range(5)] if parts else [np.empty(0)] * 5
    columns = _records(np.ones(len(merged[0]), dtype=bool), *merged)
    job.progress(report.read, report.read, "saving")
    fresh = _save(source, log_row.id, columns, job)
    job.progress(len(columns[0]), len(columns[0]), "summarising")
    if fresh:  # the source's counts are exactly these: aggregate them here, not again from the table
        fill_summaries(source, *columns)
    else:
        rebuild_summaries(source)
