import uuid
from datetime import datetime
from typing import Any

from django import forms

from collectivites.access import Context
from collectivites.models import Membership, Workspace
from documents.forms import FileSendingForm
from documents.models import Document
from domain import actes
from domain.roles import Role
from seances import richtext
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
        # Only commissions are offered; anything else posted is refused
        # in words (a project group holds no meeting).
        error_messages={
            "invalid_choice": (
                "Cet espace n'est pas une commission de la commune : une réunion "
                "de commission ne peut se tenir que dans une commission. Choisissez "
                "une commission, ou « Aucune » pour une séance du conseil municipal."
            )
        },
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
    """The sending date is not asked: it is today, the day the e-mails
    leave, so that nobody can date a late convocation back."""

    urgence_reason = forms.CharField(
        label="Motif de l'urgence",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Seulement en cas d'urgence : le maire peut alors abréger le "
        "délai de convocation, jamais en dessous d'un jour franc. Le conseil se "
        "prononce sur l'urgence à l'ouverture de la séance (CGCT L2121-11).",
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
    # Required for a délibération only (``clean``): the other points have
    # nothing to review.
    rapporteur = forms.ModelChoiceField(
        label="Rapporteur",
        queryset=Membership.objects.none(),
        required=False,
        help_text="L'élu qui relit le projet de délibération et le présente au "
        "conseil : le maire, ou l'adjoint de la délégation.",
    )
    validator = forms.ModelChoiceField(
        label="Adjoint chargé de valider",
        queryset=Membership.objects.none(),
        required=False,
        empty_label="Le maire",
        help_text="Le maire seul peut confier la validation d'un point, et "
        "seulement à l'adjoint qui en est le rapporteur, dans sa délégation.",
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
            self.fields["validator"].help_text = (
                "Le maire seul confie la validation d'un point, et seulement à "
                "l'adjoint qui en est le rapporteur : il la choisit depuis « "
                "Modifier le point »."
            )
        if item is None:
            self.fields["parent"].queryset = seance.items.filter(parent__isnull=True)
            # The maire presents a point unless an adjoint is chosen.
            self.fields["rapporteur"].initial = current.filter(role=Role.MAIRE).first()
        else:
            del self.fields["parent"]

    def clean(self) -> dict[str, Any]:
        """A délibération has its rapporteur: the élu who reviews its draft
        and presents it to the council; without one it could be neither
        reviewed, validated nor convened. The validator is the adjoint who
        reports it, chosen by the maire only (``can_choose_validator``)."""
        data = super().clean()
        validator = data.get("validator")
        rapporteur = data.get("rapporteur")
        if data.get("kind") == AgendaItem.Kind.DELIBERATION and rapporteur is None:
            self.add_error(
                "rapporteur",
                "Choisissez le rapporteur : l'élu qui relit le projet et le "
                "présente au conseil. Sans lui, le point ne peut être ni validé "
                "ni convoqué.",
            )
        if self.fields["validator"].disabled:
            self._refuse_validator_choice()
        elif validator is not None and validator != rapporteur:
            self.add_error(
                "validator",
                f"{validator.user.full_name} ne peut pas valider ce point : la "
                "validation ne se confie qu'à l'adjoint qui en est le rapporteur, "
                "dans sa délégation (CGCT L2122-18). Choisissez l'adjoint "
                "rapporteur du point, ou laissez la validation au maire.",
            )
        return data

    def _refuse_validator_choice(self) -> None:
        """Only the maire chooses the validator; a choice sent by someone
        else is refused in words rather than silently ignored."""
        posted = self.data.get("validator", "") if self.is_bound else ""
        initial = self.get_initial_for_field(self.fields["validator"], "validator")
        kept = str(getattr(initial, "pk", initial or ""))
        if posted and posted != kept:
            self.add_error(
                None,
                "Seul le maire confie la validation d'un point à un adjoint : "
                "votre choix de l'adjoint chargé de valider n'est pas "
                "enregistré. Laissez « Le maire », ou demandez au maire de "
                "choisir l'adjoint depuis « Modifier le point ».",
            )


class RichTextarea(forms.Textarea):
    """A draft's text: plain paragraphs in the textarea itself, which is
    what a browser without JavaScript shows and sends back; the HTML in
    ``data-richtext``, for the editor that takes the textarea's place
    (``seances/static/seances/richtext.js``)."""

    def __init__(self, *, by_line: bool, rows: int) -> None:
        super().__init__(attrs={"rows": rows})
        self.by_line = by_line

    def format_value(self, value: Any) -> str | None:
        return richtext.to_plain_text(value or "", by_line=self.by_line)

    def get_context(
        self, name: str, value: Any, attrs: dict[str, Any] | None
    ) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        html = richtext.sanitise(value or "", by_line=self.by_line)
        context["widget"]["attrs"]["data-richtext"] = html
        return context


class _EmptyHidden(forms.HiddenInput):
    def format_value(self, value: Any) -> str | None:
        return None


class EditorFlag(forms.BooleanField):
    """Empty on every page drawn, even drawn again after a post: only the
    editor's script, once it has taken the textareas' place, says that
    they carry HTML."""

    widget = hidden_widget = _EmptyHidden


class DraftForm(QuorumForm):
    """The texts arrive as HTML from the editor (``rich``), else as the plain
    paragraphs of the textareas, made paragraphs here; either way the
    service keeps only what ``seances.richtext`` allows."""

    based_on = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    rich = EditorFlag(required=False)
    expose = forms.CharField(
        label="Exposé du rapporteur",
        required=False,
        widget=RichTextarea(by_line=False, rows=8),
        help_text="Séparez les paragraphes par une ligne vide.",
    )
    visas = forms.CharField(
        label="Visas",
        required=False,
        widget=RichTextarea(by_line=True, rows=5),
        help_text="Un « Vu … » par paragraphe.",
    )
    considerants = forms.CharField(
        label="Considérants",
        required=False,
        widget=RichTextarea(by_line=True, rows=5),
        help_text="Un « Considérant … » par paragraphe.",
    )
    articles = forms.CharField(
        label="Articles du dispositif",
        required=False,
        widget=RichTextarea(by_line=True, rows=8),
        help_text="Un article par paragraphe, dans l'ordre : ils seront numérotés. "
        "Une liste ou un tableau fait partie de l'article qui le précède.",
    )
    nature = forms.ChoiceField(
        label="Nature de l'acte (ACTES)", choices=actes.nature_choices()
    )
    matiere = forms.ChoiceField(
        label="Matière (ACTES)",
        required=False,
        choices=[("", "À choisir"), *actes.matiere_choices()],
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("rich"):
            for name, by_line in richtext.DRAFT_TEXTS.items():
                if name in data:
                    data[name] = richtext.from_plain_text(data[name], by_line=by_line)
        return data


class DecisionForm(QuorumForm):
    """A decision on a point's draft (review asked, approved, changes asked,
    validated) carries the version the page showed (``workflow._step``)."""

    revision = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=0,
        error_messages={
            "required": "La page ne dit pas quelle version du projet vous avez "
            "lue : rechargez-la, relisez le projet, puis recommencez."
        },
    )


class ChangesForm(DecisionForm):
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


class AnnexUploadForm(FileSendingForm):
    """A file sent straight onto a point from its page, to be its annex."""

    prefix = "annexe"

    file = forms.FileField(label="Fichier")
    title = forms.CharField(
        label="Titre de l'annexe",
        max_length=255,
        required=False,
        help_text="Laissez vide pour reprendre le nom du fichier.",
    )
    # One key per form shown: the same form sent twice makes one annex.
    upload_key = forms.UUIDField(
        widget=forms.HiddenInput, required=False, initial=uuid.uuid4
    )


def _document_label(document: Document) -> str:
    return f"{document.title} — {document.workspace}"
