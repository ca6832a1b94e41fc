from django import forms

from overview.moves import TARGETS
from web.forms import QuorumForm


class MoveForm(QuorumForm):
    to = forms.ChoiceField(choices=[(target, target) for target in sorted(TARGETS)])
    # The version of the draft the board showed (``workflow._step``).
    revision = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    message = forms.CharField(
        label="Ce qu'il faut changer",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
