"""The pdfplumber engine (``--engine pdfplumber``, and the fallback when PDFium cannot open a file).

pdfminer parses the file into one Python object per character; characters drawn twice for a
fake-bold effect are removed (:func:`dedupe_chars`), grouped by their direction on the page,
moved into the frame where they read upright and joined into words with a gap that scales
with the font size (``x_tolerance_ratio``), so a tight 9-pt line does not run together.
"""

from __future__ import annotations

import io
import math
import re
from operator import itemgetter
from typing import Any

from extractors.reading.frames import ABOVE, BELOW, EngineError, PageText, canonical, direction, frames, upright
from extractors.reading.layout import Word

X_TOLERANCE_RATIO = 0.15  # word gap: this share of the font size
_PLAIN = {
    "PDFSyntaxError": "its structure cannot be parsed",
    "PSSyntaxError": "its structure cannot be parsed",
    "PDFNoValidXRef": "no valid cross-reference table",
    "PDFTypeError": "an object of the wrong type",
    "PDFValueError": "an invalid value",
    "KeyError": "a required entry is missing",
    "RecursionError": "its objects refer to each other in a loop",
}
_SHORT = re.compile(r"^[\w ,.'()/-]{1,60}$")  # a reason we can print: plain words, no dictionaries


def read_plumber(data: bytes, password: str | None) -> tuple[list[PageText], str | None]:
    """Every page's words (by text direction) and the document title, read with pdfplumber from
    the file's bytes (read once by the extractor)."""
    import pdfplumber

    try:
        with pdfplumber.open(io.BytesIO(data), password=password or "") as pdf:
            title = _title(pdf.metadata)
            pages = []
            for page in pdf.pages:
                pages.append(_page(page))
                page.close()  # drop the page's cached objects: memory stays flat on long PDFs
            if not pages:
                raise EngineError("no-pages")
            return pages, title
    except EngineError:
        raise
    except Exception as e:
        cause = e.args[0] if e.args and isinstance(e.args[0], Exception) else e
        if isinstance(cause, (MemoryError, KeyboardInterrupt)):
            raise
        raise classify(cause) from e


def classify(cause: BaseException) -> EngineError:
    """What pdfminer's exception says about the file, as a kind and a short plain reason."""
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.psparser import PSEOF

    name = type(cause).__name__
    message = str(cause)
    if isinstance(cause, PDFPasswordIncorrect):
        return EngineError("password")
    if isinstance(cause, PDFEncryptionError) or "crypt" in message.lower() or "encrypt" in message.lower():
        return EngineError("encrypted", "an encryption scheme that cannot be read")
    if isinstance(cause, PSEOF) or "eof" in message.lower():
        return EngineError("truncated", "it ends before its last object")
    reason = message if _SHORT.match(message) and message != name else _PLAIN.get(name, "it cannot be parsed")
    return EngineError("damaged", reason)


def _page(page: Any) -> PageText:
    from pdfplumber.utils import extract_words

    width, height = float(page.width), float(page.height)
    chars = dedupe_chars(page.chars)
    by_dir: dict[int, list[dict[str, Any]]] = {}
    undecodable = 0
    for c in chars:
        text = c["text"]
        if text.startswith("(cid:") or "\ufffd" in text:
            undecodable += 1
        a, b, _, _, e, f = c["matrix"]
        d = direction(math.atan2(b, a)) if (a or b) else 0
        x0, x1, top, bottom = upright((c["x0"], c["x1"], c["top"], c["bottom"]), d, width, height)
        y = c["top"] + (c["y1"] - f)  # the origin, downwards from the top like ``top``
        base = upright((e, e, y, y), d, width, height)[2]
        x0, x1, top, bottom = canonical(x0, x1, base, bottom - top)
        by_dir.setdefault(d, []).append(
            {"x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": top, "text": text,
             "size": bottom - top, "upright": True, "width": x1 - x0, "height": bottom - top}
        )
    groups = {
        d: [Word(w["x0"], w["x1"], w["top"], w["bottom"], w["text"], (w["bottom"] - w["top"]) / (ABOVE + BELOW))
            for w in extract_words(cs, x_tolerance_ratio=X_TOLERANCE_RATIO)]
        for d, cs in by_dir.items()
    }
    return PageText(frames(groups, width, height), undecodable, bool(chars))


def dedupe_chars(chars: list[dict[str, Any]], tolerance: float = 1.0) -> list[dict[str, Any]]:
    """Characters without the copies drawn over them for a fake-bold effect.

    The same rule as pdfplumber's ``Page.dedupe_chars`` (same text, font and size within
    ``tolerance`` points keep only the first), but in O(n log n): pdfplumber's version
    restores the order with ``list.index``, which is quadratic and took 75% of the time on
    a page of 3,000 characters.
    """
    from pdfplumber.utils.clustering import cluster_objects

    def key(c: dict[str, Any]) -> tuple[Any, ...]:
        return (c["upright"], c["text"], c["fontname"], c["size"])

    order = {id(c): i for i, c in enumerate(chars)}
    groups: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
    for c in chars:
        groups.setdefault(key(c), []).append(c)
    keep: list[int] = []
    for group in groups.values():
        if len(group) == 1:
            keep.append(order[id(group[0])])
            continue
        for row in cluster_objects(group, itemgetter("doctop"), tolerance):
            for cluster in cluster_objects(row, itemgetter("x0"), tolerance):
                first = min(cluster, key=itemgetter("doctop", "x0"))
                keep.append(order[id(first)])
    if len(keep) == len(chars):
        return chars
    return [chars[i] for i in sorted(keep)]


def _title(metadata: dict[str, Any]) -> str | None:
    raw = metadata.get("Title") if metadata else None
    if isinstance(raw, bytes):
        raw = raw.decode("utf-8", errors="ignore")
    return str(raw) if raw else None
