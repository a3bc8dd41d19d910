"""`sohoa verify [--repair]`: the archive against the catalog (``Sohoa.check_fixity``)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from cli.face import service
from cli.output import err, page_progress

HomeOpt = Annotated[Path | None, typer.Option("--home", help="state folder (env SOHOA_HOME)",
                                              show_default=False)]


def verify(
    repair: Annotated[bool, typer.Option(
        "--repair", help="re-create damaged or missing archive files from their source when "
                         "it is still there and unchanged, re-index what is out of step; "
                         "deletes nothing it did not write")] = False,
    sources: Annotated[bool, typer.Option(
        help="also hash each source scan still present (--no-sources: archive and index "
             "only, faster)")] = True,
    as_json: Annotated[bool, typer.Option("--json", help="one JSON object on stdout: "
                                                         "counts, problems, repairs")] = False,
    trust: Annotated[list[Path] | None, typer.Option(
        "--trust", help="a CA certificate (PEM or DER) the signers' certificates must chain "
                        "to; may be given several times")] = None,
    require_signature: Annotated[bool, typer.Option(
        "--require-signature", help="every archived PDF must be signed, its last revision "
                                    "(a correction) too")] = False,
    home: HomeOpt = None,
) -> None:
    """Check that the archive is what sohoa wrote: every archived PDF's SHA-256 and size
    against the catalog, orphan files in the archive folder, the source scans still
    present, the search index, and every signature (intact, valid, chained to --trust).

    Each problem is named with its document id and file: changed, truncated, missing,
    orphan, source_changed, index, signature (errors); unrecorded, source_missing (warnings: verify
    still passes). Exit code 0 when nothing is wrong (after --repair: nothing left), 1 when
    something is, 3 with no catalog, 5 when the catalog is damaged.
    """
    with service(home) as sohoa, page_progress(enabled=sys.stderr.isatty() and not as_json,
                                               label="files") as notify:
        report = sohoa.check_fixity(repair=repair, sources=sources, progress=notify,
                                    trust=trust or None, require_signature=require_signature)
    if as_json:
        print(json.dumps(report.as_json(), ensure_ascii=False), flush=True)
    else:
        _print(report)
    raise typer.Exit(0 if report.ok else 1)


def _print(report) -> None:
    """Problems one a line (kind, document, file, why), repairs, then one summary line."""
    if report.found:
        err.print(f"found {len(report.found)} problem(s):")
        for p in report.found:
            err.print(_line(p), soft_wrap=True)
    for sentence in report.repaired:
        err.print(f"[green]repair[/green] {escape(sentence)}", soft_wrap=True)
    if report.found and report.problems:
        err.print("still wrong after the repair:")
    for p in report.problems:
        err.print(_line(p), soft_wrap=True)
    counts = ", ".join(f"{n} {kind}" for kind, n in sorted(report.counts().items()))
    what = (f"{report.documents} document(s), {report.files} archived file(s)"
            + (f", {report.sources} source(s)" if report.sources else "")
            + f" in {report.seconds:.1f} s")
    if report.ok:
        err.print(f"[green]archive intact[/green]: {what}" + (f" ({counts})" if counts else ""))
    else:
        err.print(f"[red]archive NOT intact[/red]: {counts}; {what}")


def _line(p) -> str:
    colour = "red" if p.serious else "yellow"
    where = p.record_id or p.document_id or "-"
    path = f" {escape(str(p.path))}" if p.path else ""
    return f"[{colour}]{p.kind}[/{colour}] {where}{path}: {escape(p.detail)}"
