"""Accuracy on labelled data: OCR character error rate, field accuracy, search recall.

A labelled folder holds scans with ``<name>.truth.json`` beside them (``sohoa samples``
writes such folders). Nothing here is tuned to pass: it reports what the pipeline does.
"""

from __future__ import annotations

import difflib
import json
import random
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz.distance import Levenshtein

from index.base import SearchIndex, SearchQuery
from ocr.models import OcrPage
from ocr.text import fold, fold_lower, nfc
from pipeline.models import DocumentResult
from schemas.records import PRIMARY_NAMES


def normalise_text(text: str) -> str:
    """Compare text, not layout: NFC, one space between words, one newline between lines."""
    lines = (re.sub(r"\s+", " ", line).strip() for line in nfc(text).splitlines())
    return "\n".join(line for line in lines if line)


# Values that print as a list: one item a line, each behind a bullet and closed by ";" or "."
LISTS = {"recipients"}
_BULLET = re.compile(r"(?:^|\s)[-–•+]\s+")


def comparable(key: str, value: object) -> object:
    """A field value as compared with the truth: a text's line breaks are layout (a signer's
    title lines "TM. ỦY BAN NHÂN DÂN" / "CHỦ TỊCH" equal the same words on one line), and
    so are a list's bullets and item punctuation ("- Như Điều 3; - Lưu: VT." equals the
    items "Như Điều 3" / "Lưu: VT"). Words, letters and their order still count."""
    if not isinstance(value, str):
        return value
    if key in LISTS:
        items = _BULLET.split(value) if "\n" not in value else value.splitlines()
        items = [re.sub(r"\s+", " ", i).strip(" ;.,") for i in items]
        return "\n".join(i for i in items if i)
    return re.sub(r"\s+", " ", value).strip()


def cer(truth: str, hypothesis: str) -> tuple[int, int]:
    """(edit distance, truth length) so rates can be pooled over pages."""
    t, h = normalise_text(truth), normalise_text(hypothesis)
    return Levenshtein.distance(t, h), len(t)


def word_f1(truth: str, hypothesis: str) -> tuple[int, int, int]:
    """(matched, truth words, hypothesis words), order-free, so it can be pooled over pages.

    Both texts are NFC-normalised and split on whitespace; punctuation stays attached to its
    word as printed ("đăng." and "đăng" differ), case counts. A word is matched as often as it
    occurs in both (multiset intersection). Precision = matched / hypothesis words, recall =
    matched / truth words, F1 = 2 * matched / (truth words + hypothesis words).
    """
    t, h = Counter(nfc(truth).split()), Counter(nfc(hypothesis).split())
    return sum((t & h).values()), sum(t.values()), sum(h.values())


def text_errors(truth: str, hypothesis: str) -> Counter:
    """Edits and lengths for CER, WER and CER with diacritics stripped (pooled over pages)."""
    t, h = normalise_text(truth), normalise_text(hypothesis)
    matched, truth_words, hyp_words = word_f1(t, h)
    return Counter(chars=len(t), char_edits=Levenshtein.distance(t, h),
                   folded_edits=Levenshtein.distance(fold(t), fold(h)),
                   words=len(t.split()), word_edits=Levenshtein.distance(t.split(), h.split()),
                   f1_matched=matched, f1_words=truth_words + hyp_words)


def word_outcomes(truth: str, page: OcrPage) -> list[tuple[float, bool]]:
    """(confidence, right) for each word read: right when it lines up with the truth."""
    want = normalise_text(truth).split()
    words = page.words
    right = [False] * len(words)
    matcher = difflib.SequenceMatcher(None, want, [w.text for w in words], autojunk=False)
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            right[block.b + k] = True
    return [(w.confidence, ok) for w, ok in zip(words, right, strict=True)]


def one_typo(text: str, rng: random.Random) -> str:
    """The query a hurried clerk types: one letter of the longest word dropped or swapped."""
    words = text.split()
    i = max(range(len(words)), key=lambda k: len(words[k]))
    w = words[i]
    pos = rng.randrange(1, len(w) - 1) if len(w) > 2 else 0
    if rng.random() < 0.5:
        words[i] = w[:pos] + w[pos + 1:]
    else:
        words[i] = w[:pos] + rng.choice("aeioun") + w[pos + 1:]
    return " ".join(words)


TEXTS = ("no_cleanup", "raw", "corrected", "tesseract", "ocrmypdf")


@dataclass
class Report:
    documents: int = 0
    failed: list[str] = field(default_factory=list)
    # per degradation: "corrected" (what sohoa outputs) and "raw" (tesseract's reading)
    text: dict[str, dict[str, Counter]] = field(
        default_factory=lambda: {t: defaultdict(Counter) for t in TEXTS})
    word_confidence: list[tuple[float, bool]] = field(default_factory=list)  # (conf, right)
    field_hits: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    field_total: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    field_errors: list[dict] = field(default_factory=list)
    recall_exact: list[bool] = field(default_factory=list)
    recall_typo: list[bool] = field(default_factory=list)
    review_flags: list[tuple[bool, bool]] = field(default_factory=list)  # (flagged, has_error)
    field_confidence: list[tuple[float, bool]] = field(default_factory=list)  # (conf, right)
    # every value the pipeline filled in: (wrong, passed: at or above the threshold with no
    # review reason naming its field) -- wrong and passed is what an officer would miss
    filled: list[tuple[bool, bool]] = field(default_factory=list)
    entries_expected: int = 0
    entries_found: int = 0
    # the same figures per source of the pages (truth "generator": sohoa's own samples,
    # the independent generator, real scans): one figure alone proves little
    sources: dict[str, Report] = field(default_factory=dict)

    def source(self, name: str) -> Report:
        return self.sources.setdefault(name, Report(threshold=self.threshold))
    threshold: float = 0.8
    seconds: float = 0.0
    pages: int = 0

    def rate(self, kind: str = "all", edits: str = "char_edits", text: str = "corrected") -> float:
        """CER, WER, CER without diacritics, or (``f1_matched``) word F1: 2 x matched words
        / (truth words + words read), an order-free multiset of exact NFC words."""
        counts = self.text[text]
        total = sum(counts.values(), Counter()) if kind == "all" else counts[kind]
        of = {"word_edits": "words", "f1_matched": "f1_words"}.get(edits, "chars")
        return (2 if edits == "f1_matched" else 1) * total[edits] / max(1, total[of])

    def text_json(self) -> dict:
        """Rates per reading: no_cleanup (tesseract on the scan as it is, after sohoa's
        upscaling), raw (tesseract after cleanup), corrected (sohoa's output), and on pages
        whose tools were run, tesseract (bare, --psm 3) and ocrmypdf."""
        texts = [t for t in TEXTS if self.text.get(t)]

        def rates(kind: str) -> dict:
            return {f"{name}_{text}": round(self.rate(kind, edits, text), 5)
                    for name, edits in (("cer", "char_edits"), ("wer", "word_edits"),
                                        ("cer_no_diacritics", "folded_edits"),
                                        ("word_f1", "f1_matched"))
                    for text in texts if kind == "all" or kind in self.text[text]}
        raw, corrected = self.rate(text="raw"), self.rate()
        clean = self.rate("clean") if self.text["corrected"].get("clean") else None
        return {**rates("all"),
                "correction_cer_reduction": round(1 - corrected / raw, 4) if raw else None,
                "by_degradation": {k: rates(k) | ({"cer_vs_clean": round(self.rate(k) / clean, 2)}
                                                  if clean else {})
                                   for k in sorted(self.text["corrected"])}}

    def field_accuracy(self, kind: str = "all") -> float:
        if kind == "all":
            return sum(self.field_hits.values()) / max(1, sum(self.field_total.values()))
        return self.field_hits[kind] / max(1, self.field_total[kind])

    def as_json(self) -> dict:
        def share(xs: list[bool]) -> float | None:
            return round(sum(xs) / len(xs), 4) if xs else None
        flagged_errors = [e for f, e in self.review_flags if f]
        unflagged_errors = [e for f, e in self.review_flags if not f]
        below = [not ok for c, ok in self.field_confidence if c < self.threshold]
        above = [not ok for c, ok in self.field_confidence if c >= self.threshold]
        words_below = [not ok for c, ok in self.word_confidence if c < self.threshold]
        words_above = [not ok for c, ok in self.word_confidence if c >= self.threshold]
        return {
            "documents": self.documents, "failed": self.failed, "pages": self.pages,
            "seconds_per_page": round(self.seconds / max(1, self.pages), 2),
            "cer": round(self.rate(), 5),
            "text": self.text_json(),
            "words_below_threshold": len(words_below),
            "word_error_rate_below_threshold": share(words_below),
            "words_above_threshold": len(words_above),
            "word_error_rate_above_threshold": share(words_above),
            "field_accuracy": round(self.field_accuracy(), 4),
            "field_accuracy_by_type": {k: round(self.field_accuracy(k), 4)
                                       for k in sorted(self.field_total)},
            "search_recall_at_5": share(self.recall_exact),
            "search_recall_at_5_one_typo": share(self.recall_typo),
            "records_flagged_for_review": len(flagged_errors),
            "error_rate_in_flagged_records": share(flagged_errors),
            "error_rate_in_unflagged_records": share(unflagged_errors),
            "review_threshold": self.threshold,
            "fields_below_threshold": len(below),
            "error_rate_below_threshold": share(below),
            "fields_above_threshold": len(above),
            "error_rate_above_threshold": share(above),
            "by_source": {name: _summary(r.as_json()) for name, r in sorted(self.sources.items())},
            "entries_found": f"{self.entries_found} of {self.entries_expected}",
            "filled_values": len(self.filled),
            "wrong_and_unflagged_share": share([wrong and passed for wrong, passed
                                                in self.filled]),
            # the officer's load: filled values under the threshold or with a reason
            "flagged_share": share([not passed for _, passed in self.filled]),
            "field_errors": self.field_errors[:50],
        }


SUMMARY = ("documents", "pages", "cer", "field_accuracy", "field_accuracy_by_type",
           "entries_found", "filled_values", "wrong_and_unflagged_share", "flagged_share")


def _summary(figures: dict) -> dict:
    return {k: figures[k] for k in SUMMARY} | {
        k: v for k, v in figures["text"].items() if k.startswith("word_f1") or k == "cer_raw"}


def _no_cleanup_texts(scan: Path, settings) -> list[str]:
    """What tesseract reads from each page of ``scan`` without sohoa's cleanup."""
    import os

    from ocr.read import read_page
    from pipeline.ingest import open_source
    from pipeline.page import page_pixels

    os.environ["OMP_THREAD_LIMIT"] = "1"
    source = open_source(scan, max_pixels=settings.max_pixels, max_pages=settings.max_pages)
    texts = []
    for i in range(source.page_count):
        rgb, dpi = page_pixels(scan, source.kind, i, dpi=settings.dpi,
                               max_pixels=settings.max_pixels)
        texts.append(read_page(rgb, dpi=dpi, osd=False, cleanup=False, correct=False,
                               language=settings.language,
                               tessdata_dir=str(settings.tessdata_dir) if settings.tessdata_dir
                               else None)[1].text)
    return texts


def score_baseline(report: Report, scans: list[Path], settings) -> None:
    """CER of the same pages read without cleanup (in page workers, like the pipeline)."""
    from functools import partial

    from pipeline.run import make_executor

    with make_executor(settings) as pool:
        for scan, texts in zip(scans, pool.map(partial(_no_cleanup_texts, settings=settings),
                                               scans), strict=True):
            truth = load_truth(scan)
            kind = truth.get("degradation", "all")
            for text, want in zip(texts, truth["pages"], strict=False):
                errors = text_errors("\n".join(want["lines"]), text)
                report.text["no_cleanup"][kind] += errors
                report.source(truth.get("generator", "sohoa-samples")).text["no_cleanup"][kind] \
                    += errors


def score_tools(report: Report, scans: list[Path]) -> None:
    """Bare tesseract and OCRmyPDF on the real pages (truth ``generator`` "real"), so that
    sohoa is compared with them on the same pages in the same run. A tool that is missing
    or fails on a page is left out of its figures for that page, never fatal."""
    import tempfile

    from pipeline.baselines import ocrmypdf, tesseract

    with tempfile.TemporaryDirectory(prefix="sohoa-tools-") as tmp:
        for scan in scans:
            truth = load_truth(scan)
            if not truth or truth.get("generator") != "real":
                continue
            want = "\n".join(line for page in truth["pages"] for line in page["lines"])
            kind = truth.get("degradation", "all")
            for name, tool in (("tesseract", tesseract), ("ocrmypdf", ocrmypdf)):
                text, _, problem = tool(scan, Path(tmp))
                if text is not None:
                    for target in (report, report.source("real")):
                        target.text[name][kind] += text_errors(want, text)


def load_truth(scan: Path) -> dict | None:
    path = scan.with_suffix(".truth.json")
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def _bucket(want: dict) -> str:
    """Accuracy is reported per record type and, for register books, per layout."""
    layout = want.get("layout", "certificate")
    return want["type"] if layout in ("certificate", "document") else f"{want['type']}/{layout}"


def score_document(report: Report, result: DocumentResult, truth: dict) -> None:
    report.documents += 1
    if result.status != "ok":
        report.failed.append(f"{result.source}: {result.error}")
        return
    kind = truth.get("degradation", "all")
    report.pages += len(result.pages)
    for page, want in zip(result.pages, truth["pages"], strict=False):
        lines = "\n".join(want["lines"])
        report.text["corrected"][kind] += text_errors(lines, page.text)
        report.text["raw"][kind] += text_errors(lines, page.raw_text or page.text)
        report.word_confidence += word_outcomes(lines, page)
    # Entries are matched by position (page, then entry); a record missing, or of the wrong
    # type, counts every field of the truth as wrong.
    got = {(r.page, r.entry): r for r in result.records}
    for want in truth["records"]:
        record = got.get((want["page"], want.get("entry", 1)))
        if record is not None and record.type.value != want["type"]:
            record = None
        report.entries_expected += 1
        report.entries_found += record is not None
        bucket = _bucket(want)
        had_error = False
        flagged = {r.split(":")[0] for r in record.review_reasons} if record else set()
        for key, expected in want["fields"].items():
            fv = record.fields.get(key) if record else None
            value = comparable(key, fv.value) if fv else None
            expected = comparable(key, expected)
            passed = bool(fv and fv.confidence >= report.threshold and key not in flagged)
            if fv is not None and value is not None:
                report.filled.append((value != expected, passed))
            report.field_total[bucket] += 1
            if value is not None or expected is not None:  # does the confidence predict errors?
                report.field_confidence.append((fv.confidence if fv else 0.0, value == expected))
            if value == expected:
                report.field_hits[bucket] += 1
            else:
                had_error = True
                report.field_errors.append({"source": result.source, "entry": want.get("entry", 1),
                                            "field": key, "expected": expected, "got": value,
                                            "passed": passed})
        report.review_flags.append((bool(record and record.needs_review), had_error))


def person_name(fields: dict) -> str | None:
    return next((fields[k] for k in PRIMARY_NAMES if fields.get(k)), None)


def score_search(report: Report, index: SearchIndex, results: list[tuple[DocumentResult, dict]],
                 seed: int = 11) -> None:
    """Each person's name, typed without diacritics (and with one typo), must find the
    document among the first five hits."""
    rng = random.Random(seed)
    for result, truth in results:
        if result.status != "ok":
            continue
        for want in truth["records"]:
            name = person_name(want["fields"])
            if not name:
                continue
            query = fold_lower(name)
            for bucket, q in ((report.recall_exact, query),
                              (report.recall_typo, one_typo(query, rng))):
                hits = index.search(SearchQuery(q, limit=5)).hits
                bucket.append(any(h.document_id == result.document_id for h in hits))


def run_eval(folder: Path, settings, progress=None, distractors: int = 2000,
             baseline: bool = True) -> Report:
    """Digitise a labelled folder into ``settings.home`` and score it; with ``baseline``,
    read its pages again without cleanup to show what cleanup gives."""
    import time

    from index import open_index
    from index.base import IndexRecord
    from pipeline.catalog import Catalog
    from pipeline.ingest import discover
    from pipeline.run import digitize
    from pipeline.samples import birth_fields

    scans = [p for p in discover([folder]) if load_truth(p)]
    catalog, index = Catalog(settings.catalog_url, home=settings.home), open_index(settings)
    rng = random.Random(5)
    crowd = []
    for i in range(distractors):  # other people in the same registry, with similar names
        f = birth_fields(rng)
        f.pop("_commune")
        crowd.append(IndexRecord(f"crowd:{i}", f"crowd{i}", "synthetic", "birth", 1, f, ""))
    if crowd:
        index.upsert(crowd, document_ids=[])
    report = Report(threshold=settings.review_confidence)
    started = time.perf_counter()
    results = []
    for result in digitize(scans, settings, catalog, index, progress, command="eval"):
        truth = load_truth(Path(result.source))
        score_document(report, result, truth)
        score_document(report.source(truth.get("generator", "sohoa-samples")), result, truth)
        results.append((result, truth))
    report.seconds = time.perf_counter() - started
    score_search(report, index, results)
    if baseline:
        score_baseline(report, scans, settings)
    score_tools(report, scans)
    return report
