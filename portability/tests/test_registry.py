"""The registry cannot forget a model, nor list one in an order or by a path
that the import could not follow."""

import uuid
from collections import Counter
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import models

from collectivites.models import Collectivite
from portability.registry import EXCLUDED, REGISTRY, Part


def project_models() -> list[type[models.Model]]:
    """The models of the apps that live in this repository."""
    root = Path(settings.BASE_DIR).resolve()
    return [
        model
        for config in apps.get_app_configs()
        if Path(config.path).resolve().parent == root
        for model in config.get_models()
    ]


def forgotten(registry: list[Part], excluded: dict[str, str]) -> list[str]:
    known = {part.key for part in registry} | {
        apps.get_model(label)._meta.label_lower for label in excluded
    }
    return sorted(
        model._meta.label_lower
        for model in project_models()
        if model._meta.label_lower not in known
    )


def relations(part: Part) -> list[models.Field]:
    opts = part.model._meta
    return [
        field
        for field in [*opts.local_fields, *opts.local_many_to_many]
        if field.is_relation and field.name not in part.exclude
    ]


def test_every_project_model_is_exported_or_excluded_with_a_reason():
    assert forgotten(REGISTRY, EXCLUDED) == [], (
        "add these models to portability/registry.py: REGISTRY, or EXCLUDED "
        "with the reason why they do not travel"
    )


def test_a_model_left_out_of_the_registry_is_caught():
    without_journal = [p for p in REGISTRY if p.key != "journal.journalentry"]

    assert forgotten(without_journal, EXCLUDED) == ["journal.journalentry"]


def test_the_known_project_apps_are_all_checked():
    labels = {model._meta.app_label for model in project_models()}

    assert {"accounts", "collectivites", "documents", "journal"} <= labels


def test_no_model_is_listed_twice_nor_both_exported_and_excluded():
    keys = Counter(part.key for part in REGISTRY)
    excluded = {apps.get_model(label)._meta.label_lower for label in EXCLUDED}

    assert [key for key, n in keys.items() if n > 1] == []
    assert excluded & set(keys) == set()
    assert all(reason.strip() for reason in EXCLUDED.values())


def test_excluded_fields_exist():
    for part in REGISTRY:
        names = {field.name for field in part.model._meta.get_fields()}
        assert set(part.exclude) <= names, part.label


def test_every_model_comes_after_the_models_its_required_relations_need():
    position = {part.model: i for i, part in enumerate(REGISTRY)}
    late = [
        f"{part.label}.{field.name}"
        for i, part in enumerate(REGISTRY)
        for field in relations(part)
        if not field.null
        and not field.many_to_many
        and position.get(field.related_model, len(REGISTRY)) >= i
    ]

    assert late == []


def test_every_relation_of_an_exported_model_leads_to_an_exported_model():
    exported = {part.model for part in REGISTRY}
    outside = [
        f"{part.label}.{field.name} → {field.related_model._meta.label}"
        for part in REGISTRY
        for field in relations(part)
        if field.related_model not in exported
    ]

    assert outside == [], "export the target too, or exclude the field"


def test_every_owned_path_leads_to_the_collectivite():
    for part in REGISTRY:
        if part.is_shared:
            continue
        model = part.model
        for name in part.path.split("__"):
            field = model._meta.pk if name == "pk" else model._meta.get_field(name)
            model = field.related_model or model
        assert model is Collectivite, part.label


def test_every_owned_path_is_a_valid_query(db: None):
    for part in REGISTRY:
        if not part.is_shared:
            assert list(part.owned_rows(uuid.uuid4())) == []
