"""Older register books drawn as ruled tables (one row per entry, ~11 columns, header cells
wrapped over 2-3 lines, names and places wrapped inside their cells, both parents in one
cell, a Ghi chú column, the page number under the table). Each visual line of a row reads
across its cells, left to right."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from PIL import ImageFont

from evaluation.indgen import book, people, places
from evaluation.indgen.canvas import Look, Sheet
from evaluation.indgen.common import Record

Cell = list[str]          # paragraphs of one cell
BIRTH_COLUMNS = [
    ("Số thứ tự", 0.5), ("Ngày, tháng, năm đăng ký", 0.9), ("Họ và tên người được khai sinh", 1.25),
    ("Ngày, tháng, năm sinh", 0.9), ("Giới tính", 0.55), ("Dân tộc", 0.6), ("Quốc tịch", 0.75),
    ("Nơi sinh", 1.5), ("Họ và tên, năm sinh của cha, mẹ", 1.7),
    ("Họ và tên người đi khai sinh", 1.1), ("Ghi chú", 1.2),
]
DEATH_COLUMNS = [
    ("Số thứ tự", 0.5), ("Ngày, tháng, năm đăng ký", 0.9), ("Họ và tên người chết", 1.2),
    ("Ngày, tháng, năm sinh", 0.9), ("Giới tính", 0.55), ("Dân tộc", 0.6),
    ("Nơi thường trú cuối cùng", 1.5), ("Ngày, giờ chết", 0.95), ("Nơi chết", 1.2),
    ("Nguyên nhân chết", 0.95), ("Họ và tên người đi khai tử", 1.1), ("Ghi chú", 1.0),
]
CAUSES = ["Bệnh già", "Già yếu", "Tai nạn giao thông", "Ung thư", "Tai biến mạch máu não"]


def _wrap(paragraphs: Cell, f: ImageFont.FreeTypeFont, room: float) -> list[str]:
    out: list[str] = []
    for para in paragraphs:
        line = ""
        for word in para.split():
            if line and f.getlength(f"{line} {word}") > room:
                out.append(line)
                line = word
            else:
                line = f"{line} {word}".strip()
        if line:
            out.append(line)
    return out


def draw_row(s: Sheet, xs: list[float], cells: list[Cell], fnts: list[ImageFont.FreeTypeFont],
             center: bool = False, ink: Callable[[int], tuple[int, int, int]] | None = None) -> None:
    """One table row; ``s.y`` goes from the row's top rule to its bottom rule."""
    pad = s.mm(1.2)
    wrapped = [_wrap(c, f, xs[k + 1] - xs[k] - 2 * pad) for k, (c, f) in enumerate(zip(cells, fnts,
                                                                                      strict=True))]
    n = max(1, *(len(w) for w in wrapped))
    offsets = [(n - len(w)) // 2 if center else 0 for w in wrapped]
    size = fnts[0].size
    lh = round(size * 1.3)
    base = s.y + round(size * 1.15)
    for i in range(n):
        parts = []
        for k, lines in enumerate(wrapped):
            j = i - offsets[k]
            if 0 <= j < len(lines):
                f = fnts[k]
                x = (xs[k] + xs[k + 1] - f.getlength(lines[j])) / 2 if center else xs[k] + pad
                s.put(x, lines[j], f, ink(k) if ink else None, y=base)
                parts.append(lines[j])
        if parts:
            s.lines.append(" ".join(parts))
        base += lh
    s.y = base - lh + round(size * 0.55)
    s.draw.line([(xs[0], s.y), (xs[-1], s.y)], fill=s.look.ink, width=2)


def _birth_row(rng: random.Random, b, bk: book.Book, rec: Record) -> list[Cell]:
    book.stamp_book(rec, bk)
    parents = []
    for role, word, p in (("father", "Cha", b.father), ("mother", "Mẹ", b.mother)):
        rec.text(f"{role}_full_name", p and p.name)
        rec.year(f"{role}_birth_year", p and p.born.year)
        if p:
            parents.append(f"{word}: {p.name}, sinh năm {p.born.year}")
    return [[rec.text("registration_number", str(b.number)) or ""],
            [rec.date("registration_date", b.registered, people.dmy(b.registered)) or ""],
            [rec.text("full_name", b.child.name) or ""],
            [rec.date("date_of_birth", b.child.born, people.dmy(b.child.born)) or ""],
            [rec.text("sex", b.child.sex) or ""], [rec.text("ethnicity", b.child.ethnicity) or ""],
            [rec.text("nationality", b.child.nationality) or ""],
            [rec.text("place_of_birth", b.place_of_birth) or ""], parents,
            [rec.text("declarant_full_name", b.declarant.name) or ""], [book.note(rng, bk) or ""]]


def _death_row(rng: random.Random, number: int, when: dt.date, bk: book.Book,
               rec: Record) -> list[Cell]:
    book.stamp_book(rec, bk)
    died = when - dt.timedelta(days=rng.randint(1, 14))
    born = people.random_date(rng, died.year - 95, died.year - 35)
    who = people.person(rng, rng.choice(["Nam", "Nữ"]), born, bk.registry)
    kin = people.person(rng, rng.choice(["Nam", "Nữ"]), born, bk.registry)
    h, m = rng.randint(0, 23), rng.choice([0, 15, 30, 45, rng.randint(0, 59)])
    rec.fields["death_datetime"] = f"{died.isoformat()}T{h:02d}:{m:02d}"
    place = "Tại nhà" if rng.random() < 0.5 else f"Bệnh viện Đa khoa {bk.registry.province_short}"
    return [[rec.text("registration_number", str(number)) or ""],
            [rec.date("registration_date", when, people.dmy(when)) or ""],
            [rec.text("deceased_full_name", who.name) or ""],
            [rec.date("date_of_birth", born, people.dmy(born)) or ""],
            [rec.text("sex", who.sex) or ""], [rec.text("ethnicity", who.ethnicity) or ""],
            [rec.text("residence", places.address(rng, bk.registry)) or ""],
            [f"{h:02d} giờ {m:02d} phút, ngày {people.dmy(died)}"],
            [rec.text("place_of_death", place) or ""],
            [rec.text("cause_of_death", rng.choice(CAUSES)) or ""],
            [rec.text("declarant_full_name", kin.name) or ""], [book.note(rng, bk) or ""]]


def draw_table(rng: random.Random, turn: int, dpi: int):
    from evaluation.indgen.generate import Document
    kind = "birth" if turn % 3 != 2 else "death"
    look = Look.random(rng, old=True)
    look.pt = rng.uniform(9.0, 10.5)
    s = Sheet(look, dpi=dpi, width_mm=297, height_mm=210)
    s.left, s.right, s.y = s.mm(14), s.img.width - s.mm(12), s.mm(14)
    bk = book.open_book(rng, kind, (1996, 2015))
    title = "SỔ ĐĂNG KÝ KHAI SINH" if kind == "birth" else "SỔ ĐĂNG KÝ KHAI TỬ"
    book.page_header(s, bk, title, 1, s.left, s.right)
    columns = BIRTH_COLUMNS if kind == "birth" else DEATH_COLUMNS
    total = sum(w for _, w in columns)
    xs = [float(s.left)]
    for _, w in columns:
        xs.append(xs[-1] + (s.right - s.left) * w / total)
    top = s.y
    s.draw.line([(xs[0], top), (xs[-1], top)], fill=s.look.ink, width=3)
    head = s.font("title", 0.9, "bold")
    draw_row(s, xs, [[h] for h, _ in columns], [head] * len(columns), center=True)
    records = _rows(rng, s, xs, bk, kind)
    for x in xs:
        s.draw.line([(x, top), (x, s.y)], fill=s.look.ink, width=2)
    s.advance(1.2)
    book.page_number(s, rng.randint(2, 199), (s.left + s.right) / 2, rng)
    return Document("register-table", kind, [s], records)


def _rows(rng: random.Random, s: Sheet, xs: list[float], bk: book.Book, kind: str) -> list[Record]:
    count = rng.randint(4, 7)
    label, value = s.font("label", 1.0, "regular"), s.font("value")
    room = xs[2] - xs[1] - s.mm(2.6)          # a date must fit its column (typewriter fonts are wide)
    if value.getlength("00/00/0000") > room:
        value = s.font("value", room / value.getlength("00/00/0000"))
    fnts = [value] * (len(xs) - 1)
    fnts[-1] = label
    records = []
    if kind == "birth":
        entries = book.births(rng, bk, count, "2010")
        for i, b in enumerate(entries, start=1):
            rec = Record("birth", layout="register-table", entry=i)
            draw_row(s, xs, _birth_row(rng, b, bk, rec), fnts, ink=lambda k: s.look.value_ink)
            records.append(rec)
        return records
    day = dt.date(bk.year, 1, 3) + dt.timedelta(days=rng.randint(0, 250))
    for i in range(1, count + 1):
        rec = Record("death", layout="register-table", entry=i)
        day += dt.timedelta(days=rng.randint(0, 9))
        draw_row(s, xs, _death_row(rng, bk.first_entry + i - 1, day, bk, rec), fnts,
                 ink=lambda k: s.look.value_ink)
        records.append(rec)
    return records
