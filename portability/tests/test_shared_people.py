from pathlib import Path

from accounts.models import User
from collectivites.models import Membership
from documents.models import Document
from journal.models import JournalEntry
from journal.services import verify
from portability.tests.conftest import (
    ArchiveData,
    export,
    import_,
    wipe,
)
from quorum.testing import PASSWORD, UserFactory


def test_secretaire_shared_by_two_communes_survives_export_and_import_of_one(
    archive_data: ArchiveData, tmp_path: Path
):
    p = archive_data.personas
    export("saint-test", tmp_path / "x.zip")
    wipe(p.commune)
    assert User.objects.filter(pk=p.secretaire.pk).exists()

    output = import_(tmp_path / "x.zip")

    assert f"{p.secretaire.email} existait déjà (même adresse e-mail)" in output
    assert User.objects.filter(email=p.secretaire.email).count() == 1
    places = Membership.objects.filter(user=p.secretaire)
    assert {m.collectivite.slug for m in places} == {"saint-test", "autre-test"}
    assert verify() == []


def test_account_with_the_same_email_under_another_id_is_reused_not_duplicated(
    archive_data: ArchiveData, tmp_path: Path
):
    former = archive_data.personas.former
    export("saint-test", tmp_path / "x.zip")
    wipe(archive_data.personas.commune)
    assert not User.objects.filter(pk=former.pk).exists()
    # The same person already has an account here, with a password of its own.
    existing = UserFactory(email=former.email.upper(), password="autre-mot-de-passe")

    output = import_(tmp_path / "x.zip")

    assert f"{existing.email} existait déjà (même adresse e-mail)" in output
    assert User.objects.filter(email__iexact=former.email).count() == 1
    assert not User.objects.filter(pk=former.pk).exists()
    membership = Membership.objects.get(collectivite__slug="saint-test", user=existing)
    assert membership.end_reason == "démission"
    existing.refresh_from_db()
    assert existing.check_password("autre-mot-de-passe")
    assert not existing.check_password(PASSWORD)
    assert verify() == []


def test_account_reused_under_another_id_takes_over_its_documents(
    archive_data: ArchiveData, tmp_path: Path
):
    adjointe = archive_data.personas.adjointe  # the author of the budget's v2
    export("saint-test", tmp_path / "x.zip")
    wipe(archive_data.personas.commune)
    existing = UserFactory(email=adjointe.email)

    import_(tmp_path / "x.zip")

    budget = Document.objects.get(pk=archive_data.budget.pk)
    assert budget.current_version.created_by == existing
    assert Membership.objects.get(collectivite__slug="saint-test", user=existing)


def test_account_named_by_the_journal_under_another_id_keeps_the_chain(
    archive_data: ArchiveData, tmp_path: Path
):
    maire = archive_data.personas.maire  # the journal names the maire as actor
    export("saint-test", tmp_path / "x.zip")
    wipe(archive_data.personas.commune)
    existing = UserFactory(email=maire.email)

    import_(tmp_path / "x.zip")

    assert verify() == []
    assert JournalEntry.objects.filter(actor=existing).exists()
