"""The filters of the journal page and of its exports."""

from datetime import datetime, time, timedelta
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from journal.labels import ACTION_LABELS
from journal.models import JournalEntry
from web.forms import QuorumForm


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class JournalFilterForm(QuorumForm):
    action = forms.ChoiceField(label="Événement", required=False)
    start = forms.DateField(
        label="Du",
        required=False,
        widget=DateInput(),
        error_messages={
            "invalid": "Saisissez une date valide, par exemple 15/03/2026."
        },
    )
    end = forms.DateField(
        label="Au",
        required=False,
        widget=DateInput(),
        error_messages={
            "invalid": "Saisissez une date valide, par exemple 15/03/2026."
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = sorted(ACTION_LABELS.items(), key=lambda pair: pair[1])
        self.fields["action"].choices = [("", "Tous les événements"), *labels]
        self.fields["action"].error_messages["invalid_choice"] = (
            "Choisissez un événement de la liste."
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error("end", "La date de fin doit suivre la date de début.")
        return data

    def filter(self, entries: QuerySet[JournalEntry]) -> QuerySet[JournalEntry]:
        """The entries the valid filters keep; all of them otherwise."""
        if not self.is_valid():
            return entries
        data = self.cleaned_data
        if data.get("action"):
            entries = entries.filter(action=data["action"])
        zone = timezone.get_current_timezone()
        if data.get("start"):
            entries = entries.filter(
                at__gte=datetime.combine(data["start"], time(), tzinfo=zone)
            )
        if data.get("end"):
            after = data["end"] + timedelta(days=1)
            entries = entries.filter(
                at__lt=datetime.combine(after, time(), tzinfo=zone)
            )
        return entries
