from django import forms

from guide.models import DisplaySettings
from web.forms import QuorumForm


class DisplayForm(QuorumForm):
    text_size = forms.ChoiceField(
        label="Taille du texte",
        choices=DisplaySettings.TextSize.choices,
        widget=forms.RadioSelect,
    )
    high_contrast = forms.BooleanField(
        label="Contraste renforcé",
        help_text="Texte noir sur fond blanc, liens soulignés, bordures plus marquées.",
        required=False,
    )
    scheme = forms.ChoiceField(
        label="Thème",
        choices=DisplaySettings.Scheme.choices,
        widget=forms.RadioSelect,
    )
