"""The import vocabulary every layer shares: a job (progress, cancel), its report, and the rejected rows.

Kept apart from the orchestrator (:mod:`importers`) so that the loaders below it can speak the same
words without importing it back.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from s2c_desktop.errors import CancelledError, DataError, InputError
from s2c_desktop.printable import printable
from s2c_desktop.stats import models
from s2c_desktop.stats.cleaning import RepairCounter

ProgressCallback = Callable[[int, int, str], None]
REJECTION_EXAMPLES = 20
REASON_LENGTH = 250
# Rejected rows kept in ``rejected_row`` per import (all are counted): enough to see what went wrong; a
# file of a million bad rows once grew the database by 111 MB.
MAX_REJECTED_STORED = 10_000
MAX_REJECTED_SHARE = 0.5  # a file with more bad rows than good is the wrong file, not data to keep
CHUNK_ROWS = 100_000  # count-table records checked at a time


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
        """The report as text, one line per fact: the file name and the reasons (which quote the file's
        cells) are escaped, so a crafted name or cell cannot add a line such as ``error: ...``."""
        name = printable(self.file_name)
        if self.already_imported:
            return f"{name} [{self.source}]: already imported (same sha256), nothing added"
        lines = [
            f"{name} [{self.source}]: read {self.read}, loaded {self.loaded}, "
            f"duplicates {self.duplicates}, rejected {self.rejected}, repairs {self.repaired}"
        ]
        lines += [f"    repaired {count:>6}  {rule}" for rule, count in sorted(self.repairs.items())]
        lines += [
            f"    rejected row {row}: {printable(reason)}" for row, reason in self.rejection_examples[:5]
        ]
        return "\n".join(lines)


class ImportJob:
    """What every importer shares: progress reporting, cancellation (the GUI's worker sets ``cancel``), the
    deadline of a whole update (``time.monotonic()`` value, download and import), and the caps on
    rejected rows (stored, and the share that refuses the file)."""

    def __init__(
        self,
        progress: ProgressCallback | None = None,
        cancel: threading.Event | None = None,
        *,
        deadline: float | None = None,
        max_rejected_stored: int = MAX_REJECTED_STORED,
        max_rejected_share: float = MAX_REJECTED_SHARE,
        chunk_rows: int = CHUNK_ROWS,
    ) -> None:
        self.progress_callback = progress
        self.cancel_event = cancel or threading.Event()
        self.deadline = deadline
        self.max_rejected_stored = max_rejected_stored
        self.max_rejected_share = max_rejected_share
        self.chunk_rows = chunk_rows

    def check(self) -> None:
        if self.cancel_event.is_set():
            raise CancelledError("import cancelled; the database is unchanged")
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise DataError(
                "the update did not finish in time (its deadline passed during the import); "
                "the database is unchanged",
                hint="raise --deadline or try again later",
            )

    def progress(self, done: int, total: int, message: str) -> None:
        self.check()
        if self.progress_callback is not None:
            self.progress_callback(done, total, message)

    def check_rejected_share(self, report: ImportReport) -> None:
        """Refuse (so the import rolls back) a file whose rows are mostly invalid."""
        if report.read and report.rejected > self.max_rejected_share * report.read:
            raise InputError(
                f"{printable(report.file_name)}: {report.rejected} of {report.read} rows are invalid; "
                "a file that is mostly invalid is refused and the database is unchanged",
                hint="check that it is the right file (the first reasons are in the log)",
            )


class RejectedRows:
    """Rows that cannot load, with their reason: all counted in the report; the first ``cap`` written to
    ``rejected_row`` (in batches, so memory stays bounded)."""

    BATCH = 500

    def __init__(
        self, report: ImportReport, log_row: models.ImportLog, cap: int = MAX_REJECTED_STORED
    ) -> None:
        self.report = report
        self.log_id = log_row.id
        self.cap = cap
        self.stored = 0
        self.pending: list[dict[str, Any]] = []

    def add(self, row: int, reason: str, raw: Any) -> None:
        self.report.rejected += 1
        if len(self.report.rejection_examples) < REJECTION_EXAMPLES:
            self.report.rejection_examples.append((row, reason))
        if self.stored >= self.cap:
            return
        self.stored += 1
        self.pending.append(
            {
                "import_log": self.log_id,
                "row_number": row,
                "reason": reason[:REASON_LENGTH],
                "raw": json.dumps(raw, ensure_ascii=False, default=str),
            }
        )
        if len(self.pending) >= self.BATCH:
            self.flush()

    def flush(self) -> None:
        for start in range(0, len(self.pending), self.BATCH):
            models.RejectedRow.insert_many(self.pending[start : start + self.BATCH]).execute()
        self.pending.clear()
