"""Single-page certificates: giấy khai sinh, trích lục khai tử, giấy xác nhận tình trạng
hôn nhân. Each kind is a ``*_fields`` function (the truth) and a ``*_rows`` layout."""

from __future__ import annotations

import random
from datetime import date, timedelta

from pipeline.samples.draw import A4, MARGIN, Row, font
from pipeline.samples.people import (
    CAUSES,
    ETHNIC,
    MARITAL,
    PURPOSES,
    SIGN_TITLES,
    address,
    admin_date,
    commune_of,
    dmy,
    id_document,
    person,
    some_day,
    wrap,
)
from schemas.dates import date_words
from schemas.identifiers import make_personal_id

LEFT, MID, RIGHT = MARGIN, 1020, 1640
SIGN_COLUMN = (1240, A4[0] - MARGIN)


def signer_rows(heading: str, titles: str, name: str) -> list[Row]:
    """The bottom-right block: heading, hint, title lines, room to sign and seal, name."""
    rows = [Row([(None, heading)], "bold", 44, SIGN_COLUMN, gap=10),
            Row([(None, "(Ký, ghi rõ họ, chữ đệm, tên, chức vụ, đóng dấu)")], "italic", 38,
                SIGN_COLUMN)]
    rows += [Row([(None, t)], "bold", 44, SIGN_COLUMN, gap=10) for t in titles.split("\n")]
    rows[-1].gap = 260  # room for the signature and seal
    return [*rows, Row([(None, name)], "bold", 46, SIGN_COLUMN)]


MOTTO = [Row([(None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")], "bold", 48),
         Row([(None, "Độc lập - Tự do - Hạnh phúc")], "bold", 46, gap=90)]


def birth_fields(rng: random.Random) -> dict[str, str | None]:
    sex = rng.choice(["Nam", "Nữ"])
    born = date(2016, 1, 1) + timedelta(days=rng.randrange(0, 3300))
    registered = born + timedelta(days=rng.randrange(3, 60))
    home, code = address(rng)
    mother_year = born.year - rng.randrange(19, 40)
    fields: dict[str, str | None] = {
        "registration_number": str(rng.randrange(1, 400)),
        "book_number": f"{rng.randrange(1, 4):02d}/{registered.year}",
        "full_name": person(rng, sex, upper=True),
        "date_of_birth": born.isoformat(),
        "date_of_birth_words": date_words(born),
        "sex": sex,
        "ethnicity": rng.choice(ETHNIC),
        "nationality": "Việt Nam",
        "place_of_birth": f"Trạm y tế {home.split(',')[0]}, {home.split(', ', 1)[1]}",
        "hometown": address(rng)[0],
        "personal_id": make_personal_id(code, born.year, sex, rng.randrange(1, 999999)),
        "mother_full_name": person(rng, "Nữ", upper=True),
        "mother_birth_year": str(mother_year),
        "mother_ethnicity": rng.choice(ETHNIC),
        "mother_nationality": "Việt Nam",
        "mother_residence": home,
    }
    if rng.random() < 0.8:
        fields |= {"father_full_name": person(rng, "Nam", upper=True),
                   "father_birth_year": str(mother_year - rng.randrange(0, 8)),
                   "father_ethnicity": rng.choice(ETHNIC), "father_nationality": "Việt Nam",
                   "father_residence": home}
    else:  # blank father block: the fields exist and are null
        fields |= dict.fromkeys(["father_full_name", "father_birth_year", "father_ethnicity",
                                 "father_nationality", "father_residence"])
    parent = "mother" if rng.random() < 0.5 or not fields["father_full_name"] else "father"
    declarant = fields[f"{parent}_full_name"]
    reg_commune = home.split(",")[0].removeprefix("xã ")
    fields |= {
        "declarant_full_name": declarant.title() if declarant else None,
        "declarant_id_document": id_document(rng, code, int(fields[f"{parent}_birth_year"]),
                                             "Nữ" if parent == "mother" else "Nam"),
        "registration_place": f"Ủy ban nhân dân {home}",
        "registration_date": registered.isoformat(),
        "signer_full_name": person(rng, rng.choice(["Nam", "Nữ"])),
        "signer_title": "\n".join(rng.choice(SIGN_TITLES)),
        "_commune": reg_commune,
    }
    return fields


def birth_rows(f: dict[str, str | None]) -> list[Row]:
    def v(key: str) -> str:
        return f[key] or ""

    left, mid, right = LEFT, MID, RIGHT
    rows = [
        *MOTTO,
        Row([(None, "GIẤY KHAI SINH")], "bold", 72, gap=60),
        Row([(left, f"Số: {v('registration_number')}"), (right, f"Quyển số: {v('book_number')}")]),
        Row([(left, f"Họ, chữ đệm, tên: {v('full_name')}")]),
        Row([(left, f"Ngày, tháng, năm sinh: {dmy(v('date_of_birth'))}")]),
        Row([(left, f"ghi bằng chữ: {v('date_of_birth_words')}")], size=42),
        Row([(left, f"Giới tính: {v('sex')}"), (mid, f"Dân tộc: {v('ethnicity')}"),
             (right, f"Quốc tịch: {v('nationality')}")]),
    ]
    for label, key in [("Nơi sinh", "place_of_birth"), ("Quê quán", "hometown")]:
        rows += [Row([(left, line)]) for line in wrap(label, v(key))]
    rows.append(Row([(left, f"Số định danh cá nhân: {v('personal_id')}")], gap=50))
    for who, word in [("mother", "mẹ"), ("father", "cha")]:
        rows += [
            Row([(left, f"Họ, chữ đệm, tên người {word}: {v(who + '_full_name')}".rstrip())]),
            Row([(left, f"Năm sinh: {v(who + '_birth_year')}".rstrip()),
                 (mid, f"Dân tộc: {v(who + '_ethnicity')}".rstrip()),
                 (right, f"Quốc tịch: {v(who + '_nationality')}".rstrip())]),
        ]
        rows += [Row([(left, line)]) for line in wrap("Nơi cư trú", v(who + "_residence"))]
        rows[-1].gap = 50
    rows += [Row([(left, f"Họ, chữ đệm, tên người đi khai sinh: {v('declarant_full_name')}")]),
             Row([(left, f"Giấy tờ tùy thân: {v('declarant_id_document')}")])]
    rows += [Row([(left, line)]) for line in wrap("Nơi đăng ký khai sinh", v("registration_place"))]
    rows.append(Row([(left, f"Ngày, tháng, năm đăng ký: {dmy(v('registration_date'))}")], gap=70))
    return rows + signer_rows("NGƯỜI KÝ GIẤY KHAI SINH", v("signer_title"), v("signer_full_name"))


def death_fields(rng: random.Random) -> dict[str, str | None]:
    sex = rng.choice(["Nam", "Nữ"])
    born = some_day(rng, date(1925, 1, 1), 365 * 70)
    died = some_day(rng, date(2016, 1, 1), 3300)
    registered = died + timedelta(days=rng.randrange(1, 15))
    home, code = address(rng)
    commune = commune_of(home)
    province = home.rsplit("tỉnh ", 1)[1]
    declarant_sex = rng.choice(["Nam", "Nữ"])
    declarant_born = rng.randrange(1960, 2000)
    return {
        "registration_number": str(rng.randrange(1, 300)),
        "book_number": f"{rng.randrange(1, 3):02d}/{registered.year}",
        "deceased_full_name": person(rng, sex, upper=True),
        "date_of_birth": born.isoformat(),
        "sex": sex,
        "ethnicity": rng.choice(ETHNIC),
        "nationality": "Việt Nam",
        "personal_id": make_personal_id(code, born.year, sex, rng.randrange(1, 999999)),
        "residence": home,
        "death_datetime": f"{died.isoformat()}T{rng.randrange(0, 24):02d}:{rng.randrange(0, 60):02d}",
        "place_of_death": rng.choice([f"Bệnh viện đa khoa tỉnh {province}", f"Tại nhà, {home}"]),
        "cause_of_death": rng.choice(CAUSES),
        # The value without the printed "số" (its label): death_rows prints it.
        "death_notice": f"{rng.randrange(1, 200)}/GBT do Trạm y tế xã {commune} cấp ngày "
                        f"{dmy((died + timedelta(days=1)).isoformat())}",
        "declarant_full_name": person(rng, declarant_sex),
        "declarant_id_document": id_document(rng, code, declarant_born, declarant_sex),
        "registration_place": f"Ủy ban nhân dân {home}",
        "registration_date": registered.isoformat(),
        "signer_full_name": person(rng, rng.choice(["Nam", "Nữ"])),
        "signer_title": "\n".join(rng.choice(SIGN_TITLES)),
        "_commune": commune,
    }


def death_time(iso: str) -> str:
    """2020-01-02T14:30 as the form prints it: 14 giờ 30 phút, ngày 02/01/2020."""
    day, time = iso.split("T")
    hour, minute = time.split(":")
    return f"{int(hour)} giờ {minute} phút, ngày {dmy(day)}"


def death_rows(f: dict[str, str | None]) -> list[Row]:
    def v(key: str) -> str:
        return f[key] or ""

    rows = [
        *MOTTO,
        Row([(None, "TRÍCH LỤC KHAI TỬ")], "bold", 68, gap=60),
        Row([(LEFT, f"Số: {v('registration_number')}"), (RIGHT, f"Quyển số: {v('book_number')}")]),
        Row([(LEFT, f"Họ, chữ đệm, tên người chết: {v('deceased_full_name')}")]),
        Row([(LEFT, f"Ngày, tháng, năm sinh: {dmy(v('date_of_birth'))}")]),
        Row([(LEFT, f"Giới tính: {v('sex')}"), (MID, f"Dân tộc: {v('ethnicity')}"),
             (RIGHT, f"Quốc tịch: {v('nationality')}")]),
        Row([(LEFT, f"Số định danh cá nhân: {v('personal_id')}")]),
    ]
    rows += [Row([(LEFT, line)]) for line in wrap("Nơi cư trú cuối cùng", v("residence"))]
    rows.append(Row([(LEFT, f"Đã chết vào lúc: {death_time(v('death_datetime'))}")]))
    rows += [Row([(LEFT, line)]) for line in wrap("Nơi chết", v("place_of_death"))]
    rows.append(Row([(LEFT, f"Nguyên nhân chết: {v('cause_of_death')}")]))
    rows += [Row([(LEFT, line)]) for line in
             wrap("Giấy báo tử/Giấy tờ thay thế Giấy báo tử", f"số {v('death_notice')}", sep=" ")]
    rows[-1].gap = 50
    rows += [Row([(LEFT, f"Họ, chữ đệm, tên người đi khai tử: {v('declarant_full_name')}")]),
             Row([(LEFT, f"Giấy tờ tùy thân: {v('declarant_id_document')}")])]
    rows += [Row([(LEFT, line)]) for line in wrap("Nơi đăng ký khai tử", v("registration_place"))]
    rows.append(Row([(LEFT, f"Ngày, tháng, năm đăng ký: {dmy(v('registration_date'))}")], gap=70))
    return rows + signer_rows("NGƯỜI KÝ TRÍCH LỤC", v("signer_title"), v("signer_full_name"))


def marital_status_fields(rng: random.Random) -> dict[str, str | None]:
    sex = rng.choice(["Nam", "Nữ"])
    born = some_day(rng, date(1960, 1, 1), 365 * 42)
    issued = some_day(rng, date(2016, 1, 1), 3300)
    since = some_day(rng, max(born + timedelta(days=365 * 18), date(2000, 1, 1)), 3000)
    home, code = address(rng)
    return {
        "registration_number": str(rng.randrange(1, 500)),
        "full_name": person(rng, sex, upper=True),
        "date_of_birth": born.isoformat(),
        "sex": sex,
        "ethnicity": rng.choice(ETHNIC),
        "nationality": "Việt Nam",
        "id_document": id_document(rng, code, born.year, sex),
        "residence": home,
        "residence_period": f"{home}, từ ngày {dmy(since.isoformat())} đến ngày "
                            f"{dmy(issued.isoformat())}",
        "marital_status": rng.choice(MARITAL),
        "purpose": rng.choice(PURPOSES),
        "issue_date": issued.isoformat(),
        "signer_full_name": person(rng, rng.choice(["Nam", "Nữ"])),
        "signer_title": "\n".join(rng.choice(SIGN_TITLES)),
        "_commune": commune_of(home),
    }


def authority_header(commune: str, right: list[str]) -> list[Row]:
    """Decree 30 head: the authority top left, national motto (or date) top right."""
    left_col, right_col = (MARGIN - 60, 1100), (1100, A4[0] - MARGIN + 60)
    lines = ["ỦY BAN NHÂN DÂN", f"XÃ {commune.upper()}"]
    return [Row([(centred(a, left_col, 44), a), (centred(b, right_col, 44), b)], "bold", 44,
                gap=20) for a, b in zip(lines, right, strict=True)]


def centred(text: str, column: tuple[int, int], size: int, style: str = "bold") -> int:
    width = font(style, size).getlength(text)
    return int((column[0] + column[1] - width) / 2)


def marital_status_rows(f: dict[str, str | None], commune: str) -> list[Row]:
    def v(key: str) -> str:
        return f[key] or ""

    rows = authority_header(commune, ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                                      "Độc lập - Tự do - Hạnh phúc"])
    issued = date.fromisoformat(v("issue_date"))
    rows += [
        Row([(LEFT, f"Số: {v('registration_number')}"),
             (1300, admin_date(commune, issued))], gap=70),
        Row([(None, "GIẤY XÁC NHẬN TÌNH TRẠNG HÔN NHÂN")], "bold", 60, gap=50),
        Row([(None, f"ỦY BAN NHÂN DÂN XÃ {commune.upper()} XÁC NHẬN")], "bold", 44, gap=40),
        Row([(LEFT, f"Họ, chữ đệm, tên: {v('full_name')}")]),
        Row([(LEFT, f"Ngày, tháng, năm sinh: {dmy(v('date_of_birth'))}")]),
        Row([(LEFT, f"Giới tính: {v('sex')}"), (MID, f"Dân tộc: {v('ethnicity')}"),
             (RIGHT, f"Quốc tịch: {v('nationality')}")]),
        Row([(LEFT, f"Giấy tờ tùy thân: {v('id_document')}")]),
    ]
    rows += [Row([(LEFT, line)]) for line in wrap("Nơi cư trú", v("residence"))]
    rows += [Row([(LEFT, line)]) for line in
             wrap("Trong thời gian cư trú tại", v("residence_period"), sep=" ")]
    rows += [Row([(LEFT, line)]) for line in wrap("Tình trạng hôn nhân", v("marital_status"))]
    rows += [Row([(LEFT, line)]) for line in
             wrap("Giấy này có giá trị 6 tháng kể từ ngày cấp, được sử dụng để", v("purpose"))]
    rows[-1].gap = 70
    return rows + signer_rows("NGƯỜI KÝ GIẤY XÁC NHẬN", v("signer_title"), v("signer_full_name"))
