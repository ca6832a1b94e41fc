from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Quorum — administration technique"

urlpatterns = [
    path("admin-technique/", admin.site.urls),
    path("", include("accounts.urls")),
    # Before the collectivités: the personal link of a convocation is not
    # under a slug.
    path("", include("convocations.urls")),
    # Routes of a collectivité come last: their first segment is its slug.
    path("", include("collectivites.urls")),
    path("", include("documents.urls")),
    path("", include("discussions.urls")),
    path("", include("notifications.urls")),
    path("", include("seances.urls")),
    path("", include("previews.urls")),
    path("", include("dossiers.urls")),
    path("", include("search.urls")),
    path("", include("web.urls")),
]
