"""``{% term "quorum" %}``: a legal word linked to its glossary entry, with
its definition as an accessible tooltip (the DSFR's ``fr-tooltip``, tied to
the link by ``aria-describedby``). ``{% term "procès-verbal" "procès-verbaux" %}``
shows another form of the word."""

from itertools import count

from django import template
from django.urls import reverse
from django.utils.html import format_html

from guide.glossary import entry_for

register = template.Library()
_ids = count(1)


@register.simple_tag
def term(word: str, shown: str = "") -> str:
    entry = entry_for(word)
    tooltip = f"def-{entry.slug}-{next(_ids)}"
    return format_html(
        '<a class="quorum-term" href="{}#{}" aria-describedby="{}">{}</a>'
        '<span class="fr-tooltip fr-placement" id="{}" role="tooltip" '
        'aria-hidden="true">{}</span>',
        reverse("guide:glossary"),
        entry.slug,
        tooltip,
        shown or word,
        tooltip,
        entry.definition,
    )
