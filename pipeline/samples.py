"""Synthetic, labelled Vietnamese scans: birth certificates laid out like the TT 04/2020 form.

Every sample is an image (PNG/JPEG/TIFF/PDF) plus ``<name>.truth.json`` with the exact text
lines drawn and the record's field values, so OCR, extraction and search can be measured.
"""

from __future__ import annotations

import io
import json
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from ocr.text import fold_lower
from schemas.dates import date_words
from schemas.identifiers import make_personal_id

DPI = 300
A4 = (2480, 3508)
MARGIN = 230
FONT_DIRS = ["/usr/share/fonts/truetype/liberation2", "/usr/share/fonts/truetype/noto",
             "/usr/share/fonts/truetype/dejavu"]
FONT_FILES = {"regular": ["LiberationSerif-Regular.ttf", "NotoSerif-Regular.ttf", "DejaVuSerif.ttf"],
              "bold": ["LiberationSerif-Bold.ttf", "NotoSerif-Bold.ttf", "DejaVuSerif-Bold.ttf"],
              "italic": ["LiberationSerif-Italic.ttf", "NotoSerif-Italic.ttf",
                         "DejaVuSerif-Italic.ttf"]}
VIETNAMESE = ("ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬĐÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ"
              "àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ")

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi",
          "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Trịnh", "Lương", "Mai"]
MIDDLE_M = ["Văn", "Hữu", "Đức", "Minh", "Quốc", "Thanh", "Công", "Xuân", "Gia", "Đình"]
MIDDLE_F = ["Thị", "Ngọc", "Thu", "Hồng", "Thanh", "Mỹ", "Khánh", "Bảo", "Diệu", "Thùy"]
GIVEN_M = ["An", "Bình", "Cường", "Dũng", "Đạt", "Hải", "Hiếu", "Hùng", "Khánh", "Long", "Nam",
           "Phúc", "Quân", "Quang", "Sơn", "Thắng", "Trung", "Tuấn", "Việt", "Đông", "Lộc"]
GIVEN_F = ["Anh", "Giang", "Hà", "Hạnh", "Hương", "Lan", "Linh", "Mai", "Nga", "Ngọc", "Nhung",
           "Phương", "Phượng", "Thảo", "Trang", "Vy", "Yến", "Huyền", "Loan", "Tuyết", "Ánh"]
# (commune, district, province, province code)
PLACES = [("Thanh Phong", "Như Xuân", "Thanh Hóa", "038"), ("Quỳnh Lưu", "Nho Quan", "Ninh Bình", "037"),
          ("Đông Hưng", "Tiên Lãng", "Hải Phòng", "031"), ("Tân Lập", "Đan Phượng", "Hà Nội", "001"),
          ("Ea Kly", "Krông Pắc", "Đắk Lắk", "066"), ("Mỹ Đức", "Phù Mỹ", "Bình Định", "052"),
          ("Hòa Tiến", "Hòa Vang", "Đà Nẵng", "048"), ("Nghĩa Trung", "Bù Đăng", "Bình Phước", "070")]
ETHNIC = ["Kinh"] * 6 + ["Tày", "Thái", "Mường", "Khmer", "Nùng", "Mông"]
SIGN_TITLES = [["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"], ["CHỦ TỊCH"], ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]]
DEGRADATIONS = ("clean", "scan", "seal", "skew")
FORMATS = ("png", "jpg", "pdf", "tif")


@cache
def font(style: str, size: int) -> ImageFont.FreeTypeFont:
    """The first installed font that draws every Vietnamese letter (Liberation 1.x does not)."""
    for name in FONT_FILES[style]:
        for d in FONT_DIRS:
            path = Path(d) / name
            if path.exists():
                f = ImageFont.truetype(str(path), size)
                if _covers(f, VIETNAMESE):
                    return f
    raise RuntimeError("no Vietnamese-complete font: install fonts-liberation2 or fonts-noto-core")


def _glyph(f: ImageFont.FreeTypeFont, ch: str) -> bytes:
    img = Image.new("L", (64, 64))
    ImageDraw.Draw(img).text((8, 8), ch, font=f.font_variant(size=32), fill=255)
    return img.tobytes()


def _covers(f: ImageFont.FreeTypeFont, chars: str) -> bool:
    """Pillow silently draws the .notdef box for a missing glyph: compare against it."""
    notdef = _glyph(f, "\uffff")
    return all(_glyph(f, ch) != notdef for ch in chars)


@dataclass
class Row:
    """One visual line: text segments at x positions (None: centred in the column)."""

    segments: list[tuple[int | None, str]]
    style: str = "regular"
    size: int = 46
    column: tuple[int, int] = (MARGIN, A4[0] - MARGIN)
    gap: int = 26

    @property
    def text(self) -> str:
        return " ".join(t for _, t in self.segments if t)


@dataclass
class Sample:
    name: str
    fields: dict[str, str | None]
    rows: list[Row] = field(default_factory=list)


def _person(rng: random.Random, sex: str, upper: bool = False) -> str:
    middle = rng.choice(MIDDLE_M if sex == "Nam" else MIDDLE_F)
    given = rng.choice(GIVEN_M if sex == "Nam" else GIVEN_F)
    name = f"{rng.choice(FAMILY)} {middle} {given}"
    return name.upper() if upper else name


def _address(rng: random.Random) -> tuple[str, str]:
    commune, district, province, code = rng.choice(PLACES)
    return f"xã {commune}, huyện {district}, tỉnh {province}", code


def birth_fields(rng: random.Random) -> dict[str, str | None]:
    sex = rng.choice(["Nam", "Nữ"])
    born = date(2016, 1, 1) + timedelta(days=rng.randrange(0, 3300))
    registered = born + timedelta(days=rng.randrange(3, 60))
    home, code = _address(rng)
    mother_year = born.year - rng.randrange(19, 40)
    fields: dict[str, str | None] = {
        "registration_number": str(rng.randrange(1, 400)),
        "book_number": f"{rng.randrange(1, 4):02d}/{registered.year}",
        "full_name": _person(rng, sex, upper=True),
        "date_of_birth": born.isoformat(),
        "date_of_birth_words": date_words(born),
        "sex": sex,
        "ethnicity": rng.choice(ETHNIC),
        "nationality": "Việt Nam",
        "place_of_birth": f"Trạm y tế {home.split(',')[0]}, {home.split(', ', 1)[1]}",
        "hometown": _address(rng)[0],
        "personal_id": make_personal_id(code, born.year, sex, rng.randrange(1, 999999)),
        "mother_full_name": _person(rng, "Nữ", upper=True),
        "mother_birth_year": str(mother_year),
        "mother_ethnicity": rng.choice(ETHNIC),
        "mother_nationality": "Việt Nam",
        "mother_residence": home,
    }
    if rng.random() < 0.8:
        fields |= {"father_full_name": _person(rng, "Nam", upper=True),
                   "father_birth_year": str(mother_year - rng.randrange(0, 8)),
                   "father_ethnicity": rng.choice(ETHNIC), "father_nationality": "Việt Nam",
                   "father_residence": home}
    else:  # blank father block: the fields exist and are null
        fields |= dict.fromkeys(["father_full_name", "father_birth_year", "father_ethnicity",
                                 "father_nationality", "father_residence"])
    declarant = fields["mother_full_name"] if rng.random() < 0.5 or not fields[
        "father_full_name"] else fields["father_full_name"]
    reg_commune = home.split(",")[0].removeprefix("xã ")
    fields |= {
        "declarant_full_name": declarant.title() if declarant else None,
        "declarant_id_document": f"Căn cước công dân số {rng.randrange(10**11, 10**12)}",
        "registration_place": f"Ủy ban nhân dân {home}",
        "registration_date": registered.isoformat(),
        "signer_full_name": _person(rng, rng.choice(["Nam", "Nữ"])),
        "signer_title": "\n".join(rng.choice(SIGN_TITLES)),
        "_commune": reg_commune,
    }
    return fields


def _dmy(iso: str) -> str:
    y, m, d = iso.split("-")
    return f"{d}/{m}/{y}"


def _wrap(label: str, value: str, limit: int = 68) -> list[str]:
    """Label and value, wrapped on words the way a clerk's template wraps long addresses."""
    words, lines, current = f"{label}: {value}".split(), [], ""
    for w in words:
        if current and len(current) + 1 + len(w) > limit:
            lines.append(current)
            current = w
        else:
            current = f"{current} {w}".strip()
    return [*lines, current]


def birth_rows(f: dict[str, str | None]) -> list[Row]:
    def v(key: str) -> str:
        return f[key] or ""

    left, mid, right = MARGIN, 1020, 1640
    rows = [
        Row([(None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")], "bold", 48),
        Row([(None, "Độc lập - Tự do - Hạnh phúc")], "bold", 46, gap=90),
        Row([(None, "GIẤY KHAI SINH")], "bold", 72, gap=60),
        Row([(left, f"Số: {v('registration_number')}"), (right, f"Quyển số: {v('book_number')}")]),
        Row([(left, f"Họ, chữ đệm, tên: {v('full_name')}")]),
        Row([(left, f"Ngày, tháng, năm sinh: {_dmy(v('date_of_birth'))}")]),
        Row([(left, f"ghi bằng chữ: {v('date_of_birth_words')}")], size=42),
        Row([(left, f"Giới tính: {v('sex')}"), (mid, f"Dân tộc: {v('ethnicity')}"),
             (right, f"Quốc tịch: {v('nationality')}")]),
    ]
    for label, key in [("Nơi sinh", "place_of_birth"), ("Quê quán", "hometown")]:
        rows += [Row([(left, line)]) for line in _wrap(label, v(key))]
    rows.append(Row([(left, f"Số định danh cá nhân: {v('personal_id')}")], gap=50))
    for who, word in [("mother", "mẹ"), ("father", "cha")]:
        rows += [
            Row([(left, f"Họ, chữ đệm, tên người {word}: {v(who + '_full_name')}".rstrip())]),
            Row([(left, f"Năm sinh: {v(who + '_birth_year')}".rstrip()),
                 (mid, f"Dân tộc: {v(who + '_ethnicity')}".rstrip()),
                 (right, f"Quốc tịch: {v(who + '_nationality')}".rstrip())]),
        ]
        rows += [Row([(left, line)]) for line in _wrap("Nơi cư trú", v(who + "_residence"))]
        rows[-1].gap = 50
    rows += [Row([(left, f"Họ, chữ đệm, tên người đi khai sinh: {v('declarant_full_name')}")]),
             Row([(left, f"Giấy tờ tùy thân: {v('declarant_id_document')}")])]
    rows += [Row([(left, line)]) for line in _wrap("Nơi đăng ký khai sinh", v("registration_place"))]
    rows.append(Row([(left, f"Ngày, tháng, năm đăng ký: {_dmy(v('registration_date'))}")], gap=70))
    col = (1240, A4[0] - MARGIN)
    rows += [Row([(None, "NGƯỜI KÝ GIẤY KHAI SINH")], "bold", 44, col, gap=10),
             Row([(None, "(Ký, ghi rõ họ, chữ đệm, tên, chức vụ, đóng dấu)")], "italic", 38, col)]
    titles = v("signer_title").split("\n")
    rows += [Row([(None, t)], "bold", 44, col, gap=10) for t in titles]
    rows[-1].gap = 260  # room for the signature and seal
    rows.append(Row([(None, v("signer_full_name"))], "bold", 46, col))
    return rows


def render(rows: list[Row], rng: random.Random, seal: bool) -> tuple[Image.Image, list[str]]:
    page = Image.new("RGB", A4, "white")
    draw = ImageDraw.Draw(page)
    y, lines, sign_top = MARGIN, [], 0
    for row in rows:
        f = font(row.style, row.size)
        for x, text in row.segments:
            if not text:
                continue
            if x is None:
                width = draw.textlength(text, font=f)
                x = int((row.column[0] + row.column[1] - width) / 2)
            draw.text((x, y), text, font=f, fill=(20, 20, 20))
        if row.text:
            lines.append(row.text)
        if row.gap >= 200:
            sign_top = y + row.size
        y += row.size + row.gap
    if sign_top:  # a blue signature stroke and, optionally, a red seal over the title
        cx = 1860
        pts = [(cx - 150 + i * 12, sign_top + 120 + int(30 * np.sin(i / 2.5))) for i in range(25)]
        draw.line(pts, fill=(30, 40, 150), width=5)
        if seal:
            _seal(page, (cx - 260, sign_top - 40), rng)
    return page, lines


def _seal(page: Image.Image, centre: tuple[int, int], rng: random.Random) -> None:
    """A translucent red round seal, multiplied over the page like real ink."""
    r = 210
    layer = Image.new("RGB", page.size, "white")
    d = ImageDraw.Draw(layer)
    cx, cy = centre
    red = (210 + rng.randrange(-20, 20), 40, 50)
    d.ellipse((cx - r, cy - r, cx + r, cy + r), outline=red, width=12)
    d.ellipse((cx - r + 40, cy - r + 40, cx + r - 40, cy + r - 40), outline=red, width=5)
    d.regular_polygon((cx, cy, 50), 5, fill=red)
    f = font("bold", 34)
    d.text((cx - 170, cy + 60), "ỦY BAN NHÂN DÂN", font=f, fill=red)
    arr = np.asarray(page, dtype=np.float32) * np.asarray(layer, dtype=np.float32) / 255.0
    page.paste(Image.fromarray(arr.astype(np.uint8)))


def degrade(page: Image.Image, kind: str, rng: random.Random) -> Image.Image:
    """Scanner-like damage: tint, skew, blur, noise, JPEG; ``clean`` leaves the page as drawn."""
    if kind == "clean":
        return page
    arr = np.asarray(page, dtype=np.float32)
    arr = arr * np.array([0.97, 0.95, 0.86])  # yellowed paper
    img = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))
    if kind in ("scan", "skew"):
        angle = rng.uniform(1.0, 3.0) * rng.choice([-1, 1]) if kind == "skew" else rng.uniform(
            -0.8, 0.8)
        img = img.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=(245, 242, 225))
    img = img.filter(ImageFilter.GaussianBlur(0.8))
    noise = np.random.default_rng(rng.randrange(1 << 30)).normal(0, 9, (A4[1], A4[0], 1))
    arr = np.clip(np.asarray(img, dtype=np.float32) + noise, 0, 255).astype(np.uint8)
    buf = io.BytesIO()
    Image.fromarray(arr).save(buf, "JPEG", quality=70)
    return Image.open(io.BytesIO(buf.getvalue())).convert("RGB")


def save_scan(img: Image.Image, path: Path) -> None:
    fmt = {"png": "PNG", "jpg": "JPEG", "pdf": "PDF", "tif": "TIFF"}[path.suffix[1:]]
    extra = {"quality": 85} if fmt in ("JPEG", "PDF") else {}
    if fmt == "TIFF":
        extra = {"compression": "tiff_lzw"}
    img.save(path, fmt, dpi=(DPI, DPI), resolution=DPI, **extra)


def generate(out: Path, count: int, *, seed: int = 7, degradation: str = "clean",
             formats: tuple[str, ...] = FORMATS) -> list[Path]:
    """Write ``count`` labelled birth certificates into ``out``; returns the scan paths."""
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    paths = []
    for i in range(count):
        kind = DEGRADATIONS[i % len(DEGRADATIONS)] if degradation == "mixed" else degradation
        fields = birth_fields(rng)
        commune = fields.pop("_commune")
        page, lines = render(birth_rows(fields), rng, seal=kind in ("seal", "scan"))
        page = degrade(page, kind, rng)
        path = out / f"birth-{i + 1:03d}.{formats[i % len(formats)]}"
        save_scan(page, path)
        truth = {"source": path.name, "type": "birth", "degradation": kind,
                 "commune": commune, "pages": [{"lines": lines}], "fields": fields}
        path.with_suffix(".truth.json").write_text(
            json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8")
        paths.append(path)
    if paths:  # what `make demo` searches for: the first name, typed without diacritics
        first = json.loads(paths[0].with_suffix(".truth.json").read_text(encoding="utf-8"))
        (out / "demo-query.txt").write_text(fold_lower(first["fields"]["full_name"]) + "\n")
    return paths
