"""The public pages of a collectivité, for anyone, without an account:
its séances to come with their agenda, and the acts it put online
(délibérations, procès-verbaux, lists of délibérations), each as a page
and as its PDF, searchable and paginated, with an Atom feed.

What they show comes from two places only: the séances of the council
convened (never a draft point, never the title of a point à huis clos),
and the ``Publication`` rows not withdrawn (``publication.access.published``).
"""

import re
from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import urljoin
from uuid import UUID

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_safe
from icalendar import Calendar, Event

from collectivites.models import Collectivite
from convocations.ics import EXPECTED_LENGTH, paris_zone, site_domain
from documents.storage import open_blob
from domain.french import elide
from minutes.pdf import liste_entries, proces_verbal_context
from proceedings.views.display import public_collectivite
from publication.access import public_collectivite_of, published
from publication.documents import HUIS_CLOS_TITLE, public_text
from publication.forms import SearchForm
from publication.masking import passages_of
from publication.models import Publication
from seances.models import PARIS, AgendaItem, Seance

PER_PAGE = 20
UPCOMING = (Seance.Status.CONVOQUEE, Seance.Status.EN_COURS)
_NUMBER = re.compile(r"^\s*(\d{4})\s*[-_/ ]\s*(\d{1,5})\s*$")
_DAY = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*$")


def public_page(view: Any) -> Any:
    """Reached by anyone, logged in or not, under any collectivité's slug."""
    return login_not_required(public_collectivite(require_safe(view)))


def upcoming_seances(collectivite: Collectivite) -> QuerySet[Seance]:
    """The séances of the council convened and not yet held, with the points
    they were convened on. Two queries."""
    since = timezone.now() - timedelta(hours=12)
    points = AgendaItem.objects.filter(state=AgendaItem.State.INSCRIT).order_by(
        "parent__position", "position"
    )
    return (
        Seance.objects.filter(
            collectivite=collectivite,
            workspace__isnull=True,
            status__in=UPCOMING,
            starts_at__gte=since,
        )
        .select_related("collectivite")
        .prefetch_related(Prefetch("items", queryset=points, to_attr="convened"))
        .order_by("starts_at")
    )


def agenda_title(item: AgendaItem) -> str:
    return "Point examiné à huis clos" if item.huis_clos else item.title


@public_page
def index(request: HttpRequest, collectivite: str) -> HttpResponse:
    town = public_collectivite_of(collectivite)
    latest = published(town)[:5]
    return render(
        request,
        "publication/public/index.html",
        {
            "town": town,
            "seances": upcoming_seances(town)[:3],
            "latest": [_entry(publication) for publication in latest],
        },
    )


@public_page
def seances(request: HttpRequest, collectivite: str) -> HttpResponse:
    town = public_collectivite_of(collectivite)
    return render(
        request,
        "publication/public/seances.html",
        {"town": town, "seances": upcoming_seances(town)},
    )


@public_page
def seances_ics(request: HttpRequest, collectivite: str) -> HttpResponse:
    town = public_collectivite_of(collectivite)
    today = timezone.localdate()
    events = []
    for seance in upcoming_seances(town):
        link = urljoin(settings.SITE_URL, _url("public:seances", town))
        agenda = "\n".join(
            f"{number}. {agenda_title(item)}"
            for number, item in enumerate(seance.convened, start=1)
        )
        events.append(
            Event.new(
                uid=f"seance-{seance.pk}@{site_domain()}",
                stamp=timezone.now(),
                start=seance.local_start,
                end=seance.local_start + EXPECTED_LENGTH,
                summary=f"{seance.title} {elide('de', town.name)}",
                location=seance.place,
                description=f"Ordre du jour :\n{agenda}\n\n{link}",
                url=link,
            )
        )
    calendar = Calendar.new(
        prodid="-//Quorum//Séances publiques//FR",
        method="PUBLISH",
        name=f"Séances du conseil — {town.name}",
        subcomponents=[
            paris_zone(today, today + timedelta(days=400)),
            *events,
        ],
    )
    response = HttpResponse(
        calendar.to_ical(), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="seances.ics"'
    return response


def _url(name: str, town: Collectivite, **kwargs: Any) -> str:
    from django.urls import reverse  # noqa: PLC0415

    return reverse(name, kwargs={"collectivite": town.slug, **kwargs})


# --- The acts put online --------------------------------------------------------


def _entry(publication: Publication) -> dict[str, Any]:
    """What a list shows of one act: never the title of a point à huis clos."""
    act = publication.act
    seance = act.seance
    if publication.deliberation_id:
        deliberation = publication.act
        title = (
            HUIS_CLOS_TITLE
            if deliberation.item.huis_clos
            else public_text(
                deliberation, passages_of(publication.masked_passages)
            ).title
        )
        label = f"Délibération n° {deliberation.display_number} : {title}"
        name = "public:deliberation"
        put_online = "mise en ligne"
    elif publication.proces_verbal_id:
        label = f"Procès-verbal de la séance du {seance.local_start:%d/%m/%Y}"
        name = "public:proces_verbal"
        put_online = "mis en ligne"
    else:
        label = f"Liste des délibérations de la séance du {seance.local_start:%d/%m/%Y}"
        name = "public:liste"
        put_online = "mise en ligne"
    return {
        "publication": publication,
        "label": label,
        # Agrees with the head noun: « délibération », « liste » are feminine.
        "put_online": put_online,
        "seance": seance,
        "url": _url(name, publication.collectivite, publication_id=publication.pk),
        "pdf_url": _url(
            name + "_pdf", publication.collectivite, publication_id=publication.pk
        ),
    }


def _search(
    request: HttpRequest, queryset: QuerySet[Publication], prefix: str
) -> tuple[SearchForm, QuerySet[Publication]]:
    """By number (« 2026-012 »), day of the séance (« 12/11/2026 »), year,
    or words of the title (never the hidden title of a point à huis clos)."""
    form = SearchForm(request.GET or None)
    if not form.is_valid():
        return form, queryset.none() if form.is_bound else queryset
    words = form.cleaned_data.get("q") or ""
    year = form.cleaned_data.get("annee")
    if year:
        queryset = queryset.filter(**{f"{prefix}__seance__starts_at__year": year})
    if not words:
        return form, queryset
    number = _NUMBER.match(words)
    day = _DAY.match(words)
    if number and prefix == "deliberation":
        return form, queryset.filter(
            deliberation__year=int(number[1]), deliberation__sequence=int(number[2])
        )
    if day:
        try:
            on = date(int(day[3]), int(day[2]), int(day[1]))
        except ValueError:
            form.add_error("q", "Cette date n'existe pas : écrivez-la jj/mm/aaaa.")
            return form, queryset.none()
        start = datetime.combine(on, datetime.min.time(), tzinfo=PARIS)
        return form, queryset.filter(
            **{
                f"{prefix}__seance__starts_at__gte": start,
                f"{prefix}__seance__starts_at__lt": start + timedelta(days=1),
            }
        )
    if prefix == "deliberation":
        return form, queryset.filter(
            Q(deliberation__title__icontains=words)
            & Q(deliberation__item__huis_clos=False)
        )
    return form, queryset.none()


def _listing(
    request: HttpRequest, collectivite: str, prefix: str, heading: str
) -> HttpResponse:
    town = public_collectivite_of(collectivite)
    queryset = published(town).filter(**{f"{prefix}__isnull": False})
    form, queryset = _search(request, queryset, prefix)
    page: Page[Publication] = Paginator(
        queryset.order_by(f"-{prefix}__seance__starts_at", "-published_at"), PER_PAGE
    ).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "publication/public/list.html",
        {
            "town": town,
            "heading": heading,
            "prefix": prefix,
            "form": form,
            "page": page,
            "entries": [_entry(publication) for publication in page],
            "query": query.urlencode(),
        },
    )


@public_page
def deliberations(request: HttpRequest, collectivite: str) -> HttpResponse:
    return _listing(request, collectivite, "deliberation", "Délibérations")


@public_page
def proces_verbaux(request: HttpRequest, collectivite: str) -> HttpResponse:
    return _listing(request, collectivite, "proces_verbal", "Procès-verbaux")


@public_page
def listes(request: HttpRequest, collectivite: str) -> HttpResponse:
    return _listing(
        request, collectivite, "liste", "Listes des délibérations examinées"
    )


def _publication(collectivite: str, publication_id: UUID, field: str) -> Publication:
    town = public_collectivite_of(collectivite)
    publication = (
        published(town).filter(pk=publication_id, **{f"{field}__isnull": False}).first()
    )
    if publication is None:
        raise Http404
    return publication


@public_page
def deliberation(
    request: HttpRequest, collectivite: str, publication_id: UUID
) -> HttpResponse:
    publication = _publication(collectivite, publication_id, "deliberation")
    act = publication.act
    masks = passages_of(publication.masked_passages)
    return render(
        request,
        "publication/public/deliberation.html",
        {
            **_entry(publication),
            "town": publication.collectivite,
            "deliberation": act,
            "text": public_text(act, masks),
        },
    )


@public_page
def deliberation_by_act(
    request: HttpRequest, collectivite: str, deliberation_id: UUID
) -> HttpResponse:
    town = public_collectivite_of(collectivite)
    publication = published(town).filter(deliberation=deliberation_id).first()
    if publication is None:
        raise Http404
    return redirect(_entry(publication)["url"])


@public_page
def proces_verbal(
    request: HttpRequest, collectivite: str, publication_id: UUID
) -> HttpResponse:
    publication = _publication(collectivite, publication_id, "proces_verbal")
    act = publication.act
    masks = passages_of(publication.masked_passages)
    context = proces_verbal_context(act, public=True, masks=masks)
    return render(
        request,
        "publication/public/proces_verbal.html",
        {
            **_entry(publication),
            "town": publication.collectivite,
            "body": context["body"],
        },
    )


@public_page
def liste(
    request: HttpRequest, collectivite: str, publication_id: UUID
) -> HttpResponse:
    publication = _publication(collectivite, publication_id, "liste")
    act = publication.act
    return render(
        request,
        "publication/public/liste.html",
        {
            **_entry(publication),
            "town": publication.collectivite,
            "entries": liste_entries(act),
        },
    )


def _pdf(publication: Publication, filename: str) -> FileResponse:
    response = FileResponse(
        open_blob(publication.pdf),
        as_attachment=False,
        filename=filename,
        content_type="application/pdf",
    )
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@public_page
def deliberation_pdf(
    request: HttpRequest, collectivite: str, publication_id: UUID
) -> FileResponse:
    publication = _publication(collectivite, publication_id, "deliberation")
    number = publication.act.display_number
    return _pdf(publication, f"Délibération {number}.pdf")


@public_page
def proces_verbal_pdf(
    request: HttpRequest, collectivite: str, publication_id: UUID
) -> FileResponse:
    publication = _publication(collectivite, publication_id, "proces_verbal")
    day = publication.act.seance.local_start.date().isoformat()
    return _pdf(publication, f"Procès-verbal {day}.pdf")


@public_page
def liste_pdf(
    request: HttpRequest, collectivite: str, publication_id: UUID
) -> FileResponse:
    publication = _publication(collectivite, publication_id, "liste")
    day = publication.act.seance.local_start.date().isoformat()
    return _pdf(publication, f"Liste des délibérations {day}.pdf")
