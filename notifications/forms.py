from django import forms

from notifications.models import NotificationPreference
from web.forms import QuorumForm


class PreferenceForm(QuorumForm):
    email_mode = forms.ChoiceField(
        label="Recevoir les notifications par e-mail",
        choices=NotificationPreference.EmailMode.choices,
        widget=forms.RadioSelect,
    )
