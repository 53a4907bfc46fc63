"""The import vocabulary every layer shares: a job (progress, cancel), its report, and the rejected rows.

Kept apart from the orchestrator (:mod:`importers`) so that the loaders below it can speak the same
words without importing it back.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from s2c_desktop.errors import CancelledError
from s2c_desktop.printable import printable
from s2c_desktop.stats import models
from s2c_desktop.stats.cleaning import RepairCounter

ProgressCallback = Callable[[int, int, str], None]
REJECTION_EXAMPLES = 20
REASON_LENGTH = 250


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
    """Progress reporting and cancellation shared by the importers (the GUI's worker sets ``cancel``)."""

    def __init__(
        self, progress: ProgressCallback | None = None, cancel: threading.Event | None = None
    ) -> None:
        self.progress_callback = progress
        self.cancel_event = cancel or threading.Event()

    def check(self) -> None:
        if self.cancel_event.is_set():
            raise CancelledError("import cancelled; the database is unchanged")

    def progress(self, done: int, total: int, message: str) -> None:
        self.check()
        if self.progress_callback is not None:
            self.progress_callback(done, total, message)


class RejectedRows:
    """Rows that cannot load, with their reason: counted in the report, written to ``rejected_row``."""

    BATCH = 500

    def __init__(self, report: ImportReport, log_row: models.ImportLog) -> None:
        self.report = report
        self.log_id = log_row.id
        self.pending: list[dict[str, Any]] = []

    def add(self, row: int, reason: str, raw: Any) -> None:
        self.report.rejected += 1
        if len(self.report.rejection_examples) < REJECTION_EXAMPLES:
            self.report.rejection_examples.append((row, reason))
        self.pending.append(
            {
                "import_log": self.log_id,
                "row_number": row,
                "reason": reason[:REASON_LENGTH],
                "raw": json.dumps(raw, ensure_ascii=False, default=str),
            }
        )

    def flush(self) -> None:
        for start in range(0, len(self.pending), self.BATCH):
            models.RejectedRow.insert_many(self.pending[start : start + self.BATCH]).execute()
        self.pending.clear()
