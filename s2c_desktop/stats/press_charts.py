"""The charts of the press-reported robberies of Lima and Callao (charts 1, 2, 3, 6 and 7): what the study's
newspaper sample says, over the period it covers."""

from __future__ import annotations

import re
from collections import OrderedDict
from typing import Any

from matplotlib.figure import Figure

from s2c_desktop.stats.cleaning import AGE_GROUPS, NOT_SPECIFIED, study_age_group
from s2c_desktop.stats.figures import barh, count_axis, empty_figure, new_figure, set_title
from s2c_desktop.stats.queries import CrimeReport
from s2c_desktop.stats.scope import robbery_period
from s2c_desktop.stats.translation import translate

DEFAULT_DISTRICT = "San Juan de Lurigancho"


def _no_robberies(title: str, figure: Figure | None = None) -> Figure:
    # One literal per translate() call, so that lupdate finds it.
    message = translate(
        "charts",
        "No press-reported robberies in the database.\nImport crime/grupo_data_criminal.xlsx (Import button, or 's2c stats import').",  # noqa: E501 - one literal, as lupdate reads it
    )
    return empty_figure(title, message, figure)


def _period(report: CrimeReport) -> str:
    return robbery_period(report)


def chart_1(report: CrimeReport, top: int = 20, figure: Figure | None = None, **_: Any) -> Figure:
    rows = [(d, n) for d, _, n in report.query_2().rows]
    title = translate("charts", "Robberies per district of Lima and Callao")
    if not rows:
        return _no_robberies(title, figure)
    figure = new_figure(figure)
    shown = rows[:top]
    barh(
        figure,
        [d for d, _ in shown],
        [n for _, n in shown],
        translate("charts", "{0} ({1}, press reports)").format(title, _period(report)),
        translate("charts", "robberies"),
    )
    return figure


def age_group_counts(report: CrimeReport) -> tuple[OrderedDict[str, int], int]:
    """Victims per age group (a robbery naming several groups counts in each) and robberies with an age."""
    counts: OrderedDict[str, int] = OrderedDict((g, 0) for g in AGE_GROUPS)
    known = 0
    for value, n in report.column_counts("edad_victima"):
        groups = re.findall(r"(\d+)\s*-\s*(\d+)", value or "")
        if not groups:
            continue
        known += n
        for low, high in groups:
            label = study_age_group(int(low), int(high)) or f"{low}-{high}"
            counts[label] = counts.get(label, 0) + n
    return OrderedDict((k, v) for k, v in counts.items() if v), known


def chart_2(report: CrimeReport, figure: Figure | None = None, **_: Any) -> Figure:
    title = translate("charts", "Victims' age groups")
    counts, known = age_group_counts(report)
    if not counts:
        total = report.robbery_count()
        if total:
            return empty_figure(
                title, translate("charts", "No robbery in the database states the victim's age."), figure
            )
        return _no_robberies(title, figure)
    figure = new_figure(figure)
    axes = figure.add_subplot()
    years_label = translate("charts", "{0} years")
    axes.pie(
        list(counts.values()),
        labels=[years_label.format(k) for k in counts],
        autopct="%1.0f%%",
        startangle=90,
        counterclock=False,
    )
    set_title(
        axes,
        translate("charts", "{0} ({1}; {2} of {3} robberies state it)").format(
            title, _period(report), known, report.robbery_count()
        ),
    )
    return figure


def chart_3(
    report: CrimeReport, district: str | None = None, figure: Figure | None = None, **_: Any
) -> Figure:
    district = district or DEFAULT_DISTRICT
    title = translate("charts", "Robberies per type in {0}").format(district)
    if not report.robbery_count():
        return _no_robberies(title, figure)
    rows = report.types_in_district(district)
    if not rows:
        return empty_figure(title, translate("charts", "No robberies recorded in this district."), figure)
    figure = new_figure(figure)
    axes = figure.add_subplot()
    bars = axes.bar([t for t, _ in rows], [n for _, n in rows], color="#a8433b")
    axes.bar_label(bars, padding=2)
    axes.set_ylabel(translate("charts", "robberies"))
    count_axis(axes.yaxis)
    set_title(axes, f"{title} ({_period(report)})")
    axes.tick_params(axis="x", rotation=30)
    return figure


def chart_6(report: CrimeReport, top: int = 15, figure: Figure | None = None, **_: Any) -> Figure:
    title = translate("charts", "Occupations most affected")
    rows = [(o, n) for o, n in report.column_counts("ocupacion") if o != NOT_SPECIFIED]
    if not report.robbery_count():
        return _no_robberies(title, figure)
    if not rows:
        return empty_figure(
            title, translate("charts", "No robbery in the database states the victim's occupation."), figure
        )
    figure = new_figure(figure)
    barh(
        figure,
        [o for o, _ in rows[:top]],
        [n for _, n in rows[:top]],
        f"{title} ({_period(report)})",
        translate("charts", "robberies"),
    )
    return figure


def chart_7(report: CrimeReport, figure: Figure | None = None, **_: Any) -> Figure:
    title = translate("charts", "Robbery types")
    rows = [(name, n) for name, _, n in report.query_1().rows if n]
    if not rows:
        return _no_robberies(title, figure)
    figure = new_figure(figure)
    axes = figure.add_subplot()
    total = sum(n for _, n in rows)
    # Names in a legend and percentages only on wedges wide enough: small wedges' labels overlapped.
    wedges, _texts, _autotexts = axes.pie(
        [n for _, n in rows],
        autopct=lambda p: f"{p:.0f}%" if p >= 4 else "",
        startangle=90,
        counterclock=False,
        pctdistance=0.75,
        wedgeprops={"edgecolor": "white"},
    )
    axes.legend(
        wedges,
        [f"{t} ({n}, {100 * n / total:.0f}%)" for t, n in rows],
        loc="center left",
        bbox_to_anchor=(1.0, 0.5),
        fontsize=8,
        frameon=False,
    )
    set_title(
        axes,
        translate("charts", "{0} ({1}, {2} robberies)").format(
            title, _period(report), sum(n for _, n in rows)
        ),
    )
    return figure
