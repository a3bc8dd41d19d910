"""Printed label wordings of each era's civil-status templates, folded (no marks, lower
case, no punctuation), and the vocabularies the readers use: every era's wording at once,
since a page does not say which template it was printed from.

Eras (domain reference, section 1):

- ``TT04``: Thông tư 04/2020/TT-BTP (forms in force from 16/07/2020) and the electronic
  registry's Thông tư 01/2022/TT-BTP: "Họ, chữ đệm, tên" (01/2022 extracts also print
  "Họ, chữ đệm và tên"), "Nơi cư trú", "Giấy tờ tùy thân", "Số định danh cá nhân"; the
  death extract names the deceased with the bare "Họ, chữ đệm, tên" (no "người chết").
- ``TT15``: Thông tư 15/2015/TT-BTP (2016-2020): the same person labels, the death extract
  with "Họ, chữ đệm, tên người chết", "Nơi cư trú cuối cùng".
- ``TP/HT-2010``: the forms of Thông tư 08.a/2010/TT-BTP under Nghị định 158/2005 (codes
  ``TP/HT-2010-…``): "Họ và tên", "Nơi thường trú/tạm trú", "Số CMND" / "Giấy CMND số"
  (9-digit Chứng minh nhân dân), "Chết vào lúc".

Spec syntax is ``labels.py``'s (``^`` line start, trailing ``:`` colon required,
``@who:key`` sections, ``{who}`` in keys); ``a|b`` is the context rule of a generic label:
key ``a`` for its first occurrence, ``b`` for later ones or under a ``b`` section heading.
"""

from __future__ import annotations

Labels = list[tuple[str, str]]

# How a person's full name is labelled: TT04/TT15 "Họ, chữ đệm, tên"; TT 01/2022
# "Họ, chữ đệm và tên"; TP/HT-2010 "Họ và tên"; registers and old tables "Họ tên".
NAME_WORDS = ("ho chu dem ten", "ho chu dem va ten", "ho va ten", "ho ten:")
# Residence: TT04/TT15 "Nơi cư trú"; TP/HT-2010 "Nơi thường trú/tạm trú", "Nơi thường trú",
# "Nơi tạm trú", and the household-registration wording "Nơi đăng ký hộ khẩu thường trú"
# ("Nơi ĐKHK thường trú").
RESIDENCE_WORDS = ("noi cu tru", "noi thuong tru tam tru", "noi thuong tru", "noi tam tru",
                   "noi dang ky ho khau thuong tru", "noi dkhk thuong tru")
# Identity papers: TT04/TT15 "Giấy tờ tùy thân"; TP/HT-2010 "Số CMND", "Giấy CMND số",
# "Số CMND/Hộ chiếu", "Giấy chứng minh nhân dân số".
ID_WORDS = ("giay to tuy than", "so giay to tuy than", "so cmnd", "giay cmnd so",
            "so cmnd ho chieu", "so giay cmnd ho chieu", "so giay cmnd", "so ho chieu",
            "giay chung minh nhan dan so", "so chung minh nhan dan")
# TP/HT-2010 prints the paper's issue after its number, labelled: "Ngày cấp: …",
# "Nơi cấp: …". ``+words`` appends ", words <value>" to the value before it on the line,
# so the paper is kept whole ("172354689, cấp ngày 03/04/2005, nơi cấp Công an tỉnh …").
ISSUE: Labels = [("ngay cap:", "+cấp ngày"), ("noi cap:", "+nơi cấp")]
# Labels forms print for data sohoa does not keep: known, so not "unknown label".
UNUSED: Labels = [("quan he voi nguoi duoc khai sinh", "_relationship"),
                  ("quan he voi nguoi chet", "_relationship"), ("quan he:", "_relationship")]


def names(suffixes: tuple[str, ...], key: str) -> Labels:
    """Every era's name label followed by one of ``suffixes`` ("" for the bare label)."""
    out = []
    for words in NAME_WORDS:
        colon = words.endswith(":")
        for suffix in suffixes:
            spec = f"{words.rstrip(':')} {suffix}".strip()
            out.append((spec + (":" if colon else ""), key))
    return out


def residences(key: str, last: bool = False) -> Labels:
    """Residence labels of every era; ``last`` adds the death forms' "... cuối cùng"."""
    out = [(w, key) for w in RESIDENCE_WORDS]
    return out + [(f"{w} cuoi cung", key) for w in RESIDENCE_WORDS] if last else out


def identity(key: str) -> Labels:
    return [(w, key) for w in ID_WORDS] + ISSUE + UNUSED


def ordered(labels: Labels) -> Labels:
    """Longest labels first (their words are taken), duplicates dropped, order otherwise
    kept: ``find_labels`` tries them in this order."""
    seen: dict[str, str] = {}
    for spec, key in labels:
        seen.setdefault(spec, key)
    return sorted(seen.items(), key=lambda item: -len(item[0].lstrip("^").split()))


COMMON: Labels = [  # every era, every certificate
    ("ngay thang nam dang ky", "registration_date"),
    ("ngay dang ky:", "registration_date"),  # TP/HT-2010 and register tables
    ("ngay thang nam sinh", "{who}date_of_birth"),
    ("so dinh danh ca nhan", "personal_id"),  # TT15 onwards; absent from TP/HT-2010
    ("co quan dang ky ho tich", "registration_place"),
    ("co quan dang ky:", "registration_place"),  # a register page's header, shortened
    ("gioi tinh", "sex"),
    ("dan toc", "{who}ethnicity"),
    ("quoc tich", "{who}nationality"),
    ("quyen so", "book_number"),
    ("ghi chu", "_note"),
    ("^so", "registration_number"),
]

BIRTH: Labels = ordered([
    *names(("nguoi di khai sinh", "nguoi di dang ky khai sinh", "nguoi yeu cau"),
           "@declarant:declarant_full_name"),
    *names(("nguoi me", "me"), "@mother:mother_full_name"),
    *names(("nguoi cha", "cha"), "@father:father_full_name"),
    # The bare label: the child's, then the declarant's (a later one, or under a heading).
    *names(("",), "@child:full_name|declarant_full_name"),
    ("nguoi di khai sinh", "@declarant:_section"),
    ("nguoi di dang ky khai sinh", "@declarant:_section"),
    *COMMON,
    ("ghi bang chu", "date_of_birth_words"),
    ("bang chu", "date_of_birth_words"),  # TP/HT-2010: "(Bằng chữ): Ngày hai mươi ..."
    ("noi dang ky khai sinh", "registration_place"),
    ("noi dang ky:", "registration_place"),  # TP/HT-2010
    *identity("declarant_id_document"),
    ("noi sinh", "place_of_birth"),
    ("que quan", "hometown"),
    ("nam sinh", "{who}birth_year"),
    *residences("{who}residence"),
])

DEATH: Labels = ordered([
    *names(("nguoi di khai tu", "nguoi di dang ky khai tu", "nguoi yeu cau"),
           "@declarant:declarant_full_name"),
    *names(("nguoi chet", "nguoi da chet"), "deceased_full_name"),  # TT15, TP/HT-2010
    # TT04/2020's death extract: the bare label, first the deceased, then the declarant.
    *names(("",), "deceased_full_name|declarant_full_name"),
    ("nguoi di khai tu", "@declarant:_section"),  # a heading over the declarant's lines
    ("nguoi di dang ky khai tu", "@declarant:_section"),
    *COMMON,
    ("noi dang ky khai tu", "registration_place"),
    ("noi dang ky:", "registration_place"),
    *residences("residence", last=True),
    ("giay bao tu giay to thay the giay bao tu", "death_notice"),
    ("giay bao tu", "death_notice"),
    ("giay to tuy than", "declarant_id_document"),  # TT04/TT15: the declarant's only
    ("so giay to tuy than", "declarant_id_document"),
    *identity("_deceased_id|declarant_id_document"),  # TP/HT-2010: the deceased's first
    ("da chet vao luc", "death_datetime"),
    ("chet vao luc", "death_datetime"),  # TP/HT-2010
    ("nguyen nhan chet", "cause_of_death"),
    ("noi chet", "place_of_death"),
])
DEATH = [(s, k.replace("{who}", "")) for s, k in DEATH]

MARITAL_STATUS: Labels = ordered([
    *names(("",), "full_name"),
    *COMMON,
    *identity("id_document"),
    ("trong thoi gian cu tru tai", "residence_period"),
    *residences("residence"),
    ("tinh trang hon nhan:", "marital_status"),
    ("duoc su dung de", "purpose"),  # TT 04/2020: "... được sử dụng để:"
    ("giay nay duoc cap de", "purpose"),  # TT 15/2015: "Giấy này được cấp để:"
])
MARITAL_STATUS = [(s, k.replace("{who}", "")) for s, k in MARITAL_STATUS]

SPOUSE: Labels = [  # a husband's or a wife's details ({who}: husband_ or wife_)
    ("ngay thang nam sinh", "{who}date_of_birth"),
    # TP/HT-2010's ruled form wraps the label in its column: "Ngày, tháng, năm" over
    # "sinh" (the registration date is labelled "... năm đăng ký:", longer, taken first).
    ("ngay thang nam", "{who}date_of_birth"),
    *identity("{who}id_document"),
    *residences("{who}residence"),
    ("dan toc", "{who}ethnicity"),
    ("quoc tich", "{who}nationality"),
]
MARRIAGE: Labels = ordered([  # {who} is husband_ or wife_, by column
    ("noi dang ky ket hon", "registration_place"),
    ("ngay thang nam dang ky", "registration_date"),
    # One spouse's block after the other ("Họ, chữ đệm, tên chồng:" ... "... vợ:"): the
    # name label sets whose lines follow. A wife named VÕ under a bare "Họ, chữ đệm, tên:"
    # is not this label: a label ends at its colon (``labels.find_labels``).
    *names(("nguoi chong", "chong"), "@husband:husband_full_name"),
    *names(("nguoi vo", "vo"), "@wife:wife_full_name"),
    *names(("",), "{who}full_name"),
    *SPOUSE,
    ("quyen so", "book_number"),
    ("^so", "registration_number"),
])
MARRIAGE_REGISTER: Labels = ordered([  # a marriage book's entry: the husband's, the wife's
    *names(("nguoi chong", "chong"), "@husband:husband_full_name"),
    *names(("nguoi vo", "vo"), "@wife:wife_full_name"),
    ("ngay thang nam dang ky", "registration_date"),
    ("co quan dang ky ho tich", "registration_place"),
    *SPOUSE,
    ("quyen so", "book_number"),
    ("ghi chu", "_note"),
    ("^so", "registration_number"),
])
