"""Terminal output helpers: a progress bar on stderr and readable document views."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from pipeline.models import DocumentResult
from schemas.records import FIELDS, PRIMARY_NAMES

err = Console(stderr=True, soft_wrap=True)  # piped: one line per message, not 80 columns
out = Console(highlight=False, soft_wrap=True)  # piped: one line per hit


@contextmanager
def page_progress(enabled: bool = True, label: str = "pages") -> Iterator:
    """Yields a callback for ``pipeline.run.digitize``: pages done of pages found."""
    progress = Progress(TextColumn(f"[bold]{label}"), BarColumn(), MofNCompleteColumn(),
                        TextColumn("{task.fields[rate]}"), TimeElapsedColumn(),
                        TextColumn("left"), TimeRemainingColumn(), console=err,
                        disable=not enabled, transient=False)
    task = progress.add_task("pages", total=0, rate="")
    with progress:
        def notify(event: str, amount: int) -> None:
            if event == "peak_mb":  # a page worker's peak memory: the most is kept
                notify.peak_mb = max(notify.peak_mb, amount)  # type: ignore[attr-defined]
            elif event == "pages":
                progress.update(task, total=(progress.tasks[0].total or 0) + amount)
            elif event == "page_done":
                progress.advance(task, amount)
                t = progress.tasks[0]
                if t.elapsed:
                    progress.update(task, rate=f"{t.completed / t.elapsed * 60:.1f} {label}/min")
        notify.peak_mb = 0  # type: ignore[attr-defined]
        yield notify


def peak_note(notify) -> str:
    """The closing note's memory figure: the highest peak a page worker reported."""
    peak = getattr(notify, "peak_mb", 0)
    return f"; page workers peaked at {peak} MiB" if peak else ""


def hit_summary(fields: dict, highlights: dict) -> str:
    """Who (the record's subject: a child, the deceased, husband & wife), then dates and
    the registry; highlighted values where the search marked them."""
    def shown(keys) -> list[str]:
        return [str(highlights.get(k) or v) for k in keys if (v := fields.get(k))]
    usual = (*PRIMARY_NAMES, "date_of_birth", "registration_date", "registration_place")
    who = " & ".join(shown(PRIMARY_NAMES))
    # a match in another field (a parent, the declarant, a note) is shown too: the reason
    # the record was found
    also = [f"{k}: {m}" for k, m in highlights.items() if k not in usual]
    return " | ".join([*([who] if who else []), *shown(usual[len(PRIMARY_NAMES):]), *also])


def document_line(r: DocumentResult) -> str:
    """One line per document for humans; no personal data (Decree 13/2023). An incomplete
    document's line is an ok line, in yellow, followed by the pages that were not read."""
    if not r.readable:
        return f"[red]failed[/red] {r.source}: {escape(str(r.error))}"
    review = sum(1 for rec in r.records if rec.needs_review)
    kinds = ", ".join(sorted({rec.type.value for rec in r.records})) or "no record"
    note = f", [yellow]{review} to review[/yellow]" if review else ""
    pdfa = (f"PDF/A-{r.pdfa.level} ({r.pdfa.validator} check)" if r.pdfa and r.pdfa.valid
            else "[red]PDF is NOT valid PDF/A[/red]: " + "; ".join(r.pdfa.messages[:3])
            if r.pdfa else "no PDF")
    written = sum(e is not None for e in r.entries)
    entries = f", {written} entry PDF(s)" if written else ""
    blank = sum(p.blank for p in r.pages)
    if blank:
        entries += f", {blank} blank page(s)"
    if r.reused:
        entries += ", already digitised: skipped (--force to redo)"
    state = "[green]ok[/green]" if r.status == "ok" else "[yellow]incomplete[/yellow]"
    missing = f"\n  [yellow]{escape(str(r.error))}[/yellow]" if r.error else ""
    return (f"{state} {r.source} -> {r.document_id} ({len(r.pages)} page(s), "
            f"{kinds}{note}{entries}) {pdfa}: {r.pdf}{missing}")


def document_view(r: DocumentResult) -> None:
    out.print(f"[bold]{r.document_id}[/bold]  {r.source}")
    out.print(f"status: {r.status}" + (f" ({r.error})" if r.error else ""))
    check = (f"PDF/A-{r.pdfa.level}, {'valid' if r.pdfa.valid else 'NOT valid'} "
             f"({r.pdfa.validator})" if r.pdfa else "not checked")
    out.print(f"sha256: {r.sha256}\nPDF: {r.pdf} [{check}]\npages: {len(r.pages)}"
              + (f" (the scan's page(s) {', '.join(map(str, r.not_read))} not read)"
                 if r.not_read else ""))
    out.print("signed by: " + escape(r.signer) if r.signer else "signed: no", soft_wrap=True)
    for message in (r.pdfa.messages if r.pdfa else []):
        out.print(f"  [red]PDF/A:[/red] {message}")
    for n, entry in enumerate(r.entries, start=1):
        if entry is None:
            continue
        path, entry_check = entry
        state = "valid" if entry_check.valid else "NOT valid"
        out.print(f"  record {n}: {path} [PDF/A-{entry_check.level} {state}]")
    for n, page in enumerate(r.pages, start=1):
        k = r.source_page(n)  # differs in an incomplete document: pages were left out
        label = f"{n} (scan's page {k})" if k != n else str(n)
        if page.blank:
            out.print(f"  page {label}: blank (no ink; not read)")
            continue
        out.print(f"  page {label}: {len(page.words)} words, mean confidence "
                  f"{page.mean_confidence:.2f}, rotated {page.rotation}°, deskewed {page.skew}°")
    for rec in r.records:
        where = f"page {r.source_page(rec.page)}" + (
            f", entry {rec.entry}" if rec.layout.startswith("register") else "")
        table = Table(title=f"{rec.type.value} record ({where})"
                      + ("  [yellow]needs review[/yellow]" if rec.needs_review else ""))
        table.add_column("field")
        table.add_column("label")
        table.add_column("value")
        table.add_column("confidence", justify="right")
        labels = FIELDS.get(rec.type, {})
        blank = []
        for key in [*labels, *(k for k in rec.fields if k not in labels)]:
            fv = rec.fields.get(key)
            if fv is None or fv.value is None:
                blank.append(key)  # the form's blank fields, listed once below
                continue
            style = "yellow" if fv.confidence < 0.8 else ""
            table.add_row(key, escape(labels.get(key, "")), escape(fv.value),
                          f"{fv.confidence:.2f}", style=style)
        out.print(table)
        if blank:
            out.print(f"  [dim]blank: {', '.join(blank)}[/dim]")
        for reason in rec.review_reasons:
            out.print(f"  [yellow]review:[/yellow] {escape(reason)}")
