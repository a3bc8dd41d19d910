"""A register page's dates checked against each other, and a misread one taken back.

A book is kept for one year ("Quyển số: 03/1998"), its entries are registered in order,
and a person is born before being registered. So on a register page a registration date
has the book's year and lies between its neighbours' dates (only a preference: a date
read whole in the book's year stands), and a date of birth is not after its entry's
registration. A date read against these (a year ``2060`` in a 2000
book, a day ``416``: a typewriter 1 read 41) is replaced by the one date that keeps them
with the fewest OCR slips (a digit too many, or one changed, the usual confusions 1/4,
0/9, 0/6, 0/8, 1/7, 3/8, 5/6, 6/8 cheaper, a 4 before a 1 cheapest: a typewriter 1's flag),
when exactly one date is cheapest; it is then taken at confidence 0.3 with a review
reason naming the reading.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from functools import partial
from itertools import product
from typing import TYPE_CHECKING

from pipeline.extract.anchor import Raw

if TYPE_CHECKING:
    from pipeline.extract.entries import Entry

# digits tesseract takes for each other in print
LIKELY_SLIPS = {frozenset(p) for p in ("14", "09", "06", "08", "17", "38", "56", "68")}
DROP, LIKELY, OTHER = 0.5, 0.5, 1.0  # what each slip costs
FLAG = 0.25  # a typewriter 1's flag read as a 4 before it: "416" for 16, "4141" for 11
GROUP_COST, DATE_COST = 1.0, 2.0  # the most a part / a whole date may cost
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def _spellings(group: str, lengths: tuple[int, ...]) -> dict[str, float]:
    """The digit strings of ``lengths`` that ``group`` may be a misreading of, with what
    the slips cost (at most ``GROUP_COST``; the group itself costs 0)."""
    found: dict[str, float] = {}

    def walk(i: int, built: str, cost: float) -> None:
        if cost > GROUP_COST or len(built) > max(lengths):
            return
        if i == len(group):
            if len(built) in lengths:
                found[built] = min(cost, found.get(built, cost))
            return
        ch = group[i]
        walk(i + 1, built + ch, cost)
        walk(i + 1, built, cost + (FLAG if group[i:i + 2] == "41" else DROP))
        for d in "0123456789":
            if d != ch:
                walk(i + 1, built + d, cost + (LIKELY if frozenset(ch + d) in LIKELY_SLIPS else OTHER))

    walk(0, "", 0.0)
    return found


def _widths(group: str) -> tuple[int, ...]:
    return (2,) if len(group) >= 2 else (1, 2)


def _options(text: str) -> list[tuple[date, float]]:
    """Dates ``text`` (day, month, year in digits) may have been printed as, with their
    cost; [] when it is not three groups of digits."""
    groups = re.findall(r"\d+", text)
    if len(groups) != 3 or len("".join(groups)) > 12:
        return []
    # a day or month read in two digits or more was printed in two (a slip adds a digit
    # or changes one, it does not take one away)
    days = {k: v for k, v in _spellings(groups[0], _widths(groups[0])).items()
            if 1 <= int(k) <= 31}
    months = {k: v for k, v in _spellings(groups[1], _widths(groups[1])).items()
              if 1 <= int(k) <= 12}
    years = {k: v for k, v in _spellings(groups[2], (4,)).items() if 1850 <= int(k) <= 2100}
    out: dict[date, float] = {}
    for (d, a), (m, b), (y, c) in product(days.items(), months.items(), years.items()):
        if a + b + c > DATE_COST:
            continue
        try:
            when = date(int(y), int(m), int(d))
        except ValueError:
            continue
        out[when] = min(a + b + c, out.get(when, a + b + c))
    return sorted(out.items(), key=lambda kv: kv[1])


def _choose(text: str, ok: Callable[[date], bool]) -> date | None:
    """The one cheapest date ``text`` may be that ``ok`` accepts, else None."""
    fits = [(when, cost) for when, cost in _options(text) if ok(when)]
    if not fits or (len(fits) > 1 and fits[1][1] == fits[0][1]):
        return None
    return fits[0][0]


def _as_read(raw: Raw | None) -> date | None:
    options = _options(raw.text) if raw else []
    return options[0][0] if options and options[0][1] == 0 else None


def _book_year(entry: Entry) -> int | None:
    raw = entry.raw.get("book_number")
    found = _YEAR.search(raw.text) if raw else None
    return int(found.group()) if found else None


def _take(entry: Entry, key: str, when: date, why: str) -> None:
    read = entry.raw[key].text
    entry.raw[key] = Raw(when.strftime("%d/%m/%Y"), 0.3)
    entry.reasons.append(f"{key}: read {read!r}; {when:%d/%m/%Y} {why}")


def _in_book(when: date, year: int | None, low: date = date.min, high: date = date.max
             ) -> bool:
    return (year is None or when.year == year) and low <= when <= high


def _registration_dates(entries: list[Entry]) -> None:
    """A registration date not read as a date of the book's year: the cheapest reading
    that is one, between its neighbours' dates if one is (order is a preference only: a
    date read whole in the book's year is never changed for it)."""
    read = [_as_read(e.raw.get("registration_date")) for e in entries]
    for i, entry in enumerate(entries):
        year = _book_year(entry)
        sound = [d if d and (year is None or d.year == year) else None for d in read]
        raw = entry.raw.get("registration_date")
        if raw is None or sound[i] is not None:
            continue
        low = max((d for d in sound[:i] if d), default=date.min)
        high = min((d for d in sound[i + 1:] if d), default=date.max)
        when = (_choose(raw.text, partial(_in_book, year=year, low=low, high=high))
                or _choose(raw.text, partial(_in_book, year=year)))
        if when is not None and when != read[i]:
            _take(entry, "registration_date", when, "fits the book's year and the entries "
                                                    "around it")


def _born_before(when: date, latest: date, within: int = 120 * 366) -> bool:
    return when <= latest and (latest - when).days <= within


def _birth_dates(entries: list[Entry]) -> None:
    """Each date of birth at most 120 years before its registration, and not after it
    (nor after the death it precedes, in a death book). In a birth book a birth is
    registered within 60 days (Law on Civil Status, art. 15), so between two readings
    as cheap the one within a year of the registration is preferred."""
    for entry in entries:
        raw, registered = entry.raw.get("date_of_birth"), _as_read(entry.raw.get("registration_date"))
        if raw is None or registered is None:
            continue
        death = "death_datetime" in entry.raw or "deceased_full_name" in entry.raw
        died = _as_read(Raw(_date_part(entry.raw["death_datetime"].text), 1.0)
                        ) if "death_datetime" in entry.raw else None
        latest = min(registered, died or registered)
        read = _as_read(raw)
        if read is not None and _born_before(read, latest):
            continue
        when = ((None if death else _choose(raw.text, partial(_born_before, latest=latest,
                                                               within=366)))
                or _choose(raw.text, partial(_born_before, latest=latest)))
        if when is not None and when != read:
            _take(entry, "date_of_birth", when, "is the reading that comes before the "
                                                "registration")


def _date_part(text: str) -> str:
    found = re.search(r"\d+\D{1,3}\d+\D{1,3}\d{4,5}\s*$", text)
    return found.group() if found else ""


def fit_dates(entries: list[Entry]) -> None:
    """Registration dates, then dates of birth, of a page's entries (in page order)."""
    _registration_dates(entries)
    _birth_dates(entries)
