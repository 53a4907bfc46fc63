"""The crime hierarchy (generic -> specific -> modality) the count tables are filed under, created on first
sight and matched on normalised names."""

from __future__ import annotations

import re
from typing import Any

from s2c_desktop.stats import cleaning, models
from s2c_desktop.stats.cleaning import normalize_name
from s2c_desktop.stats.translation import QT_TRANSLATE_NOOP

RULE_EMPTY_LEVEL = QT_TRANSLATE_NOOP("rules", "empty crime level filled from the level above")

# SIDPOL's broad categories under the DataCrim generic crime they belong to.
SIDPOL_GENERIC = {
    "HURTO": "CONTRA EL PATRIMONIO",
    "ROBO": "CONTRA EL PATRIMONIO",
    "ESTAFA": "CONTRA EL PATRIMONIO",
    "EXTORSION": "CONTRA EL PATRIMONIO",
    "HOMICIDIO": "CONTRA LA VIDA EL CUERPO Y LA SALUD",
    "VIOLENCIA CONTRA LA MUJER E INTEGRANTES": "VIOLENCIA CONTRA LA MUJER E INTEGRANTES DEL GRUPO FAMILIAR",
}


class CrimeHierarchy:
    """generic -> specific -> modality ids, created on first sight. Matched on normalised keys (no accents,
    upper case); shown as the sources spell them, accents kept: a name first seen without its accents
    takes them when a later row spells it with them ("ADMINISTRACION" -> "ADMINISTRACIÓN")."""

    def __init__(self) -> None:
        generic, specific, modality = models.CrimenGenerico, models.CrimenEspecifico, models.ModalidadCrimen
        self.levels: list[tuple[type[models.BaseModel], dict[tuple[Any, ...], tuple[int, str]]]] = [
            (generic, {(normalize_name(g.nombre),): (g.id, g.nombre) for g in generic.select()}),
            (
                specific,
                {(e.generico_id, normalize_name(e.nombre)): (e.id, e.nombre) for e in specific.select()},
            ),
            (
                modality,
                {(m.especifico_id, normalize_name(m.nombre)): (m.id, m.nombre) for m in modality.select()},
            ),
        ]
        self._cache: dict[tuple[str, str, str], tuple[int, tuple[str, ...]]] = {}

    @staticmethod
    def _display(text: str, rules: list[str]) -> str:
        without_note = cleaning.strip_footnote(text.strip())
        if without_note != text.strip():
            rules.append(cleaning.RULE_FOOTNOTE)
        return re.sub(r"\s+", " ", cleaning.repair_mojibake(without_note)).upper().strip()

    def _id(self, level: int, parent: int | None, name: str) -> int:
        model, known = self.levels[level]
        key = (normalize_name(name),) if parent is None else (parent, normalize_name(name))
        found = known.get(key)
        if found is None:
            parent_field = {1: "generico", 2: "especifico"}.get(level)
            row = model.create(nombre=name, **({parent_field: parent} if parent_field else {}))
            known[key] = (row.id, name)
            return row.id
        row_id, stored = found
        if (
            stored != name
            and cleaning.strip_accents(stored) == stored
            and cleaning.strip_accents(name) != name
        ):
            model.update(nombre=name).where(model.id == row_id).execute()
            known[key] = (row_id, name)
        return row_id

    def modality_id(self, generic: str, specific: str, modality: str) -> tuple[int, tuple[str, ...]]:
        key = (generic, specific, modality)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        rules: list[str] = []
        g = self._display(generic, rules)
        if not g:
            raise ValueError("empty generic crime")
        s = self._display(specific, rules)
        if not s:
            s = g
            rules.append(RULE_EMPTY_LEVEL)
        m = self._display(modality, rules)
        if not m:
            m = s
            rules.append(RULE_EMPTY_LEVEL)
        modality_id = self._id(2, self._id(1, self._id(0, None, g), s), m)
        cached = (modality_id, tuple(rules))
        self._cache[key] = cached
        return cached
