"""The crime database's schema migrations, frozen: each is the SQL it ran when it was released.

A released migration never changes. It does not use today's models (whose fields move on) or today's
import code; migration 2 may call :mod:`summaries`, the one module kept for that. Append new ones to
:data:`MIGRATIONS`; :mod:`db` runs each in its own transaction.
"""

from __future__ import annotations

from collections.abc import Callable

from peewee import SqliteDatabase

from s2c_desktop.stats.summaries import rebuild_summaries

# Version 1 as peewee created it from the models of that release (the study's 9 tables, the import log,
# rejected rows, schema info; four covering indexes on crimenes_datacrim).
SCHEMA_V1 = (
    'CREATE TABLE "departamento" ("ubigeo" VARCHAR(6) NOT NULL PRIMARY KEY, "nombre" VARCHAR(255) NOT NULL, '
    '"nombre_norm" VARCHAR(255) NOT NULL)',
    'CREATE INDEX "departamento_nombre_norm" ON "departamento" ("nombre_norm")',
    'CREATE TABLE "provincia" ("ubigeo" VARCHAR(6) NOT NULL PRIMARY KEY, "nombre" VARCHAR(255) NOT NULL, '
    '"nombre_norm" VARCHAR(255) NOT NULL, "departamento_id" VARCHAR(6) NOT NULL, FOREIGN KEY '
    '("departamento_id") REFERENCES "departamento" ("ubigeo") ON DELETE RESTRICT)',
    'CREATE INDEX "provincia_nombre_norm" ON "provincia" ("nombre_norm")',
    'CREATE INDEX "provincia_departamento_id" ON "provincia" ("departamento_id")',
    'CREATE TABLE "distrito" ("ubigeo" VARCHAR(6) NOT NULL PRIMARY KEY, "nombre" VARCHAR(255) NOT NULL, '
    '"nombre_norm" VARCHAR(255) NOT NULL, "provincia_id" VARCHAR(6) NOT NULL, "latitude" REAL, "longitude" '
    'REAL, FOREIGN KEY ("provincia_id") REFERENCES "provincia" ("ubigeo") ON DELETE RESTRICT)',
    'CREATE INDEX "distrito_nombre_norm" ON "distrito" ("nombre_norm")',
    'CREATE INDEX "distrito_provincia_id" ON "distrito" ("provincia_id")',
    'CREATE TABLE "crimen_generico" ("id" INTEGER NOT NULL PRIMARY KEY, "nombre" VARCHAR(255) NOT NULL)',
    'CREATE UNIQUE INDEX "crimengenerico_nombre" ON "crimen_generico" ("nombre")',
    'CREATE TABLE "crimen_especifico" ("id" INTEGER NOT NULL PRIMARY KEY, "nombre" VARCHAR(255) NOT NULL, '
    '"generico_id" INTEGER NOT NULL, FOREIGN KEY ("generico_id") REFERENCES "crimen_generico" ("id") ON '
    "DELETE RESTRICT)",
    'CREATE INDEX "crimenespecifico_generico_id" ON "crimen_especifico" ("generico_id")',
    'CREATE UNIQUE INDEX "crimenespecifico_generico_id_nombre" ON "crimen_especifico" ("generico_id", '
    '"nombre")',
    'CREATE TABLE "modalidad_crimen" ("id" INTEGER NOT NULL PRIMARY KEY, "nombre" VARCHAR(255) NOT NULL, '
    '"especifico_id" INTEGER NOT NULL, FOREIGN KEY ("especifico_id") REFERENCES "crimen_especifico" ("id") '
    "ON DELETE RESTRICT)",
    'CREATE INDEX "modalidadcrimen_especifico_id" ON "modalidad_crimen" ("especifico_id")',
    'CREATE UNIQUE INDEX "modalidadcrimen_especifico_id_nombre" ON "modalidad_crimen" ("especifico_id", '
    '"nombre")',
    'CREATE TABLE "import_log" ("id" INTEGER NOT NULL PRIMARY KEY, "source" VARCHAR(255) NOT NULL, '
    '"file_name" VARCHAR(255) NOT NULL, "sha256" VARCHAR(255) NOT NULL, "imported_at" DATETIME NOT NULL, '
    '"rows_read" INTEGER NOT NULL, "rows_loaded" INTEGER NOT NULL, "rows_duplicate" INTEGER NOT NULL, '
    '"rows_rejected" INTEGER NOT NULL, "repairs_json" TEXT NOT NULL)',
    'CREATE INDEX "importlog_source" ON "import_log" ("source")',
    'CREATE INDEX "importlog_sha256" ON "import_log" ("sha256")',
    'CREATE UNIQUE INDEX "importlog_source_sha256" ON "import_log" ("source", "sha256")',
    'CREATE TABLE "crimenes_datacrim" ("id" INTEGER NOT NULL PRIMARY KEY, "fuente" VARCHAR(255) NOT NULL, '
    '"anio" INTEGER NOT NULL, "mes" INTEGER NOT NULL, "distrito_id" VARCHAR(6) NOT NULL, "modalidad_id" '
    'INTEGER NOT NULL, "cantidad" INTEGER NOT NULL, "import_log_id" INTEGER NOT NULL, FOREIGN KEY '
    '("distrito_id") REFERENCES "distrito" ("ubigeo") ON DELETE RESTRICT, FOREIGN KEY ("modalidad_id") '
    'REFERENCES "modalidad_crimen" ("id") ON DELETE RESTRICT, FOREIGN KEY ("import_log_id") REFERENCES '
    '"import_log" ("id") ON DELETE RESTRICT)',
    'CREATE INDEX "crimenesdatacrim_distrito_id" ON "crimenes_datacrim" ("distrito_id")',
    'CREATE INDEX "crimenesdatacrim_modalidad_id" ON "crimenes_datacrim" ("modalidad_id")',
    'CREATE INDEX "crimenesdatacrim_import_log_id" ON "crimenes_datacrim" ("import_log_id")',
    'CREATE UNIQUE INDEX "crimenesdatacrim_fuente_anio_mes_distrito_id_modalidad_id" ON "crimenes_datacrim" '
    '("fuente", "anio", "mes", "distrito_id", "modalidad_id")',
    'CREATE INDEX "crimenesdatacrim_anio_distrito_id_cantidad" ON "crimenes_datacrim" ("anio", '
    '"distrito_id", "cantidad")',
    'CREATE INDEX "crimenesdatacrim_anio_modalidad_id_distrito_id_cantidad" ON "crimenes_datacrim" ("anio", '
    '"modalidad_id", "distrito_id", "cantidad")',
    'CREATE INDEX "crimenesdatacrim_distrito_id_anio_cantidad" ON "crimenes_datacrim" ("distrito_id", '
    '"anio", "cantidad")',
    'CREATE INDEX "crimenesdatacrim_modalidad_id_anio_cantidad" ON "crimenes_datacrim" ("modalidad_id", '
    '"anio", "cantidad")',
    'CREATE TABLE "rejected_row" ("id" INTEGER NOT NULL PRIMARY KEY, "import_log_id" INTEGER NOT NULL, '
    '"row_number" INTEGER NOT NULL, "reason" VARCHAR(255) NOT NULL, "raw" TEXT NOT NULL, FOREIGN KEY '
    '("import_log_id") REFERENCES "import_log" ("id") ON DELETE CASCADE)',
    'CREATE INDEX "rejectedrow_import_log_id" ON "rejected_row" ("import_log_id")',
    'CREATE TABLE "tipo_robo" ("id" INTEGER NOT NULL PRIMARY KEY, "nombre" VARCHAR(255) NOT NULL, '
    '"descripcion" TEXT NOT NULL)',
    'CREATE UNIQUE INDEX "tiporobo_nombre" ON "tipo_robo" ("nombre")',
    'CREATE TABLE "robos_lima" ("id" INTEGER NOT NULL PRIMARY KEY, "incident_key" VARCHAR(255) NOT NULL, '
    '"link" TEXT NOT NULL, "titulo" TEXT NOT NULL, "fecha" DATE, "medio" VARCHAR(255) NOT NULL, '
    '"tipo_robo_id" INTEGER NOT NULL, "tipo_arma" VARCHAR(255) NOT NULL, "edad_victima" VARCHAR(255) NOT '
    'NULL, "edad_delincuente" VARCHAR(255) NOT NULL, "genero_victima" VARCHAR(255) NOT NULL, '
    '"genero_delincuente" VARCHAR(255) NOT NULL, "distrito_id" VARCHAR(6), "distrito_texto" VARCHAR(255) '
    'NOT NULL, "muertos" INTEGER NOT NULL, "heridos" INTEGER NOT NULL, "ocupacion" VARCHAR(255) NOT NULL, '
    '"import_log_id" INTEGER NOT NULL, FOREIGN KEY ("tipo_robo_id") REFERENCES "tipo_robo" ("id") ON DELETE '
    'RESTRICT, FOREIGN KEY ("distrito_id") REFERENCES "distrito" ("ubigeo") ON DELETE RESTRICT, FOREIGN KEY '
    '("import_log_id") REFERENCES "import_log" ("id") ON DELETE RESTRICT)',
    'CREATE UNIQUE INDEX "roboslima_incident_key" ON "robos_lima" ("incident_key")',
    'CREATE INDEX "roboslima_fecha" ON "robos_lima" ("fecha")',
    'CREATE INDEX "roboslima_tipo_robo_id" ON "robos_lima" ("tipo_robo_id")',
    'CREATE INDEX "roboslima_tipo_arma" ON "robos_lima" ("tipo_arma")',
    'CREATE INDEX "roboslima_distrito_id" ON "robos_lima" ("distrito_id")',
    'CREATE INDEX "roboslima_ocupacion" ON "robos_lima" ("ocupacion")',
    'CREATE INDEX "roboslima_import_log_id" ON "robos_lima" ("import_log_id")',
    'CREATE TABLE "schema_info" ("key" VARCHAR(255) NOT NULL PRIMARY KEY, "value" VARCHAR(255) NOT NULL)',
)

# Version 2: summary tables for the report queries instead of the covering indexes on the big table.
SCHEMA_V2_SUMMARIES = (
    'CREATE TABLE "resumen_distrito" ("fuente" VARCHAR(255) NOT NULL, "anio" INTEGER NOT NULL, '
    '"distrito_id" VARCHAR(6) NOT NULL, "total" INTEGER NOT NULL, "meses" INTEGER NOT NULL, FOREIGN KEY '
    '("distrito_id") REFERENCES "distrito" ("ubigeo") ON DELETE RESTRICT)',
    'CREATE UNIQUE INDEX "resumendistrito_fuente_anio_distrito_id" ON "resumen_distrito" ("fuente", "anio", '
    '"distrito_id")',
    'CREATE TABLE "resumen_modalidad" ("fuente" VARCHAR(255) NOT NULL, "anio" INTEGER NOT NULL, '
    '"departamento" VARCHAR(2) NOT NULL, "modalidad_id" INTEGER NOT NULL, "total" INTEGER NOT NULL, FOREIGN '
    'KEY ("modalidad_id") REFERENCES "modalidad_crimen" ("id") ON DELETE RESTRICT)',
    'CREATE UNIQUE INDEX "resumenmodalidad_fuente_anio_departamento_modalidad_id" ON "resumen_modalidad" '
    '("fuente", "anio", "departamento", "modalidad_id")',
    'CREATE TABLE "resumen_par" ("fuente" VARCHAR(255) NOT NULL, "anio" INTEGER NOT NULL, "distrito_id" '
    'VARCHAR(6) NOT NULL, "modalidad_id" INTEGER NOT NULL, "total" INTEGER NOT NULL, FOREIGN KEY '
    '("distrito_id") REFERENCES "distrito" ("ubigeo") ON DELETE RESTRICT, FOREIGN KEY ("modalidad_id") '
    'REFERENCES "modalidad_crimen" ("id") ON DELETE RESTRICT)',
    'CREATE INDEX "resumenpar_fuente_anio_total_distrito_id_modalidad_id" ON "resumen_par" ("fuente", '
    '"anio", "total", "distrito_id", "modalidad_id")',
)
V1_INDEXES_DROPPED_IN_V2 = (
    "crimenesdatacrim_distrito_id",
    "crimenesdatacrim_modalidad_id",
    "crimenesdatacrim_import_log_id",
    "crimenesdatacrim_anio_distrito_id_cantidad",
    "crimenesdatacrim_anio_modalidad_id_distrito_id_cantidad",
    "crimenesdatacrim_distrito_id_anio_cantidad",
    "crimenesdatacrim_modalidad_id_anio_cantidad",
)


def migration_1(database: SqliteDatabase) -> None:
    for statement in SCHEMA_V1:
        database.execute_sql(statement)


def migration_2(database: SqliteDatabase) -> None:
    for statement in SCHEMA_V2_SUMMARIES:
        database.execute_sql(statement)
    for name in V1_INDEXES_DROPPED_IN_V2:
        database.execute_sql(f'DROP INDEX IF EXISTS "{name}"')
    for (source,) in database.execute_sql("SELECT DISTINCT fuente FROM crimenes_datacrim").fetchall():
        rebuild_summaries(source)


def migration_3(database: SqliteDatabase) -> None:
    """Queries 4 and 7 sum one year's pairs from the counts directly; the pair table, a copy of every
    yearly row, cost most of an import's summary time."""
    database.execute_sql('DROP TABLE IF EXISTS "resumen_par"')


# (version, function) pairs in order; never edit a released one.
MIGRATIONS: list[tuple[int, Callable[[SqliteDatabase], None]]] = [
    (1, migration_1),
    (2, migration_2),
    (3, migration_3),
]
