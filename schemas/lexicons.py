"""Closed lists that field values can be checked and corrected against.

Real-world lists, not the sample generator's: the 54 ethnic groups recognised by the
state (Danh mục các dân tộc Việt Nam) and common Vietnamese surnames. A correction only
uses an entry whose folded form no other entry shares (La and Lã: neither is applied).
"""

from __future__ import annotations

from pathlib import Path

ETHNIC_GROUPS = [
    "Kinh", "Tày", "Thái", "Mường", "Khmer", "Hoa", "Nùng", "Mông", "Dao", "Gia Rai", "Ê Đê",
    "Ba Na", "Sán Chay", "Chăm", "Cơ Ho", "Xơ Đăng", "Sán Dìu", "Hrê", "Ra Glai", "Mnông",
    "Thổ", "Xtiêng", "Khơ Mú", "Bru - Vân Kiều", "Cơ Tu", "Giáy", "Tà Ôi", "Mạ", "Giẻ Triêng",
    "Co", "Chơ Ro", "Xinh Mun", "Hà Nhì", "Chu Ru", "Lào", "La Chí", "Kháng", "Phù Lá",
    "La Hủ", "La Ha", "Pà Thẻn", "Lự", "Ngái", "Chứt", "Lô Lô", "Mảng", "Cơ Lao", "Bố Y",
    "Cống", "Si La", "Pu Péo", "Rơ Măm", "Brâu", "Ơ Đu",
]

SURNAMES = [
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
    "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Trịnh", "Lương", "Mai", "Cao", "Đoàn", "Lâm",
    "Trương", "Tô", "Hà", "Tạ", "Chu", "Quách", "Đào", "Lưu", "Châu", "Phùng", "Mạc", "Tăng",
    "Từ", "Vương", "La", "Giang", "Triệu", "Nghiêm", "Hứa", "Doãn", "Thân", "Vi", "Kiều",
    "Khổng", "Bạch", "Tôn", "Lại", "Kim", "Âu", "Ông", "Thái", "Nông", "Lò", "Lục", "Lã",
    "Hầu", "Sầm", "Quan", "Ninh", "Khúc", "Diệp", "Thạch", "Danh", "Lữ", "Mẫn", "Ung",
    # clan names of the Mông (Hmong) people of the northern mountains (Giàng A Sùng)
    "Giàng", "Sùng", "Vàng", "Thào", "Mùa", "Hờ", "Lầu",
]

# Clan names of the Central Highlands peoples, as the registries write them: Ê Đê (last in
# the name: H'HEN NIÊ, Y BLIM ÊBAN), Gia Rai (first: KSOR H'BLIN, RƠ MAH H'YÊN), Ba Na,
# Mnông and Cơ Ho. Secondary sources [S]: the ethnography pages on these peoples and
# published name lists; Kinh surnames they also use (Đinh, Nay) are in SURNAMES or here.
HIGHLAND_SURNAMES = [
    "Adrơng", "Alio", "Ayun", "Bdap", "Bkrông", "Buôn Krông", "Buôn Yă", "Byă",
    "Đinh", "Ênuôl", "Êban", "Êcăm", "Êya", "Hđơk", "Hmok", "Hwing", "Kbuôr",
    "Kđoh", "Knul", "Ksor", "Ksơr", "Kpă", "Kpuil", "Ktla", "Kơ Pa", "Lơ Mu", "Mdrang",
    "Mjâo", "Mlô", "Mlô Duôn Du", "Nay", "Niê", "Niê Kdăm", "Puih", "Rahlan", "Rcom",
    "Rchăm", "Rmah", "Rơ Chăm", "Rơ Mah", "Rơ Ô", "Siu", "Điểu",
]


def _name_syllables() -> frozenset[str]:
    """Syllables of Vietnamese given and middle names (vnfaker's lists, MIT: data/) and of
    the surnames above, lower case."""
    path = Path(__file__).parent / "data" / "names.txt"
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if not ln.startswith("#")]
    return frozenset(w.lower() for ln in [*lines, *SURNAMES] for w in ln.split())


NAME_SYLLABLES = _name_syllables()
