from django import forms

from dossiers.models import DossierBuild
from web.forms import QuorumForm


class BuildForm(QuorumForm):
    variant = forms.ChoiceField(
        label="Dossier à compiler",
        choices=DossierBuild.Variant.choices,
        error_messages={
            "invalid_choice": "Choisissez le dossier des conseillers ou le dossier public."
        },
    )
