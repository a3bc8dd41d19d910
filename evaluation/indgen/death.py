"""Trích lục khai tử: TT 04/2020 (the deceased labelled just "Họ, chữ đệm, tên:" in the
short layout, "... người chết:" in the other), TT 15/2015 (Số + Quyển số, issue date line),
and the pre-2016 TP/HT-2010 layout ("Họ và tên người chết", "Nơi thường trú cuối cùng")."""

from __future__ import annotations

import datetime as dt
import random

from evaluation.indgen import common, people, places
from evaluation.indgen.canvas import Sheet
from evaluation.indgen.common import Record

CAUSES = ["Bệnh già", "Già yếu", "Tai nạn giao thông", "Bệnh tim mạch", "Ung thư phổi",
          "Tai biến mạch máu não", "Suy hô hấp", "Đột quỵ", "Bệnh hiểm nghèo", "Xơ gan",
          "Suy đa tạng", "Đuối nước", "Nhồi máu cơ tim"]
NEW_ERA = dt.date(2025, 7, 1)


def _times(rng: random.Random, era: str) -> tuple[dt.date, dt.date]:
    span = {"2010": (2003, 2015), "2015": (2016, 2020)}.get(era, (2021, 2026))
    died = min(people.random_date(rng, *span), dt.date(2026, 10, 1))
    return died, died + dt.timedelta(days=rng.randint(1, 20))


def _death_time(rng: random.Random, rec: Record, died: dt.date) -> str:
    """'14 giờ 30 phút, ngày 02/01/2020' (or a date alone); stores the ISO value."""
    if rng.random() < 0.15:
        rec.fields["death_datetime"] = died.isoformat()
        return f"ngày {people.dmy(died)}"
    h, m = rng.randint(0, 23), rng.choice([0, 5, 10, 15, 20, 30, 40, 45, 50, rng.randint(0, 59)])
    rec.fields["death_datetime"] = f"{died.isoformat()}T{h:02d}:{m:02d}"
    if rng.random() < 0.5:
        return f"{h:02d} giờ {m:02d} phút, ngày {people.dmy(died)}"
    return f"{h} giờ {m} phút, ngày {died.day:02d} tháng {died.month:02d} năm {died.year}"


def _notice(rng: random.Random, c: places.Commune, died: dt.date) -> str:
    issued = people.dmy(died + dt.timedelta(days=rng.randint(0, 3)))
    if rng.random() < 0.5:
        return f"{rng.randint(1, 900)}/GBT do Bệnh viện Đa khoa {c.province_short} cấp ngày {issued}"
    return f"{rng.randint(1, 90)}/GBT do {places.committee(c)} cấp ngày {issued}"


def draw(rng: random.Random, s: Sheet, era: str) -> list[Record]:
    died, registered = _times(rng, era)
    home = places.commune(rng, new_era=registered >= NEW_ERA)
    born = people.random_date(rng, died.year - 95, died.year - 30)
    who = people.person(rng, rng.choice(["Nam", "Nữ"]), born, home)
    kin = people.person(rng, rng.choice(["Nam", "Nữ"]),
                        people.random_date(rng, born.year + 18, born.year + 40), home)
    rec = Record("death")
    number = str(rng.randint(1, 250))
    book = f"{rng.randint(1, 2):02d}/{registered.year}"
    auth = places.authority_lines(home, rng.choice(["commune", "commune-3"]))
    if era.startswith("2020"):
        common.header(s, auth, f"Số: {rec.text('registration_number', number)}")
        common.title(s, "TRÍCH LỤC KHAI TỬ")
    else:
        common.header(s, auth)
        common.title(s, "TRÍCH LỤC KHAI TỬ", "(BẢN SAO)" if rng.random() < 0.4 else None)
        s.row([("Số:", rec.text("registration_number", number)),
               ("Quyển số:", rec.text("book_number", book))], [0.0, 0.5])
        s.advance(1.2)
    old = era == "2010"
    name_label = {"2020-short": "Họ, chữ đệm, tên:", "2010": "Họ và tên người chết:"}.get(
        era, "Họ, chữ đệm, tên người chết:")
    s.field(name_label, rec.text("deceased_full_name", who.name))
    s.advance()
    s.field("Ngày, tháng, năm sinh:", rec.date("date_of_birth", born, people.dmy(born)))
    s.advance()
    s.row([("Giới tính:", rec.text("sex", who.sex)), ("Dân tộc:", rec.text("ethnicity", who.ethnicity)),
           ("Quốc tịch:", rec.text("nationality", who.nationality))], [0.0, 0.33, 0.64])
    s.advance()
    if old:
        s.field("Số Giấy CMND:", people.cmnd(rng))
    else:
        s.field("Số định danh cá nhân:", rec.text("personal_id", who.pid))
    s.advance()
    res_label = "Nơi thường trú/tạm trú cuối cùng:" if old else "Nơi cư trú cuối cùng:"
    s.field(res_label, rec.text("residence", places.address(rng, home)))
    s.advance()
    _event(rng, s, rec, who, home, died, old)
    _declarant(rng, s, rec, kin, home, registered, old)
    _signature(rng, s, rec, home, registered, era)
    return [rec]


def _event(rng: random.Random, s: Sheet, rec: Record, who: people.Person, home: places.Commune,
           died: dt.date, old: bool) -> None:
    s.field("Chết vào lúc:" if old else "Đã chết vào lúc:", _death_time(rng, rec, died))
    s.advance()
    stamp = str(rec.fields["death_datetime"])
    if "T" in stamp and rng.random() < 0.5:      # the time again, in words (no key of its own)
        h, m = int(stamp[11:13]), int(stamp[14:16])
        day = people.date_words(died, rng)
        words = f"{people.tens(h, rng)} giờ {people.tens(m, rng)} phút, {day[0].lower()}{day[1:]}"
        s.field("(Bằng chữ:", words[0].upper() + words[1:] + ")")
        s.advance()
    place = f"Bệnh viện Đa khoa {home.province_short}" if rng.random() < 0.35 else \
        "Tại nhà, " + places.address(rng, home)
    s.field("Nơi chết:", rec.text("place_of_death", place))
    s.advance()
    s.field("Nguyên nhân chết:", rec.text("cause_of_death", rng.choice(CAUSES)))
    s.advance()
    if not old:
        s.field("Giấy báo tử/Giấy tờ thay thế Giấy báo tử số:",
                rec.text("death_notice", _notice(rng, home, died)))
        s.advance()


def _declarant(rng: random.Random, s: Sheet, rec: Record, kin: people.Person,
               home: places.Commune, registered: dt.date, old: bool) -> None:
    label = "Họ và tên người đi khai tử:" if old else "Họ, chữ đệm, tên người đi khai tử:"
    s.field(label, rec.text("declarant_full_name", kin.name))
    s.advance()
    if old:
        s.field("Quan hệ với người chết:", rng.choice(["Con", "Con đẻ", "Vợ", "Chồng", "Cháu"]))
        s.advance()
    doc = people.id_document(rng, kin, registered, old=old)
    s.field("Giấy tờ tùy thân:", rec.text("declarant_id_document", doc))
    s.advance()
    s.field("Nơi đăng ký khai tử:", rec.text("registration_place", places.committee(home)))
    s.advance()
    s.field("Ngày, tháng, năm đăng ký:",
            rec.date("registration_date", registered, people.dmy(registered)))
    s.advance(1.5)


def _signature(rng: random.Random, s: Sheet, rec: Record, home: places.Commune,
               registered: dt.date, era: str) -> None:
    w = s.right - s.left
    cx = s.left + w * 0.66
    if era in ("2015", "2010"):
        line = (f"{home.ward_short}, ngày {registered.day:02d} tháng {registered.month:02d} "
                f"năm {registered.year}")
        s.centered(line, s.font("label", 1.0, "italic"), cx)
        s.advance()
    titles = common.signer_titles(rng)
    name = common.official(rng, home)
    name = name if rng.random() < 0.4 else name.title()
    rec.text("signer_title", " ".join(titles))
    rec.text("signer_full_name", name)
    heading = ["NGƯỜI KÝ TRÍCH LỤC", "(Ký, ghi rõ họ, chữ đệm, tên, chức vụ, đóng dấu)"]
    common.signer(s, rng, cx, titles, name, heading=heading if era != "2010" else None,
                  seal_text=common.seal_text(home))
