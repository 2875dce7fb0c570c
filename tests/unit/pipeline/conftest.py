"""Small real corpora for the pipeline's unit tests: text files and their Sources."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from extractors.models import Source, SourceMeta


@pytest.fixture()
def write_source(tmp_path: Path) -> Callable[..., Source]:
    """``write_source("kent", "text")``: a text file in tmp_path/raw and its Source."""
    raw = tmp_path / "raw"
    raw.mkdir(exist_ok=True)

    def make(sid: str, text: str, region: str = "Kent") -> Source:
        path = raw / f"{sid}.txt"
        path.write_text(text, encoding="utf-8")
        return Source(path=path, meta=SourceMeta(id=sid, file=path.name, region=[region]))

    return make


GUIDANCE = (
    "Online safety guidance\n\n1. Grooming\n\nOnline grooming is when someone builds a relationship "
    "with a child to abuse them. Report concerns to CEOP and call the police on 999 in an emergency.\n\n"
    "2. Sextortion\n\nSextortion is blackmail with intimate images. Contact the Revenge Porn Helpline.\n"
)
