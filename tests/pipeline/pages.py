"""OCR pages built from the sample generator's rows: exact text, plausible word boxes."""

from ocr.models import Box, Line, OcrPage, Word

CHAR, SPACE = 20, 16  # px per character and between words: columns stay apart


def page_from_rows(rows, conf: float = 0.95, typo: dict[str, str] | None = None,
                   width: int = 2480, height: int = 3508) -> OcrPage:
    lines = []
    for n, row in enumerate(rows):
        words = []
        for x, text in row.segments:
            x = row.column[0] if x is None else x
            for token in text.split():
                token = (typo or {}).get(token, token)
                words.append(Word(token, conf, Box(x, 200 + n * 70, CHAR * len(token), 40)))
                x += CHAR * len(token) + SPACE
        if words:
            lines.append(Line(tuple(words)))
    return OcrPage(width=width, height=height, dpi=300, lines=tuple(lines))
