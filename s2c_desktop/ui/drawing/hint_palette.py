"""The colour-hint palette: the 10 Monk Skin Tone swatches, common hair and eye colours, with their names.

Monk Skin Tone scale: Ellis Monk, Google (2022), https://skintone.google (CC BY 4.0); hex values as published.
Hair and eye colours are typical values measured on photos, named the way a witness says them. The names also
label the colours on the case sheet; a free colour (picker, eyedropper) is shown by its hex code there.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication

from s2c_desktop.engine.hints import MONK_SKIN_TONES

HAIR_COLOURS = ("#141414", "#3b2a20", "#5e4030", "#8b6a4f", "#d4b072", "#a5492a", "#9a9a9a", "#ececec")
EYE_COLOURS = ("#3d2314", "#6b4226", "#8e7040", "#5a7d4a", "#4f7aa8", "#7d8a96")


@dataclass(frozen=True)
class Swatch:
    hex: str
    name: str  # translated when the palette is built

    @property
    def rgb(self) -> tuple[int, int, int]:
        return int(self.hex[1:3], 16), int(self.hex[3:5], 16), int(self.hex[5:7], 16)


def palette() -> list[tuple[str, list[Swatch]]]:
    """(group title, swatches) in the order the toolbar shows them; names in the interface language."""
    skin = [
        Swatch(hex_, QCoreApplication.translate("HintPalette", "Skin, Monk tone {0}").format(index))
        for index, hex_ in enumerate(MONK_SKIN_TONES, 1)
    ]
    hair_names = [
        QCoreApplication.translate("HintPalette", "Black hair"),
        QCoreApplication.translate("HintPalette", "Dark brown hair"),
        QCoreApplication.translate("HintPalette", "Brown hair"),
        QCoreApplication.translate("HintPalette", "Light brown hair"),
        QCoreApplication.translate("HintPalette", "Blond hair"),
        QCoreApplication.translate("HintPalette", "Red hair"),
        QCoreApplication.translate("HintPalette", "Grey hair"),
        QCoreApplication.translate("HintPalette", "White hair"),
    ]
    eye_names = [
        QCoreApplication.translate("HintPalette", "Dark brown eyes"),
        QCoreApplication.translate("HintPalette", "Brown eyes"),
        QCoreApplication.translate("HintPalette", "Hazel eyes"),
        QCoreApplication.translate("HintPalette", "Green eyes"),
        QCoreApplication.translate("HintPalette", "Blue eyes"),
        QCoreApplication.translate("HintPalette", "Grey eyes"),
    ]
    return [
        (QCoreApplication.translate("HintPalette", "Skin"), skin),
        (
            QCoreApplication.translate("HintPalette", "Hair"),
            [Swatch(h, n) for h, n in zip(HAIR_COLOURS, hair_names, strict=True)],
        ),
        (
            QCoreApplication.translate("HintPalette", "Eyes"),
            [Swatch(h, n) for h, n in zip(EYE_COLOURS, eye_names, strict=True)],
        ),
    ]


def describe_colour(rgb: tuple[int, int, int]) -> str:
    """The palette name of this colour, or its hex code for a free colour."""
    code = "#{:02x}{:02x}{:02x}".format(*rgb)
    for _title, swatches in palette():
        for swatch in swatches:
            if swatch.hex == code:
                return swatch.name
    return QCoreApplication.translate("HintPalette", "Colour {0}").format(code)


def palette_order(rgb: tuple[int, int, int]) -> int:
    """Where this colour sits in the palette (skin, hair, eyes); free colours come after all of them."""
    code = "#{:02x}{:02x}{:02x}".format(*rgb)
    codes = [*MONK_SKIN_TONES, *HAIR_COLOURS, *EYE_COLOURS]
    return codes.index(code) if code in codes else len(codes)
