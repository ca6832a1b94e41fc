"""The three forms of the member import: the file, the columns, the go-ahead."""

from typing import Any

from django import forms
from django.utils import timezone
from dsfr.utils import dsfr_input_class_attr

from collectivites.member_import import (
    MAX_BYTES,
    TARGET_LABELS,
    NotATable,
    Table,
    Target,
    read_table,
)
from domain.roles import ROLE_LABELS, ROLE_STATUS, Role, Status
from web.forms import QuorumForm

USUAL_ROLE = {Status.ELU: Role.CONSEILLER, Status.AGENT: Role.AGENT}
KIND_CHOICES = [(Status.ELU.value, "Des élus"), (Status.AGENT.value, "Des agents")]


def _roles_of(status: Status) -> list[tuple[str, str]]:
    # A list never makes everyone maire: the maire is named on their line.
    return [
        (role.value, ROLE_LABELS[role])
        for role, of in ROLE_STATUS.items()
        if of == status and role != Role.MAIRE
    ]


class UploadForm(QuorumForm):
    file = forms.FileField(
        label="Fichier de la liste",
        required=False,
        help_text="Un tableau Excel (.xlsx) ou un fichier CSV, avec ou sans ligne de titres.",
    )
    text = forms.CharField(
        label="Ou collez la liste ici",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=(
            "Sélectionnez les cellules dans votre tableur, copiez-les puis collez-les : "
            "une personne par ligne."
        ),
    )
    kind = forms.ChoiceField(
        label="Qui sont ces personnes ?",
        choices=KIND_CHOICES,
        initial=Status.ELU.value,
        widget=forms.RadioSelect,
    )
    default_role = forms.ChoiceField(
        label="Rôle de ceux dont le fichier ne précise pas le rôle",
        choices=[
            ("", "Conseiller(ère) municipal(e) pour des élus, agent pour des agents"),
            ("Élus", _roles_of(Status.ELU)),
            ("Agents", _roles_of(Status.AGENT)),
        ],
        required=False,
    )
    started_on = forms.DateField(
        label="Début du mandat ou de la fonction",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=(
            "Pour les lignes qui ne donnent pas de date. Laissez vide pour aujourd'hui."
        ),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        upload, text = data.get("file"), (data.get("text") or "").strip()
        if upload and text:
            raise forms.ValidationError(
                "Déposez un fichier ou collez une liste, pas les deux."
            )
        if not upload and not text:
            raise forms.ValidationError("Déposez un fichier ou collez une liste.")
        kind, role = data.get("kind"), data.get("default_role")
        if kind and not role:
            data["default_role"] = USUAL_ROLE[Status(kind)].value
        elif kind and ROLE_STATUS[Role(role)] != Status(kind):
            self.add_error(
                "default_role",
                "Choisissez un rôle d'élu pour des élus, un rôle d'agent pour des agents.",
            )
        field = "file" if upload else "text"
        if (upload.size if upload else len(text)) > MAX_BYTES:
            self.add_error(
                field, f"Le fichier dépasse {MAX_BYTES // (1024 * 1024)} Mo."
            )
            return data
        content = upload.read() if upload else text.encode("utf-8")
        try:
            self.table: Table = read_table(content)
        except NotATable as error:
            self.add_error(field, str(error))
            return data
        self.content = content
        self.filename = upload.name if upload else "liste collée"
        data["started_on"] = data.get("started_on") or timezone.localdate()
        return data


TARGET_CHOICES = [("", "Ne pas importer")] + [
    (target.value, label) for target, label in TARGET_LABELS.items()
]


class MappingForm(QuorumForm):
    """One choice per column of the file, and whether line 1 names them."""

    has_header = forms.BooleanField(
        label="La première ligne donne les titres des colonnes",
        required=False,
    )

    def __init__(
        self, *args: Any, table: Table, has_header: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.width = table.width
        first = table.lines[0].cells
        samples = table.lines[1:4] if has_header else table.lines[:3]
        for index in range(self.width):
            title = first[index] if has_header and index < len(first) else ""
            examples = [
                line.cells[index]
                for line in samples
                if index < len(line.cells) and line.cells[index]
            ]
            hint = f"Titre : « {title} ». " if title else ""
            hint += (
                "Par exemple : " + ", ".join(f"« {e[:40]} »" for e in examples)
                if examples
                else "Vide dans les premières lignes."
            )
            name = f"column_{index}"
            self.fields[name] = forms.ChoiceField(
                label=f"Colonne {index + 1}",
                choices=TARGET_CHOICES,
                required=False,
                help_text=hint,
            )
            dsfr_input_class_attr(self[name])

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        mapping = self.mapping()
        for target in Target:
            if mapping.count(target.value) > 1:
                raise forms.ValidationError(
                    f"Plusieurs colonnes sont « {TARGET_LABELS[target]} » : "
                    "choisissez-en une seule."
                )
        if Target.FULL_NAME.value in mapping and (
            {Target.FIRST_NAME.value, Target.LAST_NAME.value} & set(mapping)
        ):
            raise forms.ValidationError(
                "Choisissez soit une colonne « Prénom et nom », soit des colonnes "
                "« Prénom » et « Nom » séparées."
            )
        return data

    def mapping(self) -> tuple[str, ...]:
        data = getattr(self, "cleaned_data", {})
        return tuple(data.get(f"column_{index}", "") for index in range(self.width))


class ConfirmForm(QuorumForm):
    """Carries the fingerprint of what the person saw, so that a file or a
    column changed in another tab is not imported unseen."""

    digest = forms.CharField(widget=forms.HiddenInput, max_length=64)
    invite = forms.BooleanField(
        label="Inviter dès maintenant chaque personne ajoutée",
        required=False,
        help_text=(
            "Chacune reçoit un e-mail pour choisir son mot de passe, envoyé dans les "
            "minutes qui suivent. Sinon, vous pourrez inviter chacune plus tard "
            "depuis sa fiche."
        ),
    )
