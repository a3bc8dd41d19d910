"""PDF/A-2b writer: each page is the cleaned scan image with an invisible text layer on top.

Written directly with pikepdf (no Ghostscript pass). The text layer uses tesseract's
GlyphLessFont (``pdf.ttf``: every code maps to one blank glyph), Identity-H encoded with
UTF-16 codes and a ToUnicode map, so copy-paste and search return the exact NFC text.
Words are placed from their boxes on the same deskewed image that is archived.
"""

from __future__ import annotations

import io
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name, Stream

from ocr.models import OcrPage
from pipeline import xmp
from pipeline.archive_image import ArchiveImage
from pipeline.atomic import replacing
from pipeline.errors import ArchiveError, WriteFailed, write_problem
from pipeline.signing import SignerConfig, append_revision, is_signed, sign_pdf

ICC_CANDIDATES = [Path("/usr/share/color/icc/sRGB.icc")]  # Debian icc-profiles-free (ICC v2)
GLYPHLESS_CANDIDATES = [Path("/usr/share/tesseract-ocr/5/tessdata/pdf.ttf"),
                        Path("/usr/share/tesseract-ocr/4.00/tessdata/pdf.ttf")]
CHAR_WIDTH = 500  # GlyphLessFont's single glyph is half an em wide
# (part, conformance, PDF version). PDF/A-1 is PDF 1.4: no object streams.
LEVELS = {"1b": ("1", "B", "1.4"), "2b": ("2", "B", "1.7"), "2u": ("2", "U", "1.7")}


@dataclass(frozen=True)
class ArchivePage:
    image: ArchiveImage  # the cleaned page, encoded (pipeline/archive_image.py)
    ocr: OcrPage  # words in the pixel space of that image


@dataclass(frozen=True)
class ArchiveInfo:
    title: str
    source_name: str
    sha256: str
    record_type: str | None = None
    fields: dict[str, str] | None = None  # one record's values, for the sohoa XMP schema


def _first(paths: list[Path], what: str) -> Path:
    for p in paths:
        if p.exists():
            return p
    raise ArchiveError(f"{what} not found (looked in {', '.join(map(str, paths))}); "
                       "run `make system` to install the system packages")


def _icc_profile() -> bytes:
    try:
        return _first(ICC_CANDIDATES, "sRGB ICC profile").read_bytes()
    except ArchiveError:
        from PIL import ImageCms  # ICC v4: fine for PDF/A-2, not for PDF/A-1

        return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def _font(pdf: pikepdf.Pdf, chars: set[str]) -> pikepdf.Object:
    font_file = Stream(pdf, _first(GLYPHLESS_CANDIDATES, "tesseract's pdf.ttf").read_bytes())
    descriptor = Dictionary(
        Type=Name.FontDescriptor, FontName=Name.GlyphLessFont, Flags=5,
        FontBBox=Array([0, 0, CHAR_WIDTH, 1000]), ItalicAngle=0, Ascent=1000, Descent=0,
        CapHeight=1000, StemV=80, FontFile2=font_file)
    # Every CID maps to glyph 1, the blank glyph.
    cid_to_gid = Stream(pdf, zlib.compress(b"\x00\x01" * 65536), Filter=Name.FlateDecode)
    cid_font = Dictionary(
        Type=Name.Font, Subtype=Name.CIDFontType2, BaseFont=Name.GlyphLessFont,
        CIDSystemInfo=Dictionary(Registry=pikepdf.String("Adobe"),
                                 Ordering=pikepdf.String("Identity"), Supplement=0),
        FontDescriptor=pdf.make_indirect(descriptor), DW=CHAR_WIDTH,
        CIDToGIDMap=pdf.make_indirect(cid_to_gid))
    return pdf.make_indirect(Dictionary(
        Type=Name.Font, Subtype=Name.Type0, BaseFont=Name.GlyphLessFont,
        Encoding=Name("/Identity-H"), DescendantFonts=Array([pdf.make_indirect(cid_font)]),
        ToUnicode=pdf.make_indirect(Stream(pdf, _to_unicode(chars)))))


def _to_unicode(chars: set[str]) -> bytes:
    codes = sorted({ord(c) for c in chars if ord(c) < 0x10000} | {0x20})
    out = ["/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
           "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
           "/CMapName /Adobe-Identity-UCS def", "/CMapType 2 def",
           "1 begincodespacerange", "<0000> <FFFF>", "endcodespacerange"]
    for i in range(0, len(codes), 100):
        chunk = codes[i:i + 100]
        out.append(f"{len(chunk)} beginbfchar")
        out += [f"<{c:04X}> <{c:04X}>" for c in chunk]
        out.append("endbfchar")
    out += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(out).encode("ascii")


def _hex(text: str) -> str:
    return "".join(f"{ord(c):04X}" for c in text if ord(c) < 0x10000)


def text_layer(ocr: OcrPage, page_height_pt: float) -> bytes:
    """Invisible text (render mode 3), one baseline per visual line, each word stretched
    horizontally (Tz) to its box so selection and search hit the right place."""
    scale = 72.0 / ocr.dpi
    ops = ["BT", "3 Tr"]
    for line in ocr.lines:
        heights = sorted(w.box.height for w in line.words)
        bottoms = sorted(w.box.bottom for w in line.words)
        size = max(heights[len(heights) // 2] * scale, 1.0)
        baseline = page_height_pt - bottoms[len(bottoms) // 2] * scale
        ops.append(f"/F1 {size:.2f} Tf")
        for i, word in enumerate(line.words):
            text = word.text + (" " if i + 1 < len(line.words) else "")
            natural = len(word.text) * size * CHAR_WIDTH / 1000
            stretch = 100.0 * word.box.width * scale / natural if natural else 100.0
            ops.append(f"{stretch:.1f} Tz 1 0 0 1 {word.box.left * scale:.2f} {baseline:.2f} Tm "
                       f"<{_hex(text)}> Tj")
    ops.append("ET")
    return "\n".join(ops).encode("ascii")


def _image_layers(pdf: pikepdf.Pdf, image: ArchiveImage, w_pt: float,
                  h_pt: float) -> tuple[Dictionary, bytes]:
    """XObjects and drawing operators: the JPEG (page or background) under the G4 ink mask."""
    xobjects, ops = Dictionary(), []
    if image.jpeg:
        xobjects.Im0 = Stream(pdf, image.jpeg, Type=Name.XObject, Subtype=Name.Image,
                              Width=image.jpeg_size[0], Height=image.jpeg_size[1],
                              BitsPerComponent=8, Filter=Name.DCTDecode,
                              ColorSpace=Name.DeviceRGB if image.jpeg_colour else Name.DeviceGray)
        ops.append(f"q {w_pt:.3f} 0 0 {h_pt:.3f} 0 0 cm /Im0 Do Q")
    if image.mask:
        # Pillow writes G4 TIFF as min-is-white: CCITT "black" runs are our ink, which the
        # PDF decoder must see as 1s (BlackIs1) for the stencil to paint ink, not paper.
        xobjects.Mask0 = Stream(pdf, image.mask, Type=Name.XObject, Subtype=Name.Image,
                                Width=image.width, Height=image.height, ImageMask=True,
                                BitsPerComponent=1, Filter=Name.CCITTFaxDecode,
                                DecodeParms=Dictionary(K=-1, Columns=image.width,
                                                       Rows=image.height, BlackIs1=True))
        r, g, b = (c / 255 for c in image.ink)
        ops.append(f"q {r:.3f} {g:.3f} {b:.3f} rg {w_pt:.3f} 0 0 {h_pt:.3f} 0 0 cm /Mask0 Do Q")
    return xobjects, ("\n".join(ops) + "\n").encode("ascii")


def write_pdfa(pages: list[ArchivePage], info: ArchiveInfo, target: Path,
               level: str = "2b", labels: list[int] | None = None) -> Path:
    """Write a PDF/A file (``1b``, ``2b`` or ``2u``) atomically: temp file, then rename.
    ``labels``: the scan's page number of each page; when pages were left out (an
    incomplete document), the PDF's page labels give them, so a viewer shows page 3 of
    the scan as "3", not as the second page."""
    part, conformance, version = LEVELS[level]
    pdf = pikepdf.new()
    chars = {c for p in pages for w in p.ocr.words for c in w.text}
    font = _font(pdf, chars)
    for p in pages:
        w_pt, h_pt = p.ocr.width * 72.0 / p.ocr.dpi, p.ocr.height * 72.0 / p.ocr.dpi
        xobjects, drawing = _image_layers(pdf, p.image, w_pt, h_pt)
        page = pikepdf.Page(Dictionary(
            Type=Name.Page, MediaBox=Array([0, 0, w_pt, h_pt]),
            Resources=Dictionary(XObject=xobjects, Font=Dictionary(F1=font)),
            Contents=Stream(pdf, drawing + text_layer(p.ocr, h_pt))))
        pdf.pages.append(page)
    if labels and labels != list(range(1, len(pages) + 1)):
        pdf.Root.PageLabels = page_labels(labels)
    _archival_metadata(pdf, info, part, conformance)
    _save(pdf, target, level)
    return target


def page_labels(numbers: list[int]) -> Dictionary:
    """A /PageLabels number tree labelling the pages ``numbers`` (decimal): a new range
    wherever a number does not follow the one before."""
    nums: list = []
    for i, n in enumerate(numbers):
        if i == 0 or n != numbers[i - 1] + 1:
            nums += [i, Dictionary(S=Name.D, St=n)]
    return Dictionary(Nums=Array(nums))


def _save(pdf: pikepdf.Pdf, target: Path, level: str) -> None:
    part, _, version = LEVELS[level]
    try:
        # Into memory first (a few MB): qpdf writing to a full disk aborts the whole
        # process (std::terminate on QPDFSystemError); Python's write raises OSError.
        buffer = io.BytesIO()
        pdf.save(buffer, min_version=version, force_version=version,
                 fix_metadata_version=False, deterministic_id=True, compress_streams=True,
                 object_stream_mode=pikepdf.ObjectStreamMode.disable if part == "1"
                 else pikepdf.ObjectStreamMode.generate)
        with replacing(target) as tmp:
            tmp.write_bytes(buffer.getbuffer())
    except Exception as exc:
        if (why := write_problem(exc)) is not None:  # disk full: stops the run, not one file
            raise WriteFailed(f"cannot write {target}: {why}") from exc
        raise ArchiveError(f"cannot write {target}: {exc}") from exc


def rewrite_metadata(path: Path, info: ArchiveInfo, level: str = "2b",
                     signer: SignerConfig | None = None) -> str | None:
    """Replace an archived file's XMP and Info (e.g. a record's fields after a person
    corrected them), pages untouched; written atomically like ``write_pdfa``. A signed
    file gets a new revision instead (its signatures stay valid), signed by ``signer``
    when given; an unsigned one is rewritten, then signed by ``signer``. Returns the new
    signature's subject, or None."""
    part, conformance, _ = LEVELS[level]
    if is_signed(path):
        xmp_packet, entries = _metadata(info, part, conformance)
        return append_revision(path, xmp_packet, entries, signer)
    try:
        pdf = pikepdf.open(path)
    except Exception as exc:
        raise ArchiveError(f"cannot open {path}: {exc}") from exc
    with pdf:
        _archival_metadata(pdf, info, part, conformance)
        _save(pdf, path, level)
    return sign_pdf(path, signer) if signer else None


def _pdf_date(iso: str) -> str:
    """2026-11-21T13:53:45+00:00 -> D:20261121135345+00'00' (the Info dictionary's form)."""
    d = datetime.fromisoformat(iso)
    return d.strftime("D:%Y%m%d%H%M%S") + "+00'00'"


def _metadata(info: ArchiveInfo, part: str, conformance: str) -> tuple[bytes, dict[str, str]]:
    """The XMP packet and the Info entries that say the same (PDF/A asks them to agree)."""
    now = datetime.now(UTC).replace(microsecond=0).isoformat()
    producer = f"sohoa with pikepdf {pikepdf.__version__}"
    record = {"recordType": info.record_type or "", **(info.fields or {})}
    packet = xmp.packet(part=part, conformance=conformance, title=info.title, creator="sohoa",
                        producer=producer, created=now, source=info.source_name,
                        identifier=f"sha256:{info.sha256}", record=record)
    return packet, {"Title": info.title, "Author": "sohoa", "Creator": "sohoa",
                    "Producer": producer, "CreationDate": _pdf_date(now),
                    "ModDate": _pdf_date(now)}


def _archival_metadata(pdf: pikepdf.Pdf, info: ArchiveInfo, part: str, conformance: str) -> None:
    icc = Stream(pdf, _icc_profile(), N=3)
    pdf.Root.OutputIntents = Array([Dictionary(
        Type=Name.OutputIntent, S=Name.GTS_PDFA1,
        OutputConditionIdentifier=pikepdf.String("sRGB IEC61966-2.1"),
        Info=pikepdf.String("sRGB IEC61966-2.1"), DestOutputProfile=pdf.make_indirect(icc))])
    packet, entries = _metadata(info, part, conformance)
    pdf.Root.Metadata = pdf.make_indirect(Stream(pdf, packet, Type=Name.Metadata,
                                                 Subtype=Name.XML))
    pdf.trailer.Info = pdf.make_indirect(Dictionary(
        {f"/{k}": pikepdf.String(v) for k, v in entries.items()}))
