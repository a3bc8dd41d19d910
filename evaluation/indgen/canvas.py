"""A sheet of paper that remembers what it draws: every visible text line goes to ``lines``
in reading order (a block on the left before the block beside it on the right).

Dotted leaders, rules, seals and signatures are graphics, not text, and are not in ``lines``."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

from PIL import Image, ImageDraw, ImageFont

from evaluation.indgen import fonts

RGB = tuple[int, int, int]
LEADERS = ("dots_after", "dots_under", "dashes", "fused", "none")


@dataclass
class Look:
    """How one page is typeset: the template's labels and the typed values."""
    family: str
    value_family: str
    pt: float
    label_style: str = "regular"          # regular / bold / italic
    value_style: str = "regular"
    ink: RGB = (20, 20, 20)
    value_ink: RGB = (20, 20, 20)
    leader: str = "dots_after"
    paper: RGB = (252, 251, 247)

    @classmethod
    def random(cls, rng: random.Random, old: bool = False) -> Look:
        fams = fonts.families()
        family = rng.choice(fams)
        value_family = family if rng.random() < 0.5 else rng.choice(fams)
        if old and rng.random() < 0.5 and "Liberation Mono" in fams:
            value_family = "Liberation Mono"    # typewriter on an old form
        typed_colour = rng.random() < 0.35
        return cls(
            family=family, value_family=value_family, pt=rng.uniform(10.0, 13.0),
            label_style=rng.choice(["regular", "regular", "bold", "italic"]),
            value_style=rng.choice(["regular", "regular", "bold"]),
            value_ink=rng.choice([(25, 35, 120), (10, 10, 10), (60, 30, 30)]) if typed_colour
            else (15, 15, 15),
            leader=rng.choice(LEADERS),
            paper=rng.choice([(252, 251, 247), (255, 255, 255), (246, 242, 230), (250, 246, 238)]),
        )


@dataclass
class Sheet:
    look: Look
    dpi: int = 300
    width_mm: float = 210.0
    height_mm: float = 297.0
    lines: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.img = Image.new("RGB", (self.mm(self.width_mm), self.mm(self.height_mm)),
                             self.look.paper)
        self.draw = ImageDraw.Draw(self.img)
        self.left = self.mm(22)
        self.right = self.img.width - self.mm(16)
        self.y = self.mm(14)

    # -- units and fonts ------------------------------------------------------------------
    def mm(self, v: float) -> int:
        return round(v * self.dpi / 25.4)

    def px(self, pt: float) -> int:
        return max(8, round(pt * self.dpi / 72))

    def font(self, role: str = "label", scale: float = 1.0,
             style: str | None = None) -> ImageFont.FreeTypeFont:
        family = self.look.value_family if role == "value" else self.look.family
        if style is None:
            style = self.look.value_style if role == "value" else \
                self.look.label_style if role == "label" else "regular"
        return fonts.font(family, style, self.px(self.look.pt * scale))

    @property
    def line_h(self) -> int:
        return round(self.px(self.look.pt) * 1.55)

    def advance(self, k: float = 1.0) -> None:
        self.y += round(self.line_h * k)

    # -- primitive text -------------------------------------------------------------------
    def put(self, x: float, text: str, f: ImageFont.FreeTypeFont, fill: RGB | None = None,
            y: int | None = None) -> int:
        """Draw ``text`` with its baseline at ``y`` (default: this line); return its right end."""
        base = self.y if y is None else y
        self.draw.text((x, base), text, font=f, fill=fill or self.look.ink, anchor="ls")
        return round(x + f.getlength(text))

    def centered(self, text: str, f: ImageFont.FreeTypeFont, cx: float | None = None,
                 record: bool = True, fill: RGB | None = None) -> None:
        cx = (self.left + self.right) / 2 if cx is None else cx
        self.put(cx - f.getlength(text) / 2, text, f, fill)
        if record:
            self.lines.append(text)

    def rule(self, x0: float, x1: float, dy: int = 0, width: int = 2) -> None:
        y = self.y + dy
        self.draw.line([(x0, y), (x1, y)], fill=self.look.ink, width=max(1, width))

    # -- leaders -------------------------------------------------------------------------
    def leader(self, x0: float, x1: float, y: int | None = None, style: str | None = None) -> None:
        style = style or self.look.leader
        base = self.y if y is None else y
        if style == "none" or x1 - x0 < self.mm(2):
            return
        dot = max(1, self.dpi // 150)
        colour = tuple(min(255, c + 60) for c in self.look.ink)
        if style == "dashes":
            step, length = self.mm(1.6), self.mm(0.9)
            for x in range(round(x0), round(x1) - length, step):
                self.draw.line([(x, base), (x + length, base)], fill=colour, width=dot)
            return
        step = self.mm(0.85) if style != "fused" else self.mm(0.6)
        start = x0 if style == "fused" else x0 + self.mm(0.8)
        for x in range(round(start), round(x1), step):
            self.draw.ellipse([x, base - dot, x + dot * 2, base + dot], fill=colour)

    # -- labelled fields -----------------------------------------------------------------
    def field(self, label: str, value: str | None, x: float | None = None,
              end: float | None = None, wrap_to: float | None = None, prefix: str = "") -> None:
        """``Label: value`` with leaders; a long value wraps to the next lines (from ``wrap_to``).
        ``prefix`` is text already drawn on this line left of ``x`` (kept in the line's text)."""
        x = self.left if x is None else x
        end = self.right if end is None else end
        lf, vf = self.font("label"), self.font("value")
        under = self.look.leader == "dots_under"
        pos = self.put(x, label, lf)
        gap = lf.getlength(" ")
        words = (value or "").split()
        text_parts = [prefix, label] if prefix else [label]
        start = pos
        while True:
            chunk = self._fit(words, vf, end - pos - gap)
            if chunk:
                pos = self.put(pos + gap, " ".join(chunk), vf, self.look.value_ink)
                text_parts.append(" ".join(chunk))
                words = words[len(chunk):]
            if under:
                self.leader(start, end, self.y + self.mm(0.9), "dots_after")
            else:
                self.leader(pos + gap / 2, end)
            self.lines.append(" ".join(text_parts))
            if not words:
                return
            self.advance()
            pos = start = self.left if wrap_to is None else wrap_to
            gap, text_parts = 0, []

    @staticmethod
    def _fit(words: list[str], f: ImageFont.FreeTypeFont, room: float) -> list[str]:
        taken: list[str] = []
        for w in words:
            if f.getlength(" ".join([*taken, w])) > room and taken:
                break
            if f.getlength(w) > room and not taken:
                return [w] if room > f.getlength(w[:3]) else []
            taken.append(w)
        return taken

    def inline(self, label: str, value: str) -> tuple[int, str]:
        """Draw ``Label: value`` at the left margin without ending the line: (right end, text)."""
        lf, vf = self.font("label"), self.font("value")
        pos = self.put(self.left, label, lf)
        pos = self.put(pos + lf.getlength(" "), value, vf, self.look.value_ink)
        return pos + self.mm(3), f"{label} {value}"

    def row(self, pairs: list[tuple[str, str | None]], stops: list[float]) -> None:
        """Several short fields on one line at fractions of the text width."""
        parts: list[str] = []
        width = self.right - self.left
        lf, vf = self.font("label"), self.font("value")
        pos = self.left
        for i, (label, value) in enumerate(pairs):
            x = max(self.left + width * stops[i], pos + self.mm(4) if i else pos)
            end = self.left + width * stops[i + 1] - self.mm(2) if i + 1 < len(stops) else self.right
            end = max(end, x)
            pos = self.put(x, label, lf)
            parts.append(label)
            if value:
                pos = self.put(pos + lf.getlength(" "), value, vf, self.look.value_ink)
                parts.append(value)
            self.leader(pos + self.mm(1), end)
        self.lines.append(" ".join(parts))

    # -- blocks side by side ---------------------------------------------------------------
    def blocks(self, left: list[tuple[str, ImageFont.FreeTypeFont]],
               right: list[tuple[str, ImageFont.FreeTypeFont]], cx_left: float, cx_right: float,
               rules: tuple[bool, bool] = (True, True)) -> None:
        """Two centred blocks on the same rows (header: authority left, national motto right)."""
        y0 = self.y
        widest = [max((f.getlength(t) for t, f in b), default=0) for b in (left, right)]
        cx_left = max(cx_left, self.left + widest[0] / 2)         # keep both inside the margins
        cx_right = min(cx_right, self.right - widest[1] / 2)
        if cx_left + widest[0] / 2 + self.mm(4) > cx_right - widest[1] / 2:   # too close:
            cx_left, cx_right = self.left + widest[0] / 2, self.right - widest[1] / 2  # to the edges
        for block, cx, rule in ((left, cx_left, rules[0]), (right, cx_right, rules[1])):
            self.y = y0
            for text, f in block:
                self.centered(text, f, cx)
                self.advance(1.1)
            if rule and block:
                w = block[-1][1].getlength(block[-1][0]) * 0.55
                self.rule(cx - w / 2, cx + w / 2, dy=-self.line_h // 2 + self.mm(1.5), width=3)
        self.y = y0 + round(self.line_h * 1.1 * max(len(left), len(right)))

    # -- seal and signature ---------------------------------------------------------------
    def signature(self, cx: float, y: float, rng: random.Random) -> None:
        pts = []
        w, h = self.mm(26), self.mm(7)
        x = cx - w / 2
        for i in range(40):
            t = i / 39
            pts.append((x + t * w + rng.uniform(-self.mm(1), self.mm(1)),
                        y + math.sin(t * rng.uniform(9, 16)) * h / 2 + rng.uniform(-2, 2)))
        self.draw.line(pts, fill=(30, 40, 140), width=max(2, self.dpi // 100), joint="curve")

    def seal(self, cx: float, cy: float, text: str, rng: random.Random) -> None:
        """A red round seal, multiplied over the paper (text under it stays visible)."""
        r = self.mm(rng.uniform(16, 19))
        layer = Image.new("L", (2 * r + 4, 2 * r + 4), 0)
        d = ImageDraw.Draw(layer)
        d.ellipse([2, 2, 2 * r, 2 * r], outline=255, width=self.mm(0.8))
        d.ellipse([self.mm(3.6), self.mm(3.6), 2 * r - self.mm(3.4), 2 * r - self.mm(3.4)],
                  outline=255, width=self.mm(0.35))
        self._star(d, r, self.mm(5))
        f = fonts.font(fonts.families()[0], "bold", self.mm(2.6))
        chars = list(text.upper())
        for i, ch in enumerate(chars):
            ang = math.pi + math.pi * 1.7 * (i / max(1, len(chars) - 1)) - math.pi * 0.35
            glyph = Image.new("L", (self.mm(4), self.mm(4)), 0)
            ImageDraw.Draw(glyph).text((self.mm(2), self.mm(2)), ch, font=f, fill=255, anchor="mm")
            glyph = glyph.rotate(-math.degrees(ang) - 90, resample=Image.Resampling.BICUBIC)
            gx = r + (r - self.mm(2.1)) * math.cos(ang) - glyph.width / 2
            gy = r + (r - self.mm(2.1)) * math.sin(ang) - glyph.height / 2
            layer.paste(255, (round(gx), round(gy)), glyph)
        layer = layer.rotate(rng.uniform(-25, 25), resample=Image.Resampling.BICUBIC)
        alpha = layer.point(lambda v: int(v * 0.78))
        red = Image.new("RGB", layer.size, (205, 30, 40))
        box = (round(cx - r), round(cy - r))
        region = self.img.crop((*box, box[0] + layer.width, box[1] + layer.height))
        from PIL import ImageChops
        tinted = ImageChops.multiply(region, red)
        self.img.paste(tinted, box, alpha)

    @staticmethod
    def _star(d: ImageDraw.ImageDraw, r: int, size: int) -> None:
        pts = []
        for k in range(10):
            ang = -math.pi / 2 + k * math.pi / 5
            rad = size if k % 2 == 0 else size * 0.4
            pts.append((r + rad * math.cos(ang), r + rad * math.sin(ang)))
        d.polygon(pts, fill=255)

    # -- running text ----------------------------------------------------------------------
    def paragraph(self, text: str, f: ImageFont.FreeTypeFont | None = None, indent: float = 0.0,
                  x0: float | None = None, x1: float | None = None, center: bool = False) -> None:
        """Wrap ``text`` between ``x0`` and ``x1`` (first line indented), one recorded line each."""
        f = f or self.font("label", 1.0, "regular")
        x0 = self.left if x0 is None else x0
        x1 = self.right if x1 is None else x1
        words, first = text.split(), True
        while words:
            room = x1 - x0 - (indent if first else 0)
            chunk = self._fit(words, f, room) or words[:1]
            line = " ".join(chunk)
            if center:
                self.centered(line, f, (x0 + x1) / 2)
            else:
                self.put(x0 + (indent if first else 0), line, f)
                self.lines.append(line)
            words = words[len(chunk):]
            first = False
            self.advance()
