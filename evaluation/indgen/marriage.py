"""Giấy chứng nhận kết hôn on its pink decorative paper: TT 04/2020 two labelled columns
(Chồng | Vợ), a stacked layout (husband's block, then wife's), and the pre-2016 table with one
label column and two value columns."""

from __future__ import annotations

import datetime as dt
import math
import random

from evaluation.indgen import common, people, places
from evaluation.indgen.canvas import Sheet
from evaluation.indgen.common import Record

LABELS_NEW = ("Họ, chữ đệm, tên:", "Ngày, tháng, năm sinh:", "Dân tộc:", "Quốc tịch:",
              "Nơi cư trú:", "Giấy tờ tùy thân:")
LABELS_OLD = ("Họ và tên", "Ngày, tháng, năm sinh", "Dân tộc", "Quốc tịch",
              "Nơi thường trú/tạm trú", "Số Giấy CMND/Hộ chiếu")
KEYS = ("full_name", "date_of_birth", "ethnicity", "nationality", "residence", "id_document")


def decorate(s: Sheet, rng: random.Random) -> None:
    """Pink guilloche background and a double frame: the marriage certificate's OCR hazard."""
    pink = (246, 214, 222)
    w, h = s.img.size
    step = s.mm(rng.uniform(5, 8))
    amp = s.mm(2)
    for k in range(0, h, step):
        pts = [(x, k + amp * math.sin(x / s.mm(9) + k)) for x in range(0, w, s.mm(2))]
        s.draw.line(pts, fill=pink, width=max(1, s.dpi // 150))
    red = (200, 60, 80)
    for inset, width in ((s.mm(8), s.mm(1.2)), (s.mm(10), s.mm(0.4))):
        s.draw.rectangle([inset, inset, w - inset, h - inset], outline=red, width=width)


def _people(rng: random.Random, registered: dt.date, home: places.Commune,
            old: bool) -> list[tuple[people.Person, str, str]]:
    out = []
    for sex in ("Nam", "Nữ"):
        born = people.random_date(rng, registered.year - 45, registered.year - 20)
        p = people.person(rng, sex, born, places.commune(rng, new_era=not home.district)
                          if rng.random() < 0.4 else home)
        out.append((p, places.address(rng, p.home), people.id_document(rng, p, registered, old)))
    return out


def _values(rec: Record, role: str, who: tuple[people.Person, str, str]) -> list[str | None]:
    p, residence, doc = who
    return [rec.text(f"{role}_full_name", p.name),
            rec.date(f"{role}_date_of_birth", p.born, people.dmy(p.born)),
            rec.text(f"{role}_ethnicity", p.ethnicity), rec.text(f"{role}_nationality", p.nationality),
            rec.text(f"{role}_residence", residence), rec.text(f"{role}_id_document", doc)]


def draw(rng: random.Random, s: Sheet, layout: str) -> list[Record]:
    old = layout == "columns-2010"
    s.look.paper = (252, 240, 242)
    s.img.paste(s.look.paper, (0, 0, *s.img.size))
    decorate(s, rng)
    s.left, s.right = s.mm(20), s.img.width - s.mm(18)
    s.y = s.mm(20)
    registered = people.random_date(rng, 2005 if old else 2016, 2015 if old else 2024)
    home = places.commune(rng)
    rec = Record("marriage")
    common.header(s, places.authority_lines(home))
    common.title(s, "GIẤY CHỨNG NHẬN KẾT HÔN", scale=1.45)
    book = f"{rng.randint(1, 2):02d}/{registered.year}"
    s.row([("Số:", rec.text("registration_number", str(rng.randint(1, 180)))),
           ("Quyển số:", rec.text("book_number", book))], [0.0, 0.5])
    s.advance(1.4)
    husband, wife = _people(rng, registered, home, old)
    hv, wv = _values(rec, "husband", husband), _values(rec, "wife", wife)
    if layout == "columns":
        _columns(s, hv, wv)
    elif layout == "stacked":
        _stacked(s, hv, wv)
    else:
        _table(s, hv, wv)
    s.field("Nơi đăng ký kết hôn:", rec.text("registration_place", places.committee(home)))
    s.advance()
    s.field("Ngày, tháng, năm đăng ký:",
            rec.date("registration_date", registered, people.dmy(registered)))
    s.advance(1.6)
    _signatures(rng, s, rec, home, husband[0].name, wife[0].name)
    return [rec]


def _columns(s: Sheet, hv: list[str | None], wv: list[str | None]) -> None:
    mid = (s.left + s.right) / 2
    y0 = s.y
    ends = []
    for head, values, x0, x1 in (("Chồng", hv, s.left, mid - s.mm(4)), ("Vợ", wv, mid + s.mm(2), s.right)):
        s.y = y0
        s.centered(head, s.font("title", 1.1, "bold"), (x0 + x1) / 2)
        s.advance(1.3)
        for label, value in zip(LABELS_NEW, values, strict=True):
            s.field(label, value, x=x0, end=x1, wrap_to=x0)
            s.advance()
        ends.append(s.y)
    s.y = max(ends) + s.line_h // 2


def _stacked(s: Sheet, hv: list[str | None], wv: list[str | None]) -> None:
    for word, values in (("chồng", hv), ("vợ", wv)):
        for label, value in zip(LABELS_NEW, values, strict=True):
            s.field(label[:-1] + f" {word}:" if label.startswith("Họ") else label, value)
            s.advance()
        s.advance(0.4)


def _table(s: Sheet, hv: list[str | None], wv: list[str | None]) -> None:
    """Label | Chồng | Vợ, ruled; each visual line of a row reads across its cells."""
    w = s.right - s.left
    cols = [s.left, s.left + w * 0.3, s.left + w * 0.65, s.right]
    rows = [("", "Chồng", "Vợ")] + [(lab, h or "", v or "") for lab, h, v in
                                     zip(LABELS_OLD, hv, wv, strict=True)]
    top = s.y - s.line_h
    for i, cells in enumerate(rows):
        fonts_ = [s.font("label"), s.font("value"), s.font("value")] if i else \
            [s.font("title", 1.0, "bold")] * 3
        wrapped = [_wrap(text, f, cols[k + 1] - cols[k] - s.mm(3))
                   for k, (text, f) in enumerate(zip(cells, fonts_, strict=True))]
        for n in range(max(len(c) for c in wrapped)):
            parts = []
            for k, chunk in enumerate(wrapped):
                if n < len(chunk):
                    fill = s.look.value_ink if i and k else None
                    s.put(cols[k] + s.mm(1.5), chunk[n], fonts_[k], fill)
                    parts.append(chunk[n])
            s.lines.append(" ".join(parts))
            s.advance()
        s.draw.line([(s.left, s.y - s.line_h * 0.6), (s.right, s.y - s.line_h * 0.6)],
                    fill=s.look.ink, width=2)
    for x in cols:
        s.draw.line([(x, top), (x, s.y - s.line_h * 0.6)], fill=s.look.ink, width=2)
    s.draw.line([(s.left, top), (s.right, top)], fill=s.look.ink, width=2)
    s.advance(0.6)


def _wrap(text: str, f, room: float) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and f.getlength(lines[-1] + " " + word) <= room:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def _signatures(rng: random.Random, s: Sheet, rec: Record, home: places.Commune,
                husband: str, wife: str) -> None:
    w = s.right - s.left
    y0 = s.y
    for cx, head, name in ((s.left + w * 0.13, "Chồng", husband), (s.left + w * 0.38, "Vợ", wife)):
        s.y = y0
        s.centered(head, s.font("title", 1.0, "bold"), cx)
        s.advance()
        s.centered("(Ký, ghi rõ họ tên)", s.font("title", 0.85, "italic"), cx)
        s.advance()
        s.signature(cx, s.y + s.mm(8), rng)
        s.y += s.mm(20)
        s.centered(name.title(), s.font("value", 0.95), cx)
    s.y = y0
    titles = common.signer_titles(rng)
    name = common.official(rng, home)
    name = name if rng.random() < 0.4 else name.title()
    rec.text("signer_title", " ".join(titles))
    rec.text("signer_full_name", name)
    common.signer(s, rng, s.left + w * 0.76, titles, name, seal_text=common.seal_text(home),
                  heading=["NGƯỜI KÝ GIẤY CHỨNG NHẬN", "KẾT HÔN"])
