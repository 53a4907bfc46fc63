"""Per-tool brush sizes, as paint programs keep them (issue 26 §5): the pencil and the eraser each keep their
own size; ``[`` and ``]`` (and the size box) change only the active tool's. The colour-hint tools have their
own size already (the hint layer's)."""

from __future__ import annotations

from PySide6.QtCore import QObject

ERASER_FACTOR = 4.0  # a fresh eraser is this much wider than the pencil: erasing is a broad gesture


class ToolSizes(QObject):
    def __init__(self, canvas: QObject) -> None:
        super().__init__(canvas)
        self.canvas = canvas
        pencil = float(canvas.brush_size)  # type: ignore[attr-defined]
        self.sizes: dict[str, float] = {canvas.tool_name: pencil}  # type: ignore[attr-defined]
        self.sizes.setdefault("eraser", pencil * ERASER_FACTOR)
        canvas.brushSizeChanged.connect(self._remember)  # type: ignore[attr-defined]
        canvas.toolChanged.connect(self._restore)  # type: ignore[attr-defined]

    def _remember(self, size: float) -> None:
        self.sizes[self.canvas.tool_name] = float(size)  # type: ignore[attr-defined]

    def _restore(self, tool: str) -> None:
        size = self.sizes.get(tool)
        if size is None:
            self.sizes[tool] = float(self.canvas.brush_size)  # type: ignore[attr-defined]
        else:
            self.canvas.set_brush_size(size)  # type: ignore[attr-defined]
