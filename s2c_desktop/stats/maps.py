"""Charts 11 and 12: choropleth maps of Peru by department and of the districts of one department (or of
Lima and Callao), drawn with matplotlib from :mod:`map_data` (no GIS library needed).

Regions without reports in the chosen source, year and crime are grey and named "no data" in the legend;
the colour bar gives the counts. Districts with reports but no polygon are listed under the map. The figure
keeps :class:`MapHits` so the app can name the region under the mouse.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from typing import Any

from matplotlib.collections import PatchCollection
from matplotlib.colors import PowerNorm
from matplotlib.figure import Figure
from matplotlib.patches import Patch, PathPatch
from matplotlib.path import Path as MplPath

from s2c_desktop.stats import map_data
from s2c_desktop.stats.figures import crime_label
from s2c_desktop.stats.map_data import MapData
from s2c_desktop.stats.queries import CrimeReport
from s2c_desktop.stats.scope import report_scope
from s2c_desktop.stats.translation import translate

NO_DATA_COLOUR = "#e4e4e4"
EDGE_COLOUR = "#ffffff"
COLOUR_MAP = "YlOrRd"


@dataclass
class MapHits:
    """The drawn regions, for naming the one under the mouse: ``(code, name, reports or None)`` per patch."""

    collections: list[tuple[PatchCollection, list[tuple[str, str, int | None]]]]

    def region_at(self, mouse_event: Any) -> tuple[str, str, int | None] | None:
        for collection, regions in self.collections:
            hit, details = collection.contains(mouse_event)
            if hit and len(details.get("ind", [])):
                return regions[int(details["ind"][0])]
        return None


def _path(rings: list[map_data.Ring]) -> MplPath:
    """One compound path: outer rings and holes (GeoJSON winds holes the other way, so they stay empty)."""
    vertices: list[tuple[float, float]] = []
    codes: list[int] = []
    for ring in rings:
        vertices += ring
        codes += [MplPath.MOVETO] + [MplPath.LINETO] * (len(ring) - 2) + [MplPath.CLOSEPOLY]
    return MplPath(vertices, codes)


def _title(data: MapData, report: CrimeReport) -> str:
    what = crime_label(data.crime) if data.crime else translate("maps", "All crimes")
    if data.level == "department":
        title = translate("maps", "Reports per department of Peru, {0}").format(data.year)
    else:
        title = translate("maps", "Reports per district: {0}, {1}").format(data.area, data.year)
    scope = "+".join(data.sources)
    with_data = sorted({code[:2] for code in data.counts})
    if data.level == "department" and 0 < len(with_data) <= 3:
        names = {r.code: r.name for r in data.regions}
        scope += "; " + translate("maps", "data only for {0}").format(
            ", ".join(names.get(c, c) for c in with_data)
        )
    parts = [title, f"{what} ({scope})"]
    if not data.complete_year:
        parts.append(translate("maps", "partial year: not every month reported yet"))
    return "\n".join(parts)


def draw_map(data: MapData, report: CrimeReport, figure: Figure) -> Figure:
    axes = figure.add_subplot()
    drawn = [region for region in data.regions if region.rings]
    with_data = [r for r in drawn if r.code in data.counts]
    without = [r for r in drawn if r.code not in data.counts]
    hits: list[tuple[PatchCollection, list[tuple[str, str, int | None]]]] = []
    grey = PatchCollection(
        [PathPatch(_path(r.rings)) for r in without],
        facecolor=NO_DATA_COLOUR,
        edgecolor=EDGE_COLOUR,
        linewidth=0.4,
    )
    axes.add_collection(grey)
    hits.append((grey, [(r.code, r.name, None) for r in without]))
    values = [data.counts[r.code] for r in with_data]
    if with_data:
        coloured = PatchCollection(
            [PathPatch(_path(r.rings)) for r in with_data],
            cmap=COLOUR_MAP,
            norm=PowerNorm(0.5, vmin=0, vmax=max(max(values), 1)),
            edgecolor=EDGE_COLOUR,
            linewidth=0.4,
        )
        coloured.set_array(values)
        axes.add_collection(coloured)
        hits.insert(0, (coloured, [(r.code, r.name, data.counts[r.code]) for r in with_data]))
        # Inset at the map's right edge: a colour bar beside the axes would pull the map off-centre.
        bar = figure.colorbar(coloured, cax=axes.inset_axes((1.02, 0.1, 0.035, 0.8)))
        bar.set_label(translate("maps", "reports"))
    axes.autoscale_view()
    axes.set_aspect("equal")
    axes.set_axis_off()
    axes.legend(
        handles=[Patch(facecolor=NO_DATA_COLOUR, edgecolor="#999999", label=translate("maps", "no data"))],
        loc="upper left",
        fontsize=8,
        frameon=False,
    )
    axes.set_title(_title(data, report), fontsize=10)
    if not data.counts:
        _say_no_data(axes, data, report)
    if data.without_polygon:
        listed = ", ".join(f"{name} ({n})" for _, name, n in data.without_polygon[:8])
        more = len(data.without_polygon) - 8
        note = translate(
            "maps",
            "Reports in districts without a polygon on this map (created after 2007, or too small for the simplified limits): {0}",  # noqa: E501 - one literal, as lupdate reads it
        )
        text = note.format(listed + (f" … +{more}" if more > 0 else ""))
        figure.text(0.01, 0.01, "\n".join(textwrap.wrap(text, 120)), fontsize=7, color="#8a3b00", va="bottom")
    figure.s2c_map = MapHits(hits)  # type: ignore[attr-defined]
    figure.s2c_map_data = data  # type: ignore[attr-defined]
    return figure


def _say_no_data(axes: Any, data: MapData, report: CrimeReport) -> None:
    """A map left all grey by its filters says so, and where the source does have reports."""
    what = crime_label(data.crime) if data.crime else translate("maps", "any crime")
    source = data.sources[0] if len(data.sources) == 1 else "ALL"
    message = translate("maps", "No reports of {0} in {1}, {2} ({3}).").format(
        what, data.area, data.year, "+".join(data.sources)
    )
    place = report_scope(report, source).place
    if place:
        message += "\n" + translate("maps", "This source has reports for: {0}.").format(place)
    axes.text(
        0.5,
        0.5,
        "\n".join(textwrap.fill(line, 60) for line in message.split("\n")),
        ha="center",
        va="center",
        fontsize=11,
        color="#333333",
        transform=axes.transAxes,
        bbox={"boxstyle": "round,pad=0.6", "facecolor": "white", "edgecolor": "#999999", "alpha": 0.92},
    )


def map_hits(figure: Figure) -> MapHits | None:
    return getattr(figure, "s2c_map", None)


def map_data_of(figure: Figure) -> MapData | None:
    return getattr(figure, "s2c_map_data", None)
