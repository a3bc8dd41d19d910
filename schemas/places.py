"""Addresses checked against the gazetteer of the 63-province era (the 3-level form that
civil-status documents print: xã, huyện, tỉnh), from the ``vietnamadminunits`` package.

Each level is matched within its parent — the province, then a district of that
province, then a commune of that district — so that a name is only ever corrected to a
unit that exists where the address says it is. Same letters after folding restores the
marks (Quynh Lưu -> Quỳnh Lưu); one edit (Krông Đắc -> Krông Pắc) only when exactly one
unit is that close. Anything not found is left as printed.
"""

from __future__ import annotations

import os
import re
import sqlite3
from functools import lru_cache

from rapidfuzz.distance import OSA

from ocr.text import fold_lower

_LEVEL = re.compile(r"\b(xã|phường|thị trấn|huyện|quận|thị xã|thành phố|tỉnh)\s+([^,]+)",
                    re.IGNORECASE)
_KIND = {"xã": "ward", "phường": "ward", "thị trấn": "ward", "huyện": "district",
         "quận": "district", "thị xã": "district", "thành phố": "city", "tỉnh": "province"}

Tree = dict[str, dict[str, set[str]]]


@lru_cache(maxsize=1)
def gazetteer() -> Tree:
    """province -> district -> communes, short names, from the package's SQLite data."""
    import vietnamadminunits

    path = os.path.join(os.path.dirname(vietnamadminunits.__file__), "data", "dataset.db")
    tree: Tree = {}
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        for province, district, ward in db.execute(
                "SELECT provinceShort, districtShort, wardShort FROM admin_units_legacy"):
            tree.setdefault(province, {}).setdefault(district, set()).add(ward)
    return tree


def _best(name: str, candidates: set[str] | list[str]) -> str | None:
    if name in candidates:
        return name
    folded = fold_lower(name)
    same = [c for c in candidates if fold_lower(c) == folded]
    if len(same) == 1:
        return same[0]
    near = [c for c in candidates if OSA.distance(fold_lower(c), folded, score_cutoff=1) <= 1]
    return near[0] if len(near) == 1 and not same else None


# Unit words and the registry's name as printed; OCR drops their marks too ("tính", "Úy").
_WORDS = {"uy ban nhan dan": "Ủy ban nhân dân", "thi tran": "thị trấn", "thi xa": "thị xã",
          "thanh pho": "thành phố", "phuong": "phường", "huyen": "huyện", "quan": "quận",
          "tinh": "tỉnh", "xa": "xã"}


def _unit_at(folded: str) -> bool:
    return any(folded.startswith(key + " ") for key in _WORDS)


def _small_then_capital(text: str) -> bool:
    """A capital after a small letter in one word ("tỉnH"): OCR's, never printed."""
    return any(a.islower() and b.isupper() for a, b in zip(text, text[1:], strict=False))


def _fix_unit_words(text: str) -> str:
    """Each comma-separated part's leading unit word, spelled right ("tính X" -> "tỉnh X",
    "tỉnH X"); one spelled right in capitals of its own ("Thành Phố Đồng Hới", "Thị Trấn
    Óc Eo") is kept as printed."""
    parts = text.split(", ")
    for i, part in enumerate(parts):
        folded = fold_lower(part)
        if folded[:1] == folded[1:2] and _unit_at(folded[1:]) and not _unit_at(folded):
            part, folded = part[1:], folded[1:]  # its first letter read twice: "Xxã"
            parts[i] = part
        for key, word in _WORDS.items():
            read = part[:len(key)]
            if folded.startswith(key + " ") and (read.lower() != word or _small_then_capital(read)):
                start = word if part[:1].islower() or key == "uy ban nhan dan" else word.capitalize()
                parts[i] = start + part[len(key):]
                break
    return ", ".join(parts)


def _district(name: str, unit: str, districts: dict[str, set[str]]) -> tuple[str, str] | None:
    """(the district's spelling, its gazetteer key). The gazetteer tells a town and a
    district of one name apart in brackets ("Cao Lãnh (Thành phố)", "Cao Lãnh (Huyện)"),
    which addresses do not print: the printed unit word ("thành phố", "huyện") chooses."""
    short: dict[str, list[str]] = {}
    for key in districts:
        short.setdefault(re.sub(r"\s*\(.*?\)", "", key), []).append(key)
    best = _best(name, set(short))
    if best is None:
        return None
    keys = [k for k in short[best] if f"({unit.lower()})" in k.lower()] or short[best]
    return best, keys[0]


# Units under a commune that open an address ("Khu phố 4, xã ..."), longest first; one of
# one word is taken only before a number ("Tổ 13", not "Tô Hiệu" or "Thôn Đông").
_SUB_UNITS = ("Tổ dân phố", "Khu phố", "Thôn", "Xóm", "Tổ", "Ấp", "Bản", "Khu")


def _same_word(read: str, word: str) -> bool:
    """Folded alike, or one edit apart for words of three letters or more."""
    a, b = fold_lower(read), fold_lower(word)
    return a == b or (len(b) >= 3 and OSA.distance(a, b, score_cutoff=1) <= 1)


def _fix_sub_unit(text: str) -> str:
    """The unit word opening the address spelled as printed when OCR changed its marks or
    case, or one letter of a word of three or more (``KhU DHố 11``, ``TO tần PHO số 13``,
    ``TỔ 13``: Khu phố, Tổ dân phố, Tổ); its first letter keeps the case read, but for a
    small k: its stem as tall as a capital's, OCR reads K as k (4 of the 4 small ones
    on indgen dev seeds 73-86 were printed K, the unit opening a place's name)."""
    words = text.split(" ")
    for unit in _SUB_UNITS:
        parts = unit.split(" ")
        head, rest = words[:len(parts)], words[len(parts):]
        if len(head) < len(parts) or not rest or not all(map(_same_word, head, parts)):
            continue
        if len(parts) == 1 and not re.match(r"\d", rest[0]):
            continue
        small = head[0][:1].islower() and head[0][:1] != "k"
        return " ".join([unit[0].lower() + unit[1:] if small else unit, *rest])
    return text


_LETTERS = str.maketrans("10", "io")  # an i read 1, an o read 0 inside a word
_SPECK = re.compile(r"^\W*\w{0,2}\W*$")  # a word of two letters at most: a speck's reading


def _province(name: str) -> tuple[str, str] | None:
    """(the province ``name`` is a reading of, what of ``name`` it spans): the name, an i
    read 1 or an o read 0 in it, or the name with specks read after it (``Quảng trì ra
    Í``: nothing follows the province in an address, and no province has a word of two
    letters or less, so one or two such words after it are no part of it)."""
    words = name.split()
    for cut in range(len(words), max(len(words) - 3, 0), -1):
        if cut < len(words) and not all(_SPECK.match(w) for w in words[cut:]):
            break
        head = " ".join(words[:cut])
        found = _best(re.sub(r"(?<=[^\W\d_])[10]|[10](?=[^\W\d_])",
                             lambda m: m.group().translate(_LETTERS), head), list(gazetteer()))
        if found and (cut == len(words) or cut > 1):
            return found, head
    return None


def _unit_word_of_province(text: str) -> str:
    """The last part's unit word read wrong past ``_fix_unit_words`` (``L1nh Trà Vinh``: t
    read L, i read 1) is ``tỉnh`` when it is one edit from it and a province's name follows."""
    head, sep, last = text.rpartition(", ")
    word, _, rest = last.partition(" ")
    folded = fold_lower(word).translate(_LETTERS)
    if rest and folded != "tinh" and len(folded) == 4 and OSA.distance(folded, "tinh") <= 1 \
            and _best(rest, list(gazetteer())):
        return f"{head}{sep}tỉnh {rest}"
    return text


_HOSPITAL = re.compile(r"^(Bệnh viện(?: [Đđ]a khoa)?) (\S+(?: \S+){1,2})$", re.IGNORECASE)


def _hospital_of_province(text: str) -> str:
    """A hospital named after its province ("Bệnh viện Đa khoa Quảng Trị") with the
    province's name misread (``Quảng TI``, ``Quảng Tr1``): the one province it is one OCR
    slip from (``_best``; two words at least, so a short word is not made a province)."""
    found = _HOSPITAL.match(text)
    if not found or found.group(2) in gazetteer():
        return text
    province = _province(found.group(2))
    return f"{found.group(1)} {province[0]}" if province else text


_STREET = re.compile(r"^(\S+) (\d+[A-Za-z]?), (\S+) (?=\S)")


def _fix_street(text: str) -> str:
    """A house number and street opening the address ("Số 4, đường Nguyễn Du") spelled as
    printed when OCR changed their case or marks (``SỐ 232, đƯờng``, ``SỐ 115, DƯƠNG``:
    after a house number, a word folding to ``duong`` is the street's unit word, but
    for ``Dương`` or ``Đường`` read right: a street named so, "Số 3, Dương Quảng Hàm")."""
    found = _STREET.match(text)
    if not found or fold_lower(found.group(1)) != "so":
        return text
    number = found.group(1)[0] + "ố"
    word = found.group(3)  # "Dương", "Đường" as printed may open a street's name
    street = "đường" if fold_lower(word) == "duong" and word not in ("Dương", "Đường") else word
    return f"{number} {found.group(2)}, {street} {text[found.end():]}"


def correct_address(text: str) -> str:
    """The address with unit names spelled as the gazetteer spells them, where it can tell,
    and the unit under the commune that opens it as printed (``_fix_sub_unit``)."""
    text = _fix_unit_words(_fix_street(_fix_sub_unit(text)))
    text = _hospital_of_province(_unit_word_of_province(text))
    found = list(_LEVEL.finditer(text))
    parts = [(m.start(2), m.end(2), _KIND[m.group(1).lower()], m.group(2).strip())
             for m in found]
    units = {m.start(2): m.group(1) for m in found}
    tree = gazetteer()
    fixes: dict[int, tuple[int, str]] = {}
    province = None
    for start, end, kind, name in reversed(parts):  # provinces are printed last
        if kind in ("province", "city") and province is None:
            found = _province(name) if kind == "province" else None
            province = found[0] if found else _best(name, list(tree))
            if province:
                fixes[start] = (end, province)
            continue
        if kind == "city":
            kind = "district"  # a provincial city (thành phố thuộc tỉnh) is a district
        if province is None:
            continue
        if kind == "district" and (pair := _district(name, units[start], tree[province])):
            fixes[start], district = (end, pair[0]), pair[1]
            for s2, e2, k2, n2 in parts:
                if k2 == "ward" and s2 < start and (ward := _best(n2, tree[province][district])):
                    fixes[s2] = (e2, ward)
    out, last = [], 0
    for start in sorted(fixes):
        end, name = fixes[start]
        out += [text[last:start], name]
        last = end
    return "".join(out) + text[last:]


def _plain(name: str) -> str:
    """A gazetteer name compared: NFC lower case, without the "(Huyện)" that tells apart a
    district and a city of one name, old and new tone placement alike (Hoá = Hóa)."""
    from ocr.syllables import parse

    words = re.sub(r"\s*\(.*?\)", "", name).lower().split()
    keys = [(s.key if (s := parse(w)) else w) for w in words]
    return " ".join(keys)


@lru_cache(maxsize=1)
def _plain_tree() -> dict[str, dict[str, set[str]]]:
    """The gazetteer compared by ``_plain`` names; a city and a district of one name (Cao
    Lãnh) share their entry."""
    tree: dict[str, dict[str, set[str]]] = {}
    for province, districts in gazetteer().items():
        for district, wards in districts.items():
            if district:
                tree.setdefault(_plain(province), {}).setdefault(_plain(district), set()).update(
                    _plain(w) for w in wards if w)
    return tree


def _numbered(unit: str, name: str) -> str:
    """The gazetteer names numbered units with their unit word: "Phường 1", "Quận 3"."""
    return f"{unit.capitalize()} {name}" if name.isdigit() else name


def address_doubts(text: str) -> list[str]:
    """Why an address cannot be vouched for by the gazetteer: no unit in it, or a
    province, district or commune (within its parent) spelled as no unit is. Empty: every
    printed level is a real unit where the address puts it."""
    parts = [(_KIND[m.group(1).lower()], _numbered(m.group(1), m.group(2).strip()))
             for m in _LEVEL.finditer(text)]
    if not parts:
        return ["no administrative unit (xã, huyện, tỉnh) to check against the gazetteer"]
    tree = _plain_tree()
    province = next((n for k, n in reversed(parts) if k in ("province", "city")
                     and _plain(n) in tree), None)
    if province is None:
        return [f"no province of the gazetteer in {text!r}"]
    districts = tree[_plain(province)]
    doubts, communes = [], set().union(*districts.values())
    for kind, name in parts:
        if kind in ("district", "city") and name != province:
            if _plain(name) not in districts:
                doubts.append(f"{name!r} is no district of {province}")
            else:
                communes = districts[_plain(name)]
    doubts += [f"{name!r} is no commune there" for kind, name in parts
               if kind == "ward" and _plain(name) not in communes]
    return doubts


@lru_cache(maxsize=1)
def _communes_by_fold() -> dict[str, str]:
    """Folded commune name -> its spelling; the most common spelling when several communes
    fold alike (Tân Lập is one name in many districts)."""
    from collections import Counter

    counts: Counter[str] = Counter(w for districts in gazetteer().values()
                                   for wards in districts.values() for w in wards if w)
    out: dict[str, str] = {}
    for name, _ in counts.most_common():
        out.setdefault(" ".join(fold_lower(name).split()), name)
    return out


def commune_display(folded: str) -> str:
    """A commune as the index keeps it (``tan lap``: folded for matching) as people write
    it (``Tân Lập``), from the gazetteer; a name it does not hold is title-cased."""
    return _communes_by_fold().get(" ".join(folded.split()), folded.title())
