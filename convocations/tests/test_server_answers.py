"""A mail server's refusal, as the secrétaire reads it on the delivery
pages: what it means in words, then the answer kept as proof."""

import pytest

from convocations.sending import explained


@pytest.mark.parametrize(
    ("answer", "words"),
    [
        (
            "550 5.1.1 <karim@example.org>: User unknown in virtual mailbox table",
            "Cette adresse n'existe pas chez son fournisseur de messagerie",
        ),
        ("552 5.2.2 Mailbox full", "La boîte aux lettres du destinataire est pleine"),
        (
            "554 5.7.1 Message rejected as spam",
            "Le serveur du destinataire a pris le message pour un indésirable",
        ),
        (
            "451 4.2.2 Try again later",
            "Le serveur du destinataire demande de réessayer plus tard",
        ),
        ("550 Rejected", "Le serveur du destinataire a refusé le message"),
    ],
)
def test_a_refusal_says_what_it_means_and_keeps_the_answer(answer, words):
    text = explained(answer)
    assert text.startswith(words)
    assert text.endswith(f"(réponse du serveur : {answer})")


def test_a_message_that_is_not_a_server_answer_is_left_as_it_is():
    text = "Refusée temporairement 5 fois : 451 4.2.2 Try again"
    assert explained(text) == text
    assert explained("") == ""
