"""Peru's UBIGEO geography: loading it, and matching district names from other sources to it.

Names are matched accent- and case-insensitively after removing footnote markers. Lima's colloquial
names are aliases ("Cercado de Lima" is the district LIMA, "Surco" is SANTIAGO DE SURCO); Callao is its
own department and province (Provincia Constitucional del Callao), never part of Lima.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from s2c_desktop.stats import cleaning
from s2c_desktop.stats.cleaning import RepairCounter, normalize_name
from s2c_desktop.stats.translation import QT_TRANSLATE_NOOP

LIMA_PROVINCE = "150100"
CALLAO_PROVINCE = "070100"

# Department labels used by the police and INEI for Lima and Callao.
DEPARTMENT_ALIASES = {
    "PROVINCIA DE LIMA": "LIMA",
    "LIMA PROVINCIAS": "LIMA",
    "LIMA METROPOLITANA": "LIMA",
    "REGION LIMA": "LIMA",
    "PROVINCIA CONSTITUCIONAL DEL CALLAO": "CALLAO",
    "PROV CONST DEL CALLAO": "CALLAO",
}
PROVINCE_ALIASES = {"PROVINCIA CONSTITUCIONAL DEL CALLAO": "CALLAO", "PROV CONST DEL CALLAO": "CALLAO"}

# Names used in the press for districts of Lima and Callao (normalized name -> official normalized name).
LIMA_DISTRICT_ALIASES = {
    "CERCADO DE LIMA": "LIMA",
    "CERCADO": "LIMA",
    "LIMA CERCADO": "LIMA",
    "SURCO": "SANTIAGO DE SURCO",
    "CHOSICA": "LURIGANCHO",
    "LURIGANCHO CHOSICA": "LURIGANCHO",
    "HUACHIPA": "SANTA MARIA DE HUACHIPA",
    "MANCHAY": "PACHACAMAC",
    "SALAMANCA": "ATE",
    "VITARTE": "ATE",
    "ATE VITARTE": "ATE",
    "MAGDALENA": "MAGDALENA DEL MAR",
    "CARMEN DE LA LEGUA": "CARMEN DE LA LEGUA REYNOSO",
    "SMP": "SAN MARTIN DE PORRES",
    "SJL": "SAN JUAN DE LURIGANCHO",
    "SJM": "SAN JUAN DE MIRAFLORES",
    "VES": "VILLA EL SALVADOR",
    "VMT": "VILLA MARIA DEL TRIUNFO",
}

_UBIGEO_PREFIX = re.compile(r"^\s*(\d{5,6})\s+(.*)$")


@dataclass(frozen=True)
class GeoRows:
    departments: list[tuple[str, str]]  # (ubigeo, name)
    provinces: list[tuple[str, str, str]]  # (ubigeo, name, department ubigeo)
    districts: list[tuple[str, str, str, float | None, float | None]]  # (ubigeo, name, province, lat, lon)
    repairs: RepairCounter
    district_rows_read: int


def _read_csv(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(cleaning.decode_text(data), newline="")))


def _float(value: str | None) -> float | None:
    try:
        return float(value) if value not in (None, "", "NA") else None
    except ValueError:
        return None


def pad_ubigeo(code: str | int) -> str:
    return str(code).strip().zfill(6)


RULE_CODE_MISSING = QT_TRANSLATE_NOOP(
    "rules", "district without INEI code given the next free code of its province"
)

_WORD = re.compile(r"[^\W\d_]+")
_PARTICLES = {"DE", "DEL", "LA", "LAS", "LOS", "EL", "Y", "E", "EN"}
# Words of official place names that no capital or name in the UBIGEO files spells with its accent (the files
# write names in capitals without accents; INEI's and the creating laws' names carry them): departments, then
# the surnames and words of districts and provinces (Pedro Gálvez, Yonán, La Convención, San Román, ...).
EXTRA_SPELLINGS = (
    "Áncash",
    "Apurímac",
    *("Gálvez", "Chávez", "Hernández", "López", "Márquez", "Ordóñez", "Rodríguez", "Sánchez", "Guzmán"),
    *("Román", "Simón", "Fermín", "Hilarión", "Carrión", "Barrón", "Albarracín", "Soplín", "Deán"),
    *("Yonán", "Cachicadán", "Sanagorán", "Inclán", "Vizcatán", "Gabán", "Tallán", "Jazán", "Madeán"),
    *("Ripán", "Huantán", "Cholón", "Boquerón", "Convención", "Marañón", "Iguaín"),
    *("Sabandía", "Callería", "Tahuanía", "Iparía", "Pachía", "Paratía"),
)


class OfficialNames:
    """Display names with their accents and Spanish capitals ("JAEN" -> "Jaén", "SAN MARTIN DE PORRES" ->
    "San Martín de Porres"), from what the UBIGEO files spell accented.

    The files give names in capitals, mostly without accents, but each place's capital town is spelled
    properly: a place named like its capital takes the capital's spelling; otherwise each word takes the
    accented spelling seen for it anywhere in the files (names are still matched on normalised keys).
    """

    def __init__(self, spelled: list[str]) -> None:
        seen: dict[str, Counter[str]] = defaultdict(Counter)
        for text in spelled:
            for word in _WORD.findall(text or ""):
                if cleaning.strip_accents(word) != word:
                    seen[normalize_name(word)][word.lower()] += 1
        self.words = {key: forms.most_common(1)[0][0] for key, forms in seen.items()}
        # The listed spellings win over a half-accented one in the files ("Ordoñez" -> "Ordóñez").
        self.words.update({normalize_name(word): word.lower() for word in EXTRA_SPELLINGS})

    def display(self, name: str, capital: str = "") -> str:
        if capital and normalize_name(capital) == normalize_name(name):
            return " ".join(capital.split())
        position = iter(range(10_000))

        def spell(match: re.Match[str]) -> str:
            word = match.group(0)
            key = normalize_name(word)
            if next(position) and key in _PARTICLES:
                return word.lower()
            return self.words.get(key, word.lower()).capitalize()

        return _WORD.sub(spell, " ".join(name.split()))


def parse_geography(department_csv: bytes, province_csv: bytes, district_csv: bytes) -> GeoRows:
    """The three ``geo/ubigeo_*.csv`` files (INEI codes, kept as 6-digit strings)."""
    raw_departments, raw_provinces, raw_districts = (
        _read_csv(department_csv),
        _read_csv(province_csv),
        _read_csv(district_csv),
    )
    names = OfficialNames(
        [
            value
            for rows, column in (
                (raw_departments, "departamento"),
                (raw_provinces, "provincia"),
                (raw_districts, "distrito"),
            )
            for r in rows
            for value in (r.get(column, ""), r.get("capital", ""))
        ]
    )
    departments = [
        (pad_ubigeo(r["inei"]), names.display(r["departamento"], r.get("capital", "")))
        for r in raw_departments
    ]
    provinces = [
        (
            pad_ubigeo(r["inei"]),
            names.display(r["provincia"], r.get("capital", "")),
            pad_ubigeo(r["inei"])[:2] + "0000",
        )
        for r in raw_provinces
    ]
    province_by_name = {
        (normalize_name(r["departamento"]), normalize_name(r["provincia"])): pad_ubigeo(r["inei"])
        for r in raw_provinces
    }
    repairs = RepairCounter()
    districts = []
    used = {r["inei"].strip() for r in raw_districts}
    for r in raw_districts:
        code = r["inei"].strip()
        if not code.isdigit():
            # A district created after INEI's list (e.g. SAN ANTONIO, Moquegua): its province is known by
            # name, and INEI numbers new districts after the last one of the province.
            province = province_by_name.get(
                (normalize_name(r["departamento"]), normalize_name(r["provincia"]))
            )
            if province is None:
                continue
            number = 1
            while f"{province[:4]}{number:02d}" in used:
                number += 1
            code = f"{province[:4]}{number:02d}"
            used.add(code)
            repairs.add(RULE_CODE_MISSING)
        code = pad_ubigeo(code)
        districts.append(
            (
                code,
                names.display(r["distrito"], r.get("capital", "")),
                code[:4] + "00",
                _float(r.get("latitude")),
                _float(r.get("longitude")),
            )
        )
    return GeoRows(departments, provinces, districts, repairs, len(raw_districts))


class DistrictMatcher:
    """Finds a district's UBIGEO from the names (and codes) other sources use."""

    def __init__(self, districts: list[tuple[str, str, str, str]]) -> None:
        """``districts``: (district ubigeo, district name, province name, department name)."""
        self.codes = {code for code, *_ in districts}
        self.by_full: dict[tuple[str, str, str], str] = {}
        self.by_department: dict[tuple[str, str], list[str]] = defaultdict(list)
        self.by_name: dict[str, list[str]] = defaultdict(list)
        self.names: dict[str, str] = {}
        self.lima_metro: dict[str, str] = {}
        self.lima_metro_raw: dict[str, str] = {}
        for code, district, province, department in districts:
            d, p, dep = normalize_name(district), normalize_name(province), normalize_name(department)
            self.by_full[(dep, p, d)] = code
            self.by_department[(dep, d)].append(code)
            self.by_name[d].append(code)
            self.names[code] = district
            if code[:4] in (LIMA_PROVINCE[:4], CALLAO_PROVINCE[:4]):
                self.lima_metro[d] = code
                self.lima_metro_raw[district.strip().upper()] = code
        self._cache: dict[tuple[str, str, str], tuple[str | None, tuple[str, ...]]] = {}

    @classmethod
    def from_database(cls) -> DistrictMatcher:
        from s2c_desktop.stats.models import Departamento, Distrito, Provincia

        query = (
            Distrito.select(Distrito.ubigeo, Distrito.nombre, Provincia.nombre, Departamento.nombre)
            .join(Provincia)
            .join(Departamento)
            .tuples()
        )
        return cls(list(query))

    def match_lima(self, name: str, repairs: RepairCounter) -> str | None:
        """A district of Lima Metropolitana or Callao named the way the press names it."""
        raw = name.strip().upper()
        if raw in self.lima_metro_raw:
            return self.lima_metro_raw[raw]
        key = normalize_name(name)
        if key in self.lima_metro:
            repairs.add(cleaning.RULE_DISTRICT_FOLDED)
            return self.lima_metro[key]
        alias = LIMA_DISTRICT_ALIASES.get(key)
        if alias and alias in self.lima_metro:
            repairs.add(cleaning.RULE_DISTRICT_ALIAS)
            return self.lima_metro[alias]
        # Outside Lima Metropolitana but in the department of Lima or Callao (e.g. Huaral), when unique.
        candidates = self.by_department.get(("LIMA", key), []) + self.by_department.get(("CALLAO", key), [])
        if len(candidates) == 1:
            if self.names[candidates[0]].strip().upper() != raw:
                repairs.add(cleaning.RULE_DISTRICT_FOLDED)
            return candidates[0]
        return None

    def match(self, department: str, province: str, district: str) -> tuple[str | None, tuple[str, ...]]:
        """(ubigeo or None, repair rules applied). Cached: sources repeat the same names many times."""
        key = (department, province, district)
        cached = self._cache.get(key)
        if cached is None:
            cached = self._match(department, province, district)
            self._cache[key] = cached
        return cached

    def _match(self, department: str, province: str, district: str) -> tuple[str | None, tuple[str, ...]]:
        rules: list[str] = []
        raw_district = district.strip()
        code_match = _UBIGEO_PREFIX.match(raw_district)
        if code_match:
            code = code_match.group(1).zfill(6)
            if code in self.codes:
                return code, (cleaning.RULE_UBIGEO_IN_NAME,)
            raw_district = code_match.group(2)
        if any(cleaning.strip_footnote(v) != v for v in (department, province, raw_district)):
            rules.append(cleaning.RULE_FOOTNOTE)
        dep = normalize_name(department)
        dep = DEPARTMENT_ALIASES.get(dep, dep)
        prov = normalize_name(province)
        prov = PROVINCE_ALIASES.get(prov, prov)
        dist = normalize_name(raw_district)
        code = self.by_full.get((dep, prov, dist))
        if code is None:
            candidates = self.by_department.get((dep, dist), [])
            if len(candidates) == 1:
                code = candidates[0]
        if code is None and dep in ("LIMA", "CALLAO"):
            alias = LIMA_DISTRICT_ALIASES.get(dist)
            if alias in self.lima_metro:
                code = self.lima_metro[alias]
                rules.append(cleaning.RULE_DISTRICT_ALIAS)
        if code is None:
            return None, tuple(rules)
        if self.names[code].upper() != raw_district.strip().upper():
            rules.append(cleaning.RULE_DISTRICT_FOLDED)
        return code, tuple(rules)
