"""Giấy chứng nhận kết hôn: husband and wife in two parallel columns, printed on a pink,
ornamented background (the domain reference's worst OCR hazard after seals)."""

from __future__ import annotations

import random
from datetime import date, timedelta

import numpy as np
from PIL import Image, ImageDraw

from pipeline.samples.certificates import LEFT, MOTTO, RIGHT, centred, signer_rows
from pipeline.samples.draw import A4, MARGIN, Row
from pipeline.samples.people import (
    ETHNIC,
    SIGN_TITLES,
    address,
    commune_of,
    dmy,
    id_document,
    person,
    some_day,
    wrap,
)

COLUMNS = (MARGIN, 1290)  # x of the husband's and the wife's column
COLUMN_CHARS = 40
PERSON_LABELS = [("Họ, chữ đệm, tên", "full_name"), ("Ngày, tháng, năm sinh", "date_of_birth"),
                 ("Dân tộc", "ethnicity"), ("Quốc tịch", "nationality"),
                 ("Nơi cư trú", "residence"), ("Giấy tờ tùy thân", "id_document")]


def marriage_fields(rng: random.Random) -> dict[str, str | None]:
    registered = some_day(rng, date(2016, 1, 1), 3300)
    home, code = address(rng)
    fields: dict[str, str | None] = {
        "registration_number": str(rng.randrange(1, 200)),
        "book_number": f"{rng.randrange(1, 3):02d}/{registered.year}",
    }
    for who, sex, age in (("husband", "Nam", rng.randrange(20, 40)),
                          ("wife", "Nữ", rng.randrange(18, 38))):
        born = registered - timedelta(days=365 * age + rng.randrange(0, 360))
        where, where_code = (home, code) if rng.random() < 0.6 else address(rng)
        fields |= {f"{who}_full_name": person(rng, sex, upper=True),
                   f"{who}_date_of_birth": born.isoformat(),
                   f"{who}_ethnicity": rng.choice(ETHNIC), f"{who}_nationality": "Việt Nam",
                   f"{who}_residence": where,
                   f"{who}_id_document": id_document(rng, where_code, born.year, sex)}
    return fields | {
        "registration_place": f"Ủy ban nhân dân {home}",
        "registration_date": registered.isoformat(),
        "signer_full_name": person(rng, rng.choice(["Nam", "Nữ"])),
        "signer_title": "\n".join(rng.choice(SIGN_TITLES)),
        "_commune": commune_of(home),
    }


def marriage_rows(f: dict[str, str | None]) -> list[Row]:
    def v(key: str) -> str:
        value = f[key] or ""
        return dmy(value) if key.endswith("date_of_birth") else value

    half = (A4[0] - 2 * MARGIN) // 2
    rows = [*MOTTO,
            Row([(None, "GIẤY CHỨNG NHẬN KẾT HÔN")], "bold", 66, gap=60),
            Row([(LEFT, f"Số: {v('registration_number')}"), (RIGHT, f"Quyển số: {v('book_number')}")],
                gap=50),
            Row([(centred("CHỒNG", (COLUMNS[0], COLUMNS[0] + half), 46), "CHỒNG"),
                 (centred("VỢ", (COLUMNS[1], COLUMNS[1] + half), 46), "VỢ")], "bold", 46)]
    for label, key in PERSON_LABELS:
        left = wrap(label, v(f"husband_{key}"), COLUMN_CHARS)
        right = wrap(label, v(f"wife_{key}"), COLUMN_CHARS)
        for k in range(max(len(left), len(right))):
            rows.append(Row([(COLUMNS[0], left[k] if k < len(left) else ""),
                             (COLUMNS[1], right[k] if k < len(right) else "")], size=42))
    rows[-1].gap = 50
    rows += [Row([(LEFT, line)]) for line in wrap("Nơi đăng ký kết hôn", v("registration_place"))]
    rows.append(Row([(LEFT, f"Ngày, tháng, năm đăng ký: {dmy(f['registration_date'] or '')}")],
                    gap=70))
    return rows + signer_rows("NGƯỜI KÝ GIẤY CHỨNG NHẬN", v("signer_title"), v("signer_full_name"))


def pink_paper(rng: random.Random) -> Image.Image:
    """The certificate's paper: pink ground, light guilloche waves, a red double frame."""
    page = Image.new("RGB", A4, (250, 226, 232))
    draw = ImageDraw.Draw(page)
    phase = rng.uniform(0, 6.28)
    xs = np.arange(0, A4[0], 8)
    for y0 in range(0, A4[1], 70):
        ys = y0 + 18 * np.sin(xs / 90 + phase + y0 / 300)
        draw.line(list(zip(xs.tolist(), ys.tolist(), strict=True)), fill=(240, 196, 208), width=2)
    for inset, width in ((90, 10), (125, 3)):
        draw.rectangle((inset, inset, A4[0] - inset, A4[1] - inset), outline=(205, 70, 90),
                       width=width)
    return page
