"""A register page's dates checked against each other, and a misread one taken back.

A book is kept for one year ("Quyển số: 03/1998"), its entries are registered in order,
and a person is born before being registered. So on a register page a registration date
has the book's year and lies between its neighbours' dates (only a preference: a date
read whole in the book's year stands), and a date of birth (or of death) is not after its entry's
registration. A date read against these (a year ``2060`` in a 2000
book, a day ``416``: a typewriter 1 read 41) is replaced by the one date that keeps them
with the fewest OCR slips (a digit too many, or one changed, the usual confusions 1/4,
0/9, 0/6, 0/8, 1/7, 3/8, 5/6, 6/8 cheaper, a 4 before a 1 cheapest: a typewriter 1's flag),
when exactly one date is cheapest; it is then taken at confidence 0.3 with a review
reason naming the reading.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from datetime import date
from functools import partial
from typing import TYPE_CHECKING

from pipeline.extract.anchor import Raw
from schemas.dates import LIKELY_SLIPS, choose_slip, slip_options, year_slip, year_slips

if TYPE_CHECKING:
    from pipeline.extract.entries import Entry

_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def _as_read(raw: Raw | None) -> date | None:
    options = slip_options(raw.text) if raw else []
    return options[0][0] if options and options[0][1] == 0 else None


_BOOK = re.compile(r"^(\D*)(\d{1,2})(\D+)(\d{4})(\D*)$")  # "Quyển số: 03/1998"


def _book_year(entry: Entry) -> int | None:
    raw = entry.raw.get("book_number")
    found = _BOOK.match(raw.text.strip()) if raw else None
    return int(found.group(4)) if found else None


def _slipped(digits: str, ok: Callable[[str], bool]) -> str | None:
    """The one string ``ok`` accepts that ``digits`` is one usual digit confusion from."""
    options = {digits[:i] + d + digits[i + 1:] for i, c in enumerate(digits)
               for d in "0123456789" if frozenset(c + d) in LIKELY_SLIPS}
    fits = [o for o in options if ok(o)]
    return fits[0] if len(fits) == 1 else None


def _sound_books(entries: list[Entry]) -> None:
    """A book number read with a year still to come or before 1850 (``02/2064``,
    ``01/2808``: the page's dates misread alike, so they cannot outvote it) takes the one
    cheapest past year it may be a misreading of (``schemas.dates.year_slip``, the rule
    ``schemas.normalize.book_number`` applies to every book number), or, among several as
    cheap (``2962``: 1962, 2002), the page's registration year (``_page_year``, its
    dates' years taken back alike: ``2092``: 2002); a book's number in
    its year read ``61`` or ``92`` (a registry fills a few books a year) takes ``01``,
    ``02``. Both at confidence 0.3 with a reason."""
    pages = _page_year(entries)
    for entry in entries:
        raw = entry.raw.get("book_number")
        found = _BOOK.match(raw.text.strip()) if raw else None
        if found is None:
            continue
        lead, number, mark, year, tail = found.groups()
        if not 1850 <= int(year) <= date.today().year:
            year = year_slip(year, date.today().year) or (
                pages if pages in year_slips(year, date.today().year) else year)
        if len(number) == 2 and int(number) >= 60:
            number = _slipped(number, lambda n: n[0] == "0" and n != "00") or number
        fixed = f"{lead}{number}{mark}{year}{tail}"
        if fixed != raw.text.strip():
            entry.raw["book_number"] = Raw(fixed, 0.3)
            entry.reasons.append(f"book_number: read {raw.text!r}; {fixed} is one usual digit "
                                 "slip from it and a book of a past year, numbered low")


_LAST_YEAR = re.compile(r"(\d{4})\s*$")


def _page_year(entries: list[Entry]) -> str | None:
    """The year most registration dates of the page hold (two at least, more than half),
    each year as read if past, else its one cheapest past reading (``29/03/2092``: 2002)."""
    today = date.today().year
    years: Counter[str | None] = Counter()
    for entry in entries:
        raw = entry.raw.get("registration_date")
        found = _LAST_YEAR.search(raw.text) if raw else None
        if found:
            read = found.group(1)
            years[read if 1850 <= int(read) <= today else year_slip(read, today)] += 1
    years.pop(None, None)
    best = years.most_common(1)
    return best[0][0] if best and best[0][1] >= 2 and best[0][1] * 2 > years.total() else None


def _book_years(entries: list[Entry], read: list[date | None]) -> None:
    """A book number whose year is not the year most registration dates of the page are
    read whole in (two at least, more than half of them) takes that year (its own
    misread: ``2063`` over dates of 2003), at confidence 0.3 with a reason; not when that
    year is the book's with its 0s read 6 or 9 (``_typewriter_zeros``)."""
    years = Counter(d.year for d in read if d and d <= date.today()).most_common(1)
    if not years or years[0][1] < 2 or years[0][1] * 2 <= sum(d is not None for d in read):
        return
    year = years[0][0]
    for entry in entries:
        raw, book = entry.raw.get("book_number"), _book_year(entry)
        if raw is None or book is None or book == year or _typewriter_zeros(book, year):
            continue
        fixed = _YEAR.sub(str(year), raw.text, count=1)
        entry.raw["book_number"] = Raw(fixed, 0.3)
        entry.reasons.append(f"book_number: read {raw.text!r}; the year {year} of the page's "
                             "registration dates")


def _typewriter_zeros(book: int, year: int) -> bool:
    """Whether the dates' ``year`` is the ``book``'s with 0s read 6 or 9 (2000 typed in the
    rows, read 2006): the typewriter's zero misread in every row, not the printed header
    misread (a 6 or 9 is not read 0), so the book's year stands and the dates are taken
    back to it."""
    pairs = list(zip(str(book), str(year), strict=True))
    return any(a != b for a, b in pairs) and all(a == b or (a == "0" and b in "69")
                                                  for a, b in pairs)


def _take(entry: Entry, key: str, when: date, why: str) -> None:
    read = entry.raw[key].text
    entry.raw[key] = Raw(when.strftime("%d/%m/%Y"), 0.3)
    entry.reasons.append(f"{key}: read {read!r}; {when:%d/%m/%Y} {why}")


def _in_book(when: date, year: int | None, low: date = date.min, high: date = date.max
             ) -> bool:
    return (year is None or when.year == year) and low <= when <= min(high, date.today())


def _registration_dates(entries: list[Entry]) -> None:
    """A registration date not read as a date of the book's year: the cheapest reading
    that is one, between its neighbours' dates if one is (order is a preference only: a
    date read whole in the book's year is never changed for it)."""
    read = [_as_read(e.raw.get("registration_date")) for e in entries]
    _book_years(entries, read)
    _sound_books(entries)
    for i, entry in enumerate(entries):
        year = _book_year(entry)
        sound = [d if d and (year is None or d.year == year) else None for d in read]
        raw = entry.raw.get("registration_date")
        if raw is None or sound[i] is not None:
            continue
        low = max((d for d in sound[:i] if d), default=date.min)
        high = min((d for d in sound[i + 1:] if d), default=date.max)
        when = (choose_slip(raw.text, partial(_in_book, year=year, low=low, high=high))
                or choose_slip(raw.text, partial(_in_book, year=year)))
        if when is not None and when != read[i]:
            _take(entry, "registration_date", when, "fits the book's year and the entries "
                                                    "around it")


def _out_of_order(dates: list[date | None]) -> list[int]:
    """Which of a table's registration dates (read whole; None: not) break the order
    entries are registered in while their neighbours keep it: later than the next one and
    the one before it no later than that next one (``12/05`` between ``16/03`` and
    ``21/03``), or the first or last date out of order with two in order beside it."""
    known = [(i, d) for i, d in enumerate(dates) if d is not None]
    out = []
    for k, (i, d) in enumerate(known):
        before = known[k - 1][1] if k > 0 else None
        after = known[k + 1][1] if k + 1 < len(known) else None
        if before and after:
            wrong = before <= after and not before <= d <= after
        elif after:  # the first: the next two in order, this one after them
            wrong = k + 2 < len(known) and after <= known[k + 2][1] and d > after
        elif before:
            wrong = k >= 2 and known[k - 2][1] <= before and d < before
        else:
            wrong = False
        if wrong:
            out.append(i)
    return out


def _flag_order(entries: list[Entry]) -> None:
    """A registration date read whole in the book's year but out of the order entries
    are registered in (``_out_of_order``: ``10/05/2002`` over ``16/03/2002``, a 3 read 5)
    is kept, with a reason and under the review threshold: which digit slipped cannot
    be told. Each table (a spread's page) is taken apart: its entries share their region's
    left and right."""
    tables: dict[tuple[int, int], list[Entry]] = {}
    for entry in entries:
        tables.setdefault((entry.region[0], entry.region[2]), []).append(entry)
    for table in tables.values():
        read = [_as_read(e.raw.get("registration_date")) for e in table]
        for i in _out_of_order(read):
            raw = table[i].raw["registration_date"]
            table[i].raw["registration_date"] = Raw(raw.text, min(raw.confidence, 0.5))
            table[i].reasons.append(f"registration_date: {raw.text!r} is out of the order "
                                    "of the dates registered around it")


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
        when = ((None if death else choose_slip(raw.text, partial(_born_before, latest=latest,
                                                               within=366)))
                or choose_slip(raw.text, partial(_born_before, latest=latest)))
        if when is not None and when != read:
            _take(entry, "date_of_birth", when, "is the reading that comes before the "
                                                "registration")


def _registered_after(when: date, registered: date, within: int) -> bool:
    return when <= registered and (registered - when).days <= within


def _death_dates(entries: list[Entry]) -> None:
    """Each date of death not after its entry's registration and at most 120 years before
    it; between two readings as cheap (``28/05/2966``: 2006 or 1966 in a 2006 book) the
    one within a year of the registration is preferred (a death is registered within 15
    days, Law on Civil Status, art. 33; late ones are few). The time read stays."""
    for entry in entries:
        raw, registered = entry.raw.get("death_datetime"), _as_read(entry.raw.get("registration_date"))
        part = _date_part(raw.text) if raw else ""
        if not part or registered is None:
            continue
        read = _as_read(Raw(part, 1.0))
        if read is not None and _registered_after(read, registered, 120 * 366):
            continue
        when = (choose_slip(part, partial(_registered_after, registered=registered, within=366))
                or choose_slip(part, partial(_registered_after, registered=registered,
                                             within=120 * 366)))
        if when is not None and when != read:
            time = raw.text[:len(raw.text.rstrip()) - len(part.rstrip())]
            if _zero_slipped(part, f"{when:%d/%m/%Y}"):
                time = _TYPEWRITER_ZERO.sub("00", time)
            entry.raw["death_datetime"] = Raw(time + f"{when:%d/%m/%Y}", 0.3)
            entry.reasons.append(f"death_datetime: read {raw.text!r}; {when:%d/%m/%Y} is the "
                                 "reading that comes before the registration")


# an hour or minute "06" or "09": its second 0 read as the first was not
_TYPEWRITER_ZERO = re.compile(r"(?<!\d)0[69](?!\d)")


def _zero_slipped(read: str, taken: str) -> bool:
    """Whether the date ``taken`` back puts a 0 where ``read`` has a 6 or a 9: the
    typewriter's zero read so in this value (``10/67/2003``, ``24/05/2911``), so its time's
    ``06`` or ``09`` (``17 giờ 06 phút``) is that zero misread too: 00 (dev seeds 51, 59:
    3 of 3 such times were printed 00)."""
    a, b = re.sub(r"\D", "", read), re.sub(r"\D", "", taken)
    return len(a) == len(b) and any(x in "69" and y == "0" for x, y in zip(a, b, strict=True))


def _date_part(text: str) -> str:
    found = re.search(r"\d+\D{1,3}\d+\D{1,3}\d{4,5}\s*$", text)
    return found.group() if found else ""


def fit_dates(entries: list[Entry]) -> None:
    """Registration dates (taken back, then those still out of order flagged), then dates
    of death and of birth, of a page's entries (in page order)."""
    _registration_dates(entries)
    _flag_order(entries)
    _death_dates(entries)
    _birth_dates(entries)
