"""Vietnamese personal names: surnames by rough frequency, middle and given names by sex,
and a few ethnic-minority names (Central Highlands, Northern uplands) used sparingly."""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass

# (surname, weight): weights follow the usual estimates (Nguyễn ~ 38 %, Trần ~ 11 %, ...).
SURNAMES: list[tuple[str, int]] = [
    ("Nguyễn", 380), ("Trần", 110), ("Lê", 95), ("Phạm", 70), ("Hoàng", 51), ("Huỳnh", 20),
    ("Phan", 45), ("Vũ", 39), ("Võ", 20), ("Đặng", 21), ("Bùi", 20), ("Đỗ", 14), ("Hồ", 13),
    ("Ngô", 13), ("Dương", 10), ("Lý", 5), ("Đinh", 8), ("Trịnh", 6), ("Đào", 6), ("Lương", 5),
    ("Mai", 4), ("Tạ", 3), ("Lưu", 3), ("Quách", 2), ("Khúc", 1), ("Kiều", 2), ("Thái", 2),
    ("Văn", 2), ("Chu", 2), ("Triệu", 2), ("Cao", 3), ("Hà", 4), ("Tô", 2), ("Lại", 2),
    ("Đoàn", 5), ("Vương", 2), ("Trương", 6), ("Lâm", 3), ("Phùng", 2), ("Mạc", 1), ("Âu", 1),
    ("Ứng", 1), ("Nghiêm", 1), ("Thân", 1), ("Doãn", 1), ("Khổng", 1), ("Tăng", 1),
]

MIDDLE_MALE = ["Văn", "Văn", "Văn", "Đức", "Minh", "Quốc", "Hữu", "Thanh", "Công", "Xuân",
               "Đình", "Ngọc", "Quang", "Tuấn", "Gia", "Hoàng", "Trọng", "Bá", "Mạnh", "Duy",
               "Thế", "Anh", "Tiến", "Khắc", "Nhật"]
MIDDLE_FEMALE = ["Thị", "Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Minh", "Bảo", "Phương",
                 "Thùy", "Khánh", "Hồng", "Mai", "Kim", "Diệu", "Tuyết", "Hoài", "Ánh", "Quỳnh"]
GIVEN_MALE = ["Hùng", "Dũng", "Tuấn", "Hải", "Long", "Nam", "Sơn", "Thắng", "Cường", "Phúc",
              "Khang", "Bảo", "Huy", "Khôi", "Đạt", "Trung", "Quân", "Lộc", "Nghĩa", "Vinh",
              "Tùng", "Hiếu", "Toàn", "Thịnh", "Phong", "Kiên", "Đức", "Lâm", "An", "Tú",
              "Quyết", "Thành", "Chiến", "Hưng", "Định", "Hoàng", "Vượng", "Tiến", "Nhân", "Khải"]
GIVEN_FEMALE = ["Lan", "Hương", "Hoa", "Hằng", "Nhung", "Trang", "Linh", "Ngọc", "Thảo", "Yến",
                "Mai", "Loan", "Huyền", "Phượng", "Thủy", "Oanh", "Tuyết", "Nga", "Vân", "Hạnh",
                "Trinh", "Diệp", "Giang", "Hiền", "Ánh", "Nhi", "Vy", "Chi", "Quyên", "Duyên",
                "My", "Hà", "Thư", "Hòa", "Liên", "Dung", "Xuân", "Thoa", "Điệp", "Uyên"]
SECOND_GIVEN_FEMALE = ["Hồng", "Thu", "Bích", "Minh", "Kiều", "Lệ", "Diễm", "Phương"]
SECOND_GIVEN_MALE = ["Minh", "Anh", "Gia", "Hoàng", "Trung", "Bảo"]

# Ethnic-minority names, kept with their ethnicity. Apostrophes and hyphens are printed as is.
MINORITY: list[tuple[str, str, str]] = [
    ("KSOR H'BLIN", "Nữ", "Gia Rai"), ("RƠ MAH H'YÊN", "Nữ", "Gia Rai"),
    ("H'HEN NIÊ", "Nữ", "Ê Đê"), ("Y-NGHỊ NIÊ KDĂM", "Nam", "Ê Đê"),
    ("Y BLIM ÊBAN", "Nam", "Ê Đê"), ("LÒ VĂN PÁNH", "Nam", "Thái"),
    ("LÒ THỊ XUÂN", "Nữ", "Thái"), ("GIÀNG A SÙNG", "Nam", "Mông"),
    ("SÙNG THỊ MỶ", "Nữ", "Mông"), ("VÀNG A CHỨ", "Nam", "Mông"),
    ("HOÀNG VĂN PÁO", "Nam", "Tày"), ("NÔNG THỊ HỒNG", "Nữ", "Tày"),
    ("LÃNH THỊ MỊ", "Nữ", "Nùng"), ("ĐINH VĂN BLÔNG", "Nam", "Ba Na"),
]

ETHNICITIES_KINH_HEAVY = ["Kinh"] * 17 + ["Tày", "Thái", "Mường", "Khmer", "Hoa", "Nùng"]


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


@dataclass(frozen=True)
class Name:
    text: str          # upper case as printed
    sex: str           # "Nam" / "Nữ"
    ethnicity: str


def surname(rng: random.Random) -> str:
    names, weights = zip(*SURNAMES, strict=True)
    return rng.choices(names, weights=weights)[0]


def person_name(rng: random.Random, sex: str, family: str | None = None,
                minority_rate: float = 0.04) -> Name:
    """A full name in upper case. ``family`` forces the surname (a child takes the father's)."""
    if family is None and rng.random() < minority_rate:
        pool = [m for m in MINORITY if m[1] == sex]
        text, _, ethnic = rng.choice(pool)
        return Name(nfc(text), sex, ethnic)
    fam = family or surname(rng)
    if sex == "Nam":
        parts = [fam, rng.choice(MIDDLE_MALE)]
        if rng.random() < 0.15:
            parts.append(rng.choice(SECOND_GIVEN_MALE))
        parts.append(rng.choice(GIVEN_MALE))
    else:
        parts = [fam, rng.choice(MIDDLE_FEMALE)]
        if rng.random() < 0.2:
            parts.append(rng.choice(SECOND_GIVEN_FEMALE))
        parts.append(rng.choice(GIVEN_FEMALE))
    if rng.random() < 0.06:           # a double surname (mother's surname kept): "Nguyễn Lê ..."
        parts.insert(1, surname(rng))
    dedup = [p for i, p in enumerate(parts) if i == 0 or p != parts[i - 1]]
    ethnicity = rng.choice(ETHNICITIES_KINH_HEAVY)
    return Name(nfc(" ".join(dedup).upper()), sex, ethnicity)


def family_name_of(name: str) -> str:
    """The surname of an upper-case Kinh name, in title case (for the child of that father)."""
    return name.split()[0].capitalize()
