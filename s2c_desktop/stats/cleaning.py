"""The study's cleaning rules, each counting the repairs it makes.

Rules never drop a row: a value that cannot be repaired becomes "No especifica" (or the rule's stated
default) and the repair is counted, so the import report can say exactly what was changed.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections import Counter
from typing import Any

from s2c_desktop.stats.translation import QT_TRANSLATE_NOOP

NOT_SPECIFIED = "No especifica"
MAX_COUNT = 10**9  # no count in these sources comes near it; beyond it a value is a typo or an attack
OTHER_WEAPON = "Otros"
# An empty cell says nothing about the weapon: it is unknown, not one of the "Otros" (other weapons).
UNKNOWN = "Sin dato"

# Rule names, as printed in the import report (the app's Imports page shows them translated).
RULE_STRAY_CHARACTERS = QT_TRANSLATE_NOOP("rules", "stray characters removed")
RULE_WHITESPACE = QT_TRANSLATE_NOOP("rules", "spaces stripped")
RULE_DATE_TEXT = QT_TRANSLATE_NOOP("rules", "text date converted to ISO")
RULE_DATE_SWAPPED = QT_TRANSLATE_NOOP("rules", "date day/month swapped (month > 12)")
RULE_DATE_YEAR = QT_TRANSLATE_NOOP("rules", "date year typo fixed (0217/2107 -> 2017)")
RULE_DATE_BARE_DAY = QT_TRANSLATE_NOOP("rules", "bare day number dated from its neighbours")
RULE_DATE_MISSING = QT_TRANSLATE_NOOP("rules", "missing date kept as unknown")
RULE_AGE_EMPTY = QT_TRANSLATE_NOOP("rules", "empty age -> No especifica")
RULE_AGE_GROUP = QT_TRANSLATE_NOOP("rules", "age group typo fixed (34-55 -> 35-55, 57-100 -> 56-100)")
RULE_GENDER_EMPTY = QT_TRANSLATE_NOOP("rules", "empty gender -> No especifica")
RULE_OCCUPATION_EMPTY = QT_TRANSLATE_NOOP("rules", "empty occupation -> No especifica")
RULE_WEAPON_EMPTY = QT_TRANSLATE_NOOP("rules", "empty weapon -> Sin dato")
RULE_DEAD_EMPTY = QT_TRANSLATE_NOOP("rules", "empty dead -> 0")
RULE_WOUNDED_EMPTY = QT_TRANSLATE_NOOP("rules", "empty wounded -> 0")
RULE_CATEGORY_SPELLING = QT_TRANSLATE_NOOP("rules", "category spelling unified")
RULE_DISTRICT_ALIAS = QT_TRANSLATE_NOOP("rules", "district matched by alias (e.g. Cercado de Lima -> LIMA)")
RULE_DISTRICT_FOLDED = QT_TRANSLATE_NOOP("rules", "district matched ignoring accents/case")
RULE_DISTRICT_EMPTY = QT_TRANSLATE_NOOP("rules", "empty district kept as unknown")
RULE_FOOTNOTE = QT_TRANSLATE_NOOP("rules", "footnote marker removed")
RULE_UBIGEO_IN_NAME = QT_TRANSLATE_NOOP("rules", "district matched by ubigeo in its name")
RULE_UBIGEO_ZERO = QT_TRANSLATE_NOOP("rules", "ubigeo leading zero restored")
RULE_MOJIBAKE = QT_TRANSLATE_NOOP("rules", "garbled accents repaired (UTF-8 read as Latin-1)")

_FOOTNOTE = re.compile(r"\s*\(?\d{1,2}/\)?\s*$|\s*\*+\s*$")
_INVISIBLE = re.compile(r"[\u200b-\u200f\u2060\ufeff\u00a0\u0085]")
_LEADING_JUNK = re.compile(r"^[^\w¿¡'\"‘“(\[]+", re.UNICODE)
_SPACES = re.compile(r"\s+")


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM); else each line on its own, UTF-8 where it is, Windows-1252 (a superset
    of Latin-1 for printable text) where not. Files pasted together from both (SIDPOL's Latin-1 header
    over UTF-8 values, a UTF-8 export with Latin-1 lines) then read as their authors wrote them."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    lines = []
    for line in data.splitlines(keepends=True):
        try:
            lines.append(line.decode("utf-8-sig"))
        except UnicodeDecodeError:
            lines.append(line.decode("cp1252", errors="replace"))
    return "".join(lines)


# A UTF-8 lead byte read as Windows-1252 (Ã, Â, â, ...) followed by a continuation byte read the same way.
_MOJIBAKE = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192"
    "\u02c6\u02dc\u2013-\u203a\u20ac\u2122]"
)


def _windows_1252_bytes(text: str) -> bytes:
    """Encode as Windows-1252, its five undefined bytes kept as the C1 characters browsers decode them to."""
    out = bytearray()
    for char in text:
        try:
            out += char.encode("cp1252")
        except UnicodeEncodeError:
            if not 0x80 <= ord(char) <= 0x9F:
                raise
            out.append(ord(char))
    return bytes(out)


def repair_mojibake(text: str) -> str:
    """UTF-8 that was once decoded as Windows-1252 ("HernÃ¡n") back to what it was ("Hernán")."""
    if not _MOJIBAKE.search(text):
        return text
    try:
        return _windows_1252_bytes(text).decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text


class RepairCounter(Counter):
    """Counts repairs per rule name."""

    def add(self, rule: str, n: int = 1) -> None:
        self[rule] += n


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def strip_footnote(text: str) -> str:
    """``PROVINCIA DE LIMA 1/`` -> ``PROVINCIA DE LIMA``."""
    return _FOOTNOTE.sub("", text)


def normalize_name(text: Any) -> str:
    """The key names are matched by: footnotes removed, no accents, upper case, single spaces."""
    if text is None:
        return ""
    folded = strip_accents(strip_footnote(str(text)))
    folded = re.sub(r"[^0-9A-Za-z]+", " ", folded)
    return folded.strip().upper()


def is_empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and value != value:  # NaN
        return True
    return isinstance(value, str) and not value.strip()


def clean_text(value: Any, repairs: RepairCounter) -> str:
    """Keep only the text: drop invisible/stray leading characters and surrounding spaces."""
    if value is None:
        return ""
    text = str(value)
    repaired = repair_mojibake(text)
    if repaired != text:
        repairs.add(RULE_MOJIBAKE)
        text = repaired
    cleaned = _INVISIBLE.sub("", text)
    cleaned = _LEADING_JUNK.sub("", cleaned.strip())
    if cleaned != text.strip():
        repairs.add(RULE_STRAY_CHARACTERS)
    elif cleaned != text:
        repairs.add(RULE_WHITESPACE)
    return _SPACES.sub(" ", cleaned)


def clean_or_default(value: Any, default: str, rule: str, repairs: RepairCounter) -> str:
    if is_empty(value):
        repairs.add(rule)
        return default
    return clean_text(value, repairs) or default


def clean_count(value: Any, rule: str, repairs: RepairCounter) -> int:
    """Dead/wounded: empty -> 0 (counted); a non-number raises ValueError (the row is rejected)."""
    if is_empty(value):
        repairs.add(rule)
        return 0
    try:
        number = float(str(value).strip().replace(",", "."))
    except ValueError:
        raise ValueError(f"not a count: {value!r}") from None
    # inf, 1e400 and NaN are floats too: refuse them here, before int() overflows on them.
    if not math.isfinite(number) or number < 0 or number > MAX_COUNT or number != int(number):
        raise ValueError(f"not a count: {value!r}")
    return int(number)


# Canonical spellings of the categories that vary in case or accents between sheets.
_CANONICAL_CATEGORIES = {
    "SIN ARMA": "Sin arma",
    "ARMA BLANCA": "Arma blanca",
    "PISTOLA": "Pistola",
    "OTROS": "Otros",
    "NO ESPECIFICA": NOT_SPECIFIED,
    "VARIOS NO ESPECIFICA": "Varios (no especifica)",
    "VARIOS NO ESPECIFICAR": "Varios (no especifica)",
    "VARIOS NO ESPECIFRICAR": "Varios (no especifica)",
    "NO ESPECIFICAR": NOT_SPECIFIED,
}


# The study's age groups (years) for victims and offenders.
AGE_GROUPS = ("0-14", "15-21", "22-34", "35-55", "56-100")
_AGE_RANGE = re.compile(r"(\d+)\s*-\s*(\d+)")


def study_age_group(low: int, high: int) -> str | None:
    """The study's group a typed range means: itself, else the one group with its upper bound, else its
    lower bound (the workbook's slips: 34-55 for 35-55, 55-100 and 57-100 for 56-100); None if neither."""
    bounds = [tuple(int(b) for b in group.split("-")) for group in AGE_GROUPS]
    for same in (lambda b: b == (low, high), lambda b: b[1] == high, lambda b: b[0] == low):
        found = [group for group, b in zip(AGE_GROUPS, bounds, strict=True) if same(b)]
        if found:
            return found[0]
    return None


def unify_age_groups(text: str, repairs: RepairCounter) -> str:
    """Each age range in ``text`` ("22-34 / 34-55 (2)") spelled as the study's group it means."""

    def fix(match: re.Match[str]) -> str:
        group = study_age_group(int(match.group(1)), int(match.group(2)))
        if group is None or group == match.group(0):
            return match.group(0)
        repairs.add(RULE_AGE_GROUP)
        return group

    return _AGE_RANGE.sub(fix, text)


def crime_label(name: str) -> str:
    """A crime name as Spanish writes it: "CONTRA EL PATRIMONIO" -> "Contra el patrimonio" (not "Contra El
    ...").

    The one spelling of crime names wherever they are shown (queries, charts, maps, filters)."""
    return name[:1].upper() + name[1:].lower() if name.isupper() else name


def is_catch_all(name: str) -> bool:
    """A crime category that groups whatever the source did not name ("OTROS", "Otros delitos")."""
    return normalize_name(name).split(" ")[0] in ("OTRO", "OTROS", "OTRA", "OTRAS")


def unify_category(text: str, repairs: RepairCounter) -> str:
    canonical = _CANONICAL_CATEGORIES.get(normalize_name(text))
    if canonical is not None and canonical != text:
        repairs.add(RULE_CATEGORY_SPELLING)
        return canonical
    return text


_DATE_TEXT = re.compile(r"^\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{2,4})\s*$")
_BARE_DAY = re.compile(r"^\s*(\d{1,2})(?:\.0+)?\s*$")


def _fix_year(year: int, repairs: RepairCounter, min_year: int, max_year: int) -> int:
    if year < 100:
        return 2000 + year
    if min_year <= year <= max_year:
        return year
    # Typing slips seen in the data: 0217 and 2107 for 2017 (digits dropped or swapped).
    digits = f"{year:04d}"
    for candidate in (int("20" + digits[-2:]), int(digits[0] + digits[2] + digits[1] + digits[3])):
        if min_year <= candidate <= max_year:
            repairs.add(RULE_DATE_YEAR)
            return candidate
    raise ValueError(f"year out of range: {year}")


class DateCleaner:
    """Turns the workbook's date cells into ``datetime.date`` (or None), counting each repair.

    Bare day numbers are resolved in :meth:`resolve_bare_days` once the neighbouring rows are known.
    """

    def __init__(self, repairs: RepairCounter, min_year: int = 2010, max_year: int = 2030) -> None:
        self.repairs = repairs
        self.min_year = min_year
        self.max_year = max_year

    def parse(self, value: Any) -> dt.date | int | None:
        """A date, a bare day number (int, to resolve later) or None when missing."""
        if is_empty(value):
            return None
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date):
            if not self.min_year <= value.year <= self.max_year:
                return value.replace(year=_fix_year(value.year, self.repairs, self.min_year, self.max_year))
            return value
        if isinstance(value, int | float) and not isinstance(value, bool):
            if float(value).is_integer() and 1 <= int(value) <= 31:
                return int(value)
            raise ValueError(f"not a date: {value!r}")
        text = str(value).strip()
        bare = _BARE_DAY.match(text)
        if bare and 1 <= int(bare.group(1)) <= 31:
            return int(bare.group(1))
        match = _DATE_TEXT.match(text)
        if not match:
            try:
                return dt.date.fromisoformat(text[:10])
            except ValueError:
                raise ValueError(f"not a date: {value!r}") from None
        day, month, year = (int(g) for g in match.groups())
        year = _fix_year(year, self.repairs, self.min_year, self.max_year)
        if month > 12 and day <= 12:
            day, month = month, day
            self.repairs.add(RULE_DATE_SWAPPED)
        self.repairs.add(RULE_DATE_TEXT)
        return dt.date(year, month, day)

    def resolve_bare_days(
        self, parsed: list[dt.date | int | None], fallback: list[tuple[int, int] | None] | None = None
    ) -> list[dt.date | None]:
        """Resolve every entry of :meth:`parse`'s output; raises ValueError on the first impossible one."""
        return [self.resolve(parsed, index, fallback) for index in range(len(parsed))]

    def resolve(
        self,
        parsed: list[dt.date | int | None],
        index: int,
        fallback: list[tuple[int, int] | None] | None = None,
    ) -> dt.date | None:
        """A bare day takes the month and year of the nearest dated row (the earlier one on a tie);
        ``fallback`` gives a (year, month) per row (the workbook's sheet) when no neighbour is dated."""
        value = parsed[index]
        if value is None:
            self.repairs.add(RULE_DATE_MISSING)
            return None
        if isinstance(value, dt.date):
            return value
        neighbour = _nearest_date(parsed, index)
        year_month = (
            (neighbour.year, neighbour.month) if neighbour else (fallback[index] if fallback else None)
        )
        if year_month is None:
            raise ValueError(f"bare day {value} with no dated neighbour")
        try:
            resolved = dt.date(year_month[0], year_month[1], value)
        except ValueError:
            raise ValueError(f"day {value} does not exist in {year_month[1]}/{year_month[0]}") from None
        self.repairs.add(RULE_DATE_BARE_DAY)
        return resolved


def _nearest_date(parsed: list[dt.date | int | None], index: int) -> dt.date | None:
    for step in range(1, len(parsed)):
        for candidate in (index - step, index + step):
            if 0 <= candidate < len(parsed) and isinstance(parsed[candidate], dt.date):
                return parsed[candidate]  # type: ignore[return-value]
    return None
