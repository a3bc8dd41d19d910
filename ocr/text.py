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
    base = unicodedata.normalize("NFD", ch)[0]
    return base


def fold(text: str) -> str:
    """Strip Vietnamese diacritics, keeping length (one char in, one char out) for NFC input."""
    return "".join(fold_char(c) for c in nfc(text))


def fold_lower(text: str) -> str:
    return fold(text).lower()


def clean_spaces(text: str) -> str:
    return _SPACES.sub(" ", text).strip()
