"""Each word re-decided among the spellings tesseract's close second guesses allow.

tesseract's letters come with the other letters it weighed (``ocr.choices``). Where it
hesitated, the spelling kept is the one the language favours: a known syllable
(``ocr.lexicon``), frequent in Vietnamese text (``ocr.frequency``), making a known phrase
with its neighbours, against how much less sure tesseract was of it. The image decides
which spellings are possible; the language only breaks near-ties. Weights were set on
generated prose pages (thin strokes, 150 dpi faxes), not on the real pages that score it.

The frequency prior alone turns a rarer right word into a commoner one (``dại`` ->
``đại``, ``cành`` -> ``cảnh``, ``mỏi`` -> ``mới``). So, given the page's pixels, every
word it would change is first looked at again (``second_looks``): its crop, enlarged,
read once more by tesseract (another scale and segmentation, ``ocr.reread``), and each
spelling's doubt is the mean of the two readings' (a spelling the second look did not
weigh at all costs it ``UNSEEN``): a change the second look does not see is mostly undone.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

import numpy as np

from ocr.choices import CLOSE, MAX_CHANGED, doubted, spellings
from ocr.correct import CORRECTED_CONFIDENCE, _key, _named, _phrase_score, _segments, _split
from ocr.frequency import log_frequency
from ocr.lexicon import Lexicon
from ocr.models import Box, Line, OcrPage, Word
from ocr.reread import read_crops
from ocr.syllables import parse

PHRASE_WEIGHT = 1.0  # log10 units of frequency a known phrase of 2 syllables is worth
DOUBT_WEIGHT = 4.0  # log10 units per 100 x_confs points tesseract was less sure
MARGIN = 0.5  # log10 units a spelling must beat the one read by
UNSEEN = CLOSE / 100  # doubt of a spelling a reading did not weigh (as far as it looks)
PAD = 0.3  # of a word box's height, round the crop of a second look

Seconds = Mapping[Box, Mapping[str, float]]  # word box -> second look's spellings: core -> doubt


def _rank(text: str, cost: float, keys: list[str | None], at: int, lexicon: Lexicon
          ) -> float | None:
    """A spelling's score (log10 units), or None if it is no known syllable."""
    core = _split(text)[1]
    syllable = parse(core)
    if syllable is None or syllable.key not in lexicon.syllables:
        return None
    trial = keys[:at] + [syllable.key] + keys[at + 1:]
    phrase = _phrase_score(trial, at, lexicon.phrases, lexicon.longest)
    return log_frequency(core) + PHRASE_WEIGHT * phrase - DOUBT_WEIGHT * cost


def _junk(word: Word) -> bool:
    """A reading too unsure to re-decide: more letters in doubt than a spelling may
    change (``MAX_CHANGED``), as on a seal, a signature or a page read mostly as junk."""
    return sum(map(doubted, word.choices)) > MAX_CHANGED


def _options(word: Word, second: Mapping[str, float] | None) -> list[tuple[str, float]]:
    """``word``'s spellings with their doubt, the reading first: tesseract's on the page
    alone, or with a ``second`` look (core -> doubt) the mean of both readings' doubts
    (``UNSEEN`` for one the second look did not weigh). The page's reading alone says
    which spellings are possible: one the second look alone offers is not (on the real
    pages those were its own slips, ``nhảnh`` read ``nhánh``)."""
    first = spellings(word)
    if second is None:
        return first
    return [(text, (cost + second.get(_split(text)[1], UNSEEN)) / 2) for text, cost in first]


def choose_words(words: list[Word], lexicon: Lexicon, seconds: Seconds | None = None
                 ) -> list[Word]:
    """One visual line's words, each the best of the spellings its letters' close
    alternatives allow (``spellings``, ``_rank``): changed only when that spelling beats
    the one read by ``MARGIN``; a word of a name only when it was no known syllable.
    ``seconds``: second looks at some words (by box), whose doubts then join the
    first reading's (``_options``). A changed word keeps tesseract's reading in ``raw``
    and a confidence under review."""
    out = list(words)
    for run in _segments(out):
        keys = [_key(out[i].text) for i in run]
        for at, i in enumerate(run):
            word = out[i]
            if not word.choices or word.raw is not None or _junk(word):
                continue
            options = _options(word, (seconds or {}).get(word.box))
            if len(options) < 2:
                continue
            now = _rank(word.text, options[0][1], keys, at, lexicon)
            if now is not None and _named(out, run, at):
                continue
            ranked = [(score, text) for text, cost in options[1:]
                      if (score := _rank(text, cost, keys, at, lexicon)) is not None]
            if not ranked:
                continue
            score, text = max(ranked)
            if now is None or score >= now + MARGIN:
                out[i] = replace(word, text=text, raw=word.text,
                                 confidence=min(word.confidence, CORRECTED_CONFIDENCE))
                keys[at] = _key(text)
    return out


def second_looks(words: list[Word], image: np.ndarray, dpi: int,
                 **tesseract: object) -> dict[Box, dict[str, float]]:
    """``words`` read again from ``image`` (the pixels the page was read from), each
    word's box grown by ``PAD`` of its height, enlarged and stacked in one tesseract call
    (``ocr.reread.read_crops``): word box -> {core spelling: doubt} of what the crop was
    read as (every word on it: a quote or period read apart leaves the core)."""
    boxes = [Box(max(0, w.box.left - (pad := round(w.box.height * PAD))),
                 max(0, w.box.top - pad), w.box.width + 2 * pad, w.box.height + 2 * pad)
             for w in words]
    out: dict[Box, dict[str, float]] = {}
    for word, read in zip(words, read_crops(image, boxes, dpi=dpi, **tesseract),
                          strict=True):
        seen: dict[str, float] = {}
        for again in read:
            for text, cost in spellings(again) if again.choices else [(again.text, 0.0)]:
                if core := _split(text)[1]:
                    seen[core] = min(cost, seen.get(core, UNSEEN))
        out[word.box] = seen
    return out


def choose_page(page: OcrPage, lexicon: Lexicon, image: np.ndarray | None = None,
                **tesseract: object) -> OcrPage:
    """``choose_words`` over every line; the reading before it stays in ``raw_text``.
    With ``image`` (the pixels ``page`` was read from, its boxes' space), the words the
    first pass would change are looked at again (``second_looks``, one tesseract call a
    page) and every line decided once more with both readings."""
    chosen = [choose_words(list(line.words), lexicon) for line in page.lines]
    if image is not None:
        changed = [w for line, new in zip(page.lines, chosen, strict=True)
                   for w, n in zip(line.words, new, strict=True) if n.text != w.text]
        if changed:
            seconds = second_looks(changed, image, page.dpi, **tesseract)
            chosen = [choose_words(list(line.words), lexicon, seconds) for line in page.lines]
    lines = tuple(Line(tuple(words)) for words in chosen)
    return replace(page, lines=lines, raw_text=page.raw_text or page.text)
