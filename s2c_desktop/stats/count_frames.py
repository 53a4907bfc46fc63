"""Count tables (SIDPOL, DataCrim) as pandas frames, read a chunk of records at a time.

:mod:`sources` understands a count file's header and hands over a :class:`CountFile`; the loader
(:mod:`counts`) walks its :meth:`CountFile.tables`, so a big file is never one frame of text in memory.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from s2c_desktop.errors import InputError


@dataclass
class CountTable:
    """A count table after header detection: ``columns`` maps field name -> column index of ``frame``.

    ``frame`` holds every data record as text; ``extra`` marks records with more fields than the header.
    Record ``i`` is file record ``first_row_number + i``.
    """

    columns: dict[str, int]
    frame: Any  # pandas.DataFrame
    first_row_number: int
    width: int
    extra: Any = None  # pandas.Series[bool] or None

    def __len__(self) -> int:
        return len(self.frame)


@dataclass
class CountFile:
    """A count table whose header is understood and whose records are read in chunks (:meth:`tables`),
    so that a big file is never a whole frame of text in memory."""

    columns: dict[str, int]
    first_row_number: int
    width: int
    frames: Callable[[int], Iterator[tuple[Any, Any, int]]]  # chunk rows -> (frame, extra, records read)

    def tables(self, chunk_rows: int) -> Iterator[CountTable]:
        number = self.first_row_number
        for frame, extra, consumed in self.frames(chunk_rows):
            yield CountTable(self.columns, frame, number, self.width, extra)
            number += consumed


def read_frames(
    text: str,
    delimiter: str,
    skip_header: bool,
    width: int,
    raw: tuple[bytes, str] | None,
    chunk_rows: int,
) -> Iterator[tuple[Any, Any, int]]:
    """pandas' C parser, ``chunk_rows`` records at a time: all fields as str; a few spare columns catch
    over-long records. ``raw`` (the bytes and their encoding) spares pandas a round trip through a Python
    string for big files. Yields (frame, extra, records read including blank ones)."""
    import pandas as pd

    spare = 4
    source: Any = io.BytesIO(raw[0]) if raw else io.StringIO(text)
    yielded = False
    try:
        reader = pd.read_csv(
            source,
            encoding=raw[1] if raw else None,
            encoding_errors="replace",
            sep=delimiter,
            header=None,
            names=list(range(width + spare)),
            dtype=object,
            keep_default_na=False,
            na_values=[],
            skiprows=1 if skip_header else 0,
            skip_blank_lines=True,
            quotechar='"',
            doublequote=True,
            engine="c",
            chunksize=chunk_rows,
        )
        for frame in reader:
            yielded = True
            yield (*_tidy_frame(frame, width), len(frame))
    except pd.errors.ParserError:
        if yielded:
            raise InputError(
                f"a record has more than {width + spare} fields, after the first rows were read"
            ) from None
        # Records wider than the spare columns: fall back to the csv module (slower, same result).
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))[1 if skip_header else 0 :]
        rows = [row for row in rows if any(cell.strip() for cell in row)]
        widest = max((len(row) for row in rows), default=width)
        frame = pd.DataFrame([row + [None] * (widest - len(row)) for row in rows], dtype=object)
        yield (*_tidy_frame(frame, width), len(frame))


def _tidy_frame(frame: Any, width: int) -> tuple[Any, Any]:
    """(the first ``width`` columns without blank records, which records had more fields)."""
    import numpy as np
    import pandas as pd

    # The C parser fills missing fields with "" like empty ones: a short record is rejected later by
    # the check of the value it lacks; a long one shows up in the spare columns.
    extra = (frame.iloc[:, width:].fillna("") != "").any(axis=1) if frame.shape[1] > width else None
    frame = frame.iloc[:, :width]
    # Records that are entirely empty (e.g. ",,,,,,,") carry nothing to load or reject.
    # Judged per distinct first field (a handful of years), not per record: stripping 550k cells is slow.
    codes, uniques = pd.factorize(frame[0])
    blank_values = np.array([str(value).strip() == "" for value in uniques] + [True], dtype=bool)
    maybe_blank = pd.Series(blank_values[codes], index=frame.index)  # code -1 (a missing field): last entry
    blank = maybe_blank.copy()
    if maybe_blank.any():
        candidates = frame[maybe_blank].fillna("")
        blank[maybe_blank] = (candidates.apply(lambda column: column.str.strip()) == "").all(axis=1)
    if blank.any():
        frame = frame[~blank]
        extra = extra[~blank] if extra is not None else None
    return frame.reset_index(drop=True), (extra.reset_index(drop=True) if extra is not None else None)
