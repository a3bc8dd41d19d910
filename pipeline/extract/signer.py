"""The signer block, bottom right on every layout: title lines, room for the signature
and seal, and the signer's name under them.

Title lines follow Decree 30/2020 (Phụ lục I, signing on behalf): ``TM.`` (thay mặt) a
collective body, ``KT.`` (ký thay) a head, ``Q.`` (quyền), ``TL.`` (thừa lệnh), ``TUQ.``
(thừa ủy quyền), then the signer's own title (``PHÓ CHỦ TỊCH``); civil-status forms
print a ``NGƯỜI KÝ ...`` heading and a ``(Ký, ghi rõ họ, chữ đệm, tên ...)`` hint above
them (TT 04/2020; TP/HT-2010 has ``NGƯỜI KÝ`` and ``NGƯỜI THỰC HIỆN`` blocks).
"""

from __future__ import annotations

import re

from ocr.models import Line
from ocr.text import fold_lower
from pipeline.extract.anchor import SIGNER_BLOCK, Raw, split_line
from schemas.normalize import noise_head

AUTHORITY = re.compile(r"^[\W_]*(kt|tm|q|tl|tuq)\s*[.,:]")
# "truong" folded is both the title trưởng and the surname Trương, which starts a signer's
# name in capitals ("TRƯƠNG MINH HỒNG NHI"): trưởng is a title only after a rank (BỘ,
# CỤC, VIỆN, HIỆU, PHÓ, THỨ) or before the office it heads (TRƯỞNG PHÒNG TƯ PHÁP).
TITLE_WORDS = re.compile(r"^[\W_]*(kt|tm|q|tl|tuq)\b|chu tich|uy ban nhan dan|giam doc|"
                         r"can bo|cong chuc|chanh van phong|"
                         r"\b(?:bo|cuc|vien|hieu|pho|thu) truong\b|"
                         r"\btruong (?:phong|ban|cong an|khoa|tram|thon|ap|to|doan)\b")
HEADING_TAIL = re.compile(r"^[\W_]*(?:ket hon|khai sinh|khai tu|xac nhan|trich luc)[\W_]*$")
_NAME = re.compile(r"[^\W\d_]+(?: [^\W\d_]+){1,5}")


def _upper(text: str) -> bool:
    """Mostly capitals: OCR lowers a letter now and then ("KT. CHỦ TịCH")."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


# A position printed alone on its line: a title in whatever case OCR gave its letters
# ("CHỦ Tịch"), once a seal speck read before it ("lạ CHỦ TỊCH") is dropped.
POSITION = re.compile(r"^(?:(?:kt|tm|q|tl|tuq)\s*[.,:]?\s*)?(?:pho )?(?:chu tich|giam doc|"
                      r"chanh van phong|(?:thu |bo )?truong(?: phong)?)$")


def is_title(text: str) -> bool:
    folded = fold_lower(text)
    if folded.startswith("(") or not TITLE_WORDS.search(folded):
        return False
    bare = fold_lower(noise_head(re.sub(r"^[\W_]+|[\W_]+$", "", text.strip())))
    return _upper(text) or bool(POSITION.match(bare))


def read_signer(lines: list[Line]) -> dict[str, Raw]:
    """Title lines (capitals, with a title word) and the name under the signature: the
    last line below the titles that reads as a name (seal specks and the hint skipped)."""
    titles: list[Line] = []
    names: list[Line] = []
    for line in lines:
        text = line.text.strip()
        if text.startswith("(") or len(re.findall(r"[^\W\d_]", text)) < 3:
            continue  # the "(Ký, ghi rõ ...)" hint, or seal and signature noise
        if SIGNER_BLOCK.search(fold_lower(text)) or (
                not titles and not names and HEADING_TAIL.match(fold_lower(text))):
            continue  # the heading, or its wrapped tail ("NGƯỜI KÝ GIẤY CHỨNG NHẬN / KẾT HÔN")
        if is_title(text) and not any(_NAME.fullmatch(n.text.strip(" .,")) for n in names):
            titles.append(line)  # a title under seal noise lines still is one
        else:
            names.append(line)
    out = {}
    if titles:
        out["signer_title"] = Raw("\n".join(t.text for t in titles),
                                  min(t.confidence for t in titles))
    named = [n for n in names if _NAME.fullmatch(n.text.strip(" .,"))] or names
    if named:
        out["signer_full_name"] = Raw(named[-1].text, named[-1].confidence)
    return out


def find_signer(lines: list[Line], start: int, mid: float) -> dict[str, Raw]:
    """A signer block with no ``NGƯỜI KÝ`` heading: from the first title line at or after
    ``start`` (a whole line, or its part right of ``mid`` beside "Nơi nhận:" or a spouse's
    signature), the words right of that title's left edge, down to the page's end."""
    for i in range(start, len(lines)):
        right = split_line(lines[i], mid)[1]
        for part in (lines[i], right):
            if part is not None and is_title(part.text) and (
                    AUTHORITY.match(fold_lower(part.text)) or part is right
                    or len(part.text.split()) <= 4):
                x = min(min(w.box.left for w in part.words) - 80, mid)
                block = [r for line in lines[i:] if (r := split_line(line, x)[1]) is not None]
                return read_signer(block)
    return {}
