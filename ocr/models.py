"""Small typed values that flow out of ``ocr/``: words with boxes, lines, pages."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from ocr.layout import reading_text

# the OCR image's threshold: Otsu's one level, or a level per neighbourhood
# (``ocr.cleanup.local_threshold``)
Binarize = Literal["otsu", "wolf", "sauvola"]


@dataclass(frozen=True, slots=True)
class Box:
    """Pixel box on the cleaned page image (origin top-left)."""

    left: int
    top: int
    width: int
    height: int

    @property
    def right(self) -> int:
        return self.left + self.width

    @property
    def bottom(self) -> int:
        return self.top + self.height

    @property
    def center_y(self) -> float:
        return self.top + self.height / 2


@dataclass(frozen=True, slots=True)
class Word:
    text: str  # NFC
    confidence: float  # 0..1, tesseract's word confidence (capped when corrected)
    box: Box
    raw: str | None = None  # tesseract's reading when post-correction changed it
    # per letter of ``text``: (letter, tesseract's x_confs 0-100), the letter written first,
    # then the others it weighed (``ocr.choices``); () when not asked for or not matched
    choices: tuple[tuple[tuple[str, float], ...], ...] = field(default=(), compare=False,
                                                                 repr=False)


@dataclass(frozen=True, slots=True)
class Line:
    """A visual line: words that share a baseline band, left to right."""

    words: tuple[Word, ...]

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def confidence(self) -> float:
        return min((w.confidence for w in self.words), default=0.0)


@dataclass(frozen=True, slots=True)
class Frame:
    """The box inside a printed frame's innermost rules (px: left, top, right, bottom;
    ``ocr.frames``)."""

    left: int
    top: int
    right: int
    bottom: int

    def scaled(self, k: float) -> Frame:
        return Frame(*(round(v * k) for v in (self.left, self.top, self.right, self.bottom)))

    def fill_outside(self, image: np.ndarray, value: int | bool) -> None:
        """``image`` set to ``value`` outside the box, in place (slices: no page-wide mask)."""
        image[:self.top] = value
        image[self.bottom:] = value
        image[:, :self.left] = value
        image[:, self.right:] = value


@dataclass(frozen=True, slots=True)
class Grid:
    """A ruled table's geometry on the cleaned page: x of its vertical rules, y of its
    horizontal rules (both ascending). Cell (r, c) spans ys[r]..ys[r+1], xs[c]..xs[c+1]."""

    xs: tuple[int, ...]
    ys: tuple[int, ...]

    def column(self, x: float) -> int | None:
        return next((c for c in range(len(self.xs) - 1) if self.xs[c] <= x < self.xs[c + 1]), None)

    def row(self, y: float) -> int | None:
        return next((r for r in range(len(self.ys) - 1) if self.ys[r] <= y < self.ys[r + 1]), None)


@dataclass(frozen=True, slots=True)
class Reread:
    """A doubtful value read a second time from its crop (``ocr.reread``): ``first`` is the
    value's text as extraction took it off the page, ``second`` what tesseract read on the
    crop of its words alone (another page segmentation mode, scale and binarisation),
    ``confidence`` (0..1) that reading's lowest word confidence."""

    first: str
    second: str
    confidence: float


@dataclass(frozen=True, slots=True)
class OcrPage:
    width: int
    height: int
    dpi: int
    lines: tuple[Line, ...] = field(default_factory=tuple)
    rotation: int = 0  # degrees clockwise applied by cleanup (OSD)
    skew: float = 0.0  # degrees corrected by deskew
    grid: Grid | None = None  # the ruled table found by cleanup (register books)
    raw_text: str | None = None  # tesseract's text before post-correction (ocr.correct)
    gutter: int | None = None  # x of a two-page spread's fold; its pages were read apart
    grids: tuple[Grid, ...] = ()  # a spread's ruled table on each page, left first
    blank: bool = False  # no ink (ocr.blank): not read, no words, nothing to extract
    # second readings of the page's doubtful values (``pipeline.extract.second``)
    rereads: tuple[Reread, ...] = ()

    @property
    def tables(self) -> tuple[Grid, ...]:
        """The page's ruled tables in reading order: a spread's, else ``grid`` alone."""
        return self.grids or ((self.grid,) if self.grid is not None else ())

    @property
    def words(self) -> list[Word]:
        return [w for line in self.lines for w in line.words]

    @property
    def text(self) -> str:
        """The page's text, a line per visual line; a page set in columns is read column
        by column (``ocr.layout``), a page with ruled tables row by row."""
        if self.tables:
            return "\n".join(line.text for line in self.lines)
        return reading_text(self.lines)

    @property
    def mean_confidence(self) -> float:
        words = self.words
        return sum(w.confidence for w in words) / len(words) if words else 0.0
