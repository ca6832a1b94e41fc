from django import forms

from collectivites.models import Membership
from domain.roles import Role
from notifications.models import NotificationPreference
from web.forms import QuorumForm

Mode = NotificationPreference.EmailMode


class PreferenceForm(QuorumForm):
    email_mode = forms.ChoiceField(
        label="Recevoir les notifications par e-mail",
        choices=Mode.choices,
        widget=forms.RadioSelect,
    )

    @classmethod
    def for_member(
        cls, membership: Membership, *args: object, **kwargs: object
    ) -> "PreferenceForm":
        """The weekly summary of the commune's activity is the maire's."""
        form = cls(*args, **kwargs)
        if membership.role != Role.MAIRE:
            field = form.fields["email_mode"]
            field.choices = [c for c in Mode.choices if c[0] != Mode.WEEKLY]  # type: ignore[attr-defined]
        return form
