"""Who asked for their convocations on paper, and where (CGCT L2121-10)."""

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from collectivites.access import ctx_of, require
from collectivites.models import Membership
from convocations.access import get_paper_member_for
from convocations.forms import PaperPreferenceForm
from convocations.models import ConvocationPreference
from convocations.services import set_paper_preference
from domain import access
from seances.views.common import acting, add_errors


def preference_list(request: HttpRequest, collectivite: str) -> HttpResponse:
    """The council's members and how each receives the convocation."""
    ctx = ctx_of(request)
    require(access.can_manage_paper_convocations(ctx.actor))

    members = (
        Membership.objects.current()
        .elus()
        .filter(collectivite=ctx.collectivite)
        .select_related("user")
    )
    preferences = {
        preference.membership_id: preference
        for preference in ConvocationPreference.objects.filter(membership__in=members)
    }
    rows = [(member, preferences.get(member.pk)) for member in members]
    return render(request, "convocations/preferences.html", {"rows": rows})


def preference_edit(
    request: HttpRequest, collectivite: str, membership_id: UUID
) -> HttpResponse:
    ctx = ctx_of(request)
    member = get_paper_member_for(ctx, membership_id)
    current = ConvocationPreference.objects.filter(membership=member).first()
    initial = (
        {"wants_paper": current.wants_paper, "postal_address": current.postal_address}
        if current
        else {}
    )

    form = PaperPreferenceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            set_paper_preference(
                member,
                by=acting(request),
                wants_paper=form.cleaned_data["wants_paper"],
                postal_address=form.cleaned_data["postal_address"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "La préférence est enregistrée.")
            return redirect("convocations:preferences", collectivite=collectivite)
    return render(
        request, "convocations/preference_form.html", {"form": form, "member": member}
    )
