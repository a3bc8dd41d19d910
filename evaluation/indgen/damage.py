"""Scan damage applied to a rendered page. Each damage has a name that goes in the truth
file's ``degradation``; the pixels change, the text does not."""

from __future__ import annotations

import random
from collections.abc import Callable

import numpy as np
from PIL import Image, ImageFilter, ImageOps

Damage = Callable[[Image.Image, random.Random], Image.Image]


def _noise(img: Image.Image, rng: random.Random, sigma: float) -> Image.Image:
    gen = np.random.default_rng(rng.randrange(2**32))
    arr = np.asarray(img, dtype=np.float32)
    arr = arr + gen.normal(0, sigma, arr.shape[:2])[..., None]
    return Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))


def clean(img: Image.Image, rng: random.Random) -> Image.Image:
    return _noise(img.filter(ImageFilter.GaussianBlur(0.5)), rng, 2.0)


def skew(img: Image.Image, rng: random.Random) -> Image.Image:
    angle = rng.choice([-1, 1]) * rng.uniform(0.8, 5.0)
    out = img.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True,
                     fillcolor=img.getpixel((5, 5)))
    return clean(out, rng)


def bleed(img: Image.Image, rng: random.Random) -> Image.Image:
    """The back of the sheet shows through: the page mirrored, blurred and faint."""
    back = ImageOps.mirror(img.convert("L")).filter(ImageFilter.GaussianBlur(3.5))
    shift = (rng.randint(-40, 40), rng.randint(-60, 60))
    back = back.transform(back.size, Image.Transform.AFFINE, (1, 0, shift[0], 0, 1, shift[1]),
                          fillcolor=255)
    a = np.asarray(img, dtype=np.float32)
    b = np.asarray(back, dtype=np.float32)[..., None]
    strength = rng.uniform(0.1, 0.2)
    out = a * (1 - strength * (1 - b / 255.0))
    return clean(Image.fromarray(np.clip(out, 0, 255).astype(np.uint8)), rng)


def border(img: Image.Image, rng: random.Random) -> Image.Image:
    """Dark scanner-lid borders on two or three sides and a slight tilt."""
    pad = [rng.randint(20, 90) for _ in range(4)]
    framed = ImageOps.expand(img, border=tuple(pad), fill=(25, 25, 25))
    d = np.asarray(framed).copy()
    h, w = d.shape[:2]
    if rng.random() < 0.5:   # one side of the lid left open: grey, not black
        d[:, : pad[0]] = 90
    framed = Image.fromarray(d)
    out = framed.rotate(rng.uniform(-1.5, 1.5), resample=Image.Resampling.BICUBIC,
                        fillcolor=(20, 20, 20))
    return clean(out.crop((0, 0, w, h)), rng)


def jpeg(img: Image.Image, rng: random.Random) -> Image.Image:
    """Heavy JPEG compression (the saved file is JPEG too, at low quality)."""
    import io
    buf = io.BytesIO()
    _noise(img, rng, 4.0).save(buf, "JPEG", quality=rng.randint(18, 35))
    return Image.open(io.BytesIO(buf.getvalue())).convert("RGB")


def shadow(img: Image.Image, rng: random.Random) -> Image.Image:
    """A soft shadow from one edge (a book's gutter or a lifted lid)."""
    w, h = img.size
    width = rng.uniform(0.12, 0.3) * w
    x = np.arange(w, dtype=np.float32)
    ramp = np.clip(1 - x / width, 0, 1) ** 1.6 * rng.uniform(0.35, 0.55)
    if rng.random() < 0.5:
        ramp = ramp[::-1]
    a = np.asarray(img, dtype=np.float32) * (1 - ramp)[None, :, None]
    return clean(Image.fromarray(np.clip(a, 0, 255).astype(np.uint8)), rng)


def faded(img: Image.Image, rng: random.Random) -> Image.Image:
    """Old ink: lower contrast, yellowed paper, a little blur."""
    a = np.asarray(img.filter(ImageFilter.GaussianBlur(0.8)), dtype=np.float32)
    a = 255 - (255 - a) * rng.uniform(0.45, 0.65)
    a = a * np.array([0.98, 0.95, 0.84], dtype=np.float32)
    return _noise(Image.fromarray(np.clip(a, 0, 255).astype(np.uint8)), rng, 3.0)


def bilevel(img: Image.Image, rng: random.Random) -> Image.Image:
    """A 1-bit scan (fax-like threshold; saved as CCITT G4 TIFF)."""
    gray = _noise(img, rng, 6.0).convert("L")
    cut = rng.randint(135, 175)
    return gray.point(lambda v: 255 if v > cut else 0).convert("1")


DAMAGES: dict[str, Damage] = {
    "clean": clean, "skew": skew, "bleed": bleed, "border": border, "jpeg": jpeg,
    "shadow": shadow, "faded": faded, "bilevel": bilevel,
}


def apply(name: str, img: Image.Image, rng: random.Random) -> Image.Image:
    """``name`` may combine damages: ``skew+jpeg``."""
    for part in name.split("+"):
        img = DAMAGES[part](img.convert("RGB"), rng)
    return img
