from django import forms

from actes.models import Signature
from web.forms import QuorumForm


class SignForm(forms.Form):
    capacity = forms.ChoiceField(choices=Signature.Capacity.choices)


class TransmissionForm(QuorumForm):
    sent_on = forms.DateField(
        label="Date d'envoi à la préfecture",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Saisissez une date, par exemple 15/01/2026."},
    )
    acknowledged_on = forms.DateField(
        label="Date de l'accusé de réception",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Saisissez une date, par exemple 16/01/2026."},
    )
    acknowledgement_id = forms.CharField(
        label="Identifiant de l'accusé de réception",
        required=False,
        max_length=60,
        help_text="Tel que l'opérateur le donne, par exemple "
        "038-213801234-20260115-2026_012-DE.",
    )
