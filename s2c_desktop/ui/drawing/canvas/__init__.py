"""The drawing canvas: widget, tools, undo commands, face guide, zoom and pan."""
