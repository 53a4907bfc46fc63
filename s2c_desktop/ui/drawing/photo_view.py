"""The colorized photo beside the sketch: scaled to fit, never stretched, with a hint while empty."""

from __future__ import annotations

import time

from PySide6.QtCore import QCoreApplication, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from s2c_desktop.ui.language import follow_language

FRAME_ASPECT = 4 / 5  # width / height of the model frame


class PhotoView(QWidget):
    """Shows one QImage. ``shown(token, time)`` fires after the paint that first put a new image on screen,
    which is what "the photo is shown" means for the live-latency benchmark."""

    shown = Signal(object, float)  # token given to set_image, perf_counter() at paint end

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        follow_language(self, self.retranslate)
        self.setObjectName("photoView")
        self.setMinimumSize(QSize(160, 200))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.image: QImage | None = None
        self.busy = False
        self.stale = False
        self._token: object = None
        self._token_pending = False
        self.placeholder = ""
        self.retranslate()

    def retranslate(self) -> None:
        self.placeholder = self.tr(
            "The colorized photo appears here.\nPress “Colorize” or turn on live mode."
        )
        self.update()

    def set_image(self, image: QImage | None, token: object = None) -> None:
        self.image = image
        self._token = token
        self._token_pending = image is not None
        self.stale = False
        self.update()

    def set_busy(self, busy: bool) -> None:
        if busy != self.busy:
            self.busy = busy
            self.update()

    def set_stale(self, stale: bool) -> None:
        if stale != self.stale:
            self.stale = stale
            self.update()

    def photo_rect(self) -> QRectF:
        """The largest 4:5 rectangle centred in the widget."""
        margin = 8.0
        width, height = self.width() - 2 * margin, self.height() - 2 * margin
        if width / max(height, 1.0) > FRAME_ASPECT:
            width = height * FRAME_ASPECT
        else:
            height = width / FRAME_ASPECT
        return QRectF((self.width() - width) / 2, (self.height() - height) / 2, width, height)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.palette().window())
        rect = self.photo_rect()
        if self.image is None:
            painter.fillRect(rect, QColor(246, 246, 246))
            painter.setPen(QPen(QColor(190, 190, 190), 1, Qt.PenStyle.DashLine))
            painter.drawRect(rect)
            painter.setPen(QColor(110, 110, 110))
            painter.drawText(
                rect.adjusted(12, 12, -12, -12),
                int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap),
                self.placeholder,
            )
        else:
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawImage(rect, self.image)
            painter.setPen(QPen(QColor(160, 160, 160), 1))
            painter.drawRect(rect)
        if self.busy or self.stale:
            # A thin bar on top: the photo is being updated / no longer matches the sketch.
            color = QColor(40, 120, 220) if self.busy else QColor(230, 150, 40)
            painter.fillRect(QRectF(rect.left(), rect.top(), rect.width(), 4), color)
        painter.end()
        if self._token_pending:
            self._token_pending = False
            self.shown.emit(self._token, time.perf_counter())


class PhotoPanel(QWidget):
    """The photo with the Colorize button and the Live check box under it. Its strings use the "DrawingTab"
    translation context, as before the split."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        follow_language(self, self.retranslate)
        self.photo = PhotoView(self)
        self.colorize_button = QPushButton(self)
        self.colorize_button.setObjectName("colorizeButton")
        self.colorize_button.setMinimumHeight(40)
        # The one action artists look for: make it stand out from the tool buttons.
        self.colorize_button.setStyleSheet(
            "QPushButton#colorizeButton { font-weight: bold; font-size: 11pt; color: white;"
            " background: #2f6fd0; border: 1px solid #2459a8; border-radius: 4px; padding: 4px 16px; }"
            "QPushButton#colorizeButton:hover { background: #3a7ce0; }"
            "QPushButton#colorizeButton:pressed { background: #2459a8; }"
        )
        self.live_check = QCheckBox(self)
        self.live_check.setObjectName("liveCheck")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.photo, 3)
        buttons = QHBoxLayout()
        buttons.addWidget(self.colorize_button, 1)
        buttons.addWidget(self.live_check)
        layout.addLayout(buttons)
        self.retranslate()

    def retranslate(self) -> None:
        self.colorize_button.setText(QCoreApplication.translate("DrawingTab", "Colorize"))
        self.colorize_button.setToolTip(
            QCoreApplication.translate("DrawingTab", "Turn the sketch into a colour photo (Ctrl+Enter)")
        )
        self.live_check.setText(QCoreApplication.translate("DrawingTab", "Live"))
        self.live_check.setToolTip(
            QCoreApplication.translate("DrawingTab", "Update the photo by itself after each stroke")
        )


def side_by_side(parent: QWidget, sketch: QWidget, photo: QWidget, case: QWidget) -> QSplitter:
    """The drawing tab's three panes; most room to the sketch and the photo, the case fields narrower."""
    splitter = QSplitter(Qt.Orientation.Horizontal, parent)
    splitter.setObjectName("canvasSplitter")
    for index, (widget, stretch) in enumerate(((sketch, 5), (photo, 4), (case, 3))):
        splitter.addWidget(widget)
        splitter.setStretchFactor(index, stretch)
    return splitter
