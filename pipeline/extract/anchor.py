"""Reading ``label: value`` pairs, signer blocks and columns off visual lines.

A line may carry several pairs; a line with no label continues the previous value
(wrapped addresses). Values keep the lowest OCR confidence of the words they span (not of
the junk OCR made of their leader dots). A ``label: value`` whose label no vocabulary
knows is returned under a ``!unknown label: "…"`` key, which ``finish`` turns into a
review reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ocr.models import Line, Word
from ocr.syllables import is_syllable
from ocr.text import fold_lower
from pipeline.extract.labels import Labels, find_labels
from schemas.normalize import strip_leaders

# The signer's heading: "_._ NGƯỜI KỶ" (seal specks first), or "NGƯỜI KÝ GIẤY ..." /
# "NGƯỜI KÝ TRÍCH LỤC" beside the spouses' own signature headings ("Chồng Vợ NGƯỜI KÝ ...").
SIGNER_BLOCK = re.compile(r"^[\W_]*nguoi\s*ky\b|\bnguoi\s*ky\s+(?:giay|trich)\b")
# The place-and-date line over a signer ("Lộc Nam, ngày 21 tháng 02 năm 2022"), folded;
# a day or month with one digit misread as a sign is still one ("tháng 0§": an 8).
_DAY = r"(?:\d{1,2}|\d[^\w\s]|[^\w\s]\d)"
PLACE_DATE = re.compile(rf"^(.*?),?\s*ngay\s*{_DAY}\s*thang\s*{_DAY}\s*nam\s*\d{{4}}")
# Sentences a form prints between its labelled lines, folded: they end the value above
# them and are no value of their own. TT 04/2020 and TT 15/2015's marital-status paper:
# "Giấy này có giá trị sử dụng trong thời hạn 6 tháng, kể từ ngày cấp".
# The TP/HT-2010 forms' "NGƯỜI THỰC HIỆN" (the officer who drew the paper up), beside the
# signer's title: the end of the labelled lines, no signer heading.
# A short token before them is a speck or the scanner's edge read as a word ("số. Giấy
# này có giá trị ...", read off the page's edge), not a value's rest.
BOILERPLATE = re.compile(r"^\W*(?:\S{1,4}\s+)?(?:giay nay co gia tri|nguoi thuc hien)\b")
SECTIONS = {"@child": "", "@mother": "mother_", "@father": "father_", "@declarant": "declarant_",
            "@husband": "husband_", "@wife": "wife_"}


@dataclass
class Raw:
    """A value as OCR read it, before normalisation."""

    text: str
    confidence: float


def span_confidence(line: Line, start: int, end: int) -> float:
    """Lowest confidence among the words that the character span [start, end) touches."""
    pos, confs = 0, []
    for w in line.words:
        if pos < end and pos + len(w.text) > start:
            confs.append(w.confidence)
        pos += len(w.text) + 1
    return min(confs, default=0.0)


def _key_of(spec: str, who: str, found: dict[str, Raw]) -> tuple[str, str]:
    """(key, section) of a label's key spec: ``@who:key`` sets the section, ``{who}`` takes
    it, and ``a|b`` (a generic label) is ``a`` the first time and ``b`` after that or
    under ``b``'s section heading (a death extract's second "Họ, chữ đệm, tên" is the
    declarant's)."""
    if spec.startswith("@"):
        section, spec = spec.split(":")
        who = SECTIONS[section]
    key = spec.format(who=who)
    if "|" in key:
        first, later = key.split("|")
        key = later if first in found or later.startswith(who or "-") else first
    return key, who


# A label of its own: words, then a colon and a value (not a time "14:30", not a URL).
_LABELLED = re.compile(r"^\W*([^\W\d_][^:]{0,40}?)\s*:\s*\S")
# Where a value's own text may show a colon: the recipients' "Lưu: VT".
_NOT_LABELS = re.compile(r"^(luu|noi nhan)\b")


def unknown_label(text: str) -> str | None:
    """The label of a ``label: value`` line that no vocabulary knows, or None."""
    m = _LABELLED.match(text)
    if not m or len(m.group(1).split()) > 7:
        return None
    label = m.group(1).strip()
    return None if _NOT_LABELS.match(fold_lower(label)) else label


def split_unknown(value: str) -> tuple[str, str | None]:
    """A value that runs into another ``label: value`` pair no vocabulary knows ("Kinh Tôn
    giáo: Không"): the value before it and that label (from its last capitalised word
    before the colon). "CCCD số: 0123…" stays whole: a number's own "số"."""
    m = re.search(r"[^\W\d_]\s*:\s*\S", value)
    if not m:
        return value, None
    words = value[:m.start() + 1].split()
    starts = [j for j, w in enumerate(words) if w[:1].isupper()]
    if not starts or len(words) - starts[-1] > 5:
        return value, None
    label = " ".join(words[starts[-1]:])
    if fold_lower(label).split()[-1] in ("so", "ngay"):
        return value, None
    return " ".join(words[:starts[-1]]), label


_DATE = re.compile(r"\d{1,2}/\d{1,2}/\d{4}")


def _reads_as_words(text: str) -> bool:
    """A line (leader junk after it left out) holding a date, or two Vietnamese syllables
    or more making at least half of its tokens: the wrapped rest of a value ("QLHC về
    TTXH cấp ngày 13/11/2018", "01/10/2020"), not what OCR made of a stain or a seal
    ("I8x:UÊn0‹ 8:10) N9)0isr", "- ò")."""
    tokens = [t.strip(".,;:") for t in strip_leaders(text)[0].split()]
    if any(_DATE.fullmatch(t) for t in tokens):
        return True
    known = sum(len(t) > 1 and is_syllable(t.lower()) for t in tokens)
    return (known >= 2 and known * 2 >= len(tokens)) or (len(tokens) == 1 and _one_name(tokens[0]))


def _one_name(token: str) -> bool:
    """A line of one capitalised syllable, an i or o read 1 or 0 in it allowed: a place's
    last word wrapped alone ("tỉnh Bắc" / "G1ang"); OCR's junk is seldom one."""
    word = re.sub(r"(?<=[^\W\d_])[10](?=[^\W\d_])", lambda m: "oi"[int(m.group())], token)
    return len(word) > 2 and word[0].isupper() and word[1:].islower() and is_syllable(word.lower())


def wrapped(value: str, line: str) -> str:
    """``value`` continued by the next ``line`` (a wrapped value). A dotted or ruled leader
    at the end of the value's line ("... do Cục Cảnh sát... ___", "cấp ngày ____.") ends
    that line, not the value: when the next line reads as words the leader is dropped so
    the value's rest is kept (``strip_leaders`` would otherwise cut it off as junk); a line
    of junk stays behind the leader, where ``strip_leaders`` drops it."""
    head, tail = strip_leaders(value)
    if not tail or not _reads_as_words(line):
        return f"{value} {line}"
    return f"{head.rstrip(' ._…·')} {line}"


def _continues(hits: list[tuple[int, int, str]], folded: str, last_key: str | None) -> bool:
    """A wrapped value whose next line starts with "số 0020..." (an identity paper's
    number): the bare "Số" without its colon is not the registration number's label."""
    start, end, key = hits[0]
    return (last_key is not None and start == 0 and key.endswith("registration_number")
            and ":" not in folded[end:end + 2])


def _field_of(spec: str) -> str:
    """What a key spec names, whoever's it is: "@declarant:declarant_id_document" and
    "_deceased_id|declarant_id_document" both name an identity paper."""
    key = spec.split("|")[-1].split(":")[-1]
    return "id_document" if key.endswith("id_document") else key


def _merge_repeats(hits: list[tuple[int, int, str]], folded: str) -> list[tuple[int, int, str]]:
    """A label straight after a label of the same field is the value's own wording: a
    ruled form's "Số Giấy CMND/Hộ chiếu" row holding "Giấy CMND số 290369284 ...", or
    "Giấy tờ tùy thân: Giấy CMND số 031608480 ..."."""
    out: list[tuple[int, int, str]] = []
    for hit in hits:
        between = re.sub(r"^/\S*", "", folded[out[-1][1]:hit[0]]) if out else ""
        if (out and _field_of(hit[2]) == _field_of(out[-1][2])
                and not re.search(r"\w", between)):  # "CMND/Hộ": the label's other half
            continue
        out.append(hit)
    return out


def read_labelled(lines: list[Line], labels: Labels, keys: set[str], who: str = "",
                  stop: re.Pattern[str] | None = SIGNER_BLOCK) -> tuple[dict[str, Raw], int]:
    """Label-anchored raw values of ``keys``, and the index of the line where ``stop``
    matched (the signer block), or ``len(lines)``. A ``label: value`` line with no known
    label is kept as ``!unknown label: "…"`` (a review reason, ``finish``)."""
    found: dict[str, Raw] = {}
    last_key = None
    for i, line in enumerate(lines):
        folded = fold_lower(line.text)
        if stop and stop.search(folded):
            return found, i
        hits = _merge_repeats(find_labels(folded, labels), folded)
        if hits and _continues(hits, folded, last_key):
            hits = []
        if not hits:
            label = unknown_label(line.text)
            if PLACE_DATE.search(folded) or BOILERPLATE.search(folded):
                last_key = None  # a form's own line: no wrapped part of the value above
            elif label:
                found.setdefault(f'!unknown label: "{label}"', Raw(line.text, 0.0))
                last_key = None
            elif last_key and found.get(last_key) and re.search(r"\w", line.text):
                prev = found[last_key]
                prev.text = wrapped(prev.text, line.text)
                prev.confidence = min(prev.confidence, line.confidence)
            continue
        if hits[0][0] > 0 and (label := unknown_label(line.text[:hits[0][0]])):
            found.setdefault(f'!unknown label: "{label}"', Raw(line.text, 0.0))
        for n, (_start, end, spec) in enumerate(hits):
            key, who = _key_of(spec, who, found)
            stop_at = hits[n + 1][0] if n + 1 < len(hits) else len(folded)
            value_start = end
            if line.text[value_start:value_start + 1] == "/":  # "trú/tạm": the label's
                while value_start < stop_at and line.text[value_start] != " ":  # other half
                    value_start += 1
            while value_start < stop_at and line.text[value_start] in " :.;…·_-)":
                value_start += 1
            value, label = split_unknown(line.text[value_start:stop_at].strip())
            if label:
                found.setdefault(f'!unknown label: "{label}"', Raw(line.text, 0.0))
            if key.startswith("+"):  # a labelled part of the value before it
                if last_key and value:
                    found[last_key].text += f", {key[1:]} {value}"
                continue
            last_key = None
            if key in keys and key not in found:
                # The value's own words: not the junk OCR made of its leader dots.
                head = strip_leaders(value)[0].rstrip()
                conf = span_confidence(line, value_start, value_start + len(head)) if head else 0.0
                found[key] = Raw(value, conf)
                last_key = key
    return found, len(lines)


def split_line(line: Line, x: float) -> tuple[Line | None, Line | None]:
    """The words of a visual line left and right of ``x`` (by word centre)."""
    left = tuple(w for w in line.words if w.box.left + w.box.width / 2 < x)
    right = tuple(w for w in line.words if w.box.left + w.box.width / 2 >= x)
    return (Line(left) if left else None), (Line(right) if right else None)


def column(lines: list[Line], x: float, side: str) -> list[Line]:
    """One side of a two-column region, as lines of their own."""
    parts = [split_line(line, x)[0 if side == "left" else 1] for line in lines]
    return [p for p in parts if p is not None]


# The national motto every head prints on its right (Decree 30/2020, Phụ lục I): "CỘNG
# HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" over "Độc lập - Tự do - Hạnh phúc", folded, word by word.
MOTTO_STARTS = (("cong", "hoa"), ("doc", "lap"))


def _motto_start(words: list[Word]) -> float | None:
    """The left edge of the motto's first word when it is not the line's first word: the
    right block starts there however narrow the gap before it."""
    folded = [fold_lower(w.text) for w in words]
    for i in range(1, len(words) - 1):
        if (folded[i], folded[i + 1]) in MOTTO_STARTS:
            return words[i].box.left - 1
    return None


def _place_start(words: list[Word]) -> float | None:
    """On a number | place-and-date line ("Số: 334/QĐ-UBND  Hoằng Thanh, ngày 23 ..."),
    the left edge of the place's first word: the words before "ngày" back to the last
    one with a digit (the number) are the place's, however narrow the gap before them."""
    folded = [fold_lower(w.text).strip(",.") for w in words]
    day = next((i for i in range(1, len(words) - 1)
                if folded[i] == "ngay" and re.match(r"\d", words[i + 1].text)), None)
    if day is None:
        return None
    start = day
    while start > 0 and not re.search(r"[\d/:]", words[start - 1].text):
        start -= 1
    return words[start].box.left - 1 if 0 < start < day else None


def head_split(line: Line, mid: float) -> float:
    """Where a two-block head line (authority | motto, number | place and date) parts:
    before the motto's first word ("CỘNG HÒA", "Độc lập") or the place's (``_place_start``)
    wherever it stands; else in
    the widest gap between its words when that gap is wider than three word heights and
    lies in the page's middle half (the blocks are centred on their own halves, so the
    motto's first word may start left of the centre), else at ``mid``."""
    words = sorted(line.words, key=lambda w: w.box.left)
    motto = _motto_start(words)
    if motto is not None:
        return motto
    place = _place_start(words)
    if place is not None:
        return place
    gaps = [(b.box.left - a.box.right, (a.box.right + b.box.left) / 2)
            for a, b in zip(words, words[1:], strict=False)]
    height = max((w.box.height for w in words), default=0)
    wide = [(g, x) for g, x in gaps if g > 3 * height and mid / 2 < x < mid * 1.5]
    return max(wide)[1] if wide else mid


def head_column(lines: list[Line], mid: float, side: str) -> list[Line]:
    """One side of a two-block head, each line parted at its own gap (``head_split``)."""
    parts = [split_line(line, head_split(line, mid))[0 if side == "left" else 1]
             for line in lines]
    return [p for p in parts if p is not None]
