"""Query tables as CSV text that a spreadsheet opens as data, never as formulas.

Names come from downloaded files: a district or crime name beginning with ``=``, ``+``, ``-`` or ``@``
would run as a formula in Excel or LibreOffice (CSV injection). Such text cells get a leading ``'``,
which spreadsheets show as text and do not display; numbers are written as they are.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """``value`` with a leading ``'`` when it is text a spreadsheet would read as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def to_csv(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([neutralise(column) for column in columns])
    writer.writerows([neutralise(value) for value in row] for row in rows)
    return buffer.getvalue()
