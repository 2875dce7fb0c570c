"""Domain knowledge as data: harms, laws and provisions, agencies and contacts, regions.

Use :func:`load_taxonomy` to get a validated, cached :class:`Taxonomy`; its
:meth:`Taxonomy.resolve` maps any common name to a graph id.
"""

from extractors.taxonomy.load import (
    Alias,
    Taxonomy,
    contact_id,
    load_taxonomy,
    load_taxonomy_uncached,
    normalise,
    normalise_url,
    phone_digits,
    slug,
)
from extractors.taxonomy.names import format_contact, format_phone

__all__ = [
    "Alias", "Taxonomy", "contact_id", "format_contact", "format_phone", "load_taxonomy",
    "load_taxonomy_uncached", "normalise", "normalise_url", "phone_digits", "slug",
]
