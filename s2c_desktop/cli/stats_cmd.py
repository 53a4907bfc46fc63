"""``s2c stats``: build/import the crime database, update from DataCrim, run the 10 queries and charts."""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Callable
from pathlib import Path

from s2c_desktop.atomic import check_output_path
from s2c_desktop.errors import InputError, S2CError
from s2c_desktop.printable import printable

FORMATS = ("table", "csv", "json")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("stats", help="Peruvian crime statistics", description=__doc__)
    parser.set_defaults(func=_no_subcommand, stats_parser=parser)
    sub = parser.add_subparsers(dest="stats_command", metavar="SUBCOMMAND", parser_class=type(parser))

    def add(name: str, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.add_argument("--db", metavar="FILE", help="crime database (default: the app-data crime.sqlite3)")
        return p

    p_import = add("import", "import files (or the whole datasets folder when none is given), with a report")
    p_import.add_argument("files", nargs="*", type=Path, help="xlsx/csv files or the geo/ folder")
    p_import.add_argument("--kind", choices=_kinds(), help="what the files are (default: detected)")
    p_import.add_argument("--datasets", metavar="DIR", help="datasets folder (default: ../shared/datasets)")
    p_import.add_argument("--json", action="store_true", help="print the reports as JSON")
    p_import.set_defaults(func=run_import)

    p_update = add("update", "download DataCrim (INEI) and import it")
    p_update.add_argument(
        "--datacrim-url",
        "--url",
        dest="url",
        metavar="URL",
        help="DataCrim csv_controller address (default: the preferences')",
    )
    p_update.add_argument("--timeout", type=_seconds, help="seconds each network read may take")
    p_update.add_argument(
        "--deadline",
        type=_seconds,
        metavar="SECONDS",
        help="seconds the whole update may take, download (retries included) and import "
        "(default: 6 timeouts per attempt)",
    )
    p_update.add_argument("--retries", type=_bounded_int(0, 20), help="retries after a failed request (0-20)")
    p_update.set_defaults(func=run_update)

    p_query = add("query", "run one of the study's 10 queries")
    p_query.add_argument("number", type=int, choices=range(1, 11), metavar="N", help="query number 1-10")
    p_query.add_argument("--format", choices=FORMATS, default="table")
    _add_filters(p_query)
    p_query.add_argument("--limit", type=_bounded_int(1, 1_000_000), help="most rows for queries 4, 5 and 7")
    p_query.set_defaults(func=run_query)

    p_chart = add(
        "chart", "draw one of the study's 10 charts, or map 11 (departments) or 12 (districts), to a file"
    )
    p_chart.add_argument(
        "number",
        type=int,
        choices=range(1, 13),
        metavar="N",
        help="chart number 1-10; 11: map of Peru by department; 12: map of the districts of "
        "--department (default: lima-callao, Lima Metropolitana and Callao)",
    )
    p_chart.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.png")
    _add_filters(p_chart)
    p_chart.add_argument("--district", help="chart 3: district (default San Juan de Lurigancho)")
    p_chart.add_argument("--level", choices=("modality", "specific", "generic"), help="chart 9: crime level")
    p_chart.add_argument("--crime", help="maps 11 and 12: one generic crime (default: all)")
    p_chart.set_defaults(func=run_chart)


def _kinds() -> tuple[str, ...]:
    from s2c_desktop.stats.importers import KINDS

    return KINDS


def _seconds(text: str) -> float:
    """A positive, finite number of seconds (argparse type): 0, -5, nan and inf are refused."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"must be a positive number of seconds, not {text!r}")
    return value


def _bounded_int(low: int, high: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"must be between {low} and {high}, not {text}")
        return value

    parse.__name__ = "whole number"  # argparse names the type in its message
    return parse


def _add_filters(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--source", default="auto", help="auto, DATACRIM, SIDPOL or ALL (police report queries)"
    )
    parser.add_argument("--year", type=_bounded_int(1900, 2100), help="year (default: the latest)")
    parser.add_argument("--department", help="department name or 2-digit code")


def _no_subcommand(args: argparse.Namespace) -> int:
    args.stats_parser.print_help(sys.stderr)
    return 2


def _open(args: argparse.Namespace, build: bool = True, read_only: bool = False) -> None:
    from s2c_desktop.stats import db, service

    if build:
        opener = service.open_for_reading if read_only else service.open_or_build
        reports = opener(args.db, getattr(args, "datasets", None))
        if reports:
            sys.stderr.write("built the crime database from the datasets folder:\n")
            for report in reports:
                sys.stderr.write(report.format() + "\n")
    else:
        db.open_database(args.db)


def run_import(args: argparse.Namespace) -> int:
    from s2c_desktop import paths
    from s2c_desktop.stats import db, importers

    db.open_database(args.db)
    if args.files:
        reports = importers.import_many([(path, args.kind) for path in args.files])
    else:
        reports = importers.import_datasets(paths.datasets_dir(args.datasets))
    if args.json:
        print(json.dumps([r.as_dict() for r in reports], ensure_ascii=False, indent=2))
    else:
        for report in reports:
            print(report.format())
        print(f"database: {printable(db.current_path())}")
    return 0


def run_update(args: argparse.Namespace) -> int:
    from s2c_desktop.settings import load_preferences
    from s2c_desktop.stats import service

    prefs = load_preferences()
    _open(args)
    report = service.update_datacrim(
        args.url or prefs.datacrim_url,
        timeout=args.timeout if args.timeout is not None else prefs.download_timeout_s,
        retries=args.retries if args.retries is not None else prefs.download_retries,
        deadline_s=args.deadline,
    )
    print(report.format())
    return 0


def _format_table(columns: list[str], rows: list[tuple]) -> str:
    cells = [[("" if v is None else str(v)) for v in row] for row in rows]
    clip = 60
    cells = [[c if len(c) <= clip else c[: clip - 1] + "…" for c in row] for row in cells]
    widths = [max([len(col)] + [len(row[i]) for row in cells]) for i, col in enumerate(columns)]
    lines = ["  ".join(col.ljust(w) for col, w in zip(columns, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in cells]
    return "\n".join(lines)


def run_query(args: argparse.Namespace) -> int:
    from s2c_desktop.stats.csv_export import to_csv
    from s2c_desktop.stats.queries import CrimeReport

    _open(args, read_only=True)
    result = CrimeReport().run(
        args.number, source=args.source, year=args.year, department=args.department, limit=args.limit
    )
    if args.format == "json":
        print(result.to_json())
    elif args.format == "csv":
        sys.stdout.write(to_csv(result.columns, result.rows))
    else:
        print(f"Query {result.number}: {result.title}")
        print(_format_table(result.columns, result.rows))
        print(f"({len(result.rows)} rows{'; ' + result.note if result.note else ''})")
    return 0


def run_chart(args: argparse.Namespace) -> int:
    from s2c_desktop.stats import charts, maps
    from s2c_desktop.stats.queries import CrimeReport

    check_output_path(args.output)
    suffix = args.output.suffix.lower()
    if suffix not in (".png", ".svg", ".pdf"):
        raise InputError(f"unsupported chart format {suffix or '(none)'}: use .png, .svg or .pdf")
    if not args.output.parent.exists():
        raise InputError(f"folder does not exist: {args.output.parent}")
    _open(args, read_only=True)
    options = {k: getattr(args, k) for k in ("source", "year", "department", "district", "level", "crime")}
    charts.check_filters(args.number, CrimeReport(), options)
    figure = charts.build_chart(
        args.number, CrimeReport(), **{k: v for k, v in options.items() if v is not None}
    )
    if charts.is_empty_state(figure):
        message = " ".join(text.get_text() for text in figure.axes[0].texts).replace("\n", " ")
        sys.stderr.write(f"warning: chart {args.number} has no data to draw: {message}\n")
    unmapped = maps.map_data_of(figure)
    if unmapped is not None and unmapped.without_polygon:
        listed = ", ".join(f"{name} {code} ({n})" for code, name, n in unmapped.without_polygon)
        sys.stderr.write(
            "warning: reports in districts without a polygon on the map (created after 2007, or too small "
            f"for the simplified limits): {listed}\n"
        )
    try:
        charts.save_figure(figure, args.output)
    except OSError as exc:
        raise S2CError(f"cannot write {args.output}: {exc.strerror or exc}") from exc
    print(printable(args.output))  # a crafted name cannot add a line
    return 0
