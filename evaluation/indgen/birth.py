"""Giấy khai sinh in three eras: TT 04/2020 (no book number), TT 15/2015 (Số + Quyển số),
and the pre-2016 TP/HT-2010 form ("Họ và tên", father before mother, "Nơi thường trú/tạm
trú", 9-digit CMND, separate NGƯỜI THỰC HIỆN block)."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from evaluation.indgen import common, people, places
from evaluation.indgen.canvas import Sheet
from evaluation.indgen.common import Record

NEW_ERA = dt.date(2025, 7, 1)     # two-level addresses (no district) from this date


@dataclass
class Birth:
    child: people.Person
    mother: people.Person
    father: people.Person | None
    declarant: people.Person
    declarant_doc: str
    place_of_birth: str
    hometown: str
    registry: places.Commune
    registered: dt.date
    number: int
    book: str
    signer: str
    titles: list[str]


def make(rng: random.Random, era: str) -> Birth:
    old = era == "2010"
    span = {"2010": (1998, 2015), "2015": (2016, 2019), "2020": (2020, 2026)}[era]
    born = min(people.random_date(rng, *span), dt.date(2026, 10, 1))
    home = places.commune(rng, new_era=born >= NEW_ERA)
    mother = people.person(rng, "Nữ", people.random_date(rng, born.year - 40, born.year - 18), home)
    has_father = rng.random() < 0.85
    father = people.person(rng, "Nam", people.random_date(rng, born.year - 45, born.year - 19),
                           home) if has_father else None
    family = father.name.split()[0].capitalize() if father and " " in father.name \
        and father.name.split()[0].isalpha() else None
    child = people.person(rng, rng.choice(["Nam", "Nữ"]), born, home, family=family)
    child.ethnicity = (father or mother).ethnicity
    registered = born + dt.timedelta(days=rng.randint(3, 55))
    declarant = father if father and rng.random() < 0.6 else mother
    return Birth(
        child=child, mother=mother, father=father, declarant=declarant,
        declarant_doc=people.id_document(rng, declarant, registered, old=old),
        place_of_birth=places.birth_place(rng, home), hometown=places.hometown(
            places.commune(rng, new_era=not home.district, province=home.province)
            if rng.random() < 0.5 else home),
        registry=home, registered=registered, number=rng.randint(1, 420),
        book=f"{rng.randint(1, 3):02d}/{registered.year}", signer=common.official(rng, home),
        titles=common.signer_titles(rng))


def draw(rng: random.Random, sheet: Sheet, era: str) -> list[Record]:
    b = make(rng, era)
    rec = Record("birth")
    auth = places.authority_lines(b.registry, rng.choice(["commune", "commune", "commune-3"]))
    rec.text("registration_number", str(b.number))
    if era == "2020":
        common.header(sheet, auth, f"Số: {b.number}")
        common.title(sheet, "GIẤY KHAI SINH")
    else:
        common.header(sheet, auth)
        sub = "(BẢN CHÍNH)" if era == "2010" else None
        common.title(sheet, "GIẤY KHAI SINH", sub)
        rec.text("book_number", b.book)
        sheet.row([("Số:", str(b.number)), ("Quyển số:", b.book)], [0.0, 0.5])
        sheet.advance(1.2)
    (_person_2010 if era == "2010" else _person_modern)(rng, sheet, rec, b)
    _signature(rng, sheet, rec, b, era)
    return [rec]


def _words(rng: random.Random, d: dt.date) -> str:
    return people.date_words(d, rng)


def _person_modern(rng: random.Random, s: Sheet, rec: Record, b: Birth) -> None:
    c = b.child
    s.field("Họ, chữ đệm, tên:", rec.text("full_name", c.name))
    s.advance()
    words = rec.text("date_of_birth_words", _words(rng, c.born))
    dob = rec.date("date_of_birth", c.born, people.dmy(c.born, pad=rng.random() < 0.7))
    end, text = s.inline("Ngày, tháng, năm sinh:", dob or "")
    if rng.random() < 0.5:
        s.field("ghi bằng chữ:", words, x=end, prefix=text)
    else:
        s.lines.append(text)
        s.advance()
        s.field("Ghi bằng chữ:", words)
    s.advance()
    s.row([("Giới tính:", rec.text("sex", c.sex)), ("Dân tộc:", rec.text("ethnicity", c.ethnicity)),
           ("Quốc tịch:", rec.text("nationality", c.nationality))], [0.0, 0.33, 0.64])
    s.advance()
    s.field("Nơi sinh:", rec.text("place_of_birth", b.place_of_birth))
    s.advance()
    s.field("Quê quán:", rec.text("hometown", b.hometown))
    s.advance()
    s.field("Số định danh cá nhân:", rec.text("personal_id", c.pid))
    s.advance()
    for role, p in (("mother", b.mother), ("father", b.father)):
        word = "mẹ" if role == "mother" else "cha"
        s.field(f"Họ, chữ đệm, tên người {word}:", rec.text(f"{role}_full_name", p and p.name))
        s.advance()
        s.row([("Năm sinh:", rec.year(f"{role}_birth_year", p and p.born.year)),
               ("Dân tộc:", rec.text(f"{role}_ethnicity", p and p.ethnicity)),
               ("Quốc tịch:", rec.text(f"{role}_nationality", p and p.nationality))],
              [0.0, 0.33, 0.64])
        s.advance()
        s.field("Nơi cư trú:", rec.text(f"{role}_residence", p and places.address(rng, p.home)))
        s.advance()
    s.field("Họ, chữ đệm, tên người đi khai sinh:", rec.text("declarant_full_name", b.declarant.name))
    s.advance()
    s.field("Giấy tờ tùy thân:", rec.text("declarant_id_document", b.declarant_doc))
    s.advance()
    s.field("Nơi đăng ký khai sinh:", rec.text("registration_place", places.committee(b.registry)))
    s.advance()
    s.field("Ngày, tháng, năm đăng ký:",
            rec.date("registration_date", b.registered, people.dmy(b.registered)))
    s.advance(1.5)


def _person_2010(rng: random.Random, s: Sheet, rec: Record, b: Birth) -> None:
    c = b.child
    s.field("Họ và tên:", rec.text("full_name", c.name))
    s.advance()
    s.field("Giới tính:", rec.text("sex", c.sex))
    s.advance()
    dob = rec.date("date_of_birth", c.born, people.dmy(c.born))
    s.field("Ngày, tháng, năm sinh:", dob)
    s.advance()
    s.field("(Bằng chữ):", rec.text("date_of_birth_words", _words(rng, c.born)))
    s.advance()
    s.field("Nơi sinh:", rec.text("place_of_birth", b.place_of_birth))
    s.advance()
    s.row([("Dân tộc:", rec.text("ethnicity", c.ethnicity)),
           ("Quốc tịch:", rec.text("nationality", c.nationality))], [0.0, 0.5])
    s.advance()
    s.field("Quê quán:", rec.text("hometown", b.hometown))
    s.advance()
    for role, p in (("father", b.father), ("mother", b.mother)):
        word = "mẹ" if role == "mother" else "cha"
        s.field(f"Họ và tên {word}:", rec.text(f"{role}_full_name", p and p.name))
        s.advance()
        s.row([("Dân tộc:", rec.text(f"{role}_ethnicity", p and p.ethnicity)),
               ("Quốc tịch:", rec.text(f"{role}_nationality", p and p.nationality)),
               ("Năm sinh:", rec.year(f"{role}_birth_year", p and p.born.year))],
              [0.0, 0.36, 0.68])
        s.advance()
        s.field("Nơi thường trú/tạm trú:", rec.text(f"{role}_residence",
                                                    p and places.address(rng, p.home)))
        s.advance()
    s.field("Nơi đăng ký khai sinh:", rec.text("registration_place", places.committee(b.registry)))
    s.advance()
    s.field("Ngày đăng ký:", rec.date("registration_date", b.registered, people.dmy(b.registered)))
    s.advance()
    s.field("Họ và tên người đi khai sinh:", rec.text("declarant_full_name", b.declarant.name))
    s.advance()
    s.field("Quan hệ với người được khai sinh:", "Cha" if b.declarant is b.father else "Mẹ")
    s.advance()
    s.field("Giấy tờ tùy thân:", rec.text("declarant_id_document", b.declarant_doc))
    s.advance(1.5)


def _signature(rng: random.Random, s: Sheet, rec: Record, b: Birth, era: str) -> None:
    w = s.right - s.left
    name = b.signer if rng.random() < 0.4 else b.signer.title()
    rec.text("signer_full_name", name)
    rec.text("signer_title", " ".join(b.titles))
    seal = common.seal_text(b.registry)
    if era == "2010":
        y0 = s.y
        officer = common.official(rng, b.registry).title()
        common.signer(s, rng, s.left + w * 0.2, [], officer, heading=["NGƯỜI THỰC HIỆN"])
        s.y = y0
        common.signer(s, rng, s.left + w * 0.7, b.titles, name, seal_text=seal)
        return
    heading = ["NGƯỜI KÝ GIẤY KHAI SINH", "(Ký, ghi rõ họ, chữ đệm, tên, chức vụ, đóng dấu)"]
    common.signer(s, rng, s.left + w * 0.65, b.titles, name, heading=heading, seal_text=seal)
