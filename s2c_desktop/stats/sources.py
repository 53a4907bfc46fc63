"""Reading the source files into plain records (no database here).

Every reader accepts the quirks its source is known for and raises :class:`InputError` with one line
when a file cannot be what it claims to be (an HTML page, a truncated body, missing columns).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from s2c_desktop.errors import InputError
from s2c_desktop.stats.cleaning import decode_text, normalize_name
from s2c_desktop.stats.count_frames import CountFile, read_frames

SPANISH_MONTHS = {
    "ENERO": 1,
    "FEBRERO": 2,
    "MARZO": 3,
    "ABRIL": 4,
    "MAYO": 5,
    "JUNIO": 6,
    "JULIO": 7,
    "AGOSTO": 8,
    "SETIEMBRE": 9,
    "SEPTIEMBRE": 9,
    "OCTUBRE": 10,
    "NOVIEMBRE": 11,
    "DICIEMBRE": 12,
}

# Data Criminal: normalized header -> canonical field. Sheets spell them differently (TITULO/TITULAR, ...).
ROBBERY_FIELDS = {
    "LINK": "link",
    "ENLACE": "link",
    "TITULO": "titulo",
    "TITULAR": "titulo",
    "FECHA": "fecha",
    "MEDIO": "medio",
    "MODALIDAD DE ROBO": "modalidad",
    "MODALIDAD": "modalidad",
    "TIPO DE ARMA": "arma",
    "EDAD VICTIMA": "edad_victima",
    "EDAD DELINCUENTE": "edad_delincuente",
    "GENERO VICTIMA": "genero_victima",
    "GENERO DELINCUENTE": "genero_delincuente",
    "DISTRITO": "distrito",
    "MUERTOS": "muertos",
    "HERIDOS": "heridos",
    "OCUPACION": "ocupacion",
}
REQUIRED_ROBBERY_FIELDS = ("link", "titulo", "fecha", "modalidad", "distrito")
CHECK_EVERY_ROWS = 5_000  # how often a workbook parse looks at the cancel flag


@dataclass
class RobberyRecord:
    row_number: int
    values: dict[str, Any]
    sheet: str = ""
    sheet_month: tuple[int, int] | None = None  # (year, month) the workbook sheet stands for


@dataclass
class RobberySource:
    records: list[RobberyRecord]
    type_descriptions: dict[str, str] = field(default_factory=dict)


def reject_html(data: bytes, what: str) -> None:
    head = data[:2048].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<body" in head or b"<head" in head:
        raise InputError(f"{what} is an HTML page, not CSV data")


def _map_headers(headers: list[Any], table: dict[str, str]) -> dict[int, str]:
    mapping: dict[int, str] = {}
    for index, header in enumerate(headers):
        key = table.get(normalize_name(header))
        if key and key not in mapping.values():
            mapping[index] = key
    return mapping


def _check_required(mapping: dict[int, str], where: str) -> None:
    missing = [name for name in REQUIRED_ROBBERY_FIELDS if name not in mapping.values()]
    if missing:
        raise InputError(f"{where}: missing column(s) {', '.join(missing)}")


def read_data_criminal_workbook(path: str, check: Callable[[], None] = lambda: None) -> RobberySource:
    """All monthly sheets of ``grupo_data_criminal.xlsx`` and the robbery types of ``CLASIFICACIONES``.

    The work follows the cells really stored, not the size a sheet claims (a 5 KB file can claim
    A1:XFD1048576); ``check`` is called every few thousand rows so that a cancel stops the parse.
    """
    import zipfile

    import openpyxl

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
        raise InputError(f"cannot read the workbook {path}: {exc}") from exc
    records: list[RobberyRecord] = []
    descriptions: dict[str, str] = {}
    month_sheets = 0
    try:
        for sheet in workbook.worksheets:
            check()
            # Forget the claimed dimension: rows are then as long as their stored cells, and the rows
            # openpyxl invents for gaps are empty tuples instead of 16,384 blank cells each.
            sheet.reset_dimensions()
            rows = sheet.iter_rows(values_only=True)
            title = sheet.title.strip()
            month = SPANISH_MONTHS.get(normalize_name(title))
            if month is None:
                if normalize_name(title).startswith("CLASIFICACION"):
                    descriptions = _classifications(rows, check)
                continue
            month_sheets += 1
            header = next(rows, None)
            if header is None:
                continue
            mapping = _map_headers(list(header), ROBBERY_FIELDS)
            _check_required(mapping, f"sheet {title}")
            # The study covers Dec 2016 - Jun 2017: December belongs to the earlier year.
            year = 2016 if month == 12 else 2017
            for number, row in enumerate(rows, start=2):
                if number % CHECK_EVERY_ROWS == 0:
                    check()
                if not row:
                    continue
                values = {name: row[i] if i < len(row) else None for i, name in mapping.items()}
                if all(value is None or str(value).strip() == "" for value in values.values()):
                    continue
                records.append(RobberyRecord(number, values, title, (year, month)))
    finally:
        workbook.close()
    if month_sheets == 0:
        raise InputError(f"{path}: no monthly sheets (ENERO ... DICIEMBRE) in the workbook")
    return RobberySource(records, descriptions)


def _classifications(rows: Iterable[tuple[Any, ...]], check: Callable[[], None]) -> dict[str, str]:
    """``CLASIFICACIONES``: the DELITOS block lists robbery types (name, description)."""
    descriptions: dict[str, str] = {}
    block = ""
    for number, row in enumerate(rows):
        if number % CHECK_EVERY_ROWS == 0:
            check()
        if not row:
            continue
        if row[0] not in (None, ""):
            block = normalize_name(row[0])
        if block == "DELITOS" and len(row) > 2 and row[1]:
            descriptions[str(row[1]).strip()] = str(row[2] or "").strip()
    return descriptions


def _sniff_delimiter(first_line: str) -> str:
    counts = {delimiter: first_line.count(delimiter) for delimiter in (";", ",", "\t", "|")}
    return max(counts, key=lambda d: counts[d])


def _csv_rows(text: str, delimiter: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def read_data_criminal_csv(data: bytes, name: str = "CSV") -> RobberySource:
    reject_html(data, name)
    text = decode_text(data)
    first_line = text.split("\n", 1)[0]
    rows = _csv_rows(text, _sniff_delimiter(first_line))
    if not rows:
        raise InputError(f"{name} is empty")
    mapping = _map_headers(rows[0], ROBBERY_FIELDS)
    _check_required(mapping, name)
    records = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        values = {key: (row[i] if i < len(row) else None) for i, key in mapping.items()}
        if len(row) != len(rows[0]):
            values["__error__"] = f"{len(row)} fields, expected {len(rows[0])}"
        records.append(RobberyRecord(number, values))
    return RobberySource(records)


def read_robbery_types(data: bytes, name: str = "CSV") -> list[tuple[str, str]]:
    reject_html(data, name)
    text = decode_text(data)
    rows = _csv_rows(text, _sniff_delimiter(text.split("\n", 1)[0]))
    if not rows or normalize_name(rows[0][0]) not in ("CRIMEN", "TIPO", "TIPO DE ROBO", "MODALIDAD"):
        raise InputError(f"{name}: expected a 'Crimen;Descripcion' header")
    return [
        (row[0].strip(), (row[1] if len(row) > 1 else "").strip())
        for row in rows[1:]
        if row and row[0].strip()
    ]


# --- counts per district (SIDPOL, DataCrim) -----------------------------------------------------

SIDPOL_COLUMNS = ("anio", "mes", "departamento", "provincia", "distrito", "ubigeo", "modalidad", "cantidad")
DATACRIM_COLUMNS = (
    "anio",
    "cantidad",
    "generico",
    "especifico",
    "modalidad",
    "departamento",
    "provincia",
    "distrito",
)


def _column_meaning(header: str) -> str | None:
    """What a count-table column holds, judged from its header's words (the wording is not fixed)."""
    words = normalize_name(header)
    if not words:
        return None
    if "UBIGEO" in words or words in ("UBIGEO HECHO", "COD UBIGEO"):
        return "ubigeo"
    if "GENERIC" in words:
        return "generico"
    if "ESPECIFIC" in words or "SUBTIPO" in words:
        return "especifico"
    if "MODALIDAD" in words or words in ("DELITO", "TIPO"):
        return "modalidad"
    if "DEPART" in words or words in ("DPTO", "REGION", "DEPARTAMENTO HECHO"):
        return "departamento"
    if "PROVINCIA" in words:
        return "provincia"
    if "DISTRITO" in words:
        return "distrito"
    if words in ("ANO", "A O", "ANIO", "YEAR", "PERIODO", "ANO HECHO") or words.startswith("ANO "):
        return "anio"
    if words in ("MES", "MONTH", "MES HECHO"):
        return "mes"
    if any(w in words for w in ("CANTIDAD", "TOTAL", "DENUNCIAS", "NUMERO", "VALOR", "CASOS", "N DE")):
        return "cantidad"
    return None


def _parse_count_table(
    text: str,
    positional: tuple[str, ...],
    name: str,
    required: tuple[str, ...],
    ends_with_newline: bool,
    raw: tuple[bytes, str] | None = None,
) -> CountFile:
    stripped = text.strip("\r\n\ufeff ")
    if not stripped:
        raise InputError(f"{name} is empty")
    first_line = stripped.split("\n", 1)[0].rstrip("\r")
    delimiter = _sniff_delimiter(first_line)
    first = next(csv.reader([first_line], delimiter=delimiter))
    has_header = not re.fullmatch(r"\s*\d{4}\s*", first[0] if first else "")
    if has_header:
        meanings = [_column_meaning(cell) for cell in first]
        columns = {meaning: index for index, meaning in reversed(list(enumerate(meanings))) if meaning}
        if not all(field_name in columns for field_name in required) and len(first) == len(positional):
            columns = {field_name: index for index, field_name in enumerate(positional)}
    else:
        if len(first) != len(positional):
            raise InputError(f"{name}: no header and {len(first)} columns (expected {len(positional)})")
        columns = {field_name: index for index, field_name in enumerate(positional)}
    missing = [field_name for field_name in required if field_name not in columns]
    if missing:
        raise InputError(f"{name}: cannot find the column(s) for {', '.join(missing)} in its header")
    width = len(first)
    last_line = stripped.rsplit("\n", 1)[-1].rstrip("\r")
    if not ends_with_newline and (has_header is False or last_line != first_line):
        # Without a final newline, a last line that is short, inside an open quote, or ends on a
        # delimiter was cut off in transfer.
        last = next(csv.reader([last_line], delimiter=delimiter), [])
        if len(last) != width or last_line.count('"') % 2 == 1 or last_line.endswith(delimiter):
            raise InputError(f"{name} looks truncated: its last line is incomplete")
    body = text.lstrip("\ufeff")

    def frames(chunk_rows: int) -> Iterator[tuple[Any, Any, int]]:
        return read_frames(body, delimiter, has_header, width, raw, chunk_rows)

    return CountFile(columns, 2 if has_header else 1, width, frames)


def read_sidpol(data: bytes, name: str = "SIDPOL CSV") -> CountFile:
    """SIDPOL police reports; with or without the header row (the national file has none)."""
    reject_html(data, name)
    text = decode_text(data)
    return _parse_count_table(
        text,
        SIDPOL_COLUMNS,
        name,
        ("anio", "mes", "distrito", "modalidad", "cantidad"),
        data.endswith((b"\n", b"\r")),
    )


def read_datacrim(data: bytes, name: str = "DataCrim CSV") -> CountFile:
    """INEI DataCrim: year, count, generic, specific, modality, department, province, district."""
    reject_html(data, name)
    if not data.strip():
        raise InputError(f"{name} is empty")
    try:
        text, raw = data.decode("utf-8-sig"), (data, "utf-8-sig")
    except UnicodeDecodeError:
        # Not UTF-8 throughout: each line in its own encoding (pandas then parses the decoded text).
        text, raw = decode_text(data), None
    return _parse_count_table(
        text,
        DATACRIM_COLUMNS,
        name,
        ("anio", "cantidad", "generico", "distrito"),
        data.endswith((b"\n", b"\r")),
        raw,
    )
