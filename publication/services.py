"""Putting an act online on the collectivité's public pages (L2131-1,
R2131-1, L2121-15, L2121-25), and taking it off.

Only an act in its final form is published: a délibération signed by the
president and the secrétaire de séance, a procès-verbal approved by the
council and signed by both, a list of délibérations. The copy put online
records its date, its author's name and capacity (R2131-1) and may mask
the personal data of third parties (RULES §11), the signed original
staying whole. A délibération à huis clos is published as its adopted text
alone; a procès-verbal never shows its points à huis clos.

Acts stay online for two months at least (the appeal delay runs from
then); délibérations stay for good.
"""

import io
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from actes.models import Deliberation, Signature
from collectivites.models import Collectivite, Membership
from documents.models import Blob
from documents.storage import store
from domain.french import elide
from domain.roles import ROLE_LABELS, Role
from journal.services import record
from minutes.models import ListeDeliberations, ProcesVerbal
from minutes.pdf import liste_pdf, proces_verbal_pdf
from publication import masking
from publication.documents import deliberation_copy_pdf, deliberation_texts
from publication.models import Publication

Act = Deliberation | ProcesVerbal | ListeDeliberations
SIGNERS = {Signature.Capacity.PRESIDENT, Signature.Capacity.SECRETAIRE}
MINIMUM_MONTHS = 2


def publication_of(act: Act) -> Publication | None:
    field = _field(act)
    return (
        Publication.objects.filter(**{field: act}, withdrawn_at__isnull=True)
        .order_by("-published_at")
        .first()
    )


def _field(act: Act) -> str:
    if isinstance(act, Deliberation):
        return "deliberation"
    if isinstance(act, ProcesVerbal):
        return "proces_verbal"
    return "liste"


def refusal_of(act: Act) -> str:
    """Why ``act`` cannot be put online yet, in French; empty when it can."""
    if isinstance(act, ProcesVerbal):
        if act.state != ProcesVerbal.State.APPROUVE:
            return "Le procès-verbal doit d'abord être approuvé par le conseil."
        if not _signed(act):
            return (
                "Le procès-verbal doit d'abord être signé par le maire et par "
                "le secrétaire de séance."
            )
    if isinstance(act, Deliberation):
        if act.item.huis_clos and act.outcome != Deliberation.Outcome.ADOPTEE:
            return (
                "Une délibération examinée à huis clos n'est publiée que si elle "
                "est adoptée, et seulement son texte adopté."
            )
        if act.pdf_id is None and not act.item.huis_clos:
            return "Le PDF de la délibération n'est pas encore prêt."
        if not _signed(act):
            return (
                "La délibération doit d'abord être signée par le président et "
                "par le secrétaire de séance."
            )
    return ""


def _signed(act: Deliberation | ProcesVerbal) -> bool:
    capacities = set(act.signatures.values_list("capacity", flat=True))
    return capacities >= SIGNERS


def author_of(collectivite: Collectivite) -> tuple[str, str]:
    """The maire who publishes the acts of the commune (R2131-1): first
    name, surname and capacity."""
    maire = (
        Membership.objects.current()
        .select_related("user")
        .filter(collectivite=collectivite, role=Role.MAIRE)
        .first()
    )
    if maire is None:
        return "", "Le maire"
    capacity = maire.function or ROLE_LABELS[Role.MAIRE]
    return maire.user.full_name, f"{capacity} {elide('de', collectivite.name)}"


def publish(act: Act, *, by: User, passages_text: str = "") -> Publication:
    """Put ``act`` online, with the passages of ``passages_text`` (one a
    line) masked in its copy. Refused with a French message when it is not
    final, already online, or a passage is found nowhere in it."""
    passages = masking.passages_of(passages_text)
    with transaction.atomic():
        locked = type(act).objects.select_for_update().get(pk=act.pk)
        if publication_of(locked) is not None:
            raise ValidationError("Cet acte est déjà en ligne.")
        refusal = refusal_of(locked)
        if refusal:
            raise ValidationError(refusal)
        if passages:
            absent = masking.missing(passages, _texts(locked))
            if absent:
                raise ValidationError(
                    {
                        "passages": "Ces passages ne figurent pas dans l'acte, "
                        "vérifiez-les : " + " ; ".join(absent)
                    }
                )
        name, capacity = author_of(locked.collectivite)
        publication = Publication.objects.create(
            collectivite=locked.collectivite,
            **{_field(locked): locked},
            pdf=_copy(locked, passages),
            masked=bool(passages),
            masked_passages="\n".join(passages),
            published_at=timezone.now(),
            published_by=by,
            author_name=name,
            author_capacity=capacity,
        )
        record(
            "act.published",
            collectivite=locked.collectivite,
            actor=by,
            target=publication,
            act=_field(locked),
            act_id=str(locked.pk),
            pdf_sha256=publication.pdf.sha256,
            masked=len(passages),
        )
    return publication


def _texts(act: Act) -> list[str]:
    if isinstance(act, Deliberation):
        return deliberation_texts(act)
    if isinstance(act, ProcesVerbal):
        return [act.body]
    return []


def _copy(act: Act, passages: list[str]) -> Blob:
    """The bytes put online: the signed PDF itself when nothing is left
    out of it, else a copy drawn for the public."""
    if isinstance(act, ListeDeliberations):
        if act.pdf_id is not None:
            return act.pdf  # type: ignore[return-value]
        return store(io.BytesIO(liste_pdf(act)))
    if isinstance(act, ProcesVerbal):
        original = act.signed_pdf or act.pdf
        if original is not None and not passages and not act.huis_clos_body.strip():
            return original
        return store(io.BytesIO(proces_verbal_pdf(act, public=True, masks=passages)))
    original = act.signed_pdf or act.pdf
    if original is not None and not passages and not act.item.huis_clos:
        return original
    return store(io.BytesIO(deliberation_copy_pdf(act, masks=passages)))


def withdrawable_from(publication: Publication) -> datetime:
    """Two months after it was put online (R2131-1)."""
    published = timezone.localtime(publication.published_at)
    month = published.month - 1 + MINIMUM_MONTHS
    year = published.year + month // 12
    month = month % 12 + 1
    day = min(published.day, _days_in(year, month))
    return published.replace(year=year, month=month, day=day)


def _days_in(year: int, month: int) -> int:
    import calendar  # noqa: PLC0415

    return calendar.monthrange(year, month)[1]


def withdraw(publication: Publication, *, by: User) -> Publication:
    """Take an act off the public pages: never a délibération, which stays
    online for good; another act only once its two months are over."""
    with transaction.atomic():
        locked = Publication.objects.select_for_update().get(pk=publication.pk)
        if locked.withdrawn_at is not None:
            raise ValidationError("Cet acte n'est plus en ligne.")
        if locked.deliberation_id is not None:
            raise ValidationError(
                "Une délibération reste en ligne pour de bon : elle ne peut pas "
                "être retirée."
            )
        until = withdrawable_from(locked)
        if timezone.now() < until:
            raise ValidationError(
                "Un acte reste en ligne au moins deux mois (article R2131-1 du "
                f"CGCT) : il pourra être retiré à partir du {until:%d/%m/%Y}."
            )
        locked.withdrawn_at = timezone.now()
        locked.save(update_fields=["withdrawn_at", "updated_at"])
        record(
            "act.withdrawn",
            collectivite=locked.collectivite,
            actor=by,
            target=locked,
        )
    return locked
