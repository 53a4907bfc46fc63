"""Undo commands that store only the rectangle a change touched (before and after pixels).

One stroke = one :class:`PixelRectCommand` (napari labels' ``_begin_stroke``/``_commit_stroke`` idea): a
small stroke on the 800×1000 paper costs a few kilobytes, not the 800 kB of a full copy. Clearing and
loading use the same command over the bounding box of the pixels that actually differ.

Memory budget: the history is unlimited in steps but bounded in bytes. When the pixels held by all
commands exceed :data:`DEFAULT_UNDO_BUDGET_BYTES` (256 MiB, about 1 300 full-page replacements or tens
of thousands of ordinary strokes), the oldest commands are dropped until the history holds at most
three quarters of the budget. QUndoStack cannot remove its oldest command, so :func:`trim_to_budget`
rebuilds the stack from the newest commands' data without touching the pixels.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from PySide6.QtGui import QUndoCommand, QUndoStack

from s2c_desktop.sketch.document import Rect

DEFAULT_UNDO_BUDGET_BYTES = 256 * 1024 * 1024
_TRIM_TARGET_FRACTION = 0.75

ApplyPixels = Callable[[Rect, np.ndarray], None]


@dataclass(frozen=True)
class PixelChange:
    rect: Rect
    before: np.ndarray
    after: np.ndarray
    text: str

    @property
    def byte_size(self) -> int:
        return int(self.before.nbytes + self.after.nbytes)


class PixelRectCommand(QUndoCommand):
    """Writes ``after`` into ``rect`` on redo and ``before`` on undo, through the canvas's ``apply``."""

    def __init__(self, change: PixelChange, apply: ApplyPixels, *, already_applied: bool = False) -> None:
        super().__init__(change.text)
        self.change = change
        self._apply = apply
        # Set when the stack is rebuilt: the pixels already hold ``after``, the push must not re-emit.
        self._skip_next_redo = already_applied

    @property
    def rect(self) -> Rect:
        return self.change.rect

    @property
    def apply(self) -> ApplyPixels:
        """Where this command writes (the sketch or the hint layer)."""
        return self._apply

    @property
    def byte_size(self) -> int:
        return self.change.byte_size

    def redo(self) -> None:
        if self._skip_next_redo:
            self._skip_next_redo = False
            return
        self._apply(self.change.rect, self.change.after)

    def undo(self) -> None:
        self._apply(self.change.rect, self.change.before)


def diff_change(before_full: np.ndarray, after_full: np.ndarray, text: str) -> PixelChange | None:
    """The smallest rectangle change turning ``before_full`` into ``after_full``; None when equal."""
    differs = before_full != after_full
    if differs.ndim == 3:  # RGBA (the hint layer): a pixel differs when any channel does
        differs = differs.any(axis=2)
    rows = np.flatnonzero(differs.any(axis=1))
    if rows.size == 0:
        return None
    cols = np.flatnonzero(differs.any(axis=0))
    top, bottom, left, right = int(rows[0]), int(rows[-1]) + 1, int(cols[0]), int(cols[-1]) + 1
    return PixelChange(
        rect=(left, top, right - left, bottom - top),
        before=before_full[top:bottom, left:right].copy(),
        after=after_full[top:bottom, left:right].copy(),
        text=text,
    )


def history_bytes(stack: QUndoStack) -> int:
    """Pixel bytes held by every command on the stack (done and undone)."""
    return sum(getattr(stack.command(i), "byte_size", 0) for i in range(stack.count()))


def trim_to_budget(stack: QUndoStack, budget_bytes: int) -> int:
    """Drop the oldest commands when the history exceeds ``budget_bytes``; returns how many were dropped.

    Only trims when nothing is undone (right after a push), so the current pixels are the result of every
    command and the kept ones can be pushed back without re-applying them. The clean state survives when
    it lies among the kept commands.
    """
    if budget_bytes <= 0 or stack.index() != stack.count():
        return 0
    commands = [stack.command(i) for i in range(stack.count())]
    sizes = [getattr(command, "byte_size", 0) for command in commands]
    if sum(sizes) <= budget_bytes:
        return 0
    target = budget_bytes * _TRIM_TARGET_FRACTION
    kept_bytes, first_kept = 0, len(commands)
    while first_kept > 0 and (first_kept == len(commands) or kept_bytes + sizes[first_kept - 1] <= target):
        first_kept -= 1
        kept_bytes += sizes[first_kept]
    if any(not isinstance(command, PixelRectCommand) for command in commands[first_kept:]):
        return 0  # a foreign command we cannot rebuild: keep everything rather than corrupt the history
    kept = [(command.change, command.apply) for command in commands[first_kept:]]  # type: ignore[attr-defined]
    clean_index = stack.cleanIndex()
    new_clean = clean_index - first_kept if clean_index >= first_kept else -1
    stack.clear()
    if new_clean == 0:
        stack.setClean()
    for position, (change, apply) in enumerate(kept, start=1):
        stack.push(PixelRectCommand(change, apply, already_applied=True))
        if position == new_clean:
            stack.setClean()
    if new_clean < 0:
        stack.resetClean()
    return first_kept
