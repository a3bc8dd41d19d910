"""Pieces every form shares: the record being labelled, the national header, the title and
the signer block (title lines, signature, seal, name)."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from evaluation.indgen import names, places
from evaluation.indgen.canvas import Sheet

MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
SIGNER_TITLES = [
    ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"],
    ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"],
    ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"],
    ["CHỦ TỊCH"],
    ["PHÓ CHỦ TỊCH"],
]


@dataclass
class Record:
    """One labelled record; values are stored exactly as the truth file wants them."""
    type: str
    layout: str = "certificate"
    page: int = 1
    entry: int = 1
    fields: dict[str, str | int | None] = field(default_factory=dict)

    def text(self, key: str, value: str | None) -> str | None:
        """Store a printed text value (None when the form's blank is left empty)."""
        self.fields[key] = names.nfc(" ".join(value.split())) if value else None
        return value

    def date(self, key: str, value: dt.date | None, printed: str | None = None) -> str | None:
        self.fields[key] = value.isoformat() if value else None
        return printed if value else None

    def year(self, key: str, value: int | None) -> str | None:
        """A year as its 4 printed digits (the value convention of the truth files)."""
        self.fields[key] = f"{value:04d}" if value else None
        return self.fields[key]

    def as_json(self) -> dict:
        return {"type": self.type, "page": self.page, "entry": self.entry,
                "layout": self.layout, "fields": dict(self.fields)}


def header(sheet: Sheet, authority: list[str], number_line: str | None = None) -> None:
    """Authority (left, under it a rule and maybe ``Số: ...``) and the national motto (right)."""
    w = sheet.right - sheet.left
    small = sheet.font("title", 0.92, "regular")
    bold = sheet.font("title", 0.92, "bold")
    left = [(authority[0], small if len(authority) > 1 else bold)]
    left += [(a, bold) for a in authority[1:]]
    right = [(MOTTO[0], bold), (MOTTO[1], sheet.font("title", 0.98, "bold"))]
    sheet.blocks(left, right, sheet.left + w * 0.2, sheet.left + w * 0.68)
    if number_line:
        sheet.advance(0.3)
        sheet.centered(number_line, sheet.font("label", 1.0, "regular"), sheet.left + w * 0.2)
        sheet.advance()


def title(sheet: Sheet, text: str, sub: str | None = None, scale: float = 1.35) -> None:
    sheet.advance(0.8)
    sheet.centered(text, sheet.font("title", scale, "bold"))
    sheet.advance(1.1)
    if sub:
        sheet.centered(sub, sheet.font("title", 0.95, "italic"))
        sheet.advance()
    sheet.advance(0.4)


def signer_titles(rng: random.Random) -> list[str]:
    return list(rng.choice(SIGNER_TITLES))


def signer(sheet: Sheet, rng: random.Random, cx: float, titles: list[str], name: str,
           heading: list[str] | None = None, seal_text: str | None = None) -> None:
    """Heading lines (italic notes in brackets), bold title lines, signature with the seal
    over it, then the signer's name in bold."""
    for line in heading or []:
        style = "italic" if line.startswith("(") else "bold"
        sheet.centered(line, sheet.font("title", 0.9 if style == "italic" else 1.0, style), cx)
        sheet.advance()
    bold = sheet.font("title", 1.0, "bold")
    for line in titles:
        sheet.centered(line, bold, cx)
        sheet.advance()
    gap = sheet.mm(24)
    sheet.signature(cx + sheet.mm(4), sheet.y + gap * 0.35, rng)
    if seal_text:
        sheet.seal(cx - sheet.mm(14), sheet.y + gap * 0.3, seal_text, rng)
    sheet.y += gap
    sheet.centered(name, bold, cx)
    sheet.advance()


def official(rng: random.Random, c: places.Commune) -> str:
    sex = rng.choice(["Nam", "Nam", "Nữ"])
    return names.person_name(rng, sex, minority_rate=0.0).text


def seal_text(c: places.Commune, level: str = "commune") -> str:
    if (level == "district" or not c.ward) and c.district:
        return f"UBND {c.district} * {c.province} *"
    return f"UBND {c.ward} * {c.district or c.province} *"
