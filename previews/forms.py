from django import forms

from documents.models import Version
from web.forms import QuorumForm


class CompareForm(QuorumForm):
    """Two versions of one document, the older first."""

    old = forms.ModelChoiceField(
        label="Version de départ", queryset=Version.objects.none(), empty_label=None
    )
    new = forms.ModelChoiceField(
        label="Version comparée", queryset=Version.objects.none(), empty_label=None
    )

    def __init__(self, *args: object, versions: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        for name in ("old", "new"):
            self.fields[name].queryset = versions
            self.fields[name].label_from_instance = _label


def _label(version: Version) -> str:
    return f"Version {version.number} — {version.filename}"
