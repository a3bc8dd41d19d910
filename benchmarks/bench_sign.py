"""What the office's signature costs: seconds and bytes per signed PDF against the PDF/A
step that writes it, measured in the same run.

    .venv/bin/python benchmarks/bench_sign.py [--pages 3] [--repeat 10]

Reads ``--pages`` generated certificates once (real tesseract, as a worker does), then for
each, ``--repeat`` times: writes its PDF/A-2b (pipeline.pdfa.write_pdfa, the baseline),
signs it (pipeline.signing.sign_pdf, PAdES B-B, RSA-2048 key in a .p12 made here), checks
the signature (signature_failures against the test CA) and appends a signed correction
(rewrite_metadata). Prints medians and ratios against the PDF/A step.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.models import PageTask  # noqa: E402
from pipeline.page import process_page  # noqa: E402
from pipeline.pdfa import ArchiveInfo, ArchivePage, rewrite_metadata, write_pdfa  # noqa: E402
from pipeline.samples import generate  # noqa: E402
from pipeline.signing import SignerConfig, load_signer, sign_pdf, signature_failures  # noqa: E402
from tests.pipeline.certs import PASSWORD, make_pki  # noqa: E402


def read(scan: Path) -> tuple[ArchivePage, float]:
    task = PageTask(path=scan, kind="image", index=0, dpi=300, language="vie",
                    tessdata_dir=None, osd=True, deskew=True, jpeg_quality=50,
                    archive_image="auto", background_dpi=200, max_pixels=120_000_000,
                    timeout=300)
    outcome = process_page(task)
    assert outcome.ocr and outcome.image, outcome.error
    return ArchivePage(outcome.image, outcome.ocr), outcome.seconds


def timed(fn, *args) -> float:
    start = time.perf_counter()
    fn(*args)
    return time.perf_counter() - start


def main() -> None:
    os.environ["OMP_THREAD_LIMIT"] = "1"
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=3)
    ap.add_argument("--repeat", type=int, default=10)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        pki = make_pki(root / "pki")
        config = SignerConfig(p12=pki.p12, password=PASSWORD)
        load_signer(config)  # the key is opened once per run, not per file
        read_pages = [read(s) for s in generate(root / "scans", args.pages, seed=42,
                                                formats=("png",))]
        rows: dict[str, list[float]] = {k: [] for k in ("pdfa", "sign", "validate",
                                                        "correction", "bytes", "pdf_bytes")}
        rows["page"] = [seconds for _, seconds in read_pages]
        for n, (page, _) in enumerate(read_pages):
            info = ArchiveInfo("birth bench", f"scan{n}.png", "0" * 64, "birth",
                               {"full_name": "NGUYỄN VĂN A"})
            for i in range(args.repeat):
                out = root / f"p{n}-{i}.pdf"
                rows["pdfa"].append(timed(write_pdfa, [page], info, out))
                size = out.stat().st_size
                rows["sign"].append(timed(sign_pdf, out, config))
                rows["pdf_bytes"].append(size)
                rows["bytes"].append(out.stat().st_size - size)
                rows["validate"].append(timed(signature_failures, out, [pki.ca], True))
                rows["correction"].append(timed(rewrite_metadata, out, info, "2b", config))
                assert signature_failures(out, trust=pki.ca, require=True) == []
    report(rows, len(read_pages), args.repeat)


def report(rows: dict[str, list[float]], pages: int, repeat: int) -> None:
    med = {k: statistics.median(v) for k, v in rows.items()}
    print(f"{pages} generated certificate pages x {repeat}, PDF/A-2b, PAdES B-B, RSA-2048, "
          f"{os.cpu_count()} cores")
    print(f"{'measure (median)':44} {'value':>10} {'x PDF/A step':>13} {'x page read':>12}")
    for key, label in (("page", "page read in a worker (process_page), s"),
                       ("pdfa", "PDF/A step (write_pdfa), s"),
                       ("sign", "signing (sign_pdf), s"),
                       ("validate", "validation (signature_failures), s"),
                       ("correction", "signed correction (rewrite_metadata), s")):
        print(f"{label:44} {med[key]:10.3f} {med[key] / med['pdfa']:13.2f} "
              f"{med[key] / med['page']:12.3f}")
    print(f"{'PDF/A size, kB':44} {med['pdf_bytes'] / 1000:10.1f}")
    print(f"{'bytes added by a signature, kB':44} {med['bytes'] / 1000:10.1f} "
          f"{med['bytes'] / med['pdf_bytes']:13.2f} (x PDF/A size)")


if __name__ == "__main__":
    main()
