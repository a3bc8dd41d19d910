"""Real pages, same run: sohoa against bare tesseract and OCRmyPDF, scored on exact words.

    PYTHONPATH=. .venv/bin/python benchmarks/bench_real.py [FOLDER=tests/data/real] [--json OUT]

Every image in FOLDER with a ``<stem>.truth.json`` beside it is read, one page at a time and
one core each (OMP_THREAD_LIMIT=1, --jobs 1), by:
  tesseract      ``tesseract IMAGE - -l vie --psm 3``, no preprocessing;
  ocrmypdf       ``ocrmypdf --rotate-pages --deskew -l vie --jobs 1``, then ``pdftotext`` of
                 its text layer (needs ``pip install '.[bench]'``; a page it fails on is
                 reported and left out of its pooled figures, never fatal);
  sohoa          ``python -m cli digitize IMAGE --json --jobs 1`` (fresh SOHOA_HOME each run):
                 its corrected ``text``, and ``raw_text`` (tesseract's reading of sohoa's
                 cleaned image, before post-correction);
  sohoa-nocleanup  the same with SOHOA_CLEANUP=false: the original image, then correction.

Scores (pipeline.evaluate): word F1 over the multiset of exact NFC words (split on whitespace,
punctuation kept attached as printed, case kept; precision = matched / hypothesis words,
recall = matched / truth words), CER (edit distance over the truth's length after
normalise_text), and words missed (truth words not matched). Seconds are wall time per page of
the whole command: for sohoa and OCRmyPDF that includes interpreter start-up and writing the
PDF/A, for tesseract only reading. Pooled figures sum counts over pages, not page averages.

Last, for each page: the truth words bare tesseract read right and sohoa (corrected) did not,
as ``truth → sohoa raw → sohoa corrected`` (words aligned by difflib on the page's word order).
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import sys
import tempfile
from collections import Counter
from pathlib import Path

from ocr.text import nfc
from pipeline.baselines import ocrmypdf, run, tesseract
from pipeline.evaluate import cer, load_truth, word_f1

IMAGES = {".png", ".jpg", ".jpeg", ".tif", ".tiff"}
TOOLS = ("sohoa", "sohoa-raw", "sohoa-nocleanup", "tesseract", "ocrmypdf")
ROOT = Path(__file__).resolve().parent.parent


def sohoa(image: Path, tmp: Path, cleanup: bool) -> tuple[dict | None, float, str]:
    home = Path(tempfile.mkdtemp(prefix="sohoa-home-", dir=tmp))
    env = {"SOHOA_HOME": str(home), "SOHOA_CLEANUP": "true" if cleanup else "false",
           "PYTHONPATH": str(ROOT)}
    done, secs = run([sys.executable, "-m", "cli", "digitize", str(image), "--json",
                      "--jobs", "1"], env)
    try:
        result = json.loads(done.stdout.decode())
    except ValueError:
        return None, secs, done.stderr.decode(errors="replace")[-300:]
    if result.get("status") != "ok":
        return None, secs, str(result.get("error"))
    return result, secs, ""


def aligned(truth: list[str], hyp: list[str]) -> dict[int, str]:
    """For each truth word index, what the hypothesis has in its place ('' if nothing)."""
    out: dict[int, str] = {}
    sm = difflib.SequenceMatcher(None, truth, hyp, autojunk=False)
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal" or (op == "replace" and i2 - i1 == j2 - j1):
            for k in range(i2 - i1):
                out[i1 + k] = hyp[j1 + k]
        elif op in ("replace", "delete"):
            got = " ".join(hyp[j1:j2])
            for k in range(i1, i2):
                out[k] = got if k == i1 else "〃"
    return out


def lost_words(truth: str, tess: str, raw: str, corrected: str) -> list[str]:
    """Truth words bare tesseract matched and sohoa (corrected) did not: 'truth → raw → fixed'."""
    t = nfc(truth).split()
    lost = (Counter(t) & Counter(nfc(tess).split())) - (Counter(t) & Counter(nfc(corrected).split()))
    in_raw, in_fixed = aligned(t, nfc(raw).split()), aligned(t, nfc(corrected).split())
    rows = []
    for i, word in enumerate(t):
        if lost[word] > 0 and in_fixed.get(i) != word:
            lost[word] -= 1
            rows.append(f"{word} → {in_raw.get(i, '') or '∅'} → {in_fixed.get(i, '') or '∅'}")
    return rows


def fmt(stats: Counter) -> str:
    m, nt, nh = stats["matched"], stats["truth_words"], stats["hyp_words"]
    p, r = m / nh if nh else 0.0, m / nt if nt else 0.0
    f1 = 2 * m / (nt + nh) if nt + nh else 0.0
    c = stats["char_edits"] / stats["chars"] if stats["chars"] else 0.0
    return (f"F1 {f1:.4f}  P {p:.4f}  R {r:.4f}  CER {c:.4f}  missed {nt - m:4d}/{nt:<4d}  "
            f"{stats['seconds'] / max(1, stats['pages']):6.1f} s/page")


def main() -> None:
    os.environ["OMP_THREAD_LIMIT"] = "1"
    ap = argparse.ArgumentParser()
    ap.add_argument("folder", nargs="?", type=Path, default=Path("tests/data/real"))
    ap.add_argument("--json", type=Path, help="also write every text and score here")
    args = ap.parse_args()
    pages = sorted(p for p in args.folder.iterdir()
                   if p.suffix.lower() in IMAGES and p.with_suffix(".truth.json").exists())
    if not pages:
        sys.exit(f"no labelled images in {args.folder}")
    pooled = {tool: Counter() for tool in TOOLS}
    failures: list[str] = []
    report: dict = {"pages": {}}
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        for image in pages:
            truth_doc = load_truth(image)
            truth = "\n".join(truth_doc["pages"][0]["lines"])
            texts: dict[str, str | None] = {}
            secs: dict[str, float] = {}
            texts["tesseract"], secs["tesseract"], err = tesseract(image, tmp)
            if err:
                failures.append(f"{image.name}: tesseract: {err}")
            texts["ocrmypdf"], secs["ocrmypdf"], err = ocrmypdf(image, tmp)
            if err:
                failures.append(f"{image.name}: ocrmypdf: {err}")
            for tool, cleanup in (("sohoa", True), ("sohoa-nocleanup", False)):
                result, secs[tool], err = sohoa(image, tmp, cleanup)
                if err or result is None:
                    failures.append(f"{image.name}: {tool}: {err}")
                    texts[tool] = None
                    if cleanup:
                        texts["sohoa-raw"] = None
                    continue
                page = result["pages"][0] if result["pages"] else {"text": "", "raw_text": ""}
                texts[tool] = page["text"]
                if cleanup:
                    texts["sohoa-raw"] = page.get("raw_text") or page["text"]
                    secs["sohoa-raw"] = secs[tool]
            print(f"\n{image.name}  ({len(nfc(truth).split())} words)")
            page_report = {}
            for tool in TOOLS:
                text = texts.get(tool)
                if text is None:
                    print(f"  {tool:16s} FAILED")
                    page_report[tool] = None
                    continue
                m, nt, nh = word_f1(truth, text)
                edits, chars = cer(truth, text)
                stats = Counter(matched=m, truth_words=nt, hyp_words=nh, char_edits=edits,
                                chars=chars, pages=1)
                stats["seconds"] = secs.get(tool, 0.0)
                pooled[tool] += stats
                print(f"  {tool:16s} {fmt(stats)}")
                page_report[tool] = {"text": text, **dict(stats)}
            if texts.get("tesseract") is not None and texts.get("sohoa") is not None:
                lost = lost_words(truth, texts["tesseract"], texts["sohoa-raw"], texts["sohoa"])
                page_report["lost_vs_tesseract"] = lost
                if lost:
                    print(f"  sohoa wrong where tesseract right ({len(lost)}): "
                          "truth → sohoa raw → sohoa corrected")
                    for row in lost:
                        print(f"    {row}")
            report["pages"][image.name] = page_report
    print(f"\nPOOLED over {len(pages)} page(s) (counts summed; a failed page is left out of "
          "its tool's pool)")
    for tool in TOOLS:
        print(f"  {tool:16s} {fmt(pooled[tool])}  [{pooled[tool]['pages']} page(s)]")
    if failures:
        print("\nFAILURES")
        for f in failures:
            print(f"  {f}")
    if args.json:
        report["pooled"] = {t: dict(c) for t, c in pooled.items()}
        report["failures"] = failures
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
