"""python -m evaluation.indgen OUT_DIR --seed N --count K [--kinds birth death ...]"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from evaluation.indgen.generate import KINDS, generate


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m evaluation.indgen",
                                 description="Independent labelled civil-status scans. Seeds 1-99: "
                                 "development; seeds >= 1000: held out, never look while tuning.")
    ap.add_argument("out", type=Path)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--count", type=int, default=len(KINDS))
    ap.add_argument("--kinds", nargs="+", choices=KINDS, default=list(KINDS))
    args = ap.parse_args(argv)
    for path in generate(args.out, args.seed, args.count, tuple(args.kinds)):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
