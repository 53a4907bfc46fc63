"""Runs the real app offscreen in its own process for the crash tests (see test_crash_restore.py).

    python -m tests.ui.drawing.app_driver draw MODEL     # draw, fill the case, wait for an autosave, idle
    python -m tests.ui.drawing.app_driver restore MODEL  # start, report the restore offer, accept it, exit

Each step prints one JSON line on stdout. ``S2C_HOME`` must point at the test's folder.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _say(**values: object) -> None:
    sys.stdout.write(json.dumps(values) + "\n")
    sys.stdout.flush()


def main() -> int:
    mode, model = sys.argv[1], sys.argv[2]
    from PySide6.QtCore import QTimer

    from s2c_desktop.ui.application import create_application, create_main_window
    from tests.ui.drawing.canvas.events import line_points, mouse_stroke

    app = create_application()
    window = create_main_window(app, argparse.Namespace(lang="en", model=model, datasets=None, debug=False))
    tab = window.drawing_tab
    tab.ask_before_discarding = False
    window.show()
    window.start()

    def digest() -> str:
        return hashlib.sha256(tab.canvas.document.pixels.tobytes()).hexdigest()

    if mode == "draw":

        def draw() -> None:
            mouse_stroke(tab.canvas, line_points(100, 150, 300, 160))
            mouse_stroke(tab.canvas, line_points(150, 300, 250, 320))
            tab.case_panel.case_number.setText("CRASH-42")
            tab.case_panel.case_number.textEdited.emit("CRASH-42")
            poll.start(50)

        def check() -> None:
            if tab.autosave.saves >= 1 and not tab.autosaver.timer.isActive():
                poll.stop()
                _say(state="autosaved", sha=digest(), ink=int((tab.canvas.document.pixels < 250).sum()))

        poll = QTimer()
        poll.timeout.connect(check)
        QTimer.singleShot(200, draw)
    else:

        def report() -> None:
            offer = tab.autosaver.offer
            _say(state="offer", offered=offer is not None, text=offer.text() if offer else "")
            if offer is None:
                app.quit()
                return
            restore_button = [b for b in offer.buttons() if b.objectName() == "restoreButton"][0]
            restore_button.click()
            _say(
                state="restored",
                sha=digest(),
                case_number=tab.case_panel.fields()["case_number"],
                dirty=tab.dirty,
                title=window.windowTitle(),
            )
            window.close()

        QTimer.singleShot(500, report)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
