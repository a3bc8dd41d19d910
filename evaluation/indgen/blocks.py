"""Post-2016 register books: each entry a labelled block headed ``Số: ...`` with its
registration date, the certificate's fields, tick boxes (Đúng hạn / Quá hạn / Đăng ký lại)
and Ghi chú. A page holds 4-6 entries; a two-page spread (3 left, 2 right, one image with a
gutter shadow) numbers its entries left page first."""

from __future__ import annotations

import random

import numpy as np
from PIL import Image

from evaluation.indgen import birth, book, people
from evaluation.indgen.canvas import Look, Sheet
from evaluation.indgen.common import Record

TICKS = ("Đúng hạn", "Quá hạn", "Đăng ký lại")


def _entry(rng: random.Random, s: Sheet, b: birth.Birth, bk: book.Book, rec: Record) -> None:
    book.stamp_book(rec, bk)
    c = b.child
    s.row([("Số:", rec.text("registration_number", str(b.number))),
           ("Ngày, tháng, năm đăng ký:",
            rec.date("registration_date", b.registered, people.dmy(b.registered)))], [0.0, 0.3])
    s.advance()
    s.row([("Họ, chữ đệm, tên:", rec.text("full_name", c.name)), ("Giới tính:", rec.text("sex", c.sex))],
          [0.0, 0.72])
    s.advance()
    s.row([("Ngày, tháng, năm sinh:", rec.date("date_of_birth", c.born, people.dmy(c.born))),
           ("Dân tộc:", rec.text("ethnicity", c.ethnicity)),
           ("Quốc tịch:", rec.text("nationality", c.nationality))], [0.0, 0.45, 0.7])
    s.advance()
    s.field("Nơi sinh:", rec.text("place_of_birth", b.place_of_birth))
    s.advance()
    s.field("Quê quán:", rec.text("hometown", b.hometown))
    s.advance()
    s.field("Số định danh cá nhân:", rec.text("personal_id", c.pid))
    s.advance()
    for role, word, p in (("mother", "mẹ", b.mother), ("father", "cha", b.father)):
        s.row([(f"Họ, chữ đệm, tên người {word}:", rec.text(f"{role}_full_name", p and p.name)),
               ("Năm sinh:", rec.year(f"{role}_birth_year", p and p.born.year))], [0.0, 0.72])
        s.advance()
    s.field("Họ, chữ đệm, tên người đi khai sinh:", rec.text("declarant_full_name", b.declarant.name))
    s.advance()
    _ticks(rng, s, bk)


def _ticks(rng: random.Random, s: Sheet, bk: book.Book) -> None:
    f = s.font("label", 0.9, "regular")
    box = round(f.size * 0.8)
    x = s.left
    chosen = rng.choices(range(len(TICKS)), weights=[8, 2, 1])[0]
    for i, label in enumerate(TICKS):
        s.draw.rectangle([x, s.y - box, x + box, s.y], outline=s.look.ink, width=2)
        if i == chosen:
            s.draw.line([(x + box * 0.15, s.y - box * 0.5), (x + box * 0.45, s.y - box * 0.1),
                         (x + box * 1.1, s.y - box * 1.2)], fill=(30, 40, 140), width=4)
        x = s.put(x + box + s.mm(1.5), label, f) + s.mm(6)
    parts = list(TICKS)
    note = book.note(rng, bk)
    x = s.put(x + s.mm(4), "Ghi chú:", s.font("label"))
    parts.append("Ghi chú:")
    if note:
        s.put(x + s.mm(1.5), note, s.font("value", 0.9), s.look.value_ink)
        parts.append(note)
    s.lines.append(" ".join(parts))
    s.advance(0.8)
    s.rule(s.left, s.right, width=2)
    s.advance(0.9)


def _page(rng: random.Random, s: Sheet, bk: book.Book, entries: list[birth.Birth], page_no: int,
          first_entry: int) -> list[Record]:
    book.page_header(s, bk, "SỔ ĐĂNG KÝ KHAI SINH", page_no, s.left, s.right)
    s.rule(s.left, s.right, dy=-round(s.line_h * 0.85), width=2)
    records = []
    for i, b in enumerate(entries):
        rec = Record("birth", layout="register-blocks", entry=first_entry + i)
        _entry(rng, s, b, bk, rec)
        records.append(rec)
    s.advance(0.5)
    book.page_number(s, page_no, (s.left + s.right) / 2, rng)
    return records


def _look(rng: random.Random) -> Look:
    look = Look.random(rng)
    look.pt = rng.uniform(9.0, 10.5)
    if look.leader == "dots_under":
        look.leader = "dots_after"
    return look


def draw_blocks(rng: random.Random, turn: int, dpi: int):
    from evaluation.indgen.generate import Document
    bk = book.open_book(rng, "birth", (2016, 2025))
    era = "2015" if bk.year < 2020 else "2020"
    n_pages = 2 if turn % 2 == 0 else 1
    look = _look(rng)
    sheets, records = [], []
    page_no = rng.randint(2, 150)
    for p in range(n_pages):
        count = rng.randint(4, 6)
        s = Sheet(look, dpi=dpi, width_mm=230, height_mm=45 + count * 63)
        s.left, s.right = s.mm(16), s.img.width - s.mm(14)
        recs = _page(rng, s, bk, book.births(rng, bk, count, era), page_no + p, 1)
        for r in recs:
            r.page = p + 1
        bk.first_entry += count
        sheets.append(s)
        records += recs
    return Document("register-blocks", "birth", sheets, records)


def draw_spread(rng: random.Random, turn: int, dpi: int):
    """Two facing pages in one image: entries numbered left page first, all on page 1."""
    from evaluation.indgen.generate import Document
    bk = book.open_book(rng, "birth", (2016, 2025))
    era = "2015" if bk.year < 2020 else "2020"
    look = _look(rng)
    s = Sheet(look, dpi=dpi, width_mm=440, height_mm=240)
    half = s.img.width // 2
    page_no = 2 * rng.randint(1, 80)
    counts = (3, 2) if rng.random() < 0.6 else (2, 2)
    records: list[Record] = []
    for side, count in enumerate(counts):
        s.left = s.mm(14) + side * half
        s.right = half - s.mm(12) + side * half
        s.y = s.mm(14)
        entries = book.births(rng, bk, count, era)
        bk.first_entry += count
        records += _page(rng, s, bk, entries, page_no + side, len(records) + 1)
    _gutter(s, rng)
    return Document("register-spread", "birth", [s], records)


def _gutter(s: Sheet, rng: random.Random) -> None:
    """A book's gutter: a dark soft band down the middle of the spread."""
    w = s.img.width
    x = np.arange(w, dtype=np.float32)
    dist = np.abs(x - w / 2) / (w * rng.uniform(0.02, 0.045))
    shade = 1 - rng.uniform(0.45, 0.7) * np.exp(-(dist ** 2))
    a = np.asarray(s.img, dtype=np.float32) * shade[None, :, None]
    s.img = Image.fromarray(a.clip(0, 255).astype(np.uint8))
