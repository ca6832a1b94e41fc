from typing import Any

from django import forms
from dsfr.forms import DsfrBaseForm


class QuorumForm(DsfrBaseForm):
    """Every form of Quorum: DSFR markup, optional fields marked as such."""

    def get_context(self) -> dict[str, Any]:
        # Skips DsfrBaseForm.get_context, which only warns about a transition
        # Quorum already made: optional fields are the ones marked.
        context = forms.Form.get_context(self)
        context["DSFR_MARK_OPTIONAL_FIELDS"] = True
        return context
