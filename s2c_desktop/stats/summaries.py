"""The per-year summary tables every report query reads, rebuilt from ``crimenes_datacrim``.

Its own module, below the import code, because schema migrations call it too: a released migration
must not change whenever the importers do.

- ``resumen_distrito``: reports per source, year and district (months counted).
- ``resumen_modalidad``: reports per source, year, department and modality.
(Queries 4 and 7 sum one year's (district, modality) pairs from the counts themselves: a pair table was a
copy of every yearly row and cost most of an import's summary time; migration 3 dropped it.)

A first import of a source already holds its counts in memory: :func:`fill_summaries` aggregates them
there (numpy) and writes the small results; :func:`rebuild_summaries` re-aggregates from the table (after
an update of existing counts, and in migrations). Both give the same rows; a test holds them to it.
"""

from __future__ import annotations

from typing import Any

from s2c_desktop.stats import models

# Raw executemany of named, parameterised statements rather than peewee's insert_many: peewee writes the SQL
# of a multi-row INSERT value by value, and for the ~50,000 summary rows of a 550,000-row import that cost
# 0.7 s of CPU more than all the rest of the summary work (measured with bench_stats' data, issue 28).
INSERT_BY_DISTRICT = (
    "INSERT INTO resumen_distrito (fuente, anio, distrito_id, total, meses) VALUES (?, ?, ?, ?, ?)"
)
INSERT_BY_MODALITY = (
    "INSERT INTO resumen_modalidad (fuente, anio, departamento, modalidad_id, total) VALUES (?, ?, ?, ?, ?)"
)


def _clear(source: str) -> None:
    for table in (models.ResumenDistrito, models.ResumenModalidad):
        table.delete().where(table.fuente == source).execute()


def rebuild_summaries(source: str) -> None:
    """Rebuild ``source``'s rows of the two summary tables from ``crimenes_datacrim`` (in the caller's
    transaction)."""
    from peewee import Value, fn

    _clear(source)
    counts, district, modality = models.CrimenesDataCrim, models.ResumenDistrito, models.ResumenModalidad
    of_source = counts.fuente == source
    monthly = counts.select().where(of_source, counts.mes > 0).exists()
    months = fn.COUNT(counts.mes.distinct()) if monthly else Value(0)
    district.insert_from(
        counts.select(counts.fuente, counts.anio, counts.distrito, fn.SUM(counts.cantidad), months)
        .where(of_source)
        .group_by(counts.anio, counts.distrito),
        [district.fuente, district.anio, district.distrito, district.total, district.meses],
    ).execute()
    department = fn.substr(counts.distrito, 1, 2)
    modality.insert_from(
        counts.select(counts.fuente, counts.anio, department, counts.modalidad, fn.SUM(counts.cantidad))
        .where(of_source)
        .group_by(counts.anio, department, counts.modalidad),
        [modality.fuente, modality.anio, modality.departamento, modality.modalidad, modality.total],
    ).execute()


def fill_summaries(source: str, anio: Any, mes: Any, distrito: Any, modalidad: Any, cantidad: Any) -> None:
    """The same rows as :func:`rebuild_summaries`, from a source's complete counts given as numpy arrays
    (one entry per stored row). Only for a source with no other rows in ``crimenes_datacrim``."""
    import numpy as np
    import pandas as pd

    _clear(source)
    # Integer keys throughout (ubigeo as a number, department = its first two digits): grouping 550k
    # strings costs several times more; codes become 6- and 2-digit text again only for the output.
    frame = pd.DataFrame(
        {
            "anio": anio,
            "mes": mes,
            "district": np.asarray(distrito).astype(np.int64),
            "modalidad": modalidad,
            "cantidad": cantidad,
        }
    )
    frame["dep"] = frame["district"] // 10_000
    monthly = bool((frame["mes"] > 0).any())
    by_district = frame.groupby(["anio", "district"], sort=False)
    per_district = by_district["cantidad"].sum().to_frame("total")
    per_district["meses"] = by_district["mes"].nunique() if monthly else 0
    per_district = per_district.reset_index()
    _insert(
        INSERT_BY_DISTRICT,
        source,
        list(
            zip(
                per_district["anio"].tolist(),
                [f"{d:06d}" for d in per_district["district"].tolist()],
                per_district["total"].tolist(),
                per_district["meses"].tolist(),
                strict=True,
            )
        ),
    )
    per_modality = frame.groupby(["anio", "dep", "modalidad"], sort=False)["cantidad"].sum().reset_index()
    _insert(
        INSERT_BY_MODALITY,
        source,
        list(
            zip(
                per_modality["anio"].tolist(),
                [f"{d:02d}" for d in per_modality["dep"].tolist()],
                per_modality["modalidad"].tolist(),
                per_modality["cantidad"].tolist(),
                strict=True,
            )
        ),
    )


def _insert(statement: str, source: str, rows: list[tuple[Any, ...]]) -> None:
    """``rows`` (all columns but the first, the source) into a summary table."""
    models.database_proxy.connection().executemany(statement, [(source, *row) for row in rows])
