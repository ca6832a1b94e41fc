from django.conf import settings
from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Quorum — administration technique"

urlpatterns = [
    path("admin-technique/", admin.site.urls),
    path("", include("accounts.urls")),
    # Before the collectivités: the personal link of a convocation is not
    # under a slug.
    # Before the convocations: "aide/mes-seances/" is a help page, not the
    # séances of a collectivité named "aide".
    path("", include("guide.urls")),
    path("", include("convocations.urls")),
    # Before the collectivités too: the calendar feed is not under a slug.
    path("", include("overview.urls")),
    # Routes of a collectivité come last: their first segment is its slug.
    path("", include("collectivites.urls")),
    path("", include("documents.urls")),
    path("", include("discussions.urls")),
    path("", include("notifications.urls")),
    path("", include("seances.urls")),
    path("", include("proceedings.urls")),
    path("", include("actes.urls")),
    path("", include("minutes.urls")),
    path("", include("publication.urls")),
    path("", include("publication.public_urls")),
    path("", include("previews.urls")),
    path("", include("dossiers.urls")),
    path("", include("search.urls")),
    path("", include("journal.urls")),
    path("", include("publication.opendata")),
    path("", include("web.urls")),
]
if settings.QUORUM_BENCH_CEILING:
    from bench.ceiling import ceiling

    # First: "banc-essai" would otherwise be taken for a collectivité's slug.
    urlpatterns.insert(0, path("banc-essai/plafond/", ceiling, name="bench_ceiling"))
