"""Chart 8's sunburst: department, province and district as three rings of one pie.

Every wedge shown is big enough to carry its name and count; smaller siblings are grouped into one "others"
wedge of their parent (its label says how many it holds). The figure keeps :class:`SunburstHits` so the
app can name the wedge under the mouse with its full path and count, the grouped ones included.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from matplotlib.figure import Figure
from matplotlib.patches import Wedge

from s2c_desktop.stats.translation import translate

# (outer radius, ring width, most wedges per parent) of the department, province and district rings.
RINGS = ((0.42, 0.42, 8), (0.72, 0.30, 6), (1.0, 0.28, 5))
# A label fits when the wedge's arc at the ring's middle is this long (axes units, the pie's radius = 1).
LABEL_ARC = 0.16


def fits_label(share: float, depth: int) -> bool:
    """Whether a wedge with this share of the whole has room for its name and count on ring ``depth``."""
    outer, width, _ = RINGS[depth]
    return 2 * math.pi * share * (outer - width / 2) >= LABEL_ARC


@dataclass
class Node:
    name: str
    value: int
    children: list[Node] = field(default_factory=list)
    grouped: list[str] = field(default_factory=list)  # the names an "others" node holds


@dataclass
class SunburstHits:
    """The drawn wedges, for naming the one under the mouse: ``(wedge, path of names, reports)``."""

    wedges: list[tuple[Wedge, tuple[str, ...], int]]
    total: int

    def wedge_at(self, mouse_event: Any) -> tuple[tuple[str, ...], int] | None:
        for wedge, path, value in self.wedges:
            if wedge.contains(mouse_event)[0]:
                return path, value
        return None


def tree_of(rows: list[tuple[str, str, str, int]]) -> list[Node]:
    """(department, province, district, reports) rows as department nodes, largest first."""
    nested: dict[str, dict[str, list[tuple[str, int]]]] = defaultdict(lambda: defaultdict(list))
    for department, province, district, n in rows:
        nested[department][province].append((district, n))
    departments = []
    for department, provinces in nested.items():
        children = [
            Node(p, sum(n for _, n in d), [Node(name, n) for name, n in d]) for p, d in provinces.items()
        ]
        departments.append(Node(department, sum(c.value for c in children), children))
    return departments


def group_small(nodes: list[Node], total: int, depth: int) -> list[Node]:
    """The nodes of one parent, largest first, those too small for a label (or past the ring's count) in one
    "others" node; their children are grouped the same way one ring further out."""
    most = RINGS[depth][2]
    ordered = sorted(nodes, key=lambda node: (-node.value, node.name))
    kept = [n for n in ordered[:most] if fits_label(n.value / total, depth)] or ordered[:1]
    rest = ordered[len(kept) :]
    if len(rest) == 1:
        kept, rest = ordered, []
    shown = [
        Node(n.name, n.value, group_small(n.children, total, depth + 1) if depth + 1 < len(RINGS) else [])
        for n in kept
    ]
    if rest:
        others = translate("charts", "{0} others").format(len(rest))
        shown.append(Node(others, sum(n.value for n in rest), grouped=[n.name for n in rest]))
    return shown


def _label(node: Node, angle: float, depth: int) -> str:
    if not fits_label(angle / 360.0, depth):
        return ""
    name = node.name if len(node.name) <= 16 else node.name[:15] + "…"
    return f"{name}\n{node.value:,}".replace(",", " ")


def draw_sunburst(rows: list[tuple[str, str, str, int]], figure: Figure, colours: Any) -> SunburstHits:
    """The rings on a new axes of ``figure``; ``colours(i)`` gives the i-th department's RGBA colour."""
    axes = figure.add_subplot()
    departments = tree_of(rows)
    total = sum(d.value for d in departments)
    hits: list[tuple[Wedge, tuple[str, ...], int]] = []

    def draw(nodes: list[Node], depth: int, start: float, path: tuple[str, ...], colour: Any) -> None:
        outer, width, _ = RINGS[depth]
        angle = start
        for index, node in enumerate(nodes):
            sweep = 360.0 * node.value / total
            tint = colours(index) if depth == 0 else colour
            alpha = (1.0, 0.65, 0.4)[depth]
            # Clockwise from 12 o'clock, as the study's chart read.
            wedge = Wedge(
                (0, 0),
                outer,
                90 - angle - sweep,
                90 - angle,
                width=width,
                facecolor=(*tint[:3], alpha),
                edgecolor="white",
                linewidth=0.8,
            )
            axes.add_patch(wedge)
            where = node.grouped and ", ".join(node.grouped[:6]) + (" …" if len(node.grouped) > 6 else "")
            hits.append((wedge, (*path, node.name, *([where] if where else [])), node.value))
            text = _label(node, sweep, depth)
            if text:
                middle = math.radians(90 - angle - sweep / 2)
                radius = outer - width / 2
                axes.text(
                    radius * math.cos(middle),
                    radius * math.sin(middle),
                    text,
                    ha="center",
                    va="center",
                    fontsize=7 if depth else 8,
                )
            if depth + 1 < len(RINGS):
                draw(node.children, depth + 1, angle, (*path, node.name), tint)
            angle += sweep

    draw(group_small(departments, total, 0), 0, 0.0, (), None)
    axes.set_xlim(-1.05, 1.05)
    axes.set_ylim(-1.05, 1.05)
    axes.set_aspect("equal")
    axes.set_axis_off()
    return SunburstHits(hits, total)


def sunburst_hits(figure: Figure) -> SunburstHits | None:
    return getattr(figure, "s2c_sunburst", None)
