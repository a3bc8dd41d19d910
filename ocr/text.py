"""Vietnamese text normalisation: NFC everywhere, and diacritic folding for search."""

from __future__ import annotations

import re
import unicodedata

# Letters whose decomposition does not yield a plain ASCII base (đ) or that OCR and
# name lists confuse with look-alikes (Ð U+00D0 from vnfaker, for instance).
_SPECIAL = str.maketrans({"đ": "d", "Đ": "D", "Ð": "D", "ð": "d"})
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b]+")


def nfc(text: str) -> str:
    """Composed form, the one form stored, compared and searched (never NFKC)."""
    return unicodedata.normalize("NFC", text.replace("Ð", "Đ"))


def fold_char(ch: str) -> str:
    """One NFC character to one ASCII-ish character: ``ễ`` -> ``e``, ``Đ`` -> ``D``."""
    ch = ch.translate(_SPECIAL)
    return unicodedata.normalize("NFD", ch)[0]


# Every precomposed Latin letter (Latin-1 to Latin Extended Additional, which holds the
# Vietnamese ones) folded once at import, so folding is one C-level str.translate.
_FOLD = {cp: fold_char(chr(cp)) for cp in (*range(0xC0, 0x250), *range(0x1E00, 0x1F00))
         if fold_char(chr(cp)) != chr(cp)}


def fold(text: str) -> str:
    """Strip Vietnamese diacritics, keeping length (one char in, one char out) for NFC input."""
    return nfc(text).translate(_FOLD)


def fold_lower(text: str) -> str:
    return fold(text).lower()


def clean_spaces(text: str) -> str:
    return _SPACES.sub(" ", text).strip()
