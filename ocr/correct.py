"""Post-correction of tesseract's Vietnamese: tone marks and hats put back by lexicon and context.

Most of tesseract's errors on typed Vietnamese are one mark: ``SỔ`` read ``SỐ`` (hỏi for
sắc), ``Dân`` read ``Dãn``, ``dấu`` read ``đấu``. A word is changed only to a spelling
OCR confuses it with (``ocr.syllables.variants``: marks and the đ stroke, never other
letters, never digits) and only when the lexicon says so:

- a word that is no Vietnamese syllable, or one no dictionary holds (``đệnh``), becomes
  its nearest known spelling, the one that makes a known phrase with its neighbours
  first;
- a valid word is changed only when it makes no known phrase with its neighbours and
  exactly one variant does (``SỐ ĐĂNG KÝ`` -> ``SỔ ĐĂNG KÝ``), and only when tesseract
  was not sure of its letters (``ocr.choices.sure``: it weighed no close alternative;
  on generated prose, 40 of 48 such changes of sure words were wrong: ``để`` -> ``đề``).

The raw reading stays on every changed word (``Word.raw``) and on the page
(``OcrPage.raw_text``). A changed word's confidence is capped below the review
threshold: a person should look at it. So is an unknown word left unchanged.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace

import numpy as np

from ocr.choices import sure
from ocr.lexicon import Lexicon
from ocr.lexicon import keys as phrase_keys
from ocr.models import Line, OcrPage, Word
from ocr.syllables import TONES, parse, variants

CORRECTED_CONFIDENCE = 0.75  # below the default review threshold (0.80)
UNKNOWN_CONFIDENCE = 0.6
DOUBT_CONFIDENCE = 0.7  # a word that may have lost a nặng mark with a leader dot
JUNK_CONFIDENCE = 0.5  # a mark-only word below this is a signature or seal speck
_PARTS = re.compile(r"^(\W*)(.*?)(\W*)$", re.DOTALL)
_BREAK = set(",;:.!?()[]\"'/")


def _split(text: str) -> tuple[str, str, str]:
    m = _PARTS.match(text)
    assert m is not None  # the pattern matches any string
    return m.group(1), m.group(2), m.group(3)


def _key(text: str) -> str | None:
    """The syllable key of ``text``'s core, or None if it spells no syllable."""
    syllable = parse(_split(text)[1])
    return syllable.key if syllable else None


def _is_junk(word: Word) -> bool:
    return word.confidence < JUNK_CONFIDENCE and not any(ch.isalnum() for ch in word.text)


def _segments(words: list[Word]) -> list[list[int]]:
    """Runs of words not broken by punctuation: a phrase never spans a comma."""
    runs: list[list[int]] = [[]]
    for i, w in enumerate(words):
        lead, core, tail = _split(w.text)
        if lead and set(lead) & _BREAK and runs[-1]:
            runs.append([])
        runs[-1].append(i)
        if (tail and set(tail) & _BREAK) or not core.isalpha():
            runs.append([])
    return [r for r in runs if r]


def _named(words: list[Word], run: list[int], at: int) -> bool:
    """Might the word at ``run[at]`` be part of a name? Capitalised, and not a sentence's
    first word followed by a lower-case one (``Bố sung hồ sơ``, ``Ung thư phổi``)."""
    core = _split(words[run[at]].text)[1]
    if not core[:1].isupper():
        return False
    after = _split(words[run[at + 1]].text)[1] if at + 1 < len(run) else ""
    return not (core[1:].islower() and after[:1].islower())


def _phrase_score(keys: list[str | None], at: int, phrases: frozenset[tuple[str, ...]],
                  longest: int) -> int:
    """Length of the longest known phrase (2+ syllables) through position ``at``."""
    best = 0
    for n in range(2, min(longest, len(keys)) + 1):
        for start in range(max(0, at - n + 1), min(at, len(keys) - n) + 1):
            gram = keys[start:start + n]
            if None not in gram and tuple(gram) in phrases:
                best = max(best, n)
    return best


def _best(options: list[tuple[int, float, str]]) -> tuple[int, float, str] | None:
    """Highest phrase score, then cheapest; None when two options tie."""
    if not options:
        return None
    options.sort(key=lambda o: (-o[0], o[1]))
    if len(options) > 1 and options[1][:2] == options[0][:2]:
        return None
    return options[0]


def _repair(core: str, keys: list[str | None], at: int, lexicon: Lexicon) -> str | None:
    """An unknown word: its nearest known spelling, or None. A capitalised word that is a
    possible syllable may be a name no list holds (``Vy``): it needs a phrase."""
    named = core[:1].isupper() and parse(core) is not None
    phrases = lexicon.phrases
    options = []
    for text, cost in variants(core, max_cost=1.3, max_changes=2):
        syllable = parse(text)
        if syllable is not None and syllable.key in lexicon.syllables:
            trial = keys[:at] + [syllable.key] + keys[at + 1:]
            options.append((_phrase_score(trial, at, phrases, lexicon.longest), cost, text))
    best = _best(options)
    return best[2] if best and (best[0] or not named) else None


def _doubt(core: str, keys: list[str | None], at: int, lexicon: Lexicon,
           named: bool) -> str | None:
    """A known word: the variant that makes a longer known phrase than the word does
    (``lực kế từ ngày ký`` -> ``kể từ ngày ký``).

    Names are arbitrary strings of syllables, so a word of a name (``named``) is only
    changed into a phrase printed on the forms (``Quyến số`` -> ``Quyển số``), never by
    the dictionary.
    """
    phrases = lexicon.phrases if not named else lexicon.forms
    now = _phrase_score(keys, at, phrases, lexicon.longest)
    options = []
    for text, cost in variants(core, max_cost=0.8, max_changes=2, likely=True):
        syllable = parse(text)
        if syllable is not None and syllable.key in lexicon.syllables:
            trial = keys[:at] + [syllable.key] + keys[at + 1:]
            score = _phrase_score(trial, at, phrases, lexicon.longest)
            if score >= 2 and score > now:  # a longer phrase than the word makes as read
                options.append((score, cost, text))
    best = _best(options) or _doubt_printed(core, keys, at, lexicon)
    return best[2] if best else None


def _doubt_printed(core: str, keys: list[str | None], at: int,
                   lexicon: Lexicon) -> tuple[int, float, str] | None:
    """A known word that any lost or misread mark (not only the likely confusions) turns
    into a phrase printed on the forms (``Đọc lập`` -> ``Độc lập``, ``đóng dâu`` -> ``đóng
    dấu``): the forms' own wording is evidence enough for a wider search."""
    now = _phrase_score(keys, at, lexicon.forms, lexicon.longest)
    options = []
    for text, cost in variants(core, max_cost=1.1, max_changes=2):
        syllable = parse(text)
        if syllable is not None and syllable.key in lexicon.syllables:
            trial = keys[:at] + [syllable.key] + keys[at + 1:]
            score = _phrase_score(trial, at, lexicon.forms, lexicon.longest)
            if score >= 2 and score > now:
                options.append((score, cost, text))
    return _best(options)


def _doubt_pair(cores: tuple[str, str], lexicon: Lexicon) -> tuple[str, str] | None:
    """Two known words side by side, both misread (``chuyến đối`` -> ``chuyển đổi``), the
    first in no known phrase: the one pair of likely variants that is a phrase, or None."""
    phrases = lexicon.phrases
    options = [(a, b) for a, _ in variants(cores[0], max_cost=0.8, max_changes=2, likely=True)
               for b, _ in variants(cores[1], max_cost=0.8, max_changes=2, likely=True)
               if phrase_keys(f"{a} {b}") in phrases]
    return options[0] if len(options) == 1 else None


def _fix(word: Word, text: str) -> Word:
    lead, _, tail = _split(word.text)
    return replace(word, text=lead + text + tail, raw=word.text,
                   confidence=min(word.confidence, CORRECTED_CONFIDENCE))


def correct_words(words: list[Word], lexicon: Lexicon) -> list[Word]:
    """One visual line's words, corrected: unknown words first, so that their repair
    gives context to the known ones around them."""
    out = [w for w in words if not _is_junk(w)]
    for run in _segments(out):
        keys = [_key(out[i].text) for i in run]
        for known in (False, True):
            for at, i in enumerate(run):
                word = out[i]
                lead, core, tail = _split(word.text)
                if not core.isalpha() or word.raw is not None or (core in lexicon) != known:
                    continue  # digits, ids and codes are never corrected
                if known and sure(word):
                    continue  # a known word tesseract weighed no other letter for
                choice = (_doubt(core, keys, at, lexicon, _named(out, run, at)) if known
                          else _repair(core, keys, at, lexicon))
                if choice is not None:
                    out[i] = _fix(word, choice)
                    keys[at] = _key(choice)
                elif not known and parse(core) is not None:
                    out[i] = replace(word, confidence=min(word.confidence, UNKNOWN_CONFIDENCE))
        for at in range(len(run) - 1):
            i, j = run[at], run[at + 1]
            cores = (_split(out[i].text)[1], _split(out[j].text)[1])
            if (out[i].raw is None and out[j].raw is None and all(c.islower() for c in cores)
                    and not (sure(out[i]) and sure(out[j]))
                    and all(c in lexicon for c in cores)
                    and _phrase_score(keys, at, lexicon.phrases,
                                      lexicon.longest) == 0):
                pair = _doubt_pair(cores, lexicon)
                if pair:
                    out[i], out[j] = _fix(out[i], pair[0]), _fix(out[j], pair[1])
                    keys[at], keys[at + 1] = _key(pair[0]), _key(pair[1])
    return out


def correct_page(page: OcrPage, lexicon: Lexicon) -> OcrPage:
    lines = []
    for line in page.lines:
        words = correct_words(list(line.words), lexicon)
        if words:
            lines.append(Line(tuple(words)))
    return replace(page, lines=tuple(lines), raw_text=page.raw_text or page.text)


NANG = "\u0323"


def restore_marks(page: OcrPage, dots: np.ndarray | None, lexicon: Lexicon) -> OcrPage:
    """Nặng marks that went with the leader dots (``ocr.leaders``; ``dots``: x, y, cut
    off a letter): a mark that fell on the line's beat looks just like a dot. A word
    with a dot taken under a vowel that takes the mark gets it back when that makes it
    a known word (``Viêt`` -> ``Việt``) or a longer known phrase (``Bênh viên`` ->
    ``Bệnh viện``). A word whose dot was cut off a letter and stays as read gets a
    confidence under the review threshold (``Đăng`` or ``Đặng``?)."""
    if dots is None or not len(dots):
        return page
    phrases = lexicon.phrases

    def score(keys: list[str | None], at: int) -> int:
        return _phrase_score(keys, at, phrases, lexicon.longest)

    lines = []
    for line in page.lines:
        words = list(line.words)
        marked = {i: m for i, w in enumerate(words) if (m := _with_nang(w, dots))}
        for run in _segments(words):
            keys = [_key(words[i].text) for i in run]
            doubtful = [at for at, i in enumerate(run) if i in marked]
            for at in doubtful:
                i = run[at]
                if _split(words[i].text)[1] not in lexicon and marked[i][0] in lexicon:
                    keys[at] = _key(marked[i][0])
                    words[i] = _fix(words[i], marked[i][0])
            for at in doubtful:  # known words: the choice that makes the longest phrase
                i = run[at]
                if words[i].raw is not None:
                    continue
                one = keys[:at] + [_key(marked[i][0])] + keys[at + 1:]
                both, j = one[:], run[at + 1] if at + 1 < len(run) else None
                if j is not None and j in marked and words[j].raw is None:
                    both[at + 1] = _key(marked[j][0])
                if score(one, at) > score(keys, at):
                    keys, words[i] = one, _fix(words[i], marked[i][0])
                elif both != one and score(both, at) > max(score(keys, at), 1):
                    keys = both
                    words[i] = _fix(words[i], marked[i][0])
                    words[j] = _fix(words[j], marked[j][0])  # type: ignore[index]
                elif marked[i][1]:
                    words[i] = replace(words[i], confidence=min(words[i].confidence,
                                                                DOUBT_CONFIDENCE))
        lines.append(Line(tuple(words)))
    return replace(page, lines=tuple(lines), raw_text=page.raw_text or page.text)


def _with_nang(word: Word, dots: np.ndarray) -> tuple[str, bool] | None:
    """``word``'s core with a nặng under the vowel above a dot taken (letters placed by
    their share of the box) if that spells a syllable; and whether that dot was cut off
    a letter."""
    lead, core, _ = _split(word.text)
    box = word.box
    if not core.isalpha() or not box.width:
        return None
    under = dots[(dots[:, 0] >= box.left) & (dots[:, 0] < box.right)
                 & (dots[:, 1] >= box.center_y) & (dots[:, 1] <= box.bottom + box.height // 2)]
    for x, _, cut in under:
        at = (x - box.left) / box.width * len(word.text) - len(lead)
        for i in sorted({int(at - 0.7), int(at), int(at + 0.7)}):
            if 0 <= i < len(core):
                plain = unicodedata.normalize("NFD", core[i])
                if plain[0].lower() in "aeiouy" and not set(plain) & set(TONES):
                    text = core[:i] + unicodedata.normalize("NFC", plain + NANG) + core[i + 1:]
                    if parse(text) is not None:
                        return text, bool(cut)
    return None
