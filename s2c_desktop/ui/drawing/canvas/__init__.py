"""The drawing canvas: widget, tools, undo commands, face guide, zoom and pan."""

from s2c_desktop.ui.drawing.canvas.none_guard import protect_none_refcount

# Drawing makes thousands of PySide6 void calls a second; see none_guard for why this must run first.
protect_none_refcount()
