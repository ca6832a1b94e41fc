"""What the confirmation pages of the séances say before an action that
cannot be undone (``web.confirm``): withdrawing or postponing a point,
closing a commission's meeting. Each sentence says what will really
happen, in the words of the secrétaire."""

from seances.models import AgendaItem, Seance
from web.confirm import Confirmation
from web.french import date_format

Outcome = AgendaItem.Outcome
Status = Seance.Status


def needs_confirmation(outcome: str) -> bool:
    """Maintaining a point again undoes nothing: only a withdrawal or a
    postponement is asked twice."""
    return outcome in (Outcome.RETIRE, Outcome.REPORTE)


def outcome_confirmation(item: AgendaItem, outcome: str, back_url: str) -> Confirmation:
    seance = item.seance
    day = date_format(seance.local_start, "l j F Y")
    withdraw = outcome == Outcome.RETIRE
    verb = "Retirer" if withdraw else "Reporter"
    consequences = [
        (
            f"Le point ne sera pas examiné à la séance du {day} : il reste "
            f"affiché dans l'ordre du jour, marqué « {Outcome(outcome).label} »."
        )
    ]
    if withdraw:
        consequences.append(
            "Pour le présenter plus tard, il faudra l'ajouter à nouveau à "
            "l'ordre du jour d'une autre séance."
        )
    else:
        consequences.append(
            "Il sera à inscrire à l'ordre du jour d'une séance suivante, avec son "
            "projet et ses annexes."
        )
    if seance.status == Status.PREPARATION:
        consequences.append(
            "La convocation n'est pas encore envoyée : personne n'est prévenu."
        )
    elif seance.status == Status.CONVOQUEE:
        consequences.append(
            "La convocation est déjà envoyée : tous les membres convoqués seront "
            "prévenus par un message, quelques minutes après, avec les autres "
            "changements du dossier."
        )
    else:
        consequences.append(
            "La séance est en cours : le sort du point figurera au procès-verbal."
        )
    consequences.append(
        "Vous pourrez maintenir le point à nouveau tant que la séance n'est pas "
        "close, et aussi longtemps qu'il n'est pas voté."
    )
    return Confirmation(
        title=f"{verb} le point « {item.title} » ?",
        consequences=consequences,
        button=f"{verb} le point",
        back_url=back_url,
    )


def close_confirmation(seance: Seance, back_url: str) -> Confirmation:
    """Closing a commission's meeting (a council's is closed while it is
    held, ``proceedings``)."""
    return Confirmation(
        title=f"Clore la réunion du {date_format(seance.local_start, 'l j F Y')} ?",
        consequences=[
            "La réunion sera close : son ordre du jour ne pourra plus changer et "
            "le sort de ses points sera figé.",
            "Une réunion close ne peut pas être rouverte.",
        ],
        button="Clore la réunion",
        back_url=back_url,
    )
