from datetime import date
from typing import Any

from django import forms

from seances import richtext
from seances.forms import EditorFlag, RichTextarea
from web.forms import QuorumForm


class ProcesVerbalForm(QuorumForm):
    """As the draft of a délibération: HTML from the editor (``rich``), else
    the plain paragraphs of the textareas."""

    based_on = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    rich = EditorFlag(required=False)
    body = forms.CharField(
        label="Texte du procès-verbal",
        required=False,
        widget=RichTextarea(by_line=False, rows=30),
        help_text="Ce texte sera publié une fois approuvé et signé. Séparez les "
        "paragraphes par une ligne vide.",
    )
    huis_clos_body = forms.CharField(
        label="Points examinés à huis clos",
        required=False,
        widget=RichTextarea(by_line=False, rows=10),
        help_text="Gardé dans l'original seulement : jamais publié.",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("rich"):
            for name in ("body", "huis_clos_body"):
                if name in data:
                    data[name] = richtext.from_plain_text(data[name])
        return data


class PostingForm(QuorumForm):
    posted_on = forms.DateField(
        label="Affichée en mairie le",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        initial=date.today,
    )
