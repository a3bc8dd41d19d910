"""Register-book pages: one page holds several entries, each one record, with the book's
number and registry in the page header. Two layouts: labelled blocks (books since 2016)
and ruled tables (older books, landscape)."""

from __future__ import annotations

import random
from datetime import date, timedelta

from PIL import Image, ImageDraw

from pipeline.samples.certificates import LEFT, MID, birth_fields, death_fields, death_time
from pipeline.samples.draw import A4_LANDSCAPE, MARGIN, Row, font
from pipeline.samples.marriage import marriage_fields
from pipeline.samples.people import address, dmy, wrap

TITLES = {"birth": "SỔ ĐĂNG KÝ KHAI SINH", "death": "SỔ ĐĂNG KÝ KHAI TỬ",
          "marriage": "SỔ ĐĂNG KÝ KẾT HÔN"}
PERSON = ["full_name", "date_of_birth", "ethnicity", "nationality", "residence", "id_document"]
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
MAKE = {"birth": birth_fields, "death": death_fields, "marriage": marriage_fields}


def register_page(rng: random.Random, kind: str, layout: str,
                  entries: int) -> tuple[dict[str, str], list[dict[str, str | None]]]:
    """The page header (book number, registry) and ``entries`` consecutive entries."""
    home, _ = address(rng)
    year = rng.randrange(2016, 2025) if layout == "blocks" else rng.randrange(1990, 2015)
    header = {"book_number": f"{rng.randrange(1, 3):02d}/{year}",
              "registration_place": f"Ủy ban nhân dân {home}"}
    first = rng.randrange(1, 300)
    records = []
    for n in range(entries):
        full = MAKE[kind](rng)
        keys = ENTRY_KEYS[kind] if layout == "blocks" else [k for _, k, _ in TABLE_COLUMNS[kind] if k]
        full.pop("_commune")
        entry = {k: full[k] for k in keys}
        entry["registration_number"] = str(first + n)
        day = date(year, 1 + (n * 11) // entries, rng.randrange(1, 28))
        entry["registration_date"] = day.isoformat()
        if kind == "marriage":
            for who, age in (("husband", rng.randrange(20, 40)), ("wife", rng.randrange(18, 38))):
                born = day - timedelta(days=365 * age + rng.randrange(0, 360))
                entry[f"{who}_date_of_birth"] = born.isoformat()
        elif kind == "birth":
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


def block_rows(kind: str, header: dict[str, str], records: list[dict]) -> list[Row]:
    size = 40
    rows = [Row([(None, TITLES[kind])], "bold", 54, gap=30)]
    rows += [Row([(LEFT, line)], size=size, gap=18)
             for line in wrap("Cơ quan đăng ký hộ tịch", header["registration_place"], 80)]
    rows.append(Row([(LEFT, f"Quyển số: {header['book_number']}")], size=size, rule=True, gap=40))
    declarant = "Họ, chữ đệm, tên người đi khai " + ("sinh" if kind == "birth" else "tử")

    def line(key: str, r: dict, label: str | None = None) -> list[Row]:
        return [Row([(LEFT, t)], size=size, gap=16)
                for t in wrap(label or LABELS[key], _value(key, r[key]), 84)]

    if kind == "marriage":
        for r in records:
            rows.append(Row([(LEFT, f"Số: {r['registration_number']}"),
                             (MID, f"Ngày, tháng, năm đăng ký: {dmy(r['registration_date'])}")],
                            "bold", size, gap=16))
            for who, title in (("husband", "người chồng"), ("wife", "người vợ")):
                rows += line(f"{who}_full_name", r, f"Họ, chữ đệm, tên {title}")
                rows.append(Row([(LEFT, f"Ngày, tháng, năm sinh: "
                                        f"{dmy(r[f'{who}_date_of_birth'])}"),
                                 (1000, f"Dân tộc: {r[f'{who}_ethnicity']}"),
                                 (1500, f"Quốc tịch: {r[f'{who}_nationality']}")],
                                size=size, gap=16))
                rows += line(f"{who}_residence", r, "Nơi cư trú")
                rows += line(f"{who}_id_document", r, "Giấy tờ tùy thân")
            rows.append(Row([(LEFT, "Ghi chú:")], size=size, rule=True, gap=40))
        return rows
    for r in records:
        name = "full_name" if kind == "birth" else "deceased_full_name"
        rows += [Row([(LEFT, f"Số: {r['registration_number']}"),
                      (MID, f"Ngày, tháng, năm đăng ký: {dmy(r['registration_date'])}")],
                     "bold", size, gap=16),
                 *line(name, r),
                 Row([(LEFT, f"Ngày, tháng, năm sinh: {dmy(r['date_of_birth'])}"),
                      (1500, f"Giới tính: {r['sex']}")], size=size, gap=16),
                 Row([(LEFT, f"Dân tộc: {r['ethnicity']}"),
                      (1000, f"Quốc tịch: {r['nationality']}")], size=size, gap=16)]
        keys = (["place_of_birth", "mother_full_name", "father_full_name"] if kind == "birth"
                else ["death_datetime", "place_of_death", "cause_of_death"])
        for key in keys:
            if r[key]:
                rows += line(key, r)
        rows.append(Row([(LEFT, f"{declarant}: {r['declarant_full_name'] or ''}")], size=size,
                        gap=16))
        rows.append(Row([(LEFT, "Ghi chú:")], size=size, rule=True, gap=40))
    return rows


def table_page(kind: str, header: dict[str, str], records: list[dict]) -> tuple[Image.Image,
                                                                                 list[str]]:
    """A landscape page with a ruled grid; returns the image and its visual text lines."""
    page = Image.new("RGB", A4_LANDSCAPE, "white")
    draw = ImageDraw.Draw(page)
    size, pad, line_h = 34, 14, 44
    title, f, bold = font("bold", 52), font("regular", size), font("bold", size)
    lines = [TITLES[kind], f"Cơ quan đăng ký hộ tịch: {header['registration_place']}",
             f"Quyển số: {header['book_number']}"]
    draw.text((int((page.width - draw.textlength(lines[0], font=title)) / 2), 150), lines[0],
              font=title, fill=(20, 20, 20))
    draw.text((MARGIN - 100, 250), lines[1], font=font("regular", 40), fill=(20, 20, 20))
    draw.text((MARGIN - 100, 310), lines[2], font=font("regular", 40), fill=(20, 20, 20))
    columns = TABLE_COLUMNS[kind]
    x0, y = MARGIN - 100, 400
    xs = [x0]
    for _, _, width in columns:
        xs.append(xs[-1] + width)

    def cells(texts: list[str], face) -> int:
        nonlocal y
        wrapped = [wrap("", t, max(4, int((w - 2 * pad) / (size * 0.52)))) if t else []
                   for t, (_, _, w) in zip(texts, columns, strict=True)]
        height = max(1, *(len(c) for c in wrapped))
        for k in range(height):
            parts = []
            for c, x in zip(wrapped, xs, strict=False):
                if k < len(c):
                    draw.text((x + pad, y + pad + k * line_h), c[k], font=face, fill=(20, 20, 20))
                    parts.append(c[k])
            lines.append(" ".join(parts))
        y += height * line_h + 2 * pad
        draw.line([(xs[0], y), (xs[-1], y)], fill=(30, 30, 30), width=3)
        return height

    draw.line([(xs[0], y), (xs[-1], y)], fill=(30, 30, 30), width=3)
    top = y
    cells([h for h, _, _ in columns], bold)
    for r in records:
        cells([_value(k, r.get(k)) if k else "" for _, k, _ in columns], f)
    for x in xs:
        draw.line([(x, top), (x, y)], fill=(30, 30, 30), width=3)
    return page, lines
