from django.contrib.auth.decorators import login_not_required
from django.urls import path
from django.views.decorators.http import require_safe

from proceedings.views.display import public_collectivite
from publication.feeds import PublishedActsFeed
from publication.views import manage, public

app_name = "publication"

urlpatterns = [
    path(
        "<slug:collectivite>/publication/<str:kind>/<uuid:act_id>/",
        manage.publish_act,
        name="publish",
    ),
    path(
        "<slug:collectivite>/publication/<uuid:publication_id>/retirer/",
        manage.withdraw_publication,
        name="withdraw",
    ),
    # The lasting address of a délibération online, by the act itself (the
    # SCDL file's links): sent on to its publication's page.
    path(
        "<slug:collectivite>/public/deliberations/acte/<uuid:deliberation_id>/",
        public.deliberation_by_act,
        name="deliberation",
    ),
]

feed = login_not_required(public_collectivite(require_safe(PublishedActsFeed())))
