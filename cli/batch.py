"""Campaign commands: batches that survive crashes, a hot folder, Celery workers."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from cli.output import document_line, err, out, page_progress, peak_note
from cli.sign import SignOpt, with_signer

batch_app = typer.Typer(
    help="Batches: every page's state in the catalog; resume after Ctrl-C, a crash or kill -9.",
    no_args_is_help=True)

HomeOpt = Annotated[Path | None, typer.Option("--home", help="state folder (env SOHOA_HOME)",
                                              show_default=False)]
NameOpt = Annotated[str | None, typer.Option("--name", "-n", help="batch name [default: the "
                                                                  "newest batch]")]


def _env(home: Path | None, create: bool = False, **overrides):
    """Settings, catalog and index; only ``batch run`` creates a missing catalog (the
    commands that read a batch say there is none, exit 3, and write nothing)."""
    from cli.main import _open, _settings

    settings = _settings(home, **overrides)
    catalog, index = _open(settings, create=create)
    return settings, catalog, index


def _find(catalog, name: str | None) -> tuple[int, str]:
    from pipeline.batchlog import BatchLog

    found = BatchLog(catalog.engine).find(name)
    if found is None:
        err.print(f"[red]no batch {name!r}[/red]" if name else "[red]no batch yet[/red]: "
                  "start one with sohoa batch run SOURCE...")
        raise typer.Exit(1)
    return found


def _check_broker(settings, distributed: bool) -> None:
    """With --celery: SOHOA_BROKER_URL is set (else exit 2) and answers (else exit 5)."""
    if not distributed:
        return
    if not settings.broker_url:
        err.print("[red]--celery needs SOHOA_BROKER_URL[/red] (and SOHOA_DATABASE_URL "
                  "for workers on other machines)")
        raise typer.Exit(2)
    from pipeline.errors import BrokerUnavailable
    from pipeline.workers import check_broker

    try:
        check_broker(settings)
    except BrokerUnavailable as exc:
        err.print(f"[red]{escape(str(exc))}[/red]: is redis-server running there, reachable "
                  "from this machine (bind, firewall), and the password in the URL right?")
        raise typer.Exit(5) from None


def _no_worker(settings):
    """The line ``batch run --celery`` prints while no worker takes its pages."""
    from kombu.utils.url import maybe_sanitize_url
    from sqlalchemy.engine import make_url

    broker = maybe_sanitize_url(settings.broker_url)
    database = (make_url(settings.database_url).render_as_string(hide_password=True)
                if settings.database_url else None)

    def idle(seconds: int) -> None:
        where = (f"SOHOA_DATABASE_URL={database}" if database else "SOHOA_DATABASE_URL unset "
                 "(this SQLite catalog: workers on this machine only)")
        err.print(f"[yellow]no worker has taken a page in {seconds} s[/yellow]: start "
                  f"`sohoa worker` on a machine with SOHOA_BROKER_URL={escape(broker)}, "
                  f"{escape(where)} and SOHOA_HOME={escape(str(settings.home))}; waiting "
                  "(the pages stay queued)")
    return idle


def _process(settings, catalog, index, batch_id: int, name: str, distributed: bool) -> None:
    from pipeline.batch import run
    from pipeline.batch_report import status

    submit = idle = None
    if distributed:
        from pipeline.workers import submitter
        submit, idle = submitter(settings, batch_id), _no_worker(settings)
    from pipeline.errors import WriteFailed

    ok = failed = incomplete = 0
    stopped: WriteFailed | None = None
    try:
        with page_progress(enabled=sys.stderr.isatty()) as notify:
            for result in run(catalog, index, settings, batch_id, notify, submit=submit,
                              idle=idle):
                ok, failed = ok + (result.status == "ok"), failed + (not result.readable)
                incomplete += result.status == "incomplete"
                err.print(document_line(result))
    except KeyboardInterrupt:
        err.print(f"[yellow]interrupted[/yellow]: finished pages are kept; continue with "
                  f"[bold]sohoa batch resume --name {escape(name)}[/bold]")
        raise typer.Exit(130) from None
    except WriteFailed as exc:  # disk full: the counts below, then exit 6
        stopped = exc
    st = status(catalog, batch_id)
    for f in st["failures"]:  # files that could not be opened have no document line
        if f["page"] is None:
            err.print(f"[red]failed[/red] {escape(f['source'])}: {escape(str(f['error']))}")
    err.print(f"batch {escape(name)}: {st['done']} of {st['pages']} page(s) done, "
              f"{st['failed']} page(s) failed, {st['unreadable_files']} unreadable file(s); "
              f"{ok} document(s) finished now"
              + (f", {incomplete} incomplete (pages not read)" if incomplete else "")
              + f", {failed} failed{peak_note(notify)}. Report: sohoa batch report")
    if stopped is not None:
        err.print(f"[red]run stopped:[/red] {escape(str(stopped))}", soft_wrap=True)
        raise typer.Exit(6)
    raise typer.Exit(0 if not st["failures"] else 1)


@batch_app.command("run")
def batch_run(
    sources: Annotated[list[Path], typer.Argument(help="scan files or folders (recursive)")],
    name: Annotated[str | None, typer.Option("--name", "-n", help="batch name [default: "
                                                                  "from the first source]")]
    = None,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", min=1)] = None,
    celery: Annotated[bool, typer.Option("--celery", help="send pages to `sohoa worker`s "
                                                          "through SOHOA_BROKER_URL; says so "
                                                          "when none takes a page for "
                                                          "SOHOA_WORKER_WAIT s")] = False,
    sign: SignOpt = None,
    home: HomeOpt = None,
) -> None:
    """Register every page of SOURCES as a batch, then process them.

    Progress shows pages per minute and time left. Stop it any way you like (Ctrl-C, a
    crash, kill -9): [bold]sohoa batch resume[/bold] redoes only the pages in flight. Exit
    code 0 when every page is done, 1 when some failed (see sohoa batch report).
    """
    from pipeline.batch import register

    settings, catalog, index = _env(home, create=True, jobs=jobs)
    settings = with_signer(settings, sign)
    missing = [s for s in sources if not s.exists()]
    if missing:
        err.print(f"[red]no such file or folder:[/red] {', '.join(map(str, missing))}")
        raise typer.Exit(2)
    _check_broker(settings, celery)
    name = name or sources[0].resolve().name
    batch_id = register(catalog, settings, name, sources)
    _process(settings, catalog, index, batch_id, name, celery)


@batch_app.command("resume")
def batch_resume(name: NameOpt = None,
                 jobs: Annotated[int | None, typer.Option("--jobs", "-j", min=1)] = None,
                 celery: Annotated[bool, typer.Option("--celery")] = False,
                 sign: SignOpt = None, home: HomeOpt = None) -> None:
    """Finish a batch: pages that were running when it stopped are redone, finished pages
    are not, failed pages get their remaining tries (SOHOA_MAX_ATTEMPTS)."""
    settings, catalog, index = _env(home, jobs=jobs)
    settings = with_signer(settings, sign)
    batch_id, found = _find(catalog, name)
    _check_broker(settings, celery)
    _process(settings, catalog, index, batch_id, found, celery)


@batch_app.command("status")
def batch_status(name: NameOpt = None, home: HomeOpt = None,
                 as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Pages pending, running, done and failed; pages per minute; failures with reasons."""
    from pipeline.batch_report import status

    _, catalog, _ = _env(home)
    batch_id, found = _find(catalog, name)
    st = status(catalog, batch_id) | {"name": found}
    if as_json:
        print(json.dumps(st, ensure_ascii=False))
        return
    out.print(f"batch {escape(found)}: {st['documents']} document(s), {st['pages']} page(s): "
              f"{st['done']} done, {st['running']} running, {st['pending']} pending, "
              f"{st['failed']} failed"
              + (f", {st['interrupted']} interrupted (sohoa batch resume redoes them)"
                 if st["interrupted"] else "")
              + (f", {st['unreadable_files']} unreadable file(s)" if st["unreadable_files"]
                 else "")
              + f"; {st['pages_per_minute'] or '-'} pages/min of working time")
    for f in st["failures"]:
        where = f"page {f['page']}" if f["page"] else "file"
        out.print(f"  [red]failed[/red] {escape(f['source'])} {where} "
                  f"(attempts {f['attempts']}): {escape(f['error'] or '')}")


@batch_app.command("report")
def batch_report(name: NameOpt = None,
                 csv_path: Annotated[Path | None, typer.Option("--csv", help="one row per page")]
                 = None,
                 html_path: Annotated[Path | None, typer.Option("--html", help="one-page report")]
                 = None,
                 home: HomeOpt = None) -> None:
    """Write the batch's report: CSV (a row per page) and a one-page HTML (counts, failures
    with reasons, records needing review, timings). Default: both, named after the batch."""
    from pipeline.batch_report import write_csv, write_html

    _, catalog, _ = _env(home)
    batch_id, found = _find(catalog, name)
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in found)
    if csv_path is None and html_path is None:
        csv_path, html_path = Path(f"batch-{safe}.csv"), Path(f"batch-{safe}.html")
    if csv_path:
        write_csv(catalog, batch_id, csv_path)
        err.print(f"wrote {csv_path}")
    if html_path:
        write_html(catalog, batch_id, found, html_path)
        err.print(f"wrote {html_path}")


def worker(jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="pages at once")] = 1,
           home: HomeOpt = None) -> None:
    """Run a Celery worker for page tasks (SOHOA_BROKER_URL, SOHOA_DATABASE_URL; SOHOA_HOME
    on the shared archive path). Start one on each machine; stop it with Ctrl-C."""
    from cli.main import _settings
    from pipeline.workers import start_worker

    settings = _settings(home)
    if not settings.broker_url:
        err.print("[red]set SOHOA_BROKER_URL[/red], e.g. redis://broker-host:6379/0")
        raise typer.Exit(2)
    start_worker(settings, jobs)


def watch(folder: Annotated[Path, typer.Argument(help="the hot folder scanners drop files into")],
          interval: Annotated[float, typer.Option(help="seconds between looks")] = 5.0,
          jobs: Annotated[int | None, typer.Option("--jobs", "-j", min=1)] = None,
          once: Annotated[bool, typer.Option("--once", help="process what is there, then stop")]
          = False,
          home: HomeOpt = None) -> None:
    """Digitise files dropped into FOLDER, once their size and time stop changing.

    Each file is moved afterwards (never deleted) to FOLDER/done/ (archived whole),
    FOLDER/incomplete/ (archived without the pages that could not be read, which the
    line names: rescan them) or FOLDER/failed/ (nothing archived). Safe
    to stop and restart: files still in FOLDER are simply taken again (a file the catalog
    already holds is not processed twice).
    """
    from pipeline.watch import watch_folder

    settings, catalog, index = _env(home, create=True, jobs=jobs)
    if not folder.is_dir():
        err.print(f"[red]not a folder:[/red] {folder}")
        raise typer.Exit(2)
    err.print(f"watching {escape(str(folder))} every {interval:g} s for PNG, JPEG, TIFF and "
              f"PDF scans; results go to done/, incomplete/ or failed/ inside it"
              + ("" if once else "; Ctrl-C to stop"))
    try:
        for result, moved in watch_folder(folder, settings, catalog, index, interval=interval,
                                          once=once):
            err.print(document_line(result) + f" -> {escape(str(moved))}")
    except KeyboardInterrupt:
        err.print("stopped")
