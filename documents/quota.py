"""How much a collectivité stores, and the limit it may not pass.

The quota counts the bytes of every version uploaded in the collectivité,
each content once (the same file sent twice weighs once), documents in the
trash included: their bytes are kept (``services.purge_trash``). Previews
and compiled dossiers are Quorum's own work and do not count.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.template.defaultfilters import filesizeformat

from collectivites.models import Collectivite
from documents.models import Blob
from domain.french import elide

MB = 1024 * 1024


@dataclass(frozen=True)
class Usage:
    used: int
    # In bytes; 0 for no limit.
    quota: int

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.used / self.quota)) if self.quota else 0

    @property
    def left(self) -> int:
        return max(0, self.quota - self.used)


def quota_of(collectivite: Collectivite) -> int:
    """The collectivité's limit in bytes: its own, else the platform's."""
    mb = collectivite.quota_mb
    if mb is None:
        mb = settings.QUORUM_QUOTA_MB
    return mb * MB


def usage_of(collectivite: Collectivite) -> Usage:
    used = (
        Blob.objects.filter(versions__document__collectivite=collectivite)
        .distinct()
        .aggregate(total=Sum("size"))["total"]
    )
    return Usage(used=used or 0, quota=quota_of(collectivite))


def check_quota(collectivite: Collectivite, sha256: str, size: int) -> None:
    """Refuse, before anything is stored, bytes that would take the
    collectivité past its limit; bytes it holds already weigh nothing."""
    quota = quota_of(collectivite)
    if not quota:
        return
    held = Blob.objects.filter(
        sha256=sha256, versions__document__collectivite=collectivite
    ).exists()
    if held:
        return
    usage = usage_of(collectivite)
    if usage.used + size > quota:
        raise ValidationError(
            f"L'espace de stockage {elide('de', collectivite.name)} est plein : ce fichier "
            f"({filesizeformat(size)}) ne tient pas dans les "
            f"{filesizeformat(usage.left)} qui restent sur {filesizeformat(quota)}. "
            "Le fichier n'a pas été enregistré. Demandez à la secrétaire de "
            "mairie de faire agrandir l'espace par l'équipe de "
            f"{settings.QUORUM_OPERATOR_NAME}."
        )
