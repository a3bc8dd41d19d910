"""Debian fonts with full Vietnamese coverage, checked by rendering (a missing glyph draws
the same box as a private-use code point)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path("/usr/share/fonts/truetype")
# family -> (regular, bold, italic, bold italic)
CANDIDATES: dict[str, tuple[str, str, str, str]] = {
    "DejaVu Serif": ("dejavu/DejaVuSerif.ttf", "dejavu/DejaVuSerif-Bold.ttf",
                     "dejavu/DejaVuSerif-Italic.ttf", "dejavu/DejaVuSerif-BoldItalic.ttf"),
    "DejaVu Sans": ("dejavu/DejaVuSans.ttf", "dejavu/DejaVuSans-Bold.ttf",
                    "dejavu/DejaVuSans-Oblique.ttf", "dejavu/DejaVuSans-BoldOblique.ttf"),
    "DejaVu Serif Condensed": ("dejavu/DejaVuSerifCondensed.ttf",
                               "dejavu/DejaVuSerifCondensed-Bold.ttf",
                               "dejavu/DejaVuSerifCondensed-Italic.ttf",
                               "dejavu/DejaVuSerifCondensed-BoldItalic.ttf"),
    "Noto Serif": ("noto/NotoSerif-Regular.ttf", "noto/NotoSerif-Bold.ttf",
                   "noto/NotoSerif-Italic.ttf", "noto/NotoSerif-BoldItalic.ttf"),
    "Noto Sans": ("noto/NotoSans-Regular.ttf", "noto/NotoSans-Bold.ttf",
                  "noto/NotoSans-Italic.ttf", "noto/NotoSans-BoldItalic.ttf"),
    "Liberation Serif": ("liberation2/LiberationSerif-Regular.ttf",
                         "liberation2/LiberationSerif-Bold.ttf",
                         "liberation2/LiberationSerif-Italic.ttf",
                         "liberation2/LiberationSerif-BoldItalic.ttf"),
    "Liberation Sans": ("liberation2/LiberationSans-Regular.ttf",
                        "liberation2/LiberationSans-Bold.ttf",
                        "liberation2/LiberationSans-Italic.ttf",
                        "liberation2/LiberationSans-BoldItalic.ttf"),
    "Liberation Mono": ("liberation2/LiberationMono-Regular.ttf",
                        "liberation2/LiberationMono-Bold.ttf",
                        "liberation2/LiberationMono-Italic.ttf",
                        "liberation2/LiberationMono-BoldItalic.ttf"),
}
STYLES = ("regular", "bold", "italic", "bolditalic")
PROBE = ("ĂÂĐÊÔƠƯăâđêôơư "
         "ẠẢẤẦẨẪẬẮẰẲẴẶẸẺẼẾỀỂỄỆỈỊỌỎỐỒỔỖỘỚỜỞỠỢỤỦỨỪỬỮỰỲỴỶỸ "
         "ạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ")


def _glyph(font: ImageFont.FreeTypeFont, ch: str) -> bytes:
    img = Image.new("L", (48, 48), 0)
    ImageDraw.Draw(img).text((4, 4), ch, font=font, fill=255)
    return img.tobytes()


def covers_vietnamese(path: Path) -> bool:
    font = ImageFont.truetype(str(path), 32)
    missing = _glyph(font, "\ue000")
    return all(_glyph(font, ch) != missing for ch in PROBE if ch != " ")


@cache
def families() -> tuple[str, ...]:
    """Installed families whose four styles all draw every Vietnamese letter."""
    ok = []
    for family, files in CANDIDATES.items():
        paths = [ROOT / f for f in files]
        if all(p.exists() for p in paths) and all(covers_vietnamese(p) for p in paths):
            ok.append(family)
    if not ok:
        raise RuntimeError("no installed font draws Vietnamese (install fonts-dejavu-core)")
    return tuple(ok)


@cache
def font(family: str, style: str, size: int) -> ImageFont.FreeTypeFont:
    path = ROOT / CANDIDATES[family][STYLES.index(style)]
    return ImageFont.truetype(str(path), size)
