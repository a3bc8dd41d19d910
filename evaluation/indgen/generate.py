"""Cycle through the kinds, draw each document, damage it, save it in a scan format and
write ``<stem>.truth.json`` beside it."""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from evaluation.indgen import birth, blocks, damage, death, decision, marital, marriage, registers
from evaluation.indgen.canvas import Look, Sheet
from evaluation.indgen.common import Record

KINDS = ("birth", "death", "marriage", "marital_status", "decision",
         "register-table", "register-spread", "register-blocks")
DEGRADATIONS = ("clean", "skew", "bleed", "border", "jpeg", "shadow", "faded", "bilevel",
                "skew+jpeg", "clean", "border+bleed", "skew")


@dataclass
class Document:
    kind: str
    variant: str
    sheets: list[Sheet]
    records: list[Record]


Drawer = Callable[[random.Random, int, int], Document]


def _single(kind: str, variants: tuple[str, ...], fn: Callable) -> Drawer:
    def draw(rng: random.Random, turn: int, dpi: int) -> Document:
        variant = variants[turn % len(variants)]
        old = variant in ("2010", "2015")
        sheet = Sheet(Look.random(rng, old=old), dpi=dpi)
        records = fn(rng, sheet, variant)
        return Document(kind, variant, [sheet], records)
    return draw


DRAWERS: dict[str, Drawer] = {
    "birth": _single("birth", ("2020", "2015", "2010"), birth.draw),
    "death": _single("death", ("2020-short", "2015", "2010", "2020"), death.draw),
    "marriage": _single("marriage", ("columns", "stacked", "columns-2010"), marriage.draw),
    "marital_status": _single("marital_status", ("2020", "2015"), marital.draw),
    "decision": _single("decision", ("commune", "district"), decision.draw),
    "register-table": registers.draw_table,
    "register-spread": blocks.draw_spread,
    "register-blocks": blocks.draw_blocks,
}


def _format(rng: random.Random, degradation: str, pages: int) -> str:
    if "bilevel" in degradation:
        return "tif-g4"
    if "jpeg" in degradation:
        return "jpg"
    if pages > 1:
        return rng.choice(["tif", "pdf"])
    return rng.choice(["png", "png", "jpg", "tif", "pdf"])


def save(images: list[Image.Image], path: Path, fmt: str, dpi: int, rng: random.Random) -> Path:
    first, rest = images[0], images[1:]
    info = {"dpi": (dpi, dpi)}
    if fmt == "tif-g4":
        path = path.with_suffix(".tif")
        bw = [im if im.mode == "1" else im.convert("1") for im in images]
        bw[0].save(path, compression="group4", save_all=True, append_images=bw[1:], **info)
    elif fmt == "tif":
        path = path.with_suffix(".tif")
        first.save(path, compression="tiff_lzw", save_all=True, append_images=rest, **info)
    elif fmt == "pdf":
        path = path.with_suffix(".pdf")
        rgb = [im.convert("RGB") for im in images]
        rgb[0].save(path, "PDF", resolution=float(dpi), save_all=True, append_images=rgb[1:],
                    creationDate=None, modDate=None)   # no timestamp: same seed, same bytes
    elif fmt == "jpg":
        path = path.with_suffix(".jpg")
        first.convert("RGB").save(path, "JPEG", quality=rng.randint(40, 88), **info)
    else:
        path = path.with_suffix(".png")
        first.save(path, "PNG", **info)
    return path


def generate_one(out: Path, index: int, seed: int, kind: str, degradation: str,
                 turn: int, dpi: int | None = None) -> Path:
    """One document; ``dpi`` overrides the drawn resolution (tests draw small pages)."""
    rng = random.Random(f"indgen:{seed}:{index}")
    drawn = 200 if rng.random() < 0.2 else 300      # drawn even when overridden: same stream
    dpi = dpi or drawn
    doc = DRAWERS[kind](rng, turn, dpi)
    images = [damage.apply(degradation, s.img, rng) for s in doc.sheets]
    fmt = _format(rng, degradation, len(images))
    if fmt in ("png", "jpg") and len(images) > 1:
        fmt = "tif"
    stem = f"indgen-{seed}-{index:04d}-{kind}-{doc.variant}"
    path = save(images, out / stem, fmt, dpi, rng)
    truth = {
        "source": path.name, "kind": kind, "degradation": degradation, "generator": "indgen",
        "variant": doc.variant, "dpi": dpi,
        "pages": [{"lines": list(s.lines)} for s in doc.sheets],
        "records": [r.as_json() for r in doc.records],
    }
    path.with_suffix(".truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1) + "\n",
                                               encoding="utf-8")
    return path


def generate(out: Path, seed: int, count: int, kinds: tuple[str, ...] = KINDS,
             dpi: int | None = None) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        kind = kinds[i % len(kinds)]
        degradation = DEGRADATIONS[(i * 5 + seed) % len(DEGRADATIONS)]
        paths.append(generate_one(out, i, seed, kind, degradation, i // len(kinds), dpi))
    return paths
