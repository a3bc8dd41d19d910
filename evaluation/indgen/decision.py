"""A Decree-30 (NĐ 30/2020/NĐ-CP) decision: authority and number left, motto and place-date
right, QUYẾT ĐỊNH with its summary, the bases (Căn cứ ...), articles, "Nơi nhận:" bottom left
and the signer block bottom right."""

from __future__ import annotations

import datetime as dt
import random

from evaluation.indgen import common, people, places
from evaluation.indgen.canvas import Sheet
from evaluation.indgen.common import Record

SUBJECTS = [
    ("Về việc cho phép thay đổi, cải chính hộ tịch",
     "Cho phép {who} được cải chính ngày, tháng, năm sinh từ {d1} thành {d2} trong Giấy khai sinh."),
    ("Về việc công nhận tổ dân phố văn hóa năm {y}",
     "Công nhận {n} tổ dân phố đạt danh hiệu văn hóa năm {y} (có danh sách kèm theo)."),
    ("Về việc thành lập Tổ công tác số hóa dữ liệu hộ tịch",
     "Thành lập Tổ công tác số hóa Sổ hộ tịch, gồm ông (bà) {who} làm Tổ trưởng và {n} thành viên."),
    ("Về việc khen thưởng cá nhân có thành tích xuất sắc trong công tác hộ tịch năm {y}",
     "Tặng Giấy khen cho ông (bà) {who} đã có thành tích xuất sắc trong công tác hộ tịch năm {y}."),
    ("Về việc ban hành Kế hoạch rà soát, số hóa Sổ đăng ký hộ tịch",
     "Ban hành kèm theo Quyết định này Kế hoạch rà soát, số hóa {n} quyển Sổ đăng ký hộ tịch."),
]
BASES = [
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
    "Căn cứ Luật Hộ tịch ngày 20 tháng 11 năm 2014;",
    "Căn cứ Nghị định số 123/2015/NĐ-CP ngày 15 tháng 11 năm 2015 của Chính phủ quy định chi tiết "
    "một số điều và biện pháp thi hành Luật Hộ tịch;",
    "Căn cứ Thông tư số 04/2020/TT-BTP ngày 28 tháng 5 năm 2020 của Bộ trưởng Bộ Tư pháp;",
]
RECIPIENTS = [["- Như Điều 3;", "- Lưu: VT, TP."],
              ["- Như Điều 3;", "- UBND huyện (b/c);", "- Lưu: VT."],
              ["- Như Điều 3;", "- Phòng Tư pháp;", "- TT Đảng ủy, HĐND;", "- Lưu: VT, HT."]]


def _texts(rng: random.Random, when: dt.date) -> tuple[str, str]:
    summary, article = rng.choice(SUBJECTS)
    who = common.official(rng, places.commune(rng))
    d1 = people.random_date(rng, 1960, 2010)
    d2 = d1 + dt.timedelta(days=rng.randint(1, 400))
    fill = {"who": who, "y": when.year - 1 if when.month < 4 else when.year,
            "n": rng.randint(3, 40), "d1": people.dmy(d1), "d2": people.dmy(d2)}
    return summary.format(**fill), article.format(**fill)


def draw(rng: random.Random, s: Sheet, level: str) -> list[Record]:
    home = places.commune(rng)
    when = people.random_date(rng, 2020, 2024)
    rec = Record("decision", layout="document")
    auth = places.authority_lines(home, level)
    rec.text("issuing_authority", " ".join(auth))
    number = f"{rng.randint(1, 450):02d}/QĐ-UBND"
    rec.text("document_number", number)
    place = home.ward_short if level == "commune" else home.district_short or home.ward_short
    rec.text("place", place)
    rec.date("issue_date", when)
    month = f"{when.month:02d}" if when.month < 3 else str(when.month)
    date_line = f"{place}, ngày {when.day:02d} tháng {month} năm {when.year}"
    w = s.right - s.left
    bold, small = s.font("title", 0.92, "bold"), s.font("title", 0.92, "regular")
    left = [(auth[0], small), (auth[1], bold), (f"Số: {number}", s.font("label", 1.0, "regular"))]
    right = [(common.MOTTO[0], bold), (common.MOTTO[1], s.font("title", 0.98, "bold")),
             (date_line, s.font("label", 1.0, "italic"))]
    s.blocks(left, right, s.left + w * 0.2, s.left + w * 0.66, rules=(False, False))
    summary, article = _texts(rng, when)
    s.advance(0.6)
    s.centered(rec.text("document_type", "QUYẾT ĐỊNH") or "", s.font("title", 1.2, "bold"))
    s.advance()
    s.paragraph(rec.text("summary", summary) or "", s.font("title", 1.0, "bold"),
                x0=s.left + w * 0.1, x1=s.right - w * 0.1, center=True)
    s.advance(0.4)
    chair = f"CHỦ TỊCH ỦY BAN NHÂN DÂN {auth[1]}"
    s.paragraph(chair, s.font("title", 1.0, "bold"), center=True)
    s.advance(0.4)
    _body(rng, s, article)
    _footer(rng, s, rec, home, level)
    return [rec]


def _body(rng: random.Random, s: Sheet, article: str) -> None:
    body = s.font("label", 1.0, "regular")
    for base in BASES[: rng.randint(2, 4)]:
        s.paragraph(base, s.font("label", 1.0, "italic"), indent=s.mm(10))
    s.paragraph("Xét đề nghị của công chức Tư pháp - Hộ tịch.", s.font("label", 1.0, "italic"),
                indent=s.mm(10))
    s.advance(0.3)
    s.centered("QUYẾT ĐỊNH:", s.font("title", 1.1, "bold"))
    s.advance(1.2)
    s.paragraph(f"Điều 1. {article}", body, indent=s.mm(10))
    s.paragraph("Điều 2. Quyết định này có hiệu lực kể từ ngày ký.", body, indent=s.mm(10))
    s.paragraph("Điều 3. Văn phòng Ủy ban nhân dân, công chức Tư pháp - Hộ tịch và các cá nhân "
                "có liên quan chịu trách nhiệm thi hành Quyết định này./.", body, indent=s.mm(10))
    s.advance(0.6)


def _footer(rng: random.Random, s: Sheet, rec: Record, home: places.Commune, level: str) -> None:
    w = s.right - s.left
    y0 = s.y
    recipients = rng.choice(RECIPIENTS)
    s.put(s.left, "Nơi nhận:", s.font("label", 0.95, "bolditalic"))
    s.lines.append("Nơi nhận:")
    s.advance(0.9)
    small = s.font("label", 0.8, "regular")
    for line in recipients:
        s.put(s.left, line, small)
        s.lines.append(line)
        s.advance(0.8)
    rec.text("recipients", " ".join(recipients))
    s.y = y0
    titles = common.signer_titles(rng)
    name = common.official(rng, home)
    name = name if rng.random() < 0.3 else name.title()
    rec.text("signer_title", " ".join(titles))
    rec.text("signer_full_name", name)
    common.signer(s, rng, s.left + w * 0.7, titles, name, seal_text=common.seal_text(home, level))
