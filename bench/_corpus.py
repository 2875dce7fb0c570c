"""The generated benchmark corpus: guidance-like PDFs of 1-8 pages, one or two columns, each
with a running header and a "Page n of m" footer, and the body text in reading order."""

from __future__ import annotations

import random
from pathlib import Path

PAGE_W, PAGE_H = 595.0, 842.0
SIZE, LEADING = 10.0, 12.5
VOCAB = [
    "children",
    "young",
    "people",
    "online",
    "risk",
    "harm",
    "guidance",
    "report",
    "police",
    "partnership",
    "safeguarding",
    "school",
    "parents",
    "carers",
    "grooming",
    "exploitation",
    "images",
    "platform",
    "support",
    "concern",
    "referral",
    "abuse",
    "internet",
    "social",
    "media",
    "gaming",
    "contact",
    "advice",
    "professional",
    "agency",
    "local",
    "practitioner",
    "child",
    "protection",
    "procedure",
    "assessment",
    "disclosure",
    "evidence",
    "service",
    "helpline",
    "consent",
    "privacy",
    "bullying",
    "messaging",
    "account",
    "device",
    "network",
    "content",
    "access",
    "training",
    "policy",
    "review",
]


def _paragraph(rng: random.Random, n: int) -> str:
    words = [rng.choice(VOCAB) for _ in range(n)]
    for i in range(0, n, rng.randint(9, 16)):
        words[i] = words[i].capitalize()
    return " ".join(words) + "."


def generate(path: Path, pages: int, columns: int, rng: random.Random) -> str:
    """Write a PDF of exactly ``pages`` pages; return the body text laid out, in order."""
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen import canvas

    margin, gutter = 50.0, 24.0
    col_w = (PAGE_W - 2 * margin - (columns - 1) * gutter) / columns
    c = canvas.Canvas(str(path), pagesize=(PAGE_W, PAGE_H))
    source: list[str] = []
    section = 0
    for page in range(1, pages + 1):
        c.setFont("Helvetica", 8)
        c.drawString(margin, PAGE_H - 30, "Local Safeguarding Partnership - Online Safety Guidance")
        c.drawCentredString(PAGE_W / 2, 28, f"Page {page} of {pages}")
        for col in range(columns):
            y = 780.0
            while y > 90:
                if rng.random() < 0.25:
                    section += 1
                    heading = f"{section}. {rng.choice(VOCAB).capitalize()} {rng.choice(VOCAB).capitalize()}"
                    c.setFont("Helvetica-Bold", SIZE)
                    c.drawString(margin + col * (col_w + gutter), y, heading)
                    source.append(heading)
                    y -= LEADING * 1.5
                words = _paragraph(rng, rng.randint(30, 90)).split()
                line: list[str] = []
                c.setFont("Helvetica", SIZE)
                for w in words + [None]:  # type: ignore[list-item]
                    trial = " ".join([*line, w]) if w else ""
                    if w is None or stringWidth(trial, "Helvetica", SIZE) > col_w:
                        if line and y > 70:
                            c.drawString(margin + col * (col_w + gutter), y, " ".join(line))
                            source.append(" ".join(line))
                            y -= LEADING
                        line = [w] if w else []
                    else:
                        line.append(w)
                y -= LEADING * 0.8
        c.showPage()
    c.save()
    return " ".join(source)


def corpus(directory: Path, n: int, seed: int = 7) -> list[tuple[Path, int, int, str]]:
    """(path, pages, columns, source text) for n generated PDFs."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        pages, columns = rng.randint(1, 8), 2 if i % 2 else 1
        path = directory / f"doc{i:03d}-{columns}col.pdf"
        out.append((path, pages, columns, generate(path, pages, columns, rng)))
    return out
