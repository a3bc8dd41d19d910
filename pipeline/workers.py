"""Page tasks on Celery + Redis, for campaigns over several machines.

Workers run the same pure page function as local batches; each records its page's state
in the catalog (PostgreSQL, ``SOHOA_DATABASE_URL``) and its outcome in the work store on
the shared archive path (``SOHOA_HOME``). The batch coordinator (``sohoa batch run
--celery``) sends the tasks and finishes documents. Delivery is at-least-once, so the
settings make a lost worker's task come back (late acknowledgement, reject on worker
lost, prefetch 1, a visibility timeout above the longest page), and the task is
idempotent: keyed by the scan's hash and page number, a page already done is skipped.
"""

from __future__ import annotations

import os
from dataclasses import asdict
from functools import cache
from pathlib import Path

from celery import Celery
from celery.signals import worker_process_init

from pipeline.batchlog import BatchLog, PageRef
from pipeline.models import PageTask
from pipeline.settings import Settings

app = Celery("sohoa")
TASK = "sohoa.page"


def configure(settings: Settings) -> Celery:
    vt = settings.visibility_timeout
    app.conf.update(
        broker_url=settings.broker_url,
        task_acks_late=True,  # acknowledge after the page, not before
        task_reject_on_worker_lost=True,  # a killed pool process puts its task back
        worker_prefetch_multiplier=1,  # a dying worker holds at most the page it runs
        broker_transport_options={
            "visibility_timeout": vt,  # a whole worker gone: its page returns after this
            "unacked_restore_interval": min(10, vt), "unacked_restore_throttle": 1},
        task_serializer="json", accept_content=["json"], task_ignore_result=True,
        broker_connection_retry_on_startup=True, worker_hijack_root_logger=False,
    )
    return app


@cache
def _log(url: str) -> BatchLog:
    from pipeline.catalog import Catalog

    return BatchLog(Catalog(url).engine)


@worker_process_init.connect
def _init_process(**_: object) -> None:
    from pipeline.page import worker_init

    worker_init(Settings().page_memory_mb)


@app.task(name=TASK)
def page(batch_id: int, sha256: str, task: dict) -> str:
    from pipeline.batch import run_page, worker_name

    settings = Settings()  # this machine's SOHOA_* (shared home, database, broker)
    task["path"] = Path(task["path"])
    return run_page(_log(settings.catalog_url), settings, batch_id, sha256, PageTask(**task),
                    worker=worker_name())


def check_broker(settings: Settings, timeout: float = 5.0) -> str:
    """Connect to ``settings.broker_url`` once; return its URL with the password masked.

    Raises ``BrokerUnavailable`` (with the masked URL and kombu's reason: refused, unknown
    host, wrong password, unknown scheme) when no connection is made within ``timeout`` s.
    """
    from kombu import Connection
    from kombu.utils.url import maybe_sanitize_url

    from pipeline.errors import BrokerUnavailable

    shown = maybe_sanitize_url(settings.broker_url or "")  # the password as **
    try:
        with Connection(settings.broker_url, connect_timeout=timeout) as conn:
            conn.ensure_connection(max_retries=1, timeout=timeout)
    except Exception as exc:  # kombu raises transport-specific errors, KeyError for a scheme
        raise BrokerUnavailable(f"cannot reach the broker {shown}: {exc}") from exc
    return shown


def submitter(settings: Settings, batch_id: int):
    """What ``pipeline.batch.run`` calls to send a page to the workers."""
    configure(settings)

    def submit(ref: PageRef, task: PageTask) -> None:
        body = asdict(task) | {"path": str(task.path)}
        app.send_task(TASK, args=[batch_id, ref.sha256, body])
    return submit


def start_worker(settings: Settings, jobs: int) -> None:
    configure(settings)
    app.worker_main(["worker", "--loglevel=INFO", f"--concurrency={jobs}", "--pool=prefork",
                     "--without-gossip", "--without-mingle",
                     f"--hostname=sohoa-{os.getpid()}@%h"])
