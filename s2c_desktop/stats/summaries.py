"""The per-year summary tables every report query reads, rebuilt from ``crimenes_datacrim``.

Its own module, below the import code, because schema migrations call it too: a released migration
must not change whenever the importers do.
"""

from __future__ import annotations

from peewee import Value, fn

from s2c_desktop.stats import models


def rebuild_summaries(source: str) -> None:
    """Rebuild ``source``'s rows of the three summary tables (inside the caller's transaction)."""
    counts = models.CrimenesDataCrim
    pair, district, modality = models.ResumenPar, models.ResumenDistrito, models.ResumenModalidad
    for table in (pair, district, modality):
        table.delete().where(table.fuente == source).execute()
    database = models.database_proxy
    # Filling resumen_par and then indexing it (one sort) is faster than growing the index row by row.
    indexes = [index.sql for index in database.get_indexes(pair._meta.table_name) if index.sql]
    for index in database.get_indexes(pair._meta.table_name):
        if index.sql:
            database.execute_sql(f'DROP INDEX "{index.name}"')
    of_source = counts.fuente == source
    pair_fields = [pair.fuente, pair.anio, pair.distrito, pair.modalidad, pair.total]
    district_fields = [district.fuente, district.anio, district.distrito, district.total, district.meses]
    if counts.select().where(of_source, counts.mes > 0).exists():
        pair.insert_from(
            counts.select(counts.fuente, counts.anio, counts.distrito, counts.modalidad, fn.SUM(counts.cantidad))
            .where(of_source).group_by(counts.anio, counts.distrito, counts.modalidad), pair_fields,
        ).execute()  # fmt: skip
        district.insert_from(
            counts.select(counts.fuente, counts.anio, counts.distrito, fn.SUM(counts.cantidad),
                          fn.COUNT(counts.mes.distinct()))
            .where(of_source).group_by(counts.anio, counts.distrito), district_fields,
        ).execute()  # fmt: skip
    else:  # yearly rows already are one per (year, district, modality)
        pair.insert_from(
            counts.select(counts.fuente, counts.anio, counts.distrito, counts.modalidad, counts.cantidad)
            .where(of_source), pair_fields,
        ).execute()  # fmt: skip
        district.insert_from(
            pair.select(pair.fuente, pair.anio, pair.distrito, fn.SUM(pair.total), Value(0))
            .where(pair.fuente == source).group_by(pair.anio, pair.distrito), district_fields,
        ).execute()  # fmt: skip
    department = fn.substr(pair.distrito, 1, 2)
    modality.insert_from(
        pair.select(pair.fuente, pair.anio, department, pair.modalidad, fn.SUM(pair.total))
        .where(pair.fuente == source).group_by(pair.anio, department, pair.modalidad),
        [modality.fuente, modality.anio, modality.departamento, modality.modalidad, modality.total],
    ).execute()  # fmt: skip
    for sql in indexes:
        database.execute_sql(sql)
