"""How often each Vietnamese syllable is written: the prior that breaks near-ties.

Source: the ``wordfreq`` package's Vietnamese list (``small_vi``: about 10,700 syllables
with their frequency in Wikipedia, subtitles, news and web text; data CC-BY-SA 4.0, code
Apache-2.0; see ARCHITECTURE.md). Vietnamese is written one syllable per token, so its
entries are syllables. Stored by syllable key (``ocr.syllables.Syllable.key``): ``hòa``
and ``hoà`` share one count, and letter case does not matter.
"""

from __future__ import annotations

import math
from functools import lru_cache

from ocr.syllables import parse

FLOOR = 1e-8  # the frequency of a syllable no list holds (rarer than any listed: ~1e-7)


@lru_cache(maxsize=1)
def syllable_frequencies() -> dict[str, float]:
    """Syllable key -> share of all Vietnamese tokens (0..1); {} without ``wordfreq``."""
    try:
        from wordfreq import get_frequency_dict
    except ImportError:  # the frequency prior is then off: choices rank by letters alone
        return {}
    out: dict[str, float] = {}
    for word, share in get_frequency_dict("vi").items():
        syllable = parse(word)
        if syllable is not None:
            out[syllable.key] = out.get(syllable.key, 0.0) + share
    return out


def log_frequency(word: str) -> float:
    """log10 of ``word``'s frequency (a syllable, any case, either tone placement), from
    about -1.3 (``và``) down to ``log10(FLOOR)`` = -8 for a syllable no list holds or a
    token that is no syllable."""
    syllable = parse(word)
    if syllable is None:
        return math.log10(FLOOR)
    return math.log10(max(FLOOR, syllable_frequencies().get(syllable.key, 0.0)))
