"""The web app under load: 20 logged-in users searching names on a 100,000-record catalog.

    PYTHONPATH=. .venv/bin/python benchmarks/bench_web.py [--records 100000] [--users 20]
                        [--requests 2000] [--seconds 120] [--think 0] [--home DIR]

Builds a throw-away SOHOA_HOME quickly: synthetic birth records (the sample generator's
fields and names) inserted straight into the catalog tables and the embedded index (no
OCR), then starts `sohoa serve` on 127.0.0.1 in a child process, logs the users in through
the API and has them search (a name with diacritics, the same without, the same with one
typo), alternating the search page (HTML) and the JSON API, until ``--requests`` are done
or ``--seconds`` have passed, back to back or with ``--think`` seconds (mean) of reading
between a user's searches. Prints p50/p95 per endpoint and the errors. Goal: p95 ≤ 300 ms,
no errors. Only 127.0.0.1 is used.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx
from sqlalchemy import insert

from index.base import IndexRecord
from index.embedded import EmbeddedIndex
from ocr.text import fold_lower
from pipeline.catalog import Catalog, documents, fields, records
from pipeline.evaluate import one_typo
from pipeline.samples import birth_fields
from pipeline.settings import Settings
from schemas.records import record_uid

ROOT = Path(__file__).resolve().parents[1]
PER_DOCUMENT = 10  # records per document, like a register page
PASSWORD = "bench-pass-1"


def synthetic(n: int, seed: int = 1):
    rng = random.Random(seed)
    for i in range(n):
        f = birth_fields(rng)
        f.pop("_commune", None)
        yield i // PER_DOCUMENT, i % PER_DOCUMENT, f


def fill_catalog(catalog: Catalog, rows: list[tuple[int, int, dict]]) -> None:
    """Documents, records and fields with bulk inserts (the pipeline's save is per document)."""
    now = datetime.now(UTC).isoformat()
    docs = sorted({d for d, _, _ in rows})
    with catalog.engine.begin() as c:
        c.execute(insert(documents), [
            {"id": f"bench{d:08d}", "sha256": f"{d:064d}", "source": f"book-{d}.png",
             "status": "ok", "page_count": 1, "created_at": now, "updated_at": now}
            for d in docs])
        c.execute(insert(records), [
            {"id": d * PER_DOCUMENT + k + 1, "document_id": f"bench{d:08d}", "ordinal": k,
             "page": 1, "type": "birth", "needs_review": False, "review_reasons": "[]",
             "entry": k + 1, "layout": "register-blocks", "origin": "ocr",
             "uid": record_uid(f"bench{d:08d}", 1, k + 1)} for d, k, _ in rows])
        c.execute(insert(fields), [
            {"record_id": d * PER_DOCUMENT + k + 1, "key": key, "value": value,
             "confidence": 0.95, "raw": None}
            for d, k, f in rows for key, value in f.items()])


def build(home: Path, n: int) -> list[str]:
    """The catalog and index of ``n`` records; returns some of their names (for queries)."""
    settings = Settings(home=home)
    catalog = Catalog(settings.catalog_url)
    index = EmbeddedIndex(settings.index_dir)
    names, batch = [], []
    for d, k, f in synthetic(n):
        batch.append((d, k, f))
        if len(batch) == 20_000:
            _flush(catalog, index, batch, names)
    if batch:
        _flush(catalog, index, batch, names)
    index.close()
    catalog.engine.dispose()
    return names


def _flush(catalog, index, batch, names) -> None:
    fill_catalog(catalog, batch)
    index.upsert([IndexRecord(record_uid(f"bench{d:08d}", 1, k + 1), f"bench{d:08d}",
                              f"book-{d}.png", "birth", 1, f, "") for d, k, f in batch],
                 document_ids=[])
    names += [f["full_name"] for _, k, f in batch[::97]]
    batch.clear()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(home: Path, port: int) -> subprocess.Popen:
    env = {**os.environ, "SOHOA_HOME": str(home), "PYTHONPATH": str(ROOT)}
    subprocess.run([sys.executable, "-m", "cli", "user", "add", "bench", "--role", "officer"],
                   input=PASSWORD + "\n", text=True, env=env, capture_output=True)  # or exists
    proc = subprocess.Popen([sys.executable, "-m", "cli", "serve", "--host", "127.0.0.1",
                             "--port", str(port)], env=env, cwd=ROOT)
    for _ in range(300):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=1).status_code == 200:
                return proc
        except httpx.TransportError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("the server did not start")


def queries(names: list[str], rng: random.Random) -> list[str]:
    out = []
    for name in names:
        out += [name.title(), fold_lower(name), one_typo(fold_lower(name), rng)]
    rng.shuffle(out)
    return out


async def user(base: str, words: list[str], times: dict, errors: list, budget,
               think: float) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        r = await client.post("/api/login", json={"username": "bench", "password": PASSWORD})
        r.raise_for_status()
        i = 0
        while budget():
            q = words[i % len(words)]
            path = ("/search", {"q": q}) if i % 2 else ("/api/search", {"q": q, "limit": 10})
            start = time.perf_counter()
            try:
                r = await client.get(path[0], params=path[1])
                ok = r.status_code == 200
            except httpx.HTTPError as exc:
                ok, r = False, exc
            times[path[0]].append((time.perf_counter() - start) * 1000)
            if not ok:
                errors.append(f"{path[0]}: {getattr(r, 'status_code', r)}")
            i += 1
            if think:  # a person reads the results before the next search
                await asyncio.sleep(random.uniform(0, 2 * think))


def pct(values: list[float], p: int) -> float:
    return statistics.quantiles(values, n=100)[p - 1] if len(values) > 1 else values[0]


async def load(base: str, words: list[str], users: int, requests: int, seconds: float,
               think: float):
    times: dict[str, list[float]] = {"/search": [], "/api/search": []}
    errors: list[str] = []
    deadline = time.monotonic() + seconds
    budget = lambda: (len(times["/search"]) + len(times["/api/search"]) < requests  # noqa: E731
                      and time.monotonic() < deadline)
    rng = random.Random(3)
    started = time.perf_counter()
    await asyncio.gather(*(user(base, rng.sample(words, len(words)), times, errors, budget,
                                think) for _ in range(users)))
    return times, errors, time.perf_counter() - started


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--records", type=int, default=100_000)
    ap.add_argument("--users", type=int, default=20)
    ap.add_argument("--requests", type=int, default=2000)
    ap.add_argument("--seconds", type=float, default=120)
    ap.add_argument("--think", type=float, default=0.0,
                    help="mean seconds a user waits between searches (0: back to back)")
    ap.add_argument("--home", type=Path, help="build here, or reuse what an earlier run built "
                                              "here (default: a temporary folder)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="sohoa-bench-web-") as tmp:
        home = args.home or Path(tmp)
        t = time.perf_counter()
        if args.home and (home / "names.txt").exists():  # built by an earlier run: reuse
            names = (home / "names.txt").read_text(encoding="utf-8").splitlines()
        else:
            names = build(home, args.records)
            (home / "names.txt").write_text("\n".join(names), encoding="utf-8")
            print(f"{args.records:,} records in catalog and index in "
                  f"{time.perf_counter() - t:.0f} s", flush=True)
        port = free_port()
        server = start_server(home, port)
        try:
            times, errors, wall = asyncio.run(load(f"http://127.0.0.1:{port}",
                                                   queries(names, random.Random(2)),
                                                   args.users, args.requests, args.seconds,
                                                   args.think))
        finally:
            server.terminate()
            server.wait(10)
    done = sum(map(len, times.values()))
    print(f"{args.users} users (think {args.think} s), {done} requests in {wall:.1f} s "
          f"({done / wall:.0f}/s), "
          f"{len(errors)} errors {sorted(set(errors))[:5]}")
    print(f"{'endpoint':14} {'n':>5} {'p50 ms':>8} {'p95 ms':>8}")
    for path, values in times.items():
        if values:
            print(f"{path:14} {len(values):5} {pct(values, 50):8.1f} {pct(values, 95):8.1f}")


if __name__ == "__main__":
    main()
