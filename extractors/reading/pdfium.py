"""The fast PDF engine: word boxes from pypdfium2 (PDFium's C text layer), no Python per character.

PDFium gives the page's text as one string with a space wherever it sees a gap between
glyphs, and a box for every character index. A word is a run of non-space characters; its
box is the union of its first and last character's boxes, so there are a few C calls per
word instead of a Python object per character (pdfminer's cost). A run whose last character
is not to the right of its first on the same line (text drawn out of order) is split into
its characters and rebuilt. Text drawn twice at the same place for a bold effect is dropped
by PDFium itself.
"""

from __future__ import annotations

import ctypes
import math
import re
from typing import Any

from extractors.reading.frames import ABOVE, BELOW, Box, EngineError, PageText, canonical, direction, frames, upright
from extractors.reading.layout import Word

_RUN = re.compile(r"\S+")
# Undecodable glyphs: the replacement character and C0 controls other than whitespace.
_UNDECODABLE = re.compile("[\ufffd\x00-\x01\x03-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")


def read_pdfium(data: bytes, password: str | None) -> tuple[list[PageText], str | None]:
    """Every page's words (by text direction) and the document title, read with PDFium from the
    file's bytes (read once by the extractor)."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data, password=password or None)
    except pdfium.PdfiumError as e:
        message = str(e).lower()
        if "password" in message:
            raise EngineError("password") from e
        if "security" in message:
            raise EngineError("encrypted", "an unsupported security handler") from e
        raise EngineError("damaged", "PDFium cannot parse it") from e
    try:
        if len(pdf) == 0:
            raise EngineError("no-pages")
        title = _title(pdf)
        pages = []
        for i in range(len(pdf)):
            try:
                page = pdf[i]
            except pdfium.PdfiumError as e:  # pdfplumber reads the file instead
                raise EngineError("damaged", f"page {i + 1} cannot be loaded") from e
            try:
                pages.append(_page(page))
            finally:
                page.close()
        return pages, title
    finally:
        pdf.close()


def _title(pdf: Any) -> str | None:
    try:
        raw = pdf.get_metadata_value("Title")
    except Exception:  # noqa: BLE001 - metadata is optional; a broken Info dict is no reason to fail
        return None
    return str(raw) if raw else None


def _page(page: Any) -> PageText:
    import pypdfium2.raw as pdfium_c

    left, bottom, right, top = page.get_cropbox()
    width, height = right - left, top - bottom
    textpage = page.get_textpage()
    try:
        raw = textpage.raw
        count = pdfium_c.FPDFText_CountChars(raw)
        text = textpage.get_text_range() if count > 0 else ""
        if len(text) != count:  # characters outside the BMP: one index each, two UTF-16 units
            text = "".join(chr(pdfium_c.FPDFText_GetUnicode(raw, k) or 32) for k in range(count))
        rect, matrix = pdfium_c.FS_RECTF(), pdfium_c.FS_MATRIX()
        ref, mref = ctypes.byref(rect), ctypes.byref(matrix)
        ox, oy = ctypes.c_double(), ctypes.c_double()
        oref = (ctypes.byref(ox), ctypes.byref(oy))

        get_matrix, get_size = pdfium_c.FPDFText_GetMatrix, pdfium_c.FPDFText_GetFontSize
        get_origin, get_box = pdfium_c.FPDFText_GetCharOrigin, pdfium_c.FPDFText_GetLooseCharBox

        def origin(k: int) -> tuple[int, float, float]:
            """The character's direction, baseline (in that direction's frame) and font size;
            its loose box must be in ``rect`` already."""
            get_matrix(raw, k, mref)
            ma, mb = matrix.a, matrix.b
            d = 0 if (mb == 0 and ma >= 0) else direction(math.atan2(mb, ma))
            # the font size is in text space: scale it by the matrix, as pdfminer does
            size = get_size(raw, k) * math.hypot(matrix.c, matrix.d)
            get_origin(raw, k, *oref)
            y = top - oy.value
            if d:
                x = ox.value - left
                y = upright((x, x, y, y), d, width, height)[2]
            return d, y, size

        def loose(d: int) -> Box:
            box = (rect.left - left, rect.right - left, top - rect.top, top - rect.bottom)
            return upright(box, d, width, height) if d else box

        def char(k: int) -> tuple[int, Box]:
            """The character's direction and its box in that direction's frame (from its origin:
            the loose box starts there along the line, and the baseline runs through it)."""
            get_box(raw, k, ref)
            d, y, size = origin(k)
            box = loose(d)
            return d, canonical(box[0], box[1], y, size if size > 0 else box[3] - box[2])

        groups: dict[int, list[Word]] = {}
        # PDFium's loose box runs from the baseline to the font's ascent and descent: a word
        # whose first box has the same top and bottom as the last upright word's shares its
        # font, size and baseline, and needs no matrix, size or origin call (most words).
        same: tuple[float, float] | None = None
        base = size = 0.0
        for m in _RUN.finditer(text):
            s, e = m.span()
            e -= 1
            get_box(raw, s, ref)
            if same is not None and rect.top == same[0] and rect.bottom == same[1]:
                d = 0
            else:
                d, base, size = origin(s)
                same = (rect.top, rect.bottom) if d == 0 else None
            if d:
                box = loose(d)
                x0, x1 = box[0], box[1]
                if size <= 0:  # no font size: the box's height stands in
                    size = box[3] - box[2]
            else:  # upright, inline: this runs for every word
                x0, x1 = rect.left - left, rect.right - left
                if size <= 0:
                    size = rect.top - rect.bottom
            wtop, wbottom = base - ABOVE * size, base + BELOW * size  # frames.canonical
            if e > s:  # the last character's box gives the word's right edge
                get_box(raw, e, ref)
                if d:
                    last = loose(d)
                    lx0, lx1, ltop, lbottom = last
                else:
                    lx0, lx1, ltop, lbottom = rect.left - left, rect.right - left, top - rect.top, top - rect.bottom
                # does the last character continue the first's line (see _continues)?
                mid_gap = abs((wtop + wbottom) - (ltop + lbottom)) / 2
                if not (lx0 >= x0 - 0.5 and mid_gap <= max(2.0, 0.35 * (wbottom - wtop))):
                    for d2, piece in _split(m.group(), s, char):
                        groups.setdefault(d2, []).append(piece)
                    same = None
                    continue
                if lx1 > x1:
                    x1 = lx1
            word = Word(x0, x1, wtop, wbottom, m.group().replace("\x02", "-"), (wbottom - wtop) / (ABOVE + BELOW))
            groups.setdefault(d, []).append(word)
        undecodable = len(_UNDECODABLE.findall(text))
        has_text = bool(groups) or _has_text_objects(page)
        return PageText(frames(groups, width, height), undecodable, has_text)
    finally:
        textpage.close()


def _continues(first: Box, last: Box) -> bool:
    """``last`` lies to the right of ``first`` on the same line."""
    mid_a, mid_b = (first[2] + first[3]) / 2, (last[2] + last[3]) / 2
    return last[0] >= first[0] - 0.5 and abs(mid_a - mid_b) <= max(2.0, 0.35 * (first[3] - first[2]))


def _word(first: Box, last: Box, text: str) -> Word:
    top, bottom = min(first[2], last[2]), max(first[3], last[3])
    return Word(min(first[0], last[0]), max(first[1], last[1]), top, bottom,
                text.replace("\x02", "-"), (bottom - top) / (BELOW + ABOVE))


def _split(text: str, start: int, char: Any) -> list[tuple[int, Word]]:
    """A run drawn out of order, rebuilt from its characters: one word per continuing stretch."""
    out: list[tuple[int, Word]] = []
    first: Box | None = None
    prev: Box | None = None
    d0 = 0
    chars: list[str] = []
    for k, ch in enumerate(text):
        d, b = char(start + k)
        if prev is not None and first is not None and (d != d0 or not _continues(prev, b)):
            out.append((d0, _word(first, prev, "".join(chars))))
            first = None
        if first is None:
            first, d0, chars = b, d, []
        chars.append(ch)
        prev = b
    if first is not None and prev is not None:
        out.append((d0, _word(first, prev, "".join(chars))))
    return out


def _has_text_objects(page: Any) -> bool:
    import pypdfium2.raw as pdfium_c

    try:
        return any(True for _ in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_TEXT], max_depth=8))
    except Exception:  # noqa: BLE001 - a broken form XObject: say "no text objects found"
        return False
