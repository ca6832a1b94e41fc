import uuid
from typing import Any

from django import forms
from django.conf import settings

from documents.services import EMPTY_FILE
from web.forms import QuorumForm


class FileSendingForm(QuorumForm):
    """A form that sends a file: its page says the size limit before
    sending, and documents/static/documents/upload.js checks it in the
    browser and shows the progress of the sending."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Read when the form is built, so that it follows the setting.
        self.fields["file"].help_text = f"Taille maximale : {self.max_label}."
        # Django's own words ("Le fichier soumis est vide.") say what is
        # wrong but not what to do; the service's say both.
        self.fields["file"].error_messages["empty"] = EMPTY_FILE

    @property
    def max_bytes(self) -> int:
        return int(settings.QUORUM_MAX_UPLOAD_MB) * 1024 * 1024

    @property
    def max_label(self) -> str:
        return f"{settings.QUORUM_MAX_UPLOAD_MB} Mo"


class UploadForm(FileSendingForm):
    file = forms.FileField(
        label="Fichier",
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
    # One key per form shown: the same form sent twice makes one document.
    upload_key = forms.UUIDField(
        widget=forms.HiddenInput, required=False, initial=uuid.uuid4
    )


class VersionForm(FileSendingForm):
    file = forms.FileField(
        label="Nouvelle version",
    )
    note = forms.CharField(
        label="Ce qui a changé",
        max_length=300,
        required=False,
        help_text="Par exemple « corrections de l'adjointe ».",
    )
    # The number of the current version when the form was shown: another
    # version sent meanwhile is then told to the sender.
    seen_number = forms.IntegerField(
        widget=forms.HiddenInput, required=False, min_value=0
    )
