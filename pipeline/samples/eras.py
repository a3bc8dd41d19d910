"""Certificates printed by other eras' templates: the same fields, other label wordings
(see ``pipeline/extract/eras.py`` for the templates). ``death-2020``: the Circular
04/2020 death extract, whose deceased and declarant are both labelled with the bare
"Họ, chữ đệm, tên". ``birth-2010``: a ``TP/HT-2010`` birth certificate ("Họ và tên",
"Nơi thường trú/tạm trú"), registered 2006-2015, no personal id, the declarant's 9-digit
CMND."""

from __future__ import annotations

import random
from datetime import date, timedelta

from pipeline.samples.certificates import birth_fields, birth_rows, death_fields, death_rows
from pipeline.samples.draw import Row, font
from schemas.dates import date_words

WORDINGS: dict[str, dict[str, str]] = {
    "death-2020": {"Họ, chữ đệm, tên người chết": "Họ, chữ đệm, tên",
                   "Họ, chữ đệm, tên người đi khai tử": "Họ, chữ đệm, tên"},
    "birth-2010": {"Họ, chữ đệm, tên người đi khai sinh": "Họ và tên người đi khai sinh",
                   "Họ, chữ đệm, tên người mẹ": "Họ và tên mẹ",
                   "Họ, chữ đệm, tên người cha": "Họ và tên cha",
                   "Họ, chữ đệm, tên": "Họ và tên", "Nơi cư trú": "Nơi thường trú/tạm trú",
                   "Giấy tờ tùy thân": "Giấy CMND số"},
}


def worded(rows: list[Row], era: str) -> list[Row]:
    """``rows`` with the labels as ``era``'s template prints them (longest first)."""
    swaps = sorted(WORDINGS[era].items(), key=lambda kv: -len(kv[0]))
    out = []
    for row in rows:
        segments = []
        for x, text in row.segments:
            old, new = next(((o, n) for o, n in swaps if text.startswith(o)), ("", ""))
            segments.append((x, new + text[len(old):]))
        out.append(Row(segments, row.style, row.size, row.column, row.gap, row.rule))
    return out


def birth_2010_fields(rng: random.Random) -> dict[str, str | None]:
    """A birth of 2006-2015 under the 2010 forms: ten years earlier, no personal id, the
    declarant's 9-digit CMND (``Giấy CMND số: 172354689``)."""
    f = birth_fields(rng)
    born = date.fromisoformat(f["date_of_birth"]) - timedelta(days=3653)
    registered = date.fromisoformat(f["registration_date"]) - timedelta(days=3653)
    for who in ("mother", "father"):
        if f[f"{who}_birth_year"]:
            f[f"{who}_birth_year"] = str(int(f[f"{who}_birth_year"]) - 10)
    return f | {"date_of_birth": born.isoformat(), "date_of_birth_words": date_words(born),
                "registration_date": registered.isoformat(), "personal_id": None,
                "book_number": f"{f['book_number'][:2]}/{registered.year}",
                "declarant_id_document": f"{rng.randrange(1, 999_999_999):09d}"}


def birth_2010_rows(f: dict[str, str | None]) -> list[Row]:
    rows = [r for r in birth_rows(f) if not r.text.startswith("Số định danh cá nhân")]
    rows = [Row([(x, t.replace("Căn cước công dân số ", "")) for x, t in r.segments],
                r.style, r.size, r.column, r.gap) for r in rows]
    return worded(rows, "birth-2010")


def death_2020_rows(f: dict[str, str | None]) -> list[Row]:
    return worded(death_rows(f), "death-2020")


ERA_KINDS = {"birth-2010": (birth_2010_fields, birth_2010_rows),
             "death-2020": (death_fields, death_2020_rows)}


def text_leaders(rows: list[Row]) -> list[Row]:
    """Each ``label: value`` followed by "…" to the next segment or the column's end, as a
    clerk's template types its leaders (issue #16: OCR reads them as junk after values)."""
    out = []
    for row in rows:
        ends = [x for x, _ in row.segments[1:]] + [row.column[1]]
        f = font(row.style, row.size)
        segments = []
        for (x, text), end in zip(row.segments, ends, strict=True):
            if x is not None and end is not None and ":" in text:
                room = end - 40 - x - f.getlength(text)
                text += "…" * max(0, int(room / f.getlength("…")))
            segments.append((x, text))
        out.append(Row(segments, row.style, row.size, row.column, row.gap, row.rule))
    return out
