"""A register entry as the register readers return it: raw values, where it lies on the
page (its own PDF shows only that band), and reasons to review it that only the page as a
whole can give (numbering gaps, later notes)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from rapidfuzz.distance import OSA

from ocr.models import Line, OcrPage
from ocr.text import fold_lower
from pipeline.extract import labels as L
from pipeline.extract.anchor import Raw, read_labelled
from pipeline.extract.regdates import fit_dates
from schemas.dates import LIKELY_SLIPS
from schemas.normalize import strip_leaders
from schemas.records import RecordType

REGISTER_LABELS = {RecordType.birth: L.BIRTH, RecordType.death: L.DEATH,
                   RecordType.marriage: L.MARRIAGE_REGISTER}


@dataclass
class Entry:
    """One register entry: its raw values and where it lies on the page."""

    raw: dict[str, Raw]
    region: tuple[int, int, int, int]
    reasons: list[str] = field(default_factory=list)


def band(lines: list[Line], page: OcrPage, top: int | None = None,
         bottom: int | None = None, span: tuple[int, int] | None = None
         ) -> tuple[int, int, int, int]:
    """The band of the page from ``top`` (else the first line's top) to ``bottom`` (else
    the last line's bottom), across the page or across ``span`` (left, right); a margin
    round the lines, none past a ``bottom`` given (the next entry's first line: no part of
    it may show in this entry's own PDF)."""
    margin = 20
    y0 = top if top is not None else min(w.box.top for line in lines for w in line.words)
    y1 = (bottom - margin if bottom is not None
          else max(w.box.bottom for line in lines for w in line.words))
    left, right = span if span is not None else (0, page.width)
    return left, max(0, y0 - margin), right, min(page.height, y1 + margin)


# A note that changes the entry after it was made: cải chính, bổ sung, thay đổi, xác định
# lại, điều chỉnh, sửa, huỷ, or a decision (QĐ) that did so.
_CORRECTION = re.compile(r"cai chinh|bo sung|thay doi|xac dinh lai|dieu chinh|\bsua\b|\bhuy\b"
                         r"|quyet dinh|\bqd\b|ghi chu lai|doi (ho|ten)")


def note_reasons(note: str | None) -> list[str]:
    """A review reason when an entry's Ghi chú records a later correction: the fields read
    are the entry as first written, and the note may change them."""
    if note and _CORRECTION.search(fold_lower(note)):
        return [f"notes: a later correction is noted ({note[:60]}): check the fields"]
    return []


def _number(entry: Entry) -> int | None:
    """The entry's number as read, its leader dots aside ("39____.__"); None when unread or
    read with letters in it ("H19")."""
    raw = entry.raw.get("registration_number")
    found = re.fullmatch(r"[\W_]*(\d+)[\W_]*", strip_leaders(raw.text)[0]) if raw else None
    return int(found.group(1)) if found else None


def _between(numbers: list[int | None], i: int) -> int | None:
    """The number an unread entry must have: the nearest numbers read on either side leave
    one place for it (86 and 89 round two unread entries give 87 and 88), or on its only
    side two in a row do (86, 87 then two unread: 88, 89)."""
    before = next((k for k in range(i - 1, -1, -1) if numbers[k] is not None), None)
    after = next((k for k in range(i + 1, len(numbers)) if numbers[k] is not None), None)
    if before is not None and after is not None:
        if numbers[after] - numbers[before] == after - before:
            return numbers[before] + i - before
        return None
    if before is not None and before > 0 and numbers[before - 1] == numbers[before] - 1:
        return numbers[before] + i - before
    if (after is not None and after + 1 < len(numbers)
            and numbers[after + 1] == numbers[after] + 1):
        return numbers[after] - (after - i)
    return None


def _misread(number: int, wanted: int, likely_only: bool) -> bool:
    """Whether ``number`` is one digit slip (changed, dropped or added) from ``wanted``;
    with ``likely_only``, a change only between digits tesseract confuses (8/3, 6/8...)."""
    read, want = str(number), str(wanted)
    if OSA.distance(read, want, score_cutoff=1) > 1:
        return False
    if len(read) != len(want) or not likely_only:
        return True
    return all(a == b or frozenset(a + b) in LIKELY_SLIPS for a, b in zip(read, want, strict=True))


def fit_numbers(entries: list[Entry], numbers: list[int | None]) -> None:
    """Entries are numbered on by one: when more entries read agree on where the count
    starts than on any other start (two at least), a number one digit slip from its place
    in that count (``67`` between 86 and 88) is taken as that place, at confidence 0.3
    with a reason; not one that a neighbour's number agrees with (a real gap), and, unless
    most entries agree, only a digit dropped or added or one of the usual confusions."""
    starts = Counter(n - i for i, n in enumerate(numbers) if n is not None).most_common(2)
    if not starts or starts[0][1] < 2 or (len(starts) > 1 and starts[1][1] == starts[0][1]):
        return
    start, support = starts[0]
    likely_only = support * 2 <= sum(n is not None for n in numbers)
    for i, n in enumerate(numbers):
        near = [numbers[k] - k for k in (i - 1, i + 1) if 0 <= k < len(numbers)
                and numbers[k] is not None]
        if (n is None or n == start + i or n - i in near
                or not _misread(n, start + i, likely_only)):
            continue
        entries[i].raw["registration_number"] = Raw(str(start + i), 0.3)
        entries[i].reasons.append(f"registration_number: read {n}; {start + i} from the "
                                  "numbering of the entries around it")
        numbers[i] = start + i


def _from_one(entries: list[Entry], numbers: list[int | None]) -> None:
    """When one entry's number is all that was read (the others' read as letters, "ca",
    "Ai": a skewed number column), the count runs on by one from it: each other entry
    takes its place in it, at confidence 0.3 with a reason."""
    read = [k for k, n in enumerate(numbers) if n is not None]
    if len(read) != 1 or len(numbers) < 2 or numbers[read[0]] - read[0] < 1:
        return
    start = numbers[read[0]] - read[0]
    for i, entry in enumerate(entries):
        if numbers[i] is None:
            raw = entry.raw.get("registration_number")
            what = f"read as {raw.text!r}" if raw else "not read"
            entry.raw["registration_number"] = Raw(str(start + i), 0.3)
            entry.reasons.append(f"registration_number: {what}; {start + i} counted on from "
                                 "the one number read on the page")
            numbers[i] = start + i


def number_reasons(entries: list[Entry]) -> None:
    """Entries of a page (or spread) numbered in order: a gap, a number that does not go
    up, or an unread number is a review reason on the entry where it shows. An unread
    number that its neighbours leave no doubt about is filled in, at low confidence."""
    numbers = [_number(e) for e in entries]
    fit_numbers(entries, numbers)
    _from_one(entries, numbers)
    filled = True
    while filled:  # an entry filled in is a neighbour to the next unread one
        filled = False
        for i, entry in enumerate(entries):
            guess = None if numbers[i] is not None else _between(numbers, i)
            if guess is not None:
                raw = entry.raw.get("registration_number")
                read = f"read as {raw.text!r}" if raw else "not read"
                entry.raw["registration_number"] = Raw(str(guess), 0.3)
                entry.reasons.append(f"registration_number: {read}; {guess} from the entries "
                                     "around it")
                numbers[i], filled = guess, True
    for i, entry in enumerate(entries):
        if numbers[i] is None:
            raw = entry.raw.get("registration_number")
            read = f"read as {raw.text!r}" if raw else "not read"
            entry.reasons.append(f"registration_number: {read}; numbering not checked")
    for entry, last, number in zip(entries[1:], numbers, numbers[1:], strict=False):
        if last is not None and number is not None and number != last + 1:
            what = "a gap" if number > last + 1 else "not increasing"
            entry.reasons.append(f"registration_number: {number} follows {last} ({what})")


def book_header(lines: list[Line], kind: RecordType) -> dict[str, Raw]:
    """The book number and registry from a register page's header lines."""
    if kind not in REGISTER_LABELS:
        return {}
    return read_labelled(lines, REGISTER_LABELS[kind], {"book_number", "registration_place"},
                         stop=None)[0]


def with_headers(found: list[tuple[dict[str, Raw], list[Entry]]]) -> list[Entry]:
    """Entries of each page of a page or spread, in order, each with its page header's book
    number and registry (a page without a header takes the first page's that has one),
    their numbers checked for gaps and their dates against each other
    (``pipeline.extract.regdates``) across the whole."""
    shared = next((header for header, _ in found if header), {})
    entries = []
    for header, items in found:
        for entry in items:
            values = {k: Raw(v.text, v.confidence) for k, v in (header or shared).items()}
            entry.raw = entry.raw | values
            entries.append(entry)
    number_reasons(entries)
    fit_dates(entries)
    return entries
