"""UK telephone numbers shown in their usual grouping, whatever spelling the document used."""

from __future__ import annotations

import pytest

from extractors.taxonomy.names import format_contact, format_phone, phone_digits


@pytest.mark.parametrize(("written", "shown"), [
    ("03005550050", "0300 555 0050"),
    ("01273 481544", "01273 481544"),
    ("999", "999"),
    ("0800 1111", "0800 1111"),
    ("0808-800-5000", "0808 800 5000"),
    ("+44 (0)20 7946 0000".replace("(0)", ""), "020 7946 0000"),
    ("07700900123", "07700 900123"),
    ("0121 496 0000", "0121 496 0000"),
    ("116 123", "116 123"),
])
def test_uk_numbers_are_grouped_as_people_write_them(written, shown):
    assert format_phone(written) == shown
    assert phone_digits(shown) == phone_digits(written)  # stored form unchanged: still matches


def test_non_phone_contacts_are_shown_as_stored():
    assert format_contact("url", "ceop.police.uk/safety-centre") == "ceop.police.uk/safety-centre"
    assert format_contact("phone", "08001111") == "0800 1111"
