"""Filters every template has without loading them (a builtin of the
template engine): the ``date`` filter writes « 1er » on the first of the
month, and ``elided`` glues a name to the word before it as French does."""

import datetime as dt

from django import template
from django.template import defaultfilters
from django.utils.formats import get_format

from domain.french import day_format, elide

register = template.Library()


@register.filter(expects_localtime=True, is_safe=False)
def date(value: dt.date | str | None, arg: str | None = None) -> str:
    """Django's ``date``, but « 1er décembre 2026 » on the first."""
    if isinstance(value, dt.date):
        arg = day_format(get_format(arg or "DATE_FORMAT"), value.day)
    return defaultfilters.date(value, arg)


@register.filter(is_safe=False)
def elided(following: object, word: str) -> str:
    """``{{ name|elided:"de" }}``: « d'Émilie Laurent », « de Claire Dubreuil »."""
    return elide(word, str(following))
