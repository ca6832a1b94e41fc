"""The link of an invitation: the new member chooses a password and lands,
logged in, on the dashboard of the collectivité that invited them."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.db import transaction
from django.http import HttpResponse
from django.urls import reverse
from django.utils.decorators import method_decorator

from accounts.forms import ChoosePasswordForm
from accounts.login_flow import EMAIL_BACKEND, continue_login
from accounts.models import User
from accounts.services import accept_invitation
from collectivites.models import Membership


@method_decorator(login_not_required, name="dispatch")
class InvitationView(auth_views.PasswordResetConfirmView):
    form_class = ChoosePasswordForm
    template_name = "accounts/invitation.html"

    def get_user(self, uidb64: str) -> User | None:
        user = super().get_user(uidb64)
        return user if user is not None and user.is_active else None

    def form_valid(self, form: ChoosePasswordForm) -> HttpResponse:  # type: ignore[override]
        with transaction.atomic():
            super().form_valid(form)
            accept_invitation(user=form.user, slug=self.kwargs["slug"])
        messages.success(
            self.request,
            "Votre mot de passe est enregistré. Bienvenue dans Quorum !",
        )
        # A maire or a secrétaire then sets up the second factor first.
        return continue_login(
            self.request,
            form.user,
            backend=EMAIL_BACKEND,
            next_url=self.get_success_url(),
            via="invitation",
        )

    def get_success_url(self) -> str:
        membership = (
            Membership.objects.current()
            .select_related("collectivite")
            .filter(user=self.user, collectivite__slug=self.kwargs["slug"])
            .first()
        )
        if membership is None:
            return reverse("web:home")
        return membership.collectivite.get_absolute_url()
