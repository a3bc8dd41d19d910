"""Who and where: the names, places and phrasings the sample generator draws from."""

from __future__ import annotations

import random
from datetime import date, timedelta

from schemas.identifiers import make_personal_id

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi",
          "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Trịnh", "Lương", "Mai"]
MIDDLE_M = ["Văn", "Hữu", "Đức", "Minh", "Quốc", "Thanh", "Công", "Xuân", "Gia", "Đình"]
MIDDLE_F = ["Thị", "Ngọc", "Thu", "Hồng", "Thanh", "Mỹ", "Khánh", "Bảo", "Diệu", "Thùy"]
GIVEN_M = ["An", "Bình", "Cường", "Dũng", "Đạt", "Hải", "Hiếu", "Hùng", "Khánh", "Long", "Nam",
           "Phúc", "Quân", "Quang", "Sơn", "Thắng", "Trung", "Tuấn", "Việt", "Đông", "Lộc"]
GIVEN_F = ["Anh", "Giang", "Hà", "Hạnh", "Hương", "Lan", "Linh", "Mai", "Nga", "Ngọc", "Nhung",
           "Phương", "Phượng", "Thảo", "Trang", "Vy", "Yến", "Huyền", "Loan", "Tuyết", "Ánh"]
# (commune, district, province, province code)
PLACES = [("Thanh Phong", "Như Xuân", "Thanh Hóa", "038"), ("Quỳnh Lưu", "Nho Quan", "Ninh Bình", "037"),
          ("Đông Hưng", "Tiên Lãng", "Hải Phòng", "031"), ("Tân Lập", "Đan Phượng", "Hà Nội", "001"),
          ("Ea Kly", "Krông Pắc", "Đắk Lắk", "066"), ("Mỹ Đức", "Phù Mỹ", "Bình Định", "052"),
          ("Hòa Tiến", "Hòa Vang", "Đà Nẵng", "048"), ("Nghĩa Trung", "Bù Đăng", "Bình Phước", "070")]
ETHNIC = ["Kinh"] * 6 + ["Tày", "Thái", "Mường", "Khmer", "Nùng", "Mông"]
SIGN_TITLES = [["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"], ["CHỦ TỊCH"], ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]]
CAUSES = ["Bệnh già", "Tai biến mạch máu não", "Ung thư phổi", "Suy tim", "Tai nạn giao thông",
          "Nhồi máu cơ tim", "Suy hô hấp"]
MARITAL = ["Chưa đăng ký kết hôn với ai", "Đã đăng ký kết hôn, nhưng đã ly hôn",
           "Có đăng ký kết hôn, vợ đã chết", "Có đăng ký kết hôn, chồng đã chết"]
PURPOSES = ["Làm thủ tục đăng ký kết hôn", "Bổ sung hồ sơ vay vốn ngân hàng",
            "Làm thủ tục mua bán nhà đất", "Bổ sung hồ sơ xin việc"]


def person(rng: random.Random, sex: str, upper: bool = False) -> str:
    middle = rng.choice(MIDDLE_M if sex == "Nam" else MIDDLE_F)
    given = rng.choice(GIVEN_M if sex == "Nam" else GIVEN_F)
    name = f"{rng.choice(FAMILY)} {middle} {given}"
    return name.upper() if upper else name


def address(rng: random.Random) -> tuple[str, str]:
    commune, district, province, code = rng.choice(PLACES)
    return f"xã {commune}, huyện {district}, tỉnh {province}", code


def commune_of(home: str) -> str:
    return home.split(",")[0].removeprefix("xã ")


def some_day(rng: random.Random, start: date, days: int) -> date:
    return start + timedelta(days=rng.randrange(0, days))


def id_document(rng: random.Random, code: str, year: int, sex: str) -> str:
    """What a declarant shows: a citizen identity card whose number agrees with the person."""
    return f"Căn cước công dân số {make_personal_id(code, year, sex, rng.randrange(1, 999999))}"


def admin_date(place: str, day: date) -> str:
    """The Decree 30 place-and-date line: day < 10 and months 1-2 zero-padded."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def dmy(iso: str) -> str:
    y, m, d = iso.split("-")
    return f"{d}/{m}/{y}"


def wrap(label: str, value: str, limit: int = 68, sep: str = ": ") -> list[str]:
    """Label and value, wrapped on words the way a clerk's template wraps long addresses."""
    words, lines, current = (f"{label}{sep}{value}" if label else value).split(), [], ""
    for w in words:
        if current and len(current) + 1 + len(w) > limit:
            lines.append(current)
            current = w
        else:
            current = f"{current} {w}".strip()
    return [*lines, current]
