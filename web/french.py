"""Django's date formatting with French's « 1er » (domain/french.py): one
function for the code, and the ``date`` filter of every template."""

from datetime import date, datetime

from django.utils import formats

from domain.french import day_format


def date_format(value: date | datetime, format: str | None = None) -> str:
    """As ``django.utils.formats.date_format``, « 1er décembre 2026 » on
    the first of a month. A format name (``"DATE_FORMAT"``) is looked up
    in the French formats first."""
    pattern = formats.get_format(format or "DATE_FORMAT")
    return formats.date_format(value, day_format(pattern, value.day))
