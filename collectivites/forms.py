"""Forms of the administration of members and workspaces."""

from datetime import date
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import User
from collectivites.models import SCOPE_CHOICES, Membership, Workspace
from collectivites.services import DELEGATED_ROLES, role_errors
from domain.french import Civility
from domain.roles import ROLE_LABELS, Role, Status, status_of
from web.forms import QuorumForm

STATUS_CHOICES = [(Status.ELU.value, "Élu(e)"), (Status.AGENT.value, "Agent")]
ROLE_GROUPS = [
    (
        label,
        [(role.value, ROLE_LABELS[role]) for role in Role if status_of(role) == status],
    )
    for status, label in ((Status.ELU, "Élus"), (Status.AGENT, "Agents"))
]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class PlaceForm(QuorumForm):
    """Status, role and what goes with it: shared by invitation and edit."""

    civility = forms.ChoiceField(
        label="Civilité",
        required=False,
        choices=[("", "Non précisée"), *User.civility.field.choices],
        help_text="Accorde les titres écrits dans les documents : « la maire », "
        "« le 1er adjoint ». Non précisée, Quorum écrit « adjoint(e) ».",
    )
    status = forms.ChoiceField(
        label="Statut",
        choices=STATUS_CHOICES,
        widget=forms.RadioSelect,
    )
    role = forms.ChoiceField(
        label="Rôle", choices=[("", "Choisissez un rôle"), *ROLE_GROUPS]
    )
    delegation = forms.CharField(
        label="Délégation",
        max_length=300,
        required=False,
        help_text="Pour un adjoint ou un conseiller délégué : « finances et budget ».",
    )
    rank = forms.IntegerField(
        label="Rang au tableau du conseil",
        min_value=1,
        max_value=99,
        required=False,
        help_text="1 pour le maire, 2 pour le premier adjoint, et ainsi de suite.",
    )
    function = forms.CharField(
        label="Fonction",
        max_length=200,
        required=False,
        help_text="Pour un agent : « Services techniques », « Comptabilité »…",
    )
    is_admin = forms.BooleanField(
        label="Administrateur de la collectivité",
        required=False,
        help_text=(
            "Peut inviter des membres, modifier leurs rôles et gérer les espaces. "
            "Le maire, le secrétaire de mairie et le DGS le sont toujours."
        ),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "role" not in data or "status" not in data:
            return data
        role = Role(data["role"])
        for field, message in role_errors(
            role=role,
            status=Status(data["status"]),
            delegation=data.get("delegation", ""),
            rank=data.get("rank"),
            function=data.get("function", ""),
            started_on=data.get("started_on"),
            ended_on=data.get("ended_on"),
        ).items():
            self.add_error(field, message)
        if role in DELEGATED_ROLES and not data.get("delegation"):
            self.add_error(
                "delegation", "Indiquez la délégation, par exemple « finances »."
            )
        if role == Role.ADJOINT and data.get("rank") is None:
            self.add_error(
                "rank", "Indiquez le rang de l'adjoint au tableau du conseil."
            )
        if role == Role.AGENT and not data.get("function"):
            self.add_error(
                "function", "Indiquez la fonction, par exemple « Services techniques »."
            )
        return data

    def place(self) -> dict[str, Any]:
        """The cleaned facts, as the services take them."""
        data = self.cleaned_data
        return {
            "civility": Civility(data["civility"]),
            "role": Role(data["role"]),
            "status": Status(data["status"]),
            "delegation": data["delegation"].strip(),
            "rank": data["rank"],
            "function": data["function"].strip(),
            "is_admin": data["is_admin"],
        }


class InviteMemberForm(PlaceForm):
    email = forms.EmailField(
        label="Adresse e-mail",
        help_text="La personne y recevra son invitation ; ce sera son identifiant.",
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    first_name = forms.CharField(label="Prénom", max_length=150)
    last_name = forms.CharField(label="Nom", max_length=150)
    started_on = forms.DateField(
        label="Début du mandat ou de la fonction", widget=DateInput()
    )
    ended_on = forms.DateField(
        label="Fin prévue",
        required=False,
        widget=DateInput(),
        help_text="Par exemple la fin d'un contrat. Laissez vide sinon.",
    )

    field_order = [
        "email",
        "civility",
        "first_name",
        "last_name",
        "status",
        "role",
        "delegation",
        "rank",
        "function",
        "is_admin",
        "started_on",
        "ended_on",
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"started_on": timezone.localdate()})
        super().__init__(*args, **kwargs)

    def member(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            **self.place(),
            "email": data["email"],
            "first_name": data["first_name"].strip(),
            "last_name": data["last_name"].strip(),
            "started_on": data["started_on"],
            "ended_on": data["ended_on"],
        }


class EditMemberForm(PlaceForm):
    @classmethod
    def for_membership(
        cls, membership: Membership, data: Any = None
    ) -> "EditMemberForm":
        return cls(
            data,
            initial={
                "civility": membership.user.civility,
                "status": membership.status,
                "role": membership.role,
                "delegation": membership.delegation,
                "rank": membership.rank,
                "function": membership.function,
                "is_admin": membership.is_admin,
            },
        )


class EndMembershipForm(QuorumForm):
    ended_on = forms.DateField(
        label="Date de fin",
        widget=DateInput(),
        help_text="L'accès à Quorum s'arrête ce jour-là ; l'historique reste.",
    )
    reason = forms.CharField(
        label="Motif",
        max_length=200,
        help_text="Par exemple : démission, fin de contrat, mutation, fin du mandat.",
    )

    def __init__(self, *args: Any, started_on: date, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"ended_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.started_on = started_on

    def clean_ended_on(self) -> date:
        ended_on: date = self.cleaned_data["ended_on"]
        if ended_on < self.started_on:
            raise forms.ValidationError(
                "La date de fin ne peut pas précéder le début du mandat ou de la fonction."
            )
        return ended_on


class WorkspaceForm(QuorumForm):
    kind = forms.ChoiceField(
        label="Type", choices=Workspace.Kind.choices, widget=forms.RadioSelect
    )
    name = forms.CharField(
        label="Nom",
        max_length=200,
        help_text="Par exemple « Commission des finances » ou « Rénovation de l'école ».",
    )
    description = forms.CharField(
        label="Description",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="À quoi sert cet espace, en une ou deux phrases.",
    )

    @classmethod
    def for_workspace(cls, workspace: Workspace, data: Any = None) -> "WorkspaceForm":
        return cls(
            data,
            initial={
                "kind": workspace.kind,
                "name": workspace.name,
                "description": workspace.description,
            },
        )


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Membership) -> str:
        detail = obj.delegation or obj.function
        role = obj.title_label + (f", {detail}" if detail else "")
        return f"{obj.user.full_name or obj.user.email} — {role}"


class AddWorkspaceMemberForm(QuorumForm):
    membership = MemberChoiceField(
        label="Personne",
        queryset=Membership.objects.none(),
        empty_label="Choisissez une personne",
        error_messages={
            "invalid_choice": "Choisissez une personne de la liste.",
            "required": "Choisissez une personne de la liste.",
        },
    )
    is_manager = forms.BooleanField(
        label="Anime l'espace",
        required=False,
        help_text="L'animateur gère les membres et les réglages de l'espace.",
    )

    def __init__(
        self, *args: Any, candidates: QuerySet[Membership], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["membership"].queryset = candidates


class ManagerForm(QuorumForm):
    is_manager = forms.BooleanField(required=False)


class _MemberField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Membership) -> str:
        return f"{obj.user.full_name} — {obj.title_label}"


class InterimForm(QuorumForm):
    """Hand one's tasks of one kind to someone for a period."""

    giver = _MemberField(
        label="Qui s'absente",
        queryset=Membership.objects.none(),
        empty_label=None,
    )
    scope = forms.ChoiceField(label="Tâches confiées", choices=SCOPE_CHOICES)
    holder = _MemberField(
        label="À qui",
        queryset=Membership.objects.none(),
        help_text=(
            "Le maire est remplacé par le premier adjoint disponible dans "
            "l'ordre du tableau ; les relectures d'un élu vont à un élu, la "
            "préparation d'un agent à un agent."
        ),
    )
    starts_on = forms.DateField(label="Du", widget=DateInput())
    ends_on = forms.DateField(label="Au (inclus)", widget=DateInput())
    reason = forms.CharField(
        label="Motif (facultatif)",
        max_length=200,
        required=False,
        help_text="Par exemple : congés, arrêt maladie.",
    )

    def __init__(
        self,
        *args: Any,
        members: QuerySet[Membership],
        givers: QuerySet[Membership],
        **kwargs: Any,
    ) -> None:
        today = timezone.localdate()
        kwargs.setdefault("initial", {"starts_on": today, "ends_on": today})
        super().__init__(*args, **kwargs)
        giver = cast(forms.ModelChoiceField, self.fields["giver"])
        holder = cast(forms.ModelChoiceField, self.fields["holder"])
        giver.queryset = givers
        holder.queryset = members
        if givers.count() == 1:
            giver.widget = forms.HiddenInput()
            giver.initial = givers.first()
