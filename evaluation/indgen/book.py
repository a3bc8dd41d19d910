"""A register book: its registry, year and quyển số, and the entries written in it (numbers
and registration dates increase down the pages)."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from evaluation.indgen import birth, people, places
from evaluation.indgen.canvas import Sheet
from evaluation.indgen.common import Record

CORRECTIONS = [
    "Đã cải chính ngày sinh theo QĐ số {n}/QĐ-UBND ngày {d}",
    "Bổ sung tên cha theo QĐ số {n}/QĐ-UBND ngày {d}",
    "Đã cải chính họ tên theo Quyết định số {n}/QĐ-UBND ngày {d}",
    "Cấp bản sao ngày {d}",
    "Đăng ký lại",
]


@dataclass
class Book:
    registry: places.Commune
    year: int
    number: str           # quyển số, "01/2008"
    kind: str             # "birth" / "death"
    first_entry: int

    @property
    def place(self) -> str:
        return places.committee(self.registry)


def open_book(rng: random.Random, kind: str, years: tuple[int, int]) -> Book:
    year = rng.randint(*years)
    new_era = year >= 2026
    return Book(places.commune(rng, new_era=new_era), year, f"{rng.randint(1, 3):02d}/{year}", kind,
                rng.randint(1, 380))


def births(rng: random.Random, book: Book, count: int, era: str) -> list[birth.Birth]:
    """Entries of one page: the book's registry, sequential numbers, dates in order."""
    start = dt.date(book.year, 1, 2).toordinal() + rng.randint(0, 250)
    days = sorted(rng.randint(start, start + 90) for _ in range(count))
    out = []
    for i, day in enumerate(days):
        b = birth.make(rng, era)
        b.registry = book.registry
        b.place_of_birth = places.birth_place(rng, book.registry)
        b.registered = dt.date.fromordinal(day)
        b.child.born = b.registered - dt.timedelta(days=rng.randint(2, 60))
        b.child.pid = people.personal_id(rng, book.registry.code, b.child.sex, b.child.born.year)
        for parent, lo, hi in ((b.mother, 18, 42), (b.father, 20, 50)):
            if parent:
                parent.born = people.random_date(rng, b.child.born.year - hi, b.child.born.year - lo)
        b.number = book.first_entry + i
        out.append(b)
    return out


def note(rng: random.Random, book: Book) -> str | None:
    """The Ghi chú cell: mostly empty, sometimes a later correction."""
    if rng.random() < 0.65:
        return None
    day = people.random_date(rng, book.year + 1, min(book.year + 12, 2025))
    return rng.choice(CORRECTIONS).format(n=rng.randint(3, 250), d=people.dmy(day))


def page_header(s: Sheet, book: Book, title: str, page_no: int, x0: float, x1: float) -> None:
    """Book title, registry and quyển số at the top of a register page."""
    big = s.font("title", 1.15, "bold")
    s.centered(title, big, (x0 + x1) / 2)
    s.advance(1.2)
    lf, vf = s.font("label"), s.font("value")
    pos = s.put(x0, "Cơ quan đăng ký:", lf)
    s.put(pos + lf.getlength(" "), book.place, vf, s.look.value_ink)
    right = f"Quyển số: {book.number}"
    qx = x1 - s.font("label").getlength("Quyển số: ") - vf.getlength(book.number)
    if qx > pos + lf.getlength(" ") + vf.getlength(book.place) + s.mm(6):
        s.put(qx, "Quyển số:", lf)
        s.put(qx + lf.getlength("Quyển số: "), book.number, vf, s.look.value_ink)
        s.lines.append(f"Cơ quan đăng ký: {book.place} {right}")
    else:
        s.lines.append(f"Cơ quan đăng ký: {book.place}")
        s.advance()
        s.put(x0, "Quyển số:", lf)
        s.put(x0 + lf.getlength("Quyển số: "), book.number, vf, s.look.value_ink)
        s.lines.append(right)
    s.advance(1.3)


def stamp_book(rec: Record, book: Book) -> None:
    rec.text("book_number", book.number)
    rec.text("registration_place", book.place)


def page_number(s: Sheet, n: int, cx: float, rng: random.Random) -> None:
    text = rng.choice([f"Trang {n}", f"- {n} -", str(n)])
    s.centered(text, s.font("label", 0.9, "regular"), cx)
