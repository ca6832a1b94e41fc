"""Help pages, the glossary, the display settings and the guided tour."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST, require_safe

from guide import reading
from guide.forms import DisplayForm
from guide.glossary import ENTRIES
from guide.help import BY_SLUG, PAGES


@login_not_required
@require_safe
def help_index(request: HttpRequest) -> HttpResponse:
    return render(request, "guide/help_index.html", {"pages": PAGES})


@login_not_required
@require_safe
def help_page(request: HttpRequest, slug: str) -> HttpResponse:
    page = BY_SLUG.get(slug)
    if page is None:
        raise Http404
    return render(request, "guide/help_page.html", {"page": page})


@login_not_required
@require_safe
def glossary(request: HttpRequest) -> HttpResponse:
    return render(request, "guide/glossary.html", {"entries": ENTRIES})


def display(request: HttpRequest) -> HttpResponse:
    current = reading.settings_for(request.user)  # type: ignore[arg-type]
    form = DisplayForm(
        request.POST or None,
        initial={
            "text_size": current.text_size,
            "high_contrast": current.high_contrast,
            "scheme": current.scheme,
        },
    )
    if request.method == "POST" and form.is_valid():
        reading.save_display(request, **form.cleaned_data)
        messages.success(
            request, "Votre affichage est enregistré, sur tous vos appareils."
        )
        return redirect("guide:display")
    return render(request, "guide/display.html", {"form": form})


@require_POST
def tour_done(request: HttpRequest) -> HttpResponse:
    """The tour was finished or skipped. The script posts it in the
    background (204); without the script, the form sends the person back."""
    reading.finish_tour(request)
    if request.headers.get("X-Requested-With") == "fetch":
        return HttpResponse(status=204)
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = "/"
    return redirect(back)
