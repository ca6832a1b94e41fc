"""The publication box of an act's page, for those who publish: whether it
is online, since when and by whom, why not yet, and the buttons."""

from typing import Any

from django.urls import reverse
from django.utils import timezone

from collectivites.access import Context
from domain import access
from publication.services import Act, publication_of, refusal_of, withdrawable_from

KINDS = {"Deliberation": "deliberation", "ProcesVerbal": "proces-verbal"}


def kind_of(act: Act) -> str:
    return KINDS.get(type(act).__name__, "liste")


def ready_text_of(kind: str) -> str:
    """The participle agrees with the act: « le procès-verbal », but « la
    délibération » and « la liste »."""
    if kind == "proces-verbal":
        return "Prêt à être mis en ligne."
    return "Prête à être mise en ligne."


def panel_for(ctx: Context, **acts: Any) -> dict[str, Any]:
    """``acts`` names one act (``deliberation=``, ``proces_verbal=`` or
    ``liste=``); the template ``publication/includes/panel.html`` reads
    what this returns."""
    (act,) = acts.values()
    publication = publication_of(act)
    can_publish = access.can_publish_acts(ctx.actor)
    panel: dict[str, Any] = {
        "publication": publication,
        "can_publish": can_publish,
        "publish_refusal": "" if publication else refusal_of(act),
        "ready_text": ready_text_of(kind_of(act)),
        "publish_url": reverse(
            "publication:publish",
            kwargs={
                "collectivite": ctx.collectivite.slug,
                "kind": kind_of(act),
                "act_id": act.pk,
            },
        ),
        "withdraw_url": "",
        "withdrawable_from": None,
        "can_withdraw": False,
        "public_url": "",
    }
    if publication is not None:
        panel["withdraw_url"] = reverse(
            "publication:withdraw",
            kwargs={
                "collectivite": ctx.collectivite.slug,
                "publication_id": publication.pk,
            },
        )
        if publication.deliberation_id is None:
            until = withdrawable_from(publication)
            panel["withdrawable_from"] = until
            panel["can_withdraw"] = timezone.now() >= until
        panel["public_url"] = public_url_of(publication)
    return {"publication_panel": panel}


def public_url_of(publication: Any) -> str:
    slug = publication.collectivite.slug
    return reverse(
        f"public:{publication.kind.replace('-', '_')}",
        kwargs={"collectivite": slug, "publication_id": publication.pk},
    )
