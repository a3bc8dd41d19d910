"""Dates as civil-status forms print them: digits (``05/3/2020``) and words.

The words grammar accepts the variants of the domain reference: mùng/mồng, lẻ/linh,
nghìn/ngàn, with or without "không trăm", mốt/một, tư/bốn, lăm/năm/nhăm,
mười/một mươi, giêng/chạp, optional commas, any case.
"""

from __future__ import annotations

import re
from datetime import date

from ocr.text import fold_lower

# Lookarounds: "02/01/20224" (a leader dot read as a digit) is no date, not 2022.
_DIGITS = re.compile(r"(?<!\d)(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})(?!\d)")
_UNITS = {"khong": 0, "mot": 1, "hai": 2, "ba": 3, "bon": 4, "tu": 4, "nam": 5, "lam": 5,
          "nham": 5, "sau": 6, "bay": 7, "tam": 8, "chin": 9}
_WORDS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]


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
