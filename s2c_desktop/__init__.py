"""Sketch2Color Desktop: forensic face sketch to colour photo, plus Peruvian crime statistics.

This package must stay cheap to import: the command line and the bundle's self-test import it first.
"""

from __future__ import annotations

__version__ = "0.1.0"
APP_NAME = "Sketch2Color"
APP_AUTHOR = "s2c"
