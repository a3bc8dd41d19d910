"""Printed labels of each form, and finding them on an OCR line despite OCR errors.

Labels are matched on folded text (no diacritics, lower case, flexible punctuation), so
an OCR error in a label's accents still anchors. Spec syntax, per (label words, key):
``^`` anchors the label at the line start; a trailing ``:`` requires a colon after it (for
labels that also occur in titles); ``@who:key`` sets the section (child, mother, father,
declarant) and ``{who}`` in a key takes it; ``a|b`` is a generic label's context rule
(``eras.py``). Longer labels first: their words are taken, so
"năm sinh" inside "ngày, tháng, năm sinh" is not read twice.
"""

from __future__ import annotations

import re

from rapidfuzz.distance import OSA

from pipeline.extract import eras

Labels = eras.Labels

# Each kind's vocabulary holds the wordings of every era's template (``eras.py``).
BIRTH, DEATH, MARITAL_STATUS = eras.BIRTH, eras.DEATH, eras.MARITAL_STATUS
SPOUSE, MARRIAGE, MARRIAGE_REGISTER = eras.SPOUSE, eras.MARRIAGE, eras.MARRIAGE_REGISTER
DECISION: Labels = [("noi nhan", "recipients"), ("^so", "document_number")]

# Column headers of ruled register tables (folded), per book type.
TABLE_HEADERS: dict[str, dict[str, str]] = {
    "birth": {"so": "registration_number", "ngay dang ky": "registration_date",
              "ho chu dem ten": "full_name", "ho va ten": "full_name", "ngay sinh": "date_of_birth",
              "gioi tinh": "sex", "dan toc": "ethnicity", "quoc tich": "nationality",
              "noi sinh": "place_of_birth", "que quan": "hometown", "ho ten me": "mother_full_name",
              "ho ten cha": "father_full_name", "nguoi di khai": "declarant_full_name",
              "ghi chu": "_note"},
    "death": {"so": "registration_number", "ngay dang ky": "registration_date",
              "ho chu dem ten nguoi chet": "deceased_full_name",
              "ho ten nguoi chet": "deceased_full_name", "ngay sinh": "date_of_birth",
              "gioi tinh": "sex", "dan toc": "ethnicity", "quoc tich": "nationality",
              "ngay chet": "death_datetime", "noi chet": "place_of_death",
              "nguyen nhan chet": "cause_of_death", "nguoi di khai": "declarant_full_name",
              "ghi chu": "_note"},
    "marriage": {"so": "registration_number", "ngay dang ky": "registration_date",
                 "ho ten chong": "husband_full_name", "ngay sinh chong": "husband_date_of_birth",
                 "noi cu tru chong": "husband_residence", "ho ten vo": "wife_full_name",
                 "ngay sinh vo": "wife_date_of_birth", "noi cu tru vo": "wife_residence",
                 "ghi chu": "_note"},
}

# Letters and digits apart: a label read run into its value ("Số229", its colon lost) is
# the label, then the value.
_TOKEN = re.compile(r"[a-z]+|[0-9]+")
# Labels the templates print without a colon (TT 04/2020 and TT 15/2015's marital-status
# paper: "Trong thời gian cư trú tại xã ..."), at least five words long.
NO_COLON = {"trong thoi gian cu tru tai"}


def _close(token: str, word: str) -> bool:
    """A label word read by OCR: exact, or one edit away from 3 letters ("daan", "tac")."""
    return token == word or (len(word) >= 3 and OSA.distance(token, word, score_cutoff=1) <= 1)


def _one_short_slip(run: list[str], words: list[str]) -> bool:
    """A long label (four words or more) with one two-letter word one OCR edit off ("người
    ãi khai sinh" for "người đi khai sinh"), the others close: its length and its colon
    (required of any misread label) make it that label."""
    if len(words) < 4:
        return False
    off = [(t, w) for t, w in zip(run, words, strict=True) if not _close(t, w)]
    return len(off) == 1 and len(off[0][1]) == 2 and OSA.distance(*off[0]) <= 1


_SLASH_READ = "il1"  # how tesseract reads the slash of "thường trú/tạm trú" glued between


def _label_words(labels: Labels) -> frozenset[str]:
    return frozenset(w for spec, _ in labels for w in _TOKEN.findall(spec))


def _slash_split(tokens: list[tuple[int, int, str]], words: frozenset[str]
                 ) -> list[tuple[int, int, str]]:
    """A token that is two label words with the slash between them read as a letter
    ("truitam": "trú/tạm") as those two words; a slash read 1 ("tru1tam") dropped."""
    out: list[tuple[int, int, str]] = []
    for k, (start, end, token) in enumerate(tokens):
        if len(token) == 1 and token in _SLASH_READ and out and k + 1 < len(tokens) and out[-1][1] == start \
                and tokens[k + 1][0] == end and out[-1][2] in words and tokens[k + 1][2] in words:
            continue  # "tru1tam": the slash read 1 is a token of its own
        split = next((i for i in range(2, len(token) - 2) if token[i] in _SLASH_READ
                      and token[:i] in words and token[i + 1:] in words), None)
        if split is None or token in words:
            out.append((start, end, token))
        else:
            out += [(start, start + split, token[:split]), (start + split + 1, end, token[split + 1:])]
    return out


# An i read 1 or an o read 0 between two letters of a label word ("G1ới tính:"), or
# ending one after two letters ("G1Iớ1 tính:"): the same length, so the label's place on
# the line is kept.
_DIGIT_IN_WORD = re.compile(r"(?<=[a-z])[10](?=[a-z])|(?<=[a-z]{2})[10](?![\w/])")
_DIGIT_LETTER = {"1": "i", "0": "o"}
_GLUED_LABEL_END = re.compile(r"[\s.]*[:\d]")


def _glued_parts(token: str, words: frozenset[str]) -> list[str] | None:
    """``token`` as two or more label words of two letters or more run together (the
    spaces lost: "sodinhdanhcanhan", "namdangky"), the fewest of them; None if it is not."""
    best: dict[int, list[str]] = {0: []}
    for end in range(2, len(token) + 1):
        ways = [best[s] + [token[s:end]] for s in range(end - 1) if s in best
                and token[s:end] in words]
        if ways:
            best[end] = min(ways, key=len)
    parts = best.get(len(token))
    return parts if parts and len(parts) >= 2 else None


def _glued_split(tokens: list[tuple[int, int, str]], words: frozenset[str]
                 ) -> list[tuple[int, int, str]]:
    """Label words read run together ("Sốđịnhdanhcánhân", "nămđăngký") apart again, so the
    label anchors: the line's value was otherwise taken as the wrapped end of the field above."""
    out: list[tuple[int, int, str]] = []
    for start, end, token in tokens:
        parts = None if token in words else _glued_parts(token, words)
        if parts is None:
            out.append((start, end, token))
            continue
        for part in parts:
            out.append((start, start + len(part), part))
            start += len(part)
    return out


def _line_starts(tokens: list[tuple[int, int, str]], folded: str) -> list[int]:
    """Where a label anchored at the line's start may begin: the first token, or the second
    after a speck read as one or two letters (".ố Số: 154") when a colon follows it."""
    if len(tokens) > 1 and len(tokens[0][2]) <= 2 and tokens[0][2].isalpha() and (
            ":" in folded[tokens[1][1]:tokens[1][1] + 2]):
        return [0, 1]
    return [0]


def find_labels(folded: str, labels: Labels) -> list[tuple[int, int, str]]:
    """(start, end, key) of each label on a folded line, tolerating one OCR error a word."""
    vocabulary = _label_words(labels)
    folded = _DIGIT_IN_WORD.sub(lambda m: _DIGIT_LETTER[m.group()], folded)  # "G1ới tính"
    apart = _slash_split([(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(folded)],
                         vocabulary)
    tokens = _glued_split(apart, vocabulary)
    glued = {i for i, token in enumerate(tokens) if token not in apart}
    taken = [False] * len(tokens)
    hits = []
    for spec, key in labels:
        words = spec.lstrip("^").rstrip(":").split()
        n = len(words)
        starts = _line_starts(tokens, folded) if spec.startswith("^") else range(
            len(tokens) - n + 1)
        for i in starts:
            if i + n > len(tokens) or any(taken[i:i + n]):
                continue
            run = [tokens[i + j][2] for j in range(n)]
            if not all(_close(t, w) for t, w in zip(run, words, strict=True)) and not (
                    _one_short_slip(run, words)):
                continue
            end = tokens[i + n - 1][1]
            if ":" in folded[tokens[i][0]:end]:
                continue  # a label ends at its colon: "tên: VÕ …" is no "tên vợ" label
            if (glued.intersection(range(i, i + n)) and not _GLUED_LABEL_END.match(folded, end)
                    and spec not in NO_COLON):  # a long label printed bare: its length
                continue  # words run together make a label before its colon or a number
            # A misread label still carries its colon; a value word one letter off a label
            # ("Quế Quang" ~ "Quê quán") does not. A label printed without a colon is
            # taken with one of its words misread ("... cư trú tạ xã Ia Ka").
            bare_slip = spec in NO_COLON and sum(t != w for t, w in zip(
                run, words, strict=True)) == 1
            if ((run != words and not bare_slip) or spec.endswith(":")) and (
                    ":" not in folded[end:end + 2]):
                continue
            hits.append((tokens[i][0], end, key))
            taken[i:i + n] = [True] * n
    return sorted(hits)
