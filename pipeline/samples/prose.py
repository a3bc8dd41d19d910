"""Plain Vietnamese prose set on a sheet of any size and resolution, with its exact text:
the input-format cases (bit depth, alpha, strips, resolutions) are measured on these.

``prose_page(width_in, height_in, dpi, pt)`` gives an 8-bit grey page (paper 255) and
the lines drawn; the callers turn it into 16-bit, transparent, mis-tagged... files.
"""

from __future__ import annotations

from PIL import Image, ImageDraw

from pipeline.samples.draw import font

PROSE = (
    "Buổi sáng hôm ấy trời còn mờ sương, mấy đứa trẻ trong xóm đã dậy từ rất sớm. "
    "Thằng Tí chạy ra đầu ngõ, tay cầm một tờ giấy nhỏ gấp làm tư, miệng gọi to tên bạn. "
    "Mẹ nó đứng ở cửa bếp, lau tay vào vạt áo vải nâu rồi nói vọng ra rằng đừng có chạy "
    "xa quá. Ngoài đồng, lúa đã ngả màu vàng, gió thổi qua từng đợt làm sóng lúa dập dờn "
    "như mặt nước. Ông cụ hàng xóm ngồi trên chiếc ghế tre, rít một hơi thuốc lào dài rồi "
    "kể chuyện ngày xưa. Ủy ban nhân dân xã Tân Phước cấp giấy khai sinh cho cháu Nguyễn "
    "Thị Hồng Nhung, sinh ngày mười lăm tháng bảy, quê quán huyện Đức Thọ, tỉnh Hà Tĩnh."
)


def prose_page(width_in: float, height_in: float, dpi: int = 300, pt: float = 11,
               lines: int = 0, margin_in: float = 0.6, ink: int = 20
               ) -> tuple[Image.Image, list[str]]:
    """A ``width_in`` x ``height_in`` inch sheet at ``dpi`` (mode L, paper 255, text
    ``ink``) with ``PROSE`` set in ``pt`` point serif, 1.5 lines apart, as many lines as
    fit (at most ``lines`` when given), and the lines drawn, in order."""
    width, height = round(width_in * dpi), round(height_in * dpi)
    img = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(img)
    face = font("regular", max(6, round(pt * dpi / 72)))
    margin = round(margin_in * dpi)
    step = round(pt * dpi / 72 * 1.5)
    words, k, y, drawn = PROSE.split(), 0, margin, []
    while y + step <= height - margin // 2 and (not lines or len(drawn) < lines):
        line: list[str] = []
        while draw.textlength(" ".join([*line, words[k % len(words)]]), font=face) \
                < width - 2 * margin:
            line.append(words[k % len(words)])
            k += 1
        if not line:
            break
        draw.text((margin, y), " ".join(line), font=face, fill=ink)
        drawn.append(" ".join(line))
        y += step
    return img, drawn
