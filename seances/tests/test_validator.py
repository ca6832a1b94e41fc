"""The maire validates; an adjoint validates only the point they report and
that the maire handed to them (CGCT L2122-18)."""

import html

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from domain.roles import Role
from quorum.testing import MembershipFactory, World
from seances.models import AgendaItem
from seances.services import add_item, change_item
from seances.tests.access_rows import make_seance
from seances.workflow import approve, request_review, save_draft

State = AgendaItem.State


def _approved(world: World, item: AgendaItem) -> AgendaItem:
    save_draft(item, by=world.personas.secretaire, based_on=0, articles="Article.")
    request_review(item, by=world.personas.secretaire)
    return approve(item, by=world.personas.adjointe)


def _point(world: World, *, handed: bool) -> AgendaItem:
    adjointe = world.memberships["adjointe"]
    return add_item(
        make_seance(world),
        by=world.personas.maire,
        title="Budget supplémentaire",
        kind=AgendaItem.Kind.DELIBERATION,
        rapporteur=adjointe,
        validator=adjointe if handed else None,
    )


def _validate(client: Client, world: World, item: AgendaItem) -> int:
    url = reverse(
        "seances:point_validate",
        kwargs={"collectivite": world.slug, "item_id": item.pk},
    )
    return client.post(url, {"revision": item.draft_revision}).status_code


def test_l2122_18_the_adjoint_rapporteur_handed_the_point_validates_it(
    client: Client, world: World
) -> None:
    item = _approved(world, _point(world, handed=True))
    client.force_login(world.personas.adjointe)

    assert _validate(client, world, item) == 302

    item.refresh_from_db()
    assert item.state == State.VALIDE


def test_l2122_18_the_adjoint_rapporteur_not_handed_the_point_cannot_validate_it(
    client: Client, world: World
) -> None:
    item = _approved(world, _point(world, handed=False))
    client.force_login(world.personas.adjointe)

    assert _validate(client, world, item) == 404

    item.refresh_from_db()
    assert item.state == State.RELECTURE


def test_l2122_18_the_validation_is_handed_only_to_the_adjoint_who_reports_it(
    client: Client, world: World
) -> None:
    other = MembershipFactory.create(collectivite=world.commune, role=Role.ADJOINT)
    seance = make_seance(world)
    with pytest.raises(ValidationError) as refused:
        add_item(
            seance,
            by=world.personas.maire,
            title="Voirie",
            kind=AgendaItem.Kind.DELIBERATION,
            rapporteur=world.memberships["adjointe"],
            validator=other,
        )
    assert "validator" in refused.value.error_dict
    client.force_login(world.personas.maire)

    response = client.post(
        reverse(
            "seances:point_create",
            kwargs={"collectivite": world.slug, "seance_id": seance.pk},
        ),
        {
            "title": "Voirie",
            "kind": "deliberation",
            "rapporteur": str(world.memberships["adjointe"].pk),
            "validator": str(other.pk),
        },
    )

    assert response.status_code == 200
    assert "Choisissez l&#x27;adjoint rapporteur du point" in response.content.decode()
    assert not seance.items.exists()


def test_l2122_18_a_new_rapporteur_takes_the_validation_back_to_the_maire(
    world: World,
) -> None:
    item = _point(world, handed=True)

    item = change_item(
        item,
        by=world.personas.secretaire,
        title=item.title,
        kind=item.kind,
        rapporteur=world.memberships["maire"],
        huis_clos=False,
        concerns_icpe=False,
        agents=[],
        validator=item.validator,
    )

    assert item.validator is None


def test_l2122_18_a_validator_other_than_the_rapporteur_is_refused_by_name(
    client: Client, world: World
) -> None:
    """Rapporteur one adjoint, validator another: refused, saying why, with
    everything typed kept."""
    other = MembershipFactory.create(collectivite=world.commune, role=Role.ADJOINT)
    seance = make_seance(world)
    client.force_login(world.personas.maire)

    response = client.post(
        reverse(
            "seances:point_create",
            kwargs={"collectivite": world.slug, "seance_id": seance.pk},
        ),
        {
            "title": "Voirie communale",
            "kind": "deliberation",
            "rapporteur": str(world.memberships["adjointe"].pk),
            "validator": str(other.pk),
        },
    )

    body = html.unescape(response.content.decode())
    assert f"{other.user.full_name} ne peut pas valider ce point" in body
    assert "CGCT L2122-18" in body
    assert 'value="Voirie communale"' in body
    assert not seance.items.exists()


def test_l2122_18_the_maires_choice_of_validator_shows_on_the_point(
    client: Client, world: World
) -> None:
    adjointe = world.memberships["adjointe"]
    seance = make_seance(world)
    client.force_login(world.personas.maire)

    response = client.post(
        reverse(
            "seances:point_create",
            kwargs={"collectivite": world.slug, "seance_id": seance.pk},
        ),
        {
            "title": "Voirie communale",
            "kind": "deliberation",
            "rapporteur": str(adjointe.pk),
            "validator": str(adjointe.pk),
        },
        follow=True,
    )

    item = seance.items.get()
    assert item.validator == adjointe
    assert f"Validation : {adjointe.user.full_name}" in html.unescape(
        response.content.decode()
    )


def test_l2122_18_a_validator_chosen_by_someone_else_than_the_maire_is_refused(
    client: Client, world: World
) -> None:
    """Not silently dropped: only the maire hands the validation."""
    adjointe = world.memberships["adjointe"]
    seance = make_seance(world)
    client.force_login(world.personas.secretaire)

    response = client.post(
        reverse(
            "seances:point_create",
            kwargs={"collectivite": world.slug, "seance_id": seance.pk},
        ),
        {
            "title": "Voirie communale",
            "kind": "deliberation",
            "rapporteur": str(adjointe.pk),
            "validator": str(adjointe.pk),
        },
    )

    body = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert "Seul le maire confie la validation d'un point à un adjoint" in body
    assert 'value="Voirie communale"' in body
    assert not seance.items.exists()
