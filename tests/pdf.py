"""Reading back the PDFs the app writes, without a PDF library: the page boxes and count."""

from __future__ import annotations

import re
import zlib


def _objects(pdf: bytes) -> bytes:
    """The file with its compressed object streams inflated next to it."""
    inflated = []
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            inflated.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue  # an image or a font: not an object stream
    return pdf + b"".join(inflated)


def page_sizes(pdf: bytes) -> list[tuple[float, float]]:
    """(width, height) in points of each page's MediaBox."""
    boxes = re.findall(rb"MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", _objects(pdf))
    return [(round(float(w)), round(float(h))) for w, h in boxes]


A4 = (595, 842)
LETTER = (612, 792)
