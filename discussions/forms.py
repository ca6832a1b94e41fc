from datetime import date
from typing import Any

from django import forms
from django.utils import timezone

from accounts.models import User
from discussions.models import Review
from documents.models import Document, Version
from web.forms import QuorumForm


class ChosenOnlyCheckboxes(forms.CheckboxSelectMultiple):
    """Shows only the people already chosen: the others are found through
    the completion list, so that a long list of members never fills the page."""

    def optgroups(self, name: str, value: list[str], attrs: Any = None) -> Any:
        groups = super().optgroups(name, value, attrs)
        return [group for group in groups if any(o["selected"] for o in group[1])]


class CommentForm(QuorumForm):
    body = forms.CharField(
        label="Votre message",
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Pour prévenir une personne, écrivez @ suivi de son prénom et "
        "de son nom, ou cherchez-la ci-dessous.",
    )
    mentions = forms.MultipleChoiceField(
        label="Personnes mentionnées",
        required=False,
        widget=ChosenOnlyCheckboxes,
    )

    def __init__(self, *args: Any, people: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.people = {str(user.pk): user for user in people}
        self.fields["mentions"].choices = [
            (pk, user.full_name or user.email) for pk, user in self.people.items()
        ]

    def mentioned(self) -> list[User]:
        return [self.people[pk] for pk in self.cleaned_data.get("mentions", [])]


class ThreadForm(CommentForm):
    version: forms.ModelChoiceField[Version] = forms.ModelChoiceField(
        label="Version concernée",
        queryset=None,
        required=False,
        empty_label="Le document en général",
    )

    def __init__(
        self, *args: Any, document: Document | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if document is None:  # a point's discussion: no versions to choose
            del self.fields["version"]
            return
        self.fields["version"].queryset = document.versions.order_by("-number")
        self.fields["version"].label_from_instance = lambda version: (
            f"Version {version.number} — {version.filename}"
        )


class ReviewRequestForm(QuorumForm):
    reviewers = forms.MultipleChoiceField(
        label="Relecteurs",
        widget=forms.CheckboxSelectMultiple,
        help_text="Seules les personnes qui peuvent voir ce document sont proposées.",
    )
    due_on = forms.DateField(
        label="À rendre pour le",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    message = forms.CharField(
        label="Message aux relecteurs",
        required=False,
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, people: list[User], me: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.people = {str(user.pk): user for user in people}
        self.fields["reviewers"].choices = [
            (pk, user.full_name or user.email) for pk, user in self.people.items()
        ]
        # Nobody reviews their own request: not offered, ignored if sent.
        self.fields["reviewers"].widget.choices = [
            (pk, label)
            for pk, label in self.fields["reviewers"].choices
            if pk != str(me.pk)
        ]

    def clean_due_on(self) -> date:
        due_on: date = self.cleaned_data["due_on"]
        if due_on < timezone.localdate():
            raise forms.ValidationError(
                "La date de retour est déjà passée : choisissez aujourd'hui ou "
                "une date à venir."
            )
        return due_on

    def chosen(self) -> list[User]:
        return [self.people[pk] for pk in self.cleaned_data["reviewers"]]


class ReviewAnswerForm(QuorumForm):
    decision = forms.ChoiceField(
        label="Votre avis",
        choices=[
            (Review.Decision.APPROVED.value, "Approuvé"),
            (Review.Decision.CHANGES.value, "Modifications demandées"),
        ],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label="Commentaire",
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if (
            cleaned.get("decision") == Review.Decision.CHANGES
            and not cleaned.get("comment", "").strip()
        ):
            self.add_error("comment", "Dites quelles modifications vous demandez.")
        return cleaned
