"""Pages per minute of a batch: local pool with 1 and 2 workers, and Celery with 2 workers.

    .venv/bin/python benchmarks/bench_batch.py [--pages 12]

All three run in this one process's session on the same generated pages, each into a fresh
home, through the real commands (`sohoa batch run`, `sohoa worker`). The Celery run uses a
throw-away redis-server and PostgreSQL on 127.0.0.1 (as the tests do). Prints pages per
minute, and the Celery path's overhead per page: its wall time per page against the local
pool's with the same two workers (queueing, catalog round trips on PostgreSQL, work-store
writes, the coordinator's one-second polling).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # for tests.services

from pipeline.batchlog import BatchLog  # noqa: E402
from pipeline.catalog import Catalog  # noqa: E402
from pipeline.samples import generate  # noqa: E402
from tests import services  # noqa: E402

SOHOA = str(Path(sys.executable).parent / "sohoa")


def run_batch(scans: Path, home: Path, env: dict, extra: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run([SOHOA, "batch", "run", str(scans), "--name", "bench", *extra], check=True,
                   env={**os.environ, "OMP_THREAD_LIMIT": "1", "SOHOA_HOME": str(home), **env},
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pages", type=int, default=12)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="sohoa-bench-batch-"))
    scans = work / "scans"
    generate(scans, args.pages, seed=31, degradation="mixed", formats=("png", "jpg"),
             kinds=("birth", "death", "marriage"))
    n = args.pages
    rows = {}
    for jobs in (1, 2):
        wall = run_batch(scans, work / f"home-local{jobs}", {}, ["--jobs", str(jobs)])
        rows[f"local pool, {jobs} worker(s)"] = wall
    redis, broker = services.start_redis(work)
    pg, database, pg_dir = services.start_postgres()
    env = {"SOHOA_BROKER_URL": broker, "SOHOA_DATABASE_URL": database,
           "SOHOA_HOME": str(work / "home-celery"), "OMP_THREAD_LIMIT": "1"}
    workers = [services.start([SOHOA, "worker", "--jobs", "1"], work / f"w{i}.log",
                              lambda i=i: "ready" in (work / f"w{i}.log").read_text(),
                              timeout=60, env={**os.environ, **env}) for i in range(2)]
    try:
        rows["Celery, 2 workers"] = run_batch(scans, work / "home-celery", env, ["--celery"])
        log = BatchLog(Catalog(database).engine)
        pages = log.pages(log.find("bench")[0])
        ocr_seconds = sum(p.seconds or 0 for p in pages) / len(pages)
    finally:
        for w in workers:
            services.stop(w)
        services.stop(redis)
        services.stop(pg)
        shutil.rmtree(pg_dir, ignore_errors=True)
    print(f"{n} pages (birth, death, marriage; mixed degradations), 2 cores")
    for name, wall in rows.items():
        print(f"  {name:28} {wall:7.1f} s  {n / wall * 60:6.1f} pages/min  {wall / n:5.2f} s/page")
    local2, celery = rows["local pool, 2 worker(s)"], rows["Celery, 2 workers"]
    print(f"  Celery overhead per page against the local pool (same 2 workers): "
          f"{(celery - local2) / n:+.2f} s wall")
    print(f"  mean page time inside the Celery workers: {ocr_seconds:.2f} s")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
