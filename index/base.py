"""The search interface every backend implements, and what it indexes and returns.

Behaviour that must not differ between backends lives here: the query's tokens, the
filterable attributes derived from a record, the re-ranking of candidates by name
similarity, and highlights. Backends only retrieve candidates, count and facet, with the
same rule, in steps that stop as soon as they are good enough:
1. strict: a word that is a syllable of some indexed name must be in the record's names
   (after folding); any other word must be in the names within one edit (words of 3+
   letters) or in the page text. Done if some hit's name is exactly the typed words.
2. tolerant: as 1, but every word of 2+ letters may be one edit away in the names, so a
   typo that makes another real syllable ("dang" for "dung") is forgiven too; a word may
   be its neighbour joined to it (`joins`: OCR lost a space); or an entry whose names were
   not read holds every word, each within its allowance, in its page text (`loose_text`).
3. anywhere: only when 1 and 2 find nothing, every word anywhere in the record's text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property, lru_cache
from typing import Protocol

from rapidfuzz import process
from rapidfuzz.distance import OSA

from ocr.text import fold, fold_lower, nfc
from schemas.records import NAME_FIELDS

TOKEN = re.compile(r"\w+")
# An apostrophe inside a word (KSOR H'BLIN, RƠ MAH H'YÊN: Central Highlands names) joins it:
# H'BLIN is one syllable to its bearer and is typed `hblin` on a phone as often as `h'blin`.
# Names are indexed and queries tokenised with it taken out, the same way on every backend.
_APOSTROPHE_IN_WORD = re.compile(r"(?<=\w)['\u2018\u2019\u02bc\u0060\u00b4](?=\w)")


def join_apostrophes(text: str) -> str:
    """``"KSOR H'BLIN"`` -> ``"KSOR HBLIN"`` (any apostrophe between letters dropped)."""
    return _APOSTROPHE_IN_WORD.sub("", text)
_COMMUNE = re.compile(r"\b(?:xã|phường|thị trấn)\s+([^,]+)", re.IGNORECASE)
FACETS = ("record_type", "registration_year", "commune")


# Dates a civil-status record can carry. An OCR misreading outside them (a birth in 2625)
# is kept in the record's fields but is no filterable date: engines refuse such dates
# (tantivy's range ends in 2262), and one refused record must not stop a document.
PLAUSIBLE_YEARS = (1800, 2200)


def _iso(value: str | None) -> str | None:
    try:
        day = date.fromisoformat(value) if value else None
    except ValueError:
        return None
    return day.isoformat() if day and PLAUSIBLE_YEARS[0] <= day.year <= PLAUSIBLE_YEARS[1] else None


@dataclass(frozen=True)
class IndexRecord:
    """One searchable record (or one page of text when no record was extracted)."""

    key: str  # the record id ("<document>-<page>-<entry>"), or "<document>:p<page>" for a page
    document_id: str
    source: str
    record_type: str
    page: int
    fields: dict[str, str | None] = field(default_factory=dict)
    text: str = ""  # the page text the record was read from

    @property
    def names(self) -> str:
        return join_apostrophes(" ".join(v for k in NAME_FIELDS if (v := self.fields.get(k))))

    @property
    def date_of_birth(self) -> str | None:
        return _iso(self.fields.get("date_of_birth"))

    @property
    def registration_date(self) -> str | None:
        return _iso(self.fields.get("registration_date"))

    @property
    def registration_year(self) -> int | None:
        d = self.registration_date
        return int(d[:4]) if d else None

    @property
    def commune(self) -> str | None:
        """The registering commune, folded: "Ủy ban nhân dân xã Thanh Phong, ..." -> thanh phong."""
        m = _COMMUNE.search(self.fields.get("registration_place") or "")
        return fold_lower(m.group(1).strip()) if m else None

    @property
    def book_number(self) -> str | None:
        return self.fields.get("book_number")


# Paging bounds. Hits past RESULT_WINDOW (Elasticsearch's default index.max_result_window,
# which refuses more) are a filter's job: the backends gather up to 3 x (offset + limit)
# candidates to re-rank, and an unbounded offset made tantivy ask for 48 GB and abort.
RESULT_WINDOW = 10_000
MAX_LIMIT = 500
MAX_OFFSET = RESULT_WINDOW - 1


class InvalidQuery(ValueError):
    """A search argument out of its range; the message names it and the range."""


@dataclass(frozen=True)
class SearchQuery:
    """Free text and filters. Empty text with filters lists the filtered records.

    Checked when made: limit 1..MAX_LIMIT, offset + limit at most RESULT_WINDOW, dates and the
    registration year within PLAUSIBLE_YEARS (the range the index can filter on),
    born_from not after born_to; else ``InvalidQuery``.
    """

    text: str = ""
    record_type: str | None = None
    born_from: date | None = None
    born_to: date | None = None
    registration_year: int | None = None
    commune: str | None = None  # matched without diacritics and case
    book_number: str | None = None
    limit: int = 10
    offset: int = 0
    facets: bool = False
    count: bool = False  # exact total of matches (costs a full pass; facets imply it)
    highlight: bool = False  # mark matched words in the hits' fields

    def __post_init__(self) -> None:
        problem = query_problem(self)
        if problem:
            raise InvalidQuery(problem)

    @cached_property
    def tokens(self) -> tuple[list[str], list[str]]:
        """(exact, folded) words; computed once, then read per candidate while ranking."""
        return query_tokens(self.text)

    @property
    def phrases(self) -> list[list[str]]:
        """Folded words of each "quoted" part: they must appear together, in order."""
        return [f for part in re.findall(r'"([^"]+)"', self.text)
                if len(f := query_tokens(part)[1]) > 1]

    @property
    def commune_folded(self) -> str | None:
        return " ".join(fold_lower(self.commune).split()) if self.commune else None

    @property
    def pool(self) -> int:
        """How many candidates to fetch for re-ranking."""
        wanted = self.offset + self.limit
        return min(max(wanted * 3, 30), RESULT_WINDOW) if self.text.strip() else wanted


def query_problem(q: SearchQuery) -> str | None:
    """Why ``q`` cannot be searched, or None (see SearchQuery)."""
    low, high = PLAUSIBLE_YEARS
    if not 1 <= q.limit <= MAX_LIMIT:
        return f"limit must be between 1 and {MAX_LIMIT}, not {q.limit}"
    if not 0 <= q.offset <= RESULT_WINDOW - q.limit:
        return (f"offset must be between 0 and {RESULT_WINDOW - q.limit:,} (offset + limit "
                f"at most {RESULT_WINDOW:,}), not {q.offset:,}: narrow the search with "
                "filters instead")
    for name, day in (("born from", q.born_from), ("born to", q.born_to)):
        if day is not None and not low <= day.year <= high:
            return f"{name} must be a date between {low} and {high}, not {day.isoformat()}"
    if q.born_from and q.born_to and q.born_from > q.born_to:
        return f"born from ({q.born_from}) is after born to ({q.born_to})"
    if q.registration_year is not None and not low <= q.registration_year <= high:
        return f"year must be between {low} and {high}, not {q.registration_year}"
    return None


@dataclass(frozen=True)
class Hit:
    key: str
    document_id: str
    source: str
    record_type: str
    score: float
    fields: dict[str, str | None]
    highlights: dict[str, str] = field(default_factory=dict)
    pdf: str | None = None  # the record's own PDF/A, else its document's (set by app/)
    # the page text of an entry without names (see `loose_text`), for ranking only
    text: str = field(default="", repr=False, compare=False)

    @property
    def page(self) -> int | None:
        """1-based page the record was read from (from its id: ``<doc>-<page>-<entry>``, or
        ``<doc>:p<page>`` for a page of text)."""
        tail = self.key.removeprefix(self.document_id)
        parts = tail.lstrip(":-p").split("-")
        return int(parts[0]) if parts and parts[0].isdigit() else None

    @property
    def entry(self) -> str | None:
        """The entry on its page (``3``; a record keyed by hand: ``k1``), from its id."""
        parts = self.key.removeprefix(self.document_id).lstrip("-").split("-")
        return parts[1] if len(parts) == 2 else None

    def as_json(self, with_highlights: bool = False) -> dict:
        out = {"record_id": self.key, "document_id": self.document_id, "source": self.source,
               "record_type": self.record_type, "page": self.page, "entry": self.entry,
               "pdf": self.pdf, "score": round(self.score, 4), "fields": self.fields}
        if with_highlights:
            out["highlights"] = self.highlights
        return out


@dataclass(frozen=True)
class SearchResult:
    hits: list[Hit]
    total: int | None = None  # exact, never capped; None unless asked (count or facets)
    facets: dict[str, dict[str, int]] = field(default_factory=dict)


def query_tokens(query: str) -> tuple[list[str], list[str]]:
    """(exact lower-case tokens, folded tokens) of a user's query."""
    exact = TOKEN.findall(join_apostrophes(nfc(query)).lower())
    return exact, [fold_lower(t) for t in exact]


def fuzziness(folded_token: str, known: bool = True) -> int:
    """Edits forgiven on a query word: one from 3 letters, like Elasticsearch's AUTO below 6
    letters. A word of 2 letters gets one only when it is no name syllable (``known``
    False): then it is most likely a 3-letter syllable that lost a letter ("bi" typed for
    "bui"); a 2-letter syllable that exists ("an", "le") is taken as typed."""
    return 1 if len(folded_token) >= 3 or (len(folded_token) == 2 and not known) else 0


def typo_neighbours(folded_token: str, vocabulary: list[str], known: bool = True) -> list[str]:
    """Terms of ``vocabulary`` equal to the token or within ``fuzziness`` of it; ``known``:
    whether the token itself is in the vocabulary."""
    if not fuzziness(folded_token, known):
        return [folded_token] if known else []
    return [t for t, _, _ in process.extract(folded_token, vocabulary, scorer=OSA.distance,
                                             score_cutoff=1, limit=None)]


def joins(folded: list[str], i: int) -> list[str]:
    """Word ``i`` written together with its neighbour before or after it: what a name whose
    space OCR lost ("NGUYỄN ANHTUYẾT") holds for the typed "anh" or "tuyet"."""
    return [folded[k] + folded[k + 1] for k in (i - 1, i) if 0 <= k < len(folded) - 1]


def _split_joined(folded_q: list[str], exact: list[str], folded: list[str]
                  ) -> tuple[list[str], list[str]] | None:
    """A name's tokens with each one that is (within one edit) two adjacent query words
    written together cut in two where the first word ends, so each scores as its word;
    None when no token is such."""
    pairs = list(zip(folded_q, folded_q[1:], strict=False))
    if not pairs or max(map(len, folded)) < min(len(a + b) for a, b in pairs) - 1:
        return None
    out_e, out_f, cuts = [], [], 0
    for e, f in zip(exact, folded, strict=True):
        cut = next((max((len(a), len(f) - len(b)),  # where the typo is not
                        key=lambda n, a=a, b=b: (f[:n] == a) + (f[n:] == b))
                    for a, b in pairs if abs(len(a + b) - len(f)) <= 1
                    and OSA.distance(a + b, f, score_cutoff=1) <= 1), 0)
        if cut and f not in folded_q and 0 < cut < len(f):
            out_e += [e[:cut], e[cut:]]
            out_f += [f[:cut], f[cut:]]
            cuts += 1
        else:
            out_e.append(e)
            out_f.append(f)
    return (out_e, out_f) if cuts else None


def _token_score(q_folded: str, q_exact: str, folded: list[str], exact: list[str]) -> float:
    """How well one query token is matched by a name's tokens: 1 exact (after folding),
    0.7 one edit away (transposition counts as one), plus 0.1 for the same diacritics."""
    best = 0.0
    for f, e in zip(folded, exact, strict=True):
        if score := _pair_score(q_folded, f):
            best = max(best, score + (0.1 if e == q_exact else 0.0))
    return best


@lru_cache(maxsize=65536)
def _pair_score(q_folded: str, folded: str) -> float:
    """1 for the same folded word, 0.7 one edit away (within `fuzziness`), else 0; the
    same pairs recur across candidates, so it is cached."""
    if folded == q_folded:
        return 1.0
    if fuzziness(q_folded, known=False) and abs(len(folded) - len(q_folded)) <= 1 and (
            OSA.distance(folded, q_folded, score_cutoff=1) <= 1):
        return 0.7
    return 0.0


@lru_cache(maxsize=65536)
def _name_tokens(name: str) -> tuple[list[str], list[str]]:
    """(exact lower-case, folded) tokens of a name; names repeat a lot across candidates."""
    lowered = join_apostrophes(nfc(name)).lower()
    return TOKEN.findall(lowered), TOKEN.findall(fold(lowered))  # folding keeps length


def _in_order(folded_q: list[str], folded: list[str]) -> float:
    """0.1 when the name holds the query's words in order exactly, 0.07 when within one edit
    a word (3+ letters), else 0: "nguen anh tuyet" is NGUYỄN ANH TUYẾT more than TUYẾT ANH."""
    if " ".join(folded_q) in " ".join(folded):
        return 0.1
    n = len(folded_q)
    for start in range(len(folded) - n + 1):
        if n > 1 and all(q == f or (fuzziness(q) and abs(len(q) - len(f)) <= 1
                                    and OSA.distance(q, f, score_cutoff=1) <= 1)
                         for q, f in zip(folded_q, folded[start:start + n], strict=True)):
            return 0.07
    return 0.0


def name_similarity(query: str, fields: dict[str, str | None],
                    tokens: tuple[list[str], list[str]] | None = None) -> float:
    """0..1.1: the best match of the query against the record's person names.

    Index engines score typo matches as constants (tantivy) or by engine-specific rules, so
    candidates are re-ranked here, the same way for every backend.
    """
    exact_q, folded_q = tokens or query_tokens(query)
    if not folded_q:
        return 0.0
    best = 0.0
    for key, weight in NAME_FIELDS.items():
        name = fields.get(key)
        if not name:
            continue
        exact, folded = _name_tokens(name)
        scores = _scores(folded_q, exact_q, folded, exact)
        if min(scores) < 1.0 and (split := _split_joined(folded_q, exact, folded)):
            exact, folded = split  # a word not matched exactly was joined to another
            scores = _scores(folded_q, exact_q, folded, exact)
        coverage = len(folded_q) / max(len(folded), len(folded_q))
        in_order = _in_order(folded_q, folded) if min(scores) else 0.0  # each word is needed
        best = max(best, weight * (0.8 * sum(scores) / len(folded_q) + 0.1 * coverage
                                   + in_order))
    return best


def _scores(folded_q: list[str], exact_q: list[str], folded: list[str],
            exact: list[str]) -> list[float]:
    """Each query word's `_token_score` against a name's tokens."""
    return [_token_score(f, e, folded, exact) for f, e in zip(folded_q, exact_q, strict=True)]


def loose_text(record: IndexRecord) -> str:
    """The page text of an entry whose names extraction could not read (a page without
    records, a register row without its name), else "". Such entries are found by a name
    typed with a typo in their text (the tolerant step) and ranked by `text_similarity`."""
    return "" if record.names else record.text


@lru_cache(maxsize=256)
def _text_words(text: str) -> tuple[list[str], list[str], list[bool]]:
    """(folded words in order, the distinct ones, whether each is in capitals) of a page; a
    register's rows share it."""
    raw = TOKEN.findall(nfc(text))
    words = [fold_lower(w) for w in raw]
    return words, sorted(set(words)), [w.isupper() for w in raw]


def text_similarity(tokens: tuple[list[str], list[str]], text: str) -> float:
    """0..0.8: the query's words as consecutive words of ``text`` (each exact or one edit
    away, as names are scored), weighted below any extracted name (declarant's 0.8 too)."""
    folded_q = tokens[1]
    words, unique, capitals = _text_words(text)
    near = [{w: 0.7 if d else 1.0 for w, d, _ in process.extract(
        q, unique, scorer=OSA.distance, score_cutoff=fuzziness(q, known=False), limit=None)}
        for q in folded_q]
    n, best = len(folded_q), 0.0
    for start in range(len(words) - n + 1):
        scores = [near[k].get(words[start + k], 0.0) for k in range(n)]
        if all(scores):
            best = max(best, sum(scores) / n)
    if best:
        return 0.8 * (0.8 * best + 0.1 + (0.1 if best == 1.0 else 0.07))
    return 0.8 * 0.8 * _spread(near, words, capitals)


def _spread(near: list[dict[str, float]], words: list[str], capitals: list[bool]) -> float:
    """0..1 for the query's words found in order but not side by side (a name wrapped in
    a table cell, other columns' words between its lines): their mean score times the
    query's length over the shortest span holding them, a word not in capitals counting
    half (forms print names in capitals; "thị trấn ... chính quyền" is no TRẦN ... QUYÊN);
    0 when not all are there."""
    n, best = len(near), 0.0
    for start, word in enumerate(words):
        if word not in near[0]:
            continue
        total, at = near[0][word] * (1 if capitals[start] else 0.5), start
        for k in range(1, n):
            at = next((j for j in range(at + 1, len(words)) if words[j] in near[k]), -1)
            if at < 0:
                return best
            total += near[k][words[at]] * (1 if capitals[at] else 0.5)
        best = max(best, total / (at - start + 1))
    return best


def names_exactly(query: SearchQuery, fields: dict[str, str | None]) -> bool:
    """True when one of the record's names holds the query's words, in order, exactly
    (after folding): the user typed a name that exists, so no typo needs forgiving."""
    wanted = " ".join(query.tokens[1])
    return bool(wanted) and any(
        f" {wanted} " in f" {' '.join(_name_tokens(v)[1])} "
        for k in NAME_FIELDS if (v := fields.get(k)))


def enough(query: SearchQuery, step: int, hits: list[Hit]) -> bool:
    """Whether the query rule can stop after ``step`` (0 strict, 1 tolerant, 2 anywhere)
    with these candidates: strict when a hit's name is exactly the typed words, tolerant
    as soon as it finds anything."""
    if step == 0:
        return any(names_exactly(query, h.fields) for h in hits)
    return bool(hits)


def highlight(text: str, folded_query: list[str], fuzzy: bool) -> str | None:
    """The value with matched words in «guillemets», or None when nothing matched.
    One-edit matches are marked only where they are meant (person names)."""
    text = nfc(text)
    folded = fold_lower(text)  # same length as text: spans carry over
    out, last = [], 0
    for m in TOKEN.finditer(folded):
        f = m.group()
        if any(f == q or (fuzzy and fuzziness(q) and abs(len(f) - len(q)) <= 1
                          and OSA.distance(f, q, score_cutoff=1) <= 1) for q in folded_query):
            out += [text[last:m.start()], "«", text[m.start():m.end()], "»"]
            last = m.end()
    return "".join(out) + text[last:] if out else None


def rank(query: SearchQuery, candidates: list[Hit]) -> list[tuple[float, Hit]]:
    """Candidates with their name similarity, best first (engine score breaks ties).
    Without words (filters only) the engine's order is kept."""
    unique = list({h.key: h for h in candidates}.values())
    if not query.text.strip():
        return [(0.0, h) for h in unique]
    tokens = query.tokens
    return sorted(((name_similarity(query.text, h.fields, tokens) or
                    (text_similarity(tokens, h.text) if h.text else 0.0), h) for h in unique),
                  key=lambda pair: (pair[0], pair[1].score), reverse=True)


def finish(query: SearchQuery, ranked: list[tuple[float, Hit]]) -> list[Hit]:
    """The requested page of ranked candidates, with scores and highlights."""
    page = ranked[query.offset:query.offset + query.limit]
    if not query.text.strip():
        return [h for _, h in page]
    folded = query.tokens[1]
    out = []
    for sim, h in page:
        marks = {k: m for k, v in h.fields.items()
                 if v and (m := highlight(v, folded, fuzzy=k in NAME_FIELDS))
                 } if query.highlight else {}
        out.append(Hit(h.key, h.document_id, h.source, h.record_type,
                       round(sim * 100 + h.score, 4), h.fields, marks))
    return out


class SearchIndex(Protocol):
    """What the pipeline and the CLI need from a search backend."""

    def upsert(self, records: Iterable[IndexRecord], *, document_ids: Iterable[str]) -> list[str]:
        """Replace all records of ``document_ids`` with ``records``; returns failed keys."""

    def search(self, query: SearchQuery) -> SearchResult: ...

    def count(self) -> int: ...

    def document_counts(self) -> dict[str, int]:
        """Records held per document id (for ``sohoa index check``)."""

    def clear(self) -> None: ...

    def begin_rebuild(self) -> str:
        """Start an empty generation beside the live one; returns its name."""

    def add_to(self, generation: str, records: Iterable[IndexRecord]) -> list[str]:
        """Write records into a generation that is not live yet; returns failed keys."""

    def commit_rebuild(self, generation: str) -> None:
        """Make the generation live atomically and drop the old one."""

    def has_generation(self, generation: str) -> bool:
        """Whether a generation begun earlier is still there (a resumed rebuild's)."""

    def abort_rebuild(self, generation: str) -> None: ...

    def close(self) -> None: ...


def batched(items: Iterable, size: int) -> Iterator[list]:
    batch: list = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
