"""Personal identifiers: the 12-digit số định danh cá nhân / CCCD and the 9-digit CMND."""

from __future__ import annotations

import re

from rapidfuzz.distance import Levenshtein

from schemas.dates import LIKELY_SLIPS

PROVINCES = {
    "001": "Hà Nội", "002": "Hà Giang", "004": "Cao Bằng", "006": "Bắc Kạn", "008": "Tuyên Quang",
    "010": "Lào Cai", "011": "Điện Biên", "012": "Lai Châu", "014": "Sơn La", "015": "Yên Bái",
    "017": "Hòa Bình", "019": "Thái Nguyên", "020": "Lạng Sơn", "022": "Quảng Ninh",
    "024": "Bắc Giang", "025": "Phú Thọ", "026": "Vĩnh Phúc", "027": "Bắc Ninh",
    "030": "Hải Dương", "031": "Hải Phòng", "033": "Hưng Yên", "034": "Thái Bình",
    "035": "Hà Nam", "036": "Nam Định", "037": "Ninh Bình", "038": "Thanh Hóa", "040": "Nghệ An",
    "042": "Hà Tĩnh", "044": "Quảng Bình", "045": "Quảng Trị", "046": "Thừa Thiên Huế",
    "048": "Đà Nẵng", "049": "Quảng Nam", "051": "Quảng Ngãi", "052": "Bình Định",
    "054": "Phú Yên", "056": "Khánh Hòa", "058": "Ninh Thuận", "060": "Bình Thuận",
    "062": "Kon Tum", "064": "Gia Lai", "066": "Đắk Lắk", "067": "Đắk Nông", "068": "Lâm Đồng",
    "070": "Bình Phước", "072": "Tây Ninh", "074": "Bình Dương", "075": "Đồng Nai",
    "077": "Bà Rịa–Vũng Tàu", "079": "TP Hồ Chí Minh", "080": "Long An", "082": "Tiền Giang",
    "083": "Bến Tre", "084": "Trà Vinh", "086": "Vĩnh Long", "087": "Đồng Tháp",
    "089": "An Giang", "091": "Kiên Giang", "092": "Cần Thơ", "093": "Hậu Giang",
    "094": "Sóc Trăng", "095": "Bạc Liêu", "096": "Cà Mau",
}
_CENTURY = {0: (1900, "Nam"), 1: (1900, "Nữ"), 2: (2000, "Nam"), 3: (2000, "Nữ"),
            4: (2100, "Nam"), 5: (2100, "Nữ")}


def make_personal_id(province: str, year: int, sex: str, serial: int) -> str:
    century = (year // 100) * 100
    code = next(k for k, (c, s) in _CENTURY.items() if c == century and s == sex)
    return f"{province}{code}{year % 100:02d}{serial:06d}"


def check_personal_id(value: str, *, sex: str | None = None, year: int | None = None) -> list[str]:
    """Problems with a 12-digit id (empty list: plausible). There is no check digit."""
    if not re.fullmatch(r"\d{12}", value):
        return ["personal id must be 12 digits"]
    problems = []
    if value[:3] not in PROVINCES:
        problems.append(f"unknown province code {value[:3]}")
    digit = int(value[3])
    if digit not in _CENTURY:
        return [*problems, f"invalid century/sex digit {digit}"]
    century, id_sex = _CENTURY[digit]
    if sex and id_sex != sex:
        problems.append(f"id says sex {id_sex}, record says {sex}")
    if year is not None and century + int(value[4:6]) != year:
        problems.append(f"id says birth year {century + int(value[4:6])}, record says {year}")
    return problems


def province_slip(value: str) -> tuple[str, list[str]]:
    """A 12-digit id whose province code is none (``649...``, ``679...``: a 0 read 6, 8 or
    9; every code starts 0) with the one code one usual digit confusion away, and a
    problem saying so (the number was changed: someone checks it). Else as it was."""
    if not re.fullmatch(r"\d{12}", value) or value[:3] in PROVINCES:
        return value, []
    codes = {value[:i] + d + value[i + 1:3] for i in range(3) for d in "0123456789"
             if frozenset(value[i] + d) in LIKELY_SLIPS}
    fits = [c for c in codes if c in PROVINCES]
    if len(fits) != 1:
        return value, []
    fixed = fits[0] + value[3:]
    return fixed, [f"personal id read {value}: {value[:3]} is no province code, {fits[0]} "
                   "is one digit slip away"]


# Who issues a CCCD, as printed after "do" (public fact: the police department in charge
# in turn, 2016-2021, 2021-2024, then the ministry itself); a CMND's issuer, a province's
# police ("Công an tỉnh ..."), is not a closed list and is left as read.
CCCD_ISSUERS = ("Cục Cảnh sát quản lý hành chính về trật tự xã hội",
                "Cục Cảnh sát QLHC về TTXH", "Cục Cảnh sát ĐKQL cư trú và DLQG về dân cư",
                "Bộ Công an")
_ISSUER = re.compile(r"(?<=\bdo )(.+?)(?= ?cấp ngày\b|$)")


def issuer_slips(value: str) -> str:
    """``value`` with its issuer (between "do" and "cấp ngày") spelled as the one CCCD
    issuer it is a few OCR slips from: an abbreviation's letter misread (``TIXH``,
    ``TTIXH``), a leader's dot after a word (``Cảnh sát. QLHC``), ``cấp`` run into it
    (``TTXHcấp``). At most one slip in ten letters (and one in a short name), so a
    province's police (``Công an tỉnh ...``) is never taken for one."""
    value = re.sub(r"(?<=[^\W\d_])(?=cấp ngày\b)", " ", value)
    m = _ISSUER.search(value)
    if m is None:
        return value
    cost = {known: Levenshtein.distance(m.group(1), known) for known in CCCD_ISSUERS}
    best = min(cost, key=cost.__getitem__)
    if 0 < cost[best] <= max(1, len(best) // 10):
        return value[:m.start(1)] + best + value[m.end(1):]
    return value
