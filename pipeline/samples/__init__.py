"""Synthetic, labelled Vietnamese scans of every kind sohoa reads.

Every sample is an image (PNG/JPEG/TIFF/PDF) plus ``<name>.truth.json`` with the exact text
lines drawn and each record's field values, so OCR, extraction and search can be measured:
``{"source", "kind", "degradation", "pages": [{"lines"}], "records": [{"type", "page",
"entry", "layout", "fields"}]}``.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from pathlib import Path

from PIL import Image

from ocr.text import fold_lower
from pipeline.samples.certificates import (
    birth_fields,
    birth_rows,
    death_fields,
    death_rows,
    marital_status_fields,
    marital_status_rows,
)
from pipeline.samples.decision import decision_fields, decision_rows
from pipeline.samples.draw import (
    A4,
    DEGRADATIONS,
    FORMATS,
    degrade,
    font,
    ornament,
    render,
    save_scan,
    spread,
)
from pipeline.samples.eras import ERA_KINDS
from pipeline.samples.marriage import marriage_fields, marriage_rows, pink_paper
from pipeline.samples.register import (
    block_rows,
    fitting_block_rows,
    register_page,
    table_page,
)

__all__ = ["ALL_KINDS", "DEGRADATIONS", "FORMATS", "KINDS", "MORE_KINDS", "birth_fields", "birth_rows",
           "font", "generate",
           "render"]

KINDS = ("birth", "death", "marriage", "marital_status", "decision", "register-blocks",
         "register-table", "register-spread")
# Drawn only when named (not in "all", so older evaluation sets stay as they were): other
# eras' wordings of the same certificates (``eras.py``) and more register layouts.
MORE_KINDS = (*ERA_KINDS, "register-table-wide", "register-table-spread", "register-blocks-5",
              "register-blocks-6", "register-blocks-spread")
ALL_KINDS = (*KINDS, *MORE_KINDS)
Drawn = tuple[Image.Image, list[str], list[dict]]


def _certificate(kind: str, rng: random.Random, seal: bool, leaders: bool = False) -> Drawn:
    make: dict[str, tuple[Callable, Callable]] = {
        "birth": (birth_fields, birth_rows), "death": (death_fields, death_rows),
        "marriage": (marriage_fields, marriage_rows),
        "marital_status": (marital_status_fields, marital_status_rows),
        "decision": (decision_fields, decision_rows), **ERA_KINDS}
    fields_of, rows_of = make[kind]
    fields = fields_of(rng)
    commune = fields.pop("_commune")
    rows = rows_of(fields, commune) if kind == "marital_status" else rows_of(fields)
    page = pink_paper(rng) if kind == "marriage" else None
    img, lines = render(rows, rng, seal=seal, page=page, leaders=leaders)
    layout = "document" if kind == "decision" else "certificate"
    return img, lines, [{"type": kind.split("-")[0], "page": 1, "entry": 1, "layout": layout,
                         "fields": fields,
                         "commune": commune}]


def _more_registers(kind: str, book: str, rng: random.Random, leaders: bool) -> Drawn:
    """The harder register variants: the 11-column table (``-wide``), that table on both
    pages of a spread, 3 entries left and 2 right (``table-spread``), block pages of 5 or 6
    entries, and a block spread of 3 + 2; all with notes, tables with page numbers."""
    if kind == "register-table-wide":
        header, entries = register_page(rng, book, "table", 5, wide=True)
        img, lines = table_page(book, header, entries, wide=True, page_number=rng.randrange(2, 99))
        return img, lines, _truth(book, "table", header, entries)
    if kind.endswith("-spread"):
        layout = "table" if kind == "register-table-spread" else "blocks"
        header, entries = register_page(rng, book, layout, 5, wide=layout == "table", notes=True)
        number = rng.randrange(2, 98)
        if layout == "table":
            pages = [table_page(book, header, part, wide=True, canvas=A4, title=first,
                                page_number=number + (not first))
                     for part, first in ((entries[:3], True), (entries[3:], False))]
        else:
            pages = [render(fitting_block_rows(book, header, part), rng, seal=False)
                     for part in (entries[:3], entries[3:])]
        img = spread(pages[0][0], pages[1][0], curl=rng.uniform(20, 45))
        return img, pages[0][1] + pages[1][1], _truth(book, layout, header, entries)
    count = int(kind.rsplit("-", 1)[1])
    header, entries = register_page(rng, book, "blocks", count, notes=True)
    img, lines = render(fitting_block_rows(book, header, entries), rng, seal=False, leaders=leaders)
    return img, lines, _truth(book, "blocks", header, entries)


def _truth(book: str, layout: str, header: dict, entries: list[dict]) -> list[dict]:
    commune = header["registration_place"].split(",")[0].removeprefix("Ủy ban nhân dân xã ")
    return [{"type": book, "page": 1, "entry": n, "layout": f"register-{layout}",
             "fields": f, "commune": commune} for n, f in enumerate(entries, start=1)]


def _register(kind: str, rng: random.Random, seal: bool, leaders: bool = False) -> Drawn:
    book = rng.choice(["birth", "death", "marriage"])
    layout = kind.removeprefix("register-")
    if layout not in ("spread", "blocks", "table"):
        return _more_registers(kind, book, rng, leaders)
    if layout == "spread":  # a book scanned open: two pages of labelled blocks
        header, entries = register_page(rng, book, "blocks", 8)
        left, left_lines = render(block_rows(book, header, entries[:4]), rng, seal=False)
        right, right_lines = render(block_rows(book, header, entries[4:]), rng, seal=False)
        img = spread(left, right, curl=rng.uniform(20, 45))
        lines, layout = left_lines + right_lines, "blocks"
    elif layout == "blocks":
        header, entries = register_page(rng, book, layout, 4)
        img, lines = render(block_rows(book, header, entries), rng, seal=False, leaders=leaders)
    else:
        header, entries = register_page(rng, book, layout, 8)
        img, lines = table_page(book, header, entries)
    commune = header["registration_place"].split(",")[0].removeprefix("Ủy ban nhân dân xã ")
    return img, lines, [{"type": book, "page": 1, "entry": n, "layout": f"register-{layout}",
                         "fields": f, "commune": commune} for n, f in enumerate(entries, start=1)]


def generate(out: Path, count: int, *, seed: int = 7, degradation: str = "clean",
             formats: tuple[str, ...] = FORMATS, kinds: tuple[str, ...] = ("birth",),
             progress: Callable[[str, int], None] | None = None) -> list[Path]:
    """Write ``count`` labelled scans into ``out``, cycling through ``kinds``; returns paths.
    ``progress`` gets ("pages", count) first, then ("page_done", 1) after each scan.

    Each page draws its content and its damage from random streams of its own (seed and
    page number), so one seed gives the same pages under any ``degradation``: a damaged
    set and its clean twin (``--degrade clean``, same seed) differ only by the damage.
    """
    out.mkdir(parents=True, exist_ok=True)
    notify = progress or (lambda event, n: None)
    notify("pages", count)
    paths = []
    for i in range(count):
        rng, harm = random.Random(f"{seed}/{i}"), random.Random(f"{seed}/{i}/damage")
        # Kinds shift by one each round of degradations, so that every kind meets every
        # damage even when there are as many kinds as degradations.
        kind = kinds[(i + i // len(DEGRADATIONS)) % len(kinds)]
        damage = DEGRADATIONS[i % len(DEGRADATIONS)] if degradation == "mixed" else degradation
        draw = _register if kind.startswith("register-") else _certificate
        img, lines, records = draw(kind, rng, damage in ("seal", "scan"), damage == "leaders")
        if damage == "frame" and draw is _certificate:  # books have no printed frame
            ornament(img, harm)
        img = degrade(img, damage, harm)
        path = out / f"{kind}-{i + 1:03d}.{formats[i % len(formats)]}"
        save_scan(img, path)
        truth = {"source": path.name, "kind": kind, "degradation": damage,
                 "pages": [{"lines": lines}], "records": records}
        path.with_suffix(".truth.json").write_text(
            json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8")
        paths.append(path)
        notify("page_done", 1)
    _demo_query(out, paths)
    return paths


def _demo_query(out: Path, paths: list[Path]) -> None:
    """What `make demo` searches for: the first person's name, typed without diacritics."""
    for path in paths:
        truth = json.loads(path.with_suffix(".truth.json").read_text(encoding="utf-8"))
        for record in truth["records"]:
            name = record["fields"].get("full_name") or record["fields"].get("deceased_full_name")
            if name:
                (out / "demo-query.txt").write_text(fold_lower(name) + "\n")
                return
