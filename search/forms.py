from django import forms

from web.forms import QuorumForm


class SearchForm(QuorumForm):
    # No length limit here: a long query is cut by ``search.query.parse``,
    # never refused.
    q = forms.CharField(
        label="Rechercher",
        required=False,
        help_text=(
            "Un ou plusieurs mots, avec ou sans accents : les documents, leurs "
            "discussions et les points de l'ordre du jour qui les contiennent tous."
        ),
        widget=forms.TextInput(attrs={"type": "search"}),
    )
