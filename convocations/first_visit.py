"""An élu's first visit from the convocation e-mail: straight to the dossier.

A councillor invited by the mairie who has never chosen a password would
otherwise meet a login form on the evening they open their first
convocation. The personal link logs them in instead, once: on the click
that records the first opening of that convocation (a POST, so that the
mail filters that follow links in advance spend nothing), for an active
account without a usable password, of a member still in office. Every
later visit, and anyone who has a password, goes through the login page,
which offers a login link by e-mail (``send_dossier_login_link``): a
personal link forwarded once cannot open the account twice.

A password can be chosen afterwards (``accounts:password_set``).
"""

from django.http import HttpRequest
from django.urls import reverse

from accounts.models import User
from accounts.ratelimit import allow_email_request
from accounts.tasks import send_login_link_email
from collectivites.models import Membership
from convocations.models import Delivery
from journal.services import record


def dossier_url(delivery: Delivery) -> str:
    """The member's own dossier of the séance, where the link lands."""
    seance = delivery.convocation.seance
    return reverse(
        "convocations:my_dossier",
        kwargs={"collectivite": seance.collectivite.slug, "seance_id": seance.pk},
    )


def may_log_in_by_link(delivery: Delivery, *, first_opening: bool) -> User | None:
    """The recipient to log in from this click, or None."""
    user = delivery.recipient.user
    if not first_opening or not user.is_active or user.has_usable_password():
        return None
    in_office = Membership.objects.current().filter(pk=delivery.recipient_id)
    return user if in_office.exists() else None


def record_first_visit_login(delivery: Delivery, user: User) -> None:
    record(
        "delivery.first_visit_login",
        collectivite=delivery.convocation.seance.collectivite,
        actor=user,
        target=delivery,
        convocation=str(delivery.convocation_id),
        recipient=str(delivery.recipient_id),
    )


def send_dossier_login_link(request: HttpRequest, delivery: Delivery) -> bool:
    """A login link to the recipient's address, landing on their dossier;
    false when too many were asked for this address within the hour."""
    email = delivery.recipient.user.email
    if not allow_email_request(request, "login_link", email):
        return False
    send_login_link_email.enqueue(email, next_url=dossier_url(delivery))
    return True
