"""Administrative documents laid out per Decree 30/2020: authority and number top left,
motto and place-date top right, type and summary centred, body, recipients and signer."""

from __future__ import annotations

import random
from datetime import date

from pipeline.samples.certificates import authority_header, centred
from pipeline.samples.draw import A4, MARGIN, Row
from pipeline.samples.people import PLACES, admin_date, person, some_day, wrap

KINDS = [("QUYẾT ĐỊNH", "QĐ")] * 3 + [("THÔNG BÁO", "TB"), ("KẾ HOẠCH", "KH")]
SUMMARIES = ["Về việc công nhận kết quả bầu trưởng thôn {village}",
             "Về việc thành lập Tổ công tác chuyển đổi số cấp xã",
             "Về việc số hóa sổ hộ tịch lưu trữ tại xã {commune}",
             "Về việc cải chính hộ tịch cho công dân thôn {village}",
             "Về việc kiện toàn Ban chỉ đạo phòng chống thiên tai"]
VILLAGES = ["Đồng Tâm", "Bãi Trành", "Thôn Trung", "Yên Lạc", "Làng Mới", "Cẩm Bình"]
TITLES = [["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"], ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]]
BODY = ["Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
        "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác "
        "văn thư;", "Xét đề nghị của công chức Tư pháp - Hộ tịch xã."]


def decision_fields(rng: random.Random) -> dict[str, str | None]:
    commune, district, _, _ = rng.choice(PLACES)
    kind, abbreviation = rng.choice(KINDS)
    issued = some_day(rng, date(2016, 1, 1), 3300)
    number = rng.randrange(1, 300)
    recipients = ["Như Điều 3" if kind == "QUYẾT ĐỊNH" else "Các thôn trong xã",
                  f"UBND huyện {district}", "Lưu: VT"]
    return {
        "issuing_authority": f"ỦY BAN NHÂN DÂN XÃ {commune.upper()}",
        "document_number": f"{number:02d}/{abbreviation}-UBND",
        "place": commune,
        "issue_date": issued.isoformat(),
        "document_type": kind,
        "summary": rng.choice(SUMMARIES).format(village=rng.choice(VILLAGES), commune=commune),
        "signer_full_name": person(rng, rng.choice(["Nam", "Nữ"])),
        "signer_title": "\n".join(rng.choice(TITLES)),
        "recipients": "\n".join(recipients),
        "_commune": commune,
    }


def decision_rows(f: dict[str, str | None]) -> list[Row]:
    def v(key: str) -> str:
        return f[key] or ""

    commune = v("place")
    rows = authority_header(commune, ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                                      "Độc lập - Tự do - Hạnh phúc"])
    place_date = admin_date(commune, date.fromisoformat(v("issue_date")))
    rows += [Row([(centred(f"Số: {v('document_number')}", (MARGIN - 60, 1100), 44, "regular"),
                   f"Số: {v('document_number')}"),
                  (centred(place_date, (1100, A4[0] - MARGIN + 60), 42, "italic"), place_date)],
                 gap=90),
             Row([(None, v("document_type"))], "bold", 56, gap=16)]
    rows += [Row([(None, line)], "bold", 46) for line in wrap("", v("summary"), 60)]
    rows[-1].gap = 60
    if v("document_type") == "QUYẾT ĐỊNH":
        rows.append(Row([(None, f"CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ {commune.upper()}")], "bold", 44,
                        gap=40))
    for paragraph in BODY:
        rows += [Row([(MARGIN + 60 * (i == 0), line)], "italic", 42)
                 for i, line in enumerate(wrap("", paragraph, 80))]
    if v("document_type") == "QUYẾT ĐỊNH":
        rows.append(Row([(None, "QUYẾT ĐỊNH:")], "bold", 46, gap=30))
    articles = [f"Điều 1. {v('summary').replace('Về việc', 'Thực hiện việc')}.",
                "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.",
                "Điều 3. Công chức Văn phòng - Thống kê, Tư pháp - Hộ tịch và các cá nhân có "
                "liên quan chịu trách nhiệm thi hành."]
    for article in articles:
        rows += [Row([(MARGIN + 60 * (i == 0), line)], size=44)
                 for i, line in enumerate(wrap("", article, 78))]
    rows[-1].gap = 70
    right = (1240, A4[0] - MARGIN)
    titles = v("signer_title").split("\n")
    recipients = ["Nơi nhận:", *(f"- {r};" if i < 2 else f"- {r}." for i, r in
                                 enumerate(v("recipients").split("\n")))]
    left_lines = recipients + [""] * max(0, len(titles) + 1 - len(recipients))
    for i, text in enumerate(left_lines):
        title = titles[i] if i < len(titles) else ""
        style_left = (MARGIN, text)
        rows.append(Row([style_left, (centred(title, right, 44), title)], "bold" if title else
                        "regular", 40 if not title else 44, gap=10))
    rows[-1].gap = 240
    return [*rows, Row([(centred(v("signer_full_name"), right, 46), v("signer_full_name"))],
                       "bold", 46)]
