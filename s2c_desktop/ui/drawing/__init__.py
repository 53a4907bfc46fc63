"""The drawing tab: the canvas, the photo, the case panel, colorize/live, case files and the case sheet."""
