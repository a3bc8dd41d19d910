"""Scale-out with real services on 127.0.0.1: Redis as the Celery broker, PostgreSQL as
the catalog, two `sohoa worker` processes; one is killed with -9 in the middle of a page."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from pipeline.batchlog import BatchLog
from pipeline.catalog import Catalog, pages, records
from pipeline.samples import generate
from tests import services

SOHOA = str(Path(sys.executable).parent / "sohoa")
pytestmark = pytest.mark.tesseract


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    proc, url = services.start_redis(tmp_path_factory.mktemp("redis"))
    yield url
    services.stop(proc)


@pytest.fixture(scope="module")
def postgres_url():
    proc, url, folder = services.start_postgres()
    yield url
    services.stop(proc)
    shutil.rmtree(folder, ignore_errors=True)


def test_kill_9_one_of_two_celery_workers_mid_page(tmp_path, redis_url, postgres_url):
    scans = tmp_path / "scans"
    generate(scans, 6, seed=21, degradation="scan", formats=("png",), kinds=("birth", "death"))
    home = tmp_path / "shared-home"  # the shared archive path of a real deployment
    env = {**os.environ, "SOHOA_HOME": str(home), "SOHOA_DATABASE_URL": postgres_url,
           "SOHOA_BROKER_URL": redis_url, "SOHOA_BROKER_VISIBILITY_TIMEOUT": "6",
           "OMP_THREAD_LIMIT": "1"}
    workers = [services.start([SOHOA, "worker", "--jobs", "1"], tmp_path / f"worker{i}.log",
                              lambda i=i: "ready" in (tmp_path / f"worker{i}.log").read_text(),
                              timeout=60, env=env) for i in range(2)]
    with (tmp_path / "coord.log").open("w") as coord_out:
        coordinator = subprocess.Popen([SOHOA, "batch", "run", str(scans), "--name", "province",
                                        "--celery"], env=env, start_new_session=True,
                                       stdout=subprocess.DEVNULL, stderr=coord_out)
        try:
            catalog = Catalog(postgres_url)
            log = BatchLog(catalog.engine)
            victim, page = None, None
            deadline = time.monotonic() + 120
            while victim is None:  # a page running on one worker: kill that whole worker
                assert time.monotonic() < deadline, (tmp_path / "coord.log").read_text()
                found = log.find("province")
                running = [p for p in log.pages(found[0]) if p.state == "running"] if found else []
                for p in running:
                    pid = int(p.worker.rsplit(":", 1)[1])
                    group = os.getpgid(pid)
                    victim = next((w for w in workers if w.pid == group), None)
                    if victim:
                        page = p
                        break
                time.sleep(0.2)
            os.killpg(victim.pid, signal.SIGKILL)
            victim.wait()
            assert coordinator.wait(timeout=240) == 0, (tmp_path / "coord.log").read_text()
            states = log.pages(log.find("province")[0])
            assert [p.state for p in states] == ["done"] * 6
            redone = next(p for p in states if (p.sha256, p.page) == (page.sha256, page.page))
            assert redone.attempts == 2 and redone.worker != page.worker
            with catalog.engine.connect() as c:
                per_doc = dict(c.execute(select(pages.c.document_id, func.count())
                                         .group_by(pages.c.document_id)).all())
                n_records = c.execute(select(func.count()).select_from(records)).scalar()
            assert sorted(per_doc.values()) == [1] * 6 and n_records == 6
        finally:
            for proc in [coordinator, *workers]:
                services.stop(proc)


def _wait_for(path: Path, text: str, proc: subprocess.Popen, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while text not in path.read_text():
        assert proc.poll() is None, path.read_text()
        assert time.monotonic() < deadline, path.read_text()
        time.sleep(0.2)


def test_celery_batch_without_worker_says_so_then_waits_for_one(tmp_path, redis_url,
                                                                 postgres_url):
    scans = tmp_path / "scans"
    generate(scans, 1, seed=22, degradation="clean", formats=("png",), kinds=("birth",))
    env = {**os.environ, "SOHOA_HOME": str(tmp_path / "home"), "SOHOA_DATABASE_URL":
           postgres_url, "SOHOA_BROKER_URL": redis_url, "SOHOA_WORKER_WAIT": "2",
           "OMP_THREAD_LIMIT": "1"}
    coord_log, worker = tmp_path / "coord.log", None
    with coord_log.open("w") as coord_out:
        coordinator = subprocess.Popen([SOHOA, "batch", "run", str(scans), "--name", "idle",
                                        "--celery"], env=env, start_new_session=True,
                                       stdout=subprocess.DEVNULL, stderr=coord_out)
        try:
            started = time.monotonic()
            _wait_for(coord_log, "no worker has taken a page in", coordinator, 60)
            assert time.monotonic() - started >= 2  # not before SOHOA_WORKER_WAIT
            said = coord_log.read_text()
            assert "sohoa worker" in said and redis_url in said and postgres_url in said
            time.sleep(1.5)
            assert coordinator.poll() is None  # still waiting: the page stays queued
            worker = services.start([SOHOA, "worker", "--jobs", "1"], tmp_path / "worker.log",
                                    lambda: "ready" in (tmp_path / "worker.log").read_text(),
                                    timeout=60, env=env)
            assert coordinator.wait(timeout=180) == 0, coord_log.read_text()
        finally:
            for proc in [coordinator, *([worker] if worker else [])]:
                services.stop(proc)
    said = coord_log.read_text()
    assert "1 of 1 page(s) done" in said and "Traceback" not in said


def test_celery_batch_with_unreachable_broker_exits_5_before_registering(tmp_path):
    scans = tmp_path / "scans"
    generate(scans, 1, seed=23, degradation="clean", formats=("png",), kinds=("birth",))
    home = tmp_path / "home"
    env = {**os.environ, "SOHOA_HOME": str(home),
           "SOHOA_BROKER_URL": f"redis://:s3cret@127.0.0.1:{services.free_port()}/0"}
    done = subprocess.run([SOHOA, "batch", "run", str(scans), "--name", "nobroker", "--celery"],
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 5, done.stderr
    assert "cannot reach the broker redis://:**@127.0.0.1" in done.stderr
    assert "s3cret" not in done.stderr and "Traceback" not in done.stderr
    assert BatchLog(Catalog(f"sqlite:///{home / 'catalog.sqlite'}").engine).find("nobroker") \
        is None


def test_idle_watch_says_it_after_the_wait_then_every_ten_waits_and_stops_on_progress(
        monkeypatch):
    from pipeline import batch

    clock, said = [100.0], []
    monkeypatch.setattr(batch.time, "monotonic", lambda: clock[0])
    watch = batch._IdleWatch(30, said.append)
    quiet = {"running": 0, "done": 0, "failed": 0}
    for t in (100, 129, 130, 131, 200, 429, 430, 431, 730):
        clock[0] = t
        watch.look(quiet)
    assert said == [30, 330, 630]
    clock[0] = 740
    watch.look({"running": 1, "done": 0, "failed": 0})  # a worker took a page
    for t in (750, 779, 780):
        clock[0] = t
        watch.look({"running": 0, "done": 1, "failed": 0})
    assert said == [30, 330, 630, 30]  # counted again from the last change (750)
