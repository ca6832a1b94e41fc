import pytest
from django.core.management import CommandError, call_command

from journal.models import JournalEntry
from journal.services import record, verify
from quorum.testing import Personas

pytestmark = pytest.mark.django_db


@pytest.fixture
def entries(personas: Personas) -> list[JournalEntry]:
    return [
        record("test.event", collectivite=personas.commune, actor=personas.maire, n=i)
        for i in range(4)
    ] + [record("test.event", collectivite=personas.other, n=9)]


def run_verify(capsys) -> str:
    """What ``make verify-journal`` prints on its error stream; it fails."""
    with pytest.raises(CommandError, match="altéré"):
        call_command("verify_journal")
    return capsys.readouterr().err


def test_an_untouched_journal_verifies(entries, capsys):
    assert verify() == []
    call_command("verify_journal")
    assert "Journal intact : 5 entrée(s)" in capsys.readouterr().out


def test_a_changed_entry_is_named(entries, capsys):
    JournalEntry.objects.filter(pk=entries[1].pk).update(data={"n": 42})
    err = run_verify(capsys)
    assert [b.entry_id for b in verify()] == [entries[1].pk]
    assert f"Entrée n° {entries[1].pk} (test.event" in err
    assert "a été modifié" in err


def test_a_changed_entry_whose_hash_was_recomputed_breaks_the_next(entries, capsys):
    forged = JournalEntry.objects.get(pk=entries[1].pk)
    forged.data = {"n": 42}
    forged.hash = forged.compute_hash()
    JournalEntry.objects.filter(pk=forged.pk).update(data=forged.data, hash=forged.hash)
    err = run_verify(capsys)
    assert [b.entry_id for b in verify()] == [entries[2].pk]
    assert f"Entrée n° {entries[2].pk}" in err
    assert f"après n° {entries[1].pk}, a été supprimée ou modifiée" in err


def test_a_removed_entry_is_named_by_the_gap_it_leaves(entries, capsys):
    JournalEntry.objects.filter(pk=entries[1].pk).delete()
    err = run_verify(capsys)
    assert [b.entry_id for b in verify()] == [entries[2].pk]
    assert f"Entrée n° {entries[2].pk}" in err
    assert f"après n° {entries[0].pk}, a été supprimée" in err


def test_removing_the_first_entry_is_found(entries, capsys):
    JournalEntry.objects.filter(pk=entries[0].pk).delete()
    err = run_verify(capsys)
    assert [b.entry_id for b in verify()] == [entries[1].pk]
    assert "après le début du journal, a été supprimée" in err


def test_an_entry_inserted_at_the_end_is_named(entries, personas, capsys):
    forged = JournalEntry(
        collectivite=personas.commune,
        at=entries[1].at,
        action="test.forged",
        previous_hash=entries[1].hash,
    )
    forged.hash = forged.compute_hash()
    forged.save()
    err = run_verify(capsys)
    assert [b.entry_id for b in verify()] == [forged.pk]
    assert f"Entrée n° {forged.pk} (test.forged" in err
    assert f"elle suit l'entrée n° {entries[1].pk} et non l'entrée précédente" in err


def test_an_entry_inserted_between_two_is_found_where_it_was_put(
    entries, personas, capsys
):
    """Rows numbered with a gap (a rolled-back transaction leaves one):
    a forger fills the gap with an entry that chains to the one before."""
    JournalEntry.objects.filter(pk__in=[e.pk for e in entries[2:4]]).delete()
    gap = entries[1].pk + 5
    for moved, entry in enumerate(entries[2:4], start=1):
        entry.pk = gap + moved
        entry.save()
    forged = JournalEntry(
        id=gap,
        collectivite=personas.commune,
        at=entries[1].at,
        action="test.forged",
        previous_hash=entries[1].hash,
    )
    forged.hash = forged.compute_hash()
    forged.save()
    err = run_verify(capsys)
    assert [b.entry_id for b in verify()] == [entries[2].pk]
    assert f"elle suit l'entrée n° {entries[1].pk} et non l'entrée précédente" in err
    assert f"(n° {gap})" in err


def test_each_collectivite_has_its_own_chain(entries):
    other = entries[-1]
    assert other.previous_hash == "0" * 64
    assert entries[1].previous_hash == entries[0].hash
