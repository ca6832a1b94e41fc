from datetime import datetime
from typing import Any

from django import forms
from django.utils import timezone

from collectivites.access import Context
from collectivites.models import Membership, Workspace
from documents.models import Document
from domain import actes
from domain.roles import Role
from seances.models import PARIS, AgendaItem, Seance
from web.forms import QuorumForm


class SeanceForm(QuorumForm):
    """Date and hour are entered as in Paris, whatever the browser's zone."""

    day = forms.DateField(
        label="Date", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    hour = forms.TimeField(
        label="Heure", widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    place = forms.CharField(label="Lieu", max_length=255, initial="Salle du conseil")
    kind = forms.ChoiceField(label="Type de séance", choices=Seance.Kind.choices)
    workspace = forms.ModelChoiceField(
        label="Commission",
        queryset=Workspace.objects.none(),
        required=False,
        empty_label="Aucune : séance du conseil municipal",
    )

    def __init__(self, ctx: Context, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["workspace"].queryset = Workspace.objects.filter(
            collectivite=ctx.collectivite, kind=Workspace.Kind.COMMISSION
        )

    @classmethod
    def initial_for(cls, seance: Seance) -> dict[str, Any]:
        local = seance.local_start
        return {
            "day": local.date(),
            "hour": local.time().replace(second=0, microsecond=0),
            "place": seance.place,
            "kind": seance.kind,
            "workspace": seance.workspace,
        }

    def starts_at(self) -> datetime:
        data = self.cleaned_data
        return datetime.combine(data["day"], data["hour"], tzinfo=PARIS)


class ConveneForm(QuorumForm):
    sent_on = forms.DateField(
        label="Date d'envoi de la convocation",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        initial=timezone.localdate,
    )
    urgence_reason = forms.CharField(
        label="Motif de l'urgence",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Obligatoire pour une séance d'urgence.",
    )


class ItemForm(QuorumForm):
    title = forms.CharField(label="Titre du point", max_length=300)
    kind = forms.ChoiceField(label="Nature du point", choices=AgendaItem.Kind.choices)
    parent = forms.ModelChoiceField(
        label="Sous-point de",
        queryset=AgendaItem.objects.none(),
        required=False,
        empty_label="Aucun : point principal",
    )
    rapporteur = forms.ModelChoiceField(
        label="Rapporteur", queryset=Membership.objects.none(), required=False
    )
    validator = forms.ModelChoiceField(
        label="Adjoint chargé de valider",
        queryset=Membership.objects.none(),
        required=False,
        empty_label="Le maire",
        help_text="Le maire seul peut confier la validation à un adjoint.",
    )
    agents = forms.ModelMultipleChoiceField(
        label="Agents qui y travaillent",
        queryset=Membership.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    huis_clos = forms.BooleanField(label="À huis clos", required=False)
    concerns_icpe = forms.BooleanField(
        label="Concerne une installation classée (ICPE)",
        required=False,
        help_text="Allonge le délai de convocation à 5 jours francs et demande "
        "une note de synthèse.",
    )

    def __init__(
        self,
        ctx: Context,
        seance: Seance,
        *args: Any,
        item: AgendaItem | None = None,
        may_choose_validator: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        current = (
            Membership.objects.current()
            .filter(collectivite=ctx.collectivite)
            .select_related("user")
        )
        self.fields["rapporteur"].queryset = current.elus()
        self.fields["agents"].queryset = current.agents()
        self.fields["validator"].queryset = current.filter(role=Role.ADJOINT)
        if not may_choose_validator:
            self.fields["validator"].disabled = True
        if item is None:
            self.fields["parent"].queryset = seance.items.filter(parent__isnull=True)
        else:
            del self.fields["parent"]


class DraftForm(QuorumForm):
    based_on = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    expose = forms.CharField(
        label="Exposé du rapporteur",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Séparez les paragraphes par une ligne vide.",
    )
    visas = forms.CharField(
        label="Visas",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Un « Vu … » par ligne.",
    )
    considerants = forms.CharField(
        label="Considérants",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Un « Considérant … » par ligne.",
    )
    articles = forms.CharField(
        label="Articles du dispositif",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Un article par ligne, dans l'ordre : ils seront numérotés.",
    )
    nature = forms.ChoiceField(
        label="Nature de l'acte (ACTES)", choices=actes.nature_choices()
    )
    matiere = forms.ChoiceField(
        label="Matière (ACTES)",
        required=False,
        choices=[("", "À choisir"), *actes.matiere_choices()],
    )


class ChangesForm(QuorumForm):
    message = forms.CharField(
        label="Ce qu'il faut changer",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class AnnexForm(QuorumForm):
    document: forms.ModelChoiceField[Document] = forms.ModelChoiceField(
        label="Document des espaces partagés", queryset=None
    )

    def __init__(self, documents: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["document"].queryset = documents
        # Two spaces may hold documents of the same name: say which is which.
        self.fields["document"].label_from_instance = _document_label


def _document_label(document: Document) -> str:
    return f"{document.title} — {document.workspace}"
