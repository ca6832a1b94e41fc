"""The background work of the minutes: the PDF of a list of délibérations."""

from django.tasks import task

from minutes.models import ListeDeliberations


@task()
def render_liste(liste_id: str) -> None:
    from minutes.services import render_liste_pdf  # noqa: PLC0415 - cycle

    liste = (
        ListeDeliberations.objects.select_related("seance__collectivite")
        .filter(pk=liste_id)
        .first()
    )
    if liste is not None:
        render_liste_pdf(liste)
