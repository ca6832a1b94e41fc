from django import forms
from django.conf import settings

from web.forms import QuorumForm


class UploadForm(QuorumForm):
    file = forms.FileField(
        label="Fichier",
        help_text=f"Taille maximale : {settings.QUORUM_MAX_UPLOAD_MB} Mo.",
    )
    title = forms.CharField(
        label="Titre",
        max_length=255,
        required=False,
        help_text="Laissez vide pour reprendre le nom du fichier.",
    )
    note = forms.CharField(
        label="Note sur cette version", max_length=300, required=False
    )


class VersionForm(QuorumForm):
    file = forms.FileField(
        label="Nouvelle version",
        help_text=f"Taille maximale : {settings.QUORUM_MAX_UPLOAD_MB} Mo.",
    )
    note = forms.CharField(
        label="Ce qui a changé",
        max_length=300,
        required=False,
        help_text="Par exemple « corrections de l'adjointe ».",
    )
