"""Importing source files into the crime database: one transaction per file, idempotent, accounted.

Every source row ends up loaded, recognised as a duplicate of a row already in the database, or in
``rejected_row`` with its reason; the :class:`ImportReport` says how many of each and which cleaning
rules repaired how many values. A failure or a cancel rolls the whole file back.

Each kind of source is one row of :data:`SOURCE_KINDS`: how to recognise it, parse it (before any
transaction opens) and load it (inside the transaction). Adding a source is adding a row.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from peewee import OperationalError, SqliteDatabase

from s2c_desktop.errors import DataError, InputError
from s2c_desktop.printable import printable
from s2c_desktop.stats import cleaning, counts, geography, loaders, models, sources
from s2c_desktop.stats.db import PRAGMAS, current_database
from s2c_desktop.stats.jobs import ImportJob, ImportReport, ProgressCallback

__all__ = ["ImportJob", "ImportReport", "ProgressCallback"]  # re-exported: the vocabulary lives in jobs

log = logging.getLogger(__name__)

KIND_GEOGRAPHY = "geography"
KIND_WORKBOOK = "data_criminal_xlsx"
KIND_ROBBERY_CSV = "data_criminal_csv"
KIND_ROBBERY_TYPES = "robbery_types"
KIND_SIDPOL = "sidpol"
KIND_DATACRIM = "datacrim"
GEO_FILES = ("ubigeo_departamento.csv", "ubigeo_provincia.csv", "ubigeo_distrito.csv")
IMPORT_WAIT_S = 30.0  # how long an import waits for another one on the same database to finish


class Probe:
    """What detection looks at: the path, and (read once, when asked) the file's first 4 KB."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @cached_property
    def head(self) -> bytes:
        with open(self.path, "rb") as handle:
            head = handle.read(4096)
        sources.reject_html(head, self.path.name)
        return head

    @cached_property
    def first_line(self) -> str:
        """The first line, normalised (no accents, upper case)."""
        return cleaning.normalize_name(cleaning.decode_text(self.head).split("\n", 1)[0])

    @cached_property
    def raw_first_line(self) -> bytes:
        return self.head.split(b"\n", 1)[0]


Loader = Callable[[Any, models.ImportLog, ImportReport, ImportJob], None]


@dataclass(frozen=True)
class SourceKind:
    """One kind of source file: recognise it, parse it into records, load the records."""

    name: str
    source: str  # the import_log / crimenes_datacrim ``fuente``
    detect: Callable[[Probe], bool]
    parse: Callable[
        [Path, list[bytes], str, ImportJob], Any
    ]  # (path, contents, display name, job) -> records
    load: Loader
    needs_geography: bool = True


def _geography_detect(probe: Probe) -> bool:
    return probe.path.name in GEO_FILES or (
        probe.path.is_dir() and all((probe.path / n).is_file() for n in GEO_FILES)
    )


def _parse_geography(_path: Path, payloads: list[bytes], _name: str, _job: ImportJob) -> geography.GeoRows:
    try:
        return geography.parse_geography(*payloads)
    except (KeyError, ValueError) as exc:
        raise InputError(f"geography files malformed: missing {exc}") from exc


def _load_counts_of(source: str) -> Loader:
    def load(parsed: Any, log_row: models.ImportLog, report: ImportReport, job: ImportJob) -> None:
        counts.load_counts(parsed, source, log_row, report, job)

    return load


def _is_sidpol(probe: Probe) -> bool:
    first, line = probe.first_line, probe.raw_first_line
    # The national SIDPOL file has no header: ';'-separated, starting with the year.
    return (
        "UBIGEO HECHO" in first
        or first.startswith("ANO MES")
        or (line.count(b";") == 7 and line[:4].isdigit())
    )


# Detection tries these in order: the first whose ``detect`` accepts the file wins.
SOURCE_KINDS: tuple[SourceKind, ...] = (
    SourceKind(
        KIND_GEOGRAPHY,
        models.SOURCE_GEOGRAPHY,
        _geography_detect,
        _parse_geography,
        lambda parsed, log_row, report, _job: loaders.load_geography(parsed, log_row, report),
        needs_geography=False,
    ),
    SourceKind(
        KIND_WORKBOOK,
        models.SOURCE_DATA_CRIMINAL,
        lambda probe: probe.path.suffix.lower() in (".xlsx", ".xlsm"),
        lambda path, _payloads, _name, job: sources.read_data_criminal_workbook(str(path), job.check),
        loaders.load_robberies,
    ),
    SourceKind(
        KIND_ROBBERY_CSV,
        models.SOURCE_DATA_CRIMINAL,
        lambda probe: probe.first_line.startswith("LINK") and "TITUL" in probe.first_line,
        lambda _path, payloads, name, _job: sources.read_data_criminal_csv(payloads[0], name),
        loaders.load_robberies,
    ),
    SourceKind(
        KIND_ROBBERY_TYPES,
        models.SOURCE_ROBBERY_TYPES,
        lambda probe: probe.first_line.startswith("CRIMEN") and "DESCRIPCION" in probe.first_line,
        lambda _path, payloads, name, _job: sources.read_robbery_types(payloads[0], name),
        lambda parsed, _log_row, report, _job: loaders.load_robbery_types(parsed, report),
    ),
    SourceKind(
        KIND_SIDPOL,
        models.SOURCE_SIDPOL,
        _is_sidpol,
        lambda _path, payloads, name, _job: sources.read_sidpol(payloads[0], name),
        _load_counts_of(models.SOURCE_SIDPOL),
    ),
    SourceKind(
        KIND_DATACRIM,
        models.SOURCE_DATACRIM,
        lambda probe: probe.raw_first_line.count(b",") >= 7 or "GENERIC" in probe.first_line,
        lambda _path, payloads, name, _job: sources.read_datacrim(payloads[0], name),
        _load_counts_of(models.SOURCE_DATACRIM),
    ),
)
KIND_BY_NAME = {kind.name: kind for kind in SOURCE_KINDS}
KINDS = tuple(KIND_BY_NAME)
SOURCE_OF_KIND = {kind.name: kind.source for kind in SOURCE_KINDS}


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def detect_kind(path: Path) -> str:
    """Which source a file (or a geography folder) is, from its name and first line."""
    probe = Probe(path)
    if path.is_dir() and not _geography_detect(probe):
        raise InputError(f"{path} is a folder without the geography files ({', '.join(GEO_FILES)})")
    for kind in SOURCE_KINDS:
        if kind.detect(probe):
            return kind.name
    raise InputError(f"cannot tell what kind of data {path.name} holds", hint="use --kind")


def _read_file(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from exc


@contextmanager
def write_transaction(db: SqliteDatabase) -> Iterator[None]:
    """A transaction that takes SQLite's write lock at once (BEGIN IMMEDIATE), or a savepoint inside one.

    Taking the lock first means a second import waits (up to :data:`IMPORT_WAIT_S`) for the first to end,
    instead of failing half-way with "database is locked" when it first writes.
    """
    if db.in_transaction():
        with db.atomic():
            yield
        return
    db.execute_sql(f"PRAGMA busy_timeout = {int(IMPORT_WAIT_S * 1000)}")
    entered = False
    try:
        with db.atomic("IMMEDIATE"):
            entered = True
            yield
    except OperationalError as exc:
        if entered or "locked" not in str(exc):
            raise
        message = f"another import is running on this database (waited {IMPORT_WAIT_S:g} s)"
        raise DataError(message, hint="try again when it has finished") from exc
    finally:
        db.execute_sql(f"PRAGMA busy_timeout = {PRAGMAS['busy_timeout']}")


def _payloads(kind: SourceKind, path: Path, display_name: str | None) -> tuple[list[bytes], str, str]:
    """(file contents, sha256 over them, display name)."""
    if kind.name == KIND_GEOGRAPHY:
        folder = path if path.is_dir() else path.parent
        payloads = [_read_file(folder / name) for name in GEO_FILES]
        return (
            payloads,
            sha256_of(b"".join(sha256_of(p).encode() for p in payloads)),
            display_name or folder.name,
        )
    payload = _read_file(path)
    return [payload], sha256_of(payload), display_name or path.name


def import_file(
    path: str | Path,
    kind: str | None = None,
    *,
    job: ImportJob | None = None,
    display_name: str | None = None,
) -> ImportReport:
    """Import one file (or the geography folder) in one transaction; see the module docstring."""
    db = current_database()
    if db is None:
        raise DataError("no crime database is open")
    path = Path(path)
    if not path.exists():
        raise InputError(f"file not found: {path}")
    job = job or ImportJob()
    name_of_kind = kind or detect_kind(path)
    source_kind = KIND_BY_NAME.get(name_of_kind)
    if source_kind is None:
        raise InputError(f"unknown kind {name_of_kind!r} (one of {', '.join(KINDS)})")
    payloads, digest, name = _payloads(source_kind, path, display_name)
    report = ImportReport(source_kind.source, name)
    log_table = models.ImportLog
    if log_table.select().where(log_table.source == source_kind.source, log_table.sha256 == digest).exists():
        report.already_imported = True
        return report
    if source_kind.needs_geography and not models.Distrito.select().exists():
        import_file(shipped_geography(), KIND_GEOGRAPHY, job=job)

    job.progress(0, 0, f"reading {name}")
    # Parse before the transaction opens: a malformed file never touches the database.
    parsed = source_kind.parse(path, payloads, name, job)
    job.check()
    # peewee rolls the transaction back when anything (a bad row, a cancel) raises inside it.
    with write_transaction(db):
        log_row = log_table.create(source=source_kind.source, file_name=name, sha256=digest)
        source_kind.load(parsed, log_row, report, job)
        job.check_rejected_share(report)  # raising here rolls the whole file back
        log_row.rows_read = report.read
        log_row.rows_loaded = report.loaded
        log_row.rows_duplicate = report.duplicates
        log_row.rows_rejected = report.rejected
        log_row.repairs_json = json.dumps(dict(report.repairs), ensure_ascii=False, sort_keys=True)
        log_row.save()
        job.check()
    log.info("imported %s: %s", printable(name), report.as_dict())
    return report


def default_dataset_files(datasets: Path) -> list[tuple[Path, str]]:
    """What a new database is built from, in dependency order."""
    candidates = [
        (datasets / "geo", KIND_GEOGRAPHY),
        (datasets / "crime" / "descripcion_crimen.csv", KIND_ROBBERY_TYPES),
        (datasets / "crime" / "grupo_data_criminal.xlsx", KIND_WORKBOOK),
        (datasets / "sidpol" / "denuncias_cajamarca.csv", KIND_SIDPOL),
    ]
    found = [(path, kind) for path, kind in candidates if path.exists()]
    if not found or found[0][1] != KIND_GEOGRAPHY:
        raise DataError(f"no geography in the datasets folder {datasets}", hint="expected geo/ubigeo_*.csv")
    if not any(kind == KIND_WORKBOOK for _, kind in found):
        csv_path = datasets / "crime" / "crimenes.csv"
        if csv_path.exists():
            found.insert(2, (csv_path, KIND_ROBBERY_CSV))
    return found


def shipped_geography() -> Path:
    """The UBIGEO folder the app ships (reference data every other source is matched against)."""
    from s2c_desktop import paths

    try:
        folder = paths.datasets_dir() / "geo"
    except DataError as exc:
        raise DataError(
            "the database has no geography and the shipped geo/ folder was not found",
            hint="import a geo/ folder first (s2c stats import geo/)",
        ) from exc
    if not all((folder / name).is_file() for name in GEO_FILES):
        raise DataError(
            f"the database has no geography and {folder} lacks the UBIGEO files",
            hint="import a geo/ folder first (s2c stats import geo/)",
        )
    return folder


def import_many(items: list[tuple[Path, str | None]], job: ImportJob | None = None) -> list[ImportReport]:
    """Several files as one import: one transaction around them all (each file is a savepoint), so a bad
    file anywhere, or a cancel, leaves the database exactly as it was before the first file. A database
    without geography gets the shipped one first (reported like the files)."""
    db = current_database()
    if db is None:
        raise DataError("no crime database is open")
    job = job or ImportJob()
    with write_transaction(db):
        reports = []
        brings_geography = any(
            (kind or (detect_kind(Path(path)) if Path(path).exists() else None)) == KIND_GEOGRAPHY
            for path, kind in items
        )
        if not brings_geography and not models.Distrito.select().exists():
            reports.append(import_file(shipped_geography(), KIND_GEOGRAPHY, job=job))
        return reports + [import_file(path, kind, job=job) for path, kind in items]


def import_datasets(datasets: Path, job: ImportJob | None = None) -> list[ImportReport]:
    """Build (or complete) the database from the shared datasets folder, in one transaction."""
    return import_many(list(default_dataset_files(Path(datasets))), job)
