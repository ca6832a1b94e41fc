"""The acts a collectivité put online, as an Atom feed (RFC 4287)."""

from datetime import datetime

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from collectivites.models import Collectivite
from publication.access import public_collectivite_of, published
from publication.models import Publication
from publication.views.public import _entry

LATEST = 30


class PublishedActsFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, collectivite: str) -> Collectivite:
        return public_collectivite_of(collectivite)

    def title(self, obj: Collectivite) -> str:
        return f"Actes publiés — {obj.name}"

    def subtitle(self, obj: Collectivite) -> str:
        return (
            f"Délibérations, procès-verbaux et listes des délibérations mis en "
            f"ligne par {obj.name}"
        )

    def link(self, obj: Collectivite) -> str:
        return reverse("public:index", kwargs={"collectivite": obj.slug})

    def items(self, obj: Collectivite) -> list[Publication]:
        return list(published(obj).order_by("-published_at")[:LATEST])

    def item_title(self, item: Publication) -> str:
        return str(_entry(item)["label"])

    def item_description(self, item: Publication) -> str:
        put_online = str(_entry(item)["put_online"]).capitalize()
        return (
            f"{put_online} le {item.published_at:%d/%m/%Y} par {item.author_name}, "
            f"{item.author_capacity}."
        )

    def item_link(self, item: Publication) -> str:
        return str(_entry(item)["url"])

    def item_pubdate(self, item: Publication) -> datetime:
        return item.published_at

    def item_updateddate(self, item: Publication) -> datetime:
        return item.published_at

    def item_author_name(self, item: Publication) -> str:
        return item.author_name
