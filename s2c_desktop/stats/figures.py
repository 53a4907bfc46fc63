"""Figures shared by the charts and the maps: a new or reused figure, titles, the empty state, saving."""

from __future__ import annotations

import math
import textwrap
from pathlib import Path
from typing import Any

from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from s2c_desktop.atomic import atomic_path
from s2c_desktop.stats.cleaning import crime_label as crime_label  # charts, maps and the tab use it from here

FIGSIZE = (8.0, 5.2)


def new_figure(figure: Figure | None = None) -> Figure:
    """The figure to draw on: the app's canvas figure (cleared) or a new one."""
    if figure is None:
        return Figure(figsize=FIGSIZE, layout="constrained")
    figure.clear()
    figure.s2c_empty = False  # type: ignore[attr-defined]
    return figure


def set_title(axes: Any, text: str) -> None:
    axes.set_title("\n".join(textwrap.wrap(text, 70)), fontsize=10)


def empty_figure(title: str, message: str, figure: Figure | None = None) -> Figure:
    figure = new_figure(figure)
    axes = figure.add_subplot()
    axes.set_axis_off()
    set_title(axes, title)
    axes.text(
        0.5,
        0.5,
        message,
        ha="center",
        va="center",
        wrap=True,
        fontsize=11,
        color="#555555",
        transform=axes.transAxes,
    )
    figure.s2c_empty = True  # type: ignore[attr-defined]
    return figure


def count_axis(axis: Any) -> None:
    """Whole numbers only on an axis of counts (no 0.5 robberies)."""
    axis.set_major_locator(MaxNLocator(integer=True))


def barh(figure: Figure, labels: list[str], values: list[int], title: str, xlabel: str) -> None:
    axes = figure.add_subplot()
    positions = range(len(labels))
    bars = axes.barh(list(positions), values, color="#3b6ea8")
    axes.set_yticks(list(positions), labels=[crime_label(label) for label in labels])
    axes.invert_yaxis()
    axes.bar_label(bars, padding=2, fontsize=8)
    axes.set_xlabel(xlabel)
    count_axis(axes.xaxis)
    set_title(axes, title)
    axes.margins(x=0.12)


def is_empty_state(figure: Figure) -> bool:
    return bool(getattr(figure, "s2c_empty", False))


# Exports are for print: at least 300 dpi, and at least 2400 px wide however narrow the content (a tall map).
PRINT_DPI = 300
PRINT_WIDTH_PX = 2400
PAD_INCHES = 0.15


def save_figure(figure: Figure, target: str | Path) -> None:
    """PNG/SVG/PDF by the file's suffix, at print resolution, written atomically."""
    target = Path(target)
    fmt = target.suffix.lower().lstrip(".") or "png"
    # "tight" keeps what constrained layout puts at the edges (the right frame, a side legend) in the file.
    width_inches = figure.get_tightbbox().width + 2 * PAD_INCHES
    dpi = max(PRINT_DPI, math.ceil(PRINT_WIDTH_PX / width_inches))
    with atomic_path(target) as tmp:
        figure.savefig(tmp, format=fmt, dpi=dpi, bbox_inches="tight", pad_inches=PAD_INCHES)
