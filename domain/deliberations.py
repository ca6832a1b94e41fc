"""The wording of a délibération's result (RULES §7, item 6), from its
counts: "à l'unanimité", or "par X voix pour, Y voix contre et Z
abstentions", with those who did not take part named."""

from collections.abc import Sequence


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count <= 1 else many}"


def vote_sentence(
    *,
    pour: int,
    contre: int,
    abstentions: int,
    not_taking_part: Sequence[str] = (),
    secret: bool = False,
    casting_vote: bool = False,
) -> str:
    """The result as the délibération states it after "Après en avoir
    délibéré, le conseil municipal, …"."""
    if contre == 0 and abstentions == 0 and pour > 0 and not secret:
        text = "à l'unanimité"
    else:
        text = f"par {pour} voix pour, {contre} voix contre"
        blank = "bulletin blanc ou nul" if secret else "abstention"
        blanks = "bulletins blancs ou nuls" if secret else "abstentions"
        text += f" et {_plural(abstentions, blank, blanks)}"
        if secret:
            text = f"au scrutin secret, {text}"
    if casting_vote:
        text += ", la voix du président étant prépondérante (CGCT L2121-20)"
    if not_taking_part:
        text += f" ({', '.join(not_taking_part)} n'ayant pas pris part au vote)"
    return text
