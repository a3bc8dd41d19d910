"""Real place names from the ``vietnamadminunits`` gazetteer (63-province era, 3 levels; and the
2025 34-province list, 2 levels), formatted the way civil-status forms print addresses."""

from __future__ import annotations

import random
import sqlite3
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import vietnamadminunits

DB = Path(vietnamadminunits.__file__).parent / "data" / "dataset.db"


@dataclass(frozen=True)
class Commune:
    """A commune of the gazetteer. A few island districts have no commune level (Bạch Long Vĩ,
    Cồn Cỏ, Hoàng Sa, Lý Sơn, Côn Đảo): their row has no ward (``ward`` None), and the
    district's own committee registers civil status, so it stands in for the commune."""
    ward: str | None    # "Xã Thanh Phong" / "Phường Trúc Bạch" / "Thị trấn ..."; None (see above)
    district: str       # "Huyện Thanh Liêm"; "" on a 2025 (two-level) address
    province: str       # "Tỉnh Hà Nam" / "Thành phố Hà Nội"
    code: str           # 3-digit province code ("035"), for personal ids

    @property
    def local(self) -> str:
        """The lowest unit: the commune, or the district where there is no commune."""
        return self.ward or self.district

    @property
    def ward_short(self) -> str:
        return _short(self.local)

    @property
    def district_short(self) -> str:
        return _short(self.district)

    @property
    def province_short(self) -> str:
        return _short(self.province)


PREFIXES = ("Thành phố", "Thị trấn", "Thị xã", "Phường", "Huyện", "Quận", "Tỉnh", "Xã", "Đặc khu")


def _short(unit: str) -> str:
    for p in PREFIXES:
        if unit.startswith(p + " "):
            return unit[len(p) + 1:]
    return unit


def _lower_type(unit: str) -> str:
    """'Xã Thanh Phong' -> 'xã Thanh Phong' (forms write the unit type in lower case)."""
    for p in PREFIXES:
        if unit.startswith(p + " "):
            return p.lower() + unit[len(p):]
    return unit


@cache
def _legacy_rows() -> list[tuple[str, str, str, str]]:
    with sqlite3.connect(f"file:{DB}?mode=ro", uri=True) as con:
        return con.execute("SELECT ward, district, province, provinceCode FROM admin_units_legacy "
                           "ORDER BY wardCode").fetchall()


@cache
def _new_rows() -> list[tuple[str, str, str]]:
    with sqlite3.connect(f"file:{DB}?mode=ro", uri=True) as con:
        return con.execute("SELECT ward, province, provinceCode FROM admin_units "
                           "ORDER BY wardCode").fetchall()


def commune(rng: random.Random, new_era: bool = False, province: str | None = None) -> Commune:
    """A random commune; ``province`` keeps it in the same province (neighbours, registries)."""
    if new_era:
        rows = _new_rows()
        if province:
            rows = [r for r in rows if r[1] == province] or rows
        ward, prov, code = rng.choice(rows)
        return Commune(ward, "", prov, code.zfill(3))
    rows = _legacy_rows()
    if province:
        rows = [r for r in rows if r[2] == province] or rows
    ward, district, prov, code = rng.choice(rows)
    return Commune(ward, district, prov, code.zfill(3))


HAMLETS = ["Thôn {n}", "Xóm {n}", "Tổ {n}", "Ấp {n}", "Khu phố {n}", "Tổ dân phố số {n}"]
STREETS = ["Lê Lợi", "Trần Hưng Đạo", "Nguyễn Trãi", "Hai Bà Trưng", "Quang Trung",
           "Lý Thường Kiệt", "Hùng Vương", "Điện Biên Phủ", "Phan Chu Trinh", "Nguyễn Du"]
NAMED_HAMLETS = ["Thôn Đông", "Thôn Trung", "Thôn Hạ", "Xóm Mới", "Thôn Phú Mỹ", "Bản Na Hối",
                 "Thôn An Bình", "Làng Kép", "Buôn Ea Kmar", "Ấp Tân Lập", "Thôn Yên Xá"]


def address(rng: random.Random, c: Commune, detail: bool = True) -> str:
    """'Thôn 3, xã Thanh Phong, huyện Thanh Liêm, tỉnh Hà Nam' (2 levels after 2025)."""
    parts: list[str] = []
    if detail:
        roll = rng.random()
        if roll < 0.35:
            parts.append(rng.choice(HAMLETS).format(n=rng.randint(1, 15)))
        elif roll < 0.55:
            parts.append(rng.choice(NAMED_HAMLETS))
        elif roll < 0.75:
            parts.append(f"Số {rng.randint(1, 250)}, đường {rng.choice(STREETS)}")
    if c.ward:
        parts.append(_lower_type(c.ward))
    if c.district:
        parts.append(_lower_type(c.district))
    parts.append(_lower_type(c.province))
    return ", ".join(parts)


def birth_place(rng: random.Random, c: Commune) -> str:
    """A health facility or a home address, as a birth certificate prints it."""
    roll = rng.random()
    where = address(rng, c, detail=False)
    if roll < 0.35:
        return f"Bệnh viện Đa khoa {_short(c.province)}, {_lower_type(c.province)}" \
            if rng.random() < 0.5 else f"Bệnh viện Sản Nhi {_short(c.province)}"
    if roll < 0.6 and c.ward:       # no commune, no commune health station: the district's
        return f"Trạm Y tế {_lower_type(c.ward)}, " + where.split(", ", 1)[1]
    if roll < 0.75 and c.district:
        return f"Trung tâm Y tế {_lower_type(c.district)}, {_lower_type(c.province)}"
    return address(rng, c)


def hometown(c: Commune) -> str:
    """Quê quán: commune, district, province without hamlet."""
    return ", ".join(_lower_type(u) for u in (c.ward, c.district, c.province) if u)


def authority_lines(c: Commune, level: str = "commune") -> list[str]:
    """Top-left header of a document issued by a people's committee."""
    if (level == "district" or not c.ward) and c.district:
        return ["ỦY BAN NHÂN DÂN", c.district.upper()]
    if level == "commune-3" and c.district:
        return [f"UBND {c.district.upper()}", f"UBND {c.ward.upper()}"]
    return ["ỦY BAN NHÂN DÂN", c.ward.upper()]


def committee(c: Commune) -> str:
    """'Ủy ban nhân dân xã Thanh Phong, huyện Thanh Liêm, tỉnh Hà Nam' (registration place)."""
    return "Ủy ban nhân dân " + hometown(c)
