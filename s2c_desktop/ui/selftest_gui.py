"""The GUI part of ``s2c-desktop --self-test``: build the real main window offscreen, look at it, close it."""

from __future__ import annotations

import argparse

from PySide6.QtCore import QCoreApplication, QEventLoop


def create_main_window_for_self_test(args: argparse.Namespace) -> str:
    from s2c_desktop.ui.application import create_application, create_main_window

    app = create_application()
    window = create_main_window(app, args)
    try:
        window.show()
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 200)
        if window.tabs.count() != 2:
            raise RuntimeError(f"expected 2 tabs, found {window.tabs.count()}")
        if window.stats_tab.objectName() == "statsErrorPanel":
            raise RuntimeError("the statistics tab failed to build (see the log)")
        image = window.grab().toImage()
        if image.isNull() or image.width() < 400:
            raise RuntimeError("the main window did not render")
        titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
        return (
            f"main window {image.width()}×{image.height()} with tabs {titles}, language "
            f"{window.prefs.language}"
        )
    finally:
        window.drawing_tab.shutdown()
        shutdown = getattr(window.stats_tab, "shutdown", None)
        if callable(shutdown):
            shutdown()
        window.hide()
        window.deleteLater()
        QCoreApplication.processEvents()
