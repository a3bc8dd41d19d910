"""Each word re-decided among the spellings tesseract's close second guesses allow.

tesseract's letters come with the other letters it weighed (``ocr.choices``). Where it
hesitated, the spelling kept is the one the language favours: a known syllable
(``ocr.lexicon``), frequent in Vietnamese text (``ocr.frequency``), making a known phrase
with its neighbours, against how much less sure tesseract was of it. The image decides
which spellings are possible; the language only breaks near-ties. Weights were set on
generated prose pages (thin strokes, 150 dpi faxes), not on the real pages that score it.
"""

from __future__ import annotations

from dataclasses import replace

from ocr.choices import MAX_CHANGED, doubted, spellings
from ocr.correct import CORRECTED_CONFIDENCE, _key, _named, _phrase_score, _segments, _split
from ocr.frequency import log_frequency
from ocr.lexicon import Lexicon
from ocr.models import Line, OcrPage, Word
from ocr.syllables import parse

PHRASE_WEIGHT = 1.0  # log10 units of frequency a known phrase of 2 syllables is worth
DOUBT_WEIGHT = 4.0  # log10 units per 100 x_confs points tesseract was less sure
MARGIN = 0.5  # log10 units a spelling must beat the one read by


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


def choose_words(words: list[Word], lexicon: Lexicon) -> list[Word]:
    """One visual line's words, each the best of the spellings its letters' close
    alternatives allow (``spellings``, ``_rank``): changed only when that spelling beats
    the one read by ``MARGIN``; a word of a name only when it was no known syllable.
    A changed word keeps tesseract's reading in ``raw`` and a confidence under review."""
    out = list(words)
    for run in _segments(out):
        keys = [_key(out[i].text) for i in run]
        for at, i in enumerate(run):
            word = out[i]
            if not word.choices or word.raw is not None or _junk(word):
                continue
            options = spellings(word)
            if len(options) < 2:
                continue
            now = _rank(word.text, 0.0, keys, at, lexicon)
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


def choose_page(page: OcrPage, lexicon: Lexicon) -> OcrPage:
    """``choose_words`` over every line; the reading before it stays in ``raw_text``."""
    lines = tuple(Line(tuple(choose_words(list(line.words), lexicon))) for line in page.lines)
    return replace(page, lines=lines, raw_text=page.raw_text or page.text)
