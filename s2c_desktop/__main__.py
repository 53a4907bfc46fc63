"""``python -m s2c_desktop`` starts the desktop app (same as ``s2c-desktop``)."""

from __future__ import annotations

import sys

from s2c_desktop.app import main

if __name__ == "__main__":
    sys.exit(main())
