from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.utils.decorators import method_decorator

from accounts.forms import LoginForm
from accounts.login_flow import continue_login


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    """The password, then the second step for those who have one."""

    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form: LoginForm) -> HttpResponse:  # type: ignore[override]
        user = form.get_user()
        return continue_login(
            self.request,
            user,
            backend=user.backend,  # type: ignore[attr-defined]
            next_url=self.get_success_url(),
            via="password",
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["proconnect"] = settings.QUORUM_PROCONNECT
        return context


class LogoutView(auth_views.LogoutView):
    pass
