"""The forms of a séance as it is held. Member choices are built from the
members already in hand, never from a query per field."""

from collections.abc import Iterable
from typing import Any
from uuid import UUID

from django import forms

from collectivites.models import Membership
from domain.french import elide
from proceedings.models import Attendance, Movement, VoteChoice
from web.forms import QuorumForm

REASON_HELP = "Obligatoire pour corriger ce qui est déjà enregistré : il va au journal."


def name(member: Membership) -> str:
    return member.user.full_name or member.user.email


def member_choices(
    members: Iterable[Membership], empty: str | None = "—"
) -> list[tuple[str, str]]:
    choices = [("", empty)] if empty is not None else []
    return choices + [(str(member.pk), name(member)) for member in members]


class MemberField(forms.TypedChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(coerce=UUID, empty_value=None, **kwargs)


class RollCallForm(QuorumForm):
    """One status per member in office, a mandataire for the represented,
    the president and the secrétaire de séance (L2121-14, L2121-15)."""

    president = MemberField(label="Président(e) de séance", required=False)
    secretaire = MemberField(label="Secrétaire de séance (un membre présent)")
    auxiliary = forms.CharField(
        label="Auxiliaire du secrétaire de séance",
        required=False,
        max_length=200,
        help_text="La secrétaire de mairie, par exemple : elle n'est pas membre.",
    )
    reason = forms.CharField(
        label="Motif de la correction", required=False, help_text=REASON_HELP
    )

    def __init__(
        self,
        members: list[Membership],
        rows: list[Attendance],
        *args: Any,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.members = members
        choices = member_choices(members)
        self.fields["president"].choices = choices
        self.fields["secretaire"].choices = choices
        by_member = {row.member_id: row for row in rows}
        self.lines = []
        for member in members:
            row = by_member.get(member.pk)
            status = forms.ChoiceField(
                label=name(member),
                choices=Attendance.Status.choices,
                initial=row.status if row else Attendance.Status.ABSENT,
            )
            mandataire = MemberField(
                label=f"Procuration {elide('de', name(member))} à",
                choices=member_choices(m for m in members if m.pk != member.pk),
                required=False,
                initial=str(row.mandataire_id) if row and row.mandataire_id else "",
            )
            self.fields[f"status_{member.pk}"] = status
            self.fields[f"mandataire_{member.pk}"] = mandataire
            self.lines.append(
                (member, f"status_{member.pk}", f"mandataire_{member.pk}")
            )

    def entries(self) -> dict[UUID, tuple[str, UUID | None]]:
        data = self.cleaned_data
        return {
            member.pk: (data[f"status_{member.pk}"], data[f"mandataire_{member.pk}"])
            for member in self.members
        }

    def member(self, field: str) -> Membership | None:
        chosen = self.cleaned_data.get(field)
        return next((m for m in self.members if m.pk == chosen), None)

    @property
    def rows(self) -> list[tuple[Membership, forms.BoundField, forms.BoundField]]:
        return [
            (member, self[status], self[mandataire])
            for member, status, mandataire in self.lines
        ]


class MovementForm(QuorumForm):
    member = MemberField(label="Élu(e)")
    kind = forms.ChoiceField(label="Mouvement", choices=Movement.Kind.choices)
    at = forms.TimeField(
        label="Heure",
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}),
        help_text="Laissez vide pour maintenant.",
    )
    mandataire = MemberField(
        label="En partant, laisse une procuration écrite à",
        required=False,
    )

    def __init__(self, members: list[Membership], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.members = members
        self.fields["member"].choices = member_choices(members, empty="Choisir")
        self.fields["mandataire"].choices = member_choices(members, empty="Personne")

    def member_of(self, field: str) -> Membership | None:
        chosen = self.cleaned_data.get(field)
        return next((m for m in self.members if m.pk == chosen), None)


class CloseForm(QuorumForm):
    at = forms.TimeField(
        label="Heure de clôture",
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}),
        help_text="Laissez vide pour maintenant.",
    )


class OpenVoteForm(QuorumForm):
    """ "Tous pour sauf…": one choice per voice, pour unless changed. A
    represented member's voice follows the mandataire unless set."""

    FOLLOWS = "suit"
    public_requests = forms.IntegerField(
        label="Membres qui demandent le scrutin public",
        min_value=0,
        required=False,
        help_text="Un quart des présents suffit (CGCT L2121-21).",
    )
    reason = forms.CharField(
        label="Motif de la correction", required=False, help_text=REASON_HELP
    )

    def __init__(
        self,
        voices: list[tuple[Membership, Membership | None]],
        *args: Any,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.lines = []
        for member, mandataire in voices:
            field = f"voix_{member.pk}"
            if mandataire is None:
                choices = VoteChoice.CHOICES
                label = name(member)
                initial = "pour"
            else:
                choices = [
                    (self.FOLLOWS, f"Comme {name(mandataire)}"),
                    *VoteChoice.CHOICES,
                ]
                label = f"{name(member)} (procuration à {name(mandataire)})"
                initial = self.FOLLOWS
            self.fields[field] = forms.ChoiceField(
                label=label,
                choices=choices,
                initial=initial,
                required=False,
                widget=forms.RadioSelect,
            )
            self.lines.append((member, field, mandataire is not None))

    def exceptions(self) -> dict[UUID, str]:
        entered = {}
        for member, field, represented in self.lines:
            value = self.cleaned_data.get(field) or ""
            if value in {"", self.FOLLOWS} or (value == "pour" and not represented):
                continue
            entered[member.pk] = value
        return entered

    @property
    def voice_fields(self) -> list[forms.BoundField]:
        return [self[field] for _, field, _ in self.lines]


class SecretVoteForm(QuorumForm):
    secret_requests = forms.IntegerField(
        label="Membres qui ont demandé le scrutin secret",
        min_value=0,
        help_text="Un tiers des présents au moins (CGCT L2121-21).",
    )
    pour = forms.IntegerField(label="Bulletins pour", min_value=0)
    contre = forms.IntegerField(label="Bulletins contre", min_value=0)
    blancs_ou_nuls = forms.IntegerField(
        label="Bulletins blancs ou nuls", min_value=0, initial=0
    )
    reason = forms.CharField(
        label="Motif de la correction", required=False, help_text=REASON_HELP
    )


class NominationForm(QuorumForm):
    """One round of a nomination to one seat, up to three candidates."""

    CANDIDATES = 3
    round_number = forms.TypedChoiceField(
        label="Tour",
        coerce=int,
        choices=[(1, "1er tour"), (2, "2e tour"), (3, "3e tour")],
    )
    blancs_ou_nuls = forms.IntegerField(
        label="Bulletins blancs ou nuls", min_value=0, initial=0
    )
    secret_waived = forms.BooleanField(
        label="Le conseil a décidé à l'unanimité de ne pas voter au scrutin secret",
        required=False,
    )
    reason = forms.CharField(
        label="Motif de la correction", required=False, help_text=REASON_HELP
    )

    def __init__(self, members: list[Membership], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.members = members
        self.lines = []
        for number in range(1, self.CANDIDATES + 1):
            self.fields[f"candidate_{number}"] = MemberField(
                label=f"Candidat(e) {number}",
                choices=member_choices(members),
                required=number == 1,
            )
            self.fields[f"votes_{number}"] = forms.IntegerField(
                label=f"Voix du candidat {number}", min_value=0, required=False
            )
            self.fields[f"born_{number}"] = forms.DateField(
                label="Né(e) le (égalité au 3e tour)",
                required=False,
                widget=forms.DateInput(attrs={"type": "date"}),
            )
            self.lines.append(
                (f"candidate_{number}", f"votes_{number}", f"born_{number}")
            )

    def votes(self) -> dict[UUID, int]:
        return {
            self.cleaned_data[c]: self.cleaned_data[v] or 0
            for c, v, _ in self.lines
            if self.cleaned_data.get(c)
        }

    def birth_dates(self) -> dict[UUID, Any]:
        return {
            self.cleaned_data[c]: self.cleaned_data[b]
            for c, _, b in self.lines
            if self.cleaned_data.get(c) and self.cleaned_data.get(b)
        }

    @property
    def candidate_rows(self) -> list[tuple[forms.BoundField, ...]]:
        return [tuple(self[name] for name in line) for line in self.lines]


class InterestForm(QuorumForm):
    member = MemberField(label="Conseiller(ère) intéressé(e) à l'affaire")
    interested = forms.BooleanField(required=False, initial=True)

    def __init__(self, members: list[Membership], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.members = members
        self.fields["member"].choices = member_choices(members, empty="Choisir")

    def member_of(self) -> Membership | None:
        chosen = self.cleaned_data.get("member")
        return next((m for m in self.members if m.pk == chosen), None)


class DebatesForm(QuorumForm):
    debates = forms.CharField(
        label="Résumé des débats",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Pour le procès-verbal (CGCT L2121-15) : l'essentiel des interventions.",
    )
    reason = forms.CharField(
        label="Motif de la correction", required=False, help_text=REASON_HELP
    )


class OutcomeForm(QuorumForm):
    outcome = forms.ChoiceField(
        label="Sort du point",
        choices=[("retire", "Retiré"), ("reporte", "Reporté"), ("", "Maintenu")],
        required=False,
    )
