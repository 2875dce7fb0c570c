"""How values read in tables (terminal and report): one place for cells, cuts and contacts.

Contact values are stored normalised (digits for phones, so they match across documents) and
shown in their usual grouping by :func:`extractors.taxonomy.format_contact`.
"""

from __future__ import annotations

import json
from typing import Any

from extractors.taxonomy.names import format_contact


def contact_text(contact: dict[str, Any]) -> str:
    """``{"kind": "phone", "value": "03005550050", "label": "Children"}`` -> ``0300 555 0050 (Children)``."""
    text = format_contact(contact.get("kind"), contact.get("value"))
    return f"{text} ({contact['label']})" if contact.get("label") else text


def cell_text(value: Any) -> str:
    """A cell as a reader sees it: lists joined, booleans yes/no, contacts formatted."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".")
    if isinstance(value, dict):
        if "value" in value and "kind" in value:
            return contact_text(value)
        return json.dumps(value, ensure_ascii=False, default=str)
    if isinstance(value, (list, tuple)):
        return "; ".join(t for t in (cell_text(v) for v in value) if t)
    return " ".join(str(value).split())


def cut(text: str, limit: int) -> str:
    """``text`` shortened to ``limit`` characters at a word boundary, ending in "…".

    >>> cut("Online grooming is where someone befriends a child", 30)
    'Online grooming is where…'
    """
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    space = head.rfind(" ")
    return (head[:space] if space > limit // 2 else head).rstrip(" ,;:") + "…"
