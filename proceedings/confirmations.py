"""What the confirmation pages of a séance being held say before it is
closed (``web.confirm``): closing cannot be undone."""

from datetime import datetime

from django.utils import timezone
from django.utils.formats import time_format

from seances.models import Seance
from web.confirm import Confirmation


def close_confirmation(
    seance: Seance, at: datetime | None, back_url: str
) -> Confirmation:
    when = time_format(timezone.localtime(at), "H\\hi") if at else "maintenant"
    return Confirmation(
        title="Clore la séance ?",
        consequences=[
            f"La séance sera close ({when}) : plus aucun point ne pourra être "
            "ouvert ni voté.",
            "Les délibérations votées prendront leur numéro définitif et leur "
            "document sera préparé, prêt à signer.",
            "Toute correction d'un vote ou des présences demandera ensuite un "
            "motif, inscrit au journal.",
            "Une séance close ne peut pas être rouverte.",
        ],
        button="Clore la séance",
        back_url=back_url,
    )


def quorum_failed_confirmation(seance: Seance, back_url: str) -> Confirmation:
    return Confirmation(
        title="Clore la séance faute de quorum ?",
        consequences=[
            "La séance sera close sans délibérer : le quorum n'est pas atteint "
            "(CGCT L2121-17).",
            "Une nouvelle séance sera préparée sur les points non examinés, au "
            "moins trois jours francs plus tard ; le quorum n'y sera pas exigé.",
            "Vous devrez vérifier cette nouvelle séance, puis envoyer sa "
            "convocation à tous les membres du conseil.",
            "Une séance close ne peut pas être rouverte.",
        ],
        button="Clore faute de quorum",
        back_url=back_url,
    )
