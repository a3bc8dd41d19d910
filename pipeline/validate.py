"""Is a written file really PDF/A? A claim is never trusted without a check.

- ``preflight``: Apache PDFBox Preflight (Debian ``libpdfbox2-java``), a real validator,
  for PDF/A-1b; used when Java and its jars are installed.
- ``structural``: sohoa's own checks with pikepdf of what PDF/A requires and writers get
  wrong (identification, output intent, embedded fonts, Info/XMP agreement, no
  encryption, no JavaScript, PDF 1.4 without object streams for part 1). It is not a
  full validator; it is what 2b/2u files get until veraPDF can run here.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf

PREFLIGHT_JARS = ["preflight", "pdfbox2", "fontbox2", "xmpbox", "commons-logging",
                  "javax.activation", "jaxb-api"]
JAVA_DIR = Path("/usr/share/java")


@dataclass(frozen=True)
class Validation:
    level: str
    validator: str  # "preflight" or "structural"
    valid: bool
    messages: list[str] = field(default_factory=list)

    def as_json(self) -> dict:
        return {"level": self.level, "validator": self.validator, "valid": self.valid,
                "messages": self.messages}


def preflight_available() -> bool:
    return shutil.which("java") is not None and all(
        (JAVA_DIR / f"{jar}.jar").exists() for jar in PREFLIGHT_JARS)


def preflight(path: Path) -> Validation:
    classpath = ":".join(str(JAVA_DIR / f"{jar}.jar") for jar in PREFLIGHT_JARS)
    proc = subprocess.run(["java", "-cp", classpath, "org.apache.pdfbox.preflight.Validator_A1b",
                           str(path)], capture_output=True, text=True, timeout=300)
    out = proc.stdout + proc.stderr
    valid = "is a valid PDF/A-1b file" in out
    messages = [] if valid else [line.strip() for line in out.splitlines()
                                 if re.match(r"\s*\d+(\.\d+)* :", line)] or [out.strip()[-500:]]
    return Validation("1b", "preflight", valid, messages)


def structural(path: Path, level: str) -> Validation:
    part, conformance = level[0], level[1].upper()
    problems: list[str] = []
    raw = path.read_bytes()
    try:
        pdf = pikepdf.open(path)
    except pikepdf.PdfError as exc:
        return Validation(level, "structural", False, [f"not readable: {exc}"])
    with pdf:
        if pdf.is_encrypted:
            problems.append("encrypted")
        meta = pdf.open_metadata()
        if (meta.get("pdfaid:part"), meta.get("pdfaid:conformance")) != (part, conformance):
            problems.append(f"XMP does not identify PDF/A-{level}")
        intents = pdf.Root.get("/OutputIntents")
        if not intents or not any(i.get("/S") == "/GTS_PDFA1" and "/DestOutputProfile" in i
                                  for i in intents):
            problems.append("no PDF/A output intent with an ICC profile")
        if "/Names" in pdf.Root and "/JavaScript" in pdf.Root.Names:
            problems.append("JavaScript present")
        info = pdf.trailer.get("/Info")
        if info is not None and "/Title" in info and str(info.Title) != meta.get("dc:title"):
            problems.append("Info Title and XMP dc:title differ")
        for n, page in enumerate(pdf.pages, start=1):
            for name, font in page.Resources.get("/Font", {}).items():
                fonts = [font, *font.get("/DescendantFonts", [])]
                if not any("/FontDescriptor" in f and any(
                        k in f.FontDescriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
                        for f in fonts):
                    problems.append(f"page {n}: font {name} not embedded")
                if conformance == "U" and "/ToUnicode" not in font:
                    problems.append(f"page {n}: font {name} has no ToUnicode map")
        if part == "1":
            if pdf.pdf_version != "1.4":
                problems.append(f"PDF/A-1 must be PDF 1.4, not {pdf.pdf_version}")
            if b"/ObjStm" in raw:
                problems.append("object streams are not allowed in PDF/A-1")
    return Validation(level, "structural", not problems, problems)


def validate(path: Path, level: str, use_preflight: bool = True) -> Validation:
    """The strongest check available for ``level``: Preflight for 1b, else structural."""
    basic = structural(path, level)
    if level == "1b" and use_preflight and preflight_available() and basic.valid:
        return preflight(path)
    return basic
