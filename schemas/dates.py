"""Dates as civil-status forms print them: digits (``05/3/2020``) and words.

The words grammar accepts the variants of the domain reference: mùng/mồng, lẻ/linh,
nghìn/ngàn, with or without "không trăm", mốt/một, tư/bốn, lăm/năm/nhăm,
mười/một mươi, giêng/chạp, optional commas, any case.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from itertools import product

from ocr.text import fold_lower

# Lookarounds: "02/01/20224" (a leader dot read as a digit) is no date, not 2022.
_DIGITS = re.compile(r"(?<!\d)(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})(?!\d)")
_UNITS = {"khong": 0, "mot": 1, "hai": 2, "ba": 3, "bon": 4, "tu": 4, "nam": 5, "lam": 5,
          "nham": 5, "sau": 6, "bay": 7, "tam": 8, "chin": 9}
_WORDS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]


# A date read with OCR slips, taken back: the dates it may have been printed as, with
# the fewest slips (a digit too many, or one changed, the usual confusions 1/4, 0/9, 0/6,
# 0/8, 1/7, 3/8, 5/6, 6/8 cheaper, a 4 before a 1 cheapest: a typewriter 1's flag).
# digits tesseract takes for each other in print
LIKELY_SLIPS = {frozenset(p) for p in ("14", "09", "06", "08", "17", "38", "56", "68")}
DROP, LIKELY, OTHER = 0.5, 0.5, 1.0  # what each slip costs
FLAG = 0.25  # a typewriter 1's flag read as a 4 before it: "416" for 16, "4141" for 11
GROUP_COST, DATE_COST = 1.0, 2.0  # the most a part / a whole date may cost


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


def slip_options(text: str) -> list[tuple[date, float]]:
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


def year_slip(group: str, latest: int) -> str | None:
    """The one cheapest year from 1850 to ``latest`` that the digits ``group`` (read as
    no such year: "2613", "2063") may have been printed as, else None."""
    fits = sorted((cost, y) for y, cost in _spellings(group, (4,)).items()
                  if 1850 <= int(y) <= latest)
    if not fits or (len(fits) > 1 and fits[1][0] == fits[0][0]):
        return None
    return fits[0][1]


def year_slips(group: str, latest: int) -> set[str]:
    """Every year from 1850 to ``latest`` that ``group`` may be a misreading of at the
    least cost (several when they tie: ``2962``, 1962 or 2002)."""
    fits = {y: c for y, c in _spellings(group, (4,)).items() if 1850 <= int(y) <= latest}
    return {y for y, c in fits.items() if c == min(fits.values())} if fits else set()


def choose_slip(text: str, ok: Callable[[date], bool]) -> date | None:
    """The one cheapest date ``text`` may be that ``ok`` accepts, else None."""
    fits = [(when, cost) for when, cost in slip_options(text) if ok(when)]
    if not fits or (len(fits) > 1 and fits[1][1] == fits[0][1]):
        return None
    return fits[0][0]



def parse_digits(text: str) -> date | None:
    """First ``dd/mm/yyyy`` in the text, or None when absent or not a real date."""
    m = _DIGITS.search(text)
    if not m:
        return None
    day, month, year = (int(g) for g in m.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_number_words(tokens: list[str]) -> int | None:
    """Folded, lower-case number words to an int: ['hai', 'muoi', 'mot'] -> 21."""
    total = chunk = 0
    pending: int | None = None
    seen = False
    for tok in tokens:
        if tok in _UNITS:
            if pending is not None:
                return None
            pending = _UNITS[tok]
        elif tok == "muoi":
            chunk += (1 if pending is None else pending) * 10
            pending = None
        elif tok == "tram":
            chunk += (pending or 0) * 100
            pending = None
        elif tok in ("nghin", "ngan"):
            total += (chunk + (pending or 0)) * 1000
            chunk, pending = 0, None
        elif tok in ("le", "linh"):
            continue
        else:
            return None
        seen = True
    return total + chunk + (pending or 0) if seen else None


def parse_words(text: str) -> date | None:
    """``Ngày năm, tháng ba, năm hai nghìn không trăm mười chín`` -> 2019-03-05."""
    toks = re.findall(r"[a-z]+", fold_lower(text))
    try:
        d_at = toks.index("ngay")
        m_at = toks.index("thang", d_at + 1)
    except ValueError:
        return None
    # The year keyword "năm" is the one right before the thousands digit of the year.
    thousands = next((i for i in range(m_at + 1, len(toks)) if toks[i] in ("nghin", "ngan")), None)
    if thousands is None or thousands < m_at + 4 or toks[thousands - 2] != "nam":
        return None
    day_toks = [t for t in toks[d_at + 1:m_at] if t not in ("mung", "mong")]
    month_toks = toks[m_at + 1:thousands - 2]
    month = {"gieng": 1, "chap": 12}.get(" ".join(month_toks)) or parse_number_words(month_toks)
    day = parse_number_words(day_toks)
    year = parse_number_words(toks[thousands - 1:])
    if day is None or month is None or year is None:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def number_words(n: int) -> str:
    """0..9999 in the words a registry officer writes (``2019`` -> hai nghìn không trăm mười chín)."""
    if n < 10:
        return _WORDS[n]
    if n < 100:
        tens, unit = divmod(n, 10)
        head = "mười" if tens == 1 else f"{_WORDS[tens]} mươi"
        if unit == 0:
            return head
        tail = {1: "mốt" if tens > 1 else "một", 4: "tư" if tens > 1 else "bốn", 5: "lăm"}
        return f"{head} {tail.get(unit, _WORDS[unit])}"
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        head = f"{_WORDS[hundreds]} trăm"
        if rest == 0:
            return head
        return f"{head} lẻ {_WORDS[rest]}" if rest < 10 else f"{head} {number_words(rest)}"
    thousands, rest = divmod(n, 1000)
    head = f"{_WORDS[thousands]} nghìn"
    if rest == 0:
        return head
    if rest < 100:
        return f"{head} không trăm {'lẻ ' + _WORDS[rest] if rest < 10 else number_words(rest)}"
    return f"{head} {number_words(rest)}"


# Every word the words form uses, by folded form; ambiguous ones resolved in context.
_VOCABULARY = {fold_lower(w): w for w in [
    "ngày", "tháng", "không", "hai", "ba", "bốn", "tư", "sáu", "bảy", "tám", "chín", "trăm",
    "nghìn", "ngàn", "lẻ", "linh", "lăm", "nhăm", "giêng", "chạp", "mùng", "mồng", "năm"]}


def correct_words(text: str) -> str:
    """Restore marks OCR lost or changed on the words of a date ("trắm" -> "trăm",
    "từ" -> "tư"), keeping the writer's own variants (mùng/mồng, lẻ/linh, nghìn/ngàn).
    mười/mươi and một/mốt fold alike and are told apart by position."""
    out, previous = [], ""
    for word in re.split(r"(\W+)", text):
        folded = fold_lower(word)
        if folded == "muoi" and word.lower() not in ("mười", "mươi"):
            fixed = "mươi" if previous in _UNITS and previous not in ("khong",) else "mười"
        elif folded == "mot" and word.lower() not in ("một", "mốt"):
            fixed = "mốt" if previous == "muoi" else "một"
        elif folded in _VOCABULARY and word.lower() != _VOCABULARY[folded] and folded not in (
                "mung", "mong"):
            fixed = _VOCABULARY[folded]
        else:
            fixed = word
        out.append(fixed.capitalize() if word[:1].isupper() else fixed)
        if folded.strip(" ,.;:-"):  # a word, not the separator between words
            previous = folded
    return "".join(out)


def date_words(d: date) -> str:
    month = "tư" if d.month == 4 else number_words(d.month)
    return f"Ngày {number_words(d.day)}, tháng {month}, năm {number_words(d.year)}"
