"""The study's 10 queries as a catalogue (number, title, which read police reports) and the shape of an
answer: named columns and plain rows, with the parameters used and a note for the reader."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

QUERY_TITLES = {
    1: "Robbery types with description and number of incidents",
    2: "Robberies per district of Lima and Callao",
    3: "Robberies where the ages of victim and offender are known",
    4: "Modality and district with the most reports in a year",
    5: "Districts by reports in a year",
    6: "Robberies per quarter and year",
    7: "Modality and district with the fewest reports in a year",
    8: "Average reports per district (per year)",
    9: "Robberies per weapon type",
    10: "Average reports per generic crime (per year)",
}
# Queries that read police reports (DataCrim/SIDPOL); the others read the press robberies.
REPORT_QUERIES = frozenset({4, 5, 7, 8, 10})


@dataclass
class QueryResult:
    number: int
    title: str
    columns: list[str]
    rows: list[tuple[Any, ...]]
    params: dict[str, Any] = field(default_factory=dict)
    note: str = ""

    def as_dicts(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]

    def to_json(self) -> str:
        return json.dumps(self.as_dicts(), ensure_ascii=False, indent=2, default=str)
