"""Independent evidence a read value needs before its confidence may reach the review
threshold (``SOHOA_REVIEW_CONFIDENCE``): OCR's own confidence says how sure tesseract was
of its shapes, not whether the result is a name, a place or a number at all.

Each check returns doubts (review reasons without the key); a value with a doubt has its
confidence capped under the threshold (``finish.make_record``). The lists are real-world
data independent of the sample generator: surnames and vnfaker's name syllables
(``schemas/lexicons.py``), the ``vietnamadminunits`` gazetteer (``schemas/places.py``).
"""

from __future__ import annotations

import re
from collections import Counter

from ocr.syllables import is_highland_word, is_syllable
from ocr.text import fold_lower
from schemas.lexicons import HIGHLAND_SURNAMES, NAME_SYLLABLES, SURNAMES
from schemas.normalize import is_highland_name, name_parts
from schemas.places import address_doubts

_SURNAMES = {s.lower() for s in SURNAMES}
MANY_WORDS = 5  # a Kinh name this long is rare; two columns' names read as one is not
_HIGHLAND_CLANS = {fold_lower(w) for s in HIGHLAND_SURNAMES for w in s.split()}
# Nationalities civil-status records in Vietnam mostly carry (the Ministry of Justice's
# registry statistics put marriages with Chinese, Korean, Taiwanese, Japanese and
# American citizens first); anything else is possible but must be looked at.
NATIONALITIES = frozenset({
    "Việt Nam", "Trung Quốc", "Hàn Quốc", "Đài Loan", "Nhật Bản", "Hoa Kỳ", "Lào",
    "Campuchia", "Thái Lan", "Pháp", "Đức", "Anh", "Úc", "Ca-na-đa", "Canada", "Nga",
    "Singapore", "Malaysia", "Phi-líp-pin", "In-đô-nê-xi-a", "Ấn Độ", "Không quốc tịch"})
ADDRESS_KEYS = ("place_of_birth", "hometown", "registration_place", "place_of_death",
                "residence", "residence_period")
# Fields whose value is digits in some format: every digit read must be in the value.
DIGIT_KEYS = ("registration_number", "book_number", "personal_id", "date_of_birth",
              "birth_year", "registration_date", "issue_date", "death_datetime",
              "document_number")
_VIETNAMESE = re.compile(r"[a-zA-ZđĐ\u00c0-\u00c3\u00c8-\u00ca\u00cc\u00cd\u00d2-\u00d5\u00d9"
                         r"\u00da\u00dd\u00e0-\u00e3\u00e8-\u00ea\u00ec\u00ed\u00f2-\u00f5"
                         r"\u00f9\u00fa\u00fd\u0102\u0103\u0128\u0129\u0168\u0169\u01a0"
                         r"\u01a1\u01af\u01b0\u1ea0-\u1ef9]")


def name_doubts(value: str) -> list[str]:
    """A person's name: a known surname first, then syllables Vietnamese names use; in a
    Central Highlands name (``normalize.is_highland_name``: KSOR H'BLIN, H'HEN NIÊ) any
    order, each part a name syllable or spelled like a Highlands one
    (``ocr.syllables.is_highland_word``). In any name, a word read without the apostrophe
    or hyphen it seems to have had (HHEN, HBLIN, YBLIM) is doubted, never mended."""
    words = value.split()
    doubts = [d for w in words if (d := lost_mark(w))]
    if is_highland_name(value):
        return doubts + [f"{w!r} is not spelled like a name" for w in words
                         if not all(_part_ok(p) for p in name_parts(w))]
    first, *rest = words
    if len(words) >= MANY_WORDS:
        doubts.append(f"{len(words)} words: two names run together?")
    if first.lower() not in _SURNAMES:
        doubts.append(f"{first!r} is not a known surname")
    doubts += compound_surname_doubts(words)
    return doubts + [f"{w!r} is not a syllable Vietnamese names use" for w in rest
                     if not all(p.lower() in NAME_SYLLABLES for p in name_parts(w))]


def compound_surname_doubts(words: list[str]) -> list[str]:
    """A second name word read NGUYÊN: Nguyễn, the commonest surname, opens the mother's
    part of a compound surname (PHAN NGUYỄN ANH ĐỨC) and OCR drops its tilde, but Nguyên is
    a middle name too, so it cannot be told: doubted (indgen dev seeds 45, 52: 2 of 2 were
    NGUYỄN, passed unflagged at 0.9; 26 NGUYỄN and no NGUYÊN second on seeds 27-60)."""
    second = words[1] if len(words) >= 3 else ""
    if fold_lower(second) != "nguyen" or second.lower() == "nguyễn":
        return []
    return [f"{second!r} second: a middle name, or the surname Nguyễn of a compound surname "
            "with its tilde lost?"]


def guessed_syllables(value: str, raw: str) -> list[str]:
    """Middle and given names the normaliser changed from a real Vietnamese syllable to a
    name syllable one mark away (``normalize.name``): the name lists may just lack the
    word read (ĐỊNH taken as ĐINH), so the change is a guess for the officer to check."""
    read, got = raw.upper().split(), value.upper().split()
    if len(read) != len(got):
        return []
    return [f"{r!r} read, taken as the name syllable {g!r}" for r, g in zip(read[1:], got[1:],
                                                                           strict=True)
            if r != g and fold_lower(r) == fold_lower(g) and is_syllable(r.lower())]


def _part_ok(part: str) -> bool:
    """A part of a Highlands name: a one-letter prefix (H', K', Y-, A-) or a syllable."""
    return (len(part) == 1 and part.upper() in "AHKY") or part.lower() in NAME_SYLLABLES \
        or is_highland_word(part)


def lost_mark(word: str) -> str | None:
    """A doubt when ``word`` looks like H'… or Y-… read without its apostrophe or hyphen:
    H or Y, then a consonant where a Vietnamese syllable would have a vowel, then a
    syllable (HHEN for H'HEN, HBLIN, YBLIM); clan names spelled so (HMOK, HĐƠK) are not."""
    plain = word.upper()
    if (len(plain) < 3 or plain[0] not in "HY" or not plain[1].isalpha()
            or fold_lower(plain[1]) in "aeiouy" or fold_lower(word) in _HIGHLAND_CLANS
            or not is_highland_word(word[1:])):
        return None
    if plain[0] == "H":
        return f"{word!r}: apostrophe may be missing (H'{word[1:]}?)"
    return f"{word!r}: hyphen may be missing (Y-{word[1:]}?)"


def odd_words(value: str) -> list[str]:
    """Words no Vietnamese text has: letters outside its alphabet (``Ø``), or a case that
    changes inside the word (``tHÍW``, ``LÃnh``: dots and marks fused into letters)."""
    doubts = []
    for word in re.findall(r"[^\W\d_]+", value):
        if any(not _VIETNAMESE.match(ch) for ch in word):
            doubts.append(f"{word!r} has letters Vietnamese does not use")
        elif not (word.islower() or word.isupper() or word[1:].islower()):
            doubts.append(f"{word!r} changes case inside the word")
    return doubts


def digit_doubts(raw: str, value: str) -> list[str]:
    """Digits read in the field that its value does not hold: junk (a leader dot read as a
    5) next to the number, which a format change would silently drop."""
    def nonzero(s: str) -> Counter[str]:
        return Counter(ch for ch in s if ch.isdigit() and ch != "0")
    extra = nonzero(raw) - nonzero(value)
    return [f"digits {''.join(sorted(extra.elements()))} read beside the value: {raw!r}"] if extra else []


def doubts(key: str, value: str, raw: str) -> list[str]:
    """Doubts about ``value`` (normalised) of field ``key`` read as ``raw``."""
    found = odd_words(value) + text_doubts(key, value) if not key.endswith(DIGIT_KEYS) else []
    if key.endswith("full_name"):
        found += name_doubts(value) + guessed_syllables(value, raw)
    elif key.endswith("nationality") and value not in NATIONALITIES:
        found.append(f"{value!r} is not a nationality these records carry")
    elif key.endswith(ADDRESS_KEYS):
        found += address_doubts(value)
    elif key.endswith(DIGIT_KEYS):
        found += digit_doubts(raw, value)
    elif key.endswith("signer_title"):
        found += title_doubts(value)
    return found


# "thay mặt", "ký thay", "thừa lệnh", "thừa ủy quyền", "quyền" (Decree 30/2020, signing
# on behalf): the line is always followed by one naming the signer's own position
_ON_BEHALF = re.compile(r"^(?:TM|KT|TL|TUQ|Q)\.\s")


def title_doubts(value: str) -> list[str]:
    """A signer's title whose last line signs on behalf (``TM. ỦY BAN NHÂN DÂN``, ``KT.
    CHỦ TỊCH``) lacks the signer's own position under it: its next line was not read in."""
    last = value.strip().splitlines()[-1].strip() if value.strip() else ""
    return ["ends on a line signing on behalf: the signer's position under it is missing"] \
        if _ON_BEHALF.match(last.upper()) else []


_MIXED = re.compile(r"[^\W\d_]{2,}\d|[^\W\d_]\d+[^\W\d_]")  # Ta1, H1ệu: a letter read as digit
_DATE_LINE = re.compile(r"ngay\s*\d{1,2}\s*thang\s*\d{1,2}\s*nam\s*\d{4}")
# Keys whose value may hold a date written out ("ngày 05 tháng 3 năm 2024")
_DATED = ("issue_date", "registration_date", "death_datetime", "date_of_birth_words",
          "summary", "notes", "death_notice")
_UNIT = r"(?:xa|phuong|thi tran|huyen|quan|thi xa|thanh pho|tinh)"
# The words of a signer block (TM./KT. title lines, "NGƯỜI THỰC HIỆN", "NGƯỜI KÝ"): in
# another field's value, the block beside or under it was read into it
_SIGNER_WORDS = re.compile(r"(?<!\w)(?:tm|kt)\.\s|nguoi (?:thuc hien|ky)\b|\bchu tich\b")
_AUTHORITY = re.compile(rf"^uy ban nhan dan {_UNIT} .+$")


def text_doubts(key: str, value: str) -> list[str]:
    """Doubts any text value can raise: a word of letters with digits inside or at its end
    (``Ta1``: a letter read as a digit), a place-and-date line (``…, ngày 21 tháng 03
    năm 2021``) run into a value that holds no such date (the next line taken in), and a
    signer block's words in a field that is not the signer's."""
    found = [f"{m.group()!r} mixes letters and digits" for m in _MIXED.finditer(value)]
    if not key.endswith(_DATED) and _DATE_LINE.search(fold_lower(value)):
        found.append("holds a place-and-date line")
    if not key.startswith(("signer", "issuing", "summary", "recipients")) \
            and _SIGNER_WORDS.search(fold_lower(value)):
        found.append("holds a signer block's words")
    return found


def authority_doubts(authority: str | None, place: str | None) -> list[str]:
    """A decision's issuing people's committee is "ỦY BAN NHÂN DÂN", a unit word, then the
    unit's name, and its place name (địa danh, Decree 30) is that unit's whole name."""
    if not authority:
        return []
    folded = " ".join(fold_lower(authority).split())
    found = []
    if folded.startswith("uy ban nhan dan") and not _AUTHORITY.match(folded):
        found.append("issuing_authority: words between the committee and its unit")
    name = " ".join(fold_lower(place or "").split())
    if name and folded.startswith("uy ban nhan dan") \
            and not re.search(rf"\b{_UNIT} {re.escape(name)}$", folded):
        found.append("place: not the name of the issuing authority's unit")
    return found


def _iso(value: str | None) -> str | None:
    """A normalised date (``2019-03-05``, or a date-time): the date; anything else None."""
    return value[:10] if value and re.match(r"\d{4}-\d\d-\d\d", value) else None


def date_doubts(v: dict[str, str | None], today: str) -> list[str]:
    """Dates and years against each other and the calendar (``today`` ISO): nothing after
    today, a parent 13 to 70 years old at the child's birth, an identity paper issued
    after its holder's birth."""
    found = [f"{k}: after today" for k in ("date_of_birth", "registration_date", "issue_date",
                                           "death_datetime", "husband_date_of_birth",
                                           "wife_date_of_birth")
             if (day := _iso(v.get(k))) and day > today]
    born = _iso(v.get("date_of_birth"))
    for parent in ("mother_birth_year", "father_birth_year"):
        year = v.get(parent)
        if born and year and year.isdigit() and not 13 <= int(born[:4]) - int(year) <= 70:
            found.append(f"{parent}: {int(born[:4]) - int(year)} years old at the child's birth")
    for who in ("", "husband_", "wife_"):
        paper, birth = v.get(f"{who}id_document"), _iso(v.get(f"{who}date_of_birth"))
        issued = re.search(r"(\d{1,2})/(\d{1,2})/(\d{4})", paper or "")
        if issued and birth and issued.group(3) < birth[:4]:
            found.append(f"{who}id_document: issued before its holder's birth")
    return found


_UNIT_NAME = re.compile(r"\b(xã|phường|thị trấn|huyện|quận|thị xã|thành phố|tỉnh)\s+([^,;\n]+)",
                        re.IGNORECASE)


def _spellings(key: str, value: str) -> list[str]:
    """What of a value names something the record may name again: a whole name, or each
    administrative unit (``xã Phú Xuân``) of a place."""
    if key.endswith("full_name"):
        return [" ".join(value.upper().split())]
    if key.endswith((*ADDRESS_KEYS, "issuing_authority")):
        return [f"{u.lower()} {n.strip().upper()}" for u, n in _UNIT_NAME.findall(value)]
    return []


def twin_doubts(v: dict[str, str | None]) -> list[str]:
    """Two fields of one record naming the same person or unit with different marks over
    or under its letters (the father who declares the birth read ``TIẾN`` once and
    ``TIÊN`` the other time): one reading is wrong and nothing says which, so both are
    doubted. ``v``: the record's normalised values by key."""
    seen: dict[str, tuple[str, str]] = {}  # folded spelling -> (key, spelling)
    found = []
    for key, value in v.items():
        for spelling in _spellings(key, value or ""):
            folded = fold_lower(spelling)
            other = seen.setdefault(folded, (key, spelling))
            if other[1] != spelling and other[0] != key:
                found += [f"{key}: names what {other[0]} names, with other marks",
                          f"{other[0]}: names what {key} names, with other marks"]
    return list(dict.fromkeys(found))
