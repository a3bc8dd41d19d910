"""Giấy xác nhận tình trạng hôn nhân (TT 04/2020 and TT 15/2015 wording): the committee's
"XÁC NHẬN:" block, earlier residence period, marital status, purpose, place-date line."""

from __future__ import annotations

import datetime as dt
import random

from evaluation.indgen import common, names, people, places
from evaluation.indgen.canvas import Sheet
from evaluation.indgen.common import Record

PURPOSES = ["Làm thủ tục đăng ký kết hôn", "Bổ sung hồ sơ vay vốn ngân hàng",
            "Làm thủ tục chuyển nhượng quyền sử dụng đất", "Bổ sung hồ sơ xin việc làm",
            "Làm thủ tục mua bán nhà ở", "Bổ sung hồ sơ đi lao động ở nước ngoài"]


def _status(rng: random.Random, sex: str, since: dt.date, issued: dt.date) -> tuple[str, bool]:
    """(text, is single); a single person's certificate may serve a marriage."""
    other = "ông" if sex == "Nữ" else "bà"
    roll = rng.random()
    if roll < 0.55:
        return rng.choice(["Chưa đăng ký kết hôn với ai.", "Hiện tại chưa đăng ký kết hôn với ai",
                           "Chưa đăng ký kết hôn"]), True
    if roll < 0.8:
        when = people.dmy(people.random_date(rng, min(since.year + 20, issued.year - 1), issued.year - 1))
        return (f"Đã đăng ký kết hôn, nhưng đã ly hôn theo Bản án số {rng.randint(10, 300)}/"
                f"HNGĐ-ST ngày {when} của Tòa án nhân dân huyện; hiện tại chưa đăng ký kết hôn "
                "với ai."), True
    spouse = names.person_name(rng, "Nam" if sex == "Nữ" else "Nữ").text
    return f"Đang có {('chồng' if sex == 'Nữ' else 'vợ')} là {other} {spouse}.", False


def draw(rng: random.Random, s: Sheet, era: str) -> list[Record]:
    issued = people.random_date(rng, 2016 if era == "2015" else 2021, 2020 if era == "2015" else 2024)
    home = places.commune(rng)
    p = people.person(rng, rng.choice(["Nam", "Nữ"]),
                      people.random_date(rng, issued.year - 55, issued.year - 19), home)
    rec = Record("marital_status")
    common.header(s, places.authority_lines(home),
                  f"Số: {rec.text('registration_number', str(rng.randint(1, 400)))}")
    common.title(s, "GIẤY XÁC NHẬN", None, 1.3)
    s.advance(-0.3)
    s.centered("TÌNH TRẠNG HÔN NHÂN", s.font("title", 1.3, "bold"))
    s.advance(1.6)
    s.paragraph(f"{places.committee(home)} xác nhận:", indent=s.mm(10))
    s.advance(0.3)
    s.field("Họ, chữ đệm, tên:", rec.text("full_name", p.name))
    s.advance()
    s.field("Ngày, tháng, năm sinh:", rec.date("date_of_birth", p.born, people.dmy(p.born)))
    s.advance()
    s.row([("Giới tính:", rec.text("sex", p.sex)), ("Dân tộc:", rec.text("ethnicity", p.ethnicity)),
           ("Quốc tịch:", rec.text("nationality", p.nationality))], [0.0, 0.33, 0.64])
    s.advance()
    s.field("Giấy tờ tùy thân:", rec.text("id_document", people.id_document(rng, p, issued)))
    s.advance()
    s.field("Nơi cư trú:", rec.text("residence", places.address(rng, home)))
    s.advance()
    _period(rng, s, rec, issued)
    status, single = _status(rng, p.sex, p.born, issued)
    s.field("Tình trạng hôn nhân:", rec.text("marital_status", status))
    s.advance()
    purpose = rng.choice(PURPOSES if single else PURPOSES[1:])
    label = "Giấy này được cấp để:"
    if era == "2020":
        s.paragraph("Giấy này có giá trị sử dụng trong thời hạn 6 tháng, kể từ ngày cấp,",
                    s.font("label"))
        label = "được sử dụng để:"
    s.field(label, rec.text("purpose", purpose))
    s.advance(1.6)
    _signature(rng, s, rec, home, issued)
    return [rec]


def _period(rng: random.Random, s: Sheet, rec: Record, issued: dt.date) -> None:
    if rng.random() < 0.4:
        return
    if rng.random() < 0.3:
        s.field("Trong thời gian cư trú tại", rec.text("residence_period", None))
    else:
        before = places.commune(rng)
        start = people.random_date(rng, issued.year - 15, issued.year - 6)
        end = people.random_date(rng, issued.year - 5, issued.year - 1)
        text = (f"{places.hometown(before)}, từ ngày {people.dmy(start)} "
                f"đến ngày {people.dmy(end)}")
        s.field("Trong thời gian cư trú tại", rec.text("residence_period", text))
    s.advance()


def _signature(rng: random.Random, s: Sheet, rec: Record, home: places.Commune,
               issued: dt.date) -> None:
    w = s.right - s.left
    cx = s.left + w * 0.66
    line = f"{home.ward_short}, ngày {issued.day:02d} tháng {issued.month:02d} năm {issued.year}"
    rec.date("issue_date", issued)
    s.centered(line, s.font("label", 1.0, "italic"), cx)
    s.advance()
    titles = common.signer_titles(rng)
    name = common.official(rng, home)
    name = name if rng.random() < 0.4 else name.title()
    rec.text("signer_title", " ".join(titles))
    rec.text("signer_full_name", name)
    common.signer(s, rng, cx, titles, name, seal_text=common.seal_text(home),
                  heading=["NGƯỜI KÝ GIẤY XÁC NHẬN",
                           "(Ký, ghi rõ họ, chữ đệm, tên, chức vụ, đóng dấu)"])
