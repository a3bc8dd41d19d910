"""A second opinion on doubtful values: their crop read again (``ocr.reread``), judged.

Extraction runs twice over a page's words. In the page worker, which still has the page's
pixels, a ``Wanted`` collects the values in doubt: those of the kinds a misreading hides
in (names, places, numbers, dates, identity papers) whose confidence is under the review
threshold + ``MARGIN`` or that independent evidence (``schemas.evidence``) doubts;
``pipeline.page`` reads each again from its crop and keeps the readings on the page
(``OcrPage.rereads``). In the coordinator, a ``Second`` holding those readings judges
each value as ``pipeline.extract.finish`` makes it:

* the second reading normalises to the same value: agreement. A value nothing else
  doubts then has at least the second reading's confidence (two looks at the ink agree);
  evidence's doubts stay (``ĐUNH`` read twice is still no name).
* it differs: the value's confidence is capped under the threshold with a reason saying
  which words differ and how (never the values: reasons reach logs). When the first
  reading was doubted by evidence and the second is not, the second is taken (the first
  stays in ``raw``); the field still goes to review.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Protocol

from ocr.models import Reread
from ocr.text import fold_lower
from schemas import evidence
from schemas.normalize import Result, strip_leaders

MARGIN = 0.15  # values under the review threshold + this are read again
# The kinds of value a misreading hides in: a wrong letter still looks like a name, a
# place or a number; free text (a summary, recipients) is not read again.
KEYS = ("full_name", "ethnicity", "nationality", "id_document", "date_of_birth_words",
        *evidence.ADDRESS_KEYS, *evidence.DIGIT_KEYS)


# Values whose whole is short and closed (a name, a number, a date, a nationality): two
# readings that agree vouch for them. A longer value read the same twice may still be cut
# short (an identity paper's issuer on the next line), so agreement does not raise it.
CLOSED = ("full_name", "ethnicity", "nationality", *evidence.DIGIT_KEYS)
# Nor does it raise a value OCR was not even this sure of: on dev pages, such values that
# two readings agreed on were mostly another entry's (a register's columns misread).
RAISE_FLOOR = 0.5
# A second reading less sure of itself than this, or one that is the first cut short
# (the crop clipped a glyph at its edge), gives no opinion.
MIN_OPINION = 0.5


def _clipped(value: str, other: str) -> bool:
    """Whether ``other`` is ``value`` with letters missing at its start or end."""
    a, b = fold_lower(value).strip(), fold_lower(other).strip()
    return bool(b) and b != a and (a.startswith(b) or a.endswith(b))


def _letters(text: str) -> str:
    """Letters and digits only: a line read alone glues words and loses apostrophes."""
    return re.sub(r"[\W_]", "", text)


JOINERS = "'’-"  # H'BLIN, Y-MOAN: a line read alone often drops them or reads a letter


def _joined_spans(text: str) -> list[tuple[int, int]]:
    """The spans, in ``_letters(text)``, of the words of ``text`` holding a joiner."""
    spans, at = [], 0
    for word in text.split():
        n = len(_letters(word))
        if any(ch in JOINERS for ch in word):
            spans.append((at, at + n))
        at += n
    return spans


def _lost_joiners_only(first: str, second: str) -> bool:
    """Whether ``second`` lacks an apostrophe or hyphen ``first`` has and every difference
    between their letters lies within a word of ``first`` holding one (``KSOR H'BLIN``
    read again as ``KSORHPBLIN``): the second reading has no opinion on such a word."""
    if sum(map(first.count, JOINERS)) <= sum(map(second.count, JOINERS)):
        return False
    spans = _joined_spans(first)
    a, b = _letters(first).upper(), _letters(second).upper()
    return all(tag == "equal" or any(s <= i1 and i2 <= e for s, e in spans)
               for tag, i1, i2, _, _ in SequenceMatcher(None, a, b, autojunk=False)
               .get_opcodes())


@dataclass
class Judged:
    """A value after the second opinion: possibly the second reading, its confidence and
    evidence's doubts plus what the second reading said."""

    value: str
    confidence: float
    doubts: list[str]
    first: str | None = None  # the first reading, when the second was taken instead


class Opinion(Protocol):
    def judge(self, key: str, text: str, value: str, confidence: float, doubts: list[str],
              normalise: Callable[[str], Result], threshold: float) -> Judged: ...


def wanted(key: str, confidence: float, doubts: list[str], threshold: float) -> bool:
    """Whether the value of ``key`` at ``confidence`` with ``doubts`` is read again."""
    return key.endswith(KEYS) and (bool(doubts) or confidence < threshold + MARGIN)


@dataclass
class Wanted:
    """Worker side: the texts (as extraction took them off the page) worth a second
    reading; judges nothing."""

    texts: list[str] = field(default_factory=list)

    def judge(self, key: str, text: str, value: str, confidence: float, doubts: list[str],
              normalise: Callable[[str], Result], threshold: float) -> Judged:
        if wanted(key, confidence, doubts, threshold) and text not in self.texts:
            self.texts.append(text)
        return Judged(value, confidence, doubts)


def differences(first: str, second: str) -> str:
    """How two readings differ, without their text: which words, and whether only by the
    marks over and under letters."""
    a, b = first.split(), second.split()
    if not b:
        return "reads nothing there"
    if len(a) != len(b):
        return f"reads {len(b)} words, not {len(a)}"
    changed = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
    which = ", ".join(str(i + 1) for i in changed)
    marks = all(fold_lower(a[i]) == fold_lower(b[i]) for i in changed)
    return f"word {which} of {len(a)} differs{' by its marks' if marks else ''}"


@dataclass
class Second:
    """Coordinator side: the page's second readings, by first reading."""

    rereads: tuple[Reread, ...]

    def judge(self, key: str, text: str, value: str, confidence: float, doubts: list[str],
              normalise: Callable[[str], Result], threshold: float) -> Judged:
        reread = next((r for r in self.rereads if r.first == text), None)
        if reread is None or not wanted(key, confidence, doubts, threshold):
            return Judged(value, confidence, doubts)
        head, _ = strip_leaders(reread.second)
        other, problems = normalise(head) if head.strip() else (None, [])
        if other == value:
            if not doubts and key.endswith(CLOSED) and reread.confidence >= threshold \
                    and confidence >= RAISE_FLOOR:
                confidence = max(confidence, reread.confidence)
            return Judged(value, confidence, doubts)
        if reread.confidence < MIN_OPINION or _clipped(value, other or "") \
                or _lost_joiners_only(value, other or ""):
            return Judged(value, confidence, doubts)  # no opinion
        said = f"a second reading of its crop {differences(value, other or '')}"
        other_doubts = evidence.doubts(key, other, head) if other else ["none"]
        if doubts and other and not problems and not other_doubts:
            return Judged(other, min(confidence, reread.confidence), [said], first=value)
        if other and _letters(other) == _letters(value):
            return Judged(value, confidence, doubts)  # spaces, apostrophes: no opinion
        return Judged(value, confidence, [*doubts, said])
