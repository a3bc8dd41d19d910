"""Embedded search at scale: index time, size on disk, query latency percentiles.

    .venv/bin/python benchmarks/bench_search.py [--records 1000000] [--queries 300]
                                                [--names samples|vnfaker]

Records are synthetic birth records from the sample generator (~400 characters of fields
each); with ``--names vnfaker`` their person names come from vnfaker's lists (73 surnames,
~180 middle and ~190-280 given names per sex, drawn uniformly), closer to a real
registry's variety than the generator's ~8,000 full names. Queries: a folded full name,
the same with one typo, and a name with a type and date-of-birth filter. One record in 50
(``--nameless``) is indexed as a register row whose names were not read: its fields'
values are its page text only. Latency is wall
time of ``index.search`` (engine + re-ranking).
"""

from __future__ import annotations

import argparse
import datetime
import random
import statistics
import tempfile
import time
from pathlib import Path

from index.base import IndexRecord, SearchQuery
from index.embedded import EmbeddedIndex
from ocr.text import fold_lower, nfc
from pipeline.evaluate import one_typo
from pipeline.samples import birth_fields
from schemas.records import NAME_FIELDS


def vnfaker_names() -> dict[str, list[str]]:
    """Name lists of the vnfaker package (pip install '.[bench]'), NFC, Ð -> Đ."""
    from importlib.resources import files

    folder = files("vnfaker") / "data" / "person"
    return {k: [nfc(x).strip() for x in (folder / f"{k}.name").read_text("utf-8").splitlines()
                if x.strip()]
            for k in ("last", "male_middle", "male", "female_middle", "female")}


def records(n: int, sample: list[IndexRecord], every: int, names: str = "samples",
            nameless: int = 0):
    rng = random.Random(1)
    lists = vnfaker_names() if names == "vnfaker" else None

    def person(sex: str) -> str:
        assert lists is not None
        kind = "male" if sex == "Nam" else "female"
        return " ".join(rng.choice(lists[k]) for k in ("last", f"{kind}_middle", kind)).upper()

    for i in range(n):
        f = birth_fields(rng)
        f.pop("_commune")
        if lists:  # millions of distinct names instead of the generator's ~8,000
            f["full_name"] = person(f["sex"])
            f["mother_full_name"] = person("Nữ")
            if f["father_full_name"]:
                f["father_full_name"] = person("Nam")
            f["declarant_full_name"] = f["mother_full_name"].title()
        r = IndexRecord(f"b{i}:0", f"b{i}", f"scan-{i}.png", "birth", 1, f, "")
        if nameless and i % nameless == 1 and i % every:  # a row whose names were not read:
            page = "\n".join(v for v in f.values() if v)  # they are in its page text only
            r = IndexRecord(r.key, r.document_id, r.source, "birth", 1, {
                k: v for k, v in f.items() if k not in NAME_FIELDS}, page)
        if i % every == 0:
            sample.append(r)
        yield r


def pct(values: list[float], p: float) -> float:
    return statistics.quantiles(values, n=100)[int(p) - 1] if len(values) > 1 else values[0]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--records", type=int, default=1_000_000)
    ap.add_argument("--queries", type=int, default=300)
    ap.add_argument("--names", choices=["samples", "vnfaker"], default="samples",
                    help="the sample generator's ~8,000 full names, or vnfaker's lists")
    ap.add_argument("--nameless", type=int, default=50, metavar="N",
                    help="one record in N indexed without names, its page text holding them "
                         "(0: none)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        idx = EmbeddedIndex(Path(tmp) / "index")
        sample: list[IndexRecord] = []
        start = time.perf_counter()
        idx.upsert(records(args.records, sample, max(1, args.records // args.queries),
                           args.names, args.nameless), document_ids=[])
        build = time.perf_counter() - start
        size = sum(p.stat().st_size for p in (Path(tmp) / "index").rglob("*") if p.is_file())
        rng = random.Random(2)
        kinds = {
            "name": lambda r: SearchQuery(fold_lower(r.fields["full_name"]), limit=10),
            "name, one typo": lambda r: SearchQuery(one_typo(fold_lower(r.fields["full_name"]),
                                                             rng), limit=10),
            "name + type + born range": lambda r: SearchQuery(
                fold_lower(r.fields["full_name"]), record_type="birth",
                born_from=datetime.date.fromisoformat(r.date_of_birth).replace(day=1),
                limit=10),
        }
        print(f"{args.records:,} records ({args.names} names) indexed in {build:.0f} s, "
              f"{size / 1e6:.0f} MB on disk")
        print(f"{'query':28} {'p50 ms':>8} {'p95 ms':>8} {'found@10':>9}")
        for name, make in kinds.items():
            times, found = [], 0
            for r in sample:
                q = make(r)
                t = time.perf_counter()
                hits = idx.search(q).hits
                times.append((time.perf_counter() - t) * 1000)
                found += r.document_id in [h.document_id for h in hits]
            print(f"{name:28} {pct(times, 50):8.1f} {pct(times, 95):8.1f} "
                  f"{found / len(sample):9.2f}")
        if args.names == "samples":
            print("found@10 is low at scale by construction: the generator draws from ~8,000 "
                  "distinct full names, so each name is shared by ~100 synthetic people; "
                  "recall is measured by `sohoa eval`.")


if __name__ == "__main__":
    main()
