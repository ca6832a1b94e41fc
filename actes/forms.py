from django import forms

from actes.models import Signature
from domain.transmission import EXEMPTIONS
from web.forms import QuorumForm


class SignForm(QuorumForm):
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


class ExemptionForm(QuorumForm):
    exception = forms.ChoiceField(
        label="Exception de l'article L2131-2 I 1° du CGCT",
        choices=EXEMPTIONS,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choisissez l'exception dont relève la délibération.",
            "invalid_choice": "Choisissez l'exception dont relève la délibération.",
        },
    )
    details = forms.CharField(
        label="Précisions (facultatif)",
        required=False,
        max_length=300,
        help_text="Par exemple : tarifs du stationnement de la place du marché.",
    )


class CertificateForm(QuorumForm):
    file = forms.FileField(
        label="Fichier du certificat (.p12 ou .pfx)",
        help_text="Le fichier PKCS#12 que votre prestataire de certificats vous a "
        "remis, avec sa clé privée. 200 Ko au plus.",
        error_messages={"required": "Choisissez le fichier du certificat."},
    )
    passphrase = forms.CharField(
        label="Phrase secrète du fichier",
        required=False,
        max_length=200,
        strip=False,
        widget=forms.PasswordInput(render_value=False),
        help_text="Celle qui protège le fichier ; laissez vide s'il n'en a pas.",
    )
    label = forms.CharField(
        label="Nom à afficher (facultatif)",
        required=False,
        max_length=200,
        help_text="Par défaut, le nom du titulaire du certificat.",
    )
