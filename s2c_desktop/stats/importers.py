"""Importing source files into the crime database: one transaction per file, idempotent, accounted.

Every source row ends up loaded, recognised as a duplicate of a row already in the database, or in
``rejected_row`` with its reason; the :class:`ImportReport` says how many of each and which cleaning
rules repaired how many values. A failure or a cancel rolls the whole file back.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from s2c_desktop.errors import CancelledError, DataError, InputError
from s2c_desktop.stats import cleaning, counts, geography, loaders, models, sources
from s2c_desktop.stats.cleaning import RepairCounter
from s2c_desktop.stats.db import current_database

log = logging.getLogger(__name__)

ProgressCallback = Callable[[int, int, str], None]

KIND_GEOGRAPHY = "geography"
KIND_WORKBOOK = "data_criminal_xlsx"
KIND_ROBBERY_CSV = "data_criminal_csv"
KIND_ROBBERY_TYPES = "robbery_types"
KIND_SIDPOL = "sidpol"
KIND_DATACRIM = "datacrim"
KINDS = (KIND_GEOGRAPHY, KIND_WORKBOOK, KIND_ROBBERY_CSV, KIND_ROBBERY_TYPES, KIND_SIDPOL, KIND_DATACRIM)
SOURCE_OF_KIND = {
    KIND_GEOGRAPHY: models.SOURCE_GEOGRAPHY,
    KIND_WORKBOOK: models.SOURCE_DATA_CRIMINAL,
    KIND_ROBBERY_CSV: models.SOURCE_DATA_CRIMINAL,
    KIND_ROBBERY_TYPES: models.SOURCE_ROBBERY_TYPES,
    KIND_SIDPOL: models.SOURCE_SIDPOL,
    KIND_DATACRIM: models.SOURCE_DATACRIM,
}
GEO_FILES = ("ubigeo_departamento.csv", "ubigeo_provincia.csv", "ubigeo_distrito.csv")


@dataclass
class ImportReport:
    source: str
    file_name: str
    read: int = 0
    loaded: int = 0
    duplicates: int = 0
    rejected: int = 0
    repairs: RepairCounter = field(default_factory=RepairCounter)
    already_imported: bool = False
    rejection_examples: list[tuple[int, str]] = field(default_factory=list)

    @property
    def repaired(self) -> int:
        return sum(self.repairs.values())

    def as_dict(self) -> dict[str, object]:
        return {
            "source": self.source,
            "file": self.file_name,
            "read": self.read,
            "loaded": self.loaded,
            "duplicates": self.duplicates,
            "rejected": self.rejected,
            "repairs": dict(sorted(self.repairs.items())),
            "already_imported": self.already_imported,
        }

    def format(self) -> str:
        if self.already_imported:
            return f"{self.file_name} [{self.source}]: already imported (same sha256), nothing added"
        lines = [
            f"{self.file_name} [{self.source}]: read {self.read}, loaded {self.loaded}, "
            f"duplicates {self.duplicates}, rejected {self.rejected}, repairs {self.repaired}"
        ]
        lines += [f"    repaired {count:>6}  {rule}" for rule, count in sorted(self.repairs.items())]
        lines += [f"    rejected row {row}: {reason}" for row, reason in self.rejection_examples[:5]]
        return "\n".join(lines)


class ImportJob:
    """Progress reporting and cancellation shared by the importers (the GUI's worker sets ``cancel``)."""

    def __init__(self, progress: ProgressCallback | None = None, cancel: threading.Event | None = None) -> None:
        self.progress_callback = progress
        self.cancel_event = cancel or threading.Event()

    def check(self) -> None:
        if self.cancel_event.is_set():
            raise CancelledError("import cancelled; the database is unchanged")

    def progress(self, done: int, total: int, message: str) -> None:
        self.check()
        if self.progress_callback is not None:
            self.progress_callback(done, total, message)


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def detect_kind(path: Path) -> str:
    """Which source a file (or a geography folder) is, from its name and first line."""
    if path.is_dir():
        if all((path / name).is_file() for name in GEO_FILES):
            return KIND_GEOGRAPHY
        raise InputError(f"{path} is a folder without the geography files ({', '.join(GEO_FILES)})")
    if path.name in GEO_FILES:
        return KIND_GEOGRAPHY
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return KIND_WORKBOOK
    with open(path, "rb") as handle:
        head = handle.read(4096)
    sources.reject_html(head, path.name)
    first = sources.normalize_name(sources.decode_mixed_lines(head).split("\n", 1)[0])
    if first.startswith("LINK") and "TITUL" in first:
        return KIND_ROBBERY_CSV
    if first.startswith("CRIMEN") and "DESCRIPCION" in first:
        return KIND_ROBBERY_TYPES
    if "UBIGEO HECHO" in first or first.startswith("ANO MES"):
        return KIND_SIDPOL
    line = head.split(b"\n", 1)[0]
    if line.count(b";") == 7 and line[:4].isdigit():
        return KIND_SIDPOL  # the national SIDPOL file: no header, ';'-separated
    if line.count(b",") >= 7 or "GENERIC" in first:
        return KIND_DATACRIM
    raise InputError(f"cannot tell what kind of data {path.name} holds", hint="use --kind")


def _read_file(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from exc


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
    kind = kind or detect_kind(path)
    if kind not in KINDS:
        raise InputError(f"unknown kind {kind!r} (one of {', '.join(KINDS)})")
    if kind == KIND_GEOGRAPHY:
        folder = path if path.is_dir() else path.parent
        payloads = [_read_file(folder / name) for name in GEO_FILES]
        digest = sha256_of(b"".join(sha256_of(p).encode() for p in payloads))
        name = display_name or folder.name
    else:
        payloads = [_read_file(path)]
        digest = sha256_of(payloads[0])
        name = display_name or path.name
    source = SOURCE_OF_KIND[kind]
    report = ImportReport(source, name)
    if models.ImportLog.select().where(models.ImportLog.source == source, models.ImportLog.sha256 == digest).exists():
        report.already_imported = True
        return report
    if kind != KIND_GEOGRAPHY and not models.Distrito.select().exists():
        raise DataError("load the geography (geo/ folder) before other data", hint="s2c stats import geo/")

    job.progress(0, 0, f"reading {name}")
    # Parse before the transaction opens: a malformed file never touches the database.
    parsed = _parse(kind, path, payloads, name)
    job.check()
    # peewee rolls the transaction back when anything (a bad row, a cancel) raises inside it.
    with db.atomic():
        log_row = models.ImportLog.create(source=source, file_name=name, sha256=digest)
        _load(kind, parsed, log_row, report, job)
        log_row.rows_read = report.read
        log_row.rows_loaded = report.loaded
        log_row.rows_duplicate = report.duplicates
        log_row.rows_rejected = report.rejected
        log_row.repairs_json = json.dumps(dict(report.repairs), ensure_ascii=False, sort_keys=True)
        log_row.save()
        job.check()
    log.info("imported %s: %s", name, report.as_dict())
    return report


def _parse(kind: str, path: Path, payloads: list[bytes], name: str) -> object:
    if kind == KIND_GEOGRAPHY:
        try:
            return geography.parse_geography(*payloads)
        except (KeyError, ValueError) as exc:
            raise InputError(f"geography files malformed: missing {exc}") from exc
    if kind == KIND_WORKBOOK:
        return sources.read_data_criminal_workbook(str(path))
    if kind == KIND_ROBBERY_CSV:
        return sources.read_data_criminal_csv(payloads[0], name)
    if kind == KIND_ROBBERY_TYPES:
        return sources.read_robbery_types(payloads[0], name)
    if kind == KIND_SIDPOL:
        return sources.read_sidpol(payloads[0], name)
    return sources.read_datacrim(payloads[0], name)


def _load(kind: str, parsed: object, log_row: models.ImportLog, report: ImportReport, job: ImportJob) -> None:
    if kind == KIND_GEOGRAPHY:
        loaders.load_geography(parsed, log_row, report)  # type: ignore[arg-type]
    elif kind in (KIND_WORKBOOK, KIND_ROBBERY_CSV):
        loaders.load_robberies(parsed, log_row, report, job)  # type: ignore[arg-type]
    elif kind == KIND_ROBBERY_TYPES:
        loaders.load_robbery_types(parsed, report)  # type: ignore[arg-type]
    elif kind == KIND_SIDPOL:
        counts.load_counts(parsed, models.SOURCE_SIDPOL, log_row, report, job)  # type: ignore[arg-type]
    else:
        counts.load_counts(parsed, models.SOURCE_DATACRIM, log_row, report, job)  # type: ignore[arg-type]


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


def import_many(items: list[tuple[Path, str | None]], job: ImportJob | None = None) -> list[ImportReport]:
    """Several files as one import: one transaction around them all (each file is a savepoint), so a bad
    file anywhere, or a cancel, leaves the database exactly as it was before the first file."""
    db = current_database()
    if db is None:
        raise DataError("no crime database is open")
    job = job or ImportJob()
    with db.atomic():
        return [import_file(path, kind, job=job) for path, kind in items]


def import_datasets(datasets: Path, job: ImportJob | None = None) -> list[ImportReport]:
    """Build (or complete) the database from the shared datasets folder, in one transaction."""
    return import_many(list(default_dataset_files(Path(datasets))), job)


def clean_rule_names() -> list[str]:
    return [value for key, value in vars(cleaning).items() if key.startswith("RULE_")]
