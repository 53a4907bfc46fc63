"""The statistics tab's sentences built from data: the findings line, the import summary with Spanish
plurals, the worker's progress words. Translated in the tab's context ("StatsTab")."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from s2c_desktop.stats.jobs import ImportReport
from s2c_desktop.stats.queries import CrimeReport
from s2c_desktop.stats.scope import report_scope, robbery_period

# Called as translate("StatsTab", "literal") each time so that lupdate finds every sentence.
translate = QCoreApplication.translate


def _count(n: int, one: str, many: str) -> str:
    """``one`` for 1, ``many`` (with ``{0}``) otherwise: Spanish and English agree on where the plural
    starts."""
    return one if n == 1 else many.format(n)


def findings_text(report: CrimeReport, source: str) -> str:
    """The study's headline findings, each with the place and period the data covers."""
    found = report.findings()
    police = report_scope(report, source)
    police_line = ""
    if police.years:
        police_line = " " + translate("StatsTab", "Police reports ({0}): {1}, {2}.").format(
            "+".join(police.sources), police.place, police.period
        )
    if not found["district"]:
        # One literal per translate() call: lupdate does not join adjacent string literals.
        message = translate(
            "StatsTab",
            "No press-reported robberies yet: import the Data Criminal workbook (Import file…) to see the study's findings.",  # noqa: E501 - one literal, as lupdate reads it
        )
        return message + police_line
    total = found["robberies"][1] if found["robberies"] else 0
    parts = [
        translate("StatsTab", "Findings from {0} press-reported robberies in Lima and Callao ({1}):").format(
            total, robbery_period(report)
        )
    ]
    district, count = found["district"]
    parts.append(translate("StatsTab", "most affected district: {0} ({1} robberies)").format(district, count))
    if found["robbery_type"]:
        parts.append(
            translate("StatsTab", "most frequent robbery type: {0} ({1})").format(*found["robbery_type"])
        )
    if found["occupation"]:
        parts.append(
            translate("StatsTab", "most affected occupation: {0} ({1})").format(*found["occupation"])
        )
    if found["weapon"]:
        parts.append(translate("StatsTab", "most used weapon: {0} ({1})").format(*found["weapon"]))
    return parts[0] + " " + "; ".join(parts[1:]) + "." + police_line


def import_summary(reports: list[ImportReport]) -> str:
    files = _count(len(reports), translate("StatsTab", "1 file"), translate("StatsTab", "{0} files"))
    loaded = sum(r.loaded for r in reports)
    rejected = sum(r.rejected for r in reports)
    skipped = sum(1 for r in reports if r.already_imported)
    return translate("StatsTab", "Imported {0}: {1}, {2}, {3} (see Imports).").format(
        files,
        _count(loaded, translate("StatsTab", "1 row loaded"), translate("StatsTab", "{0} rows loaded")),
        _count(rejected, translate("StatsTab", "1 row rejected"), translate("StatsTab", "{0} rows rejected")),
        _count(
            skipped,
            translate("StatsTab", "1 file already imported"),
            translate("StatsTab", "{0} files already imported"),
        ),
    )


def progress_text(text: str) -> str:
    """The importers' and the download's progress words (English in the Qt-free layer) in the user's
    language."""
    known = {
        "checking rows": translate("StatsTab", "checking rows"),
        "saving": translate("StatsTab", "saving"),
        "saving robberies": translate("StatsTab", "saving robberies"),
        "summarising": translate("StatsTab", "summarising"),
        "downloading DataCrim": translate("StatsTab", "downloading DataCrim"),
    }
    if text.startswith("reading "):
        return translate("StatsTab", "reading {0}").format(text.removeprefix("reading "))
    return known.get(text, text)
