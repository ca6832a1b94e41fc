from typing import Any, cast

from django import forms

from collectivites.models import Membership
from convocations.models import Channel, PointNote, Procuration, Reply
from convocations.procurations import council_in_office
from seances.models import AgendaItem, Seance
from web.forms import QuorumForm


class PaperPreferenceForm(QuorumForm):
    wants_paper = forms.BooleanField(
        label="Demande à recevoir ses convocations sur papier",
        required=False,
        help_text="Elles lui sont envoyées à l'adresse ci-dessous, en plus de "
        "l'e-mail (CGCT L2121-10).",
    )
    postal_address = forms.CharField(
        label="Adresse postale",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Le domicile, ou l'autre adresse que l'élu a indiquée.",
    )


class MemberChoiceField(forms.ModelChoiceField[Membership]):
    def label_from_instance(self, obj: Membership) -> str:
        return obj.user.full_name or obj.user.email


class ReplyForm(QuorumForm):
    """A member's answer: present, absent, or absent with a procuration to a
    colleague in office (only for the council's séances)."""

    answer = forms.ChoiceField(
        label="Serez-vous présent(e) à la séance ?",
        choices=Reply.Answer.choices,
        widget=forms.RadioSelect,
    )
    mandataire = MemberChoiceField(
        label="Si vous donnez procuration : à quel collègue ?",
        queryset=Membership.objects.none(),
        required=False,
        help_text="Il votera pour vous. Choisir un collègue suffit : votre "
        "réponse devient « absent(e), avec procuration ». Un élu ne peut "
        "détenir qu'une seule procuration (CGCT L2121-20).",
    )

    def __init__(
        self, seance: Seance, member: Membership, *args: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if seance.is_council:
            mandataire = cast(forms.ModelChoiceField, self.fields["mandataire"])
            mandataire.queryset = (
                council_in_office(seance)
                .exclude(pk=member.pk)
                .order_by("user__last_name", "user__first_name")
            )
        else:
            del self.fields["mandataire"]
            answer = cast(forms.ChoiceField, self.fields["answer"])
            answer.choices = [
                choice
                for choice in Reply.Answer.choices
                if choice[0] != Reply.Answer.PROCURATION
            ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # Naming the colleague says it all: no need to tick the answer too.
        if not self.data.get("answer") and data.get("mandataire"):
            self.errors.pop("answer", None)
            data["answer"] = Reply.Answer.PROCURATION
        if data.get("answer") == Reply.Answer.PROCURATION and not data.get(
            "mandataire"
        ):
            self.add_error("mandataire", "Choisissez le collègue qui votera pour vous.")
        return data

    @classmethod
    def initial_for(
        cls, reply: Reply | None, procuration: Procuration | None
    ) -> dict[str, Any]:
        if reply is None:
            return {}
        return {
            "answer": reply.answer,
            "mandataire": procuration.mandataire_id if procuration else None,
        }


class RecordedReplyForm(ReplyForm):
    """The answer a member gave the mairie, recorded by the secrétaire."""

    channel = forms.ChoiceField(
        label="Réponse reçue",
        choices=[c for c in Channel.choices if c[0] != Channel.ONLINE],
        widget=forms.RadioSelect,
        help_text="Une procuration est écrite (CGCT L2121-20) : par courrier, "
        "pouvoir signé remis à la mairie ou e-mail, jamais par téléphone.",
    )

    def __init__(
        self, seance: Seance, member: Membership, *args: Any, **kwargs: Any
    ) -> None:
        super().__init__(seance, member, *args, **kwargs)
        self.fields["answer"].label = "Sa réponse"
        if "mandataire" in self.fields:
            self.fields["mandataire"].label = "S'il donne procuration : à qui ?"
            self.fields[
                "mandataire"
            ].help_text = (
                "Un élu ne peut détenir qu'une seule procuration (CGCT L2121-20)."
            )


class PointNoteForm(QuorumForm):
    body = forms.CharField(
        label="Mes notes sur ce point",
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Vous seul(e) les lisez : ni la mairie ni les autres élus.",
    )

    @classmethod
    def for_point(
        cls, item: AgendaItem, note: PointNote | None, data: Any = None
    ) -> "PointNoteForm":
        """One form per point on the same page: ids of their own."""
        return cls(
            data,
            initial={"body": note.body if note else ""},
            auto_id=f"note-{item.pk}-%s",
        )
