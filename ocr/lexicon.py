"""What Vietnamese text may say: known syllables and known multi-syllable phrases.

Sources, all data read at start-up (see ARCHITECTURE.md for their licences):
- the syllable list of Debian's ``hunspell-vi`` (``/usr/share/hunspell/vi_VN.dic``);
- ``data/words.txt``: 31,000 Vietnamese words and compounds from pyvi (MIT);
- ``data/forms.txt``: the phrases printed on civil-status forms and Decree 30 documents;
- the names of every province, district and commune (``vietnamadminunits``).

Syllables and phrases are stored by syllable key (``ocr.syllables.Syllable.key``), so the
old and new tone placements (``hòa``/``hoà``) and letter case do not matter.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

from ocr.syllables import parse

DATA = Path(__file__).parent / "data"
HUNSPELL_VI = Path("/usr/share/hunspell/vi_VN.dic")
_SPLIT = re.compile(r"[,;:()/\-–.]+")


def keys(phrase: str) -> tuple[str, ...] | None:
    """A phrase's syllable keys, or None if a part of it is not a Vietnamese syllable."""
    out = []
    for word in phrase.split():
        syllable = parse(word)
        if syllable is None:
            return None
        out.append(syllable.key)
    return tuple(out)


@dataclass(frozen=True)
class Lexicon:
    """Known syllables; known phrases of 2+ syllables: ``words`` of the language at large
    and ``forms``, the phrases printed on the documents sohoa reads."""

    syllables: frozenset[str]
    words: frozenset[tuple[str, ...]]
    forms: frozenset[tuple[str, ...]]
    longest: int = 4

    @cached_property
    def phrases(self) -> frozenset[tuple[str, ...]]:
        """``words`` and ``forms`` together (built once: post-correction asks per word)."""
        return self.words | self.forms

    def __contains__(self, word: str) -> bool:
        syllable = parse(word)
        return syllable is not None and syllable.key in self.syllables

    @classmethod
    def build(cls, syllables: Iterable[str], words: Iterable[str] = (),
              forms: Iterable[str] = ()) -> Lexicon:
        known: set[str] = set()
        for word in syllables:
            k = keys(word)
            if k:
                known.update(k)

        def grams(lines: Iterable[str], parts: bool) -> set[tuple[str, ...]]:
            """Phrases; with ``parts`` every run of 2+ syllables inside one as well (a
            printed line is read in pieces: ``SỔ ĐĂNG KÝ`` of ``SỔ ĐĂNG KÝ KHAI SINH``)."""
            out = set()
            for line in lines:
                for part in _SPLIT.split(line):
                    k = keys(part)
                    if not k:
                        continue
                    known.update(k)
                    spans = ([(i, j) for i in range(len(k)) for j in range(i + 2, len(k) + 1)]
                             if parts else [(0, len(k))])
                    out.update(k[i:j] for i, j in spans if j - i > 1)
            return out

        general, printed = grams(words, parts=False), grams(forms, parts=True)
        longest = max((len(g) for g in general | printed), default=1)
        return cls(frozenset(known), frozenset(general), frozenset(printed), longest)


def _lines(path: Path) -> list[str]:
    if not path.exists():
        return []
    text = path.read_text(encoding="utf-8")
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


def place_names() -> list[str]:
    """Every unit's short name, old (63-province) and current."""
    import vietnamadminunits

    path = os.path.join(os.path.dirname(vietnamadminunits.__file__), "data", "dataset.db")
    names: set[str] = set()
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        for row in db.execute("SELECT provinceShort, districtShort, wardShort "
                              "FROM admin_units_legacy"):
            names.update(n for n in row if n)
    return sorted(names)


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The lexicon sohoa corrects with; without hunspell-vi the phrase lists alone give
    the syllables (fewer, so fewer corrections: `make system` installs it)."""
    hunspell = _lines(HUNSPELL_VI)[1:]  # first line: the entry count
    # Place names give syllables, not context: with 10,000 communes nearly any two
    # syllables make a place ("tịnh Hà"), and addresses are checked per field against
    # the gazetteer within their province (schemas/places.py).
    names = [w for name in place_names() for w in name.split()]
    return Lexicon.build([*(w for w in hunspell if w.isalpha()), *names],
                         words=_lines(DATA / "words.txt"), forms=_lines(DATA / "forms.txt"))
