"""People, dates in digits and in words, personal ids and identity documents."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from evaluation.indgen import names, places

DIGITS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]


def tens(n: int, rng: random.Random) -> str:
    """0..99 in words, with the usual spoken variants (mốt, tư, lăm)."""
    if n < 10:
        return DIGITS[n]
    t, u = divmod(n, 10)
    head = "mười" if t == 1 else f"{DIGITS[t]} mươi"
    if u == 0:
        return head
    if u == 1 and t > 1:
        tail = "mốt"
    elif u == 5:
        tail = "lăm"
    elif u == 4 and t > 1 and rng.random() < 0.5:
        tail = "tư"
    else:
        tail = DIGITS[u]
    return f"{head} {tail}"


def year_words(year: int, rng: random.Random) -> str:
    thousands, rest = divmod(year, 1000)
    hundreds, last = divmod(rest, 100)
    out = [DIGITS[thousands], rng.choice(["nghìn", "nghìn", "ngàn"])]
    if hundreds:
        out.append(f"{DIGITS[hundreds]} trăm")
    elif last and (last < 10 or rng.random() < 0.8):
        out.append("không trăm")
    if last and last < 10:
        out += [rng.choice(["lẻ", "linh"]), DIGITS[last]]
    elif last:
        out.append(tens(last, rng))
    return " ".join(out)


MONTHS = ["", "một", "hai", "ba", "tư", "năm", "sáu", "bảy", "tám", "chín", "mười",
          "mười một", "mười hai"]


def date_words(d: dt.date, rng: random.Random) -> str:
    """'Ngày năm, tháng ba, năm hai nghìn không trăm mười chín' and its variants."""
    day = tens(d.day, rng)
    if d.day <= 10 and rng.random() < 0.4:
        day = rng.choice(["mùng", "mồng"]) + " " + day
    month = MONTHS[d.month]
    if d.month == 1 and rng.random() < 0.3:
        month = "giêng"
    sep = ", " if rng.random() < 0.6 else " "
    text = f"ngày {day}{sep}tháng {month}{sep}năm {year_words(d.year, rng)}"
    return text[0].upper() + text[1:] if rng.random() < 0.8 else text


def dmy(d: dt.date, rng: random.Random | None = None, pad: bool = True) -> str:
    """05/03/2019, or 5/3/2019 when not padded."""
    if pad:
        return d.strftime("%d/%m/%Y")
    return f"{d.day}/{d.month}/{d.year}"


def random_date(rng: random.Random, start: int, end: int) -> dt.date:
    end = max(start, end)
    first = dt.date(start, 1, 1).toordinal()
    last = dt.date(end, 12, 31).toordinal()
    return dt.date.fromordinal(rng.randint(first, last))


def personal_id(rng: random.Random, code: str, sex: str, year: int) -> str:
    """12 digits: province of registration, century/sex digit, 2-digit year, 6 random digits."""
    century = {19: 0, 20: 2, 21: 4}[year // 100]
    digit = century + (1 if sex == "Nữ" else 0)
    return f"{code}{digit}{year % 100:02d}{rng.randint(0, 999999):06d}"


def cmnd(rng: random.Random) -> str:
    return f"{rng.choice([0, 1, 2, 3])}{rng.randint(10, 99)}{rng.randint(0, 999999):06d}"


@dataclass
class Person:
    name: str
    sex: str
    ethnicity: str
    born: dt.date
    home: places.Commune
    pid: str
    nationality: str = "Việt Nam"


def person(rng: random.Random, sex: str, born: dt.date, home: places.Commune,
           family: str | None = None) -> Person:
    n = names.person_name(rng, sex, family=family)
    pid = personal_id(rng, home.code, sex, born.year)
    return Person(n.text, sex, n.ethnicity, born, home, pid)


ISSUERS_CCCD = ["Cục Cảnh sát quản lý hành chính về trật tự xã hội",
                "Cục Cảnh sát QLHC về TTXH", "Cục Cảnh sát ĐKQL cư trú và DLQG về dân cư",
                "Bộ Công an"]


def id_document(rng: random.Random, p: Person, on: dt.date, old: bool = False) -> str:
    """The printed identity document of an adult, era-appropriate."""
    if old or on.year < 2016:
        issued = random_date(rng, max(p.born.year + 14, on.year - 12), on.year - 1)
        police = f"Công an {places._lower_type(p.home.province)}"
        label = rng.choice(["Chứng minh nhân dân số", "CMND số", "Giấy CMND số"])
        return f"{label} {cmnd(rng)} do {police} cấp ngày {dmy(issued)}"
    start = max(p.born.year + 14, 2016)
    issued = random_date(rng, min(start, on.year - 1), on.year - 1)
    if issued.year >= 2024 and rng.random() < 0.5:
        return f"Căn cước số {p.pid}, do Bộ Công an cấp ngày {dmy(issued)}"
    issuer = rng.choice(ISSUERS_CCCD)
    sep = ", " if rng.random() < 0.5 else " "
    tail = f"{sep}do {issuer} cấp ngày {dmy(issued)}" if rng.random() < 0.8 \
        else f", cấp ngày {dmy(issued)}"
    return f"Căn cước công dân số {p.pid}{tail}"
