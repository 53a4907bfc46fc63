"""The study's charts as ``matplotlib.figure.Figure`` objects (no pyplot, no Qt): the police-report charts
here, the press-robbery ones in :mod:`press_charts`, the maps in :mod:`maps`; :func:`build_chart` draws any.

Each builder takes a :class:`CrimeReport` and returns a figure whose title says what and when. When the
data a chart needs is missing, the figure says so and how to get it, instead of showing a blank axis.
Visible text goes through :func:`translate` so the app can show it in Spanish (context ``"charts"``).
"""

from __future__ import annotations

import inspect
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from matplotlib.figure import Figure

from s2c_desktop.stats import map_data, maps, sunburst
from s2c_desktop.stats.figures import FIGSIZE as FIGSIZE
from s2c_desktop.stats.figures import barh, count_axis, crime_label, empty_figure, new_figure, set_title
from s2c_desktop.stats.figures import is_empty_state as is_empty_state
from s2c_desktop.stats.figures import save_figure as save_figure
from s2c_desktop.stats.press_charts import chart_1, chart_2, chart_3, chart_6, chart_7
from s2c_desktop.stats.queries import CrimeReport
from s2c_desktop.stats.scope import report_scope
from s2c_desktop.stats.translation import QT_TRANSLATE_NOOP, translate
from s2c_desktop.stats.translation import set_translator as set_translator  # the app installs it here

CHART_TITLES = {
    1: QT_TRANSLATE_NOOP("charts", "Robberies per district of Lima and Callao"),
    2: QT_TRANSLATE_NOOP("charts", "Victims' age groups"),
    3: QT_TRANSLATE_NOOP("charts", "Robberies per type in a district"),
    4: QT_TRANSLATE_NOOP("charts", "Reports per district in a year"),
    5: QT_TRANSLATE_NOOP("charts", "Reports per year by province"),
    6: QT_TRANSLATE_NOOP("charts", "Occupations most affected"),
    7: QT_TRANSLATE_NOOP("charts", "Robbery types"),
    8: QT_TRANSLATE_NOOP("charts", "Department, province and district breakdown"),
    9: QT_TRANSLATE_NOOP("charts", "Reports by modality, specific or generic crime"),
    10: QT_TRANSLATE_NOOP("charts", "Reports by generic crime per year"),
    11: QT_TRANSLATE_NOOP("charts", "Map of reports per department of Peru"),
    12: QT_TRANSLATE_NOOP("charts", "Map of reports per district of a department"),
}


def chart_title(number: int) -> str:
    """Chart ``number``'s title in the user's language (for the empty states and the tab's placeholders)."""
    return translate("charts", CHART_TITLES[number])


def _no_reports(
    title: str, figure: Figure | None = None, report: CrimeReport | None = None, source: str = "auto"
) -> Figure:
    """No reports to draw: the filters left none (say what the data covers), or the database has none."""
    if report is not None and report.years(source):
        message = translate("charts", "No reports match these filters.\nThe data covers: {0}.").format(
            report_scope(report, source).label()
        )
        return empty_figure(title, message, figure)
    message = translate(
        "charts",
        "No police report data (DataCrim or SIDPOL) in the database.\nUpdate from DataCrim ('s2c stats update') or import a DataCrim or SIDPOL CSV file.",  # noqa: E501 - one literal, as lupdate reads it
    )
    return empty_figure(title, message, figure)


def _source_label(report: CrimeReport, source: str) -> str:
    """The source and the departments its counts cover ("SIDPOL; Cajamarca"); titles add the years."""
    scope = report_scope(report, source)
    return f"{'+'.join(scope.sources)}; {scope.place}" if scope.place else "+".join(scope.sources)


def chart_4(
    report: CrimeReport,
    source: str = "auto",
    year: int | None = None,
    department: str | None = None,
    top: int = 25,
    figure: Figure | None = None,
    **_: Any,
) -> Figure:
    result = report.query_5(source=source, year=year, department=department, limit=top)
    title = translate("charts", "Reports per district")
    if not result.rows:
        return _no_reports(title, figure, report, source)
    figure = new_figure(figure)
    scope = report_scope(report, source)
    place = department or scope.place
    partial = (
        f" {translate('charts', '(partial year)')}" if result.params["year"] in scope.partial_years else ""
    )
    barh(
        figure,
        [f"{d} ({p})" for d, p, *_ in result.rows],
        [r[-1] for r in result.rows],
        translate("charts", "{0}: {1}, {2}{3} ({4}; top {5})").format(
            title, place, result.params["year"], partial, "+".join(scope.sources), len(result.rows)
        ),
        translate("charts", "reports"),
    )
    return figure


def chart_5(
    report: CrimeReport,
    source: str = "auto",
    department: str | None = None,
    top: int = 10,
    figure: Figure | None = None,
    **_: Any,
) -> Figure:
    rows = report.reports_by_province_year(source=source, department=department)
    title = translate("charts", "Reports per year by province")
    if not rows:
        return _no_reports(title, figure, report, source)
    series: dict[str, dict[int, int]] = defaultdict(dict)
    for province, year, n in rows:
        series[province][year] = n
    ranked = sorted(series, key=lambda p: -sum(series[p].values()))[:top]
    years = sorted({y for _, y, _ in rows})
    figure = new_figure(figure)
    axes = figure.add_subplot()
    partial = set(report_scope(report, source).partial_years)
    complete = [y for y in years if y not in partial]
    for province in ranked:
        values = [series[province].get(y, 0) for y in years]
        (line,) = axes.plot(complete, values[: len(complete)], marker="o", label=province)
        if partial and complete:
            # A year still being reported is not a drop: dashed, with a hollow marker.
            axes.plot(
                years[len(complete) - 1 :],
                values[len(complete) - 1 :],
                linestyle="--",
                marker="o",
                markerfacecolor="white",
                color=line.get_color(),
            )
    axes.set_xticks(years, labels=[f"{y}*" if y in partial else str(y) for y in years])
    axes.set_ylabel(translate("charts", "reports"))
    count_axis(axes.yaxis)
    if partial:
        axes.set_xlabel(translate("charts", "* partial year: not every month reported yet (dashed)"))
    set_title(
        axes,
        f"{title}, {report_scope(report, source).period} ({_source_label(report, source)}; top "
        f"{len(ranked)})",
    )
    axes.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    axes.grid(alpha=0.3)
    return figure


def chart_8(
    report: CrimeReport, source: str = "auto", year: int | None = None, figure: Figure | None = None, **_: Any
) -> Figure:
    """A sunburst: department, province and district rings (see :mod:`sunburst`)."""
    year = year if year is not None else report.latest_year(source)
    rows = report.breakdown(source=source, year=year)
    title = translate("charts", "Department, province and district breakdown")
    if not rows:
        return _no_reports(title, figure, report, source)
    import matplotlib as mpl

    figure = new_figure(figure)
    figure.s2c_sunburst = sunburst.draw_sunburst(rows, figure, mpl.colormaps["tab10"])  # type: ignore[attr-defined]
    hint = translate("charts", "point at a ring for its name and count")
    set_title(figure.axes[0], f"{title}, {year} ({_source_label(report, source)}; {hint})")
    return figure


def chart_9(
    report: CrimeReport,
    level: str = "generic",
    source: str = "auto",
    year: int | None = None,
    top: int = 15,
    figure: Figure | None = None,
    **_: Any,
) -> Figure:
    names = {
        "modality": translate("charts", "modality"),
        "specific": translate("charts", "specific crime"),
        "generic": translate("charts", "generic crime"),
    }
    title = translate("charts", "Reports by {0}").format(names.get(level, level))
    rows = report.reports_by_level(level, source=source, year=year)
    if not rows:
        return _no_reports(title, figure, report, source)
    # Totals over the years shown (query 10 gives yearly averages over the complete years instead).
    when = str(year) if year is not None else report_scope(report, source).period
    figure = new_figure(figure)
    barh(
        figure,
        [n for n, _ in rows[:top]],
        [v for _, v in rows[:top]],
        translate("charts", "{0}, total {1} ({2})").format(title, when, _source_label(report, source)),
        translate("charts", "reports"),
    )
    return figure


def chart_10(
    report: CrimeReport, year: int | None = None, source: str = "auto", figure: Figure | None = None, **_: Any
) -> Figure:
    """One frame of the study's animation: the year comes from the app's slider (default latest)."""
    rows = report.generic_by_year(source=source)
    title = translate("charts", "Reports by generic crime")
    if not rows:
        return _no_reports(title, figure, report, source)
    years = sorted({y for _, y, _ in rows})
    year = year if year in years else report.latest_year(source)
    crimes = sorted({g for g, _, _ in rows})
    values = {(g, y): n for g, y, n in rows}
    figure = new_figure(figure)
    axes = figure.add_subplot()
    bars = axes.barh(range(len(crimes)), [values.get((g, year), 0) for g in crimes], color="#6a8e3b")
    axes.set_yticks(range(len(crimes)), labels=[crime_label(g) for g in crimes], fontsize=8)
    axes.invert_yaxis()
    axes.bar_label(bars, padding=2, fontsize=8)
    # The same scale for every year, so moving the slider compares years honestly.
    axes.set_xlim(0, max(values.values()) * 1.15)
    axes.set_xlabel(translate("charts", "reports"))
    partial = (
        f" {translate('charts', '(partial year)')}"
        if year in report_scope(report, source).partial_years
        else ""
    )
    set_title(axes, f"{title}, {year}{partial} ({_source_label(report, source)}; {years[0]}–{years[-1]})")
    return figure


def chart_11(
    report: CrimeReport,
    source: str = "auto",
    year: int | None = None,
    crime: str | None = None,
    figure: Figure | None = None,
    **_: Any,
) -> Figure:
    """Choropleth of Peru's departments (see :mod:`maps`)."""
    title = translate("charts", "Map of reports per department of Peru")
    if not report.years(source):
        return _no_reports(title, figure, report, source)
    return maps.draw_map(map_data.department_map(report, source, year, crime), report, new_figure(figure))


def chart_12(
    report: CrimeReport,
    source: str = "auto",
    year: int | None = None,
    crime: str | None = None,
    department: str | None = None,
    figure: Figure | None = None,
    **_: Any,
) -> Figure:
    """Choropleth of the districts of one department, or of Lima and Callao (the default)."""
    title = translate("charts", "Map of reports per district of a department")
    if not report.years(source):
        return _no_reports(title, figure, report, source)
    data = map_data.district_map(report, department or map_data.LIMA_CALLAO, source, year, crime)
    return maps.draw_map(data, report, new_figure(figure))


# The options of the command line that narrow what a chart shows (the others choose how it looks).
CHART_FILTERS = ("year", "department", "crime", "district", "level")
BUILDERS: dict[int, Callable[..., Figure]] = {
    1: chart_1,
    2: chart_2,
    3: chart_3,
    4: chart_4,
    5: chart_5,
    6: chart_6,
    7: chart_7,
    8: chart_8,
    9: chart_9,
    10: chart_10,
    11: chart_11,
    12: chart_12,
}


def check_filters(number: int, report: CrimeReport, options: dict[str, Any]) -> None:
    """Refuse filters that chart ``number`` would ignore or that match nothing, naming what is valid (the
    command line's values are typed by hand; the tab offers only valid ones)."""
    from s2c_desktop.errors import InputError

    builder = BUILDERS.get(number)
    if builder is None:
        return
    takes = [name for name in inspect.signature(builder).parameters if name in CHART_FILTERS]
    for name, value in options.items():
        if name in CHART_FILTERS and value is not None and name not in takes:
            uses = ", ".join(f"--{n}" for n in takes) or "no filters"
            raise InputError(f"chart {number} does not use --{name} (it takes {uses})")
    if options.get("department") is not None:  # an unknown one is an error naming them all
        if number == 12:  # the district map also takes Lima and Callao together
            map_data.region_prefixes(options["department"])
        else:
            report.department_range(options["department"])
    year = options.get("year")
    if year is not None:
        source = options.get("source") or "auto"
        years = report.years(source)
        if year not in years:
            span = f"{years[0]}–{years[-1]}" if years else "none"
            raise InputError(
                f"no police reports in {year} ({', '.join(report.resolve_source(source))}); years with "
                f"data: {span}"
            )


def build_chart(number: int, report: CrimeReport | None = None, **options: Any) -> Figure:
    from s2c_desktop.errors import InputError

    if number not in BUILDERS:
        raise InputError(f"no chart {number}; charts are numbered 1 to {len(BUILDERS)}")
    return BUILDERS[number](report or CrimeReport(), **options)
