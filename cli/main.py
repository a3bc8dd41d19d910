"""sohoa's command line: a thin typer layer over ``pipeline``, ``index`` and ``schemas``."""

from __future__ import annotations

import getpass
import json
import sys
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Annotated, get_args

import typer
from rich.markup import escape
from typer.core import TyperCommand

from cli.face import service
from cli.output import (
    document_line,
    document_view,
    err,
    hit_summary,
    out,
    page_progress,
    peak_note,
)
from cli.sign import SignOpt, with_signer
from index.base import MAX_LIMIT, MAX_OFFSET, PLAUSIBLE_YEARS

app = typer.Typer(  # its help is _main's docstring
    no_args_is_help=True, rich_markup_mode="rich", pretty_exceptions_enable=False)
index_app = typer.Typer(help="Maintain the search index (the catalog is the system of record).",
                        no_args_is_help=True)
app.add_typer(index_app, name="index")


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            print(f"sohoa {version('sohoa')}")
        except PackageNotFoundError:  # a source tree that was never installed
            print("sohoa (not installed)")
        raise typer.Exit(0)


@app.callback()
def _main(show_version: Annotated[bool, typer.Option(
        "--version", help="print sohoa's version and exit", callback=_version,
        is_eager=True)] = False) -> None:
    """Digitise scanned Vietnamese civil-status records: scans in, searchable PDF/A, typed
    records and a search index out.

    State lives in SOHOA_HOME (default ~/.local/share/sohoa): catalog.sqlite, archive/,
    index/. Exit codes: 0 done; 1 something failed or is wrong; 2 bad input or usage;
    3 not found; 4 not allowed; 5 unavailable (catalog or index); 6 a write failed (disk
    full): the run stopped, what was done is kept.
    """

HomeOpt = Annotated[Path | None, typer.Option("--home", help="state folder (env SOHOA_HOME)",
                                              show_default=False)]
JsonOpt = Annotated[bool, typer.Option("--json", help="machine-readable JSON lines on stdout")]


def _settings(home: Path | None = None, **overrides):
    from pydantic import ValidationError

    from pipeline.settings import Settings

    try:
        base = Settings()
    except ValidationError as exc:
        for e in exc.errors():  # one line each: SOHOA_NAME and what is wrong with it
            name = "SOHOA_" + "_".join(str(p) for p in e["loc"]).upper()
            why = str(e["msg"]).removeprefix("Value error, ")
            err.print(f"[red]bad setting {name}:[/red] {escape(why)}", soft_wrap=True)
        raise typer.Exit(2) from None
    updates = {k: v for k, v in overrides.items() if v is not None}
    if home is not None:
        updates["home"] = home
    return base.model_copy(update=updates)


def _open(settings, create: bool = True):
    """(catalog, index); ``create`` makes a missing catalog (the commands that digitise).
    A missing catalog exits 3, a damaged one 5, each with its one-line message."""
    from index import open_index
    from index.elastic import BackendError
    from pipeline.catalog import Catalog
    from pipeline.errors import CatalogMissing, StateError

    try:
        catalog = Catalog(settings.catalog_url, create=create, home=settings.home)
    except CatalogMissing as exc:
        err.print(f"[red]{escape(str(exc))}[/red]", soft_wrap=True)
        raise typer.Exit(3) from None
    except StateError:
        raise  # damaged: main() says so, exit 5
    except Exception as exc:  # noqa: BLE001 - any driver error: say what and where, exit 5
        from sqlalchemy.engine import make_url

        where = make_url(settings.catalog_url).render_as_string(hide_password=True)
        why = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        err.print(f"[red]cannot open the catalog[/red] {escape(where)}: {escape(why)}",
                  soft_wrap=True)
        raise typer.Exit(5) from None
    try:
        return catalog, open_index(settings)
    except (BackendError, RuntimeError) as exc:
        err.print(f"[red]search index unavailable:[/red] {escape(str(exc))}")
        raise typer.Exit(2) from None


class _SearchCommand(TyperCommand):
    """``sohoa search``: a word that starts with ``-`` and is no option of the command is
    a query put before ``--`` (click would take ``-nguyen`` for ``-n guyen``); say so."""

    def parse_args(self, ctx, args: list[str]) -> list[str]:
        options = [p for p in self.params if any(o.startswith("-") for o in p.opts)]
        names = {name for p in options for name in (*p.opts, *p.secondary_opts)}
        names |= set(ctx.help_option_names)
        valued = {name for p in options if not getattr(p, "is_flag", False) for name in p.opts}
        value_next = False
        for word in args[:args.index("--")] if "--" in args else args:
            if value_next or not word.startswith("-") or word == "-":
                value_next = False
                continue
            name = word.split("=")[0]
            value_next = name in valued and "=" not in word
            if name in names or (word[:2] in valued and word[2:].isdigit()):  # -n5
                continue
            raise typer.BadParameter(f"{word!r} is no option of sohoa search; a query that "
                                     f"starts with '-' goes after '--': sohoa search -- {word}")
        return super().parse_args(ctx, args)


@app.command()
def digitize(
    paths: Annotated[list[Path], typer.Argument(help="scan files or folders (searched "
                                                     "recursively): PNG, JPEG, TIFF, PDF")],
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", min=1,
                                             help="pages processed in parallel [default: cores]")]
    = None,
    osd: Annotated[bool, typer.Option(help="detect 90/180/270° rotation with tesseract OSD")]
    = True,
    deskew: Annotated[bool, typer.Option(help="straighten pages skewed up to 10°")] = True,
    correct: Annotated[bool, typer.Option(help="post-correct Vietnamese tone marks by lexicon "
                                               "and context (tesseract's reading is kept)")]
    = True,
    binarize: Annotated[str | None, typer.Option(
        help="threshold of the image OCR reads: otsu (default: one level for the page, "
             "after flattening the light), wolf or sauvola (a level per neighbourhood: "
             "try them on faded or unevenly inked pages)")] = None,
    debug_images: Annotated[Path | None, typer.Option(
        "--debug-images", help="write each cleanup step's image of every page into this "
                               "folder, numbered in the order the steps ran (scan, cropped, "
                               "flattened, binary, deskewed, rules-out, for-ocr, ...), and "
                               "what cleanup decided (decisions.json)")] = None,
    pdfa: Annotated[str | None, typer.Option(help="PDF/A level: 2b (default), 1b or 2u; 1b "
                                                  "files are checked by PDFBox Preflight")]
    = None,
    split_entries: Annotated[bool, typer.Option(
        "--split-entries", help="also write one PDF/A per record (per register entry)")]
    = False,
    force: Annotated[bool, typer.Option(
        "--force", help="digitise again scans already in the catalog (default: skip them, "
                        "so a rerun after a crash or Ctrl-C goes on where it stopped)")]
    = False,
    sign: SignOpt = None,
    home: HomeOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Digitise scans: clean up, OCR (Vietnamese), extract records, write PDF/A, index.

    One input file is one document. Sources are never modified. A scan already in the
    catalog is skipped (same content, same PDF/A settings), so rerunning a folder after a
    crash or Ctrl-C finishes the rest; --force digitises it again and replaces its results
    (same document id). A page that cannot be read fails alone: its document is
    incomplete (the other pages archived and indexed).

    Exit code 0: all ok; 1: some failed or incomplete; 6: a write failed (disk full),
    the run stopped after saying what was done.

    Example: [bold]sohoa digitize ~/scans/2019 --jobs 2[/bold]
    """
    from ocr.models import Binarize
    from pipeline.run import digitize as run

    if pdfa not in (None, "1b", "2b", "2u"):
        err.print("[red]--pdfa must be 1b, 2b or 2u[/red]")
        raise typer.Exit(2)
    if binarize not in (None, *get_args(Binarize)):
        err.print(f"[red]--binarize must be one of {', '.join(get_args(Binarize))}[/red]")
        raise typer.Exit(2)
    settings = _settings(home, jobs=jobs, osd=osd, deskew=deskew, pdfa=pdfa, binarize=binarize,
                         split_entries=split_entries or None, force=force or None,
                         correct=None if correct else False, debug_images=debug_images)
    settings = with_signer(settings, sign)
    catalog, index = _open(settings)
    from pipeline.errors import WriteFailed

    failed = total = skipped = incomplete = 0
    stopped: WriteFailed | None = None
    with page_progress(enabled=sys.stderr.isatty()) as notify:
        try:
            for result in run(paths, settings, catalog, index, notify,
                              command=" ".join(["digitize", *map(str, paths)])):
                total += 1
                failed += not result.readable
                incomplete += result.status == "incomplete"
                skipped += result.reused
                if as_json:
                    print(json.dumps(result.as_json(), ensure_ascii=False), flush=True)
                else:
                    err.print(document_line(result))
        except WriteFailed as exc:  # disk full: what was done is said below, then exit 6
            stopped = exc
    if total == 0:
        err.print("[yellow]no scans found[/yellow] (PNG, JPEG, TIFF or PDF) in: "
                  + ", ".join(map(str, paths)))
        raise typer.Exit(1)
    done = total - failed - skipped
    err.print(f"{done} of {total} document(s) digitised into {settings.home}"
              + (f" ({incomplete} incomplete: pages not read)" if incomplete else "")
              + (f", {skipped} already in the catalog (skipped)" if skipped else "")
              + (f", {failed} failed" if failed else "") + peak_note(notify))
    if stopped is not None:
        err.print(f"[red]run stopped:[/red] {escape(str(stopped))}", soft_wrap=True)
        raise typer.Exit(6)
    raise typer.Exit(1 if failed or incomplete else 0)


@app.command(cls=_SearchCommand)
def search(
    query: Annotated[str, typer.Argument(help="a name or words; diacritics optional, one typo "
                                              "tolerated on name words of 3+ letters; "
                                              "\"quoted words\" must appear together; may be "
                                              "empty when filters are given; one that "
                                              "starts with '-' goes after '--'")] = "",
    record_type: Annotated[str | None, typer.Option(
        "--type", help="birth, death, marriage, marital_status or decision")]
    = None,
    born_from: Annotated[datetime | None, typer.Option(formats=["%Y-%m-%d"],
                                                       help="date of birth on or after")] = None,
    born_to: Annotated[datetime | None, typer.Option(formats=["%Y-%m-%d"],
                                                     help="date of birth on or before")] = None,
    year: Annotated[int | None, typer.Option(min=PLAUSIBLE_YEARS[0], max=PLAUSIBLE_YEARS[1],
                                             help="year of registration")] = None,
    place: Annotated[str | None, typer.Option(help="registering commune, e.g. 'Thanh Phong' "
                                                   "(diacritics optional)")] = None,
    book: Annotated[str | None, typer.Option(help="book number, e.g. 01/2019")] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, max=MAX_LIMIT)] = 10,
    offset: Annotated[int, typer.Option(min=0, max=MAX_OFFSET,
                                        help="skip this many hits (paging)")] = 0,
    facets: Annotated[bool, typer.Option("--facets", help="counts by type, year and commune")]
    = False,
    highlight: Annotated[bool, typer.Option("--highlight", help="mark matched words «like this»")]
    = False,
    home: HomeOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Find records: [bold]sohoa search "nguyen thi hong nhung" --type birth --year 2019[/bold]

    With --json: one JSON object per hit; with --facets also a last line
    {"total": N, "facets": {...}}. The total is exact (never capped). A query that starts
    with '-' goes after '--': [bold]sohoa search -- -nguyen[/bold]. Exit code 2: bad
    arguments; 3: no catalog; 5: catalog damaged or index out of step (rebuild it).
    """
    from index.base import InvalidQuery, SearchQuery

    if not query.strip() and not any((record_type, born_from, born_to, year, place, book)):
        err.print("[red]give a query, a filter, or both[/red] (see sohoa search --help)")
        raise typer.Exit(2)
    try:
        asked = SearchQuery(
            text=query, record_type=record_type, born_from=born_from.date() if born_from else None,
            born_to=born_to.date() if born_to else None, registration_year=year, commune=place,
            book_number=book, limit=limit, offset=offset, facets=facets, count=True,
            highlight=highlight)
    except InvalidQuery as exc:
        err.print(f"[red]{escape(str(exc))}[/red]", soft_wrap=True)
        raise typer.Exit(2) from None
    with service(home) as sohoa:
        result = sohoa.search(asked)
    for h in result.hits:
        if as_json:
            print(json.dumps(h.as_json(with_highlights=highlight), ensure_ascii=False))
            continue
        summary = hit_summary(h.fields, h.highlights if highlight else {})
        where = f"p{h.page}" + (f" #{h.entry}" if h.entry else "") if h.page else ""
        out.print(f"{h.score:7.2f}  {h.key}  {h.record_type:8}  {where:8}  {escape(summary)}  "
                  f"[dim]{escape(h.pdf or h.source)}[/dim]")
    if as_json:
        if facets:
            print(json.dumps({"total": result.total, "facets": result.facets}, ensure_ascii=False))
        return
    err.print(f"{result.total} matching record(s)" + (f", showing {len(result.hits)}"
                                                      if result.total > len(result.hits) else ""))
    for name, buckets in result.facets.items():
        out.print(escape(f"{name}: " + ", ".join(f"{k} ({n})" for k, n in buckets.items())))


@app.command()
def show(document_id: Annotated[str, typer.Argument(help="id or unique prefix")],
         home: HomeOpt = None, as_json: JsonOpt = False) -> None:
    """Show one document: pages, records, fields with confidence, review reasons."""
    with service(home) as sohoa:
        doc = sohoa.document(document_id).result
    if as_json:
        print(json.dumps(doc.as_json(), ensure_ascii=False))
    else:
        document_view(doc)


@app.command("list")
def list_catalog(
    show_records: Annotated[bool, typer.Option(
        "--records", help="list records (with the filters below) instead of documents")]
    = False,
    status: Annotated[str | None, typer.Option(
        "--status", help="documents: only ok, incomplete or failed ones")] = None,
    record_type: Annotated[str | None, typer.Option(
        "--type", help="records: birth, death, marriage, marital_status or decision")] = None,
    year: Annotated[int | None, typer.Option(
        "--year", help="records: registered this year", min=1800, max=2200)] = None,
    place: Annotated[str | None, typer.Option(
        "--place", help="records: registering commune (diacritics optional)")] = None,
    book: Annotated[str | None, typer.Option("--book", help="records: register book number")]
    = None,
    needs_review: Annotated[bool | None, typer.Option(
        "--needs-review/--reviewed", help="records: only those waiting for review, or not",
        show_default=False)] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, max=1000,
                                       help="lines to show")] = 50,
    offset: Annotated[int, typer.Option("--offset", min=0, max=10_000_000,
                                        help="skip this many (paging)")] = 0,
    home: HomeOpt = None, as_json: JsonOpt = False,
) -> None:
    """Browse the catalog: documents newest first, or records with search's filters.

    A document line holds no field values: id, status, pages, records, records to review,
    source, last change. Page on with --offset.

    Example: [bold]sohoa list --records --type birth --year 2019 --needs-review[/bold]
    """
    from pipeline.export import ExportFilter

    with service(home) as sohoa:
        if show_records:
            keep = ExportFilter(record_type=record_type, year=year, commune=place, book=book,
                                needs_review=needs_review)
            _print_record_rows(sohoa.record_rows(keep, limit, offset), as_json)
            return
        found, total = sohoa.documents(status, limit, offset)
    for d in found:
        if as_json:
            print(json.dumps(d.as_json(), ensure_ascii=False))
        else:
            review = f", {d.to_review} to review" if d.to_review else ""
            out.print(f"{d.document_id}  {d.status:6}  {d.page_count} page(s), {d.records} "
                      f"record(s){review}  {escape(d.source)}  [dim]{d.updated_at}[/dim]")
    if not as_json:
        err.print(f"{total} document(s)" + (f", showing {offset + 1}-{offset + len(found)}"
                                            if found and len(found) < total else ""))


def _print_record_rows(rows: list[dict], as_json: bool) -> None:
    from schemas.records import PRIMARY_NAMES

    for row in rows:
        if as_json:
            print(json.dumps(row, ensure_ascii=False))
            continue
        who = " & ".join(row[k] for k in PRIMARY_NAMES if row.get(k))
        mark = "  [yellow]to review[/yellow]" if row["needs_review"] else ""
        out.print(f"{row['record_id']}  {row['record_type']:14}  {escape(who)}  "
                  f"{row.get('registration_date') or row.get('issue_date') or ''}{mark}")
    if not as_json:
        err.print(f"{len(rows)} record(s) shown")


@app.command()
def delete(
    document_id: Annotated[str, typer.Argument(help="the document id (or a unique prefix)")],
    yes: Annotated[bool, typer.Option("--yes", help="do not ask for confirmation")] = False,
    home: HomeOpt = None,
) -> None:
    """Erase a document: its records, index entries, archived PDF/A and entry PDFs.

    For an erasure request (Decree 13/2023). The source scan is never touched: delete it
    yourself if the request covers it, or a later digitize brings the document back. The
    audit trail keeps a line (who, when, which document) without the erased values.

    Example: [bold]sohoa delete 2c4186f2[/bold]
    """
    with service(home) as sohoa:
        plan = sohoa.deletion(document_id)
        err.print(f"document {plan.document_id}: {plan.records} record(s), {len(plan.files)} "
                  f"file(s) sohoa wrote; source left in place: {escape(plan.source)}")
        if not yes:
            if not sys.stdin.isatty():
                err.print("[red]not deleted: give --yes to delete without a terminal[/red]")
                raise typer.Exit(2)
            typer.confirm("delete it for good?", abort=True, err=True)
        removed = sohoa.delete(plan, actor=f"cli:{getpass.getuser()}")
    err.print(f"deleted document {plan.document_id}: {plan.records} record(s), "
              f"{removed} file(s)")


@app.command()
def samples(
    out_dir: Annotated[Path, typer.Argument(help="folder to write scans and truth files into")],
    count: Annotated[int, typer.Option(min=1, max=10000)] = 8,
    degrade: Annotated[str, typer.Option(
        help="clean, scan, seal, skew, border, shadow, lowres, leaders, frame, or mixed (each in "
             "turn)")] = "mixed",
    kinds: Annotated[str, typer.Option(
        help="comma-separated: birth, death, marriage, marital_status, decision, "
             "register-blocks, register-table, register-spread; or all; also (not in all) "
             "other eras' wordings: birth-2010, death-2020; register-table-wide, "
             "register-table-spread, register-blocks-5, register-blocks-6, "
             "register-blocks-spread")] = "all",
    seed: int = 7,
) -> None:
    """Generate labelled synthetic scans (scan + <name>.truth.json), cycling through kinds.

    Example: [bold]sohoa samples eval-set --count 14 --kinds register-table,marriage[/bold]
    """
    from pipeline.samples import ALL_KINDS, DEGRADATIONS, KINDS, generate

    if degrade not in (*DEGRADATIONS, "mixed"):
        err.print(f"[red]--degrade must be one of {', '.join(DEGRADATIONS)}, mixed[/red]")
        raise typer.Exit(2)
    chosen = KINDS if kinds == "all" else tuple(k.strip() for k in kinds.split(","))
    unknown = [k for k in chosen if k not in ALL_KINDS]
    if unknown:
        err.print(f"[red]unknown kind(s) {', '.join(unknown)}[/red]; choose from "
                  f"{', '.join(ALL_KINDS)}")
        raise typer.Exit(2)
    with page_progress(enabled=sys.stderr.isatty(), label="scans") as notify:
        paths = generate(out_dir, count, seed=seed, degradation=degrade, kinds=chosen,
                         progress=notify)
    err.print(f"wrote {len(paths)} labelled scans to {out_dir}")


@app.command()
def schema(record_type: Annotated[str, typer.Argument(
        help="birth, death, marriage, marital_status or decision")]) -> None:
    """Print the JSON Schema of a record type: keys, Vietnamese labels (titles), value types.

    Example: [bold]sohoa schema death > death.schema.json[/bold]
    """
    from schemas.records import FORMS, RecordType

    kinds = {t.value: t for t in FORMS}
    if record_type not in kinds:
        err.print(f"[red]unknown type {record_type!r}[/red]; choose from {', '.join(kinds)}")
        raise typer.Exit(2)
    model = FORMS[RecordType(record_type)]
    print(json.dumps(model.model_json_schema(), ensure_ascii=False, indent=1))


@app.command("eval")
def evaluate(
    folder: Annotated[Path, typer.Argument(help="labelled folder (see `sohoa samples`)")],
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", min=1)] = None,
    distractors: Annotated[int, typer.Option(help="synthetic records added to the index so "
                                                  "search recall is measured in a crowd")] = 2000,
    baseline: Annotated[bool, typer.Option(help="also read every page without cleanup, to "
                                                "show what cleanup gives (one more OCR pass)")]
    = True,
    as_json: JsonOpt = False,
) -> None:
    """Measure OCR error rates, field accuracy and search recall on labelled scans.

    Runs the real pipeline into a throw-away home; your SOHOA_HOME is not touched. Text
    error rates are given for the scan read without cleanup (no_cleanup), tesseract's
    reading after cleanup (raw) and sohoa's output (corrected), overall and per kind of
    damage, with each damage's CER against the clean pages' (cer_vs_clean).
    """
    from pipeline.evaluate import run_eval

    with tempfile.TemporaryDirectory(prefix="sohoa-eval-") as tmp:
        settings = _settings(Path(tmp), jobs=jobs)
        with page_progress(enabled=sys.stderr.isatty()) as notify:
            report = run_eval(folder, settings, notify, distractors=distractors,
                              baseline=baseline)
    data = report.as_json()
    if as_json:
        print(json.dumps(data, ensure_ascii=False))
        return
    for key, value in data.items():
        if key == "text":
            _print_text_rates(value)
        elif key == "by_source":
            for name, figures in value.items():
                out.print(f"{'source ' + name:34} " + escape(json.dumps(figures, ensure_ascii=False)))
        elif key != "field_errors":
            out.print(f"{key:34} {value}")
    for e in data["field_errors"][:15]:
        out.print(f"  [dim]{e['source']} {e['field']}: expected {e['expected']!r}, "
                  f"got {e['got']!r}[/dim]")


def _print_text_rates(text: dict) -> None:
    """Each reading beside the others (no cleanup, tesseract after cleanup, sohoa's output,
    and bare tesseract and OCRmyPDF where they ran), overall and per damage."""
    from pipeline.evaluate import TEXTS

    rows = [("all", text), *text["by_degradation"].items()]
    stages = [s for s in TEXTS if f"cer_{s}" in text]
    out.print(f"{'text error rates':34} {' -> '.join(stages)}: cer / wer / cer without "
              "diacritics / word F1")

    def cell(r: dict, key: str) -> str:
        return f"{r[key]:.2%}" if key in r else "-"

    for name, r in rows:
        cells = [" -> ".join(cell(r, f"{m}_{s}") for s in stages)
                 for m in ("cer", "wer", "cer_no_diacritics", "word_f1")]
        vs = f"   ({r['cer_vs_clean']}x clean)" if "cer_vs_clean" in r else ""
        out.print(f"  {name:32} {' / '.join(cells)}{vs}")
    out.print(f"{'correction_cer_reduction':34} {text['correction_cer_reduction']}")


@app.command("export")
def export_records(
    target: Annotated[Path, typer.Argument(help="file to write, e.g. records.xlsx")],
    fmt: Annotated[str | None, typer.Option(
        "--format", help="csv, xlsx or jsonl [default: from the file name]")] = None,
    record_type: Annotated[str | None, typer.Option(
        "--type", help="only this record type: birth, death, marriage, marital_status, "
                       "decision")] = None,
    year: Annotated[int | None, typer.Option(
        "--year", help="only records registered this year", min=1800, max=2200)] = None,
    commune: Annotated[str | None, typer.Option(
        "--commune", help="only this registering commune (diacritics optional)")] = None,
    book: Annotated[str | None, typer.Option("--book", help="only this register book number")]
    = None,
    needs_review: Annotated[bool | None, typer.Option(
        "--needs-review/--reviewed", help="only records waiting for review, or only those "
                                          "that are not", show_default=False)] = None,
    labels: Annotated[str, typer.Option(
        "--labels", help="column headers: keys (full_name...) or vi (the form's labels)")]
    = "keys",
    home: HomeOpt = None,
) -> None:
    """One row per record with its source file, page and PDF, ready for the registry import.

    CSV is UTF-8 with a byte-order mark (spreadsheets read Vietnamese right), one line per
    record; JSON Lines keeps types (booleans, a list of review reasons).

    Example: [bold]sohoa export khai-sinh-2019.xlsx --type birth --year 2019 --labels vi[/bold]
    """
    from pipeline.export import FORMATS, LABELS, ExportFilter
    from schemas.records import RecordType

    fmt = fmt or target.suffix.lstrip(".").lower()
    problems = [] if fmt in FORMATS else [f"--format must be one of {', '.join(FORMATS)}"]
    if record_type and record_type not in {t.value for t in RecordType}:
        problems.append(f"unknown --type {record_type!r}")
    if labels not in LABELS:
        problems.append(f"--labels must be one of {', '.join(LABELS)}")
    if problems:
        err.print(f"[red]{escape('; '.join(problems))}[/red]")
        raise typer.Exit(2)
    keep = ExportFilter(record_type=record_type, year=year, commune=commune, book=book,
                        needs_review=needs_review)
    with service(home) as sohoa:
        n = sohoa.export(target, fmt, keep, labels, actor=f"cli:{getpass.getuser()}")
    err.print(f"wrote {n} record(s) to {target}")


@index_app.command("rebuild")
def index_rebuild(yes: Annotated[bool, typer.Option(
                      "--yes", help="also when the catalog gives fewer entries than the "
                                    "index holds")] = False,
                  home: HomeOpt = None) -> None:
    """Rebuild the index from the catalog into a new generation, then swap it in.

    Streamed (memory holds one batch) and resumable: after Ctrl-C or a crash, run it again
    and it goes on from the last batch; searches use the old index until the swap. A saved
    state that cannot go on (its generation gone, the catalog changed since) is discarded
    with a warning. Exit code 3: no catalog; 4: the catalog gives fewer entries than the
    index holds and --yes was not given; 5: the catalog is damaged (nothing is touched).
    """
    from pipeline.errors import RepairRefused
    from pipeline.reindex import rebuild

    settings = _settings(home)
    catalog, index = _open(settings, create=False)
    counts = catalog.counts()
    total = counts["documents_ok"] + counts["documents_incomplete"]
    with page_progress(enabled=sys.stderr.isatty(), label="documents") as notify:
        notify("pages", total)
        try:
            done = rebuild(catalog, index, settings.home / "index-rebuild.json",
                           progress=lambda n: notify("page_done", n), allow_loss=yes,
                           warn=lambda m: err.print(f"[yellow]{escape(m)}[/yellow]",
                                                    soft_wrap=True))
        except RepairRefused as exc:
            err.print(f"[red]{escape(str(exc))}[/red]", soft_wrap=True)
            raise typer.Exit(4) from None
    err.print(f"indexed {done} document(s); the index holds {index.count()} entries")


@index_app.command("check")
def index_check(repair: Annotated[bool, typer.Option("--repair", help="re-index what is wrong")]
                = False,
                yes: Annotated[bool, typer.Option(
                    "--yes", help="with --repair: also when it deletes more index entries "
                                  "than it adds")] = False,
                home: HomeOpt = None) -> None:
    """Compare the catalog with the index: missing, stale, orphan and refused documents.

    Exit code 0 when they agree (or were repaired), 1 when they differ, 3 with no catalog,
    4 when a repair would delete more index entries than it adds and --yes was not given
    (nothing is changed), 5 when the catalog is damaged.
    """
    from pipeline.errors import RepairRefused
    from pipeline.reindex import check
    from pipeline.reindex import repair as fix

    settings = _settings(home)
    catalog, index = _open(settings, create=False)
    report = check(catalog, index)
    for name in ("missing", "stale", "orphans", "failed"):
        ids = getattr(report, name)
        if ids:
            err.print(f"{name}: {len(ids)} document(s): {' '.join(ids[:20])}"
                      + (" ..." if len(ids) > 20 else ""))
    if report.ok:
        err.print(f"index agrees with the catalog ({report.documents} document(s))")
        return
    if repair:
        try:
            n = fix(catalog, index, report, allow_loss=yes)
        except RepairRefused as exc:
            err.print(f"[red]{escape(str(exc))}[/red]", soft_wrap=True)
            raise typer.Exit(4) from None
        report = check(catalog, index)
        err.print(f"re-indexed {n} document(s); " + ("now consistent" if report.ok
                                                      else "still inconsistent"))
    raise typer.Exit(0 if report.ok else 1)


from cli.users import user_app  # noqa: E402 - registered after the core commands

app.add_typer(user_app, name="user")

from cli.batch import batch_app, watch, worker  # noqa: E402 - registered after the core commands

app.add_typer(batch_app, name="batch")
app.command()(watch)
app.command()(worker)

from cli.serve import serve  # noqa: E402 - the web app, registered like the batch commands

app.command()(serve)

from cli.verify import verify  # noqa: E402 - fixity of the archive, registered like serve

app.command()(verify)

from cli.sign import sign  # noqa: E402 - sign what is archived, registered like verify

app.command()(sign)


def main() -> None:
    """The console script. sohoa's own state found broken in the middle of any command (a
    catalog damaged while in use, an index out of step) ends with its message and exit 5,
    never a traceback."""
    from sqlalchemy.exc import DatabaseError, OperationalError

    from cli.helptext import polish
    from pipeline.atomic import private_umask
    from pipeline.catalog import damaged
    from pipeline.errors import StateError

    private_umask()  # archives, catalog, index, exports: personal data, for this user only
    try:
        polish(typer.main.get_command(app))(prog_name="sohoa")
    except StateError as exc:
        err.print(f"[red]{escape(str(exc))}[/red]", soft_wrap=True)
        sys.exit(5)
    except OperationalError as exc:  # cannot connect, locked: unavailable, not damaged
        why = str(exc.orig or exc).strip().splitlines()[0]
        err.print(f"[red]the catalog cannot be used now: {escape(why)}[/red]", soft_wrap=True)
        sys.exit(5)
    except DatabaseError as exc:
        err.print(f"[red]{escape(damaged('', str(exc.orig or exc)))}[/red]", soft_wrap=True)
        sys.exit(5)
