"""The study's 9 tables as peewee models, plus the product's own: import log, rejected rows, schema info.

Models are bound to :data:`database_proxy`; :func:`s2c_desktop.stats.db.open_database` points it at a real
SQLite file at start-up. Table names keep the study's names so its SQL reads the same.
"""

from __future__ import annotations

import datetime as dt

from peewee import (
    AutoField,
    CharField,
    DatabaseProxy,
    DateField,
    DateTimeField,
    FloatField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)

database_proxy = DatabaseProxy()

SOURCE_DATACRIM = "DATACRIM"
SOURCE_SIDPOL = "SIDPOL"
SOURCE_DATA_CRIMINAL = "DATA_CRIMINAL"
SOURCE_ROBBERY_TYPES = "ROBBERY_TYPES"
SOURCE_GEOGRAPHY = "GEOGRAPHY"

# "Whole year" rows (DataCrim) use month 0 rather than NULL: SQLite treats NULLs as distinct in unique
# indexes, which would break the upsert that keeps re-imports idempotent.
WHOLE_YEAR = 0


class BaseModel(Model):
    class Meta:
        database = database_proxy


class SchemaInfo(BaseModel):
    key = CharField(primary_key=True)
    value = CharField()

    class Meta:
        table_name = "schema_info"


class ImportLog(BaseModel):
    id = AutoField()
    source = CharField(index=True)
    file_name = CharField()
    sha256 = CharField(index=True)
    imported_at = DateTimeField(default=lambda: dt.datetime.now(dt.UTC).replace(tzinfo=None))
    rows_read = IntegerField(default=0)
    rows_loaded = IntegerField(default=0)
    rows_duplicate = IntegerField(default=0)
    rows_rejected = IntegerField(default=0)
    repairs_json = TextField(default="{}")

    class Meta:
        table_name = "import_log"
        indexes = ((("source", "sha256"), True),)


class RejectedRow(BaseModel):
    id = AutoField()
    import_log = ForeignKeyField(ImportLog, backref="rejected", on_delete="CASCADE")
    row_number = IntegerField()
    reason = CharField()
    raw = TextField()

    class Meta:
        table_name = "rejected_row"


class Departamento(BaseModel):
    ubigeo = CharField(primary_key=True, max_length=6)
    nombre = CharField()
    nombre_norm = CharField(index=True)

    class Meta:
        table_name = "departamento"


class Provincia(BaseModel):
    ubigeo = CharField(primary_key=True, max_length=6)
    nombre = CharField()
    nombre_norm = CharField(index=True)
    departamento = ForeignKeyField(Departamento, backref="provincias", on_delete="RESTRICT")

    class Meta:
        table_name = "provincia"


class Distrito(BaseModel):
    ubigeo = CharField(primary_key=True, max_length=6)
    nombre = CharField()
    nombre_norm = CharField(index=True)
    provincia = ForeignKeyField(Provincia, backref="distritos", on_delete="RESTRICT")
    latitude = FloatField(null=True)
    longitude = FloatField(null=True)

    class Meta:
        table_name = "distrito"


class CrimenGenerico(BaseModel):
    id = AutoField()
    nombre = CharField(unique=True)

    class Meta:
        table_name = "crimen_generico"


class CrimenEspecifico(BaseModel):
    id = AutoField()
    nombre = CharField()
    generico = ForeignKeyField(CrimenGenerico, backref="especificos", on_delete="RESTRICT")

    class Meta:
        table_name = "crimen_especifico"
        indexes = ((("generico", "nombre"), True),)


class ModalidadCrimen(BaseModel):
    id = AutoField()
    nombre = CharField()
    especifico = ForeignKeyField(CrimenEspecifico, backref="modalidades", on_delete="RESTRICT")

    class Meta:
        table_name = "modalidad_crimen"
        indexes = ((("especifico", "nombre"), True),)


class CrimenesDataCrim(BaseModel):
    """Reports per district, modality, year (and month for SIDPOL) and source."""

    id = AutoField()
    fuente = CharField()
    anio = IntegerField()
    mes = IntegerField(default=WHOLE_YEAR)
    # No per-column FK indexes: parents are never deleted, and each index would slow the big imports.
    distrito = ForeignKeyField(Distrito, backref="reportes", on_delete="RESTRICT", index=False)
    modalidad = ForeignKeyField(ModalidadCrimen, backref="reportes", on_delete="RESTRICT", index=False)
    cantidad = IntegerField()
    import_log = ForeignKeyField(ImportLog, backref="reportes", on_delete="RESTRICT", index=False)

    class Meta:
        table_name = "crimenes_datacrim"
        # The only index: the upsert key. Queries read the summary tables below, rebuilt by each import,
        # so a 550k-row import does not pay for index maintenance row by row.
        indexes = ((("fuente", "anio", "mes", "distrito", "modalidad"), True),)


class ResumenDistrito(BaseModel):
    """Reports per source, year and district: queries 5 and 8, charts 4, 5 and 8."""

    fuente = CharField()
    anio = IntegerField()
    distrito = ForeignKeyField(Distrito, on_delete="RESTRICT", index=False)
    total = IntegerField()
    meses = IntegerField()  # months present (0 = a yearly source)

    class Meta:
        table_name = "resumen_distrito"
        primary_key = False
        indexes = ((("fuente", "anio", "distrito"), True),)


class ResumenModalidad(BaseModel):
    """Reports per source, year, department (2-digit ubigeo) and modality: query 10, charts 9 and 10."""

    fuente = CharField()
    anio = IntegerField()
    departamento = CharField(max_length=2)
    modalidad = ForeignKeyField(ModalidadCrimen, on_delete="RESTRICT", index=False)
    total = IntegerField()

    class Meta:
        table_name = "resumen_modalidad"
        primary_key = False
        indexes = ((("fuente", "anio", "departamento", "modalidad"), True),)


class TipoRobo(BaseModel):
    id = AutoField()
    nombre = CharField(unique=True)
    descripcion = TextField(default="")

    class Meta:
        table_name = "tipo_robo"


class RobosLima(BaseModel):
    """One press-reported robbery (Data Criminal)."""

    id = AutoField()
    incident_key = CharField(unique=True)
    link = TextField()
    titulo = TextField()
    fecha = DateField(null=True, index=True)
    medio = CharField()
    tipo_robo = ForeignKeyField(TipoRobo, backref="robos", on_delete="RESTRICT", index=True)
    tipo_arma = CharField(index=True)
    edad_victima = CharField()
    edad_delincuente = CharField()
    genero_victima = CharField()
    genero_delincuente = CharField()
    distrito = ForeignKeyField(Distrito, backref="robos", null=True, on_delete="RESTRICT", index=True)
    distrito_texto = CharField()
    muertos = IntegerField(default=0)
    heridos = IntegerField(default=0)
    ocupacion = CharField(index=True)
    import_log = ForeignKeyField(ImportLog, backref="robos", on_delete="RESTRICT")

    class Meta:
        table_name = "robos_lima"


ALL_MODELS: tuple[type[BaseModel], ...] = (
    SchemaInfo,
    ImportLog,
    RejectedRow,
    Departamento,
    Provincia,
    Distrito,
    CrimenGenerico,
    CrimenEspecifico,
    ModalidadCrimen,
    CrimenesDataCrim,
    ResumenDistrito,
    ResumenModalidad,
    TipoRobo,
    RobosLima,
)
