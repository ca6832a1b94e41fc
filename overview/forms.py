from django import forms

from overview.moves import TARGETS


class MoveForm(forms.Form):
    to = forms.ChoiceField(choices=[(target, target) for target in sorted(TARGETS)])
    message = forms.CharField(
        label="Ce qu'il faut changer",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
