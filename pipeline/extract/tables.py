"""Ruled register tables: one record per numbered row, columns named by their headers.

The grid is cleanup's (``ocr.tables``); a two-page spread has one grid per page
(``OcrPage.tables``), read left page first, its entries numbered on across the spread.
In each grid the leading rows without digits are the header (their cells' words, wrapped
over lines and rows, name the columns: ``pipeline.extract.columns``); a row of bare column
numbers under it is skipped. Every further row is an entry, unless it has neither a
number nor a date: then it continues the entry above (a long place of birth ruled over
two rows). A cell of several lines is one value, lines in reading order. Words under the
table (a page number) are in no cell and make no entry.
"""

from __future__ import annotations

import re
from functools import partial

from ocr.models import Grid, OcrPage, Word
from ocr.text import fold_lower
from pipeline.extract.anchor import Raw
from pipeline.extract.columns import PARENTS, column_keys
from pipeline.extract.entries import Entry, book_header, note_reasons, with_headers
from schemas.records import FIELDS, RecordType

Cells = dict[tuple[int, int], list[Word]]
_DATE = re.compile(r"\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{2,4}")
_COLUMN_NUMBERS = re.compile(r"^[\s()\d.]*$")
# digits that stand apart from letters: a number or a date, not an i read 1 in a header
# word ("G1ới tính", "Gh1 chú")
_NUMBER = re.compile(r"(?<![^\W\d_])\d+(?![^\W\d_])")


def cells_of(page: OcrPage, grid: Grid) -> Cells:
    """Each cell's words (by their box centre)."""
    cells: Cells = {}
    for w in page.words:
        r, c = grid.row(w.box.center_y), grid.column(w.box.left + w.box.width / 2)
        if r is not None and c is not None:
            cells.setdefault((r, c), []).append(w)
    return cells


def reading_order(words: list[Word]) -> list[Word]:
    """Words of a cell by visual line, then left to right."""
    lines: list[list[Word]] = []
    for w in sorted(words, key=lambda w: (w.box.center_y, w.box.left)):
        if lines and abs(lines[-1][-1].box.center_y - w.box.center_y) < w.box.height * 0.6:
            lines[-1].append(w)
        else:
            lines.append([w])
    return [w for line in lines for w in sorted(line, key=lambda x: x.box.left)]


def _text(words: list[Word]) -> str:
    return " ".join(w.text for w in words)


def _row_text(cells: Cells, r: int, columns: int) -> list[str]:
    return [_text(reading_order(cells.get((r, c), []))) for c in range(columns)]


def header_rows(cells: Cells, grid: Grid) -> tuple[dict[int, list[str]], int]:
    """The header texts of each column, a row's wrapped lines joined (top row first), and
    the first entry row: the first row with a number, other than a row of column numbers
    (a digit inside a word is a letter misread: "G1ới tính")."""
    columns, rows = len(grid.xs) - 1, len(grid.ys) - 1
    headers: dict[int, list[str]] = {}
    for r in range(rows):
        texts = _row_text(cells, r, columns)
        if not any(texts):
            continue
        if any(_NUMBER.search(re.sub(r"\(\s*\d+\s*\)", "", t)) for t in texts):
            if not all(_COLUMN_NUMBERS.match(t) for t in texts):
                return headers, r
            continue  # "1 2 3 ...": the columns' numbers under their names
        for c, t in enumerate(texts):
            if t:
                headers.setdefault(c, []).append(t)
    return headers, rows


def headers_above(page: OcrPage, grid: Grid) -> dict[int, list[str]]:
    """Column headers printed above the top rule (a table ruled only under its header):
    the words within three lines over the grid, by column."""
    columns: dict[int, list[Word]] = {}
    for w in page.words:
        c = grid.column(w.box.left + w.box.width / 2)
        if c is not None and grid.ys[0] - 160 <= w.box.center_y < grid.ys[0]:
            columns.setdefault(c, []).append(w)
    return {c: [_text(reading_order(ws))] for c, ws in columns.items()}


def header_band(page: OcrPage, region: tuple[int, int, int, int]
                ) -> tuple[int, int, int, int] | None:
    """Where the column titles of the table an entry's ``region`` (a row band, as
    ``grid_entries`` gives it) lies in are printed: (left, top, right, bottom) px on the
    page, across the table: its header rows down to the first entry row (with a row of
    column numbers), or the lines just above its top rule when it is ruled only under
    them. None when ``region`` is no row of the page's tables or they have no header."""
    left, top, right, _ = region
    for grid in map(partial(open_last_row, page), page.tables):
        if (grid.xs[0], grid.xs[-1]) != (left, right) or not grid.ys[0] <= top < grid.ys[-1]:
            continue
        headers, first = header_rows(cells_of(page, grid), grid)
        if headers and first > 0 and grid.ys[first] <= top:
            return left, grid.ys[0], right, grid.ys[first]
        if not headers and headers_above(page, grid):
            return left, max(0, grid.ys[0] - 160), right, grid.ys[0]
    return None


def entry_rows(cells: Cells, grid: Grid, first: int, keys: dict[int, str]) -> list[list[int]]:
    """Grid rows grouped by entry: a row with no number and no date continues the one
    above (an unread number still leaves the entry its dates)."""
    number = next((c for c, k in keys.items() if k == "registration_number"), None)
    groups: list[list[int]] = []
    for r in range(first, len(grid.ys) - 1):
        texts = _row_text(cells, r, len(grid.xs) - 1)
        if not any(texts):
            continue
        numbered = number is None or re.search(r"\d", texts[number])
        dated = any(_DATE.search(t) for t in texts)
        if groups and not numbered and not dated:
            groups[-1].append(r)
        else:
            groups.append([r])
    return groups


_MARK = re.compile(r"^(cha|me|mc)\s*([:;.,]|$)\s*(.*)$")  # folded "Cha:", "Mẹ:" (misread)
_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)")
_DIGIT_RUN = re.compile(r"(?<!\d)\d{4,5}(?!\d)")
# where the year's words start after the name: a comma or a bracket (a name has neither),
# "- sinh năm", "SN" (an upper-case NĂM is a name's syllable, not "năm"); or the year itself
_NAME_END = re.compile(r"\s*(?:[,;(]|\s[-–]\s|\s(?:[Ss]inh|SN|sn|NS)\b|\s(?=\d))")


def _raw(words: list[Word]) -> Raw | None:
    text = _text(words).strip()
    return Raw(text, min(w.confidence for w in words)) if text else None


def _year(tail: str, confidence: float) -> Raw | None:
    """The birth year in what follows a parent's name. Four digits whose first was misread
    (``4977``: the second says 19.. or 20..), or five that hold one year with a digit
    struck out (``41961``: a typewriter 1 read 41), give that year at low confidence."""
    found = _YEAR.search(tail)
    if found:
        return Raw(found.group(), confidence)
    guesses = set()
    for run in _DIGIT_RUN.findall(tail):
        if len(run) == 4 and run[1] in "089":
            guesses.add(("2" if run[1] == "0" else "1") + run[1:])
        elif len(run) == 5:
            guesses |= {c for i in range(5) if _YEAR.fullmatch(c := run[:i] + run[i + 1:])}
    return Raw(guesses.pop(), min(confidence, 0.3)) if len(guesses) == 1 else None


def _parent(words: list[Word]) -> tuple[Raw | None, Raw | None]:
    """(name, birth year) of one parent's words: "NAME (1970)", "NAME, sinh năm 1970"; the
    name ends where the year's words start, however they were read ("NAME, S1]H nam")."""
    if not words:
        return None, None
    text = _text(words)
    confidence = min(w.confidence for w in words)
    end = _NAME_END.search(text)
    name, tail = (text[:end.start()], text[end.start():]) if end else (text, "")
    name = name.strip(" ,;:-(")
    return (Raw(name, confidence) if name else None), _year(tail, confidence)


def split_parents(words: list[Word]) -> dict[str, Raw]:
    """"Cha: NAME (1970) Mẹ: NAME (1972)" in one cell -> father_/mother_ full_name and
    birth_year (when printed). A marker may be glued to the name ("Cha:NGUYỄN")."""
    parts: dict[str, list[Word]] = {}
    who: str | None = None
    for w in words:
        m = _MARK.match(fold_lower(w.text))
        if m:
            who = "father_" if m.group(1) == "cha" else "mother_"
            rest = w.text[len(w.text) - len(m.group(3)):] if m.group(3) else ""
            parts[who] = [Word(rest, w.confidence, w.box)] if rest else []
        else:
            # before any marker: the father's, if the first marker found is the mother's
            # (his "Cha:" misread)
            parts.setdefault(who or "before", []).append(w)
    before = parts.pop("before", [])
    if before and len(before[0].text) <= 5 and before[0].text.endswith(":"):
        before = before[1:]  # the misread marker itself
    if before and next(iter(parts), None) == "mother_":
        parts = {"father_": before, **parts}
    raw: dict[str, Raw] = {}
    for who, part in parts.items():
        name, year = _parent(part)
        if name is not None:
            raw[f"{who}full_name"] = name
        if year is not None:
            raw[f"{who}birth_year"] = year
    return raw


def grid_entries(page: OcrPage, grid: Grid, kind: RecordType) -> list[Entry]:
    """The entries of one ruled grid, with raw values per column key."""
    cells = cells_of(page, grid)
    headers, first = header_rows(cells, grid)
    keys = column_keys(headers or headers_above(page, grid), kind)
    fields = set(FIELDS[kind])
    entries = []
    for rows in entry_rows(cells, grid, first, keys):
        raw: dict[str, Raw] = {}
        for c, key in keys.items():
            words = [w for r in rows for w in reading_order(cells.get((r, c), []))]
            if key == PARENTS:
                raw |= {k: v for k, v in split_parents(words).items() if k in fields}
            elif words and (value := _raw(words)) is not None:
                raw[key] = value
        if raw:
            region = (grid.xs[0], grid.ys[rows[0]], grid.xs[-1], grid.ys[rows[-1] + 1])
            note = raw.get("notes")
            entries.append(Entry(raw, region, note_reasons(note.text if note else None)))
    return entries


def open_last_row(page: OcrPage, grid: Grid) -> Grid:
    """``grid`` with one more row down to the page's foot when its last row has no bottom
    rule (the page cut under it, the rule faded): the first line of words under the last
    rule fills three columns or more and starts, at the table's first or second column,
    with a number (an entry's number or date; a page number under the table is one word
    in one column, the signers' titles under it have no number)."""
    below = sorted((w for w in page.words if w.box.center_y > grid.ys[-1]
                    and grid.column(w.box.left + w.box.width / 2) is not None),
                   key=lambda w: w.box.center_y)
    if not below:
        return grid
    first = [w for w in below if abs(w.box.center_y - below[0].box.center_y)
             < below[0].box.height * 0.6]
    columns = {grid.column(w.box.left + w.box.width / 2) for w in first}
    lead = [w for w in first if grid.column(w.box.left + w.box.width / 2) == min(columns)]
    if len(columns) < 3 or min(columns) > 1 or not any(_NUMBER.search(w.text) for w in lead):
        return grid
    return Grid(grid.xs, (*grid.ys, page.height))


def read_tables(page: OcrPage, kind: RecordType) -> list[Entry]:
    """Every ruled grid of the page (both pages of a spread, left first), its entries
    numbered on, the page header's book number and registry in each, their numbers
    checked for gaps."""
    if not page.tables or kind not in FIELDS:
        return []
    grids = [open_last_row(page, g) for g in page.tables]
    return with_headers([(_header(page, g, kind), grid_entries(page, g, kind)) for g in grids])


def _header(page: OcrPage, grid: Grid, kind: RecordType) -> dict[str, Raw]:
    """Book number and registry from the lines above ``grid`` on its own page (a spread's
    right page may have none: then the left page's serve)."""
    side = None if page.gutter is None else grid.xs[0] >= page.gutter
    lines = [ln for ln in page.lines if ln.words[0].box.bottom < grid.ys[0]
             and (side is None or (ln.words[0].box.left >= page.gutter) == side)]
    return book_header(lines, kind)
