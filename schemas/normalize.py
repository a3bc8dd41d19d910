"""Field normalisers and validators: raw OCR value in, (normalised value, problems) out."""

from __future__ import annotations

import re
from collections.abc import Callable, Set
from datetime import date

from rapidfuzz.distance import OSA

from ocr.lexicon import default_lexicon, keys
from ocr.syllables import is_syllable, variants
from ocr.text import clean_spaces, fold_lower, nfc
from schemas.dates import LIKELY_SLIPS, choose_slip, correct_words, parse_digits, year_slip
from schemas.identifiers import check_personal_id, issuer_slips, province_slip
from schemas.lexicons import ETHNIC_GROUPS, HIGHLAND_SURNAMES, NAME_SYLLABLES, SURNAMES
from schemas.places import correct_address


def _by_folded(words: list[str]) -> dict[str, str]:
    """folded -> spelling, for entries whose folded form is unambiguous in the list."""
    seen: dict[str, list[str]] = {}
    for w in words:
        seen.setdefault(fold_lower(w), []).append(w)
    return {k: v[0] for k, v in seen.items() if len(v) == 1}


_ETHNIC = _by_folded(ETHNIC_GROUPS)
_ETHNIC_SET = set(ETHNIC_GROUPS)
_SURNAME = _by_folded(SURNAMES)
_SURNAME_SET = {s.lower() for s in SURNAMES}


def _same_case(word: str, like: str) -> str:
    return word.upper() if like.isupper() else word
Result = tuple[str | None, list[str]]


# What OCR makes of a printed value's small marks: a date's slashes read as I, l, | or !
# ("17I03I2016"), a lone leader dot between words ("hành . chính"), a word fused to the
# number after it ("ngày22/02/2020"); a slash read twice ("30/10//2010": a typewriter's
# slash with a broken stroke) or as an I and a 1 ("11/01I12007": its two strokes).
_SLASH = r"(?:/{1,2}|[Il|!](?:1(?=(?:19|20)\d\d(?!\d)))?)"
_DATE_SLASHES = re.compile(rf"(?<![\w/])(\d{{1,2}}){_SLASH}(\d{{1,2}}){_SLASH}((?:19|20)\d\d)(?!\d)")
_LONE_DOT = re.compile(r"(?<=\w) [._·]+ (?=\w)")  # "hành . chính", "NGUYỄN _. DUY"
# a leader dot or underscore glued to a word inside a sentence: "Cảnh sát. quản lý",
# "ngày_ 07" (a full stop is followed by a capital; "v.v." has one letter before it)
_GLUED_DOT = re.compile(r"(?<=[^\W\d_]{2})[._]+(?= ([^\W\d_]|\d))")
_FUSED_NUMBER = re.compile(r"(?<!\S)(ngày|số|năm)(?:\s*[.·])?\s*(?=\d)", re.IGNORECASE)  # "số. 02"


_LOST_SLASH = re.compile(r"(?<![\d/])(\d{1,2})/(\d{2})((?:19|20)\d\d)(?!\d)")  # "07/042021"
# A padded date (dd/mm/yyyy) whose slashes OCR read as a 1 or an i ("26i0612017",
# "2611012025"): ten characters, a slip at the third and sixth, and a real day and month.
_PADDED_SLIPS = re.compile(r"(?<![\w/])(\d\d)[/Il|!1i](\d\d)[/Il|!1i]((?:19|20)\d\d)(?![\w/])")


def _padded(m: re.Match[str]) -> str:
    day, month = int(m.group(1)), int(m.group(2))
    return f"{m.group(1)}/{m.group(2)}/{m.group(3)}" if 1 <= day <= 31 and 1 <= month <= 12 \
        else m.group()
# Specks OCR reads beside a value: tokens with no letter or digit at its end ("Nghệ An _ ¬"),
# a quote before its first word ("'Khmer").
_TRAILING_SPECKS = re.compile(r"(?:\s+[^\w\s()]+)+$")
_LEADING_QUOTE = re.compile(r"^['\"‘’“”`]+(?=\w)")


def _glued(m: re.Match[str]) -> str:
    """A dot or underscore glued to a word: dropped before a small letter or a digit
    (no sentence goes on so), an underscore before anything."""
    after = m.group(1)
    return "" if "_" in m.group() or after.islower() or after.isdigit() else m.group()


def _marks(value: str) -> str:
    value = value.replace("\u2044", "/").replace("\u2215", "/")  # fraction and division slashes
    value = _FUSED_NUMBER.sub(r"\1 ", _LONE_DOT.sub(" ", value))
    value = _GLUED_DOT.sub(_glued, value)
    value = _LOST_SLASH.sub(r"\1/\2/\3", _DATE_SLASHES.sub(r"\1/\2/\3", value))
    value = _PADDED_SLIPS.sub(_padded, value)
    return _LEADING_QUOTE.sub("", _TRAILING_SPECKS.sub("", value))


def text(value: str) -> Result:
    value = _marks(clean_spaces(nfc(value))).strip(" .,:;-_…·")
    return (value or None), []


# Letters whose capital is the small letter drawn larger: OCR reads "Căn" as "căn".
_CASE_BLIND = set("cosuvwxzCOSUVWXZ")


def capital(value: str) -> str:
    """A value that the form prints as a sentence or a paper's name starts with a capital;
    a small first letter of the case-blind shapes (c, o, s, u, v, w, x, z) is OCR's."""
    return value[0].upper() + value[1:] if value and value[0] in _CASE_BLIND else value


_PLACE_WORDS = {"ở", "tại", "sang", "đến", "từ"}  # "đi lao động ở Lào": a country's name


def _small_l(body: str) -> str:
    """A word's small l read as a capital L inside running text ("xin việc Làm", "đã Ly
    hôn", "thành Lập Tổ", "dữ Liệu": a serif l's foot), lower case again when the word
    before is in lower case and either the two make a known compound (``ocr.lexicon``) or
    the word is a syllable followed by a small word or the end (a place's name is capitals
    throughout, "huyện Lạc Sơn", "xã Lâm Sơn"; one after "ở", "tại", "sang"... stays)."""
    words = body.split(" ")
    known = default_lexicon().words
    for i in range(1, len(words)):
        word, before = words[i], words[i - 1]
        after = words[i + 1] if i + 1 < len(words) else ""
        bare = word.rstrip(".,;")
        if not (len(bare) > 1 and bare[0] == "L" and bare[1:].islower() and before.islower()):
            continue
        compound = keys(f"{before} {bare.lower()}") in known
        alone = (before not in _PLACE_WORDS and (not after or after[0].islower())
                 and is_syllable(bare.lower()))
        if compound or alone:
            words[i] = "l" + word[1:]
    return " ".join(words)


def _pairs(words: list[str], i: int, word: str, known: Set[tuple[str, ...]]) -> bool:
    """Whether ``word`` put at ``words[i]`` makes a known compound (its accent-free key in
    ``known``) with the word before it or the word after it."""
    near = [f"{words[i - 1]} {word}"] if i else []
    near += [f"{word} {words[i + 1]}"] if i + 1 < len(words) else []
    return any(keys(p.lower().strip(".,;")) in known for p in near)


def _l_read_t(body: str) -> str:
    """A small l read as t in running text (a serif l's foot: "đã ty hôn", "tà ông"): a
    lower-case word t... becomes l... when its l spelling is a syllable that makes a known
    compound (``ocr.lexicon``) with the word before or after, and the t spelling makes one
    with neither ("ty hôn" -> "ly hôn"; "trật tự", "tại đây" stay)."""
    words = body.split(" ")
    known = default_lexicon().phrases  # the forms' wordings too ("là ông")

    def pairs(i: int, word: str) -> bool:
        return _pairs(words, i, word, known)

    for i, word in enumerate(words):
        bare = word.rstrip(".,;")
        if len(bare) < 2 or bare[0] != "t" or not bare.islower() or bare.startswith(("th", "tr")):
            continue
        as_l = "l" + bare[1:]
        if is_syllable(as_l) and pairs(i, as_l) and not pairs(i, bare):
            words[i] = "l" + word[1:]
    return " ".join(words)


def sentence(value: str) -> Result:
    """Free text printed as a sentence (a marital status, a purpose): as ``text``, but the
    full stop that closes it directly after a word stays ("... với ai."), the first
    letter is a capital (``capital``), a small l read L or t inside it is l again
    (``_small_l``, ``_l_read_t``), a date in it is taken back from OCR slips
    (``date_slips``: a court's judgment "ngày 25/09/2616") and a spouse's name in it is
    a name (``_spouse``)."""
    value = clean_spaces(nfc(value)).rstrip(" ,:;-_…·")
    stop = "." if re.search(r"[^\W\d_]\.$", value) and not value.endswith("..") else ""
    body, _ = text(value)
    if not body:
        return None, []
    body, problems = date_slips(" ".join(_run_apart(w) for w in body.split()))
    body = _CODE_SLASH.sub("/", body)
    return capital(_spouse(_l_read_t(_small_l(f"{body}{stop}")))), problems


# A document's number is "N/CODE-CODE" or "N/YYYY/CODE-CODE" (a court's judgment
# "số 62/HNGĐ-ST", a decision "số 15/QĐ-UBND"); a slash there read I, l, | or ! stays
# a slash ("194IHNGĐ-ST"). Not 1: "1941HNGĐ" may be a number read whole.
_CODE_SLASH = re.compile(r"(?<=\d)[Il|!](?=(?:\d{4}[Il|!/])?[A-ZĐ]{2,}(?:-[A-ZĐ]+)+\b)")


_SPOUSE = re.compile(r"(\blà (?:ông|bà) )([^\W\d_]+(?: [^\W\d_]+)*)")


def _spouse(body: str) -> str:
    """The spouse a marital status names ("Đang có vợ là bà NGUYÊN MAI."), in capitals, is
    a person's name and takes the name rules (``name``: NGUYÊN is no surname, NGUYỄN is)."""
    def fix(m: re.Match[str]) -> str:
        read = m.group(2)
        return m.group(1) + ((name(read)[0] or read) if read.isupper() else read)

    return _SPOUSE.sub(fix, body)


def _letters_for_digits(word: str) -> str:
    """A word with an i or o read as 1 or 0 beside its letters (``Ta1``), when the letters
    make a syllable (``H5N1`` does not)."""
    fixed = _DIGIT_IN_WORD.sub(lambda m: "oi"[int(m.group())], word)
    return fixed if fixed != word and is_syllable(fixed.lower().rstrip(".,;")) else word


def cause(value: str) -> Result:
    """A cause of death: a sentence (``sentence``) of a few words that make known compounds,
    so a word that makes one with neither neighbour, and that one mark slip of any kind
    turns into exactly one word that does, takes that word (``Ủng thư``, ``Ứng thư``: Ung
    thư; tesseract was sure of its mark, so post-correction left it); an i or o read as
    a digit inside a word is a letter again (``Ta1 nạn``)."""
    value, problems = sentence(value)
    if not value:
        return value, problems
    words = [_letters_for_digits(w) for w in value.split(" ")]
    known = default_lexicon().words

    def pairs(i: int, word: str) -> bool:
        return _pairs(words, i, word, known)

    for i, word in enumerate(words):
        bare = word.rstrip(".,;")
        if not bare.isalpha() or pairs(i, bare):
            continue
        found = {v for v, _ in variants(bare, max_cost=1.1) if pairs(i, v)}
        if len(found) == 1:
            words[i] = found.pop() + word[len(bare):]
    return " ".join(words), problems


_RUN = re.compile(r"([^\W\d_A-ZĐ]{4,})([.,;]?)")  # small letters only: no name, no code


def _run_apart(word: str) -> str:
    """Syllables OCR ran together in a sentence ("vốnngânhàng", "bánnhàở") apart again: a
    small-letter token with a Vietnamese mark that is no syllable but splits wholly into syllables
    (``ocr.syllables``), the fewest pieces, then the longest shortest piece; a piece of
    one letter only when it bears a mark ("ở"). Anything else is kept as read."""
    m = _RUN.fullmatch(word)
    if not m or not m.group(1).islower() or m.group(1).isascii() or is_syllable(m.group(1)):
        return word  # a capital, no Vietnamese mark (a foreign word: "online"), or one syllable
    pieces = _fewest_pieces(m.group(1), lambda p: is_syllable(p) and not (len(p) == 1
                                                                      and p.isascii()))
    return " ".join(pieces) + m.group(2) if pieces and len(pieces) > 1 else word


def _fewest_pieces(run: str, fits: Callable[[str], bool]) -> list[str] | None:
    """``run`` split wholly into pieces of 7 letters at most that ``fits`` accepts: the
    fewest pieces, then the longest shortest piece; None when no split covers it."""
    best: list[list[str] | None] = [[]] + [None] * len(run)
    for end in range(1, len(run) + 1):
        for start in range(max(0, end - 7), end):
            before = best[start]
            if before is None or not fits(run[start:end]):
                continue
            cand = before + [run[start:end]]
            now = best[end]
            if now is None or (len(cand), -min(map(len, cand))) < (len(now), -min(map(len, now))):
                best[end] = cand
    return best[-1]


def summary(value: str) -> Result:
    """A decision's summary ("Về việc thành lập ..."): as ``text``, with an l that OCR read
    as a capital inside it lowered (``_small_l``)."""
    body, _ = text(value)
    return (_small_l(body) if body else None), []


# A dotted leader as OCR reads it: "……", ". . .", "·····", "_____", "-----" (a lone
# period or hyphen is text: "TP. Huế", "Bru - Vân Kiều").
LEADER = re.compile(r"…+|(?:\.\s*){2,}|[·•]{2,}|_{2,}|[-–—]{3,}")
_WORD = re.compile(r"[^\W\d_]{2,}")


def strip_leaders(value: str) -> tuple[str, str]:
    """(the value, what followed it on its dotted leader). Leaders run from the value to
    the line's end, and what OCR makes of dots after a value is junk ("5. G5 G9 59");
    when real words follow the leader they are kept, leaders out, and nothing is cut."""
    value = nfc(value)
    m = LEADER.search(value)
    if not m:
        return value, ""
    head, tail = value[:m.start()], value[m.start():]
    rest = LEADER.sub(" ", tail)
    words = _WORD.findall(rest)
    known = sum(is_syllable(w.lower()) for w in words)
    # Real words: all of two, or four in five of a longer run (a court's "HNGĐ-ST" code
    # inside a sentence that went on after a dotted gap); OCR's leader junk has few.
    if (len(words) >= 2 and known == len(words)) or (len(words) >= 5 and known >= 0.8 * len(words)):
        return clean_spaces(f"{head} {rest}"), ""
    return head, tail


# Names of the Central Highlands carry apostrophes and hyphens (KSOR H'BLIN, Y-MOAN ÊBAN,
# K'BRIU): name characters, kept. OCR and keyboards give other apostrophes and dashes.
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u02bc": "'", "\u2018": "'", "`": "'",
                              "\u00b4": "'"})
_DASH = re.compile(r"(?<=[^\W\d_])\s?[-\u2010\u2011\u2013\u2014]\s?(?=[^\W\d_])")  # Y - MOAN
_LOOSE_PREFIX = re.compile(r"(?<!\S)([HKY])' +(?=[^\W\d_])", re.IGNORECASE)  # H' BLIN
NAME_WORD = r"[^\W\d_]+(?:['-][^\W\d_]+)*"
_NAME = re.compile(rf"{NAME_WORD}(?: {NAME_WORD})+")
_PREFIXED = re.compile(r"^(?:[HK]'|Y-)", re.IGNORECASE)  # H'Hen, K'Briu, Y-Moan
# One-word clan names no Kinh name has, even with other marks (not ĐINH: ĐỈNH; not the
# parts of RƠ MAH or KƠ PA, short words a misread Kinh name may make)
_HIGHLAND_MARKS = ({fold_lower(s) for s in HIGHLAND_SURNAMES if " " not in s}
                   - {fold_lower(w) for w in NAME_SYLLABLES})


def name_parts(word: str) -> list[str]:
    """A name word's parts between its apostrophes and hyphens: H'BLIN -> H, BLIN."""
    return re.split(r"['-]", word)


def is_highland_name(value: str) -> bool:
    """A name written the Central Highlands way: a word prefixed H', K' or Y-, or a clan
    name part that no Kinh name has whatever its marks (KSOR, NIÊ, ÊBAN; not ĐINH)."""
    return any(_PREFIXED.match(w) or fold_lower(w) in _HIGHLAND_MARKS for w in value.split())


# A serifed capital I (typewriter and slab faces) is read T, or T before the I, or its
# serif a T and the stem an I: LINH -> LTNH, TRINH -> TRTINH, MAI -> MAT; or read L
# (GIÀNG -> GLÀNG, GIANG -> GLANG: no Vietnamese syllable holds GL or a consonant then L).
_I_SLIPS = (("T", "I"), ("TI", "I"), ("IT", "I"), ("L", "I"))


def _i_slips(word: str) -> set[str]:
    """The spellings ``word`` has with one of its T-for-I slips undone."""
    upper = word.upper()
    found = set()
    for wrong, right in _I_SLIPS:
        at = upper.find(wrong)
        while at >= 0:
            found.add(word[:at] + _same_case(right, word[at:at + len(wrong)]) + word[at + len(wrong):])
            at = upper.find(wrong, at + 1)
    return found - {word}


_VOWELS = set("aăâeêioôơuưy" + "áàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ")


def _mark_read_twice(word: str, known: Set[str]) -> str:
    """A name word not in ``known`` (lower case) holding a vowel twice, once with a mark
    and once without or with another (PHAẠM, PHƯỜỢNG: the mark read as a letter of its
    own), that is one known word with either of the two dropped; else ``word``."""
    if word.lower() in known:
        return word
    found = {cut for i in range(len(word) - 1)
             if word[i].lower() in _VOWELS and fold_lower(word[i]) == fold_lower(word[i + 1])
             for cut in (word[:i] + word[i + 1:], word[:i + 1] + word[i + 2:])
             if cut.lower() in known}
    return found.pop() if len(found) == 1 else word


def _name_syllable(word: str) -> str:
    """A middle or given name that no Vietnamese name uses (QUẦN, THỦ) but that OCR makes
    of exactly one that does (QUÂN, THU), by tesseract's usual mark slips or a serifed I
    read T or an I read L (LTNH, TRTINH, GLANG: LINH, TRINH, GIANG), alone or with one
    mark slip (KHÁT: KHẢI)."""
    word = _mark_read_twice(word, NAME_SYLLABLES)
    if word.lower() in NAME_SYLLABLES:
        return word
    known = {v for v, _ in variants(word, max_cost=0.6, likely=True) if v.lower() in NAME_SYLLABLES}
    if not known:
        slips = _i_slips(word)
        known = {v for v in slips if v.lower() in NAME_SYLLABLES}
        known = known or {m for v in slips for m, _ in variants(v, max_cost=0.6, likely=True)
                          if m.lower() in NAME_SYLLABLES}
    if not known:  # any one mark slip (HÀNG, HUYỄN: HẰNG, HUYỀN), when no usual one fits
        known = {v for v, _ in variants(word, max_cost=0.6) if v.lower() in NAME_SYLLABLES}
    return known.pop() if len(known) == 1 else word


def _surname(word: str) -> str:
    """A surname in its known spelling: OCR dropped or changed a mark (NGUYÊN, TRÂN), or
    read a serifed I as T or an I as L (GTÀNG, GLÀNG: GIÀNG); unchanged when no one surname fits."""
    word = _mark_read_twice(word, _SURNAME_SET)
    if word.lower() in _SURNAME_SET:
        return word
    known = _SURNAME.get(fold_lower(word))
    if known is None:
        slips = _i_slips(word)
        found = {v for v in slips if v.lower() in _SURNAME_SET}
        found = found or {_SURNAME.get(fold_lower(v)) for v in slips} - {None}
        known = found.pop() if len(found) == 1 else None
    return _same_case(known, word) if known else word


def _names_apart(word: str) -> str:
    """Name syllables OCR ran together (PHƯƠNGHÀ, NGUYỄNANHLỘC) apart again: a word that is
    no syllable at all but splits wholly into syllables names use (surnames included),
    the fewest pieces, then the longest shortest piece; anything else is kept as read."""
    low = word.lower()
    if len(word) < 4 or low in NAME_SYLLABLES or low in _SURNAME_SET or is_syllable(low):
        return word
    known = NAME_SYLLABLES | _SURNAME_SET
    pieces = _fewest_pieces(low, lambda p: len(p) >= 2 and p in known)
    if not pieces or len(pieces) < 2:
        return word
    ends = [sum(map(len, pieces[:k])) for k in range(len(pieces) + 1)]
    return " ".join(word[a:b] for a, b in zip(ends, ends[1:], strict=False))


def _specks_after(value: str) -> tuple[str, str]:
    """(a name in capitals, the small words OCR read after it from a seal's or the scan
    edge's specks: "CHU THỊ HÀ ò", "VÕ THANH HỒNG NGỌC ò ca"). The first such word is of
    one or two letters and no name syllable; a small word a name does use ("NGUYỄN VĂN an",
    its capital read small) is the name's."""
    words = value.split(" ")
    k = len(words)
    while k > 2 and words[k - 1].islower():
        k -= 1
    first = words[k] if k < len(words) else ""
    if k < 2 or not first or len(first) > 2 or first in NAME_SYLLABLES or first in _SURNAME_SET \
            or not all(w.isupper() for w in words[:k]):
        return value, ""
    return " ".join(words[:k]), " ".join(words[k:])


def name(value: str) -> Result:
    """A person's name: two words or more of letters, apostrophes and hyphens (KSOR
    H'BLIN, Y-MOAN ÊBAN; other apostrophes and dashes made ' and -). A surname that is not
    a known spelling but has the letters of one (OCR dropped or changed a mark: NGUYÊN,
    LỄ, TRÂN) takes the known spelling; so does a syllable no name uses, when one mark
    slip away from exactly one that names use, except in a Central Highlands name, whose
    syllables are not Kinh ones (``is_highland_name``)."""
    # An apostrophe or quote opening or closing the whole value is a speck of the
    # signature or seal beside it: a name's apostrophes stand inside its words (H'BLIN).
    value, _ = text(value.translate(_APOSTROPHES).strip(" '\"\u201c\u201d\u201e"))
    if value:  # an apostrophe or quote opening a word is a speck too (PHAN 'THU, Phạm "Thị)
        value = re.sub(r"(?<!\S)['\"\u201c\u201d\u201e]+(?=\w)", "", value)
        # so is a dot or comma glued to a name word before the next (NGUYÊN. NGỌC HẰNG):
        # no name is punctuated
        value = _NAME_SPECK.sub("", value)
    if value:
        value = _LOOSE_PREFIX.sub(r"\1'", _DASH.sub("-", value))
    if value and not is_highland_name(value):  # PHƯƠNGHÀ: PHƯƠNG HÀ
        value = " ".join(_names_apart(w) for w in value.split(" "))
    problems = []
    if value and (specks := _specks_after(value))[1]:
        value, problems = specks[0], [f"specks read after the name: {specks[1]!r}"]
    if value and not _NAME.fullmatch(value):
        return value, [f"name {value!r} has characters that are not letters, apostrophes "
                       "or hyphens"]
    if value and len(words := value.split(" ")) > 1 and sum(w.isupper() for w in words) \
            == len(words) - 1:
        value = value.upper()  # one word of a name printed in capitals read small (Đỗ MINH)
    if value and not is_highland_name(value):
        first, *rest = value.split(" ")
        value = " ".join([_surname(first), *(w if "'" in w or "-" in w else _name_syllable(w)
                                   for w in rest)])
    elif value:
        value = " ".join(map(_clan_name, value.split(" ")))
    return value, problems


_CLANS = {fold_lower(s) for s in HIGHLAND_SURNAMES if " " not in s}


def _clan_name(word: str) -> str:
    """A word of a Central Highlands name that is no clan name but one serifed-I slip from
    exactly one (NTÊ: NIÊ, the I read T): that clan name, its marks as read."""
    if fold_lower(word) in _CLANS or "'" in word or "-" in word:
        return word
    found = {v for v in _i_slips(word) if fold_lower(v) in _CLANS}
    return found.pop() if len(found) == 1 else word


_NAME_SPECK = re.compile(r"(?<=[^\W\d_])[.,;:]+(?= [^\W\d_])")
_DATE_IN_TEXT = re.compile(r"(?<![\d/])\d{1,3}\s*/\s*\d{1,3}\s*/\s*\d{4,5}(?![\d/])")
# A date's slash read as one or two strokes (``03/12!I2017``, ``20I06/2009``): a letter
# or mark between two digit groups of a date's shape, with a slash on the other side.
_STROKE = r"(?:[!|Il]{1,2}|/[!|Il]|[!|Il]/)"
_STROKE_DATE = re.compile(rf"(?<![\d/])(\d{{2}})(/|{_STROKE})(\d{{2}})(/|{_STROKE})(\d{{4}})(?![\d/])")


def _slashes(value: str) -> str:
    """Dates whose slash was read as strokes (``_STROKE_DATE``) with their slashes again,
    when that makes a real date."""
    def fix(m: re.Match[str]) -> str:
        day, month, year = m.group(1, 3, 5)
        read = f"{day}/{month}/{year}"
        return read if parse_digits(read) is not None else m.group()

    return _STROKE_DATE.sub(fix, value)


def date_slips(value: str, today: date | None = None) -> Result:
    """``value`` with each date in it (dd/mm/yyyy) that is no real date or lies in the
    future (``03/01/2616``, ``68/09/2015``) replaced by the one cheapest OCR-slip reading
    that is a past date (``schemas.dates.choose_slip``), each replacement a problem; a date
    no one reading fits is left and is a problem too."""
    today = today or date.today()
    problems: list[str] = []
    value = _slashes(value)

    def fix(m: re.Match[str]) -> str:
        read = m.group()
        found = parse_digits(read)
        if found is not None and found <= today and re.fullmatch(r"[\d\s/]{8,12}", read):
            return read
        when = choose_slip(read, lambda d: d.year >= 1850 and d <= today)
        if when is None:
            problems.append(f"not a past date: {read!r}")
            return read
        problems.append(f"date read {read!r}, taken as {when:%d/%m/%Y} (OCR slips)")
        return f"{when:%d/%m/%Y}"

    return _DATE_IN_TEXT.sub(fix, value), problems


_LEADER_BIT = re.compile(r"(?<=\s)(?:[.…]*_[_.…]*|\.{2,}|…)(?=\s)")  # "Hà Nội, _. từ ngày"
_PERIOD = re.compile(r"từ ngày (\d{2}/\d{2}/\d{4}) đến ngày (\d{2}/\d{2}/\d{4})")


def residence_period(value: str) -> Result:
    """A period of residence ("xã ..., từ ngày 23/08/2010 đến ngày 07/01/2014"): an
    address (``address``) without a leader's bits inside it (``_.``), whose start, when
    read after its end (a typewriter 0 read 9: ``23/08/2019``), takes the one cheapest
    slip reading that is not (with a problem)."""
    value, problems = address(_LEADER_BIT.sub("", value or ""))
    m = _PERIOD.search(value or "")
    start, end = (parse_digits(m.group(1)), parse_digits(m.group(2))) if m else (None, None)
    if value is None or m is None or start is None or end is None or start <= end:
        return value, problems
    when = choose_slip(m.group(1), lambda d: d.year >= 1850 and d <= end)
    if when is None:
        return value, [*problems, f"a residence from {m.group(1)} to {m.group(2)}"]
    fixed = f"{when:%d/%m/%Y}"
    return (value[:m.start(1)] + fixed + value[m.end(1):],
            [*problems, f"date read {m.group(1)!r}, taken as {fixed} (before {m.group(2)})"])


# A unit word is never followed by a full stop before its name: "thành phố. Bắc Ninh"
# holds a leader's or the bleed's speck.
_UNIT_DOT = re.compile(r"(?<![^\W\d_])(xã|phường|trấn|huyện|quận|phố|tỉnh)\.(?= [^\W\d_])")


def address(value: str) -> Result:
    """An address or a place with one: unit names spelled as in the gazetteer; a period
    of residence's dates taken back from OCR slips (``date_slips``); a speck read as a
    full stop after a unit word dropped (``_UNIT_DOT``)."""
    value, _ = text(value)
    if not value:
        return value, []
    value, problems = date_slips(_UNIT_DOT.sub(r"\1", value))
    return correct_address(value), problems


def place_of_death(value: str) -> Result:
    """A place of death: an address (``address``), or the phrase most deaths are
    registered with, "Tại nhà" (at home), one letter or marks from it as read (``lại
    nhà``: a T read l, indgen dev seed 59)."""
    value, problems = address(value)
    folded = fold_lower(value)
    if value not in ("Tại nhà", "tại nhà") and OSA.distance(folded, "tai nha") <= 1:
        return "Tại nhà", problems
    return value, problems


_DIGIT_IN_WORD = re.compile(r"(?<=[^\W\d_])[10]|[10](?=[^\W\d_])")


def date_in_words(value: str) -> Result:
    """The words form of a date, with OCR mark errors on its number words undone, an i
    or o read as a digit inside a word (ha1: hai), and a capital after the first word
    lowered: number words are never capitalised ("không trăm Linh ba", an l read L)."""
    value, _ = text(_DIGIT_IN_WORD.sub(lambda m: "oi"[int(m.group())], value))
    if value:
        first, _, rest = value.partition(" ")
        value = f"{first} {rest.lower()}".strip()
    return (correct_words(value) if value else value), []


_LETTER_DIGITS = str.maketrans("10", "io")  # an i read 1, an o read 0 inside a word


def nationality(value: str) -> Result:
    """A nationality; one read with its words run together or apart (ViệtNam, Hàn
    Quốc), one letter lost or changed (Việ Nam), or a speck read as a short small word
    after it (Việt Nam pm), takes the spelling of the list ``schemas.evidence`` checks
    against, when exactly one nationality fits."""
    from schemas.evidence import NATIONALITIES

    value, _ = text(value)
    if not value or value in NATIONALITIES:
        return value, []
    words = value.split(" ")
    for n in range(len(words), 0, -1):  # "Việt Nam pm": a speck read as letters after it
        rest = words[n:]
        if any(len(w) > 3 or not w.islower() for w in rest):
            continue
        key = _nation_key(" ".join(words[:n]))
        known = [c for c in NATIONALITIES if _nation_key(c) == key] or [
            c for c in NATIONALITIES if len(key) >= 5 and OSA.distance(_nation_key(c), key) == 1]
        if len(known) == 1:
            return known[0], []
    return value, []


def _nation_key(value: str) -> str:
    return fold_lower(value).replace(" ", "").replace("-", "")


def ethnicity(value: str) -> Result:
    """One of the 54 recognised ethnic groups; OCR mark errors (Tây, Mõng) and letters read
    as digits (Thá1) are undone; a name of five letters or more one letter from exactly
    one group (G1a Ral1) is that group, with a problem (so reviewed)."""
    value, _ = text(value)
    if not value or value in _ETHNIC_SET:
        return value, []
    key = fold_lower(value).translate(_LETTER_DIGITS)
    known = _ETHNIC.get(key)
    if known:
        return known, []
    near = {v for k, v in _ETHNIC.items() if len(key) >= 5 and OSA.distance(k, key) == 1}
    if len(near) == 1:  # and one letter more or changed (G1a Ral1: the i read l1)
        return near.pop(), [f"{value!r} read, taken as the one ethnic group a letter from it"]
    return value, [f"{value!r} is not one of the 54 ethnic groups"]


# A padded date read as nine characters: one slash lost, the other read as a 1, an I or a 7
# ("260112007", "271171943": 26/01/2007, 27/11/1943).
_NINE = re.compile(r"(?<![\w/])(\d\d[\dIl|!]\d\d)((?:19|20)\d\d)(?![\w/])")
_SLASH_LIKE = "1Il|!7"


def _one_slash_lost(value: str) -> Result:
    """``value`` with a nine-character date (``_NINE``) given its slashes when exactly one
    day and month come out of taking the third or the fifth character as the slash read
    (a real day and month; both places giving one, they must agree), with a problem."""
    problems: list[str] = []

    def fix(m: re.Match[str]) -> str:
        head = m.group(1)
        found = {(head[:2], rest) for at, rest in ((2, head[3:]), (4, head[2:4]))
                 if head[at] in _SLASH_LIKE and rest.isdigit()
                 and 1 <= int(head[:2]) <= 31 and 1 <= int(rest) <= 12}
        if len(found) != 1:
            return m.group()
        day, month = found.pop()
        problems.append(f"date read {m.group()!r}, taken as {day}/{month}/{m.group(2)} "
                        "(a slash lost, the other misread)")
        return f"{day}/{month}/{m.group(2)}"

    return _NINE.sub(fix, value), problems


# A day or month whose 0 was read as a letter of its shape ("O7//10/1948", "Q5//07/1996")
_ROUND = re.compile(r"(?<![\w/])([\dOoQ]{1,2})\s*/{1,2}\s*([\dOoQ]{1,2})\s*/{1,2}\s*((?:19|20)\d\d)(?!\d)")


def _round_zeros(value: str) -> Result:
    """``value`` with a date whose day or month holds an O or Q for a 0 written in
    digits, with a problem; a year must be read in digits ("2O19" stays)."""
    problems: list[str] = []

    def fix(m: re.Match[str]) -> str:
        day, month = (re.sub("[OoQ]", "0", g) for g in m.groups()[:2])
        if (day, month) == m.groups()[:2] or not (1 <= int(day) <= 31 and 1 <= int(month) <= 12):
            return m.group()
        problems.append(f"date read {m.group()!r}, taken as {day}/{month}/{m.group(3)} "
                        "(O read for 0)")
        return f"{day}/{month}/{m.group(3)}"

    return _ROUND.sub(fix, value), problems


def iso_date(value: str) -> Result:
    """A date in digits as ISO; one read with OCR slips (no real date, or in the future)
    is the cheapest slip that is a past date, with a problem (``date_slips``); one read
    with a slash lost and the other misread takes its slashes back (``_one_slash_lost``)."""
    value, lost = _one_slash_lost(value)
    marked, zeros = _round_zeros(_marks(value))
    fixed, slips = date_slips(marked)
    slips = lost + zeros + slips
    parsed = parse_digits(fixed)
    if parsed is not None and slips:
        return parsed.isoformat(), slips
    if parsed is None:
        raw, _ = text(value)
        return raw, [f"not a date: {raw!r}"] if raw else []
    return parsed.isoformat(), []


def year(value: str) -> Result:
    """A year of four digits between 1850 and this year; "20224" (a dot read as a digit)
    is not one."""
    raw, _ = text(value)
    m = re.search(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)", value)
    if not m or not 1850 <= int(m.group(1)) <= date.today().year:
        return raw, [f"not a year: {raw!r}"] if raw else []
    return m.group(1), []


def sex(value: str) -> Result:
    """Nam or Nữ; a letter read twice ("NữỮ": its mark read as a second Ữ) is one, and
    so is the word read twice ("Nam Nam": a bold word's shadow)."""
    words = set(re.sub(r"(.)\1+", r"\1", fold_lower(value).strip(" .:")).split())
    folded = words.pop() if len(words) == 1 else ""
    if folded in ("nam",):
        return "Nam", []
    if folded in ("nu",):
        return "Nữ", []
    raw, _ = text(value)
    return raw, [f"sex must be Nam or Nữ, read {raw!r}"] if raw else []


def digits(value: str) -> Result:
    """The number (the one before a "/": ``125/2020``); letters among its digits are a
    misreading (``H19`` for ``119``), and digits after it (a dot read as ``5``) are not
    merged into it: both are reported."""
    raw, _ = text(value)
    runs = re.findall(r"\d+", (raw or "").split("/")[0])
    if not runs:
        return raw, [f"no number in {raw!r}"] if raw else []
    if re.search(r"\d[^\W\d_]|[^\W\d_]\d", value):  # a letter in the number itself
        return "".join(runs), [f"letters in a number: {raw!r}"]
    if len(runs) > 1:
        return "".join(runs), [f"more than one number: {raw!r}"]
    return runs[0], []


def personal_id(value: str) -> Result:
    """A 12-digit id; letters stuck after it (its leader's junk) dropped; one whose
    province code is none takes the one code a usual digit slip away (a leading 0 read
    6, 8 or 9), with a problem (review): ``identifiers.province_slip``."""
    value = re.sub(r"[\s.]", "", value)
    value, _ = text(value)
    if not value:
        return None, []
    junk = re.fullmatch(r"(\d{12})[^\W\d_]+", value)  # "066323135062mm": its leader's junk
    value, slipped = province_slip(junk.group(1) if junk else value)
    return value, slipped + check_personal_id(value)


def book_number(value: str) -> Result:
    """A register book's number and year, "02/2019"; a year read as none that has come
    ("2613", "2063") is the one cheapest OCR-slip year that has (``year_slip``), with a
    problem (review)."""
    # "01!2017", "01//2012", "01⁄2007" (a fraction slash): the slash read as another mark
    m = re.search(r"(\d{1,3})\s*[/⁄Il|!]{1,2}\s*(\d{4})(?!\d)", value)
    m = m or re.fullmatch(r"\s*(\d{2})((?:19|20)\d\d)\s*", value)  # "022008": slash lost
    if not m:
        raw, _ = text(value)
        return raw, [f"book number not like 01/2019: {raw!r}"] if raw else []
    number, read = f"{int(m.group(1)):02d}", m.group(2)
    if 1850 <= int(read) <= date.today().year:
        return f"{number}/{read}", []
    taken = year_slip(read, date.today().year)
    if taken is None:
        return f"{number}/{read}", [f"book year {read} is no past year"]
    return f"{number}/{taken}", [f"book year read {read}, taken as {taken} (OCR slips)"]


_ADMIN_DATE = re.compile(r"ngay\s*(\d{1,2})\s*thang\s*(\d{1,2})\s*nam\s*(\d{4})(?!\d)")


def admin_date(value: str) -> Result:
    """Either date style: "05/03/2024" or the Decree 30 "ngày 05 tháng 3 năm 2024"."""
    m = _ADMIN_DATE.search(fold_lower(value))
    if m:
        value = f"{m.group(1)}/{m.group(2)}/{m.group(3)}"
    return iso_date(value)


_TIME = re.compile(r"(\d{1,2})\s*gio\s*(\d{1,2})?\s*(?:phut)?")


def death_datetime(value: str) -> Result:
    """ "14 giờ 30 phút, ngày 02/01/2020" -> 2020-01-02T14:30; a date alone stays a date."""
    day, problems = admin_date(value)
    if not day or not re.fullmatch(r"\d{4}-\d\d-\d\d", day):
        return day, problems  # no date (a date taken back from OCR slips keeps its time)
    m = _TIME.search(fold_lower(value))
    if not m:
        return day, problems
    hour, minute = _clock(m.group(1), 23), _clock(m.group(2) or "0", 59)
    if hour is None or minute is None:
        return day, [*problems, f"not a time of day: {m.group(0)!r}"]
    slipped = (hour, minute) != (int(m.group(1)), int(m.group(2) or 0))
    return f"{day}T{hour:02d}:{minute:02d}", problems + (
        [f"time read {m.group(0).strip()!r}, taken as {hour:02d}:{minute:02d} (OCR slips)"]
        if slipped else [])


def _clock(digits: str, top: int) -> int | None:
    """An hour (``top`` 23) or minute (59) as read, or the one reading a usual digit
    confusion away that is one (``71`` minutes: 11), else None. When several are (``60``:
    00 or 50), the one that puts back a 0 read 6, 8 or 9 (the typewriter zero, the slip
    seen most on dev pages: ``20 giờ 60 phút`` printed 20:00, indgen seeds 64, 70)."""
    if int(digits) <= top:
        return int(digits)
    found = {(int(digits[:i] + d + digits[i + 1:]), d == "0") for i, ch in enumerate(digits)
             for d in "0123456789" if frozenset(ch + d) in LIKELY_SLIPS
             and int(digits[:i] + d + digits[i + 1:]) <= top}
    zeros = {n for n, zero in found if zero}
    values = {n for n, _ in found}
    return values.pop() if len(values) == 1 else zeros.pop() if len(zeros) == 1 else None


# Decree 30/2020 type abbreviations (Phụ lục III), folded -> canonical spelling.
DOCUMENT_TYPES = {
    "NQ": "NGHỊ QUYẾT", "QĐ": "QUYẾT ĐỊNH", "CT": "CHỈ THỊ", "QC": "QUY CHẾ",
    "QyĐ": "QUY ĐỊNH", "TC": "THÔNG CÁO", "TB": "THÔNG BÁO", "HD": "HƯỚNG DẪN",
    "CTr": "CHƯƠNG TRÌNH", "KH": "KẾ HOẠCH", "PA": "PHƯƠNG ÁN", "ĐA": "ĐỀ ÁN", "DA": "DỰ ÁN",
    "BC": "BÁO CÁO", "BB": "BIÊN BẢN", "TTr": "TỜ TRÌNH", "HĐ": "HỢP ĐỒNG", "CĐ": "CÔNG ĐIỆN",
    "BGN": "BẢN GHI NHỚ", "BTT": "BẢN THỎA THUẬN", "GUQ": "GIẤY ỦY QUYỀN", "GM": "GIẤY MỜI",
    "GGT": "GIẤY GIỚI THIỆU", "GNP": "GIẤY NGHỈ PHÉP", "PG": "PHIẾU GỬI",
    "PC": "PHIẾU CHUYỂN", "PB": "PHIẾU BÁO",
}
_ABBREVIATION = {fold_lower(k): k for k in DOCUMENT_TYPES}
_TYPE_NAME = {fold_lower(v): v for v in DOCUMENT_TYPES.values()}
_NUMBER = re.compile(r"(\d{1,4})\s*/\s*([^\W_]+(?:\s*[/-]\s*[^\W_]+)*)")


def document_number(value: str) -> Result:
    """ "05/QĐ-UBND", with OCR's lost stroke on Đ restored from the list of type codes."""
    m = _NUMBER.search(nfc(value))
    if not m:
        raw, _ = text(value)
        return raw, [f"document number not like 05/QĐ-UBND: {raw!r}"] if raw else []
    parts = re.split(r"\s*-\s*", m.group(2))
    parts[0] = _type_code(parts[0])
    return f"{m.group(1)}/{'-'.join(parts)}", []


def _type_code(code: str) -> str:
    """The Decree 30 type code as the decree spells it: same letters after folding (QD),
    a letter tesseract doubled (QĐĐ), or the one code a single OCR edit away; else as
    read."""
    folded = fold_lower(code)
    if folded in _ABBREVIATION:
        return _ABBREVIATION[folded]
    single = re.sub(r"(.)\1+", r"\1", folded)
    if single in _ABBREVIATION:
        return _ABBREVIATION[single]
    near = [k for f, k in _ABBREVIATION.items()
            if len(folded) >= 2 and OSA.distance(f, folded, score_cutoff=1) <= 1]
    return near[0] if len(near) == 1 else code


def document_type(value: str) -> Result:
    """A type name of Decree 30 (QUYẾT ĐỊNH, THÔNG BÁO, ...) spelled as the decree does."""
    value, _ = text(value)
    if not value:
        return None, []
    known = _TYPE_NAME.get(fold_lower(value))
    return (known, []) if known else (value, [f"{value!r} is not a Decree 30 document type"])


# Decree 30 recipients (Phụ lục I, "Nơi nhận"): the copies kept come last, "Lưu: VT,
# TCCB." — the archive office (VT, văn thư) first, then the drafting unit's abbreviation
# (and a count of copies), separated by commas; a recipient may carry what the copy is
# for in brackets, abbreviated: "(b/c)" báo cáo, "(t/h)" thực hiện, "(p/h)" phối hợp.
_ARCHIVE = re.compile(r"^(l[ưu]u\s*:?)\s*(.*)$", re.IGNORECASE)  # "LƯU:" too
_ABBREV = re.compile(r"^[A-ZĐ][A-ZĐ0-9]{0,7}\.?$")
_PURPOSE = re.compile(r"\(([^()]{1,8})\)")
PURPOSES = ("b/c", "t/h", "p/h")
# What tesseract reads for a purpose's slash and its c ("(bíc)", "(b/€)").
_PURPOSE_GLYPHS = str.maketrans({"€": "c", "©": "c", "¢": "c"})
_SLASH_GLYPHS = "il1|"
# Abbreviations Decree 30 recipients use for offices and bodies (Phụ lục I: "Lưu: VT,
# TCCB", "TT HĐND"): VT văn thư, TT thường trực, VP văn phòng, TP tư pháp, HT hộ tịch.
RECIPIENT_ABBREVIATIONS = frozenset({"VT", "TT", "VP", "TP", "HT", "TCCB", "HĐND", "UBND",
                                     "MTTQ", "CT", "PCT"})
# A capital's strokes tesseract loses or adds: T's bar or stem (I, Y, 1), P's bowl read as
# E's or F's bars.
_CAPITAL_SLIPS = {"T": "IY1J", "P": "EF"}


def _purpose(m: re.Match[str]) -> str:
    """A bracketed purpose read with a speck or a wrong case ("(bí/c)", "(b/©C)") as the
    decree abbreviates it, when exactly one of ``PURPOSES`` fits its letters; three
    characters with one of them misread ("(bíc)", "(Đ/c)", "(b/€)") fit the one purpose
    they are one character from."""
    inner = fold_lower(m.group(1)).translate(_PURPOSE_GLYPHS)
    lead = "để " if inner.startswith("de ") else ""
    letters = re.sub(r"[^a-z/]", "", inner.removeprefix("de "))
    fits = [p for p in PURPOSES if re.fullmatch(rf"{p[0]}[a-z]?/+{p[2]}+", letters)]
    bare = re.sub(r"\s", "", inner.removeprefix("de "))
    if not fits and len(bare) == 3:
        if "/" not in bare and bare[1] in _SLASH_GLYPHS:
            bare = bare[0] + "/" + bare[2]
        fits = [p for p in PURPOSES if sum(a != b for a, b in zip(p, bare, strict=True)) <= 1]
    return f"({lead}{fits[0]})" if len(fits) == 1 else m.group()


def _abbreviation(word: str) -> str:
    """A capital abbreviation no recipient uses that one capital slip (``_CAPITAL_SLIPS``)
    makes the one known abbreviation ("HI" -> HT, "TY" -> TT, "TE" -> TP); else as read."""
    core, tail = re.fullmatch(r"(.*?)([,.]?)", word).groups()
    if not re.fullmatch(r"[A-ZĐ1]{2,4}", core) or core in RECIPIENT_ABBREVIATIONS:
        return word
    fits = {core[:i] + right + core[i + 1:] for i, ch in enumerate(core)
            for right, reads in _CAPITAL_SLIPS.items() if ch in reads} & RECIPIENT_ABBREVIATIONS
    return fits.pop() + tail if len(fits) == 1 else word


def recipient(item: str) -> str:
    """One recipient of a Decree 30 document as the decree writes it. "Lưu: VT, HT": the
    first copy is the archive office's, so a two-letter V-word there is VT (OCR reads
    "VT," as "VI", "VE", "VỊ" or "V1"); two abbreviations in a row are parted by one comma,
    and a semicolon or colon between or after them is one. A bracketed purpose is spelled
    as the decree abbreviates it ("(bí/c)" -> "(b/c)"), an office's abbreviation with a
    capital misread as the known one (``_abbreviation``). Other text is left as read."""
    item = _PURPOSE.sub(_purpose, item.strip()).rstrip(" :;,")
    first, _, rest = item.partition(" ")
    if rest and not _ARCHIVE.match(item):
        item = f"{_abbreviation(first)} {rest}"  # "TY Đảng ủy": TT (thường trực)
    m = _ARCHIVE.match(item)
    if not m:
        return item
    words = re.sub(r"\s*[,;:](?:\s*[,;:.])*\s*", ", ", m.group(2).lstrip(" ,;:.")).split()
    if words and re.fullmatch(r"V[^\W\d_]?[.,]?|V[1|!][.,]?", words[0]) and (
            len(words) == 1 or _ABBREV.match(words[1].rstrip(",.")) or words[0].endswith(",")):
        words[0] = "VT" + ("," if len(words) > 1 else "")
    out: list[str] = []
    for word in map(_abbreviation, words):
        if out and _ABBREV.match(out[-1]) and _ABBREV.match(word.rstrip(",")):
            out[-1] = out[-1].rstrip(".") + ","
        out.append(word)
    return f"Lưu: {' '.join(out)}".strip().rstrip(",")


_ID_NUMBER = re.compile(r"(?<![\d/.])\d{3,4}(?: \d{3,4}){2,3}(?![\d/.])")  # "002 086 994 702"


def id_document(value: str) -> Result:
    """An identity paper, kept whole as printed: kind, number, and where and when it was
    issued ("Căn cước công dân số 002086994702, cấp ngày 18/09/2017"), with the number's
    spaces closed up, a small l read L in the issuer's words small again (``_small_l``)
    and a CCCD's issuer spelled as printed (``schemas.identifiers.issuer_slips``).
    A number must have 9 digits (CMND) or 12 (CCCD, with a
    personal id's structure); other lengths are a misreading (a leader dot read as a 5)."""
    value, _ = text(value)
    if not value:
        return None, []
    value = capital(_ID_NUMBER.sub(lambda m: m.group().replace(" ", ""), value))
    value = issuer_slips(_small_l(value))  # "Cục Cảnh sát quản Lý", "QLHC về TIXH"
    value, problems = date_slips(value)
    for number in re.findall(r"(?<![\d/])\d{7,}(?![\d/])", value):
        if len(number) == 12:
            fixed, slipped = province_slip(number)
            value = value.replace(number, fixed)
            problems += slipped + check_personal_id(fixed)
        elif len(number) != 9:
            problems.append(f"identity number {number} has {len(number)} digits, not 9 or 12")
    return value, problems


def death_notice(value: str) -> Result:
    """The death notice's number and issuer, without the printed "số:" before the number:
    "296/GBT do Trạm y tế xã … cấp ngày 03/01/2020"; its date taken back from OCR slips
    (``date_slips``: "cấp ngày 20/06/2617")."""
    value, _ = text(value)
    if not value:
        return None, []
    return date_slips(re.sub(r"^(?:số|so|sô|sồ|sổ)\s*[:.]?\s*(?=\d)", "", value,
                             flags=re.IGNORECASE))


# "thay mặt", "ký thay", ... (Decree 30); OCR may lose the period or read it as , or :
_AUTHORITY = re.compile(r"^(TM|KT|TL|TUQ|Q)(?:[.,:]\s*|\s+(?=[^\W\d_]{2}))")


def signer_title(value: str) -> Result:
    """Title lines of a signer block ("KT. CHỦ TỊCH" / "PHÓ CHỦ TỊCH"): seal specks and
    stray marks at the ends of a line dropped, one space after the authority prefix. A
    block read down to "KT. <head>" only (the line under it lost in the seal) gets the
    line Decree 30 prints there, ``deputy``, with a problem (the record goes to review)."""
    lines = []
    for line in nfc(value).splitlines():
        line = _capitals(noise_head(re.sub(r"^[\W_]+|[\W_]+$", "", clean_spaces(line))))
        if line:
            lines.append(_AUTHORITY.sub(lambda m: f"{m.group(1)}. ", line))
    if not lines:
        return None, []
    lines, problems = _head_signed_for(lines)
    own = deputy(lines[-1])
    if own is None:
        return "\n".join(lines), problems
    return "\n".join([*lines, own]), problems + [
        f"the line under {lines[-1]!r} was not read: {own!r} is what Decree 30 prints there"]


def _capitals(line: str) -> str:
    """A title line printed in capitals that OCR read with some letters small ("CHỦ
    Tịch"): at least half its letters capitals, all of them are."""
    letters = [c for c in line if c.isalpha()]
    return line.upper() if letters and sum(c.isupper() for c in letters) * 2 >= len(letters) \
        else line


def _head_signed_for(lines: list[str]) -> tuple[list[str], list[str]]:
    """A head's title straight above its deputy's ("CHỦ TỊCH" / "PHÓ CHỦ TỊCH") is signed
    for, "KT. CHỦ TỊCH" (Decree 30): the prefix was read as a seal speck and dropped. A
    deputy straight under "TM. <body>" signs for the head too: the "KT. CHỦ TỊCH" line
    between them was lost (under the seal)."""
    out, problems = list(lines), []
    for i in range(len(out) - 1):
        head = f"KT. {out[i]}"
        if deputy(head) == out[i + 1]:
            out[i] = head
            problems.append(f"{lines[i]!r} over {lines[i + 1]!r} is signed for: {head!r}")
    for i in range(len(out) - 1, 0, -1):
        m = re.match(r"^PHÓ (CHỦ TỊCH|GIÁM ĐỐC)$", out[i])
        if m and out[i - 1].startswith("TM. "):
            out.insert(i, f"KT. {m.group(1)}")
            problems.append(f"{out[i - 1]!r} over {out[i + 1]!r}: the line 'KT. {m.group(1)}' "
                            "Decree 30 prints between them was not read")
    return out, problems


def noise_head(line: str) -> str:
    """A title line without a short mixed-case head the seal's ring or the signature was
    read as (``nG. CHỦ TỊCH``): a title is printed in capitals, and a head of three letters
    or fewer with a small letter that is no authority prefix (kt., tm., ...) is no word
    of it."""
    head, _, rest = line.partition(" ")
    bare = head.rstrip(".,:")
    letters = [c for c in rest if c.isalpha()]
    if (rest and 0 < len(bare) <= 3 and bare.isalpha() and any(c.islower() for c in bare)
            and fold_lower(bare) not in {"kt", "tm", "q", "tl", "tuq"}
            and letters and all(c.isupper() for c in letters)):
        return rest
    return line


# Decree 30/2020 (Phụ lục I): "KT." (ký thay) — a deputy signs for the head, and the line
# under it is the deputy's position: PHÓ + the head's title; a minister's deputy is THỨ.
_DEPUTY = re.compile(r"^KT\. ((?:BỘ )?TRƯỞNG|CHỦ TỊCH|GIÁM ĐỐC|CHÁNH VĂN PHÒNG|TRƯỞNG \w[\w ]*|"
                     r"VIỆN TRƯỞNG|CỤC TRƯỞNG|TỔNG CỤC TRƯỞNG|HIỆU TRƯỞNG)$")


def deputy(line: str) -> str | None:
    """The position printed under a "KT. <head>" line (``KT. CHỦ TỊCH`` -> ``PHÓ CHỦ
    TỊCH``, ``KT. BỘ TRƯỞNG`` -> ``THỨ TRƯỞNG``), or None for any other line."""
    m = _DEPUTY.match(line.upper())
    if not m:
        return None
    head = m.group(1)
    return "THỨ TRƯỞNG" if head == "BỘ TRƯỞNG" else f"PHÓ {head}"
