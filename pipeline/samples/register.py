"""Register-book pages: one page holds several entries, each one record, with the book's
number and registry in the page header. Two layouts: labelled blocks (books since 2016)
and ruled tables (older books, landscape)."""

from __future__ import annotations

import random
import re
from datetime import date, timedelta

from PIL import Image, ImageDraw

from pipeline.samples.certificates import LEFT, MID, birth_fields, death_fields, death_time
from pipeline.samples.draw import A4, A4_LANDSCAPE, MARGIN, Row, font
from pipeline.samples.marriage import marriage_fields
from pipeline.samples.people import address, dmy, wrap
from schemas.identifiers import make_personal_id

TITLES = {"birth": "SỔ ĐĂNG KÝ KHAI SINH", "death": "SỔ ĐĂNG KÝ KHAI TỬ",
          "marriage": "SỔ ĐĂNG KÝ KẾT HÔN"}
PERSON = ["full_name", "date_of_birth", "ethnicity", "nationality", "residence", "id_document"]
def _reborn(id_document: str | None, year: int, sex: str) -> str | None:
    """The same identity card for a person whose birth date the book moved: its 12-digit
    number encodes the birth year and sex (schemas.identifiers), so it is made again with
    the same province and serial, and drawing no random number (seeds keep their pages)."""
    m = re.search(r"\d{12}", id_document or "")
    if not m:
        return id_document
    number = m.group()
    fresh = make_personal_id(number[:3], year, sex, int(number[6:]))
    return f"{id_document[:m.start()]}{fresh}{id_document[m.end():]}"


# What an entry of each book carries (the page header gives book_number, registration_place).
ENTRY_KEYS = {
    "birth": ["registration_number", "registration_date", "full_name", "date_of_birth", "sex",
              "ethnicity", "nationality", "place_of_birth", "mother_full_name",
              "father_full_name", "declarant_full_name"],
    "death": ["registration_number", "registration_date", "deceased_full_name", "date_of_birth",
              "sex", "ethnicity", "nationality", "death_datetime", "place_of_death",
              "cause_of_death", "declarant_full_name"],
    "marriage": ["registration_number", "registration_date",
                 *(f"{who}_{k}" for who in ("husband", "wife") for k in PERSON)],
}
# Table columns: (header, key, width in px); old books have no time of death, only the date.
TABLE_COLUMNS = {
    "birth": [("Số", "registration_number", 110), ("Ngày đăng ký", "registration_date", 270),
              ("Họ, chữ đệm, tên", "full_name", 480), ("Ngày sinh", "date_of_birth", 270),
              ("Giới tính", "sex", 170), ("Dân tộc", "ethnicity", 180),
              ("Nơi sinh", "place_of_birth", 560), ("Họ tên mẹ", "mother_full_name", 420),
              ("Họ tên cha", "father_full_name", 420), ("Ghi chú", "", 188)],
    "death": [("Số", "registration_number", 110), ("Ngày đăng ký", "registration_date", 270),
              ("Họ, chữ đệm, tên người chết", "deceased_full_name", 520),
              ("Ngày sinh", "date_of_birth", 270), ("Giới tính", "sex", 170),
              ("Ngày chết", "death_datetime", 270), ("Nơi chết", "place_of_death", 620),
              ("Nguyên nhân chết", "cause_of_death", 450), ("Ghi chú", "", 388)],
    "marriage": [("Số", "registration_number", 110), ("Ngày đăng ký", "registration_date", 270),
                 ("Họ tên chồng", "husband_full_name", 440),
                 ("Ngày sinh chồng", "husband_date_of_birth", 250),
                 ("Nơi cư trú chồng", "husband_residence", 560),
                 ("Họ tên vợ", "wife_full_name", 440), ("Ngày sinh vợ", "wife_date_of_birth", 250),
                 ("Nơi cư trú vợ", "wife_residence", 560), ("Ghi chú", "", 188)],
}
# The wide layout of many older books: 11 narrow columns, so headers wrap over 2-3 lines,
# names over 2-3 and places over 5-8; both parents in one cell ("parents": "Cha: ..." and
# "Mẹ: ..." lines, with their years), the declarant, and a notes column (Ghi chú) that
# holds later corrections.
WIDE_COLUMNS = {
    "birth": [("Số", "registration_number", 120), ("Ngày đăng ký", "registration_date", 230),
              ("Họ, chữ đệm, tên", "full_name", 240),
              ("Ngày, tháng, năm sinh", "date_of_birth", 230), ("Giới tính", "sex", 140),
              ("Dân tộc", "ethnicity", 160), ("Quốc tịch", "nationality", 190),
              ("Nơi sinh", "place_of_birth", 250), ("Họ, chữ đệm, tên cha, mẹ", "parents", 520),
              ("Họ, chữ đệm, tên người đi khai sinh", "declarant_full_name", 330),
              ("Ghi chú", "notes", 400)],
    "death": [("Số", "registration_number", 120), ("Ngày đăng ký", "registration_date", 230),
              ("Họ, chữ đệm, tên người chết", "deceased_full_name", 240),
              ("Ngày, tháng, năm sinh", "date_of_birth", 230), ("Giới tính", "sex", 140),
              ("Dân tộc", "ethnicity", 160), ("Ngày, tháng, năm chết", "death_datetime", 230),
              ("Nơi chết", "place_of_death", 250), ("Nguyên nhân chết", "cause_of_death", 300),
              ("Họ, chữ đệm, tên người đi khai tử", "declarant_full_name", 330),
              ("Ghi chú", "notes", 400)],
    "marriage": [("Số", "registration_number", 120), ("Ngày đăng ký", "registration_date", 230),
                 ("Họ, chữ đệm, tên chồng", "husband_full_name", 240),
                 ("Ngày, tháng, năm sinh chồng", "husband_date_of_birth", 230),
                 ("Dân tộc chồng", "husband_ethnicity", 170),
                 ("Nơi cư trú chồng", "husband_residence", 330),
                 ("Họ, chữ đệm, tên vợ", "wife_full_name", 240),
                 ("Ngày, tháng, năm sinh vợ", "wife_date_of_birth", 230),
                 ("Dân tộc vợ", "wife_ethnicity", 170), ("Nơi cư trú vợ", "wife_residence", 330),
                 ("Ghi chú", "notes", 400)],
}
PARENT_KEYS = ["father_full_name", "father_birth_year", "mother_full_name", "mother_birth_year"]
CORRECTIONS = ["Cải chính họ tên theo Quyết định số {n}/QĐ-UBND ngày {d}",
               "Bổ sung quê quán theo Quyết định số {n}/QĐ-UBND ngày {d}",
               "Thay đổi chữ đệm theo Quyết định số {n}/QĐ-UBND ngày {d}"]
MAKE = {"birth": birth_fields, "death": death_fields, "marriage": marriage_fields}


def columns_of(kind: str, wide: bool) -> list[tuple[str, str, int]]:
    return WIDE_COLUMNS[kind] if wide else TABLE_COLUMNS[kind]


def _keys(kind: str, layout: str, wide: bool) -> list[str]:
    """The truth's keys of an entry: what the page shows of it."""
    if layout == "blocks":
        return ENTRY_KEYS[kind]
    keys = [k for _, k, _ in columns_of(kind, wide) if k]
    return [x for k in keys for x in (PARENT_KEYS if k == "parents" else [k])]


def _note(rng: random.Random, year: int) -> str | None:
    """One entry in three has a later correction in its notes column."""
    if rng.random() >= 1 / 3:
        return None
    later = date(year + rng.randrange(1, 6), rng.randrange(1, 13), rng.randrange(1, 29))
    return rng.choice(CORRECTIONS).format(n=rng.randrange(1, 200), d=dmy(later.isoformat()))


def register_page(rng: random.Random, kind: str, layout: str, entries: int, wide: bool = False,
                  notes: bool = False) -> tuple[dict[str, str], list[dict[str, str | None]]]:
    """The page header (book number, registry) and ``entries`` consecutive entries
    (``wide``: of the 11-column table, with parents; ``notes``: with a Ghi chú value)."""
    home, _ = address(rng)
    year = rng.randrange(2016, 2025) if layout == "blocks" else rng.randrange(1990, 2015)
    header = {"book_number": f"{rng.randrange(1, 3):02d}/{year}",
              "registration_place": f"Ủy ban nhân dân {home}"}
    first = rng.randrange(1, 300)
    records = []
    for n in range(entries):
        full = MAKE[kind](rng)
        full.pop("_commune")
        entry = {k: full.get(k) for k in _keys(kind, layout, wide)}
        if wide or notes:
            entry["notes"] = _note(rng, year)
        entry["registration_number"] = str(first + n)
        day = date(year, 1 + (n * 11) // entries, rng.randrange(1, 28))
        entry["registration_date"] = day.isoformat()
        if kind == "marriage":
            for who, age in (("husband", rng.randrange(20, 40)), ("wife", rng.randrange(18, 38))):
                born = day - timedelta(days=365 * age + rng.randrange(0, 360))
                entry[f"{who}_date_of_birth"] = born.isoformat()
                entry[f"{who}_id_document"] = _reborn(entry.get(f"{who}_id_document"),
                                                      born.year, "Nam" if who == "husband"
                                                      else "Nữ")
        elif kind == "birth":
            for parent in ("mother_birth_year", "father_birth_year"):  # as old as the child
                if entry.get(parent):
                    entry[parent] = str(int(entry[parent]) + year - int(full["date_of_birth"][:4]))
            entry["date_of_birth"] = date(year, day.month, 1).isoformat() if day.day < 3 else \
                date(year, day.month, rng.randrange(1, day.day)).isoformat()
        else:
            died = date(year, day.month, max(1, day.day - rng.randrange(0, 3)))
            entry["death_datetime"] = (died.isoformat() if layout == "table"
                                       else f"{died.isoformat()}T{full['death_datetime'][11:]}")
        records.append(entry | header)
    return header, records


def _value(key: str, value: str | None) -> str:
    if not value:
        return ""
    if key == "death_datetime":
        return death_time(value) if "T" in value else dmy(value)
    return dmy(value) if key.endswith(("date", "date_of_birth")) else value


LABELS = {"registration_number": "Số", "full_name": "Họ, chữ đệm, tên",
          "deceased_full_name": "Họ, chữ đệm, tên người chết",
          "date_of_birth": "Ngày, tháng, năm sinh", "place_of_birth": "Nơi sinh",
          "mother_full_name": "Họ, chữ đệm, tên người mẹ",
          "father_full_name": "Họ, chữ đệm, tên người cha", "place_of_death": "Nơi chết",
          "death_datetime": "Đã chết vào lúc", "cause_of_death": "Nguyên nhân chết"}


def block_rows(kind: str, header: dict[str, str], records: list[dict], size: int = 40) -> list[Row]:
    """A labelled-block page; an entry's notes (if any) after its "Ghi chú:". Gaps go
    with the type size (16 and 40 px at 40 px), so a page of many entries fits in type
    that OCR can still read."""
    line_gap = round(size * 0.4)
    rows = [Row([(None, TITLES[kind])], "bold", 54, gap=30)]
    rows += [Row([(LEFT, line)], size=size, gap=line_gap + 2)
             for line in wrap("Cơ quan đăng ký hộ tịch", header["registration_place"], 80)]
    rows.append(Row([(LEFT, f"Quyển số: {header['book_number']}")], size=size, rule=True, gap=size))
    declarant = "Họ, chữ đệm, tên người đi khai " + ("sinh" if kind == "birth" else "tử")

    def line(key: str, r: dict, label: str | None = None) -> list[Row]:
        return [Row([(LEFT, t)], size=size, gap=line_gap)
                for t in wrap(label or LABELS[key], _value(key, r[key]), 84)]

    if kind == "marriage":
        for r in records:
            rows.append(Row([(LEFT, f"Số: {r['registration_number']}"),
                             (MID, f"Ngày, tháng, năm đăng ký: {dmy(r['registration_date'])}")],
                            "bold", size, gap=line_gap))
            for who, title in (("husband", "người chồng"), ("wife", "người vợ")):
                rows += line(f"{who}_full_name", r, f"Họ, chữ đệm, tên {title}")
                rows.append(Row([(LEFT, f"Ngày, tháng, năm sinh: "
                                        f"{dmy(r[f'{who}_date_of_birth'])}"),
                                 (1000, f"Dân tộc: {r[f'{who}_ethnicity']}"),
                                 (1500, f"Quốc tịch: {r[f'{who}_nationality']}")],
                                size=size, gap=line_gap))
                rows += line(f"{who}_residence", r, "Nơi cư trú")
                rows += line(f"{who}_id_document", r, "Giấy tờ tùy thân")
            rows += _note_rows(r, size)
        return rows
    for r in records:
        name = "full_name" if kind == "birth" else "deceased_full_name"
        rows += [Row([(LEFT, f"Số: {r['registration_number']}"),
                      (MID, f"Ngày, tháng, năm đăng ký: {dmy(r['registration_date'])}")],
                     "bold", size, gap=line_gap),
                 *line(name, r),
                 Row([(LEFT, f"Ngày, tháng, năm sinh: {dmy(r['date_of_birth'])}"),
                      (1500, f"Giới tính: {r['sex']}")], size=size, gap=line_gap),
                 Row([(LEFT, f"Dân tộc: {r['ethnicity']}"),
                      (1000, f"Quốc tịch: {r['nationality']}")], size=size, gap=line_gap)]
        keys = (["place_of_birth", "mother_full_name", "father_full_name"] if kind == "birth"
                else ["death_datetime", "place_of_death", "cause_of_death"])
        for key in keys:
            if r[key]:
                rows += line(key, r)
        rows.append(Row([(LEFT, f"{declarant}: {r['declarant_full_name'] or ''}")], size=size,
                        gap=line_gap))
        rows += _note_rows(r, size)
    return rows


def _note_rows(record: dict, size: int) -> list[Row]:
    texts = wrap("Ghi chú", record["notes"], 84) if record.get("notes") else ["Ghi chú:"]
    return [Row([(LEFT, t)], size=size, rule=i == len(texts) - 1, gap=size if i == len(texts) - 1 else 16)
            for i, t in enumerate(texts)]


def fitting_block_rows(kind: str, header: dict[str, str], records: list[dict]) -> list[Row]:
    """Block rows in the largest type (40 px down to 24) that fits the A4 page."""
    for size in range(40, 23, -2):
        rows = block_rows(kind, header, records, size)
        if MARGIN + sum(r.size + r.gap for r in rows) <= A4[1] - 120:
            return rows
    return rows


def _cell(key: str, record: dict) -> str:
    """A cell's text; "\n" starts a new line in the cell (Cha / Mẹ)."""
    if key == "parents":
        return "\n".join(f"{who}: {record[f'{k}_full_name']} ({record[f'{k}_birth_year']})"
                         for who, k in (("Cha", "father"), ("Mẹ", "mother"))
                         if record.get(f"{k}_full_name"))
    return _value(key, record.get(key)) if key else ""


def _wrap_cell(text: str, width: int, size: int, pad: int) -> list[str]:
    def chars(part: str) -> int:
        wide = sum(ch.isupper() for ch in part) > len(part) / 2  # capitals are wider
        return max(4, int((width - 2 * pad) / (size * (0.66 if wide else 0.52))))

    return [x for part in text.split("\n") if part for x in wrap("", part, chars(part))]


def table_page(kind: str, header: dict[str, str], records: list[dict], *, wide: bool = False,
               canvas: tuple[int, int] = A4_LANDSCAPE, title: bool = True,
               page_number: int | None = None) -> tuple[Image.Image, list[str]]:
    """A page with a ruled grid (``wide``: the 11-column layout, scaled to the ``canvas``;
    ``title``: the book's title and header above it; ``page_number`` under it); returns
    the image and its visual text lines."""
    page = Image.new("RGB", canvas, "white")
    draw = ImageDraw.Draw(page)
    columns = columns_of(kind, wide)
    x0 = MARGIN - 100
    scale = min(1.0, (canvas[0] - 2 * x0) / sum(w for _, _, w in columns))
    size = round((30 if wide else 34) * scale ** 0.5)
    pad, line_h = 14, round(size * 1.3)
    lines: list[str] = []
    y = 400 if title else 250
    if title:
        lines = [TITLES[kind], f"Cơ quan đăng ký hộ tịch: {header['registration_place']}",
                 f"Quyển số: {header['book_number']}"]
        f52 = font("bold", 52)
        draw.text((int((page.width - draw.textlength(lines[0], font=f52)) / 2), 150), lines[0],
                  font=f52, fill=(20, 20, 20))
        for text, top in ((lines[1], 250), (lines[2], 310)):
            draw.text((x0, top), text, font=font("regular", 40), fill=(20, 20, 20))
    xs = [x0]
    for _, _, width in columns:
        xs.append(xs[-1] + round(width * scale))
    face, bold = font("regular", size), font("bold", size)
    draw.line([(xs[0], y), (xs[-1], y)], fill=(30, 30, 30), width=3)
    top = y
    rows = [([h for h, _, _ in columns], bold)]
    rows += [([_cell(k, r) for _, k, _ in columns], face) for r in records]
    for texts, style in rows:
        wrapped = [_wrap_cell(t, b - a, size, pad) for t, a, b in zip(texts, xs, xs[1:], strict=False)]
        height = max(1, *(len(c) for c in wrapped))
        for k in range(height):
            parts = [c[k] for c in wrapped if k < len(c)]
            for c, x in zip(wrapped, xs, strict=False):
                if k < len(c):
                    draw.text((x + pad, y + pad + k * line_h), c[k], font=style, fill=(20, 20, 20))
            lines.append(" ".join(parts))
        y += height * line_h + 2 * pad
        draw.line([(xs[0], y), (xs[-1], y)], fill=(30, 30, 30), width=3)
    for x in xs:
        draw.line([(x, top), (x, y)], fill=(30, 30, 30), width=3)
    if page_number is not None:  # under the table: not an entry
        text = f"- {page_number} -"
        draw.text((int((page.width - draw.textlength(text, font=face)) / 2), y + 60), text,
                  font=face, fill=(20, 20, 20))
        lines.append(text)
    return page, lines
