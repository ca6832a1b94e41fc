"""A person's own data: what Quorum holds about them, to download."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from accounts.models import User
from accounts.personal_data import export_personal_data
from collectivites.models import Membership


def my_data(request: HttpRequest) -> HttpResponse:
    """GET explains; POST downloads (and is journaled: no GET writes)."""
    user: User = request.user  # type: ignore[assignment]
    if request.method == "POST":
        data = export_personal_data(user)
        response = HttpResponse(data, content_type="application/json")
        response["Content-Disposition"] = (
            f'attachment; filename="mes-donnees-quorum-{timezone.localdate():%Y-%m-%d}.json"'
        )
        return response
    memberships = Membership.objects.filter(user=user).select_related("collectivite")
    return render(request, "accounts/my_data.html", {"memberships": memberships})
