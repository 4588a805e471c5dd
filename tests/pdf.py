"""Reading back the PDFs the app writes, without a PDF library: the page boxes and count, and
the text on the pages."""

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


def text(pdf: bytes) -> str:
    """The text drawn on the pages in drawing order, each run's glyphs read back through its
    font's ToUnicode map (WeasyPrint writes Type 0 fonts, Identity-H), runs and spaces joined
    by one space. Enough to find a phrase of the HTML's text; SVG text comes letter by letter."""
    streams = {
        int(m.group(1)): _inflate(m.group(2))
        for m in re.finditer(rb"(\d+) 0 obj\s*<<.*?>>\s*stream\r?\n(.*?)\r?\nendstream", pdf, re.S)
    }
    fonts = {
        name: _cmap(streams[int(ref)])
        for name, ref in re.findall(
            rb"/Subtype /Type0/BaseFont /(\w+)\+[^/]*/ToUnicode (\d+) 0 R", _objects(pdf)
        )
    }
    runs = []
    for stream in streams.values():
        if b" Tf" not in stream:
            continue
        font: dict[bytes, str] = {}
        for token in re.finditer(rb"/(\w+) [\d.]+ Tf|\[(.*?)\] TJ", stream, re.S):
            if token.group(1):
                font = fonts.get(token.group(1), {})
                continue
            glyphs = b"".join(re.findall(rb"<([0-9a-f]+)>", token.group(2)))
            runs.append("".join(font.get(glyphs[i : i + 4], "") for i in range(0, len(glyphs), 4)))
    return " ".join(" ".join(runs).split())


def _inflate(data: bytes) -> bytes:
    try:
        return zlib.decompress(data)
    except zlib.error:
        return b""


def _cmap(stream: bytes) -> dict[bytes, str]:
    """A ToUnicode CMap's single-glyph entries (WeasyPrint writes bfchar only)."""
    return {
        glyph: bytes.fromhex(code.decode()).decode("utf-16-be")
        for glyph, code in re.findall(rb"<([0-9a-f]{4})> <([0-9a-f]+)>", stream)
    }
