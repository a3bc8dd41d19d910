"""Vietnamese syllable grammar: onset + rhyme + tone, and the spellings OCR confuses.

Every Vietnamese word is written as syllables of one shape: an optional onset consonant,
a rhyme (optional medial o/u, a vowel nucleus, an optional coda) and one of six tones
written as a mark over or under the nucleus. Rhymes closed by c, ch, p or t only take
the sắc or nặng tone. A token that does not parse is not Vietnamese: an OCR error, an
abbreviation or a foreign name. Tone placement differs between the old (``hòa``,
``thủy``) and the new (``hoà``, ``thuỷ``) conventions; both parse to the same key. A
mark on any other vowel (``Vịêt``) is no spelling at all.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# Combining marks of the five written tones, in the order tesseract's tone digits use.
TONES = {"\u0300": 2, "\u0301": 1, "\u0309": 3, "\u0303": 4, "\u0323": 5}  # huyền sắc hỏi ngã nặng
TONE_MARKS = {v: k for k, v in TONES.items()}

ONSETS = ("ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr",
          "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "")

_RHYMES = """
a ac ach ai am an ang anh ao ap at au ay
ăc ăm ăn ăng ăp ăt âc âm ân âng âp ât âu ây
e ec em en eng eo ep et ê êch êm ên ênh êp êt êu
i ia ich im in inh ip it iu iêc iêm iên iêng iêp iêt iêu
o oc oi om on ong op ot oong ooc ô ôc ôi ôm ôn ông ôp ôt ơ ơi ơm ơn ơp ơt
u ua uc ui um un ung up ut uôc uôi uôm uôn uông uôt
ư ưa ưc ưi ưm ưn ưng ưt ưu ươc ươi ươm ươn ương ươp ươt ươu
y yêm yên yêng yêt yêu
oa oac oach oai oam oan oang oanh oao oap oat oay oăc oăm oăn oăng oăt
oe oen oeo oet uâ uâc uân uâng uât uây uăp uau uê uêch uên uênh uêt uêu uơ uit
uy uya uych uyn uynh uyp uyt uyu uyên uyêt
"""
RHYMES = frozenset(_RHYMES.split())
STOPS = ("c", "ch", "p", "t")  # a rhyme closed by one of these takes sắc or nặng only
VOWELS = frozenset("aăâeêioôơuưy")


@dataclass(frozen=True, slots=True)
class Syllable:
    onset: str
    rhyme: str
    tone: int  # 0 ngang, 1 sắc, 2 huyền, 3 hỏi, 4 ngã, 5 nặng

    @property
    def key(self) -> str:
        """Spelling-convention-free identity: ``thủy`` and ``thuỷ`` share ``thuy3``."""
        return f"{self.onset}{self.rhyme}{self.tone}"


def split_tone(word: str) -> tuple[str, int] | None:
    """(the word without its tone mark, lower case NFC; tone) or None if it has two marks."""
    split = _split_tone_at(word)
    return split[:2] if split else None


def _split_tone_at(word: str) -> tuple[str, int, int] | None:
    """``split_tone`` and the index (in the unmarked word) of the letter carrying the
    tone, -1 without one."""
    tone, at, letters = 0, -1, []
    for ch in unicodedata.normalize("NFD", word.lower()):
        if ch in TONES:
            if tone:
                return None
            tone = TONES[ch]
            at = len(letters) - 1
        elif unicodedata.combining(ch) and letters:
            letters[-1] += ch  # a hat or breve stays with its vowel
        else:
            letters.append(ch)
    plain = [unicodedata.normalize("NFC", c) for c in letters]
    if any(len(c) != 1 for c in plain):
        return None  # a mark no Vietnamese letter takes
    return "".join(plain), tone, at


_HATTED = frozenset("ăâêôơư")
_NEW_STYLE = ("oa", "oe", "uy")  # hoà, khoẻ, thuỷ beside hòa, khỏe, thủy


def _tone_places(rhyme: str) -> set[int]:
    """Where in ``rhyme`` a tone mark may sit, in either spelling convention."""
    vowels = [i for i, ch in enumerate(rhyme) if ch in VOWELS]
    if not vowels:
        return set()
    hatted = [i for i in vowels if rhyme[i] in _HATTED]
    if hatted:
        return {hatted[-1]}  # người, Nguyễn: on the last vowel with a hat
    if vowels[-1] < len(rhyme) - 1:
        return {vowels[-1]}  # a coda follows: hoàng, quỳnh
    if len(vowels) == 3:
        return {vowels[1]}  # ngoài, khuỷu
    if len(vowels) == 2 and rhyme[vowels[0]:vowels[1] + 1] in _NEW_STYLE:
        return set(vowels)
    return {vowels[0]}


def _rhyme_ok(onset: str, rhyme: str) -> bool:
    if onset == "qu":  # the u belongs to the onset: qua ~ oa, quân ~ uân, quyên ~ uyên
        return bool(rhyme) and (("o" + rhyme) in RHYMES or ("u" + rhyme) in RHYMES)
    if onset == "gi":  # gì, gìn, giêng: the i may be the onset's own
        return rhyme in RHYMES or rhyme == "" or ("i" + rhyme) in RHYMES
    return rhyme in RHYMES


def _spelling_ok(onset: str, rhyme: str) -> bool:
    """Onset letters fixed by the next vowel: k/gh/ngh before i e ê y, c/g/ng elsewhere."""
    front = rhyme[:1] in ("i", "e", "ê", "y")
    if onset in ("k", "gh", "ngh"):
        return front
    if onset in ("c", "ng"):
        return not front
    return True


@lru_cache(maxsize=65536)
def parse(word: str) -> Syllable | None:
    """The syllable ``word`` spells, or None when no Vietnamese syllable is spelled so."""
    split = _split_tone_at(word)
    if split is None:
        return None
    plain, tone, at = split
    if not plain or not plain.isalpha():
        return None
    for onset in ONSETS:
        if not plain.startswith(onset):
            continue
        rhyme = plain[len(onset):]
        if not _rhyme_ok(onset, rhyme) or not _spelling_ok(onset, rhyme):
            continue
        if rhyme.endswith(STOPS) and tone not in (1, 5):
            continue
        places = _tone_places(rhyme)
        if tone and places and at - len(onset) not in places:
            continue  # gì, gìn: a rhyme without a vowel takes the mark on the onset's i
        return Syllable(onset, rhyme, tone)
    return None


def is_syllable(word: str) -> bool:
    return parse(word) is not None


# What tesseract mistakes for what, one character at a time: a tone mark for another, a
# vowel's hat lost or added, đ for d. Any such change is plausible for a word that is no
# Vietnamese at all (``ANY``). A real word is only doubted along the confusions tesseract
# ``vie`` makes on typed forms (``LIKELY``, counted on a development set of generated
# pages, seed 606): read tone -> printed tone. Above all hỏi read as sắc (SỔ -> SỐ).
ANY_TONE = 0.5
LIKELY: dict[tuple[int, int], float] = {(1, 3): 0.3, (2, 0): 0.4, (4, 0): 0.4, (3, 2): 0.5,
                                        (3, 0): 0.5, (3, 1): 0.5, (0, 4): 0.5, (5, 0): 0.6}
_HATS = {"a": "aăâ", "ă": "aăâ", "â": "aăâ", "e": "eê", "ê": "eê", "o": "oôơ", "ô": "oôơ",
         "ơ": "oôơ", "u": "uư", "ư": "uư", "i": "i", "y": "y"}
HAT_COST, STROKE_COST = 0.6, 0.5
# The nặng dot under an i or a y is the smallest mark there is, and tesseract drops it
# (quỵ read quy, ĐỊNH read ĐINH: 10 of the slips on indgen development seeds 20-30).
LOST_DOT = ("iy", (0, 5), 0.5)


def _base(ch: str) -> tuple[str, int]:
    """A lower-case vowel as (vowel with its hat, tone)."""
    split = split_tone(ch)
    return split if split else (ch, 0)


def char_variants(ch: str, likely: bool = False) -> list[tuple[str, float]]:
    """Characters OCR could have read as ``ch``, with the cost of that confusion; with
    ``likely``, only the confusions tesseract is known to make."""
    lower = ch.lower()
    upper = ch != lower
    out: list[tuple[str, float]] = []
    if lower == "đ" or (lower == "d" and not likely):
        out.append(("đ" if lower == "d" else "d", STROKE_COST))
    vowel, tone = _base(lower)
    for hat in _HATS.get(vowel, ""):
        if likely and hat != vowel:
            continue
        for t in range(6):
            if hat == vowel and t == tone:
                continue
            cost = HAT_COST if hat != vowel else 0.0
            if t != tone:
                step = LIKELY.get((tone, t)) if likely else ANY_TONE
                if likely and vowel in LOST_DOT[0] and (tone, t) == LOST_DOT[1]:
                    step = LOST_DOT[2]
                if step is None:
                    continue
                cost += step
            out.append((unicodedata.normalize("NFC", hat + TONE_MARKS[t] if t else hat), cost))
    return [(c.upper() if upper else c, cost) for c, cost in out]


def variants(word: str, max_cost: float = 0.7, max_changes: int = 1,
             likely: bool = False) -> list[tuple[str, float]]:
    """Spellings ``word`` may have been misread from, cheapest first; the word itself
    is not among them. Letters other than vowels and d/đ are never changed."""
    found: dict[str, float] = {}

    def walk(prefix: str, rest: str, cost: float, changes: int) -> None:
        if not rest:
            if prefix != word and cost <= max_cost:
                found[prefix] = min(cost, found.get(prefix, cost))
            return
        ch = rest[0]
        walk(prefix + ch, rest[1:], cost, changes)
        if changes < max_changes:
            for alt, c in char_variants(ch, likely):
                if cost + c <= max_cost:
                    walk(prefix + alt, rest[1:], cost + c, changes + 1)

    word = unicodedata.normalize("NFC", word)
    walk("", word, 0.0, 0)
    return sorted(found.items(), key=lambda kv: kv[1])


# Names of the Central Highlands peoples (Ê Đê, Gia Rai, Ba Na, Mnông, Cơ Ho, Xơ Đăng)
# are written in the same letters but not as Kinh syllables: a consonant cluster may open
# a syllable (Ksor, Mlô, Kdăm, Hđơk, Bkrông), a bare vowel may come before the main one
# in one word (Ê-ban, A-drơng, A-yun), and codas such as l, r, s, h or k close it (Ksor,
# Hđơk). Their grammar, without tones: up to three consonants, one to three vowels, an
# optional coda; one or two such syllables a word. It says only that a word could be
# such a name; callers use it where a name already shows it is one (schemas.evidence).
_HIGHLAND_CONSONANTS = "bcdđghjklmnprstvwxz"
_HIGHLAND_SYLLABLE = (f"[{_HIGHLAND_CONSONANTS}]{{0,3}}[aăâeêioôơuưy]{{1,3}}"
                      f"(?:ng|nh|ch|[{_HIGHLAND_CONSONANTS}])?")
_HIGHLAND_WORD = re.compile(f"(?:{_HIGHLAND_SYLLABLE}){{1,2}}")


def is_highland_word(word: str) -> bool:
    """Whether ``word`` (one name part, no apostrophe or hyphen) is spelled like a
    syllable or two of a Central Highlands name: ``Ksor``, ``Niê``, ``Êban``, ``Adrơng``."""
    plain = "".join(ch for ch in unicodedata.normalize("NFD", word.lower())
                    if ch not in TONES)
    return bool(_HIGHLAND_WORD.fullmatch(unicodedata.normalize("NFC", plain)))
