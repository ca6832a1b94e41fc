"""The ACTES identifier and the checks of an acknowledgement (RULES §6.4,
§7, §8.3; CGCT L2131-1, L2131-2)."""

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.deliberations import vote_sentence
from domain.departements import departement_label
from domain.transmission import (
    Acknowledgement,
    TransmissionError,
    actes_identifier,
    check_acknowledgement,
    departement_code,
    is_actes_identifier,
    must_transmit,
)

DAY = date(2026, 1, 15)


@pytest.mark.parametrize(
    ("insee", "code"),
    [
        ("38185", "038"),
        ("01053", "001"),
        ("2A004", "02A"),
        ("2B033", "02B"),
        ("97411", "974"),
    ],
)
def test_departement_code(insee: str, code: str) -> None:
    assert departement_code(insee) == code


@pytest.mark.parametrize("insee", ["", "3818", "XX185"])
def test_departement_code_refuses_what_is_not_insee(insee: str) -> None:
    with pytest.raises(TransmissionError):
        departement_code(insee)


def test_actes_identifier_of_rules_example() -> None:
    assert (
        actes_identifier(
            insee_code="38185",
            siren="213801234",
            decided_on=DAY,
            number="2026_012",
            nature="1",
        )
        == "038-213801234-20260115-2026_012-DE"
    )


def test_actes_identifier_refuses_a_hyphenated_number() -> None:
    with pytest.raises(TransmissionError):
        actes_identifier(
            insee_code="38185",
            siren="213801234",
            decided_on=DAY,
            number="2026-012",
            nature="1",
        )


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    sequence=st.integers(min_value=1, max_value=999),
    day=st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)),
    nature=st.sampled_from(["1", "2", "3", "4", "5", "6"]),
)
def test_every_identifier_matches_the_actes_form(
    sequence: int, day: date, nature: str
) -> None:
    identifier = actes_identifier(
        insee_code="2A004",
        siren="212000046",
        decided_on=day,
        number=f"{day.year}_{sequence:03d}",
        nature=nature,
    )
    assert is_actes_identifier(identifier)


def test_deliberations_go_to_the_prefet_unless_exempted_l2131_2() -> None:
    assert must_transmit("1")
    assert not must_transmit("1", exempted=True)
    assert not must_transmit("6")


def _errors(**values: object) -> dict[str, str]:
    ack = Acknowledgement(
        values.get("sent_on"), values.get("acknowledged_on"), values.get("ack_id", "")
    )
    return dict(
        check_acknowledgement(ack, decided_on=DAY, today=DAY + timedelta(days=10))
    )


def test_a_complete_acknowledgement_passes() -> None:
    assert (
        _errors(sent_on=DAY, acknowledged_on=DAY + timedelta(days=1), ack_id="AR") == {}
    )


def test_acknowledgement_before_the_deliberation_is_refused() -> None:
    errors = _errors(
        sent_on=DAY - timedelta(days=2),
        acknowledged_on=DAY - timedelta(days=1),
        ack_id="AR",
    )
    assert "précéder la délibération" in errors["acknowledged_on"]
    assert "précéder la délibération" in errors["sent_on"]


def test_acknowledgement_before_the_sending_is_refused() -> None:
    errors = _errors(
        sent_on=DAY + timedelta(days=3),
        acknowledged_on=DAY + timedelta(days=2),
        ack_id="AR",
    )
    assert (
        errors["acknowledged_on"]
        == "L'accusé de réception ne peut pas précéder l'envoi."
    )


def test_a_date_in_the_future_is_refused() -> None:
    assert "futur" in _errors(sent_on=DAY + timedelta(days=11))["sent_on"]


def test_acknowledgement_needs_its_identifier_and_its_sending() -> None:
    errors = _errors(acknowledged_on=DAY)
    assert "acknowledgement_id" in errors
    assert "sent_on" in errors


def test_vote_sentences_rules_7() -> None:
    assert vote_sentence(pour=12, contre=0, abstentions=0) == "à l'unanimité"
    assert (
        vote_sentence(
            pour=8, contre=3, abstentions=2, not_taking_part=["Isabelle Fournier"]
        )
        == "par 8 voix pour, 3 voix contre et 2 abstentions "
        "(Isabelle Fournier n'ayant pas pris part au vote)"
    )
    assert vote_sentence(pour=9, contre=4, abstentions=1, secret=True) == (
        "au scrutin secret, par 9 voix pour, 4 voix contre et 1 bulletin blanc ou nul"
    )
    assert "voix du président étant prépondérante" in vote_sentence(
        pour=5, contre=5, abstentions=0, casting_vote=True
    )


@pytest.mark.parametrize(
    ("insee", "label"),
    [
        ("38185", "Isère (38)"),
        ("01053", "Ain (01)"),
        ("2A004", "Corse-du-Sud (2A)"),
        ("2B033", "Haute-Corse (2B)"),
        ("97411", "La Réunion (974)"),
        ("97501", "Département 975"),
        ("XX185", ""),
    ],
)
def test_an_act_names_its_departement_by_its_usual_number(
    insee: str, label: str
) -> None:
    assert departement_label(insee) == label
